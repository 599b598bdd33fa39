/* The user's threads (store/threads.h). */
#include "store/threads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/posts_row.h"

/* Columns 0..22 are the root post's (STORE_POSTS_COLS with its thread t); then the membership m's view. */
#define COLS                                                                                                                       \
    "SELECT " STORE_POSTS_COLS ", m.last_viewed, (SELECT count(*) FROM posts r WHERE r.root_id = t.post_id AND "                   \
    "r.create_at > m.last_viewed AND r.delete_at = 0), m.unread_mentions, t.thread_delete_at, m.following, "                       \
    "t.participants::text, coalesce(p.priority, '') = 'urgent' "                                                                   \
    "FROM thread_memberships m JOIN threads t ON t.post_id = m.post_id JOIN posts p ON p.id = t.post_id "
#define MINE " WHERE m.user_id = $1 AND m.following AND (t.team_id = $2 OR t.team_id = '') "

static void read_row(const PGresult *res, int i, void *item)
{
    model_thread_t *t = item;
    store_posts_row_read(res, i, &t->post);
    t->last_viewed_at = strtoll(PQgetvalue(res, i, 23), NULL, 10);
    t->unread_replies = strtoll(PQgetvalue(res, i, 24), NULL, 10);
    t->unread_mentions = strtoll(PQgetvalue(res, i, 25), NULL, 10);
    t->delete_at = strtoll(PQgetvalue(res, i, 26), NULL, 10);
    t->following = PQgetvalue(res, i, 27)[0] == 't';
    t->participants = json_loads(PQgetvalue(res, i, 28), 0, NULL);
    if (!json_is_array(t->participants)) {
        json_decref(t->participants);
        t->participants = json_array();
    }
    t->is_urgent = PQgetvalue(res, i, 29)[0] == 't';
}

static void reverse(model_thread_list_t *l)
{
    for (size_t i = 0, j = l->n; i + 1 < j; i++, j--) {
        model_thread_t x = l->items[i];
        l->items[i] = l->items[j - 1];
        l->items[j - 1] = x;
    }
}

int store_threads_list(PGconn *db, const char *user_id, const char *team_id, const store_threads_query_t *q,
                       model_thread_list_t *out)
{
    char since[24], lim[24];
    snprintf(since, sizeof(since), "%lld", (long long)q->since);
    snprintf(lim, sizeof(lim), "%lld", (long long)q->limit);
    bool after = q->after && q->after[0];
    const char *p[] = {
        user_id, team_id, q->deleted ? "t" : "f", since, q->unread ? "t" : "f", q->before ? q->before : "", after ? q->after : "",
        lim};
    /* after: the nearest newer threads, read oldest first and turned */
    int rc = store_db_get_list(db,
                               COLS MINE "AND ($3::boolean OR t.thread_delete_at = 0) AND ($4::bigint = 0 OR t.last_reply_at > "
                                         "$4::bigint OR m.last_updated > $4::bigint) AND (NOT $5::boolean OR t.last_reply_at > "
                                         "m.last_viewed) AND ($6 = '' OR t.last_reply_at < (SELECT last_reply_at FROM threads "
                                         "WHERE post_id = $6)) AND ($7 = '' OR t.last_reply_at > (SELECT last_reply_at FROM "
                                         "threads WHERE post_id = $7)) ORDER BY CASE WHEN $7 = '' THEN -t.last_reply_at ELSE "
                                         "t.last_reply_at END, t.post_id LIMIT $8::bigint",
                               8, p, sizeof(model_thread_t), read_row, (void **)&out->items, &out->n);
    if (rc == STORE_OK && after)
        reverse(out);
    return rc;
}

static void read_totals(const PGresult *res, int i, void *item)
{
    model_thread_list_t *l = item;
    l->total = strtoll(PQgetvalue(res, i, 0), NULL, 10);
    l->total_unread_threads = strtoll(PQgetvalue(res, i, 1), NULL, 10);
    l->total_unread_mentions = strtoll(PQgetvalue(res, i, 2), NULL, 10);
    l->total_unread_urgent_mentions = strtoll(PQgetvalue(res, i, 3), NULL, 10);
}

int store_threads_totals(PGconn *db, const char *user_id, const char *team_id, model_thread_list_t *out)
{
    const char *p[] = {user_id, team_id};
    model_thread_list_t t = {0};
    int rc = store_db_get_one(db,
                              "SELECT count(*), count(*) FILTER (WHERE t.last_reply_at > m.last_viewed), "
                              "coalesce(sum(m.unread_mentions), 0), coalesce(sum(m.unread_mentions) FILTER (WHERE "
                              "p.priority = 'urgent'), 0) FROM thread_memberships m JOIN threads t ON t.post_id = m.post_id "
                              "JOIN posts p ON p.id = t.post_id" MINE "AND t.thread_delete_at = 0",
                              2, p, read_totals, &t);
    out->total = t.total;
    out->total_unread_threads = t.total_unread_threads;
    out->total_unread_mentions = t.total_unread_mentions;
    out->total_unread_urgent_mentions = t.total_unread_urgent_mentions;
    return rc;
}

int store_threads_get(PGconn *db, const char *user_id, const char *root_id, model_thread_t *out)
{
    const char *p[] = {user_id, root_id};
    memset(out, 0, sizeof(*out));
    int rc = store_db_get_one(db, COLS "WHERE m.user_id = $1 AND m.post_id = $2", 2, p, read_row, out);
    if (rc != STORE_OK)
        model_post_init(&out->post);
    return rc;
}
