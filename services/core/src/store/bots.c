#include "store/bots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/time.h"
#include "store/db.h"
#include "store/invalidate.h"
#include "store/users_row.h"

#define COLS                                                                                                                       \
    "b.user_id, u.username, u.first_name, b.description, b.owner_id, b.last_icon_update, b.create_at, "                            \
    "b.update_at, b.delete_at"

static void read_row(const PGresult *res, int i, void *item)
{
    model_bot_t *b = item;
    memset(b, 0, sizeof(*b));
    snprintf(b->user_id, sizeof(b->user_id), "%s", PQgetvalue(res, i, 0));
    snprintf(b->username, sizeof(b->username), "%s", PQgetvalue(res, i, 1));
    snprintf(b->display_name, sizeof(b->display_name), "%s", PQgetvalue(res, i, 2));
    snprintf(b->description, sizeof(b->description), "%s", PQgetvalue(res, i, 3));
    snprintf(b->owner_id, sizeof(b->owner_id), "%s", PQgetvalue(res, i, 4));
    b->last_icon_update = strtoll(PQgetvalue(res, i, 5), NULL, 10);
    b->create_at = strtoll(PQgetvalue(res, i, 6), NULL, 10);
    b->update_at = strtoll(PQgetvalue(res, i, 7), NULL, 10);
    b->delete_at = strtoll(PQgetvalue(res, i, 8), NULL, 10);
}

static int insert_bot_row(PGconn *db, const model_bot_t *b)
{
    char now[24];
    snprintf(now, sizeof(now), "%lld", (long long)b->create_at);
    const char *p[] = {b->user_id, b->description, b->owner_id, now};
    return store_db_exec(db,
                         "INSERT INTO bots (user_id, description, owner_id, create_at, update_at) VALUES ($1, $2, $3, "
                         "$4::bigint, $4::bigint)",
                         4, p, NULL);
}

static int name_taken(PGconn *db, const char *username, const char *self_id)
{
    const char *p[] = {username, self_id};
    PGresult *res = NULL;
    int rc = store_db_exec(db, "SELECT 1 FROM users WHERE username = $1 AND id <> $2", 2, p, &res);
    if (rc == STORE_OK && PQntuples(res) > 0)
        rc = STORE_EUNIQUE;
    PQclear(res);
    return rc;
}

int store_bots_create(PGconn *db, model_user_t *u, const model_bot_t *b, const char **dup_field)
{
    int rc = store_db_begin(db);
    if (rc != STORE_OK)
        return rc;
    if ((rc = name_taken(db, u->username, u->id)) == STORE_OK && (rc = store_users_row_insert(db, u)) == STORE_OK)
        rc = insert_bot_row(db, b);
    if (rc == STORE_EUNIQUE)
        *dup_field = "username";
    if (rc == STORE_OK)
        return store_db_commit(db);
    store_db_rollback(db);
    return rc;
}

int store_bots_get(PGconn *db, const char *user_id, bool include_deleted, model_bot_t *out)
{
    const char *p[] = {user_id, include_deleted ? "t" : "f"};
    return store_db_get_one(db,
                            "SELECT " COLS " FROM bots b JOIN users u ON u.id = b.user_id WHERE b.user_id = $1 AND "
                            "($2::boolean OR b.delete_at = 0)",
                            2, p, read_row, out);
}

int store_bots_list(PGconn *db, const char *owner_id, bool include_deleted, bool only_orphaned, int64_t offset, int64_t limit,
                    model_bot_list_t *out)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {owner_id ? owner_id : "", include_deleted ? "t" : "f", only_orphaned ? "t" : "f", off, lim};
    return store_db_get_list(db,
                             "SELECT " COLS " FROM bots b JOIN users u ON u.id = b.user_id WHERE ($1 = '' OR "
                             "b.owner_id = $1) AND ($2::boolean OR b.delete_at = 0) AND (NOT $3::boolean OR NOT EXISTS "
                             "(SELECT 1 FROM users o WHERE o.id = b.owner_id AND o.delete_at = 0)) ORDER BY u.username "
                             "OFFSET $4::bigint LIMIT $5::bigint",
                             5, p, sizeof(model_bot_t), read_row, (void **)&out->items, &out->n);
}

static int exec_rows(PGconn *db, const char *sql, int n, const char *const *p)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, sql, n, p, &res);
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    return rc;
}

int store_bots_update(PGconn *db, const model_bot_t *b, const char **dup_field)
{
    char now[24];
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    const char *pu[] = {b->user_id, b->username, b->display_name, b->description, now};
    int rc = name_taken(db, b->username, b->user_id);
    if (rc == STORE_EUNIQUE)
        *dup_field = "username";
    if (rc == STORE_OK)
        rc = exec_rows(db,
                       "UPDATE users SET username = $2, first_name = $3, bot_description = $4, update_at = "
                       "$5::bigint WHERE id = $1 AND is_bot",
                       5, pu);
    store_invalidate_user(b->user_id);
    const char *pb[] = {b->user_id, b->description, now};
    if (rc == STORE_OK)
        rc = exec_rows(db, "UPDATE bots SET description = $2, update_at = $3::bigint WHERE user_id = $1", 3, pb);
    return rc;
}

int store_bots_set_delete_at(PGconn *db, const char *user_id, int64_t delete_at)
{
    char v[24], now[24];
    snprintf(v, sizeof(v), "%lld", (long long)delete_at);
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    const char *p[] = {user_id, v, now};
    int rc = exec_rows(db, "UPDATE bots SET delete_at = $2::bigint, update_at = $3::bigint WHERE user_id = $1", 3, p);
    if (rc == STORE_OK)
        rc = exec_rows(db, "UPDATE users SET delete_at = $2::bigint, update_at = $3::bigint WHERE id = $1", 3, p);
    store_invalidate_user(user_id);
    return rc;
}

int store_bots_set_owner(PGconn *db, const char *user_id, const char *owner_id)
{
    char now[24];
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    const char *p[] = {user_id, owner_id, now};
    return exec_rows(db, "UPDATE bots SET owner_id = $2, update_at = $3::bigint WHERE user_id = $1", 3, p);
}
