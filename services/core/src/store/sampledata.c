#include "store/sampledata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parley/log.h"
#include "store/db.h"

#define CHUNK (256 * 1024)

typedef struct table {
    const char *name, *columns;
    int ncols;
} table_t;

static const table_t tables[STORE_SAMPLEDATA_NTABLES] = {
    {"users",
     "id, create_at, update_at, username, password, email, email_verified, nickname, first_name, last_name, position, roles, "
     "notify_props, last_password_update, locale",
     15},
    {"teams",
     "id, create_at, update_at, display_name, name, description, email, type, allowed_domains, invite_id, allow_open_invite", 11},
    {"team_members", "team_id, user_id, roles, scheme_user, scheme_admin, create_at", 6},
    {"channels",
     "id, create_at, update_at, team_id, type, display_name, name, header, purpose, creator_id, last_post_at, total_msg_count, "
     "total_msg_count_root, last_root_post_at",
     14},
    {"channel_members", "channel_id, user_id, last_viewed_at, last_update_at, scheme_user, scheme_admin", 6},
    {"channel_member_history", "channel_id, user_id, join_time", 3},
    {"sidebar_categories", "id, user_id, team_id, sort_order, sorting, type, display_name", 7},
    {"sidebar_channels", "channel_id, user_id, category_id, sort_order", 4},
    {"posts", "id, create_at, update_at, user_id, channel_id, message", 6},
};

struct store_sampledata_copy {
    PGconn *db;
    const table_t *t;
    char *buf;
    size_t len;
};

const char *store_sampledata_table_name(store_sampledata_table_t t)
{
    return tables[t].name;
}

int store_sampledata_ncols(store_sampledata_table_t t)
{
    return tables[t].ncols;
}

int store_sampledata_copy_open(PGconn *db, store_sampledata_table_t t, store_sampledata_copy_t **out)
{
    char sql[512];
    *out = NULL;
    snprintf(sql, sizeof(sql), "COPY %s (%s) FROM STDIN", tables[t].name, tables[t].columns);
    PGresult *res = PQexec(db, sql);
    int ok = PQresultStatus(res) == PGRES_COPY_IN;
    int rc = ok ? STORE_OK : store_db_classify(db, res);
    if (!ok)
        PL_LOG_ERROR("sampledata: COPY failed to start", "table", tables[t].name, "error", PQerrorMessage(db));
    PQclear(res);
    if (!ok)
        return rc;
    store_sampledata_copy_t *c = calloc(1, sizeof(*c));
    char *buf = malloc(CHUNK);
    if (c == NULL || buf == NULL)
        abort();
    c->db = db;
    c->t = &tables[t];
    c->buf = buf;
    *out = c;
    return STORE_OK;
}

static int flush(store_sampledata_copy_t *c)
{
    if (c->len == 0)
        return STORE_OK;
    int ok = PQputCopyData(c->db, c->buf, (int)c->len) == 1;
    c->len = 0;
    return ok ? STORE_OK : STORE_EUNAVAIL;
}

/* COPY text format: backslash, tab, newline and carriage return escaped. */
static size_t escaped_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += (*s == '\\' || *s == '\t' || *s == '\n' || *s == '\r') ? 2 : 1;
    return n;
}

static void put_field(store_sampledata_copy_t *c, const char *s)
{
    if (s == NULL) {
        memcpy(c->buf + c->len, "\\N", 2);
        c->len += 2;
        return;
    }
    for (; *s; s++) {
        char ch = *s;
        if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
            c->buf[c->len++] = '\\';
            ch = ch == '\t' ? 't' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : '\\';
        }
        c->buf[c->len++] = ch;
    }
}

int store_sampledata_copy_row(store_sampledata_copy_t *c, const char *const *fields)
{
    size_t need = 1;
    for (int i = 0; i < c->t->ncols; i++)
        need += (fields[i] ? escaped_len(fields[i]) : 2) + 1;
    if (need > CHUNK)
        return STORE_EINVAL;
    if (c->len + need > CHUNK && flush(c) != STORE_OK)
        return STORE_EUNAVAIL;
    for (int i = 0; i < c->t->ncols; i++) {
        if (i > 0)
            c->buf[c->len++] = '\t';
        put_field(c, fields[i]);
    }
    c->buf[c->len++] = '\n';
    return STORE_OK;
}

int store_sampledata_copy_close(store_sampledata_copy_t *c, int fail)
{
    int rc = fail ? STORE_OK : flush(c);
    int end = PQputCopyEnd(c->db, (fail || rc != STORE_OK) ? "sampledata aborted" : NULL);
    PGresult *res = PQgetResult(c->db);
    if (end != 1 && rc == STORE_OK)
        rc = STORE_EUNAVAIL;
    if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == STORE_OK && !fail) {
        rc = store_db_classify(c->db, res);
        PL_LOG_ERROR("sampledata: COPY failed", "table", c->t->name, "error", PQresultErrorMessage(res));
    }
    PQclear(res);
    while ((res = PQgetResult(c->db)) != NULL)
        PQclear(res);
    free(c->buf);
    free(c);
    return fail && rc == STORE_OK ? STORE_EINTERNAL : rc;
}

int store_sampledata_count_users(PGconn *db, int64_t *n)
{
    PGresult *res = NULL;
    *n = 0;
    int rc = store_db_exec(db, "SELECT count(*) FROM users", 0, NULL, &res);
    if (rc == STORE_OK)
        *n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return rc;
}

int store_sampledata_tune(PGconn *db)
{
    int rc = store_db_exec(db, "SET LOCAL synchronous_commit TO off", 0, NULL, NULL);
    if (rc == STORE_OK)
        rc = store_db_exec(db, "SET LOCAL statement_timeout TO 0", 0, NULL, NULL);
    return rc == STORE_OK ? store_db_exec(db, "SET LOCAL maintenance_work_mem TO '256MB'", 0, NULL, NULL) : rc;
}

int store_sampledata_analyze(PGconn *db)
{
    return store_db_exec(db,
                         "ANALYZE users, teams, team_members, channels, channel_members, channel_member_history, "
                         "sidebar_categories, sidebar_channels, posts",
                         0, NULL, NULL);
}

int store_sampledata_post_counts(PGconn *db)
{
    int rc = store_db_exec(db,
                           "UPDATE channels c SET last_post_at = s.last, last_root_post_at = s.last, total_msg_count = s.n, "
                           "total_msg_count_root = s.n FROM (SELECT channel_id, count(*) AS n, max(create_at) AS last "
                           "FROM posts GROUP BY channel_id) s WHERE c.id = s.channel_id",
                           0, NULL, NULL);
    if (rc == STORE_OK)
        rc = store_db_exec(db,
                           "UPDATE channel_members m SET msg_count = c.total_msg_count, msg_count_root = c.total_msg_count_root, "
                           "last_viewed_at = greatest(m.last_viewed_at, c.last_post_at) FROM channels c "
                           "WHERE c.id = m.channel_id AND c.total_msg_count > 0",
                           0, NULL, NULL);
    return rc;
}

struct store_sampledata_deferred {
    char **create;
    int n;
};

/* (drop statement, create statement) for each secondary index and foreign key of the membership tables. */
static const char deferred_sql[] =
    "SELECT 'DROP INDEX ' || quote_ident(i.indexname), i.indexdef FROM pg_indexes i "
    "WHERE i.schemaname = current_schema() AND i.tablename IN ('channel_members', 'channel_member_history', "
    "'sidebar_channels') AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = "
    "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass) "
    "UNION ALL "
    "SELECT 'ALTER TABLE ' || c.conrelid::regclass || ' DROP CONSTRAINT ' || quote_ident(c.conname), "
    "'ALTER TABLE ' || c.conrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || "
    "pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid IN "
    "('channel_members'::regclass, 'channel_member_history'::regclass, 'sidebar_channels'::regclass)";

int store_sampledata_defer_begin(PGconn *db, store_sampledata_deferred_t **out)
{
    PGresult *res = NULL;
    *out = NULL;
    int rc = store_db_exec(db, deferred_sql, 0, NULL, &res);
    if (rc != STORE_OK)
        return rc;
    store_sampledata_deferred_t *d = calloc(1, sizeof(*d));
    int rows = PQntuples(res);
    if (d == NULL || (d->create = calloc((size_t)rows + 1, sizeof(char *))) == NULL)
        abort();
    for (int i = 0; i < rows && rc == STORE_OK; i++) {
        rc = store_db_exec(db, PQgetvalue(res, i, 0), 0, NULL, NULL);
        if ((d->create[d->n++] = strdup(PQgetvalue(res, i, 1))) == NULL)
            abort();
    }
    PQclear(res);
    *out = d;
    return rc;
}

int store_sampledata_defer_end(PGconn *db, store_sampledata_deferred_t *d, int fail)
{
    int rc = STORE_OK;
    if (d == NULL)
        return rc;
    for (int i = 0; i < d->n; i++) {
        if (!fail && rc == STORE_OK)
            rc = store_db_exec(db, d->create[i], 0, NULL, NULL);
        free(d->create[i]);
    }
    free(d->create);
    free(d);
    return rc;
}
