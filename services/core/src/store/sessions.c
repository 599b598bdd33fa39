#include "store/sessions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/invalidate.h"
#include "store/users_row.h"

#define NCOLS 14 /* the columns of COLS */
#define COLS                                                                                                                       \
    "s.id, s.token, s.create_at, s.expires_at, s.last_activity_at, s.user_id, s.device_id, u.roles, s.kind, "                      \
    "s.token_id, s.is_mobile, u.is_bot, s.props::text, u.username"

void store_sessions_list_dispose(store_session_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_session_dispose(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

static void i64s(char *buf, size_t n, int64_t v)
{
    snprintf(buf, n, "%lld", (long long)v);
}

int store_sessions_insert(PGconn *db, const model_session_t *s)
{
    char create_at[24], expires_at[24], kind[24];
    i64s(create_at, sizeof(create_at), s->create_at);
    i64s(expires_at, sizeof(expires_at), s->expires_at);
    i64s(kind, sizeof(kind), s->kind);
    char *props = s->props ? json_dumps(s->props, JSON_COMPACT) : NULL;
    const char *p[] = {s->id,
                       s->token,
                       create_at,
                       expires_at,
                       s->user_id,
                       s->device_id,
                       kind,
                       s->token_id,
                       s->is_mobile ? "t" : "f",
                       props ? props : "{}"};
    int rc = store_db_exec(db,
                           "INSERT INTO sessions (id, token, create_at, expires_at, last_activity_at, user_id, "
                           "device_id, kind, token_id, is_mobile, props) VALUES ($1, $2, $3::bigint, $4::bigint, "
                           "$3::bigint, $5, $6, $7::smallint, $8, $9::boolean, $10::jsonb)",
                           10, p, NULL);
    free(props);
    return rc;
}

static void read_row(const PGresult *res, int i, void *item)
{
    model_session_t *s = item;
    model_session_init(s);
    snprintf(s->id, sizeof(s->id), "%s", PQgetvalue(res, i, 0));
    snprintf(s->token, sizeof(s->token), "%s", PQgetvalue(res, i, 1));
    s->create_at = strtoll(PQgetvalue(res, i, 2), NULL, 10);
    s->expires_at = strtoll(PQgetvalue(res, i, 3), NULL, 10);
    s->last_activity_at = strtoll(PQgetvalue(res, i, 4), NULL, 10);
    snprintf(s->user_id, sizeof(s->user_id), "%s", PQgetvalue(res, i, 5));
    snprintf(s->device_id, sizeof(s->device_id), "%s", PQgetvalue(res, i, 6));
    snprintf(s->roles, sizeof(s->roles), "%s", PQgetvalue(res, i, 7));
    s->kind = atoi(PQgetvalue(res, i, 8));
    snprintf(s->token_id, sizeof(s->token_id), "%s", PQgetvalue(res, i, 9));
    s->is_mobile = PQgetvalue(res, i, 10)[0] == 't';
    s->user_is_bot = PQgetvalue(res, i, 11)[0] == 't';
    snprintf(s->username, sizeof(s->username), "%s", PQgetvalue(res, i, 13));
    s->props = json_loads(PQgetvalue(res, i, 12), 0, NULL);
    if (!json_is_object(s->props)) {
        json_decref(s->props);
        s->props = json_object();
    }
}

int store_sessions_lookup(PGconn *db, const char *token, int64_t now_ms, model_session_t *out)
{
    char now[24];
    i64s(now, sizeof(now), now_ms);
    const char *p[] = {token, now};
    return store_db_get_one(db,
                            "SELECT " COLS " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = $1 "
                            "AND u.delete_at = 0 AND (s.expires_at = 0 OR s.expires_at > $2::bigint)",
                            2, p, read_row, out);
}

int store_sessions_lookup_with_user(PGconn *db, const char *token, int64_t now_ms, model_session_t *out, model_user_t *user)
{
    static const char sql[] = "SELECT " COLS ", " STORE_USERS_COLUMNS_U " FROM sessions s JOIN users u ON u.id = "
                              "s.user_id WHERE s.token = $1 AND u.delete_at = 0 AND (s.expires_at = 0 OR "
                              "s.expires_at > $2::bigint)";
    char now[24];
    i64s(now, sizeof(now), now_ms);
    const char *p[] = {token, now};
    PGresult *res = NULL;
    int rc = store_db_exec_prepared(db, "accounts_session_lookup", sql, 2, p, &res);
    if (rc == STORE_OK && PQntuples(res) == 0)
        rc = STORE_ENOTFOUND;
    if (rc == STORE_OK) {
        read_row(res, 0, out);
        store_users_row_read_at(res, 0, NCOLS, user);
    }
    PQclear(res);
    return rc;
}

int store_sessions_list(PGconn *db, const char *user_id, int64_t now_ms, store_session_list_t *out)
{
    char now[24];
    i64s(now, sizeof(now), now_ms);
    const char *p[] = {user_id, now};
    return store_db_get_list(db,
                             "SELECT " COLS " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.user_id = $1 "
                             "AND (s.expires_at = 0 OR s.expires_at > $2::bigint) ORDER BY s.last_activity_at DESC "
                             "LIMIT 1000",
                             2, p, sizeof(model_session_t), read_row, (void **)&out->items, &out->n);
}

static int exec_count(PGconn *db, const char *sql, int n, const char *const *p, int need_row)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, sql, n, p, &res);
    if (rc == STORE_OK && need_row && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    return rc;
}

int store_sessions_delete(PGconn *db, const char *id, const char *user_id)
{
    const char *p[] = {id, user_id ? user_id : ""};
    int rc = exec_count(db, "DELETE FROM sessions WHERE id = $1 AND ($2 = '' OR user_id = $2)", 2, p, 1);
    store_invalidate_session(id);
    return rc;
}

int store_sessions_delete_by_user(PGconn *db, const char *user_id)
{
    int rc = exec_count(db, "DELETE FROM sessions WHERE user_id = $1", 1, &user_id, 0);
    store_invalidate_user(user_id);
    return rc;
}

static int delete_returning(PGconn *db, const char *sql, int n, const char *const *p, store_session_deleted_fn deleted)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, sql, n, p, &res);
    for (int i = 0; rc == STORE_OK && i < PQntuples(res); i++) {
        store_invalidate_session(PQgetvalue(res, i, 0));
        if (deleted)
            deleted(PQgetvalue(res, i, 0));
    }
    PQclear(res);
    return rc;
}

int store_sessions_delete_by_token_id(PGconn *db, const char *token_id, store_session_deleted_fn deleted)
{
    return delete_returning(db, "DELETE FROM sessions WHERE token_id = $1 AND kind = 1 RETURNING id", 1, &token_id, deleted);
}

int store_sessions_delete_by_device(PGconn *db, const char *device_id, const char *keep_id, store_session_deleted_fn deleted)
{
    const char *p[] = {device_id, keep_id};
    return delete_returning(db, "DELETE FROM sessions WHERE device_id = $1 AND id <> $2 RETURNING id", 2, p, deleted);
}

int store_sessions_set_device(PGconn *db, const char *id, const char *device_id, int64_t expires_at)
{
    char exp[24];
    i64s(exp, sizeof(exp), expires_at);
    const char *p[] = {id, device_id, exp};
    int rc = exec_count(db, "UPDATE sessions SET device_id = $2, expires_at = $3::bigint, is_mobile = true WHERE id = $1", 3, p, 1);
    store_invalidate_session(id);
    return rc;
}

int store_sessions_touch(PGconn *db, const char *id, int64_t now_ms, int64_t new_expires)
{
    char now[24], exp[24];
    i64s(now, sizeof(now), now_ms);
    i64s(exp, sizeof(exp), new_expires);
    const char *p[] = {id, now, exp};
    return exec_count(db,
                      "UPDATE sessions SET last_activity_at = $2::bigint, expires_at = CASE WHEN $3::bigint > 0 "
                      "THEN $3::bigint ELSE expires_at END WHERE id = $1",
                      3, p, 0);
}
