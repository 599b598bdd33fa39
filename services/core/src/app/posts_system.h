#ifndef PARLEY_CORE_APP_POSTS_SYSTEM_H
#define PARLEY_CORE_APP_POSTS_SYSTEM_H

/*
 * System messages (owner: posts): what channel and membership changes post, as Mattermost's
 * postJoinChannelMessage, PostUpdateChannelHeaderMessage, ...: a post of the given system_* type by
 * actor_id with Mattermost's message and props, saved and announced (posted) like any post, after
 * the change it tells of committed. Join/leave types move the channel's last_post_at but not its
 * message totals (app/posts_save.h). Called by app/channels_events.c, app/channel_members_system.c,
 * app/teams_members.c.
 */

#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

/** Post it (props stolen; NULL = {}). A failure is logged and answered as a negative STORE_* code, else 0. */
int app_posts_system_post(PGconn *db, const char *channel_id, const char *actor_id, const char *type, const char *message,
                          json_t *props);

#endif
