#ifndef PARLEY_CORE_APP_CHANNELS_INTERNAL_H
#define PARLEY_CORE_APP_CHANNELS_INTERNAL_H

/*
 * Helpers shared by the app/channels*.c files (owner: channels). Order inside the channels work:
 * channels_access, channels_events < channels, channels_update, channels_direct, channels_list.
 */

#include <stdbool.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/channel.h"

/* channels_access.c */
/** Load channel id (archived too): 400 api.context.invalid_url_param.app_error for a malformed id,
 *  404 app.channel.get.existing.app_error when absent. */
int app_channels_access_load(PGconn *db, const char *id, model_channel_t *c, app_error_t *e);
/** perm on c (system roles, then c's team roles, then c's channel roles): 1, 0, or -1 (e set). */
int app_channels_access_has(PGconn *db, const app_session_t *s, const model_channel_t *c, const char *perm, app_error_t *e);
/** As has, 403 api.context.permissions.app_error when denied. @return 0 or -1. */
int app_channels_access_require(PGconn *db, const app_session_t *s, const model_channel_t *c, const char *perm, app_error_t *e);
/** perm in team_id (system, then team roles). @return 0 or -1 (403). */
int app_channels_access_team(PGconn *db, const app_session_t *s, const char *team_id, const char *perm, app_error_t *e);
/** Reading c as GET /channels/{id}: O with read_public_channel in its team, else read_channel. */
int app_channels_access_read(PGconn *db, const app_session_t *s, const model_channel_t *c, app_error_t *e);
/** A valid 26-character id, else 400 api.context.invalid_url_param.app_error (param). */
int app_channels_access_id(const char *id, const char *param, app_error_t *e);

/* channels_events.c */
/** Publish event to channel_id's members, or team_id's, or user_id (the first set of user_id, channel_id, team_id
 *  narrows: as Mattermost's broadcast). data stolen. */
void app_channels_events_publish(const char *event, json_t *data, const char *user_id, const char *channel_id, const char *team_id);
/** channel_updated to c's members, data.channel = the Channel JSON as a string. */
void app_channels_events_updated(const model_channel_t *c);
/** Record a system message of actor_id in channel_id; props stolen ("username" added). A failure is logged. */
void app_channels_events_record(PGconn *db, const char *channel_id, const char *actor_id, const char *type, const char *message,
                                json_t *props);
/** The display-name, header and purpose messages for the change old -> now. */
void app_channels_events_changes(PGconn *db, const char *actor_id, const model_channel_t *old, const model_channel_t *now);
/** The username of user_id ("" if unknown) into out. */
void app_channels_events_username(PGconn *db, const char *user_id, char *out, size_t n);

#endif
