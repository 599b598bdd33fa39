/* Lists of channels (store/channels_list.h). */
#include "store/channels_list.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

#define COLS                                                                                                                       \
    "c.id, c.create_at, c.update_at, c.delete_at, c.team_id, c.type, c.display_name, c.name, c.header, c.purpose, "                \
    "c.last_post_at, c.total_msg_count, c.extra_update_at, c.creator_id, c.scheme_id, c.props, c.group_constrained, "              \
    "c.shared, c.total_msg_count_root, c.last_root_post_at"
#define ORDER " ORDER BY lower(c.display_name), c.id"

static int64_t num(const PGresult *res, int i, int col)
{
    return strtoll(PQgetvalue(res, i, col), NULL, 10);
}

static int tristate(const PGresult *res, int i, int col)
{
    if (PQgetisnull(res, i, col))
        return -1;
    return PQgetvalue(res, i, col)[0] == 't';
}

static void text(char *out, size_t n, const PGresult *res, int i, int col)
{
    snprintf(out, n, "%s", PQgetvalue(res, i, col));
}

static void read_row(const PGresult *res, int i, void *item)
{
    model_channel_t *c = item;
    memset(c, 0, sizeof(*c));
    text(c->id, sizeof(c->id), res, i, 0);
    c->create_at = num(res, i, 1);
    c->update_at = num(res, i, 2);
    c->delete_at = num(res, i, 3);
    text(c->team_id, sizeof(c->team_id), res, i, 4);
    c->type = PQgetvalue(res, i, 5)[0];
    text(c->display_name, sizeof(c->display_name), res, i, 6);
    text(c->name, sizeof(c->name), res, i, 7);
    text(c->header, sizeof(c->header), res, i, 8);
    text(c->purpose, sizeof(c->purpose), res, i, 9);
    c->last_post_at = num(res, i, 10);
    c->total_msg_count = num(res, i, 11);
    c->extra_update_at = num(res, i, 12);
    text(c->creator_id, sizeof(c->creator_id), res, i, 13);
    text(c->scheme_id, sizeof(c->scheme_id), res, i, 14);
    c->props = PQgetisnull(res, i, 15) ? NULL : json_loads(PQgetvalue(res, i, 15), 0, NULL);
    c->group_constrained = tristate(res, i, 16);
    c->shared = tristate(res, i, 17);
    c->total_msg_count_root = num(res, i, 18);
    c->last_root_post_at = num(res, i, 19);
}

static int list(PGconn *db, const char *sql, int n, const char *const *p, model_channel_list_t *out)
{
    out->total = -1;
    return store_db_get_list(db, sql, n, p, sizeof(model_channel_t), read_row, (void **)&out->items, &out->n);
}

int store_channels_list_team(PGconn *db, const char *team_id, store_channels_kind_t kind, const char *member_id, int64_t offset,
                             int64_t limit, model_channel_list_t *out)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {team_id, off, lim, member_id};
    if (kind == STORE_CHANNELS_DELETED)
        return list(db,
                    "SELECT " COLS " FROM channels c WHERE c.team_id = $1 AND c.delete_at <> 0 AND (c.type = 'O' OR "
                    "(c.type = 'P' AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id "
                    "= c.id AND m.user_id = $4))))" ORDER " OFFSET $2::bigint LIMIT $3::bigint",
                    4, p, out);
    return list(db,
                kind == STORE_CHANNELS_PUBLIC ? "SELECT " COLS " FROM channels c WHERE c.team_id = $1 AND c.type = 'O' AND "
                                                "c.delete_at = 0" ORDER " OFFSET $2::bigint LIMIT $3::bigint"
                                              : "SELECT " COLS " FROM channels c WHERE c.team_id = $1 AND c.type = 'P' AND "
                                                "c.delete_at = 0" ORDER " OFFSET $2::bigint LIMIT $3::bigint",
                3, p, out);
}

int store_channels_list_user(PGconn *db, const char *user_id, const char *team_id, bool include_deleted, int64_t last_delete_at,
                             model_channel_list_t *out)
{
    char since[24];
    snprintf(since, sizeof(since), "%lld", (long long)last_delete_at);
    const char *p[] = {user_id, team_id, include_deleted ? "t" : "f", since};
    return list(db,
                "SELECT " COLS " FROM channel_members m JOIN channels c ON c.id = m.channel_id WHERE m.user_id = $1 AND "
                "($2::text IS NULL OR c.team_id = $2 OR c.team_id = '') AND (c.delete_at = 0 OR CASE WHEN $4::bigint > 0 "
                "AND ($2::text IS NOT NULL OR NOT $3::boolean) THEN c.delete_at > $4::bigint ELSE $3::boolean END)" ORDER,
                4, p, out);
}

/* A word of name, display name (or purpose) starts with $2 (lower-cased, LIKE wildcards escaped). */
#define MATCH                                                                                                                      \
    "(lower(c.name) LIKE $2 || '%' OR lower(c.display_name) LIKE $2 || '%' OR lower(c.display_name) LIKE '% ' || $2 || '%' "       \
    "OR ($6::boolean AND (lower(c.purpose) LIKE $2 || '%' OR lower(c.purpose) LIKE '% ' || $2 || '%')))"
#define MEMBER "EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = $3)"

int store_channels_list_match(PGconn *db, const store_channels_match_t *m, model_channel_list_t *out)
{
    char lim[24], term[256];
    size_t j = 0;
    for (const char *s = m->term ? m->term : ""; *s && j + 3 < sizeof(term); s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            term[j++] = '\\';
        term[j++] = (char)tolower((unsigned char)*s);
    }
    term[j] = '\0';
    snprintf(lim, sizeof(lim), "%lld", (long long)m->limit);
    const char *p[] = {
        m->team_id, term, m->member_id, m->public_too ? "t" : "f", m->include_deleted ? "t" : "f", m->with_purpose ? "t" : "f",
        lim};
    return list(db,
                "SELECT " COLS " FROM channels c WHERE c.team_id = $1 AND c.type IN ('O', 'P') AND (c.delete_at = 0 OR "
                "$5::boolean) AND " MATCH " AND CASE WHEN $3::text IS NULL THEN c.type = 'O' ELSE (" MEMBER
                " OR ($4::boolean AND c.type = 'O')) END" ORDER " LIMIT $7::bigint",
                7, p, out);
}

int store_channels_list_count_team(PGconn *db, const char *team_id, int64_t *n)
{
    const char *p[] = {team_id};
    PGresult *res = NULL;
    int rc = store_db_exec(db, "SELECT count(*) FROM channels WHERE team_id = $1", 1, p, &res);
    if (rc == STORE_OK)
        *n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}

static void read_team(const PGresult *res, int i, void *item)
{
    store_channels_team_t *t = item;
    text(t->display_name, sizeof(t->display_name), res, i, 20);
    text(t->name, sizeof(t->name), res, i, 21);
    t->update_at = num(res, i, 22);
}

static int count_all(PGconn *db, const char *include_deleted, int64_t *total)
{
    const char *p[] = {include_deleted};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT count(*) FROM channels c JOIN teams t ON t.id = c.team_id WHERE c.type IN ('O', 'P') AND "
                           "(c.delete_at = 0 OR $1::boolean)",
                           1, p, &res);
    if (rc == STORE_OK)
        *total = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}

int store_channels_list_all(PGconn *db, bool include_deleted, int64_t offset, int64_t limit, model_channel_list_t *out,
                            store_channels_team_t **teams, int64_t *total)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {include_deleted ? "t" : "f", off, lim};
    PGresult *res = NULL;
    size_t n = 0;
    int rc = store_db_exec(db,
                           "SELECT " COLS ", t.display_name, t.name, t.update_at FROM channels c JOIN teams t ON t.id = "
                           "c.team_id WHERE c.type IN ('O', 'P') AND (c.delete_at = 0 OR $1::boolean)" ORDER
                           " OFFSET $2::bigint LIMIT $3::bigint",
                           3, p, &res);
    out->total = -1;
    if (rc == STORE_OK)
        rc = store_db_rows_read(res, sizeof(model_channel_t), read_row, (void **)&out->items, &out->n);
    if (rc == STORE_OK && (rc = store_db_rows_read(res, sizeof(store_channels_team_t), read_team, (void **)teams, &n)) != STORE_OK)
        model_channel_list_dispose(out);
    PQclear(res);
    if (rc == STORE_OK && total != NULL && (rc = count_all(db, p[0], total)) != STORE_OK) {
        model_channel_list_dispose(out);
        free(*teams);
        *teams = NULL;
    }
    return rc;
}
