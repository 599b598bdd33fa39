#ifndef PARLEY_CORE_APP_POSTS_EVENTS_H
#define PARLEY_CORE_APP_POSTS_EVENTS_H

/*
 * The WebSocket events of posts (owner: posts), published after the change committed, to the
 * channel's members only (the hub's channel index, on every node). The `mentions` of posted is
 * per receiving user, as Mattermost's AddMentionsBroadcastHook: a mentioned user's copy carries
 * mentions = "[\"<their id>\"]", the others' none. Order: posts_mentions < posts_events.
 */

#include <stdbool.h>
#include <libpq-fe.h>

#include "app/posts_mentions.h"
#include "model/channel.h"
#include "model/post.h"
#include "store/threads.h"

#define APP_POSTS_EVENT_POSTED "posted"
#define APP_POSTS_EVENT_EDITED "post_edited"
#define APP_POSTS_EVENT_DELETED "post_deleted"
#define APP_POSTS_EVENT_UNREAD "post_unread"
#define APP_POSTS_EVENT_EPHEMERAL "ephemeral_message"

/** posted: channel_type, channel_display_name ("@sender" in a DM), channel_name, sender_name ("@username"
 *  or the webhook's override_username), team_id, set_online, post (S), mentions and followers (S, per user: the
 *  thread's followers f of a reply, NULL for none). */
void app_posts_events_posted(PGconn *db, const model_post_t *p, const model_channel_t *c, const char *sender_username,
                             bool set_online, const app_posts_mentions_t *m, const store_threads_followers_t *f);
/** post_edited {post (S)} to the channel. */
void app_posts_events_edited(const model_post_t *p);
/** post_deleted {post (S)} to the channel (delete_by with it when by is set). */
void app_posts_events_deleted(const model_post_t *p, const char *by);

#endif
