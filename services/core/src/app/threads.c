/* Collapsed reply threads: the endpoints (app/threads.h). */
#include "app/threads.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "app/posts_access.h"
#include "app/threads_view.h"
#include "model/config.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/db.h"
#include "store/posts.h"
#include "store/preferences.h"
#include "ws/publish.h"

bool app_threads_crt_enabled(PGconn *db, const char *user_id)
{
    const char *mode = model_config_get()->service.collapsed_threads;
    if (strcmp(mode, "disabled") == 0 || strcmp(mode, "always_on") == 0)
        return strcmp(mode, "always_on") == 0;
    bool on = strcmp(mode, "default_on") == 0;
    json_t *prefs = NULL;
    if (store_preferences_get(db, user_id, "display_settings", "collapsed_reply_threads", &prefs) == STORE_OK &&
        json_array_size(prefs) > 0)
        on = strcmp(json_string_value(json_object_get(json_array_get(prefs, 0), "value")) ?: "", "on") == 0;
    json_decref(prefs);
    return on;
}

/* The user themself (or edit_other_users) in a team they can view. */
static int may_see(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, app_error_t *e)
{
    if (app_posts_access_id(user_id, "user_id", e) < 0 || app_posts_access_id(team_id, "team_id", e) < 0 ||
        app_permissions_can_edit_user(db, s, user_id, e) < 0)
        return -1;
    return app_permissions_require(db, s, "view_team", team_id, NULL, e);
}

/* may_see, and reading the thread's channel. */
static int may_see_thread(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *thread_id,
                          app_error_t *e)
{
    if (may_see(db, s, user_id, team_id, e) < 0 || app_posts_access_id(thread_id, "thread_id", e) < 0)
        return -1;
    return app_posts_access_require_by_post(db, s, thread_id, "read_channel_content", e);
}

int app_threads_list(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const app_threads_query_t *q,
                     json_t **out, app_error_t *e)
{
    model_thread_list_t l = {0};
    if (may_see(db, s, user_id, team_id, e) < 0)
        return -1;
    int rc = q->totals_only ? STORE_OK : store_threads_list(db, user_id, team_id, &q->q, &l);
    if (rc == STORE_OK && !q->threads_only)
        rc = store_threads_totals(db, user_id, team_id, &l);
    if (app_error_check_store(e, rc, "app.user.get_threads_for_user.app_error") < 0) {
        model_thread_list_dispose(&l);
        return -1;
    }
    json_t *threads = json_array();
    for (size_t i = 0; i < l.n; i++) {
        json_t *j = app_threads_view_json(db, &l.items[i], q->extended);
        if (j == NULL) {
            json_decref(threads);
            model_thread_list_dispose(&l);
            return app_error_set(e, 503, "app.user.get_threads_for_user.app_error", "thread view");
        }
        json_array_append_new(threads, j);
    }
    *out = json_pack("{s:I, s:I, s:I, s:I, s:o}", "total", (json_int_t)l.total, "total_unread_threads",
                     (json_int_t)l.total_unread_threads, "total_unread_mentions", (json_int_t)l.total_unread_mentions,
                     "total_unread_urgent_mentions", (json_int_t)l.total_unread_urgent_mentions, "threads", threads);
    model_thread_list_dispose(&l);
    return 0;
}

/* user_id's thread as JSON into *out (404 without a membership). */
static int thread_json(PGconn *db, const char *user_id, const char *thread_id, bool extended, json_t **out, model_thread_t *keep,
                       app_error_t *e)
{
    model_thread_t t;
    int rc = store_threads_get(db, user_id, thread_id, &t);
    if (rc == STORE_ENOTFOUND) {
        model_thread_dispose(&t);
        return app_error_set(e, 404, "app.user.get_thread_membership_for_user.not_found", NULL);
    }
    if (app_error_check_store(e, rc, "app.user.get_thread_membership_for_user.app_error") < 0) {
        model_thread_dispose(&t);
        return -1;
    }
    *out = app_threads_view_json(db, &t, extended);
    if (keep) {
        keep->unread_replies = t.unread_replies;
        keep->unread_mentions = t.unread_mentions;
    }
    model_thread_dispose(&t);
    return *out ? 0 : app_error_set(e, 503, "app.user.get_threads_for_user.app_error", "thread view");
}

int app_threads_get(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *thread_id,
                    bool extended, json_t **out, app_error_t *e)
{
    if (may_see_thread(db, s, user_id, team_id, thread_id, e) < 0)
        return -1;
    return thread_json(db, user_id, thread_id, extended, out, NULL, e);
}

/* The live root post of the thread (404 app.post.get.app_error). */
static int root_of(PGconn *db, const char *thread_id, model_post_t *p, app_error_t *e)
{
    return app_posts_access_post(db, thread_id, false, p, e);
}

int app_threads_follow(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *thread_id,
                       bool state, app_error_t *e)
{
    model_post_t root;
    if (may_see_thread(db, s, user_id, team_id, thread_id, e) < 0 || root_of(db, thread_id, &root, e) < 0)
        return -1;
    int rc = store_threads_set_following(db, user_id, thread_id, state, pl_time_ms());
    int64_t replies = root.reply_count;
    model_post_dispose(&root);
    if (app_error_check_store(e, rc, "app.user.update_thread_follow_for_user.app_error") < 0)
        return -1;
    ws_broadcast_t bc = {.user_id = user_id, .team_id = team_id};
    ws_publish(APP_THREADS_EVENT_FOLLOW_CHANGED,
               json_pack("{s:s, s:b, s:I}", "thread_id", thread_id, "state", state, "reply_count", (json_int_t)replies), &bc);
    return 0;
}

/* The replies of the thread after `after` that mention user_id (countThreadMentions). */
static int count_mentions(PGconn *db, const model_post_t *root, const char *user_id, int64_t after, int64_t *out)
{
    model_post_list_t l = {0};
    model_channel_t c;
    store_posts_thread_page_t pg = {.oldest_first = true, .from_create_at = after};
    bool more;
    int rc = store_posts_list_thread(db, root->id, &pg, &l, &more);
    if (rc == STORE_OK)
        rc = store_channels_get(db, root->channel_id, &c);
    size_t from = l.n > 0 && strcmp(l.items[0].id, root->id) == 0; /* the root, oldest, when after precedes it */
    int64_t root_n = 0, urgent = 0;
    *out = 0;
    if (rc == STORE_OK) {
        rc = app_posts_mentions_count(db, &c, user_id, l.items + from, l.n - from, out, &root_n, &urgent);
        model_channel_dispose(&c);
    }
    model_post_list_dispose(&l);
    return rc;
}

/* Read up to last_viewed, then ThreadResponse in *out and thread_read_changed. */
static int set_read(PGconn *db, const char *user_id, const char *team_id, const model_post_t *root, int64_t last_viewed,
                    json_t **out, app_error_t *e)
{
    model_thread_t before = {0}, after = {0};
    json_t *ignored = NULL;
    int64_t mentions = 0;
    if (thread_json(db, user_id, root->id, false, &ignored, &before, e) < 0)
        memset(e, 0, sizeof(*e)); /* no membership yet: nothing was unread */
    json_decref(ignored);
    int rc = count_mentions(db, root, user_id, last_viewed, &mentions);
    if (rc == STORE_OK)
        rc = store_threads_set_read(db, user_id, root->id, last_viewed, mentions, pl_time_ms());
    if (app_error_check_store(e, rc, "app.user.update_thread_read_for_user.app_error") < 0 ||
        thread_json(db, user_id, root->id, false, out, &after, e) < 0)
        return -1;
    ws_broadcast_t bc = {.user_id = user_id, .team_id = team_id};
    ws_publish(APP_THREADS_EVENT_READ_CHANGED,
               json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:s}", "thread_id", root->id, "timestamp", (json_int_t)last_viewed,
                         "unread_mentions", (json_int_t)after.unread_mentions, "unread_replies", (json_int_t)after.unread_replies,
                         "previous_unread_mentions", (json_int_t)before.unread_mentions, "previous_unread_replies",
                         (json_int_t)before.unread_replies, "channel_id", root->channel_id),
               &bc);
    return 0;
}

int app_threads_read(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *thread_id,
                     int64_t timestamp, json_t **out, app_error_t *e)
{
    model_post_t root;
    if (may_see_thread(db, s, user_id, team_id, thread_id, e) < 0 || root_of(db, thread_id, &root, e) < 0)
        return -1;
    int rc = set_read(db, user_id, team_id, &root, timestamp, out, e);
    model_post_dispose(&root);
    return rc;
}

int app_threads_set_unread(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *thread_id,
                           const char *post_id, json_t **out, app_error_t *e)
{
    model_post_t root, p;
    if (may_see_thread(db, s, user_id, team_id, thread_id, e) < 0 || app_posts_access_id(post_id, "post_id", e) < 0 ||
        root_of(db, thread_id, &root, e) < 0)
        return -1;
    int rc = store_posts_get(db, post_id, false, &p);
    if (rc == STORE_OK && strcmp(p.id, root.id) != 0 && strcmp(p.root_id, root.id) != 0)
        rc = STORE_ENOTFOUND;
    if (rc == STORE_ENOTFOUND)
        rc = app_error_set(e, 400, "app.user.update_thread_read_for_user_by_post.app_error", NULL);
    else if (app_error_check_store(e, rc, "app.post.get.app_error") == 0)
        rc = set_read(db, user_id, team_id, &root, p.create_at - 1, out, e);
    model_post_dispose(&p);
    model_post_dispose(&root);
    return rc < 0 ? -1 : 0;
}

int app_threads_read_all(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, app_error_t *e)
{
    if (may_see(db, s, user_id, team_id, e) < 0)
        return -1;
    int64_t now = pl_time_ms();
    if (app_error_check_store(e, store_threads_read_all(db, user_id, team_id, now),
                              "app.user.update_threads_read_for_user.app_error") < 0)
        return -1;
    ws_broadcast_t bc = {.user_id = user_id, .team_id = team_id};
    ws_publish(APP_THREADS_EVENT_READ_CHANGED, json_pack("{s:I}", "timestamp", (json_int_t)now), &bc);
    return 0;
}
