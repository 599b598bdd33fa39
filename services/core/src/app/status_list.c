/* Statuses of many users at once (POST /users/status/ids) (owner: accounts). */
#include "app/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/status.h"
#include "parley/id.h"
#include "store/db.h"
#include "store/status.h"

#define MAX_IDS 1000

json_t *app_status_to_json(const app_status_t *s)
{
    return json_pack("{s:s,s:s,s:b,s:I,s:I}", "user_id", s->user_id, "status", s->status, "manual", s->manual, "last_activity_at",
                     (json_int_t)s->last_activity_at, "dnd_end_time", (json_int_t)s->dnd_end_time);
}

static int read_ids(const json_t *ids, const char **v, size_t *n, app_error_t *e)
{
    size_t i;
    json_t *item;
    if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > MAX_IDS)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "user_ids");
    *n = 0;
    json_array_foreach(ids, i, item)
    {
        const char *s = json_string_value(item);
        if (!s || !pl_id_valid(s, strlen(s)))
            return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "user_ids");
        v[(*n)++] = s;
    }
    return 0;
}

static const model_status_t *find(const model_status_t *rows, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].user_id, id) == 0)
            return &rows[i];
    return NULL;
}

int app_status_get_many(PGconn *db, const json_t *ids, json_t **out, app_error_t *e)
{
    const char **v = calloc(MAX_IDS, sizeof(char *));
    model_status_t *rows = calloc(MAX_IDS, sizeof(model_status_t));
    size_t n = 0, nrows = 0;
    int ret = -1;
    if (!v || !rows) {
        app_error_set(e, 500, "app.status.get.app_error", NULL);
        goto Exit;
    }
    if (read_ids(ids, v, &n, e) < 0)
        goto Exit;
    int rc = store_status_get_many(db, v, n, rows, &nrows);
    if (rc != STORE_OK) {
        app_error_from_store(e, rc, "app.status.get.app_error", 0);
        goto Exit;
    }
    *out = json_array();
    for (size_t i = 0; i < n; i++) {
        const model_status_t *m = find(rows, nrows, v[i]);
        model_status_t off = {0};
        if (!m) {
            snprintf(off.user_id, sizeof(off.user_id), "%s", v[i]);
            snprintf(off.status, sizeof(off.status), "offline");
            m = &off;
        }
        json_array_append_new(*out, model_status_to_json(m));
    }
    ret = 0;
Exit:
    free(v), free(rows);
    return ret;
}
