#ifndef PARLEY_CORE_APP_CHANNELS_H
#define PARLEY_CORE_APP_CHANNELS_H

/*
 * Channels (owner: channels). App order: sidebar < channel_members < channels < teams: this file may
 * call app/channel_members.h and app/sidebar.h, never teams. The calls the teams work needs:
 */

#include <libpq-fe.h>

#include "app/app_error.h"
#include "model/channel.h"
#include "model/team.h"

/** A new team's default channels: town-square ("Town Square") and off-topic ("Off-Topic"), public, no members. */
int app_channels_create_defaults(PGconn *db, const model_team_t *t, const char *creator_id, app_error_t *e);
/** user_id joined team t: add them to town-square, off-topic and TeamSettings.ExperimentalDefaultChannels
 *  that exist in the team (as Mattermost's JoinDefaultChannels). */
int app_channels_join_defaults(PGconn *db, const model_team_t *t, const char *user_id, app_error_t *e);

#endif
