#ifndef PARLEY_CORE_API_SESSION_H
#define PARLEY_CORE_API_SESSION_H

/* The request's session: the authenticator hook that finds it (app/sessions), and accessors. */

#include <stdbool.h>

#include "app/sessions.h"
#include "http/request.h"

struct model_user;

/** Install the authenticator hook (session lookup and activity touch through app/sessions). Before the server starts. */
void api_session_install(void);
/**
 * On a loop thread (no database): is this GET for the caller themself ("me" or their id) with a
 * session in the cache (cookie, Bearer or Token; not the query string) and no activity write due?
 * @return 1 with their GET /users/me body in *json and *len (request memory), else 0.
 */
int api_session_self_cached(http_request_t *r, const char *user_id, const char **json, size_t *len);
/**
 * On a loop thread (no database): the caller's user id in out when the request's session is in the
 * cache with no activity write due and user_id is "me" or the caller. write: the request changes
 * something, so a cookie-authenticated one is left to the full path (CSRF). @return 1, else 0.
 */
int api_session_cached_caller(http_request_t *r, const char *user_id, bool write, char out[APP_SESSION_ID_LEN + 1]);
/** The session the authenticator attached (never NULL on HTTP_ROUTE_AUTH_SESSION routes). */
app_session_t *api_session(http_request_t *r);
/** The session's user row, read in the same query as the session (NULL when anonymous). */
const struct model_user *api_session_user(http_request_t *r);

#endif
