#include <stdio.h>
#include <string.h>
#include "http/errors.h"
#include "http/internal.h"
#include "parley/err.h"
#include "parley/id.h"
#include "parley/log.h"

/*
 * Writing responses on the loop thread: status, the headers every response carries
 * (web/handlers.go ServeHTTP), the handler's headers and the body from the request pool.
 * Also a filter on h2o's fallback path: errors h2o produces by itself before any handler
 * (413 for a body over the hard cap, 400 for a broken request) are rewritten as AppErrors.
 */

typedef struct rewrite_ostream {
    h2o_ostream_t super;
    h2o_iovec_t body;
} rewrite_ostream_t;

static const char *reason_of(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Request Entity Too Large";
    case 414:
        return "URI Too Long";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

static void add_header(h2o_req_t *req, const char *name, size_t nlen, const char *value, size_t vlen)
{
    h2o_add_header_by_str(&req->pool, &req->res.headers, name, nlen, 1, NULL, value, vlen);
}

void http_send_common_headers(h2o_req_t *req, const char *request_id, int api)
{
    add_header(req, H2O_STRLIT("x-request-id"), request_id, strlen(request_id));
    if (http_g.cfg.version_id != NULL)
        add_header(req, H2O_STRLIT("x-version-id"), http_g.cfg.version_id, strlen(http_g.cfg.version_id));
    add_header(req, H2O_STRLIT("x-content-type-options"), H2O_STRLIT("nosniff"));
    add_header(req, H2O_STRLIT("referrer-policy"), H2O_STRLIT("no-referrer"));
    if (api && h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")))
        add_header(req, H2O_STRLIT("expires"), H2O_STRLIT("0"));
}

static void log_access(const http_request_t *r)
{
    char status[16], micros[32];
    snprintf(status, sizeof(status), "%d", r->status);
    snprintf(micros, sizeof(micros), "%lld", (long long)((http_mono_ns() - r->start_mono_ns) / 1000));
    PL_LOG_DEBUG("http request", "request_id", r->request_id, "method", r->method.base, "path", r->path.base, "status", status,
                 "duration_us", micros, "remote_addr", r->remote_addr);
}

void http_send_response(http_request_t *r, h2o_req_t *req)
{
    static h2o_generator_t generator = {NULL, NULL};
    int api = r->route == NULL || (r->route->flags & HTTP_ROUTE_RAW) == 0;
    req->res.status = r->status;
    req->res.reason = reason_of(r->status);
    if (r->resp_content_type != NULL)
        add_header(req, H2O_STRLIT("content-type"), r->resp_content_type, strlen(r->resp_content_type));
    http_send_common_headers(req, r->request_id, api);
    for (size_t i = 0; i < r->resp_nheaders; i++) {
        http_kv_t *h = &r->resp_headers[i];
        add_header(req, h->name.base, h->name.len, h->value.base, h->value.len);
    }
    req->res.content_length = r->resp_body.len;
    http_metrics_observe(r, r->status);
    if (pl_log_enabled(PL_LOG_DEBUG))
        log_access(r);
    h2o_start_response(req, &generator);
    h2o_send(req, &r->resp_body, 1, H2O_SEND_STATE_FINAL);
}

static void rewrite_do_send(h2o_ostream_t *self, h2o_req_t *req, h2o_iovec_t *bufs, size_t bufcnt, h2o_send_state_t state)
{
    rewrite_ostream_t *os = (rewrite_ostream_t *)self;
    (void)bufs;
    (void)bufcnt;
    if (h2o_send_state_is_in_progress(state)) {
        h2o_ostream_send_next(self, req, NULL, 0, state);
        return;
    }
    h2o_ostream_send_next(self, req, &os->body, 1, state);
}

/* {{.Name}} of api.context.invalid_body_param.app_error when h2o itself refuses a malformed request. */
static const http_error_param_t REQUEST_PARAM = {"Name", "request"};

static const char *error_id_of(int status)
{
    switch (status) {
    case 413:
        return "api.context.request_body_too_large.app_error";
    case 404:
        return "api.context.404.app_error";
    case 400:
        return "api.context.invalid_body_param.app_error";
    default:
        return "api.context.internal.app_error";
    }
}

static void on_setup_ostream(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot)
{
    (void)self;
    char *request_id;
    pl_buf_t buf;
    if (req->res.status < 400) {
        h2o_setup_next_ostream(req, slot);
        return;
    }
    request_id = h2o_mem_alloc_pool(&req->pool, PL_ID_LEN + 1); /* headers keep pointers: pool memory */
    pl_id_new(request_id);
    pl_buf_init(&buf, 4096);
    const char *id = error_id_of(req->res.status);
    http_errors_render_app_error(&buf, req->res.status, id, &REQUEST_PARAM, 1, "", request_id);
    rewrite_ostream_t *os = (rewrite_ostream_t *)h2o_add_ostream(req, sizeof(*os), slot);
    os->super.do_send = rewrite_do_send;
    os->body = h2o_strdup(&req->pool, buf.data ? buf.data : "", buf.len);
    pl_buf_dispose(&buf);
    h2o_set_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, H2O_STRLIT("application/json"), 1);
    http_send_common_headers(req, request_id, 1);
    req->res.content_length = os->body.len;
    slot = &os->super.next;
    h2o_setup_next_ostream(req, slot);
}

void http_send_register_error_filter(h2o_hostconf_t *hostconf)
{
    h2o_filter_t *f = h2o_create_filter(&hostconf->fallback_path, sizeof(*f));
    f->on_setup_ostream = on_setup_ostream;
}
