#include "store/channels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/time.h"
#include "store/db.h"
#include "store/invalidate.h"

#define MEMBER_COLS                                                                                                                \
    "channel_id, user_id, roles, last_viewed_at, msg_count, mention_count, mention_count_root, urgent_mention_count, "             \
    "msg_count_root, notify_props::text, last_update_at, scheme_guest, scheme_user, scheme_admin"

static int64_t num(const PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static void read_member(const PGresult *res, int i, void *item)
{
    model_channel_member_t *m = item;
    memset(m, 0, sizeof(*m));
    snprintf(m->channel_id, sizeof(m->channel_id), "%s", PQgetvalue(res, i, 0));
    snprintf(m->user_id, sizeof(m->user_id), "%s", PQgetvalue(res, i, 1));
    snprintf(m->explicit_roles, sizeof(m->explicit_roles), "%s", PQgetvalue(res, i, 2));
    m->last_viewed_at = num(res, i, 3);
    m->msg_count = num(res, i, 4);
    m->mention_count = num(res, i, 5);
    m->mention_count_root = num(res, i, 6);
    m->urgent_mention_count = num(res, i, 7);
    m->msg_count_root = num(res, i, 8);
    m->notify_props = json_loads(PQgetvalue(res, i, 9), 0, NULL);
    m->last_update_at = num(res, i, 10);
    m->scheme_guest = PQgetvalue(res, i, 11)[0] == 't';
    m->scheme_user = PQgetvalue(res, i, 12)[0] == 't';
    m->scheme_admin = PQgetvalue(res, i, 13)[0] == 't';
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

static char *notify_text(const model_channel_member_t *m)
{
    json_t *def = m->notify_props ? NULL : model_channel_member_default_notify_props();
    char *s = json_dumps(m->notify_props ? m->notify_props : def, JSON_COMPACT);
    json_decref(def);
    if (!s)
        abort();
    return s;
}

static int insert_row(PGconn *db, const model_channel_member_t *m)
{
    char n[7][24];
    const int64_t v[7] = {m->last_viewed_at,       m->msg_count,      m->mention_count, m->mention_count_root,
                          m->urgent_mention_count, m->msg_count_root, m->last_update_at};
    for (int i = 0; i < 7; i++)
        snprintf(n[i], sizeof(n[i]), "%lld", (long long)v[i]);
    char *np = notify_text(m);
    const char *p[] = {m->channel_id,
                       m->user_id,
                       m->explicit_roles,
                       n[0],
                       n[1],
                       n[2],
                       n[3],
                       n[4],
                       n[5],
                       np,
                       n[6],
                       m->scheme_guest ? "t" : "f",
                       m->scheme_user ? "t" : "f",
                       m->scheme_admin ? "t" : "f"};
    int rc = exec_rows(db,
                       "INSERT INTO channel_members (channel_id, user_id, roles, last_viewed_at, msg_count, mention_count, "
                       "mention_count_root, urgent_mention_count, msg_count_root, notify_props, last_update_at, "
                       "scheme_guest, scheme_user, scheme_admin) VALUES ($1, $2, $3, $4::bigint, $5::bigint, $6::bigint, "
                       "$7::bigint, $8::bigint, $9::bigint, $10::jsonb, $11::bigint, $12::boolean, $13::boolean, "
                       "$14::boolean) ON CONFLICT (channel_id, user_id) DO NOTHING",
                       14, p);
    free(np);
    return rc == STORE_ENOTFOUND ? STORE_EUNIQUE : rc;
}

int store_channel_members_insert(PGconn *db, const model_channel_member_t *m)
{
    char now[24];
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    int rc = insert_row(db, m);
    store_invalidate_member(m->user_id);
    const char *p[] = {m->channel_id, m->user_id, now};
    if (rc == STORE_OK)
        rc = store_db_exec(db,
                           "INSERT INTO channel_member_history (channel_id, user_id, join_time) VALUES ($1, $2, $3::bigint) "
                           "ON CONFLICT DO NOTHING",
                           3, p, NULL);
    return rc;
}

int store_channel_members_get(PGconn *db, const char *channel_id, const char *user_id, model_channel_member_t *out)
{
    const char *p[] = {channel_id, user_id};
    return store_db_get_one(db, "SELECT " MEMBER_COLS " FROM channel_members WHERE channel_id = $1 AND user_id = $2", 2, p,
                            read_member, out);
}

int store_channel_members_delete(PGconn *db, const char *channel_id, const char *user_id, int64_t at)
{
    char v[24];
    snprintf(v, sizeof(v), "%lld", (long long)at);
    const char *p[] = {channel_id, user_id, v};
    int rc = exec_rows(db, "DELETE FROM channel_members WHERE channel_id = $1 AND user_id = $2", 2, p);
    store_invalidate_member(user_id);
    if (rc == STORE_OK)
        rc = store_db_exec(db,
                           "UPDATE channel_member_history SET leave_time = $3::bigint WHERE channel_id = $1 AND user_id = $2 "
                           "AND leave_time IS NULL",
                           3, p, NULL);
    return rc;
}

int store_channel_members_update_roles(PGconn *db, const model_channel_member_t *m)
{
    char at[24];
    snprintf(at, sizeof(at), "%lld", (long long)(m->last_update_at ? m->last_update_at : pl_time_ms()));
    const char *p[] = {m->channel_id,
                       m->user_id,
                       m->explicit_roles,
                       m->scheme_guest ? "t" : "f",
                       m->scheme_user ? "t" : "f",
                       m->scheme_admin ? "t" : "f",
                       at};
    int rc = exec_rows(db,
                       "UPDATE channel_members SET roles = $3, scheme_guest = $4::boolean, scheme_user = $5::boolean, "
                       "scheme_admin = $6::boolean, last_update_at = $7::bigint WHERE channel_id = $1 AND user_id = $2",
                       7, p);
    store_invalidate_member(m->user_id);
    return rc;
}

int store_channel_members_update_notify_props(PGconn *db, const model_channel_member_t *m)
{
    char at[24];
    snprintf(at, sizeof(at), "%lld", (long long)m->last_update_at);
    char *np = notify_text(m);
    const char *p[] = {m->channel_id, m->user_id, np, at};
    int rc = exec_rows(db,
                       "UPDATE channel_members SET notify_props = $3::jsonb, last_update_at = $4::bigint WHERE channel_id = "
                       "$1 AND user_id = $2",
                       4, p);
    free(np);
    store_invalidate_member(m->user_id);
    return rc;
}

int store_channel_members_roles(PGconn *db, const char *user_id, const char *channel_id, char *out, size_t n)
{
    const char *p[] = {channel_id, user_id};
    PGresult *res = NULL;
    out[0] = '\0';
    int rc = store_db_exec_prepared(db, "channel_members_roles",
                                    "SELECT roles, scheme_guest, scheme_user, scheme_admin FROM channel_members WHERE "
                                    "channel_id = $1 AND user_id = $2",
                                    2, p, &res);
    if (rc == STORE_OK && PQntuples(res) == 1) {
        model_channel_member_t m;
        memset(&m, 0, sizeof(m));
        snprintf(m.explicit_roles, sizeof(m.explicit_roles), "%s", PQgetvalue(res, 0, 0));
        m.scheme_guest = PQgetvalue(res, 0, 1)[0] == 't';
        m.scheme_user = PQgetvalue(res, 0, 2)[0] == 't';
        m.scheme_admin = PQgetvalue(res, 0, 3)[0] == 't';
        model_channel_member_roles(&m, out, n);
    }
    PQclear(res);
    return rc;
}
