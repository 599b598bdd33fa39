#ifndef CORE_APP_USERS_H
#define CORE_APP_USERS_H

/*
 * Users (owner: accounts): creation (first user becomes system_admin; sign-up governed by
 * TeamSettings.EnableUserCreation / EnableOpenServer; admins can always create), lookups, lists,
 * search, autocomplete, profile patch, password change, (de)activation, role changes.
 * Output is always sanitized: never password or mfa_secret; others see no notify_props and, per
 * PrivacySettings, no email / full name unless the viewer has manage_system.
 * Every function runs on a worker (it may hash a password) and returns 0, or -1 with e set.
 */

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/user.h"
#include "store/users.h"

/** Serialize u as viewer may see it (viewer NULL = anonymous, e.g. the sign-up answer for oneself). */
json_t *app_users_to_json(PGconn *db, const app_session_t *viewer, const model_user_t *u);

/** Serialize a list the same way. @return a new array. */
json_t *app_users_list_to_json(PGconn *db, const app_session_t *viewer, const store_user_list_t *l);

/** POST /users. viewer may be NULL (sign-up). *out = the created User (201). */
int app_users_create(PGconn *db, const app_session_t *viewer, const json_t *body, json_t **out, app_error_t *e);

typedef enum { APP_USER_BY_ID, APP_USER_BY_USERNAME, APP_USER_BY_EMAIL } app_user_key_t;
/** GET /users/{id|me}, /users/username/{u}, /users/email/{e}. */
int app_users_get(PGconn *db, const app_session_t *viewer, app_user_key_t key, const char *value, json_t **out, app_error_t *e);
/** Load a user (deactivated ones too); 404 app.user.missing_account.const when absent. u: model_user_init'ed. */
int app_users_load(PGconn *db, const char *user_id, model_user_t *u, app_error_t *e);
/** POST /users/ids (by_username false) and /users/usernames: body is a JSON array of strings. */
int app_users_get_many(PGconn *db, const app_session_t *viewer, const json_t *body, bool by_username, int64_t since, json_t **out,
                       app_error_t *e);
/** GET /users with filters (f->limit/offset already from page/per_page). */
int app_users_list(PGconn *db, const app_session_t *viewer, store_user_filter_t *f, json_t **out, app_error_t *e);
/** GET /users/autocomplete. */
int app_users_autocomplete(PGconn *db, const app_session_t *viewer, const char *in_team, const char *in_channel, const char *name,
                           int64_t limit, json_t **out, app_error_t *e);
/** POST /users/search. */
int app_users_search(PGconn *db, const app_session_t *viewer, const json_t *body, json_t **out, app_error_t *e);

/** PUT /users/{id}/patch. */
int app_users_patch(PGconn *db, const app_session_t *viewer, const char *user_id, const json_t *patch, json_t **out,
                    app_error_t *e);
/** PUT /users/{id}/password {current_password, new_password}. */
int app_users_update_password(PGconn *db, const app_session_t *viewer, const char *user_id, const json_t *body, app_error_t *e);
/** PUT /users/{id}/active {active}. Deactivation revokes every session at once. */
int app_users_set_active(PGconn *db, const app_session_t *viewer, const char *user_id, const json_t *body, app_error_t *e);
/** GET /users/stats: {"total_users_count": active users}. */
int app_users_stats(PGconn *db, json_t **out, app_error_t *e);
/** PUT /users/{id}/roles {roles}: needs manage_roles. */
int app_users_update_roles(PGconn *db, const app_session_t *viewer, const char *user_id, const json_t *body, app_error_t *e);

/** GET /users/{id}/image: a generated PNG avatar. *png (malloc'd, caller frees), *etag set. */
int app_users_image(PGconn *db, const char *user_id, unsigned char **png, size_t *len, char etag[64], app_error_t *e);
/** The default avatar of a user id (PNG, malloc'd). Exposed for unit tests. @return 0 or -1. */
int app_users_avatar_png(const char *user_id, unsigned char **png, size_t *len);

/** Password hashing with the configured iteration count. @return 0, or -1 with e set (rules, length). */
int app_users_hash_new_password(const char *password, char *out, size_t n, app_error_t *e);

/* WebSocket events (ws/publish.h): new_user to everyone, user_updated with the sanitized user. */
void app_users_emit_new_user(const char *user_id);
void app_users_emit_updated(const model_user_t *u);

#endif
