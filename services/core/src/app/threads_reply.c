/* What a reply does to its thread's followers (app/threads.h): Mattermost's SendNotifications thread block. */
#include "app/threads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/threads_view.h"
#include "model/config.h"
#include "store/db.h"
#include "store/posts.h"
#include "ws/publish.h"

#define PARTICIPANTS_MAX 512 /* the poster, the root's author and who the root and the reply mention */

typedef struct who {
    const char *ids[PARTICIPANTS_MAX];
    size_t n;
} who_t;

static void add(who_t *w, const char *id)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->ids[i], id) == 0)
            return;
    if (w->n < PARTICIPANTS_MAX)
        w->ids[w->n++] = id;
}

int app_threads_reply(PGconn *db, const model_post_t *p, const model_channel_t *c, const app_posts_mentions_t *m,
                      store_threads_followers_t *out)
{
    who_t w = {.n = 0}, men = {.n = 0};
    model_post_t root;
    app_posts_mentions_t rm = {0};
    bool follow = model_config_get()->service.thread_auto_follow;
    int rc = store_posts_get(db, p->root_id, true, &root);
    if (rc == STORE_OK && follow) {
        add(&w, p->user_id);
        if (!json_is_string(json_object_get(root.props, "from_webhook")))
            add(&w, root.user_id);
        bool channel = c->type == MODEL_CHANNEL_OPEN || c->type == MODEL_CHANNEL_PRIVATE;
        if (channel && app_posts_mentions_find(db, &root, c, false, &rm) == 0)
            for (size_t i = 0; i < rm.n; i++)
                add(&w, rm.ids[i]);
        for (size_t i = 0; i < m->n; i++) {
            add(&w, m->ids[i]);
            add(&men, m->ids[i]);
        }
    }
    if (rc == STORE_OK)
        rc = store_threads_reply(db, p->root_id, p->user_id, w.ids, w.n, men.ids, men.n, p->create_at, out);
    app_posts_mentions_dispose(&rm);
    model_post_dispose(&root);
    return rc;
}

/* One follower's thread_updated: their view of the thread, with what was unread before this reply. */
static void announce_one(PGconn *db, const model_post_t *p, const model_channel_t *c, const app_posts_mentions_t *m,
                         const store_threads_follower_t *f)
{
    model_thread_t t;
    if (store_threads_get(db, f->user_id, p->root_id, &t) != STORE_OK) {
        model_thread_dispose(&t);
        return;
    }
    int64_t prev_mentions = 0, prev_replies = 0;
    if (!f->is_new) {
        prev_replies = t.unread_replies > 0 ? t.unread_replies - 1 : 0;
        prev_mentions = t.unread_mentions - (app_posts_mentions_has(m, f->user_id) && t.unread_mentions > 0 ? 1 : 0);
    }
    json_t *j = app_threads_view_json(db, &t, true);
    model_thread_dispose(&t);
    char *txt = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (txt == NULL)
        return;
    ws_broadcast_t bc = {.user_id = f->user_id, .team_id = c->team_id[0] ? c->team_id : NULL};
    ws_publish(APP_THREADS_EVENT_UPDATED,
               json_pack("{s:s, s:I, s:I}", "thread", txt, "previous_unread_mentions", (json_int_t)prev_mentions,
                         "previous_unread_replies", (json_int_t)prev_replies),
               &bc);
    free(txt);
}

void app_threads_reply_announce(PGconn *db, const model_post_t *p, const model_channel_t *c, const app_posts_mentions_t *m,
                                const store_threads_followers_t *f)
{
    if (strcmp(model_config_get()->service.collapsed_threads, "disabled") == 0 || f->n == 0)
        return;
    for (size_t i = 0; i < f->n; i++)
        if (app_threads_crt_enabled(db, f->items[i].user_id))
            announce_one(db, p, c, m, &f->items[i]);
}
