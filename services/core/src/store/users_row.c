#include "store/users_row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

static void copy(char *dst, size_t n, const PGresult *res, int i, int col)
{
    snprintf(dst, n, "%s", PQgetvalue(res, i, col));
}

static int64_t i64(const PGresult *res, int i, int col)
{
    return strtoll(PQgetvalue(res, i, col), NULL, 10);
}

static int boolean(const PGresult *res, int i, int col)
{
    return PQgetvalue(res, i, col)[0] == 't';
}

static json_t *obj(const PGresult *res, int i, int col)
{
    json_t *v = json_loads(PQgetvalue(res, i, col), 0, NULL);
    if (!json_is_object(v)) {
        json_decref(v);
        v = json_object();
    }
    return v;
}

void store_users_row_read_at(const PGresult *res, int i, int off, model_user_t *u)
{
    copy(u->id, sizeof(u->id), res, i, off + 0);
    u->create_at = i64(res, i, off + 1);
    u->update_at = i64(res, i, off + 2);
    u->delete_at = i64(res, i, off + 3);
    copy(u->username, sizeof(u->username), res, i, off + 4);
    copy(u->password, sizeof(u->password), res, i, off + 5);
    copy(u->auth_service, sizeof(u->auth_service), res, i, off + 6);
    copy(u->email, sizeof(u->email), res, i, off + 7);
    u->email_verified = boolean(res, i, off + 8);
    copy(u->nickname, sizeof(u->nickname), res, i, off + 9);
    copy(u->first_name, sizeof(u->first_name), res, i, off + 10);
    copy(u->last_name, sizeof(u->last_name), res, i, off + 11);
    copy(u->position, sizeof(u->position), res, i, off + 12);
    copy(u->roles, sizeof(u->roles), res, i, off + 13);
    u->allow_marketing = boolean(res, i, off + 14);
    u->props = obj(res, i, off + 15);
    u->notify_props = obj(res, i, off + 16);
    u->last_password_update = i64(res, i, off + 17);
    u->last_picture_update = i64(res, i, off + 18);
    u->failed_attempts = (int)i64(res, i, off + 19);
    copy(u->locale, sizeof(u->locale), res, i, off + 20);
    u->timezone = obj(res, i, off + 21);
    u->mfa_active = boolean(res, i, off + 22);
    u->last_activity_at = i64(res, i, off + 23);
    u->last_login = i64(res, i, off + 24);
    u->is_bot = boolean(res, i, off + 25);
    copy(u->bot_description, sizeof(u->bot_description), res, i, off + 26);
    u->disable_welcome_email = boolean(res, i, off + 27);
}

void store_users_row_read(const PGresult *res, int i, model_user_t *u)
{
    store_users_row_read_at(res, i, 0, u);
}

static char *dump(const json_t *v)
{
    return v ? json_dumps(v, JSON_COMPACT) : strdup("{}");
}

int store_users_row_insert(PGconn *db, const model_user_t *u)
{
    char create_at[24], pwu[24];
    snprintf(create_at, sizeof(create_at), "%lld", (long long)u->create_at);
    snprintf(pwu, sizeof(pwu), "%lld", (long long)u->last_password_update);
    char *props = dump(u->props), *notify = dump(u->notify_props), *tz = dump(u->timezone);
    const char *p[] = {u->id,
                       create_at,
                       u->username,
                       u->password,
                       u->email,
                       u->nickname,
                       u->first_name,
                       u->last_name,
                       u->position,
                       u->roles,
                       props,
                       notify,
                       pwu,
                       u->locale,
                       tz,
                       u->is_bot ? "t" : "f",
                       u->bot_description,
                       u->email_verified ? "t" : "f"};
    int rc = store_db_exec(db,
                           "INSERT INTO users (id, create_at, update_at, username, password, email, nickname, "
                           "first_name, last_name, position, roles, props, notify_props, last_password_update, "
                           "locale, timezone, is_bot, bot_description, email_verified) VALUES ($1, $2::bigint, "
                           "$2::bigint, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13::bigint, $14, "
                           "$15::jsonb, $16::boolean, $17, $18::boolean)",
                           18, p, NULL);
    free(props), free(notify), free(tz);
    return rc;
}

int store_users_row_update_profile(PGconn *db, const model_user_t *u)
{
    char update_at[24];
    snprintf(update_at, sizeof(update_at), "%lld", (long long)u->update_at);
    char *props = dump(u->props), *notify = dump(u->notify_props), *tz = dump(u->timezone);
    const char *p[] = {u->id,        update_at,   u->username, u->email, u->nickname, u->first_name,
                       u->last_name, u->position, props,       notify,   u->locale,   tz};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "UPDATE users SET update_at = $2::bigint, username = $3, email = $4, nickname = $5, "
                           "first_name = $6, last_name = $7, position = $8, props = $9::jsonb, notify_props = "
                           "$10::jsonb, locale = $11, timezone = $12::jsonb WHERE id = $1",
                           12, p, &res);
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    free(props), free(notify), free(tz);
    return rc;
}

/* ------------------------------------------------------------------ list/search query */

static int add_param(store_users_query_t *q, const char *v)
{
    if (q->nparams >= STORE_USERS_MAX_PARAMS) {
        q->error = 1;
        return 0;
    }
    q->params[q->nparams++] = strdup(v);
    return (int)q->nparams;
}

/* Escape LIKE wildcards so a search term matches literally, then append '%'. */
static char *like_prefix(const char *term)
{
    size_t n = strlen(term);
    char *out = malloc(2 * n + 2), *o = out;
    if (!out)
        return NULL;
    for (const char *p = term; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            *o++ = '\\';
        *o++ = *p;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

static void add_term(store_users_query_t *q, const model_user_filter_t *f)
{
    char *pat = like_prefix(f->term);
    if (!pat) {
        q->error = 1;
        return;
    }
    int n = add_param(q, pat);
    free(pat);
    pl_buf_appendf(&q->sql,
                   " AND (username LIKE lower($%d) OR lower(first_name) LIKE lower($%d) OR lower(last_name) LIKE "
                   "lower($%d) OR lower(nickname) LIKE lower($%d) OR lower(first_name || ' ' || last_name) LIKE "
                   "lower($%d)",
                   n, n, n, n, n);
    if (f->search_email)
        pl_buf_appendf(&q->sql, " OR lower(email) LIKE lower($%d)", n);
    pl_buf_puts(&q->sql, ")");
}

static void add_membership(store_users_query_t *q, const model_user_filter_t *f)
{
    if (f->in_team)
        pl_buf_appendf(&q->sql, " AND id IN (" STORE_USERS_TEAM_MEMBERS " AND tm.team_id = $%d)", add_param(q, f->in_team));
    if (f->not_in_team)
        pl_buf_appendf(&q->sql, " AND id NOT IN (" STORE_USERS_TEAM_MEMBERS " AND tm.team_id = $%d)", add_param(q, f->not_in_team));
    if (f->without_team)
        pl_buf_puts(&q->sql, " AND id NOT IN (" STORE_USERS_TEAM_MEMBERS ")");
    if (f->in_channel)
        pl_buf_appendf(&q->sql, " AND id IN (" STORE_USERS_CHANNEL_MEMBERS " AND cm.channel_id = $%d)",
                       add_param(q, f->in_channel));
    if (f->not_in_channel)
        pl_buf_appendf(&q->sql, " AND id NOT IN (" STORE_USERS_CHANNEL_MEMBERS " AND cm.channel_id = $%d)",
                       add_param(q, f->not_in_channel));
}

static void add_order(store_users_query_t *q, const model_user_filter_t *f)
{
    char num[24];
    if (f->sort && strcmp(f->sort, "create_at") == 0)
        pl_buf_puts(&q->sql, " ORDER BY create_at DESC, id");
    else if (f->sort && strcmp(f->sort, "last_activity_at") == 0)
        pl_buf_puts(&q->sql, " ORDER BY last_activity_at DESC, username");
    else
        pl_buf_puts(&q->sql, " ORDER BY username");
    snprintf(num, sizeof(num), "%lld", (long long)f->limit);
    pl_buf_appendf(&q->sql, " LIMIT $%d::bigint", add_param(q, num));
    snprintf(num, sizeof(num), "%lld", (long long)f->offset);
    pl_buf_appendf(&q->sql, " OFFSET $%d::bigint", add_param(q, num));
}

void store_users_query_build(store_users_query_t *q, const model_user_filter_t *f)
{
    memset(q, 0, sizeof(*q));
    pl_buf_init(&q->sql, 8192);
    pl_buf_puts(&q->sql, "SELECT " STORE_USERS_COLUMNS " FROM users WHERE true");
    if (f->active == 1)
        pl_buf_puts(&q->sql, " AND delete_at = 0");
    else if (f->active == 0)
        pl_buf_puts(&q->sql, " AND delete_at <> 0");
    if (f->exclude_bots)
        pl_buf_puts(&q->sql, " AND NOT is_bot");
    if (f->role)
        pl_buf_appendf(&q->sql, " AND ' ' || roles || ' ' LIKE '%% ' || $%d || ' %%'", add_param(q, f->role));
    if (f->term && f->term[0])
        add_term(q, f);
    add_membership(q, f);
    add_order(q, f);
}

void store_users_query_dispose(store_users_query_t *q)
{
    for (size_t i = 0; i < q->nparams; i++)
        free(q->params[i]);
    pl_buf_dispose(&q->sql);
}
