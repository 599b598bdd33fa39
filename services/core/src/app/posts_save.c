/* Saving a new post (app/posts_save.h). */
#include "app/posts_save.h"

#include <stdlib.h>
#include <string.h>

#include "app/posts_events.h"
#include "app/posts_mentions.h"
#include "app/threads.h"
#include "model/config.h"
#include "parley/log.h"
#include "store/db.h"
#include "store/posts.h"
#include "ws/publish.h"

static bool has_prop(const model_post_t *p, const char *key)
{
    return json_object_get(p->props, key) != NULL;
}

/* CreatePostAsUser's MarkChannelsAsViewed: the poster's copy of the read state. */
static void announce_viewed(const model_post_t *p)
{
    if (!model_config_get()->service.enable_channel_viewed_messages)
        return;
    ws_broadcast_t me = {.user_id = p->user_id};
    ws_publish("multiple_channels_viewed", json_pack("{s:{s:I}}", "channel_times", p->channel_id, (json_int_t)p->create_at), &me);
}

static int load_duplicate(PGconn *db, model_post_t *p, app_error_t *e)
{
    model_post_t found;
    int rc = store_posts_get_pending(db, p->user_id, p->pending_post_id, &found);
    if (rc != STORE_OK) {
        model_post_dispose(&found);
        return app_error_from_store(e, rc, "api.post.deduplicate_create_post.failed_to_get", 0);
    }
    model_post_dispose(p);
    *p = found;
    return 0;
}

int app_posts_save(PGconn *db, model_post_t *p, const model_channel_t *c, const app_posts_save_opts_t *o, bool *duplicate,
                   app_error_t *e)
{
    const char *bad;
    *duplicate = false;
    model_post_hashtags_parse(p);
    if ((bad = model_post_is_valid(p)) != NULL)
        return app_error_set(e, 400, bad, NULL);
    app_posts_mentions_t m;
    int rc = app_posts_mentions_find(db, p, c, o->allow_channel_mentions, &m);
    if (rc != 0)
        return app_error_from_store(e, rc, "app.post.save.app_error", 0);
    bool viewed = o->as_user && !has_prop(p, "from_webhook");
    store_posts_save_t opt = {.counted = !model_post_is_join_leave(p->type),
                              .mark_viewed = viewed,
                              .urgent = strcmp(p->priority, "urgent") == 0,
                              .team_id = c->team_id,
                              .mentions = (const char *const *)NULL,
                              .nmentions = m.n};
    const char **ids = calloc(m.n ? m.n : 1, sizeof(*ids));
    if (ids == NULL)
        abort();
    for (size_t i = 0; i < m.n; i++)
        ids[i] = m.ids[i];
    opt.mentions = ids;
    store_posts_saved_t saved;
    rc = store_posts_save(db, p, &opt, &saved);
    free(ids);
    if (rc != STORE_OK) {
        app_posts_mentions_dispose(&m);
        return app_error_from_store(e, rc, "app.post.save.app_error", 0);
    }
    if (saved.duplicate) {
        app_posts_mentions_dispose(&m);
        *duplicate = true;
        return load_duplicate(db, p, e);
    }
    p->reply_count = saved.reply_count;
    if (p->root_id[0])
        p->last_reply_at = p->create_at;
    store_threads_followers_t f = {0};
    bool crt = strcmp(model_config_get()->service.collapsed_threads, "disabled") != 0;
    if (p->root_id[0] && app_threads_reply(db, p, c, &m, &f) != 0)
        PL_LOG_WARN("thread memberships not updated", "post_id", p->id);
    app_posts_events_posted(db, p, c, o->sender_username, o->set_online, &m, crt ? &f : NULL);
    app_threads_reply_announce(db, p, c, &m, &f);
    store_threads_followers_dispose(&f);
    if (viewed)
        announce_viewed(p);
    app_posts_mentions_dispose(&m);
    return 0;
}
