/* Thread membership writes (store/threads.h). */
#include "store/threads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/invalidate.h"
#include "store/posts_row.h"

/* before: the followers as they were; up: MaintainMembership for each participant (an unfollowed one only when
 * mentioned); the result: every follower now, the new ones flagged. */
static const char REPLY_SQL[] =
    "WITH before AS (SELECT user_id FROM thread_memberships WHERE post_id = $1 AND following), "
    "up AS (INSERT INTO thread_memberships AS m (post_id, user_id, following, last_viewed, last_updated, unread_mentions) "
    "SELECT $1, u.id, true, CASE WHEN u.id = $2 THEN $4::bigint ELSE 0 END, $4::bigint, "
    "CASE WHEN u.id = ANY($5::text[]) THEN 1 ELSE 0 END FROM unnest($3::text[]) AS u(id) "
    "ON CONFLICT (post_id, user_id) DO UPDATE SET following = true, "
    "unread_mentions = CASE WHEN excluded.user_id = $2 THEN 0 ELSE m.unread_mentions + excluded.unread_mentions END, "
    "last_viewed = CASE WHEN excluded.user_id = $2 THEN excluded.last_viewed ELSE m.last_viewed END, "
    "last_updated = excluded.last_updated WHERE m.following OR excluded.unread_mentions > 0 RETURNING user_id) "
    "SELECT user_id, user_id NOT IN (SELECT user_id FROM before) FROM up "
    "UNION ALL SELECT user_id, false FROM before WHERE user_id NOT IN (SELECT user_id FROM up)";

static void read_follower(const PGresult *res, int i, void *item)
{
    store_threads_follower_t *f = item;
    snprintf(f->user_id, sizeof(f->user_id), "%s", PQgetvalue(res, i, 0));
    f->is_new = PQgetvalue(res, i, 1)[0] == 't';
}

int store_threads_reply(PGconn *db, const char *root_id, const char *poster, const char *const *participants, size_t n,
                        const char *const *mentioned, size_t nmentioned, int64_t at, store_threads_followers_t *out)
{
    char t[24];
    snprintf(t, sizeof(t), "%lld", (long long)at);
    char *who = store_posts_row_id_array(participants, n), *men = store_posts_row_id_array(mentioned, nmentioned);
    const char *p[] = {root_id, poster, who, t, men};
    PGresult *res = NULL;
    memset(out, 0, sizeof(*out));
    int rc = store_db_exec_prepared(db, "threads_reply", REPLY_SQL, 5, p, &res);
    free(who);
    free(men);
    if (rc == STORE_OK)
        rc = store_db_rows_read(res, sizeof(store_threads_follower_t), read_follower, (void **)&out->items, &out->n);
    PQclear(res);
    for (size_t i = 0; rc == STORE_OK && i < out->n; i++)
        store_invalidate_member_counts(out->items[i].user_id); /* each follower's threads moved */
    return rc;
}

void store_threads_followers_dispose(store_threads_followers_t *f)
{
    free(f->items);
    f->items = NULL;
    f->n = 0;
}

/* A write of user_id's thread state: their thread lists change. */
static int exec_for_user(PGconn *db, const char *name, const char *sql, int n, const char *const *p, const char *user_id)
{
    int rc = store_db_exec_prepared(db, name, sql, n, p, NULL);
    if (rc == STORE_OK)
        store_invalidate_member_counts(user_id);
    return rc;
}

int store_threads_set_following(PGconn *db, const char *user_id, const char *root_id, bool following, int64_t at)
{
    char t[24];
    snprintf(t, sizeof(t), "%lld", (long long)at);
    const char *p[] = {root_id, user_id, following ? "t" : "f", t};
    return exec_for_user(
        db, "threads_set_following",
        "INSERT INTO thread_memberships AS m (post_id, user_id, following, last_viewed, last_updated, unread_mentions) "
        "VALUES ($1, $2, $3::boolean, CASE WHEN $3::boolean THEN $4::bigint ELSE 0 END, $4::bigint, 0) "
        "ON CONFLICT (post_id, user_id) DO UPDATE SET following = excluded.following, "
        "last_viewed = CASE WHEN excluded.following THEN excluded.last_updated ELSE m.last_viewed END, "
        "unread_mentions = CASE WHEN excluded.following THEN 0 ELSE m.unread_mentions END, "
        "last_updated = excluded.last_updated",
        4, p, user_id);
}

int store_threads_set_read(PGconn *db, const char *user_id, const char *root_id, int64_t last_viewed, int64_t unread_mentions,
                           int64_t at)
{
    char v[24], u[24], t[24];
    snprintf(v, sizeof(v), "%lld", (long long)last_viewed);
    snprintf(u, sizeof(u), "%lld", (long long)unread_mentions);
    snprintf(t, sizeof(t), "%lld", (long long)at);
    const char *p[] = {root_id, user_id, v, u, t};
    return exec_for_user(
        db, "threads_set_read",
        "INSERT INTO thread_memberships AS m (post_id, user_id, following, last_viewed, last_updated, unread_mentions) "
        "VALUES ($1, $2, false, $3::bigint, $5::bigint, $4::bigint) ON CONFLICT (post_id, user_id) DO UPDATE SET "
        "last_viewed = excluded.last_viewed, unread_mentions = excluded.unread_mentions, "
        "last_updated = excluded.last_updated",
        5, p, user_id);
}

int store_threads_read_all(PGconn *db, const char *user_id, const char *team_id, int64_t at)
{
    char t[24];
    snprintf(t, sizeof(t), "%lld", (long long)at);
    const char *p[] = {user_id, team_id, t};
    return exec_for_user(db, "threads_read_all",
                         "UPDATE thread_memberships m SET last_viewed = $3::bigint, unread_mentions = 0, last_updated = $3::bigint "
                         "FROM threads t WHERE t.post_id = m.post_id AND m.user_id = $1 AND (t.team_id = $2 OR t.team_id = '') "
                         "AND (m.last_viewed < t.last_reply_at OR m.unread_mentions > 0)",
                         3, p, user_id);
}
