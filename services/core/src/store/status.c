#include "store/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "store/db.h"

#define COLS "user_id, status, manual, last_activity_at, dnd_end_time, prev_status"

static void read_row(const PGresult *res, int i, void *item)
{
    model_status_t *s = item;
    memset(s, 0, sizeof(*s));
    snprintf(s->user_id, sizeof(s->user_id), "%s", PQgetvalue(res, i, 0));
    snprintf(s->status, sizeof(s->status), "%s", PQgetvalue(res, i, 1));
    s->manual = PQgetvalue(res, i, 2)[0] == 't';
    s->last_activity_at = strtoll(PQgetvalue(res, i, 3), NULL, 10);
    s->dnd_end_time = strtoll(PQgetvalue(res, i, 4), NULL, 10);
    snprintf(s->prev_status, sizeof(s->prev_status), "%s", PQgetvalue(res, i, 5));
}

int store_status_get(PGconn *db, const char *user_id, model_status_t *out)
{
    return store_db_get_one(db, "SELECT " COLS " FROM status WHERE user_id = $1", 1, &user_id, read_row, out);
}

int store_status_get_many(PGconn *db, const char *const *ids, size_t n, model_status_t *out, size_t *nout)
{
    pl_buf_t arr;
    PGresult *res = NULL;
    pl_buf_init(&arr, 1 << 20);
    pl_buf_puts(&arr, "{");
    for (size_t i = 0; i < n; i++)
        pl_buf_appendf(&arr, "%s\"%s\"", i ? "," : "", ids[i]); /* ids are validated [a-z0-9]{26} */
    int rc = pl_buf_puts(&arr, "}") == 0 ? STORE_OK : STORE_EINVAL;
    const char *p[] = {arr.data};
    if (rc == STORE_OK)
        rc = store_db_exec(db, "SELECT " COLS " FROM status WHERE user_id = ANY($1::text[])", 1, p, &res);
    *nout = 0;
    for (int i = 0; rc == STORE_OK && i < PQntuples(res) && (size_t)i < n; i++)
        read_row(res, i, &out[(*nout)++]);
    PQclear(res);
    pl_buf_dispose(&arr);
    return rc;
}

int store_status_save(PGconn *db, const model_status_t *s)
{
    char la[24], dnd[24];
    snprintf(la, sizeof(la), "%lld", (long long)s->last_activity_at);
    snprintf(dnd, sizeof(dnd), "%lld", (long long)s->dnd_end_time);
    const char *p[] = {s->user_id, s->status, s->manual ? "t" : "f", la, dnd, s->prev_status};
    return store_db_exec(db,
                         "INSERT INTO status (" COLS ") VALUES ($1, $2, $3::boolean, $4::bigint, $5::bigint, $6) "
                         "ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status, manual = EXCLUDED.manual, "
                         "last_activity_at = EXCLUDED.last_activity_at, dnd_end_time = EXCLUDED.dnd_end_time, "
                         "prev_status = EXCLUDED.prev_status",
                         6, p, NULL);
}
