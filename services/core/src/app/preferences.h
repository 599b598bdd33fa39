#ifndef CORE_APP_PREFERENCES_H
#define CORE_APP_PREFERENCES_H

/* Preferences (owner: accounts): a user's own, or any user's with edit_other_users. */

#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"

/** GET /users/{id}/preferences[/{category}[/name/{name}]]: single = 1 answers one object (404 if none). */
int app_preferences_get(PGconn *db, const app_session_t *viewer, const char *user_id, const char *category, const char *name,
                        int single, json_t **out, app_error_t *e);
/** PUT /users/{id}/preferences (save) or POST .../preferences/delete (del = 1): body = [Preference]. */
int app_preferences_update(PGconn *db, const app_session_t *viewer, const char *user_id, const json_t *body, int del,
                           app_error_t *e);

#endif
