#include "store/teams.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/invalidate.h"

#define TEAM_COLS                                                                                                                  \
    "id, create_at, update_at, delete_at, display_name, name, description, email, type, company_name, allowed_domains, "           \
    "invite_id, allow_open_invite, last_team_icon_update, coalesce(scheme_id, ''), "                                               \
    "CASE WHEN group_constrained IS NULL THEN -1 WHEN group_constrained THEN 1 ELSE 0 END, cloud_limits_archived"

static void cp(char *dst, size_t n, const PGresult *res, int row, int col)
{
    snprintf(dst, n, "%s", PQgetvalue(res, row, col));
}

static int64_t num(const PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static void read_team(const PGresult *res, int i, void *item)
{
    model_team_t *t = item;
    memset(t, 0, sizeof(*t));
    cp(t->id, sizeof(t->id), res, i, 0);
    t->create_at = num(res, i, 1);
    t->update_at = num(res, i, 2);
    t->delete_at = num(res, i, 3);
    cp(t->display_name, sizeof(t->display_name), res, i, 4);
    cp(t->name, sizeof(t->name), res, i, 5);
    cp(t->description, sizeof(t->description), res, i, 6);
    cp(t->email, sizeof(t->email), res, i, 7);
    t->type = PQgetvalue(res, i, 8)[0];
    cp(t->company_name, sizeof(t->company_name), res, i, 9);
    cp(t->allowed_domains, sizeof(t->allowed_domains), res, i, 10);
    cp(t->invite_id, sizeof(t->invite_id), res, i, 11);
    t->allow_open_invite = PQgetvalue(res, i, 12)[0] == 't';
    t->last_team_icon_update = num(res, i, 13);
    cp(t->scheme_id, sizeof(t->scheme_id), res, i, 14);
    t->group_constrained = (int)num(res, i, 15);
    t->cloud_limits_archived = PQgetvalue(res, i, 16)[0] == 't';
}

typedef struct team_params {
    char create_at[24], update_at[24], delete_at[24], icon[24], type[2];
    const char *p[17];
} team_params_t;

/* The 17 columns of TEAM_COLS, in order, as text parameters. */
static void team_params(const model_team_t *t, team_params_t *tp)
{
    snprintf(tp->create_at, sizeof(tp->create_at), "%lld", (long long)t->create_at);
    snprintf(tp->update_at, sizeof(tp->update_at), "%lld", (long long)t->update_at);
    snprintf(tp->delete_at, sizeof(tp->delete_at), "%lld", (long long)t->delete_at);
    snprintf(tp->icon, sizeof(tp->icon), "%lld", (long long)t->last_team_icon_update);
    tp->type[0] = t->type, tp->type[1] = '\0';
    const char *v[17] = {t->id,
                         tp->create_at,
                         tp->update_at,
                         tp->delete_at,
                         t->display_name,
                         t->name,
                         t->description,
                         t->email,
                         tp->type,
                         t->company_name,
                         t->allowed_domains,
                         t->invite_id,
                         t->allow_open_invite ? "t" : "f",
                         tp->icon,
                         t->scheme_id[0] ? t->scheme_id : NULL,
                         t->group_constrained < 0 ? NULL
                         : t->group_constrained   ? "t"
                                                  : "f",
                         t->cloud_limits_archived ? "t" : "f"};
    memcpy(tp->p, v, sizeof(v));
}

int store_teams_insert(PGconn *db, const model_team_t *t, const char **dup_field)
{
    team_params_t tp;
    team_params(t, &tp);
    int rc = store_db_exec(db,
                           "INSERT INTO teams (id, create_at, update_at, delete_at, display_name, name, description, email, "
                           "type, company_name, allowed_domains, invite_id, allow_open_invite, last_team_icon_update, "
                           "scheme_id, group_constrained, cloud_limits_archived) VALUES ($1, $2::bigint, $3::bigint, "
                           "$4::bigint, $5, $6, $7, $8, $9, $10, $11, $12, $13::boolean, $14::bigint, $15, $16::boolean, "
                           "$17::boolean)",
                           17, tp.p, NULL);
    if (rc == STORE_EUNIQUE && dup_field)
        *dup_field = "name";
    return rc;
}

static int get_by(PGconn *db, const char *where, const char *value, model_team_t *out)
{
    char sql[1024];
    snprintf(sql, sizeof(sql), "SELECT " TEAM_COLS " FROM teams WHERE %s = $1", where);
    return store_db_get_one(db, sql, 1, &value, read_team, out);
}

int store_teams_get(PGconn *db, const char *id, model_team_t *out)
{
    return get_by(db, "id", id, out);
}

int store_teams_get_by_name(PGconn *db, const char *name, model_team_t *out)
{
    return get_by(db, "name", name, out);
}

int store_teams_get_by_invite_id(PGconn *db, const char *invite_id, model_team_t *out)
{
    if (!invite_id[0])
        return STORE_ENOTFOUND;
    return get_by(db, "invite_id", invite_id, out);
}

int store_teams_update(PGconn *db, const model_team_t *t, const char **dup_field)
{
    team_params_t tp;
    team_params(t, &tp);
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "UPDATE teams SET create_at = $2::bigint, update_at = $3::bigint, delete_at = $4::bigint, "
                           "display_name = $5, name = $6, description = $7, email = $8, type = $9, company_name = $10, "
                           "allowed_domains = $11, invite_id = $12, allow_open_invite = $13::boolean, "
                           "last_team_icon_update = $14::bigint, scheme_id = $15, group_constrained = $16::boolean, "
                           "cloud_limits_archived = $17::boolean WHERE id = $1",
                           17, tp.p, &res);
    store_invalidate_team(t->id);
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    if (rc == STORE_EUNIQUE && dup_field)
        *dup_field = "name";
    return rc;
}

int store_teams_delete(PGconn *db, const char *id)
{
    static const char *const SQL[] = {
        "DELETE FROM channel_member_history WHERE channel_id IN (SELECT id FROM channels WHERE team_id = $1)",
        "DELETE FROM sidebar_channels WHERE channel_id IN (SELECT id FROM channels WHERE team_id = $1)",
        "DELETE FROM channels WHERE team_id = $1",
        "DELETE FROM sidebar_categories WHERE team_id = $1",
    };
    PGresult *res = NULL;
    int rc = store_db_begin(db);
    for (size_t i = 0; rc == STORE_OK && i < sizeof(SQL) / sizeof(SQL[0]); i++)
        rc = store_db_exec(db, SQL[i], 1, &id, NULL);
    if (rc == STORE_OK)
        rc = store_db_exec(db, "DELETE FROM teams WHERE id = $1", 1, &id, &res);
    store_invalidate_team(id);
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    if (rc == STORE_OK)
        return store_db_commit(db);
    store_db_rollback(db);
    return rc;
}
