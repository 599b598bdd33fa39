#ifndef PARLEY_CORE_APP_CHANNEL_MEMBERS_SYSTEM_H
#define PARLEY_CORE_APP_CHANNEL_MEMBERS_SYSTEM_H

/*
 * The system messages membership changes record (owner: members), as Mattermost's
 * postJoinChannelMessage / PostAddToChannelMessage / postLeaveChannelMessage /
 * postRemoveFromChannelMessage would post them: a system post each (app/posts_system.h), with
 * Mattermost's post type, message and props, after the change committed.
 * The lowest file of the members work (app order: channel_members_system < channel_members).
 */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/user.h"

/** user joined channel_id by themself: system_join_channel (system_guest_join_channel for a guest). */
int app_channel_members_system_join(PGconn *db, const char *channel_id, const model_user_t *user);
/** actor added user: system_add_to_channel (system_add_guest_to_chan for a guest). */
int app_channel_members_system_add(PGconn *db, const char *channel_id, const model_user_t *actor, const model_user_t *user);
/** user left channel_id: system_leave_channel. */
int app_channel_members_system_leave(PGconn *db, const char *channel_id, const model_user_t *user);
/** remover_id ("" = the system) removed user: system_remove_from_channel. */
int app_channel_members_system_remove(PGconn *db, const char *channel_id, const char *remover_id, const model_user_t *user);
/** true when the user's system roles make them a guest. */
bool app_channel_members_system_is_guest(const model_user_t *u);

#endif
