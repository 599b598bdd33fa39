#include "http/request.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http/errors.h"
#include "http/internal.h"
#include "parley/err.h"
#include "parley/log.h"

/* Setting the response of a request: raw and JSON bodies, {"status":"OK"}, AppErrors, extra headers. */

#define MAX_DETAIL 1024
#define MAX_ERROR_BODY 8192

void http_respond_raw(http_request_t *r, int status, const char *content_type, const void *body, size_t len)
{
    char *p = h2o_mem_alloc_pool(&r->pool, len + 1);
    if (len > 0)
        memcpy(p, body, len);
    p[len] = '\0';
    r->status = status;
    r->resp_body = h2o_iovec_init(p, len);
    r->resp_content_type = content_type;
}

void http_respond_json(http_request_t *r, int status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(body);
    if (s == NULL) {
        http_respond_error(r, 500, "api.context.internal.app_error", "JSON encoding failed");
        return;
    }
    http_respond_raw(r, status, "application/json", s, strlen(s));
    free(s);
}

void http_respond_ok(http_request_t *r)
{
    static const char ok[] = "{\"status\":\"OK\"}";
    http_respond_raw(r, 200, "application/json", ok, sizeof(ok) - 1);
}

static void respond_error(http_request_t *r, int status, const char *id, const http_error_param_t *params, size_t n,
                          const char *detail_fmt, va_list ap)
{
    char detail[MAX_DETAIL] = "";
    pl_buf_t buf;
    if (detail_fmt != NULL)
        vsnprintf(detail, sizeof(detail), detail_fmt, ap);
    if (status >= 500) {
        char st[16];
        snprintf(st, sizeof(st), "%d", status);
        PL_LOG_ERROR("request failed", "request_id", r->request_id, "error_id", id, "status", st, "detail", detail, "path",
                     r->path.base ? r->path.base : "");
        if (!http_g.cfg.developer)
            detail[0] = '\0';
    }
    pl_buf_init(&buf, MAX_ERROR_BODY);
    if (http_errors_render_app_error(&buf, status, id, params, n, detail, r->request_id) != PL_OK) {
        pl_buf_reset(&buf);
        http_errors_render(&buf, status, id, "", "", r->request_id);
    }
    http_respond_raw(r, status, "application/json", buf.data ? buf.data : "", buf.len);
    pl_buf_dispose(&buf);
}

void http_respond_error(http_request_t *r, int status, const char *id, const char *detail_fmt, ...)
{
    va_list ap;
    va_start(ap, detail_fmt);
    respond_error(r, status, id, NULL, 0, detail_fmt, ap);
    va_end(ap);
}

void http_respond_error_params(http_request_t *r, int status, const char *id, const http_error_param_t *params, size_t n,
                               const char *detail_fmt, ...)
{
    va_list ap;
    va_start(ap, detail_fmt);
    respond_error(r, status, id, params, n, detail_fmt, ap);
    va_end(ap);
}

void http_response_header_add(http_request_t *r, const char *name, const char *value)
{
    if (r->resp_nheaders == r->resp_capheaders) {
        size_t cap = r->resp_capheaders ? r->resp_capheaders * 2 : 8;
        http_kv_t *h = h2o_mem_alloc_pool(&r->pool, cap * sizeof(*h));
        if (r->resp_nheaders > 0)
            memcpy(h, r->resp_headers, r->resp_nheaders * sizeof(*h));
        r->resp_headers = h;
        r->resp_capheaders = cap;
    }
    http_kv_t *kv = &r->resp_headers[r->resp_nheaders++];
    kv->name = h2o_iovec_init(http_request_strdup(r, name, SIZE_MAX), strlen(name));
    kv->value = h2o_iovec_init(http_request_strdup(r, value, SIZE_MAX), strlen(value));
}
