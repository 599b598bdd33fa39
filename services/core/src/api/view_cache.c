#include "api/view_cache.h"

#include <string.h>

#include "api/session.h"

static char *pool_copy(void *ctx, const char *p, size_t n)
{
    return http_request_strdup(ctx, p, n);
}

int api_view_cache_serve(http_request_t *r, app_view_kind_t kind, bool with_etag)
{
    const char *uid = http_request_param(r, "user_id");
    return uid ? api_view_cache_serve_scope(r, kind, uid, http_request_param(r, "team_id"), with_etag) : 0;
}

int api_view_cache_serve_scope(http_request_t *r, app_view_kind_t kind, const char *user_id, const char *scope_id, bool with_etag)
{
    char uid[APP_SESSION_ID_LEN + 1], etag[APP_VIEW_CACHE_ETAG_MAX];
    const char *body = NULL;
    size_t len = 0;
    if (scope_id == NULL || !api_session_cached_caller(r, user_id, false, uid))
        return 0;
    if (!app_view_cache_get(kind, uid, scope_id, pool_copy, r, &body, &len, with_etag ? etag : NULL))
        return 0;
    if (!with_etag || etag[0] == '\0') {
        http_respond_raw(r, 200, "application/json", body, len);
        return 1;
    }
    h2o_iovec_t match = http_request_header(r, "if-none-match");
    http_response_header_add(r, "ETag", etag);
    if (match.len == strlen(etag) && memcmp(match.base, etag, match.len) == 0)
        http_respond_raw(r, 304, "application/json", "", 0);
    else
        http_respond_raw(r, 200, "application/json", body, len);
    return 1;
}

void api_view_cache_fill(const app_session_t *s, app_view_kind_t kind, const char *user_id, const char *team_id, uint64_t built,
                         const app_view_deps_t *deps, const char *body, size_t len, const char *etag)
{
    if (s == NULL || user_id == NULL || team_id == NULL || strcmp(s->user_id, user_id) != 0)
        return; /* another user's view is sanitized for its reader: not what the fast path serves */
    app_view_cache_put(kind, user_id, team_id, built, deps, body, len, etag);
}
