#include "api/session.h"

#include <string.h>

#include "app/cache_sync.h"
#include "app/components.h"
#include "http/auth.h"
#include "http/server.h"
#include "model/config.h"
#include "model/user.h"
#include "parley/err.h"

app_session_t *api_session(http_request_t *r)
{
    return (app_session_t *)r->session;
}

const model_user_t *api_session_user(http_request_t *r)
{
    return r->session ? r->auth_data : NULL;
}

static void user_dispose(void *p)
{
    model_user_dispose(p);
}

/* The session and its user come from one query; the user rides along in r->auth_data (request
 * memory, released with the request) so GET /users/me needs no second query. */
static int lookup(http_request_t *r, const char *token, void **session, const char **csrf)
{
    app_session_t *s = http_request_alloc(r, sizeof(*s));
    model_user_t *u = http_request_alloc_with_dispose(r, sizeof(*u), user_dispose);
    model_user_init(u);
    int rc = app_sessions_lookup_user(r->db, token, s, u);
    if (rc != PL_OK)
        return rc; /* PL_ENOTFOUND or PL_EAGAIN (http/auth.h) */
    *session = s;
    *csrf = s->csrf;
    r->auth_data = u;
    return PL_OK;
}

static void touch(http_request_t *r, void *session)
{
    app_sessions_touch(r->db, session);
}

static char *pool_copy(void *ctx, const char *p, size_t n)
{
    return http_request_strdup(ctx, p, n);
}

int api_session_self_cached(http_request_t *r, const char *user_id, const char **json, size_t *len)
{
    char token[HTTP_AUTH_TOKEN_MAX + 1];
    app_session_t s;
    h2o_iovec_t authz = http_request_header(r, "authorization");
    http_auth_location_t loc = http_auth_token_parse(http_request_cookie(r, "MMAUTHTOKEN"), authz.base, authz.len,
                                                     http_request_query(r, "access_token"), token);
    if (loc == HTTP_AUTH_NONE || loc == HTTP_AUTH_QUERY)
        return 0;
    if (app_sessions_cached_self(token, &s, pool_copy, r, json, len) != PL_OK || app_sessions_touch_due(&s))
        return 0;
    return strcmp(user_id, "me") == 0 || strcmp(user_id, s.user_id) == 0;
}

int api_session_cached_caller(http_request_t *r, const char *user_id, bool write, char out[APP_SESSION_ID_LEN + 1])
{
    char token[HTTP_AUTH_TOKEN_MAX + 1];
    app_session_t s;
    h2o_iovec_t authz = http_request_header(r, "authorization");
    http_auth_location_t loc = http_auth_token_parse(http_request_cookie(r, "MMAUTHTOKEN"), authz.base, authz.len,
                                                     http_request_query(r, "access_token"), token);
    if (loc == HTTP_AUTH_NONE || loc == HTTP_AUTH_QUERY || (write && loc == HTTP_AUTH_COOKIE))
        return 0; /* a cookie on a write needs the CSRF check of the full path */
    if (user_id == NULL || app_sessions_cached(token, &s, NULL) != PL_OK || app_sessions_touch_due(&s))
        return 0;
    if (strcmp(user_id, "me") != 0 && strcmp(user_id, s.user_id) != 0)
        return 0;
    memcpy(out, s.user_id, sizeof(s.user_id));
    return 1;
}

static int cache_start(void *arg)
{
    (void)arg;
    return PL_OK;
}

static void cache_stop(void *arg)
{
    (void)arg;
    app_cache_sync_dispose();
}

void api_session_install(void)
{
    http_auth_ops_t ops = {lookup, touch, model_config_get()->service.experimental_strict_csrf_enforcement};
    http_auth_set_ops(&ops);
    http_server_set_authenticator(http_auth_authenticate);
    app_cache_sync_install();
    app_component_t comp = {"session_cache", cache_start, cache_stop, NULL};
    app_components_add(&comp);
}
