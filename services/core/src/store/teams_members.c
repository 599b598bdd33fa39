/* Team member lists and counts (store/teams_members.h) (owner: teams). */
#include "store/teams_members.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

#define COLS "m.team_id, m.user_id, m.roles, m.delete_at, m.create_at, m.scheme_guest, m.scheme_user, m.scheme_admin"

static void read_row(const PGresult *res, int i, void *item)
{
    model_team_member_t *m = item;
    snprintf(m->team_id, sizeof(m->team_id), "%s", PQgetvalue(res, i, 0));
    snprintf(m->user_id, sizeof(m->user_id), "%s", PQgetvalue(res, i, 1));
    snprintf(m->explicit_roles, sizeof(m->explicit_roles), "%s", PQgetvalue(res, i, 2));
    m->delete_at = strtoll(PQgetvalue(res, i, 3), NULL, 10);
    m->create_at = strtoll(PQgetvalue(res, i, 4), NULL, 10);
    m->scheme_guest = PQgetvalue(res, i, 5)[0] == 't';
    m->scheme_user = PQgetvalue(res, i, 6)[0] == 't';
    m->scheme_admin = PQgetvalue(res, i, 7)[0] == 't';
}

static int list(PGconn *db, const char *sql, int n, const char *const *p, model_team_member_list_t *out)
{
    return store_db_get_list(db, sql, n, p, sizeof(model_team_member_t), read_row, (void **)&out->items, &out->n);
}

int store_teams_members_page(PGconn *db, const char *team_id, store_teams_members_sort_t sort, bool exclude_deleted_users,
                             int64_t offset, int64_t limit, model_team_member_list_t *out)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {team_id, exclude_deleted_users ? "t" : "f", off, lim};
#define PAGE_SQL(order)                                                                                                            \
    "SELECT " COLS " FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 AND m.delete_at = 0 "               \
    "AND (NOT $2::boolean OR u.delete_at = 0) ORDER BY " order " OFFSET $3::bigint LIMIT $4::bigint"
    if (sort == STORE_TEAMS_MEMBERS_BY_USERNAME)
        return list(db, PAGE_SQL("u.username, m.user_id"), 4, p, out);
    return list(db, PAGE_SQL("m.user_id"), 4, p, out);
#undef PAGE_SQL
}

/* {"id1","id2"} as a text[] literal (ids are [a-z0-9], checked by the caller). */
static char *id_array(const char *const *ids, size_t n)
{
    char *s = malloc(n * 30 + 3);
    size_t len = 0;
    if (!s)
        return NULL;
    s[len++] = '{';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, 30, "%s\"%.26s\"", i ? "," : "", ids[i]);
    s[len++] = '}';
    s[len] = '\0';
    return s;
}

int store_teams_members_by_ids(PGconn *db, const char *team_id, const char *const *user_ids, size_t n,
                               model_team_member_list_t *out)
{
    char *arr = id_array(user_ids, n);
    if (!arr)
        return STORE_EINTERNAL;
    const char *p[] = {team_id, arr};
    int rc = list(db,
                  "SELECT " COLS " FROM team_members m WHERE m.team_id = $1 AND m.user_id = ANY($2::text[]) AND m.delete_at = 0 "
                  "ORDER BY m.user_id",
                  2, p, out);
    free(arr);
    return rc;
}

int store_teams_members_of_user(PGconn *db, const char *user_id, model_team_member_list_t *out)
{
    const char *p[] = {user_id};
    return list(db, "SELECT " COLS " FROM team_members m WHERE m.user_id = $1 ORDER BY m.team_id", 1, p, out);
}

int store_teams_members_stats(PGconn *db, const char *team_id, int64_t *total, int64_t *active)
{
    const char *p[] = {team_id};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT count(*), count(*) FILTER (WHERE u.delete_at = 0) FROM team_members m JOIN users u ON "
                           "u.id = m.user_id WHERE m.team_id = $1 AND m.delete_at = 0",
                           1, p, &res);
    if (rc == STORE_OK) {
        *total = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        *active = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    }
    PQclear(res);
    return rc;
}
