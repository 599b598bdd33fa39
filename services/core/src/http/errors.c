#include "http/errors.h"

#include <stdlib.h>
#include <string.h>
#include "parley/err.h"

#define MESSAGE_MAX 2048 /* a rendered message: the longest template plus its parameter values */
#define NO_VALUE "<no value>"

static int by_id(const void *key, const void *entry)
{
    return strcmp(key, ((const http_error_entry_t *)entry)->id);
}

const http_error_entry_t *http_errors_lookup(const char *id)
{
    if (id == NULL)
        return NULL;
    return bsearch(id, http_errors_catalog, http_errors_catalog_len, sizeof(http_errors_catalog[0]), by_id);
}

const char *http_errors_message(const char *id)
{
    const http_error_entry_t *e = http_errors_lookup(id);
    return e ? e->message : id;
}

static const char *param_value(const http_error_param_t *params, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (params[i].name && strlen(params[i].name) == len && memcmp(params[i].name, name, len) == 0)
            return params[i].value ? params[i].value : NO_VALUE;
    }
    return NO_VALUE;
}

/* p points at "{{": the length of a "{{.Name}}" / "{{ .Name }}" placeholder (name and its length set), or 0. */
static size_t placeholder(const char *p, const char **name, size_t *len)
{
    const char *q = p + 2;
    while (*q == ' ')
        q++;
    if (*q++ != '.')
        return 0;
    *name = q;
    while ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_')
        q++;
    *len = (size_t)(q - *name);
    while (*q == ' ')
        q++;
    if (*len == 0 || q[0] != '}' || q[1] != '}')
        return 0;
    return (size_t)(q + 2 - p);
}

int http_errors_format(pl_buf_t *out, const char *tmpl, const http_error_param_t *params, size_t n)
{
    int rc = PL_OK;
    const char *p = tmpl ? tmpl : "";
    while (rc == PL_OK && *p) {
        const char *open = strstr(p, "{{");
        const char *name = NULL;
        size_t len = 0, skip = open ? placeholder(open, &name, &len) : 0;
        const char *end = open ? open + (skip ? 0 : 2) : p + strlen(p);
        rc = pl_buf_append(out, p, (size_t)(end - p));
        if (rc == PL_OK && skip)
            rc = pl_buf_puts(out, param_value(params, n, name, len));
        p = end + skip;
    }
    return rc;
}

static int put_field(pl_buf_t *out, const char *name, const char *value, int first)
{
    int rc = pl_buf_appendf(out, "%s\"%s\":\"", first ? "" : ",", name);
    if (rc == PL_OK)
        rc = pl_buf_append_json_escaped(out, value ? value : "", value ? strlen(value) : 0);
    if (rc == PL_OK)
        rc = pl_buf_puts(out, "\"");
    return rc;
}

int http_errors_render(pl_buf_t *out, int status, const char *id, const char *message, const char *detail, const char *request_id)
{
    int rc = pl_buf_puts(out, "{");
    if (rc == PL_OK)
        rc = put_field(out, "id", id, 1);
    if (rc == PL_OK)
        rc = put_field(out, "message", message, 0);
    if (rc == PL_OK)
        rc = put_field(out, "detailed_error", detail, 0);
    if (rc == PL_OK)
        rc = put_field(out, "request_id", request_id, 0);
    if (rc == PL_OK)
        rc = pl_buf_appendf(out, ",\"status_code\":%d}", status);
    return rc;
}

int http_errors_render_app_error(pl_buf_t *out, int status, const char *id, const http_error_param_t *params, size_t n,
                                 const char *detail, const char *request_id)
{
    const http_error_entry_t *e = http_errors_lookup(id);
    http_error_param_t from_detail;
    pl_buf_t msg;
    int rc;
    if (e && e->detail_param && n == 0 && detail && detail[0]) {
        from_detail = (http_error_param_t){e->detail_param, detail};
        params = &from_detail;
        n = 1;
        detail = "";
    }
    pl_buf_init(&msg, MESSAGE_MAX);
    rc = http_errors_format(&msg, e ? e->message : id, params, n);
    if (rc == PL_OK)
        rc = http_errors_render(out, status, id, msg.data ? msg.data : "", detail, request_id);
    pl_buf_dispose(&msg);
    return rc;
}
