#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/time.h"
#include "store/db.h"
#include "store/invalidate.h"
#include "store/users_row.h"

static int lock_and_count(PGconn *db, int64_t *count)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, "SELECT pg_advisory_xact_lock(7265001)", 0, NULL, NULL);
    if (rc == STORE_OK)
        rc = store_db_exec(db, "SELECT count(*) FROM users", 0, NULL, &res);
    if (rc == STORE_OK)
        *count = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}

static int find_dup(PGconn *db, const model_user_t *u, const char **dup_field)
{
    const char *p[] = {u->username, u->email, u->id};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT username = $1 FROM users WHERE (username = $1 OR lower(email) = lower($2)) "
                           "AND id <> $3 LIMIT 1",
                           3, p, &res);
    if (rc == STORE_OK && PQntuples(res) > 0) {
        *dup_field = PQgetvalue(res, 0, 0)[0] == 't' ? "username" : "email";
        rc = STORE_EUNIQUE;
    }
    PQclear(res);
    return rc;
}

int store_users_insert(PGconn *db, model_user_t *u, const char **dup_field)
{
    int64_t count = 0;
    int rc = store_db_begin(db);
    if (rc != STORE_OK)
        return rc;
    if ((rc = lock_and_count(db, &count)) != STORE_OK || (rc = find_dup(db, u, dup_field)) != STORE_OK)
        goto Exit;
    if (count == 0 && !u->is_bot)
        snprintf(u->roles, sizeof(u->roles), "system_admin system_user");
    rc = store_users_row_insert(db, u);
    if (rc == STORE_EUNIQUE)
        *dup_field = "username";
Exit:
    if (rc == STORE_OK)
        return store_db_commit(db);
    store_db_rollback(db);
    return rc;
}

static void read_user(const PGresult *res, int row, void *item)
{
    store_users_row_read(res, row, item);
}

int store_users_get(PGconn *db, store_user_key_t key, const char *value, model_user_t *u)
{
    static const char *const sql[] = {
        "SELECT " STORE_USERS_COLUMNS " FROM users WHERE id = $1",
        "SELECT " STORE_USERS_COLUMNS " FROM users WHERE username = lower($1)",
        "SELECT " STORE_USERS_COLUMNS " FROM users WHERE lower(email) = lower($1)",
    };
    return store_db_get_one(db, sql[key], 1, &value, read_user, u);
}

static int collect(PGresult *res, model_user_list_t *out)
{
    return store_db_rows_read(res, sizeof(model_user_t), read_user, (void **)&out->items, &out->n);
}

/* Postgres array literal {"a","b"} from values (each a plain id or username: no quotes inside). */
static int array_literal(pl_buf_t *b, const char *const *values, size_t n)
{
    pl_buf_puts(b, "{");
    for (size_t i = 0; i < n; i++) {
        if (strpbrk(values[i], "\"\\{},"))
            return STORE_EINVAL;
        pl_buf_appendf(b, "%s\"%s\"", i ? "," : "", values[i]);
    }
    return pl_buf_puts(b, "}") == 0 ? STORE_OK : STORE_EINVAL;
}

int store_users_get_many(PGconn *db, const char *const *values, size_t n, bool by_username, int64_t since, model_user_list_t *out)
{
    pl_buf_t arr;
    char since_s[24];
    PGresult *res = NULL;
    pl_buf_init(&arr, 1 << 20);
    int rc = array_literal(&arr, values, n);
    snprintf(since_s, sizeof(since_s), "%lld", (long long)since);
    const char *p[] = {arr.data ? arr.data : "{}", since_s};
    if (rc == STORE_OK)
        rc = store_db_exec(
            db,
            by_username ? "SELECT " STORE_USERS_COLUMNS " FROM users WHERE username = ANY($1::text[]) AND update_at > $2::bigint "
                          "ORDER BY username"
                        : "SELECT " STORE_USERS_COLUMNS " FROM users WHERE id = ANY($1::text[]) AND update_at > $2::bigint "
                          "ORDER BY username",
            2, p, &res);
    if (rc == STORE_OK)
        rc = collect(res, out);
    PQclear(res);
    pl_buf_dispose(&arr);
    return rc;
}

int store_users_list(PGconn *db, const model_user_filter_t *f, model_user_list_t *out)
{
    store_users_query_t q;
    PGresult *res = NULL;
    store_users_query_build(&q, f);
    int rc = q.error ? STORE_EINVAL : store_db_exec(db, q.sql.data, (int)q.nparams, (const char *const *)q.params, &res);
    if (rc == STORE_OK)
        rc = collect(res, out);
    PQclear(res);
    store_users_query_dispose(&q);
    return rc;
}

int store_users_update_profile(PGconn *db, model_user_t *u, const char **dup_field)
{
    int rc = find_dup(db, u, dup_field);
    if (rc != STORE_OK)
        return rc;
    u->update_at = pl_time_ms();
    rc = store_users_row_update_profile(db, u);
    store_invalidate_user(u->id);
    if (rc == STORE_EUNIQUE)
        *dup_field = "username";
    return rc;
}

/* Run sql with $1 = id, $2 = value (omitted when NULL), and the time now as the last parameter. */
static int exec_id(PGconn *db, const char *sql, const char *id, const char *value)
{
    char now[24];
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    const char *p3[] = {id, value, now}, *p2[] = {id, now};
    PGresult *res = NULL;
    int rc = value ? store_db_exec(db, sql, 3, p3, &res) : store_db_exec(db, sql, 2, p2, &res);
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    store_invalidate_user(id);
    return rc;
}

int store_users_update_password(PGconn *db, const char *id, const char *hash)
{
    return exec_id(db,
                   "UPDATE users SET password = $2, last_password_update = $3::bigint, update_at = $3::bigint, "
                   "failed_attempts = 0 WHERE id = $1",
                   id, hash);
}

int store_users_update_roles(PGconn *db, const char *id, const char *roles)
{
    return exec_id(db, "UPDATE users SET roles = $2, update_at = $3::bigint WHERE id = $1", id, roles);
}

int store_users_set_delete_at(PGconn *db, const char *id, int64_t delete_at)
{
    char v[24];
    snprintf(v, sizeof(v), "%lld", (long long)delete_at);
    return exec_id(db, "UPDATE users SET delete_at = $2::bigint, update_at = $3::bigint WHERE id = $1", id, v);
}

int store_users_count(PGconn *db, bool include_inactive, int64_t *out)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, include_inactive ? "SELECT count(*) FROM users" : "SELECT count(*) FROM users WHERE delete_at = 0",
                           0, NULL, &res);
    if (rc == STORE_OK)
        *out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}
