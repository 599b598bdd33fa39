/* Reactions (store/reactions.h). */
#include "store/reactions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/invalidate.h"
#include "store/posts_row.h"

#define COLS "user_id, post_id, emoji_name, create_at, update_at, delete_at, coalesce(remote_id, ''), channel_id"

/* ok: the post exists and the emoji is within the limit ($6 = 0: none); r: the upsert; u: the post. */
static const char SAVE_SQL[] =
    "WITH ok AS (SELECT 1 FROM posts WHERE id = $2 AND ($6::bigint = 0 OR EXISTS (SELECT 1 FROM reactions WHERE "
    "post_id = $2 AND emoji_name = $3 AND delete_at = 0) OR (SELECT count(DISTINCT emoji_name) FROM reactions WHERE "
    "post_id = $2 AND delete_at = 0) < $6::bigint)), "
    "r AS (INSERT INTO reactions (user_id, post_id, emoji_name, create_at, update_at, delete_at, channel_id) "
    "SELECT $1, $2, $3, $4::bigint, $5::bigint, 0, $7 FROM ok ON CONFLICT (post_id, user_id, emoji_name) DO UPDATE SET "
    "update_at = excluded.update_at, delete_at = 0, channel_id = excluded.channel_id RETURNING create_at), "
    "u AS (UPDATE posts SET has_reactions = true, update_at = greatest(update_at, $5::bigint) WHERE id = $2 AND "
    "EXISTS (SELECT 1 FROM r)) "
    "SELECT create_at FROM r";

/* The post's other live reactions decide has_reactions (the CTEs see the rows as they were before d). */
static const char DELETE_SQL[] =
    "WITH d AS (UPDATE reactions SET delete_at = $4::bigint, update_at = $4::bigint WHERE post_id = $2 AND user_id = $1 "
    "AND emoji_name = $3 AND delete_at = 0 RETURNING 1), "
    "u AS (UPDATE posts SET has_reactions = EXISTS (SELECT 1 FROM reactions WHERE post_id = $2 AND delete_at = 0 AND "
    "NOT (user_id = $1 AND emoji_name = $3)), update_at = greatest(update_at, $4::bigint) WHERE id = $2 AND "
    "EXISTS (SELECT 1 FROM d)) "
    "SELECT count(*) FROM d";

void store_reactions_list_dispose(store_reactions_list_t *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

int store_reactions_save(PGconn *db, model_reaction_t *r, int64_t limit)
{
    char created[24], updated[24], lim[24];
    snprintf(created, sizeof(created), "%lld", (long long)r->create_at);
    snprintf(updated, sizeof(updated), "%lld", (long long)r->update_at);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {r->user_id, r->post_id, r->emoji_name, created, updated, lim, r->channel_id};
    PGresult *res = NULL;
    int rc = store_db_exec_prepared(db, "reactions_save", SAVE_SQL, 7, p, &res);
    if (rc == STORE_OK && PQntuples(res) == 0)
        rc = STORE_ECONFLICT;
    else if (rc == STORE_OK)
        r->create_at = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    if (rc == STORE_OK)
        store_invalidate_channel(r->channel_id); /* the post's reactions and update_at: its channel's cached lists */
    return rc;
}

int store_reactions_delete(PGconn *db, const model_reaction_t *r, int64_t at, int *removed)
{
    char t[24];
    snprintf(t, sizeof(t), "%lld", (long long)at);
    const char *p[] = {r->user_id, r->post_id, r->emoji_name, t};
    PGresult *res = NULL;
    *removed = 0;
    int rc = store_db_exec_prepared(db, "reactions_delete", DELETE_SQL, 4, p, &res);
    if (rc == STORE_OK)
        *removed = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    if (rc == STORE_OK && *removed)
        store_invalidate_channel(r->channel_id);
    return rc;
}

static void copy_col(const PGresult *res, int i, int col, char *dst, size_t cap)
{
    snprintf(dst, cap, "%s", PQgetvalue(res, i, col));
}

static void read_row(const PGresult *res, int i, void *item)
{
    model_reaction_t *r = item;
    copy_col(res, i, 0, r->user_id, sizeof(r->user_id));
    copy_col(res, i, 1, r->post_id, sizeof(r->post_id));
    copy_col(res, i, 2, r->emoji_name, sizeof(r->emoji_name));
    r->create_at = strtoll(PQgetvalue(res, i, 3), NULL, 10);
    r->update_at = strtoll(PQgetvalue(res, i, 4), NULL, 10);
    r->delete_at = strtoll(PQgetvalue(res, i, 5), NULL, 10);
    copy_col(res, i, 6, r->remote_id, sizeof(r->remote_id));
    copy_col(res, i, 7, r->channel_id, sizeof(r->channel_id));
}

int store_reactions_for_posts(PGconn *db, const char *const *ids, size_t n, store_reactions_list_t *out)
{
    char *arr = store_posts_row_id_array(ids, n);
    const char *p[] = {arr};
    PGresult *res = NULL;
    memset(out, 0, sizeof(*out));
    int rc = store_db_exec_prepared(db, "reactions_for_posts",
                                    "SELECT " COLS " FROM reactions WHERE post_id = ANY($1::text[]) AND delete_at = 0 "
                                    "ORDER BY post_id, create_at, user_id, emoji_name",
                                    1, p, &res);
    free(arr);
    if (rc == STORE_OK)
        rc = store_db_rows_read(res, sizeof(model_reaction_t), read_row, (void **)&out->items, &out->n);
    PQclear(res);
    return rc;
}
