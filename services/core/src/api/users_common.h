#ifndef PARLEY_CORE_API_USERS_COMMON_H
#define PARLEY_CORE_API_USERS_COMMON_H

/* Helpers and handlers shared by the accounts API files (owner: accounts; internal to api/). */

#include <jansson.h>

#include "api/api.h"
#include "app/sessions.h"

/** The session the authenticator attached (routes with HTTP_ROUTE_AUTH_REQUIRED: never NULL). */
app_session_t *api_accounts_session(http_request_t *r);
/** The authenticated user's row, read with the session (NULL when anonymous). */
struct model_user;
const struct model_user *api_accounts_session_user(http_request_t *r);
/** Path {user_id}, "me" resolved; NULL after answering 400 api.context.invalid_url_param.app_error. */
const char *api_accounts_user_id(http_request_t *r);
/** Answer: rc 0 -> status + out (stolen), else the AppError. */
int api_accounts_answer(http_request_t *r, int rc, int status, json_t *out, const app_error_t *e);
/** Answer: rc 0 -> {"status":"OK"}, else the AppError. */
int api_accounts_answer_ok(http_request_t *r, int rc, const app_error_t *e);
/** page/per_page (default 60, max 200) as offset/limit. */
void api_accounts_paging(http_request_t *r, int64_t *offset, int64_t *limit);

/**
 * On a loop thread (no database): GET /users/{user_id} for the caller themself ("me" or their id),
 * from the session cache only (cookie, Bearer or Token; a GET, so no CSRF check applies).
 * @return 1 with the body in *json and *len (request memory) when the session is cached and no activity
 * write is due; 0 otherwise: hand the request to a worker, whose handler starts with
 * api_accounts_auth_on_worker.
 */
int api_accounts_self_cached(http_request_t *r, const char *user_id, const char **json, size_t *len);
/** On a worker, for a route flagged HTTP_ROUTE_NO_AUTH that authenticates itself: run the
 *  authenticator; @return 1 when it answered (401 api.context.session_expired.app_error without a session). */
int api_accounts_auth_on_worker(http_request_t *r);

/** Install the authenticator hook (session lookup from app/sessions) and the accounts error texts. */
void api_accounts_auth_install(void);

/* Handlers implemented in users_login.c / users_sessions.c. */
int api_users_login(http_request_t *r);
int api_users_logout(http_request_t *r);
int api_users_sessions_get(http_request_t *r);
int api_users_sessions_revoke(http_request_t *r);
int api_users_sessions_revoke_all(http_request_t *r);
int api_users_sessions_device(http_request_t *r);

#endif
