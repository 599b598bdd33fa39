/* The post lists of a channel and of a thread (app/posts.h). */
#include "app/posts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/permissions.h"
#include "app/posts_access.h"
#include "model/config.h"
#include "store/channels.h"
#include "store/channel_members_list.h"
#include "store/db.h"
#include "store/posts.h"

#define SINCE_MAX 1000 /* GetPostsSince's limit */
#define ETAG_VERSION "11.9.0"

/* The channel of a list: loaded, readable, not archived unless TeamSettings.ExperimentalViewArchivedChannels. */
static int channel_for_list(PGconn *db, const app_session_t *s, const char *channel_id, model_channel_t *c, app_error_t *e)
{
    if (app_posts_access_channel(db, channel_id, c, e) < 0)
        return -1;
    int rc = app_posts_access_read(db, s, c, e);
    if (rc == 0 && c->delete_at != 0 && !model_config_get()->team.experimental_view_archived_channels)
        rc = app_error_set(e, 403, "api.user.view_archived_channels.get_posts_for_channel.app_error", NULL);
    model_channel_dispose(c);
    return rc;
}

/* AddCursorIdsForPostList: next_post_id is the post right after the newest of order, prev_post_id right before the
 * oldest (found by time, as GetPostIdAfterTime / GetPostIdBeforeTime), unless the mode fixed them. */
static int cursor_ids(PGconn *db, model_post_list_t *l, const char *channel_id, bool collapsed, bool next_set, bool prev_set)
{
    bool more;
    model_post_list_t one;
    if (l->n_order == 0)
        return STORE_OK;
    if (!next_set) {
        int rc = store_posts_list_from_time(db, channel_id, l->items[0].create_at, STORE_POSTS_AFTER, 1, collapsed, &one, &more);
        if (rc != STORE_OK)
            return rc;
        if (one.n)
            snprintf(l->next_post_id, sizeof(l->next_post_id), "%s", one.items[one.n - 1].id);
        model_post_list_dispose(&one);
    }
    if (!prev_set) {
        model_post_t anchor = l->items[l->n_order - 1];
        int rc = store_posts_list_around(db, channel_id, &anchor, STORE_POSTS_BEFORE, 0, 1, collapsed, &one, &more);
        if (rc != STORE_OK)
            return rc;
        if (one.n)
            snprintf(l->prev_post_id, sizeof(l->prev_post_id), "%s", one.items[0].id);
        model_post_list_dispose(&one);
    }
    return STORE_OK;
}

/* skipFetchThreads=false: the roots of the replies in order join posts (not order). */
static int add_roots(PGconn *db, model_post_list_t *l)
{
    const char **ids = calloc(l->n + 1, sizeof(*ids));
    size_t n = 0;
    if (ids == NULL)
        abort();
    for (size_t i = 0; i < l->n_order; i++) {
        const char *r = l->items[i].root_id;
        bool have = false;
        for (size_t k = 0; k < l->n && !have; k++)
            have = strcmp(l->items[k].id, r) == 0;
        for (size_t k = 0; k < n && !have; k++)
            have = strcmp(ids[k], r) == 0;
        if (r[0] && !have)
            ids[n++] = r;
    }
    model_post_list_t roots = {0};
    int rc = n ? store_posts_get_many(db, ids, n, &roots) : STORE_OK;
    free(ids);
    if (rc != STORE_OK || roots.n == 0)
        return rc;
    model_post_t *items = realloc(l->items, sizeof(*items) * (l->n + roots.n));
    if (items == NULL)
        abort();
    l->items = items;
    memcpy(l->items + l->n, roots.items, sizeof(*items) * roots.n);
    l->n += roots.n;
    free(roots.items);
    return STORE_OK;
}

static int anchor_load(PGconn *db, const char *id, const char *param, model_post_t *p, app_error_t *e)
{
    if (app_posts_access_id(id, param, e) < 0)
        return -1;
    int rc = store_posts_get(db, id, true, p);
    if (rc != STORE_OK)
        model_post_dispose(p);
    if (rc == STORE_ENOTFOUND)
        return 1; /* an unknown anchor: an empty page */
    return app_error_check_store(e, rc, "app.post.get.app_error");
}

static int list_around(PGconn *db, const char *channel_id, const app_posts_query_t *q, model_post_list_t *out, app_error_t *e)
{
    bool before = q->before[0] != '\0', more;
    model_post_t anchor;
    int rc = anchor_load(db, before ? q->before : q->after, before ? "before" : "after", &anchor, e);
    if (rc != 0) {
        memset(out, 0, sizeof(*out));
        return rc < 0 ? -1 : 0;
    }
    rc = store_posts_list_around(db, channel_id, &anchor, before ? STORE_POSTS_BEFORE : STORE_POSTS_AFTER, q->page * q->per_page,
                                 q->per_page, q->collapsed, out, &more);
    model_post_dispose(&anchor);
    if (rc == STORE_OK && q->page == 0)
        snprintf(before ? out->next_post_id : out->prev_post_id, PL_ID_LEN + 1, "%s", before ? q->before : q->after);
    if (rc == STORE_OK)
        rc = cursor_ids(db, out, channel_id, q->collapsed, before ? q->page == 0 || out->n_order == 0 : out->n_order == 0,
                        before ? out->n_order == 0 : q->page == 0 || out->n_order == 0);
    return app_error_check_store(e, rc, "app.post.get_posts_around.get.app_error");
}

int app_posts_list_etag(PGconn *db, const char *channel_id, bool collapsed, char *etag, size_t etag_n, app_error_t *e)
{
    int64_t last = 0;
    if (app_error_check_store(e, store_posts_last_update(db, channel_id, &last), "app.post.get_posts.app_error") < 0)
        return -1;
    snprintf(etag, etag_n, "%s.%lld.%s", ETAG_VERSION, (long long)last, collapsed ? "true" : "false");
    return 0;
}

static int list_modes(PGconn *db, const char *channel_id, const app_posts_query_t *q, model_post_list_t *out, app_error_t *e)
{
    bool more;
    int rc;
    if (q->since > 0) {
        rc = store_posts_list_since(db, channel_id, q->since, q->collapsed, SINCE_MAX, out);
        return app_error_check_store(e, rc, "app.post.get_posts_since.app_error");
    }
    if (q->before[0] || q->after[0])
        return list_around(db, channel_id, q, out, e);
    rc = store_posts_list_page(db, channel_id, q->page * q->per_page, q->per_page, q->collapsed, q->include_deleted, out, &more);
    if (rc == STORE_OK)
        rc = cursor_ids(db, out, channel_id, q->collapsed, false, false);
    return app_error_check_store(e, rc, "app.post.get_posts.app_error");
}

int app_posts_list_channel(PGconn *db, const app_session_t *s, const char *channel_id, const app_posts_query_t *q,
                           model_post_list_t *out, char *etag, size_t etag_n, app_error_t *e)
{
    model_channel_t c;
    memset(out, 0, sizeof(*out));
    etag[0] = '\0';
    if (q->include_deleted && app_permissions_require(db, s, "read_deleted_posts", NULL, NULL, e) < 0)
        return -1;
    if (channel_for_list(db, s, channel_id, &c, e) < 0)
        return -1;
    if (q->since <= 0 && app_posts_list_etag(db, channel_id, q->collapsed, etag, etag_n, e) < 0)
        return -1;
    if (list_modes(db, channel_id, q, out, e) < 0)
        return -1;
    if (!q->skip_fetch_threads && !q->collapsed && add_roots(db, out) != STORE_OK) {
        model_post_list_dispose(out);
        return app_error_set(e, 500, "app.post.get_posts.app_error", NULL);
    }
    return 0;
}

/* GetPostsForChannelAroundLastUnread: the first post after the member's last_viewed_at, limit_after - 1 newer
 * ones and limit_before older ones; nothing when the member never viewed or everything is read. */
static int around_unread(PGconn *db, const char *channel_id, int64_t viewed, int64_t before, int64_t after, bool collapsed,
                         model_post_list_t *out)
{
    bool more;
    model_post_list_t first = {0}, newer = {0}, older = {0};
    memset(out, 0, sizeof(*out));
    int rc =
        viewed > 0 ? store_posts_list_from_time(db, channel_id, viewed, STORE_POSTS_AFTER, 1, collapsed, &first, &more) : STORE_OK;
    if (rc != STORE_OK || first.n == 0) {
        model_post_list_dispose(&first);
        return rc;
    }
    const model_post_t *p = &first.items[0];
    rc = store_posts_list_around(db, channel_id, p, STORE_POSTS_AFTER, 0, after - 1, collapsed, &newer, &more);
    if (rc == STORE_OK)
        rc = store_posts_list_around(db, channel_id, p, STORE_POSTS_BEFORE, 0, before, collapsed, &older, &more);
    if (rc == STORE_OK) {
        out->items = calloc(newer.n + 1 + older.n, sizeof(*out->items));
        if (out->items == NULL)
            abort();
        memcpy(out->items, newer.items, sizeof(*out->items) * newer.n);
        memcpy(out->items + newer.n, first.items, sizeof(*out->items));
        memcpy(out->items + newer.n + 1, older.items, sizeof(*out->items) * older.n);
        out->n = out->n_order = newer.n + 1 + older.n;
        newer.n = first.n = older.n = 0;
    }
    model_post_list_dispose(&first);
    model_post_list_dispose(&newer);
    model_post_list_dispose(&older);
    return rc;
}

int app_posts_list_unread(PGconn *db, const app_session_t *s, const char *user_id, const char *channel_id, int64_t limit_before,
                          int64_t limit_after, const app_posts_query_t *q, model_post_list_t *out, app_error_t *e)
{
    model_channel_t c;
    model_channel_member_t m;
    memset(out, 0, sizeof(*out));
    if (app_permissions_can_edit_user(db, s, user_id, e) < 0)
        return -1;
    if (app_posts_access_channel(db, channel_id, &c, e) < 0)
        return -1;
    int rc = app_posts_access_require(db, s, &c, "read_channel_content", e);
    model_channel_dispose(&c);
    if (rc < 0)
        return -1;
    if (limit_after <= 0)
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "limit_after");
    memset(&m, 0, sizeof(m));
    rc = store_channel_members_get(db, channel_id, user_id, &m);
    if (rc != STORE_OK)
        return app_error_check_store(e, rc, "app.channel.get_member.missing.app_error");
    int64_t viewed = m.last_viewed_at;
    model_channel_member_dispose(&m);
    rc = around_unread(db, channel_id, viewed, limit_before, limit_after, q->collapsed, out);
    if (rc == STORE_OK && out->n_order == 0) {
        bool more;
        rc = store_posts_list_page(db, channel_id, 0, limit_before, q->collapsed, false, out, &more);
    }
    if (rc == STORE_OK)
        rc = cursor_ids(db, out, channel_id, q->collapsed, false, false);
    if (rc == STORE_OK && !q->skip_fetch_threads && !q->collapsed)
        rc = add_roots(db, out);
    if (rc != STORE_OK)
        model_post_list_dispose(out);
    return app_error_check_store(e, rc, "app.post.get_posts_around.get.app_error");
}

/* Take the post with id out of l from index from on (the page may hold the requested post again). */
static void drop_id(model_post_list_t *l, size_t from, const char *id)
{
    for (size_t i = from; i < l->n; i++) {
        if (strcmp(l->items[i].id, id) != 0)
            continue;
        model_post_dispose(&l->items[i]);
        memmove(&l->items[i], &l->items[i + 1], sizeof(l->items[0]) * (l->n - i - 1));
        l->n--;
        break;
    }
    l->n_order = l->n;
}

int app_posts_list_thread(PGconn *db, const app_session_t *s, const char *id, const app_posts_thread_query_t *q,
                          model_post_list_t *out, app_error_t *e)
{
    memset(out, 0, sizeof(*out));
    out->items = calloc(1, sizeof(*out->items));
    if (out->items == NULL)
        abort();
    if (app_posts_get(db, s, id, false, &out->items[0], e) < 0) {
        free(out->items);
        out->items = NULL;
        return -1;
    }
    out->n = out->n_order = 1;
    if (q->skip_fetch_threads)
        return 0;
    const model_post_t *p = &out->items[0];
    char root[PL_ID_LEN + 1];
    snprintf(root, sizeof(root), "%s", p->root_id[0] ? p->root_id : p->id);
    store_posts_thread_page_t pg = {
        .oldest_first = q->down, .from_create_at = q->from_create_at, .from_post = q->from_post, .limit = q->per_page};
    int rc = store_posts_list_thread(db, root, &pg, out, &out->has_next);
    drop_id(out, 1, id);
    if (app_error_check_store(e, rc, "app.post.get.app_error") < 0) {
        model_post_list_dispose(out);
        return -1;
    }
    return 0;
}

int app_posts_list_pinned(PGconn *db, const app_session_t *s, const char *channel_id, model_post_list_t *out, app_error_t *e)
{
    model_channel_t c;
    memset(out, 0, sizeof(*out));
    if (app_posts_access_channel(db, channel_id, &c, e) < 0)
        return -1;
    int rc = app_posts_access_read(db, s, &c, e);
    model_channel_dispose(&c);
    if (rc < 0)
        return -1;
    return app_error_check_store(e, store_posts_list_pinned(db, channel_id, out), "app.channel.pinned_posts.app_error");
}
