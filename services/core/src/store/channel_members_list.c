#include "store/channel_members_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

#define COLS                                                                                                                       \
    "cm.channel_id, cm.user_id, cm.roles, cm.last_viewed_at, cm.msg_count, cm.mention_count, cm.mention_count_root, "              \
    "cm.urgent_mention_count, cm.msg_count_root, cm.notify_props, cm.last_update_at, cm.scheme_guest, cm.scheme_user, "            \
    "cm.scheme_admin"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src);
}

static void read_member(const PGresult *res, int row, void *item)
{
    model_channel_member_t *m = item;
    copy(m->channel_id, sizeof(m->channel_id), PQgetvalue(res, row, 0));
    copy(m->user_id, sizeof(m->user_id), PQgetvalue(res, row, 1));
    copy(m->explicit_roles, sizeof(m->explicit_roles), PQgetvalue(res, row, 2));
    m->last_viewed_at = strtoll(PQgetvalue(res, row, 3), NULL, 10);
    m->msg_count = strtoll(PQgetvalue(res, row, 4), NULL, 10);
    m->mention_count = strtoll(PQgetvalue(res, row, 5), NULL, 10);
    m->mention_count_root = strtoll(PQgetvalue(res, row, 6), NULL, 10);
    m->urgent_mention_count = strtoll(PQgetvalue(res, row, 7), NULL, 10);
    m->msg_count_root = strtoll(PQgetvalue(res, row, 8), NULL, 10);
    m->notify_props = json_loads(PQgetvalue(res, row, 9), 0, NULL);
    if (m->notify_props == NULL)
        m->notify_props = json_object();
    m->last_update_at = strtoll(PQgetvalue(res, row, 10), NULL, 10);
    m->scheme_guest = PQgetvalue(res, row, 11)[0] == 't';
    m->scheme_user = PQgetvalue(res, row, 12)[0] == 't';
    m->scheme_admin = PQgetvalue(res, row, 13)[0] == 't';
}

static int get_list(PGconn *db, const char *name, const char *sql, int np, const char *const *p, model_channel_member_list_t *out)
{
    void *items = NULL;
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    PGresult *res = NULL;
    int rc = store_db_exec_prepared(db, name, sql, np, p, &res);
    if (rc == STORE_OK)
        rc = store_db_rows_read(res, sizeof(model_channel_member_t), read_member, &items, &n);
    PQclear(res);
    if (rc == STORE_OK) {
        out->items = items;
        out->n = n;
    }
    return rc;
}

int store_channel_members_list_page(PGconn *db, const char *channel_id, int64_t offset, int64_t limit,
                                    model_channel_member_list_t *out)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {channel_id, off, lim};
    return get_list(db, "channel_members_list_page",
                    "SELECT " COLS " FROM channel_members cm WHERE cm.channel_id = $1 ORDER BY cm.user_id OFFSET $2 LIMIT $3", 3, p,
                    out);
}

/* A text[] literal of ids (valid ids only reach here: [a-z0-9]). */
static char *id_array(const char *const *ids, size_t n)
{
    size_t len = 3 + n * (PL_ID_LEN + 1);
    char *s = malloc(len);
    if (s == NULL)
        abort();
    size_t at = 0;
    s[at++] = '{';
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            s[at++] = ',';
        size_t l = strnlen(ids[i], PL_ID_LEN);
        memcpy(s + at, ids[i], l);
        at += l;
    }
    s[at++] = '}';
    s[at] = '\0';
    return s;
}

int store_channel_members_list_by_ids(PGconn *db, const char *channel_id, const char *const *user_ids, size_t n,
                                      model_channel_member_list_t *out)
{
    char *arr = id_array(user_ids, n);
    const char *p[] = {channel_id, arr};
    int rc = get_list(db, "channel_members_list_by_ids",
                      "SELECT " COLS " FROM channel_members cm WHERE cm.channel_id = $1 AND cm.user_id = ANY($2::text[]) "
                      "ORDER BY cm.user_id",
                      2, p, out);
    free(arr);
    return rc;
}

int store_channel_members_list_for_team(PGconn *db, const char *user_id, const char *team_id, model_channel_member_list_t *out)
{
    const char *p[] = {user_id, team_id};
    return get_list(db, "channel_members_list_for_team",
                    "SELECT " COLS " FROM channel_members cm JOIN channels c ON c.id = cm.channel_id WHERE cm.user_id = $1 "
                    "AND (c.team_id = $2 OR c.team_id = '') ORDER BY cm.channel_id",
                    2, p, out);
}

static void read_team(const PGresult *res, int row, void *item)
{
    store_channel_member_team_t *t = item;
    copy(t->display_name, sizeof(t->display_name), PQgetvalue(res, row, 14));
    copy(t->name, sizeof(t->name), PQgetvalue(res, row, 15));
    t->update_at = strtoll(PQgetvalue(res, row, 16), NULL, 10);
}

int store_channel_members_list_for_user(PGconn *db, const char *user_id, int64_t offset, int64_t limit,
                                        model_channel_member_list_t *out, store_channel_member_team_t **teams)
{
    char off[24], lim[24];
    snprintf(off, sizeof(off), "%lld", (long long)offset);
    snprintf(lim, sizeof(lim), "%lld", (long long)limit);
    const char *p[] = {user_id, off, lim};
    void *items = NULL, *titems = NULL;
    size_t n = 0, tn = 0;
    memset(out, 0, sizeof(*out));
    *teams = NULL;
    PGresult *res = NULL;
    int rc = store_db_exec_prepared(db, "channel_members_list_for_user",
                                    "SELECT " COLS ", COALESCE(t.display_name, ''), COALESCE(t.name, ''), "
                                    "COALESCE(t.update_at, 0) FROM channel_members cm JOIN channels c ON c.id = cm.channel_id "
                                    "LEFT JOIN teams t ON t.id = c.team_id WHERE cm.user_id = $1 ORDER BY cm.channel_id "
                                    "OFFSET $2 LIMIT $3",
                                    3, p, &res);
    if (rc == STORE_OK)
        rc = store_db_rows_read(res, sizeof(model_channel_member_t), read_member, &items, &n);
    if (rc == STORE_OK)
        rc = store_db_rows_read(res, sizeof(store_channel_member_team_t), read_team, &titems, &tn);
    PQclear(res);
    if (rc == STORE_OK) {
        out->items = items;
        out->n = n;
        *teams = titems;
    } else {
        for (size_t i = 0; items && i < n; i++)
            model_channel_member_dispose(&((model_channel_member_t *)items)[i]);
        free(items);
    }
    return rc;
}

int store_channel_members_list_team_channels(PGconn *db, const char *user_id, const char *team_id, char (**ids)[27], size_t *n)
{
    const char *p[] = {user_id, team_id};
    PGresult *res = NULL;
    *ids = NULL;
    *n = 0;
    int rc = store_db_exec_prepared(db, "channel_members_list_team_channels",
                                    "SELECT cm.channel_id FROM channel_members cm JOIN channels c ON c.id = cm.channel_id "
                                    "WHERE cm.user_id = $1 AND c.team_id = $2 ORDER BY cm.channel_id",
                                    2, p, &res);
    int rows = rc == STORE_OK ? PQntuples(res) : 0;
    if (rows > 0) {
        *ids = calloc((size_t)rows, sizeof(**ids));
        if (*ids == NULL)
            abort();
    }
    for (int i = 0; i < rows; i++)
        copy((*ids)[(*n)++], sizeof((*ids)[0]), PQgetvalue(res, i, 0));
    PQclear(res);
    return rc;
}
