#ifndef PARLEY_CORE_APP_POSTS_MENTIONS_H
#define PARLEY_CORE_APP_POSTS_MENTIONS_H

/*
 * Who a new post mentions (owner: posts), as Mattermost's SendNotifications / getExplicitMentions:
 *   - the words of the message outside code (``` fences and `inline` spans), split at every character
 *     that is not a letter, digit, ':', '.', '-', '_' or '@'; trailing '.', '-', '_', ':' of an @word
 *     are tried off one by one;
 *   - @username; the user's notify_props.mention_keys (comma-separated) and first name (first_name
 *     "true"), case-insensitively;
 *   - @channel / @all (every member) and @here (online members), unless the poster lacks
 *     use_channel_mentions, the channel has more members than TeamSettings.MaxNotificationsPerChannel,
 *     the post is a header/purpose change, or the member ignores channel mentions;
 *   - a DM mentions the other participant, a GM every member;
 * never the poster. The lowest file of the posts work (no other app/posts file is used).
 */

#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

#include "model/channel.h"
#include "model/post.h"
#include "parley/id.h"

typedef struct app_posts_mentions {
    char (*ids)[PL_ID_LEN + 1]; /* malloc'd */
    size_t n;
    bool channel_wide; /* @channel / @all / @here took effect */
} app_posts_mentions_t;

/** The words of message that can mention: fills words (pointers into the copy *buf, malloc'd) up to max.
 *  Exposed for tests. @return the number of words. */
size_t app_posts_mentions_words(const char *message, char **buf, const char **words, size_t max);

/** The mentions of p in c. allow_channel: the poster may use channel mentions. @return 0, or a negative
 *  STORE_* code (a database failure: nothing is mentioned). */
int app_posts_mentions_find(PGconn *db, const model_post_t *p, const model_channel_t *c, bool allow_channel,
                            app_posts_mentions_t *out);
void app_posts_mentions_dispose(app_posts_mentions_t *m);
/** Mattermost's countMentionsFromPost: of the n posts (of channel c), how many mention user_id (*all), how many of
 *  those are root posts (*root) and urgent (*urgent). A DM counts every post of the other participant.
 *  @return 0, or a negative STORE_* code. */
int app_posts_mentions_count(PGconn *db, const model_channel_t *c, const char *user_id, const model_post_t *posts, size_t n,
                             int64_t *all, int64_t *root, int64_t *urgent);
/** 1 when user_id is among m's ids. */
bool app_posts_mentions_has(const app_posts_mentions_t *m, const char *user_id);

#endif
