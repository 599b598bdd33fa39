#ifndef PARLEY_CORE_HTTP_AUTH_H
#define PARLEY_CORE_HTTP_AUTH_H

/*
 * Request authentication (owner: accounts): where the token comes from and the CSRF rule, as
 * Mattermost's app/authentication.go ParseAuthTokenFromRequest and web/handlers.go checkCSRFToken.
 * http/ knows no sessions: the lookup is a function pointer installed by api/ (http_auth_set_ops);
 * http_auth_authenticate is the hook given to http_server_set_authenticator.
 */

#include <stdbool.h>
#include <stddef.h>

struct http_request;

typedef enum {
    HTTP_AUTH_NONE = 0,
    HTTP_AUTH_COOKIE, /* MMAUTHTOKEN cookie: CSRF applies */
    HTTP_AUTH_BEARER, /* Authorization: Bearer <t> (any case) */
    HTTP_AUTH_TOKEN,  /* Authorization: Token <t> (OAuth style) */
    HTTP_AUTH_QUERY,  /* ?access_token=<t>: OAuth sessions only */
} http_auth_location_t;

#define HTTP_AUTH_TOKEN_MAX 64

/**
 * Pick the token: cookie > "Authorization: Bearer" > "Authorization: Token" > access_token query.
 * Any argument may be NULL. out (size HTTP_AUTH_TOKEN_MAX + 1) receives it (trimmed).
 * @return where it came from, or HTTP_AUTH_NONE (also for an over-long or empty token).
 */
http_auth_location_t http_auth_token_parse(const char *cookie, const char *authorization, size_t authorization_len,
                                           const char *query, char *out);

typedef enum {
    HTTP_CSRF_NOT_CHECKED = 0, /* not a cookie request, a GET, or a trusted route */
    HTTP_CSRF_OK,              /* X-CSRF-Token equals the session's token */
    HTTP_CSRF_OK_LEGACY,       /* X-Requested-With: XMLHttpRequest accepted (not strict) */
    HTTP_CSRF_FAILED,
} http_csrf_result_t;

/**
 * The CSRF rule: checked only for cookie tokens on non-GET routes that do not trust the requester.
 * header_token: X-CSRF-Token (may be NULL); requested_with: X-Requested-With (may be NULL).
 */
http_csrf_result_t http_auth_csrf_check(const char *method, http_auth_location_t loc, bool trust_requester,
                                        const char *header_token, size_t header_len, const char *requested_with,
                                        size_t requested_with_len, const char *session_csrf, bool strict);

typedef struct http_auth_ops {
    /**
     * Find the session for token; on success set *session (request-pool memory) and *csrf.
     * @return PL_OK (found), PL_ENOTFOUND (no such, expired or revoked session: the request is
     *         anonymous and a cookie token is cleared) or PL_EAGAIN (the store is unavailable: 503
     *         api.context.server_busy.app_error, the cookie is kept).
     */
    int (*lookup)(struct http_request *r, const char *token, void **session, const char **csrf);
    /** Record activity on a found session (may be NULL). */
    void (*touch)(struct http_request *r, void *session);
    /** ServiceSettings.ExperimentalStrictCSRFEnforcement. */
    bool strict_csrf;
} http_auth_ops_t;

/** Install the lookup (before the server starts; ops is copied). */
void http_auth_set_ops(const http_auth_ops_t *ops);

/**
 * The authenticator hook (see server.h). On a worker: parse the token, look the session up, check
 * CSRF (401 api.context.session_expired.app_error on failure), refuse query tokens (401
 * api.context.token_provided.app_error, no OAuth sessions exist), and clear the MMAUTHTOKEN cookie
 * of a cookie token that is no longer valid. When the store is unavailable it answers 503
 * api.context.server_busy.app_error and leaves the cookie alone. On a loop thread (no database) the request stays
 * anonymous. @return 0 to continue, 1 when it answered.
 */
int http_auth_authenticate(struct http_request *r);

#endif
