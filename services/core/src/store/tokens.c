#include "store/tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/time.h"
#include "store/db.h"

#define COLS "t.id, t.token, t.user_id, t.description, t.is_active, t.expires_at"

static void read_row(const PGresult *res, int i, void *item)
{
    model_token_t *t = item;
    memset(t, 0, sizeof(*t));
    snprintf(t->id, sizeof(t->id), "%s", PQgetvalue(res, i, 0));
    snprintf(t->token, sizeof(t->token), "%s", PQgetvalue(res, i, 1));
    snprintf(t->user_id, sizeof(t->user_id), "%s", PQgetvalue(res, i, 2));
    snprintf(t->description, sizeof(t->description), "%s", PQgetvalue(res, i, 3));
    t->is_active = PQgetvalue(res, i, 4)[0] == 't';
    t->expires_at = strtoll(PQgetvalue(res, i, 5), NULL, 10);
}

static int get_one(PGconn *db, const char *sql, const char *v, model_token_t *out)
{
    return store_db_get_one(db, sql, 1, &v, read_row, out);
}

int store_tokens_insert(PGconn *db, const model_token_t *t)
{
    char now[24], exp[24];
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    snprintf(exp, sizeof(exp), "%lld", (long long)t->expires_at);
    const char *p[] = {t->id, t->token, t->user_id, t->description, now, exp};
    return store_db_exec(db,
                         "INSERT INTO user_access_tokens (id, token, user_id, description, is_active, create_at, "
                         "expires_at) VALUES ($1, $2, $3, $4, true, $5::bigint, $6::bigint)",
                         6, p, NULL);
}

int store_tokens_get(PGconn *db, const char *id, model_token_t *out)
{
    return get_one(db, "SELECT " COLS " FROM user_access_tokens t WHERE t.id = $1", id, out);
}

int store_tokens_get_by_secret(PGconn *db, const char *secret, model_token_t *out)
{
    return get_one(db,
                   "SELECT " COLS " FROM user_access_tokens t JOIN users u ON u.id = t.user_id WHERE t.token = $1 "
                   "AND t.is_active AND u.delete_at = 0",
                   secret, out);
}

int store_tokens_list(PGconn *db, const char *user_id, int64_t offset, int64_t limit, model_token_list_t *out)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {user_id ? user_id : "", off, lim};
    return store_db_get_list(db,
                             "SELECT " COLS " FROM user_access_tokens t WHERE ($1 = '' OR t.user_id = $1) ORDER BY "
                             "t.create_at, t.id OFFSET $2::bigint LIMIT $3::bigint",
                             3, p, sizeof(model_token_t), read_row, (void **)&out->items, &out->n);
}

int store_tokens_set_active(PGconn *db, const char *id, bool active)
{
    const char *p[] = {id, active ? "t" : "f"};
    PGresult *res = NULL;
    int rc = store_db_exec(db, "UPDATE user_access_tokens SET is_active = $2::boolean WHERE id = $1", 2, p, &res);
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    return rc;
}

int store_tokens_delete(PGconn *db, const char *id)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, "DELETE FROM user_access_tokens WHERE id = $1", 1, &id, &res);
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    return rc;
}
