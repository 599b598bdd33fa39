/* Post rows: read, change, delete, edit history (store/posts.h). */
#include "store/posts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/invalidate.h"
#include "store/posts_row.h"

int store_posts_get(PGconn *db, const char *id, bool include_deleted, model_post_t *out)
{
    const char *p[] = {id, include_deleted ? "t" : "f"};
    memset(out, 0, sizeof(*out));
    int rc = store_db_get_one(db,
                              "SELECT " STORE_POSTS_COLS " FROM posts p " STORE_POSTS_THREAD_JOIN
                              " WHERE p.id = $1 AND p.original_id = '' AND ($2::boolean OR p.delete_at = 0)",
                              2, p, store_posts_row_read, out);
    if (rc != STORE_OK)
        model_post_init(out);
    return rc;
}

int store_posts_get_pending(PGconn *db, const char *user_id, const char *pending_post_id, model_post_t *out)
{
    const char *p[] = {user_id, pending_post_id};
    memset(out, 0, sizeof(*out));
    int rc = store_db_get_one(db,
                              "SELECT " STORE_POSTS_COLS " FROM posts p " STORE_POSTS_THREAD_JOIN
                              " WHERE p.user_id = $1 AND p.pending_post_id = $2 AND p.pending_post_id <> ''",
                              2, p, store_posts_row_read, out);
    if (rc != STORE_OK)
        model_post_init(out);
    return rc;
}

int store_posts_get_many(PGconn *db, const char *const *ids, size_t n, model_post_list_t *out)
{
    char *arr = store_posts_row_id_array(ids, n);
    const char *p[] = {arr};
    memset(out, 0, sizeof(*out));
    int rc = store_posts_row_list(db, "posts_get_many",
                                  "SELECT " STORE_POSTS_COLS " FROM posts p " STORE_POSTS_THREAD_JOIN
                                  " WHERE p.id = ANY($1::text[]) AND p.delete_at = 0 AND p.original_id = '' "
                                  "ORDER BY p.create_at DESC, p.id DESC",
                                  1, p, out);
    free(arr);
    out->n_order = out->n;
    return rc;
}

int store_posts_update(PGconn *db, const model_post_t *p)
{
    char edit[24], upd[24];
    char *props = json_dumps(p->props, JSON_COMPACT), *files = json_dumps(p->file_ids, JSON_COMPACT);
    snprintf(edit, sizeof(edit), "%lld", (long long)p->edit_at);
    snprintf(upd, sizeof(upd), "%lld", (long long)p->update_at);
    const char *v[] = {p->id, p->message, p->hashtags, props, files, p->is_pinned ? "t" : "f", p->has_reactions ? "t" : "f",
                       edit,  upd};
    int rc = props && files
                 ? store_db_exec(db,
                                 "UPDATE posts SET message = $2, hashtags = $3, props = $4::jsonb, file_ids = $5::jsonb, "
                                 "is_pinned = $6::boolean, has_reactions = $7::boolean, edit_at = $8::bigint, "
                                 "update_at = $9::bigint WHERE id = $1 AND delete_at = 0",
                                 9, v, NULL)
                 : STORE_EINTERNAL;
    free(props);
    free(files);
    if (rc == STORE_OK)
        store_invalidate_channel(p->channel_id); /* an edit or a pin: the channel's cached post lists */
    return rc;
}

int store_posts_history_insert(PGconn *db, const model_post_t *old, int64_t at)
{
    char id[PL_ID_LEN + 1], when[24];
    pl_id_new(id);
    snprintf(when, sizeof(when), "%lld", (long long)at);
    const char *p[] = {id, old->id, when};
    return store_db_exec(db,
                         "INSERT INTO posts (id, create_at, update_at, edit_at, delete_at, is_pinned, user_id, channel_id, "
                         "root_id, original_id, message, type, props, hashtags, file_ids, has_reactions, remote_id) "
                         "SELECT $1, create_at, $3::bigint, edit_at, $3::bigint, is_pinned, user_id, channel_id, root_id, id, "
                         "message, type, props, hashtags, file_ids, has_reactions, remote_id FROM posts WHERE id = $2",
                         3, p, NULL);
}

/* A post left its channel's lists; its thread (or, for a root, the thread it was) changed for every member of
 * it: res holds their user ids. */
static void invalidate_thread(const model_post_t *post, int rc, PGresult *res)
{
    store_invalidate_channel(post->channel_id);
    for (int i = 0; rc == STORE_OK && i < PQntuples(res); i++)
        store_invalidate_member_counts(PQgetvalue(res, i, 0));
    PQclear(res);
}

int store_posts_delete(PGconn *db, const model_post_t *post, const char *by, int64_t at)
{
    PGresult *res = NULL;
    char when[24];
    snprintf(when, sizeof(when), "%lld", (long long)at);
    const char *p[] = {post->id, when, by ? by : "", post->root_id};
    int rc = store_db_exec(
        db,
        "WITH d AS (UPDATE posts SET delete_at = $2::bigint, update_at = $2::bigint, "
        "props = CASE WHEN $3 = '' THEN props ELSE props || jsonb_build_object('deleteBy', $3::text) END "
        "WHERE (id = $1 OR (root_id = $1 AND $4 = '')) AND delete_at = 0 AND original_id = '' RETURNING id), "
        "r AS (UPDATE reactions SET delete_at = $2::bigint, update_at = $2::bigint WHERE post_id IN (SELECT id FROM d) "
        "AND delete_at = 0), "
        "t AS (UPDATE threads SET reply_count = greatest(reply_count - 1, 0) WHERE post_id = $4 AND $4 <> '' "
        "AND EXISTS (SELECT 1 FROM d)), "
        "x AS (UPDATE threads SET thread_delete_at = $2::bigint WHERE post_id = $1 AND $4 = '') "
        "SELECT user_id FROM thread_memberships WHERE post_id = CASE WHEN $4 = '' THEN $1 ELSE $4 END "
        "AND EXISTS (SELECT 1 FROM d)",
        4, p, &res);
    invalidate_thread(post, rc, res);
    return rc;
}

int store_posts_delete_permanent(PGconn *db, const model_post_t *post)
{
    PGresult *res = NULL;
    const char *p[] = {post->id, post->root_id};
    int rc =
        store_db_exec(db,
                      "WITH d AS (DELETE FROM posts WHERE id = $1 OR original_id = $1 OR (root_id = $1 AND $2 = '') RETURNING id), "
                      "r AS (DELETE FROM reactions WHERE post_id IN (SELECT id FROM d)), "
                      "t AS (DELETE FROM threads WHERE post_id = $1), "
                      "m AS (DELETE FROM thread_memberships WHERE post_id = $1), "
                      "c AS (UPDATE threads SET reply_count = greatest(reply_count - 1, 0) WHERE post_id = $2 AND $2 <> '') "
                      "SELECT user_id FROM thread_memberships WHERE post_id = CASE WHEN $2 = '' THEN $1 ELSE $2 END",
                      2, p, &res);
    invalidate_thread(post, rc, res);
    return rc;
}

int store_posts_last_update(PGconn *db, const char *channel_id, int64_t *out)
{
    const char *p[] = {channel_id};
    PGresult *res = NULL;
    int rc = store_db_exec_prepared(db, "posts_last_update", "SELECT coalesce(max(update_at), 0) FROM posts WHERE channel_id = $1",
                                    1, p, &res);
    if (rc != STORE_OK)
        return rc;
    *out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return STORE_OK;
}
