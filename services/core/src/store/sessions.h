#ifndef PARLEY_CORE_STORE_SESSIONS_H
#define PARLEY_CORE_STORE_SESSIONS_H

/* The sessions table (owner: accounts). Functions return STORE_OK or STORE_E* (store/db.h). */

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/session.h"
#include "model/user.h"

typedef struct store_session_list {
    model_session_t *items;
    size_t n;
} store_session_list_t;

void store_sessions_list_dispose(store_session_list_t *l);

int store_sessions_insert(PGconn *db, const model_session_t *s);
/**
 * The live session for token: not expired at now_ms, user active. roles and user_is_bot come
 * from the users row. @return STORE_OK, STORE_ENOTFOUND or another STORE_E*.
 */
int store_sessions_lookup(PGconn *db, const char *token, int64_t now_ms, model_session_t *out);
/**
 * The same, also filling the session's user (model_user_init'ed) from the same row: one prepared
 * statement per authenticated request.
 */
int store_sessions_lookup_with_user(PGconn *db, const char *token, int64_t now_ms, model_session_t *out, model_user_t *user);
/** Sessions of a user (not expired), newest first. */
int store_sessions_list(PGconn *db, const char *user_id, int64_t now_ms, store_session_list_t *out);
/** Delete session id (of user_id when not NULL). @return STORE_OK or STORE_ENOTFOUND. */
int store_sessions_delete(PGconn *db, const char *id, const char *user_id);
int store_sessions_delete_by_user(PGconn *db, const char *user_id);
/** Called with the id of each deleted session (to close its WebSockets). May be NULL. */
typedef void (*store_session_deleted_fn)(const char *session_id);
/** Delete the sessions of a personal access token. */
int store_sessions_delete_by_token_id(PGconn *db, const char *token_id, store_session_deleted_fn deleted);
/** Delete every other session carrying device_id (except keep_id). */
int store_sessions_delete_by_device(PGconn *db, const char *device_id, const char *keep_id, store_session_deleted_fn deleted);
int store_sessions_set_device(PGconn *db, const char *id, const char *device_id, int64_t expires_at);
/** Activity: last_activity_at = now; expires_at = new_expires when new_expires > 0. */
int store_sessions_touch(PGconn *db, const char *id, int64_t now_ms, int64_t new_expires);

#endif
