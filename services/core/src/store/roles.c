#include "store/roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/db.h"
#include "store/invalidate.h"

#define COLS                                                                                                                       \
    "id, name, display_name, description, create_at, update_at, delete_at, array_to_string(permissions, ' '), "                    \
    "scheme_managed, built_in"

void store_role_list_dispose(store_role_list_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].permissions);
        free(l->perm_bufs[i]);
    }
    free(l->items);
    free(l->perm_bufs);
    memset(l, 0, sizeof(*l));
}

/* Split the space-separated permission list in buf (modified in place) into r->permissions. */
static void split_perms(model_role_t *r, char *buf)
{
    size_t cap = 1;
    for (char *p = buf; *p; p++)
        cap += *p == ' ';
    r->permissions = calloc(cap, sizeof(char *));
    r->nperms = 0;
    for (char *p = buf; r->permissions && *p;) {
        char *sp = strchr(p, ' ');
        if (sp)
            *sp = '\0';
        if (*p)
            r->permissions[r->nperms++] = p;
        if (!sp)
            break;
        p = sp + 1;
    }
}

static void read_row(const PGresult *res, int i, model_role_t *r, char **buf)
{
    memset(r, 0, sizeof(*r));
    snprintf(r->id, sizeof(r->id), "%s", PQgetvalue(res, i, 0));
    snprintf(r->name, sizeof(r->name), "%s", PQgetvalue(res, i, 1));
    snprintf(r->display_name, sizeof(r->display_name), "%s", PQgetvalue(res, i, 2));
    snprintf(r->description, sizeof(r->description), "%s", PQgetvalue(res, i, 3));
    r->create_at = strtoll(PQgetvalue(res, i, 4), NULL, 10);
    r->update_at = strtoll(PQgetvalue(res, i, 5), NULL, 10);
    r->delete_at = strtoll(PQgetvalue(res, i, 6), NULL, 10);
    *buf = strdup(PQgetvalue(res, i, 7));
    if (*buf)
        split_perms(r, *buf);
    r->scheme_managed = PQgetvalue(res, i, 8)[0] == 't';
    r->built_in = PQgetvalue(res, i, 9)[0] == 't';
}

static int collect(PGresult *res, store_role_list_t *out)
{
    size_t n = (size_t)PQntuples(res);
    out->items = calloc(n ? n : 1, sizeof(model_role_t));
    out->perm_bufs = calloc(n ? n : 1, sizeof(char *));
    if (!out->items || !out->perm_bufs)
        return STORE_EINTERNAL;
    for (size_t i = 0; i < n; i++)
        read_row(res, (int)i, &out->items[i], &out->perm_bufs[i]);
    out->n = n;
    return STORE_OK;
}

static int query(PGconn *db, const char *sql, int n, const char *const *p, store_role_list_t *out)
{
    PGresult *res = NULL;
    memset(out, 0, sizeof(*out));
    int rc = store_db_exec(db, sql, n, p, &res);
    if (rc == STORE_OK)
        rc = collect(res, out);
    if (rc != STORE_OK)
        store_role_list_dispose(out);
    PQclear(res);
    return rc;
}

/* {"a","b"} of names that are plain words (validated by the caller). */
static int text_array(pl_buf_t *b, const char *const *v, size_t n)
{
    pl_buf_puts(b, "{");
    for (size_t i = 0; i < n; i++)
        pl_buf_appendf(b, "%s\"%s\"", i ? "," : "", v[i]);
    return pl_buf_puts(b, "}");
}

static int seed_one(PGconn *db, const model_role_default_t *d, const char *now)
{
    pl_buf_t perms;
    size_t np = 0;
    char id[PL_ID_LEN + 1];
    while (d->permissions[np])
        np++;
    pl_buf_init(&perms, 1 << 16);
    text_array(&perms, (const char *const *)d->permissions, np);
    pl_id_new(id);
    const char *p[] = {id, d->name, d->display_name, now, perms.data, d->scheme_managed ? "t" : "f"};
    int rc = store_db_exec(db,
                           "INSERT INTO roles (id, name, display_name, description, create_at, update_at, "
                           "permissions, scheme_managed, built_in) VALUES ($1, $2, $3::text, replace($3::text, '.name', "
                           "'.description'), $4::bigint, $4::bigint, $5::text[], $6::boolean, true) ON CONFLICT "
                           "(name) DO NOTHING",
                           6, p, NULL);
    pl_buf_dispose(&perms);
    return rc;
}

int store_roles_seed(PGconn *db)
{
    size_t n;
    char now[24];
    const model_role_default_t *defs = model_role_defaults(&n);
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    int rc = STORE_OK;
    for (size_t i = 0; rc == STORE_OK && i < n; i++)
        rc = seed_one(db, &defs[i], now);
    return rc;
}

int store_roles_get_by_names(PGconn *db, const char *const *names, size_t n, store_role_list_t *out)
{
    pl_buf_t arr;
    pl_buf_init(&arr, 1 << 16);
    int rc = text_array(&arr, names, n) == 0 ? STORE_OK : STORE_EINVAL;
    const char *p[] = {arr.data};
    if (rc == STORE_OK)
        rc = query(db, "SELECT " COLS " FROM roles WHERE name = ANY($1::text[]) ORDER BY name", 1, p, out);
    pl_buf_dispose(&arr);
    return rc;
}

int store_roles_get(PGconn *db, const char *key, int by_name, store_role_list_t *out)
{
    int rc = query(db, by_name ? "SELECT " COLS " FROM roles WHERE name = $1" : "SELECT " COLS " FROM roles WHERE id = $1", 1, &key,
                   out);
    if (rc == STORE_OK && out->n == 0) {
        store_role_list_dispose(out);
        rc = STORE_ENOTFOUND;
    }
    return rc;
}

int store_roles_get_all(PGconn *db, store_role_list_t *out)
{
    return query(db, "SELECT " COLS " FROM roles ORDER BY name", 0, NULL, out);
}

int store_roles_set_permissions(PGconn *db, const char *id, const char *const *perms, size_t n)
{
    pl_buf_t arr;
    char now[24];
    PGresult *res = NULL;
    pl_buf_init(&arr, 1 << 16);
    snprintf(now, sizeof(now), "%lld", (long long)pl_time_ms());
    int rc = text_array(&arr, perms, n) == 0 ? STORE_OK : STORE_EINVAL;
    const char *p[] = {id, arr.data, now};
    if (rc == STORE_OK)
        rc = store_db_exec(db, "UPDATE roles SET permissions = $2::text[], update_at = $3::bigint WHERE id = $1", 3, p, &res);
    store_invalidate_role(id);
    if (rc == STORE_OK && strcmp(PQcmdTuples(res), "0") == 0)
        rc = STORE_ENOTFOUND;
    PQclear(res);
    pl_buf_dispose(&arr);
    return rc;
}
