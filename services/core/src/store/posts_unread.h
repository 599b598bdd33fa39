#ifndef PARLEY_CORE_STORE_POSTS_UNREAD_H
#define PARLEY_CORE_STORE_POSTS_UNREAD_H

/* Marking a channel unread from a post (owner: posts): Mattermost's UpdateLastViewedAtPost. STORE_OK or STORE_E*. */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/post.h"
#include "parley/id.h"

/** ChannelUnreadAt: the member's read state after the change. */
typedef struct store_posts_unread_at {
    char team_id[PL_ID_LEN + 1];
    int64_t msg_count, mention_count, mention_count_root, urgent_mention_count, msg_count_root, last_viewed_at;
} store_posts_unread_at_t;

/**
 * user_id's member of p's channel read up to just before p: last_viewed_at = p->create_at - 1, msg_count =
 * the channel's total minus the counted posts from p on (join/leave and deleted ones not counted),
 * msg_count_root likewise when set_root (else the root total), the mention counts as given.
 * STORE_ENOTFOUND when user_id is not a member.
 */
int store_posts_unread_set(PGconn *db, const model_post_t *p, const char *user_id, int64_t mentions, int64_t mentions_root,
                           int64_t urgent, bool set_root, store_posts_unread_at_t *out);

#endif
