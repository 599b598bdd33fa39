/* Marking a channel unread from a post (app/posts.h): Mattermost's MarkChannelAsUnreadFromPost. */
#include "app/posts.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "app/posts_access.h"
#include "app/posts_events.h"
#include "app/posts_mentions.h"
#include "app/threads.h"
#include "model/config.h"
#include "store/db.h"
#include "store/posts.h"
#include "store/posts_unread.h"
#include "store/preferences.h"
#include "ws/publish.h"

#define COUNT_MAX 1000 /* posts from the marked one whose mentions are counted */

static void announce(const store_posts_unread_at_t *u, const char *user_id, const model_post_t *p)
{
    ws_broadcast_t bc = {.user_id = user_id, .channel_id = p->channel_id, .team_id = u->team_id};
    ws_publish(APP_POSTS_EVENT_UNREAD,
               json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:s}", "msg_count", (json_int_t)u->msg_count, "msg_count_root",
                         (json_int_t)u->msg_count_root, "mention_count", (json_int_t)u->mention_count, "mention_count_root",
                         (json_int_t)u->mention_count_root, "urgent_mention_count", (json_int_t)u->urgent_mention_count,
                         "last_viewed_at", (json_int_t)u->last_viewed_at, "post_id", p->id),
               &bc);
}

static json_t *unread_at_json(const store_posts_unread_at_t *u, const char *user_id, const char *channel_id)
{
    return json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "team_id", u->team_id, "user_id", user_id, "channel_id", channel_id,
                     "msg_count", (json_int_t)u->msg_count, "mention_count", (json_int_t)u->mention_count, "mention_count_root",
                     (json_int_t)u->mention_count_root, "urgent_mention_count", (json_int_t)u->urgent_mention_count,
                     "msg_count_root", (json_int_t)u->msg_count_root, "last_viewed_at", (json_int_t)u->last_viewed_at);
}

/* countMentionsFromPost over the posts from p on, then UpdateLastViewedAtPost. A reply marked by a client without
 * collapsed threads (or a user without them) counts in the channel without the root counts. */
static int mark(PGconn *db, const model_channel_t *c, const model_post_t *p, const char *user_id, bool crt,
                store_posts_unread_at_t *u, app_error_t *e)
{
    model_post_list_t from;
    bool more;
    int64_t all = 0, root = 0, urgent = 0;
    int rc = store_posts_list_from_time(db, p->channel_id, p->create_at - 1, STORE_POSTS_AFTER, COUNT_MAX, false, &from, &more);
    if (rc == STORE_OK)
        rc = app_posts_mentions_count(db, c, user_id, from.items, from.n, &all, &root, &urgent);
    model_post_list_dispose(&from);
    bool set_root = crt || p->root_id[0] == '\0';
    if (rc == STORE_OK)
        rc = store_posts_unread_set(db, p, user_id, all, set_root ? root : 0, set_root ? urgent : 0, set_root, u);
    return app_error_check_store(e, rc, "app.channel.update_last_viewed_at_post.app_error");
}

int app_posts_set_unread(PGconn *db, const app_session_t *s, const char *user_id, const char *post_id, bool crt_supported,
                         json_t **out, app_error_t *e)
{
    model_post_t p;
    model_channel_t c;
    store_posts_unread_at_t u;
    if (app_permissions_can_edit_user(db, s, user_id, e) < 0)
        return -1;
    if (app_posts_access_id(post_id, "post_id", e) < 0)
        return -1;
    if (app_posts_access_post(db, post_id, false, &p, e) < 0)
        return e->status == 404 ? app_error_set(e, 403, "api.context.permissions.app_error", "read_channel_content") : -1;
    int rc = app_posts_access_channel(db, p.channel_id, &c, e);
    if (rc == 0) {
        rc = app_posts_access_require(db, s, &c, "read_channel_content", e);
        if (rc == 0)
            rc = mark(db, &c, &p, user_id, crt_supported && app_threads_crt_enabled(db, user_id), &u, e);
        model_channel_dispose(&c);
    }
    if (rc == 0) {
        announce(&u, user_id, &p);
        *out = unread_at_json(&u, user_id, p.channel_id);
    }
    model_post_dispose(&p);
    return rc;
}
