#ifndef PARLEY_CORE_WS_PUBLISH_H
#define PARLEY_CORE_WS_PUBLISH_H

/*
 * Emitting WebSocket events (owner: realtime). This is the whole API app/ needs.
 *
 * ws_publish() may be called from any thread (worker threads, loop threads, background threads).
 * It serializes the event once into a refcounted buffer
 *   {"event":...,"data":...,"broadcast":{...},"seq":      <- shared by every recipient
 * and hands that buffer to every loop thread (h2o_multithread); each loop's hub shard picks the
 * recipients among its own connections with Mattermost's filter (ShouldSendEvent), in this order:
 *   1. connection_id set      -> only that connection
 *   2. omit_connection_id     -> that connection skipped
 *   3. user_id set            -> only that user's connections
 *   4. omit_users             -> those users skipped
 *   5. channel_id set         -> only members of the channel (memberships: ws_member_*)
 *   6. team_id set            -> only members of the team
 *   7. otherwise              -> every authenticated connection
 * and appends the per-connection `N}` (seq) when writing. The event is also forwarded to the other
 * nodes of the cluster (ZeroMQ), which deliver it to their own connections.
 *
 * Delivery is best effort and never blocks the caller: under back-pressure the droppable events
 * (typing, status_change, multiple_channels_viewed) are dropped first, and a connection whose send
 * queue overflows is disconnected (its client reconnects and resyncs).
 *
 * Example (app/, after the commit):
 *   json_t *d = json_pack("{s:s}", "user_id", uid);
 *   ws_broadcast_t bc = {0};
 *   ws_publish(WS_EVENT_NEW_USER, d, &bc);                       // everyone
 *   ws_broadcast_t me = {.user_id = uid};
 *   ws_publish(WS_EVENT_PREFERENCES_CHANGED, json_pack("{s:s%}", "preferences", txt, len), &me);
 */

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* Event names used so far (server/public/model/websocket_message.go). Any string is accepted. */
#define WS_EVENT_HELLO "hello"
#define WS_EVENT_TYPING "typing"
#define WS_EVENT_STATUS_CHANGE "status_change"
#define WS_EVENT_NEW_USER "new_user"
#define WS_EVENT_USER_UPDATED "user_updated"
#define WS_EVENT_PREFERENCES_CHANGED "preferences_changed"
#define WS_EVENT_PREFERENCES_DELETED "preferences_deleted"
#define WS_EVENT_POSTED "posted"
#define WS_EVENT_MULTIPLE_CHANNELS_VIEWED "multiple_channels_viewed"

#define WS_BROADCAST_MAX_OMIT 64 /* omit_users entries beyond this are refused (PL_EINVAL) */

/** Who receives an event. Every pointer may be NULL (= ""). Strings are copied. */
typedef struct ws_broadcast {
    const char *connection_id;      /* only this connection */
    const char *omit_connection_id; /* skip this connection */
    const char *user_id;            /* only this user's connections */
    const char *const *omit_users;  /* skip these users (Mattermost: {"<uid>":true,...}) */
    size_t omit_users_count;
    const char *channel_id; /* only members of this channel */
    const char *team_id;    /* only members of this team */
} ws_broadcast_t;

/**
 * Publish an event to every matching connection of the installation (this node and the others).
 * data is stolen (NULL = {}); event is copied. Callable from any thread.
 * @return PL_OK, PL_EINVAL (bad event name/broadcast, data not an object), PL_ETOOBIG (serialized
 *         event over 4 MiB) or PL_EAGAIN (the realtime layer is not running: nothing to deliver to).
 */
int ws_publish(const char *event, json_t *data, const ws_broadcast_t *bc);

/**
 * Keep the hub's channel/team indexes in step with memberships (teams/channels issue): call after the
 * membership change committed. Applied on every loop and every node, ordered with later publishes
 * from the same thread. Connections load their memberships at authentication (see ws/hooks.h).
 * @return PL_OK, PL_EINVAL (bad id) or PL_EAGAIN (not running).
 */
int ws_member_channel_add(const char *user_id, const char *channel_id);
int ws_member_channel_remove(const char *user_id, const char *channel_id);
int ws_member_team_add(const char *user_id, const char *team_id);
int ws_member_team_remove(const char *user_id, const char *team_id);

/**
 * Close the WebSocket connections authenticated with session_id (revoked / logged out / expired),
 * or every connection of user_id (deactivated, password changed, all sessions revoked), on every
 * node. @return PL_OK, PL_EINVAL or PL_EAGAIN.
 */
int ws_close_session(const char *session_id);
int ws_close_user(const char *user_id);

#endif
