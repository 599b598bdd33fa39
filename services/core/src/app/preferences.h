#ifndef PARLEY_CORE_APP_PREFERENCES_H
#define PARLEY_CORE_APP_PREFERENCES_H

/* Preferences (owner: accounts): a user's own, or any user's with edit_other_users. */

#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/preference.h"

/** GET /users/{id}/preferences[/{category}[/name/{name}]]: single = 1 answers one object (404 if none). */
int app_preferences_get(PGconn *db, const app_session_t *viewer, const char *user_id, const char *category, const char *name,
                        int single, json_t **out, app_error_t *e);
/**
 * PUT /users/{id}/preferences (save) or POST .../preferences/delete (del = 1). The caller checked that the
 * viewer may edit user_id (api: API_PERM_CHECK(api_check_edit_user)); every preference must be user_id's (403).
 */
int app_preferences_update(PGconn *db, const char *user_id, const model_preference_list_t *prefs, int del, app_error_t *e);

#endif
