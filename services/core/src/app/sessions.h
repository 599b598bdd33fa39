#ifndef PARLEY_CORE_APP_SESSIONS_H
#define PARLEY_CORE_APP_SESSIONS_H

/*
 * Sessions (owner: accounts). A session is a row in the Sessions table, found by its token.
 * Found sessions (with their user row) are kept in the session cache (app/session_cache.h,
 * ServiceSettings.SessionCacheInMinutes); a miss reads PostgreSQL (one indexed query joining
 * Users). Every write of the session or its user drops the cached copy on every node
 * (app/cache_sync.h), so a revoked session, a revoked/disabled personal access token or a
 * deactivated user fails at once on this node and as soon as the cluster bus delivers on others.
 *
 * Token kinds:
 *  - login sessions (POST /users/login): expire after SessionLength{Web,Mobile}InHours, extended on
 *    activity when ServiceSettings.ExtendSessionLengthWithActivity is true;
 *  - personal access token sessions (props.type = "UserAccessToken"): valid while the token is
 *    active, the user is active and, for non-bots, ServiceSettings.EnableUserAccessTokens is true.
 *
 * All functions block on libpq: call them on a worker thread, with that worker's connection.
 */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#define APP_SESSION_ID_LEN 26
#define APP_SESSION_ROLES_MAX 256
#define APP_SESSION_DEVICE_MAX 512
#define APP_SESSION_USERNAME_MAX 64

typedef enum {
    APP_SESSION_LOGIN = 0, /* password login */
    APP_SESSION_PAT = 1,   /* personal access token (also every bot token) */
} app_session_kind_t;

typedef struct app_session {
    char id[APP_SESSION_ID_LEN + 1];
    char user_id[APP_SESSION_ID_LEN + 1];
    char csrf[APP_SESSION_ID_LEN + 1];           /* props.csrf; "" for PAT sessions */
    char roles[APP_SESSION_ROLES_MAX + 1];       /* the user's current system roles, space-separated */
    char username[APP_SESSION_USERNAME_MAX + 1]; /* the user's current username ("" when not read with the session) */
    char device_id[APP_SESSION_DEVICE_MAX + 1];
    char token_id[APP_SESSION_ID_LEN + 1]; /* PAT sessions: the UserAccessTokens id */
    int64_t create_at;
    int64_t expires_at; /* ms; 0 = never */
    int64_t last_activity_at;
    app_session_kind_t kind;
    bool is_bot;
    bool is_guest;
    bool is_mobile;
} app_session_t;

/**
 * Find the live session for token (26 characters).
 * @return PL_OK and *out filled; PL_ENOTFOUND when the token is malformed, unknown, expired,
 *         revoked, its personal access token disabled (or PATs disabled for a non-bot), or its user
 *         deactivated; PL_EAGAIN when the store could not answer (unavailable, timed out, failed):
 *         the session may be valid, so the caller must not treat it as logged out (503).
 */
int app_sessions_lookup(PGconn *db, const char *token, app_session_t *out);

/**
 * app_sessions_lookup that also returns the session's user row (read in the same query; user must
 * be model_user_init'ed, the caller disposes it). Used by the REST authenticator.
 */
struct model_user;
int app_sessions_lookup_user(PGconn *db, const char *token, app_session_t *out, struct model_user *user);

/**
 * The session for token from the cache only (no database: usable on a loop thread); user as in
 * app_sessions_lookup_user (may be NULL). @return PL_OK; PL_ENOTFOUND when it is not cached (or
 * not allowed): ask app_sessions_lookup_user on a worker; PL_EINVAL for a malformed token.
 */
int app_sessions_cached(const char *token, app_session_t *out, struct model_user *user);

/**
 * app_sessions_cached, and instead of the user row its GET /users/me body (serialized when it was
 * cached; *json = copy(ctx, body, *len), see app/session_cache.h). Same returns.
 */
typedef char *(*app_sessions_copy_fn)(void *ctx, const char *p, size_t n); /* copy n bytes of p; @return the copy */
int app_sessions_cached_self(const char *token, app_session_t *out, app_sessions_copy_fn copy, void *ctx, const char **json,
                             size_t *len);

/** @return 1 when the session has one of the space-separated roles (e.g. "system_admin"). */
int app_sessions_has_role(const app_session_t *s, const char *role);

/** @return true when app_sessions_touch would write (the last write is 5 minutes old). */
bool app_sessions_touch_due(const app_session_t *s);

/**
 * Record activity: bumps last_activity_at (at most once every 5 minutes) and, when
 * ExtendSessionLengthWithActivity is on, pushes expires_at forward (login sessions only).
 * @return PL_OK or PL_EIO.
 */
int app_sessions_touch(PGconn *db, app_session_t *s);

/** A session was deleted: close its WebSockets (on every node). */
void app_sessions_closed(const char *session_id);

/** Revoke one session by id (idempotent). @return PL_OK, PL_ENOTFOUND or PL_EIO. */
int app_sessions_revoke(PGconn *db, const char *session_id);

/* ---- used by the accounts API (login, session management) ---- */

#include <jansson.h>
#include "app/app_error.h"

/**
 * Create a login session for user_id. device_id non-empty (or mobile) selects
 * SessionLengthMobileInHours and revokes other sessions with the same device_id.
 * token_out receives the new 26-character token. @return 0, or -1 with e set.
 */
int app_sessions_create_login(PGconn *db, const char *user_id, const char *device_id, bool mobile, bool is_guest,
                              const char *user_agent, char token_out[APP_SESSION_ID_LEN + 1], app_session_t *out, app_error_t *e);
/** GET /users/{id}/sessions: *out = JSON array of Session (tokens blanked). */
int app_sessions_list(PGconn *db, const app_session_t *viewer, const char *user_id, json_t **out, app_error_t *e);
/** POST /users/{id}/sessions/revoke {session_id}. */
int app_sessions_revoke_for_user(PGconn *db, const app_session_t *viewer, const char *user_id, const char *session_id,
                                 app_error_t *e);
/** POST /users/{id}/sessions/revoke/all. */
int app_sessions_revoke_all(PGconn *db, const app_session_t *viewer, const char *user_id, app_error_t *e);
/** PUT /users/sessions/device {device_id}: attach, switch to the mobile length, revoke others with it. */
int app_sessions_attach_device(PGconn *db, app_session_t *s, const char *device_id, app_error_t *e);

#endif
