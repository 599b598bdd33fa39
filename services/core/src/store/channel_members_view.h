#ifndef PARLEY_CORE_STORE_CHANNEL_MEMBERS_VIEW_H
#define PARLEY_CORE_STORE_CHANNEL_MEMBERS_VIEW_H

/*
 * Read state of channel_members (owner: members): viewing a channel (Mattermost's UpdateLastViewedAt).
 * STORE_OK or STORE_E*.
 */

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

typedef struct store_channel_viewed {
    char channel_id[27];
    int64_t last_viewed_at; /* the channel's last_post_at (Mattermost's UpdateLastViewedAt times) */
} store_channel_viewed_t;

/**
 * Mattermost's UpdateLastViewedAt for each of the n channel ids user_id is a member of:
 * last_viewed_at = last_update_at = greatest(last_viewed_at, the channel's last_post_at),
 * msg_count(_root) = greatest(itself, the channel's totals), mention counts 0. *out (malloc'd, *nout
 * rows) names the channels updated with their last_post_at (non-memberships are skipped).
 */
int store_channel_members_view(PGconn *db, const char *user_id, const char *const *channel_ids, size_t n,
                               store_channel_viewed_t **out, size_t *nout);

#endif
