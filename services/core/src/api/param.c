#include "api/param.h"

#include <stdlib.h>
#include <string.h>

#include "api/session.h"
#include "parley/id.h"

const char *api_param_user_id(http_request_t *r)
{
    const char *id = http_request_param(r, "user_id");
    app_session_t *s = api_session(r);
    if (id && strcmp(id, "me") == 0 && s)
        return s->user_id;
    if (!id || !pl_id_valid(id, strlen(id)))
        return NULL;
    return id;
}

int api_param_format_old(http_request_t *r, const char *missing_id)
{
    const char *format = http_request_query(r, "format");
    if (format == NULL || format[0] == '\0') {
        http_respond_error(r, 501, missing_id, NULL);
        return -1;
    }
    if (strcmp(format, "old") != 0) {
        http_respond_error(r, 400, "api.context.invalid_url_param.app_error", "format");
        return -1;
    }
    return 0;
}

void api_param_paging(http_request_t *r, int64_t *offset, int64_t *limit)
{
    int64_t page = http_request_query_int(r, "page", 0, 0, 1000000);
    *limit = http_request_query_int(r, "per_page", 60, 1, 200);
    *offset = page * *limit;
}

int api_param_count(const char *text, const char *name, const char *error_id, int64_t *out, app_error_t *e)
{
    char *end = NULL;
    *out = 0;
    if (text == NULL || text[0] == '\0')
        return 0;
    *out = strtoll(text, &end, 10);
    if (*end != '\0' || *out < 0 || text[0] == '+' || text[0] == ' ')
        return app_error_set(e, 400, error_id, name);
    return 0;
}
