#ifndef PARLEY_CORE_APP_STATUS_H
#define PARLEY_CORE_APP_STATUS_H

/*
 * User presence (owner: accounts): online / away / dnd / offline, automatic or manual, stored in
 * the Status table. Rules (as Mattermost's platform/status.go):
 *  - automatic changes (WebSocket connect/disconnect, activity, idle) never override a manual
 *    status: a manual status stays until the user changes it (or a dnd_end_time passes);
 *  - a manual dnd with dnd_end_time (seconds) falls back to the previous status when it expires;
 *  - every change is broadcast as the WebSocket event status_change to that user only.
 *
 * All functions block on libpq: call them on a worker thread with that worker's connection.
 */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#define APP_STATUS_ONLINE "online"
#define APP_STATUS_AWAY "away"
#define APP_STATUS_DND "dnd"
#define APP_STATUS_OFFLINE "offline"

typedef struct app_status {
    char user_id[27];
    char status[16];
    bool manual;
    int64_t last_activity_at; /* ms */
    int64_t dnd_end_time;     /* seconds, 0 when none */
} app_status_t;

/** Current status; a user never seen is reported offline (not an error). @return PL_OK or PL_EIO. */
int app_status_get(PGconn *db, const char *user_id, app_status_t *out);

/**
 * Automatic transitions, for the realtime layer: call set_online when a user's first WebSocket
 * connects or a client reports activity, set_away when the client reports idleness, and
 * set_offline when the user's last WebSocket on this node closes. A manual status is left alone.
 * *changed (may be NULL) is set to 1 when the stored status changed (status_change was emitted).
 * @return PL_OK or PL_EIO.
 */
int app_status_set_online(PGconn *db, const char *user_id, int *changed);
int app_status_set_away(PGconn *db, const char *user_id, int *changed);
int app_status_set_offline(PGconn *db, const char *user_id, int *changed);

/**
 * Manual change (PUT /users/{id}/status): status is online|away|dnd|offline; dnd_end_time in
 * seconds (dnd only, 0 = none); out may be NULL. @return PL_OK, PL_EINVAL (bad status or end time) or PL_EIO.
 */
int app_status_set_manual(PGconn *db, const char *user_id, const char *status, int64_t dnd_end_time, app_status_t *out);

/* ---- REST helpers (accounts API) ---- */

#include <jansson.h>
#include "app/app_error.h"

/** Status JSON of one user. */
json_t *app_status_to_json(const app_status_t *s);
/** POST /users/status/ids: *out = [Status] of the ids (offline for users never seen). */
#include "model/list.h"
int app_status_list_get(PGconn *db, const model_list_t *ids, json_t **out, app_error_t *e);
/** The same for a JSON array of user ids (checked as the POST body is). */
int app_status_get_many(PGconn *db, const json_t *ids, json_t **out, app_error_t *e);

#endif
