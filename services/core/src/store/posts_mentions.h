#ifndef PARLEY_CORE_STORE_POSTS_MENTIONS_H
#define PARLEY_CORE_STORE_POSTS_MENTIONS_H

/* Who a new post can mention (owner: posts): the channel members a message's words may name, with
 * their mention keys (users.notify_props) and channel notification settings. STORE_OK or STORE_E*. */

#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

#include "parley/id.h"

typedef struct store_posts_mention_member {
    char user_id[PL_ID_LEN + 1];
    char username[65];
    char first_name[257];
    char mention_keys[1025]; /* notify_props.mention_keys: comma-separated */
    bool first_name_on;      /* notify_props.first_name == "true" */
    bool channel_on;         /* notify_props.channel != "false" (@channel, @all, @here) */
    bool ignore_channel;     /* the member's ignore_channel_mentions ("on", or "default" with channel "false") */
    bool online;             /* status "online" (@here) */
} store_posts_mention_member_t;

/**
 * The active members of channel_id that may be mentioned: every member when all is true (a channel-wide
 * mention, a GM), else those named by usernames (lower-case, n of them) or having mention keys or the
 * first-name mention on. *out malloc'd (caller frees), *nout rows.
 */
int store_posts_mention_members(PGconn *db, const char *channel_id, bool all, const char *const *usernames, size_t n,
                                store_posts_mention_member_t **out, size_t *nout);

#endif
