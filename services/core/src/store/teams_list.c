/* Lists of teams (store/teams_list.h) (owner: teams). */
#include "store/teams_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

#define COLS                                                                                                                       \
    "t.id, t.create_at, t.update_at, t.delete_at, t.display_name, t.name, t.description, t.email, t.type, t.company_name, "        \
    "t.allowed_domains, t.invite_id, t.allow_open_invite, t.last_team_icon_update, coalesce(t.scheme_id, ''), "                    \
    "coalesce(t.group_constrained::int, -1), t.cloud_limits_archived"

static int64_t i64(const PGresult *res, int i, int c)
{
    return strtoll(PQgetvalue(res, i, c), NULL, 10);
}

static void read_row(const PGresult *res, int i, void *item)
{
    model_team_t *t = item;
    snprintf(t->id, sizeof(t->id), "%s", PQgetvalue(res, i, 0));
    t->create_at = i64(res, i, 1);
    t->update_at = i64(res, i, 2);
    t->delete_at = i64(res, i, 3);
    snprintf(t->display_name, sizeof(t->display_name), "%s", PQgetvalue(res, i, 4));
    snprintf(t->name, sizeof(t->name), "%s", PQgetvalue(res, i, 5));
    snprintf(t->description, sizeof(t->description), "%s", PQgetvalue(res, i, 6));
    snprintf(t->email, sizeof(t->email), "%s", PQgetvalue(res, i, 7));
    t->type = PQgetvalue(res, i, 8)[0];
    snprintf(t->company_name, sizeof(t->company_name), "%s", PQgetvalue(res, i, 9));
    snprintf(t->allowed_domains, sizeof(t->allowed_domains), "%s", PQgetvalue(res, i, 10));
    snprintf(t->invite_id, sizeof(t->invite_id), "%s", PQgetvalue(res, i, 11));
    t->allow_open_invite = PQgetvalue(res, i, 12)[0] == 't';
    t->last_team_icon_update = i64(res, i, 13);
    snprintf(t->scheme_id, sizeof(t->scheme_id), "%s", PQgetvalue(res, i, 14));
    t->group_constrained = (int)i64(res, i, 15);
    t->cloud_limits_archived = PQgetvalue(res, i, 16)[0] == 't';
}

static const char *open_param(int allow_open_invite)
{
    return allow_open_invite < 0 ? NULL : allow_open_invite ? "t" : "f";
}

static int count(PGconn *db, const char *sql, int n, const char *const *p, int64_t *out)
{
    PGresult *res = NULL;
    int rc = store_db_exec(db, sql, n, p, &res);
    if (rc == STORE_OK)
        *out = PQntuples(res) > 0 ? i64(res, 0, 0) : 0;
    PQclear(res);
    return rc;
}

int store_teams_list_page(PGconn *db, int allow_open_invite, int64_t offset, int64_t limit, bool with_total, model_team_list_t *out)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {open_param(allow_open_invite), off, lim};
    out->total = -1;
    int rc = store_db_get_list(db,
                               "SELECT " COLS " FROM teams t WHERE ($1::boolean IS NULL OR t.allow_open_invite = $1::boolean) "
                               "ORDER BY t.display_name, t.id OFFSET $2::bigint LIMIT $3::bigint",
                               3, p, sizeof(model_team_t), read_row, (void **)&out->items, &out->n);
    if (rc == STORE_OK && with_total)
        rc = count(db, "SELECT count(*) FROM teams t WHERE ($1::boolean IS NULL OR t.allow_open_invite = $1::boolean)", 1, p,
                   &out->total);
    return rc;
}

int store_teams_list_of_user(PGconn *db, const char *user_id, model_team_list_t *out)
{
    const char *p[] = {user_id};
    out->total = -1;
    return store_db_get_list(db,
                             "SELECT " COLS " FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = $1 "
                             "AND m.delete_at = 0 AND t.delete_at = 0 ORDER BY t.display_name, t.id",
                             1, p, sizeof(model_team_t), read_row, (void **)&out->items, &out->n);
}

/* term with LIKE's wildcards escaped, then '%' (a prefix match). */
static char *like_prefix(const char *term)
{
    size_t n = strlen(term);
    char *s = malloc(2 * n + 2), *d = s;
    if (!s)
        return NULL;
    for (const char *c = term; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            *d++ = '\\';
        *d++ = *c;
    }
    *d++ = '%';
    *d = '\0';
    return s;
}

#define SEARCH_WHERE                                                                                                               \
    " FROM teams t WHERE ($1::boolean IS NULL OR t.allow_open_invite = $1::boolean) AND (t.name ILIKE $2 OR t.display_name ILIKE " \
    "$2)"

int store_teams_list_search(PGconn *db, const char *term, int allow_open_invite, int64_t offset, int64_t limit,
                            model_team_list_t *out)
{
    char off[24], lim[24];
    char *like = like_prefix(term);
    if (!like)
        return STORE_EINTERNAL;
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {open_param(allow_open_invite), like, off, limit < 0 ? NULL : lim};
    int rc = store_db_get_list(db, "SELECT " COLS SEARCH_WHERE " ORDER BY t.display_name, t.id OFFSET $3::bigint LIMIT $4::bigint",
                               4, p, sizeof(model_team_t), read_row, (void **)&out->items, &out->n);
    if (rc == STORE_OK)
        rc = count(db, "SELECT count(*)" SEARCH_WHERE, 2, p, &out->total);
    free(like);
    return rc;
}
