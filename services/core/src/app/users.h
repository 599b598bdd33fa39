#ifndef PARLEY_CORE_APP_USERS_H
#define PARLEY_CORE_APP_USERS_H

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
#include "model/list.h"
#include "model/user.h"
#include "store/users.h"

/*
 * What a viewer may see of a user: the MODEL_USER_* flags for model_user_to_json (api/ encodes).
 * viewer NULL (anonymous, e.g. the sign-up answer for oneself), the user themself and system admins
 * see everything; others get no notify_props / private fields, and per PrivacySettings no email / full name.
 */
/** @return true when viewer has manage_system (one permission lookup; false for NULL). */
bool app_users_viewer_is_admin(PGconn *db, const app_session_t *viewer);
/** viewer_is_admin: app_users_viewer_is_admin(viewer), computed once per answer. */
unsigned app_users_sanitize_flags(const app_session_t *viewer, bool viewer_is_admin, const model_user_t *u);
/** The same for one user (skips the permission lookup when viewer is u). */
unsigned app_users_sanitize_flags_one(PGconn *db, const app_session_t *viewer, const model_user_t *u);

/** POST /users. viewer may be NULL (sign-up). On success in->user is the created user (201). */
int app_users_create(PGconn *db, const app_session_t *viewer, model_user_new_t *in, app_error_t *e);

typedef enum { APP_USER_BY_ID, APP_USER_BY_USERNAME, APP_USER_BY_EMAIL } app_user_key_t;
/** GET /users/{id|me}, /users/username/{u}, /users/email/{e}. out: model_user_init'ed, the caller disposes it. */
int app_users_get(PGconn *db, const app_session_t *viewer, app_user_key_t key, const char *value, model_user_t *out,
                  app_error_t *e);
/** Load a user (deactivated ones too); 404 app.user.missing_account.const when absent. u: model_user_init'ed. */
int app_users_load(PGconn *db, const char *user_id, model_user_t *u, app_error_t *e);
/** POST /users/ids (by_username false) and /users/usernames: names already checked by the decoder. */
/* Lists: *out is zeroed by the caller and released with model_user_list_dispose (also after an error). */
int app_users_get_many(PGconn *db, const model_list_t *names, bool by_username, int64_t since, model_user_list_t *out,
                       app_error_t *e);
/** GET /users with filters (f->limit/offset already from page/per_page). */
int app_users_list(PGconn *db, const app_session_t *viewer, model_user_filter_t *f, model_user_list_t *out, app_error_t *e);
/** GET /users/autocomplete: users; out_of_channel (filled only when in_channel is given) the matches outside it. */
int app_users_autocomplete(PGconn *db, const app_session_t *viewer, const char *in_team, const char *in_channel, const char *name,
                           int64_t limit, model_user_list_t *users, model_user_list_t *out_of_channel, app_error_t *e);
/** POST /users/search. */
int app_users_search(PGconn *db, const app_session_t *viewer, const model_user_search_t *s, model_user_list_t *out, app_error_t *e);

/** PUT /users/{id}/patch. */
int app_users_patch(PGconn *db, const app_session_t *viewer, const char *user_id, const model_user_patch_t *patch,
                    model_user_t *out, app_error_t *e);
/** PUT /users/{id}/password {current_password, new_password}. */
int app_users_update_password(PGconn *db, const app_session_t *viewer, const char *user_id, const model_user_password_update_t *p,
                              app_error_t *e);
/** PUT /users/{id}/active {active}, DELETE /users/{id} (active false). Deactivation revokes every session at once. */
int app_users_set_active(PGconn *db, const app_session_t *viewer, const char *user_id, bool active, app_error_t *e);
/** GET /users/stats: the number of active users (total_users_count). */
int app_users_stats(PGconn *db, int64_t *total_users, app_error_t *e);
/** PUT /users/{id}/roles {roles} (checked by the decoder): needs manage_roles. */
int app_users_update_roles(PGconn *db, const app_session_t *viewer, const char *user_id, const char *roles, app_error_t *e);

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
