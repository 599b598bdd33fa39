#include "store/teams.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/invalidate.h"

#define MEMBER_COLS "team_id, user_id, roles, delete_at, create_at, scheme_guest, scheme_user, scheme_admin"

static void read_member(const PGresult *res, int i, void *item)
{
    model_team_member_t *m = item;
    memset(m, 0, sizeof(*m));
    snprintf(m->team_id, sizeof(m->team_id), "%s", PQgetvalue(res, i, 0));
    snprintf(m->user_id, sizeof(m->user_id), "%s", PQgetvalue(res, i, 1));
    snprintf(m->explicit_roles, sizeof(m->explicit_roles), "%s", PQgetvalue(res, i, 2));
    m->delete_at = strtoll(PQgetvalue(res, i, 3), NULL, 10);
    m->create_at = strtoll(PQgetvalue(res, i, 4), NULL, 10);
    m->scheme_guest = PQgetvalue(res, i, 5)[0] == 't';
    m->scheme_user = PQgetvalue(res, i, 6)[0] == 't';
    m->scheme_admin = PQgetvalue(res, i, 7)[0] == 't';
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

int store_team_members_save(PGconn *db, const model_team_member_t *m)
{
    char del[24], created[24];
    snprintf(del, sizeof(del), "%lld", (long long)m->delete_at);
    snprintf(created, sizeof(created), "%lld", (long long)m->create_at);
    const char *p[] = {m->team_id,
                       m->user_id,
                       m->explicit_roles,
                       del,
                       created,
                       m->scheme_guest ? "t" : "f",
                       m->scheme_user ? "t" : "f",
                       m->scheme_admin ? "t" : "f"};
    int rc = store_db_exec(db,
                           "INSERT INTO team_members (" MEMBER_COLS ") VALUES ($1, $2, $3, $4::bigint, $5::bigint, "
                           "$6::boolean, $7::boolean, $8::boolean) ON CONFLICT (team_id, user_id) DO UPDATE SET roles = "
                           "EXCLUDED.roles, delete_at = EXCLUDED.delete_at, scheme_guest = EXCLUDED.scheme_guest, "
                           "scheme_user = EXCLUDED.scheme_user, scheme_admin = EXCLUDED.scheme_admin",
                           8, p, NULL);
    store_invalidate_member(m->user_id);
    return rc;
}

int store_team_members_get(PGconn *db, const char *team_id, const char *user_id, bool include_deleted, model_team_member_t *out)
{
    const char *p[] = {team_id, user_id, include_deleted ? "t" : "f"};
    return store_db_get_one(db,
                            "SELECT " MEMBER_COLS " FROM team_members WHERE team_id = $1 AND user_id = $2 AND "
                            "($3::boolean OR delete_at = 0)",
                            3, p, read_member, out);
}

int store_team_members_set_delete_at(PGconn *db, const char *team_id, const char *user_id, int64_t at)
{
    char v[24];
    snprintf(v, sizeof(v), "%lld", (long long)at);
    const char *p[] = {team_id, user_id, v};
    int rc = exec_rows(db, "UPDATE team_members SET delete_at = $3::bigint WHERE team_id = $1 AND user_id = $2", 3, p);
    store_invalidate_member(user_id);
    return rc;
}

int store_team_members_update_roles(PGconn *db, const model_team_member_t *m)
{
    const char *p[] = {m->team_id,
                       m->user_id,
                       m->explicit_roles,
                       m->scheme_guest ? "t" : "f",
                       m->scheme_user ? "t" : "f",
                       m->scheme_admin ? "t" : "f"};
    int rc = exec_rows(db,
                       "UPDATE team_members SET roles = $3, scheme_guest = $4::boolean, scheme_user = $5::boolean, "
                       "scheme_admin = $6::boolean WHERE team_id = $1 AND user_id = $2",
                       6, p);
    store_invalidate_member(m->user_id);
    return rc;
}

int store_team_members_of_user(PGconn *db, const char *user_id, model_team_member_list_t *out)
{
    return store_db_get_list(db, "SELECT " MEMBER_COLS " FROM team_members WHERE user_id = $1 AND delete_at = 0 ORDER BY team_id",
                             1, &user_id, sizeof(model_team_member_t), read_member, (void **)&out->items, &out->n);
}

int store_team_members_roles(PGconn *db, const char *user_id, const char *team_id, char *out, size_t n)
{
    model_team_member_t m;
    const char *p[] = {team_id, user_id};
    PGresult *res = NULL;
    out[0] = '\0';
    int rc = store_db_exec_prepared(db, "team_members_roles",
                                    "SELECT " MEMBER_COLS " FROM team_members WHERE team_id = $1 AND user_id = $2 AND "
                                    "delete_at = 0",
                                    2, p, &res);
    if (rc == STORE_OK && PQntuples(res) == 1) {
        read_member(res, 0, &m);
        model_team_member_roles(&m, out, n);
    }
    PQclear(res);
    return rc;
}
