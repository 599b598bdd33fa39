#ifndef PARLEY_CORE_STORE_SIDEBAR_MUTE_H
#define PARLEY_CORE_STORE_SIDEBAR_MUTE_H

/* Muting the channels of a muted sidebar category (owner: sidebar): Mattermost's setChannelsMuted,
 * notify_props.mark_unread "mention" (muted) or "all" (unmuted) on the user's channel_members rows. */

#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

#include "model/channel.h"
#include "model/sidebar.h"

/** Set the members of user_id in ids[0..n) whose muted state differs; *out: the rows changed
 *  (last_update_at = now). @return STORE_OK or a STORE_E* code. */
int store_sidebar_mute_set(PGconn *db, const char *user_id, const model_sidebar_channel_id_t *ids, size_t n, bool muted,
                           model_channel_member_list_t *out);

#endif
