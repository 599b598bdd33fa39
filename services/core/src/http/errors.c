#include "http/errors.h"

#include <string.h>
#include "parley/err.h"

/* Texts of the ids the skeleton itself emits (English, as Mattermost's en.json). */
static const http_error_text_t core_texts[] = {
    {"api.context.404.app_error", "Sorry, we could not find the page."},
    {"api.context.405.app_error", "Method not allowed."},
    {"basic_security_check.url.too_long_error", "URL is too long."},
    {"api.context.request_body_too_large.app_error", "The request body is too large. Please reduce the size of your request."},
    {"api.context.invalid_body_param.app_error", "Invalid or missing {{.Name}} in request body."},
    {"api.context.invalid_url_param.app_error", "Invalid or missing {{.Name}} parameter in request URL."},
    {"api.context.session_expired.app_error", "Invalid or expired session, please login again."},
    {"api.context.server_busy.app_error", "Server is busy, non-critical services are temporarily unavailable."},
    {"api.context.permissions.app_error", "You do not have the appropriate permissions."},
    {"api.context.internal.app_error", "An internal error occurred."},
    {"api.context.shutting_down.app_error", "The server is shutting down."},
    {"api.config.client.old_format.app_error", "New format for the client configuration is not supported yet."},
    {"api.context.invalid_param.app_error", "Invalid {{.Name}} parameter."},
    {"api.license.client.old_format.app_error", "New format for the client license is not supported yet."},
};

#define MAX_TABLES 32

static struct {
    const http_error_text_t *t;
    size_t n;
} tables[MAX_TABLES] = {{core_texts, sizeof(core_texts) / sizeof(core_texts[0])}};
static size_t ntables = 1;

void http_errors_register(const http_error_text_t *texts, size_t n)
{
    if (ntables == MAX_TABLES)
        return;
    tables[ntables].t = texts;
    tables[ntables].n = n;
    ntables++;
}

const char *http_errors_message(const char *id)
{
    for (size_t i = 0; i < ntables; i++) {
        for (size_t j = 0; j < tables[i].n; j++) {
            if (strcmp(tables[i].t[j].id, id) == 0)
                return tables[i].t[j].message;
        }
    }
    return id;
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
