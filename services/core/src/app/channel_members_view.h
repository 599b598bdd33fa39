#ifndef PARLEY_CORE_APP_CHANNEL_MEMBERS_VIEW_H
#define PARLEY_CORE_APP_CHANNEL_MEMBERS_VIEW_H

/*
 * Viewing channels (owner: members): Mattermost's ViewChannel / MarkChannelsAsViewed. The user's
 * memberships among the ids get last_viewed_at = greatest(itself, the channel's last_post_at),
 * msg_count(_root) = the channel totals and mention counts 0; multiple_channels_viewed
 * ({"channel_times": {...}}) goes to the user.
 *
 * A view leaves each membership fully read: that is remembered (app/view_cache.h, read state) until
 * the channel or the user's memberships change, so viewing it again, which would write the same
 * values, is answered without the database (app_channel_members_view_cached, on the loop).
 */

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"

#define APP_CHANNEL_MEMBERS_EVENT_CHANNELS_VIEWED "multiple_channels_viewed"

/** The channels of ids (n may be 0) user_id is a member of are viewed; *times: {"<cid>": ms} (new reference).
 *  The session must be the user or have edit_other_users. */
int app_channel_members_view(PGconn *db, const app_session_t *s, const char *user_id, const char *const *ids, size_t n,
                             json_t **times, app_error_t *e);

/** The user viewing their own channels ids[0..n) (n 1 or 2), when every one is known fully read: *times as
 *  app_channel_members_view answers, and the event sent. @return false (nothing done) otherwise. No database. */
bool app_channel_members_view_cached(const char *user_id, const char *const *ids, size_t n, json_t **times);

#endif
