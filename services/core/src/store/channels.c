#include "store/channels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/invalidate.h"

#define CHANNEL_COLS                                                                                                               \
    "id, create_at, update_at, delete_at, team_id, type, display_name, name, header, purpose, last_post_at, total_msg_count, "     \
    "extra_update_at, creator_id, coalesce(scheme_id, ''), props::text, "                                                          \
    "CASE WHEN group_constrained IS NULL THEN -1 WHEN group_constrained THEN 1 ELSE 0 END, "                                       \
    "CASE WHEN shared IS NULL THEN -1 WHEN shared THEN 1 ELSE 0 END, total_msg_count_root, last_root_post_at"

static void cp(char *dst, size_t n, const PGresult *res, int row, int col)
{
    snprintf(dst, n, "%s", PQgetvalue(res, row, col));
}

static int64_t num(const PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static void read_channel(const PGresult *res, int i, void *item)
{
    model_channel_t *c = item;
    memset(c, 0, sizeof(*c));
    cp(c->id, sizeof(c->id), res, i, 0);
    c->create_at = num(res, i, 1);
    c->update_at = num(res, i, 2);
    c->delete_at = num(res, i, 3);
    cp(c->team_id, sizeof(c->team_id), res, i, 4);
    c->type = PQgetvalue(res, i, 5)[0];
    cp(c->display_name, sizeof(c->display_name), res, i, 6);
    cp(c->name, sizeof(c->name), res, i, 7);
    cp(c->header, sizeof(c->header), res, i, 8);
    cp(c->purpose, sizeof(c->purpose), res, i, 9);
    c->last_post_at = num(res, i, 10);
    c->total_msg_count = num(res, i, 11);
    c->extra_update_at = num(res, i, 12);
    cp(c->creator_id, sizeof(c->creator_id), res, i, 13);
    cp(c->scheme_id, sizeof(c->scheme_id), res, i, 14);
    c->props = PQgetisnull(res, i, 15) ? NULL : json_loads(PQgetvalue(res, i, 15), JSON_DECODE_ANY, NULL);
    c->group_constrained = (int)num(res, i, 16);
    c->shared = (int)num(res, i, 17);
    c->total_msg_count_root = num(res, i, 18);
    c->last_root_post_at = num(res, i, 19);
}

typedef struct channel_params {
    char n[8][24], type[2];
    char *props;
    const char *p[20];
} channel_params_t;

/* The 20 columns of CHANNEL_COLS, in order, as text parameters (channel_params_free after). */
static void channel_params(const model_channel_t *c, channel_params_t *cp_)
{
    const int64_t v[8] = {c->create_at,
                          c->update_at,
                          c->delete_at,
                          c->last_post_at,
                          c->total_msg_count,
                          c->extra_update_at,
                          c->total_msg_count_root,
                          c->last_root_post_at};
    for (int i = 0; i < 8; i++)
        snprintf(cp_->n[i], sizeof(cp_->n[i]), "%lld", (long long)v[i]);
    cp_->type[0] = c->type, cp_->type[1] = '\0';
    cp_->props = c->props ? json_dumps(c->props, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    const char *p[20] = {c->id,
                         cp_->n[0],
                         cp_->n[1],
                         cp_->n[2],
                         c->team_id,
                         cp_->type,
                         c->display_name,
                         c->name,
                         c->header,
                         c->purpose,
                         cp_->n[3],
                         cp_->n[4],
                         cp_->n[5],
                         c->creator_id,
                         c->scheme_id[0] ? c->scheme_id : NULL,
                         cp_->props,
                         c->group_constrained < 0 ? NULL
                         : c->group_constrained   ? "t"
                                                  : "f",
                         c->shared < 0 ? NULL
                         : c->shared   ? "t"
                                       : "f",
                         cp_->n[6],
                         cp_->n[7]};
    memcpy(cp_->p, p, sizeof(p));
}

static void channel_params_free(channel_params_t *cp_)
{
    free(cp_->props);
}

static int insert_row(PGconn *db, const model_channel_t *c)
{
    channel_params_t cp_;
    channel_params(c, &cp_);
    int rc = store_db_exec(db,
                           "INSERT INTO channels (id, create_at, update_at, delete_at, team_id, type, display_name, name, "
                           "header, purpose, last_post_at, total_msg_count, extra_update_at, creator_id, scheme_id, props, "
                           "group_constrained, shared, total_msg_count_root, last_root_post_at) VALUES ($1, $2::bigint, "
                           "$3::bigint, $4::bigint, $5, $6, $7, $8, $9, $10, $11::bigint, $12::bigint, $13::bigint, $14, "
                           "$15, $16::jsonb, $17::boolean, $18::boolean, $19::bigint, $20::bigint)",
                           20, cp_.p, NULL);
    channel_params_free(&cp_);
    return rc;
}

int store_channels_insert(PGconn *db, const model_channel_t *c, const model_channel_member_t *members, size_t n,
                          const char **dup_field)
{
    int rc = store_db_begin(db);
    if (rc != STORE_OK)
        return rc;
    rc = insert_row(db, c);
    store_invalidate_channel(c->id);
    if (rc == STORE_EUNIQUE && dup_field)
        *dup_field = "name";
    for (size_t i = 0; rc == STORE_OK && i < n; i++) {
        rc = store_channel_members_insert(db, &members[i]);
        if (rc == STORE_EUNIQUE) /* the same user twice (a self-DM) */
            rc = STORE_OK;
    }
    if (rc == STORE_OK)
        return store_db_commit(db);
    store_db_rollback(db);
    return rc;
}

int store_channels_get(PGconn *db, const char *id, model_channel_t *out)
{
    return store_db_get_one(db, "SELECT " CHANNEL_COLS " FROM channels WHERE id = $1", 1, &id, read_channel, out);
}

int store_channels_get_by_name(PGconn *db, const char *team_id, const char *name, bool include_deleted, model_channel_t *out)
{
    const char *p[] = {team_id, name, include_deleted ? "t" : "f"};
    return store_db_get_one(db,
                            "SELECT " CHANNEL_COLS " FROM channels WHERE team_id = $1 AND name = $2 AND ($3::boolean OR "
                            "delete_at = 0)",
                            3, p, read_channel, out);
}

int store_channels_update(PGconn *db, const model_channel_t *c, const char **dup_field)
{
    channel_params_t cp_;
    channel_params(c, &cp_);
    const char *p[] = {cp_.p[0], cp_.p[6], cp_.p[7],  cp_.p[8],  cp_.p[9],  cp_.p[5],
                       cp_.p[3], cp_.p[2], cp_.p[12], cp_.p[16], cp_.p[15], cp_.p[14]};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "UPDATE channels SET display_name = $2, name = $3, header = $4, purpose = $5, type = $6, "
                           "delete_at = $7::bigint, update_at = $8::bigint, extra_update_at = $9::bigint, "
                           "group_constrained = $10::boolean, props = $11::jsonb, scheme_id = $12 WHERE id = $1",
                           12, p, &res);
    channel_params_free(&cp_);
    store_invalidate_channel(c->id);
    store_invalidate_team(c->team_id); /* archive, restore and conversion change who lists it */
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    if (rc == STORE_EUNIQUE && dup_field)
        *dup_field = "name";
    return rc;
}

int store_channels_delete(PGconn *db, const char *id)
{
    static const char *const SQL[] = {
        "DELETE FROM channel_member_history WHERE channel_id = $1",
        "DELETE FROM sidebar_channels WHERE channel_id = $1",
    };
    PGresult *res = NULL;
    int rc = store_db_begin(db);
    for (size_t i = 0; rc == STORE_OK && i < sizeof(SQL) / sizeof(SQL[0]); i++)
        rc = store_db_exec(db, SQL[i], 1, &id, NULL);
    if (rc == STORE_OK)
        rc = store_db_exec(db, "DELETE FROM channels WHERE id = $1", 1, &id, &res);
    store_invalidate_all(); /* its members and categories went with it (cascades) */
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    if (rc == STORE_OK)
        return store_db_commit(db);
    store_db_rollback(db);
    return rc;
}
