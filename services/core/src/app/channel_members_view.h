#ifndef PARLEY_CORE_APP_CHANNEL_MEMBERS_VIEW_H
#define PARLEY_CORE_APP_CHANNEL_MEMBERS_VIEW_H

/*
 * Viewing channels (owner: members): Mattermost's ViewChannel / MarkChannelsAsViewed. The user's
 * memberships among the ids get last_viewed_at = now, msg_count(_root) = the channel totals and
 * mention counts 0; multiple_channels_viewed ({"channel_times": {...}}) goes to the user.
 */

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

#endif
