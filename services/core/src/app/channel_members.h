#ifndef PARLEY_CORE_APP_CHANNEL_MEMBERS_H
#define PARLEY_CORE_APP_CHANNEL_MEMBERS_H

/*
 * Channel membership changes (owner: members). App order: sidebar < channel_members < channels < teams:
 * this file may call app/sidebar.h, never channels or teams.
 * These are the building blocks the endpoints (and the channels/teams paths) use; they do NOT check the
 * caller's permission (the caller did), they do check the rules of the channel (archived, D/G, team
 * membership of the added user) and emit Mattermost's events (user_added / user_removed), keep the hub's
 * indexes in step (ws_member_channel_add/remove, every node) and the sidebar (app/sidebar.h), and record
 * the system messages Mattermost posts (app/posts_system.h).
 */

#include <stddef.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "model/channel.h"

/* Event names (server/public/model/websocket_message.go). */
#define APP_CHANNEL_MEMBERS_EVENT_USER_ADDED "user_added"
#define APP_CHANNEL_MEMBERS_EVENT_USER_REMOVED "user_removed"
#define APP_CHANNEL_MEMBERS_EVENT_MEMBER_UPDATED "channel_member_updated"

/** Record no system message and publish no user_added (the creator of a new channel, DM/GM participants). */
#define APP_CHANNEL_MEMBERS_SILENT 1
/** Skip the team-membership check of the added users (a channel's creator: Mattermost's CreateChannel
 *  saves the member directly, so a system admin may create a channel in a team they are not in). */
#define APP_CHANNEL_MEMBERS_ANY_TEAM 2

/**
 * Add users to c (one transaction); already-members are returned as they are. actor_id: who adds
 * ("" or == the user: a join). out may be NULL (else filled, caller disposes).
 * @return 0 or -1 with e set (e.g. 400 api.channel.add_user.to.channel.failed.deleted.app_error,
 *         403 api.channel.add_members.user_denied / user not in the team).
 */
int app_channel_members_add(PGconn *db, const char *actor_id, const model_channel_t *c, const char *const *user_ids, size_t n,
                            int flags, model_channel_member_list_t *out, app_error_t *e);
/** Remove user_id from c (leave when actor_id == user_id). */
int app_channel_members_remove(PGconn *db, const char *actor_id, const model_channel_t *c, const char *user_id, int flags,
                               app_error_t *e);
/** Remove user_id from every channel of team_id (leaving / removed from the team). */
int app_channel_members_remove_from_team(PGconn *db, const char *actor_id, const char *team_id, const char *user_id,
                                         app_error_t *e);

#endif
