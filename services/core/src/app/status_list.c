/* Statuses of many users at once (POST /users/status/ids) (owner: accounts). */
#include "app/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/status.h"
#include "store/db.h"
#include "store/status.h"

/* One encoder for the Status object: model_status_to_json. */
json_t *app_status_to_json(const app_status_t *s)
{
    model_status_t m = {.manual = s->manual, .last_activity_at = s->last_activity_at, .dnd_end_time = s->dnd_end_time};
    snprintf(m.user_id, sizeof(m.user_id), "%s", s->user_id);
    snprintf(m.status, sizeof(m.status), "%s", s->status);
    return model_status_to_json(&m);
}

static const model_status_t *find(const model_status_t *rows, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].user_id, id) == 0)
            return &rows[i];
    return NULL;
}

int app_status_list_get(PGconn *db, const model_list_t *ids, json_t **out, app_error_t *e)
{
    model_status_t *rows = calloc(MODEL_LIST_MAX, sizeof(model_status_t));
    size_t nrows = 0;
    int ret = -1;
    if (!rows) {
        app_error_set(e, 500, "app.status.get.app_error", NULL);
        goto Exit;
    }
    int rc = store_status_get_many(db, ids->v, ids->n, rows, &nrows);
    if (rc != STORE_OK) {
        app_error_from_store(e, rc, "app.status.get.app_error", 0);
        goto Exit;
    }
    *out = json_array();
    for (size_t i = 0; i < ids->n; i++) {
        const model_status_t *m = find(rows, nrows, ids->v[i]);
        model_status_t off = {0};
        if (!m) {
            snprintf(off.user_id, sizeof(off.user_id), "%s", ids->v[i]);
            snprintf(off.status, sizeof(off.status), "offline");
            m = &off;
        }
        json_array_append_new(*out, model_status_to_json(m));
    }
    ret = 0;
Exit:
    free(rows);
    return ret;
}

int app_status_get_many(PGconn *db, const json_t *ids, json_t **out, app_error_t *e)
{
    model_list_t *l = calloc(1, sizeof(*l));
    const char *detail = NULL, *bad;
    int ret = -1;
    if (!l)
        app_error_set(e, 500, "app.status.get.app_error", NULL);
    else if ((bad = model_list_user_ids_from_json(l, ids, &detail)) != NULL)
        app_error_set(e, 400, bad, detail);
    else
        ret = app_status_list_get(db, l, out, e);
    free(l);
    return ret;
}
