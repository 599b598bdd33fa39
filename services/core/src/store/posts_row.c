/* Row mapping of posts (store/posts_row.h). */
#include "store/posts_row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

static void cp(char *dst, size_t n, const PGresult *res, int row, int col)
{
    snprintf(dst, n, "%s", PQgetvalue(res, row, col));
}

static int64_t num(const PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static bool flag(const PGresult *res, int row, int col)
{
    return PQgetvalue(res, row, col)[0] == 't';
}

static json_t *json_col(const PGresult *res, int row, int col, json_type want)
{
    json_t *j = json_loads(PQgetvalue(res, row, col), JSON_DECODE_ANY, NULL);
    if (j != NULL && json_typeof(j) == want)
        return j;
    json_decref(j);
    return want == JSON_ARRAY ? json_array() : json_object();
}

void store_posts_row_read(const PGresult *res, int i, void *item)
{
    model_post_t *p = item;
    model_post_init(p);
    cp(p->id, sizeof(p->id), res, i, 0);
    p->create_at = num(res, i, 1);
    p->update_at = num(res, i, 2);
    p->edit_at = num(res, i, 3);
    p->delete_at = num(res, i, 4);
    p->is_pinned = flag(res, i, 5);
    cp(p->user_id, sizeof(p->user_id), res, i, 6);
    cp(p->channel_id, sizeof(p->channel_id), res, i, 7);
    cp(p->root_id, sizeof(p->root_id), res, i, 8);
    cp(p->original_id, sizeof(p->original_id), res, i, 9);
    model_post_set_message(p, PQgetvalue(res, i, 10));
    cp(p->type, sizeof(p->type), res, i, 11);
    json_decref(p->props);
    p->props = json_col(res, i, 12, JSON_OBJECT);
    free(p->hashtags);
    p->hashtags = strdup(PQgetvalue(res, i, 13));
    if (p->hashtags == NULL)
        abort();
    json_decref(p->file_ids);
    p->file_ids = json_col(res, i, 14, JSON_ARRAY);
    p->has_reactions = flag(res, i, 15);
    cp(p->remote_id, sizeof(p->remote_id), res, i, 16);
    cp(p->pending_post_id, sizeof(p->pending_post_id), res, i, 17);
    p->reply_count = num(res, i, 18);
    p->last_reply_at = num(res, i, 19);
    cp(p->priority, sizeof(p->priority), res, i, 20);
    p->requested_ack = (int)num(res, i, 21);
    p->persistent_notifications = (int)num(res, i, 22);
}

int store_posts_row_list(PGconn *db, const char *name, const char *sql, int nparams, const char *const *params,
                         model_post_list_t *out)
{
    PGresult *res = NULL;
    int rc = store_db_exec_prepared(db, name, sql, nparams, params, &res);
    if (rc != STORE_OK)
        return rc;
    int rows = PQntuples(res);
    model_post_t *items = realloc(out->items, sizeof(*items) * (out->n + (size_t)rows + 1));
    if (items == NULL)
        abort();
    out->items = items;
    for (int i = 0; i < rows; i++)
        store_posts_row_read(res, i, &out->items[out->n++]);
    PQclear(res);
    return STORE_OK;
}

char *store_posts_row_id_array(const char *const *ids, size_t n)
{
    char *s = malloc(n * (PL_ID_LEN + 1) + 3), *w = s;
    if (s == NULL)
        abort();
    *w++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *w++ = ',';
        size_t l = strnlen(ids[i], PL_ID_LEN);
        for (size_t k = 0; k < l; k++) /* ids are [a-z0-9]: nothing to quote */
            *w++ = (ids[i][k] >= 'a' && ids[i][k] <= 'z') || (ids[i][k] >= '0' && ids[i][k] <= '9') ? ids[i][k] : '0';
        if (l == 0)
            *w++ = '0';
    }
    *w++ = '}';
    *w = '\0';
    return s;
}
