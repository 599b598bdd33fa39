#include "store/memberships.h"

#include <stdlib.h>
#include <string.h>
#include "store/db.h"

enum { TABLE_CHANNELS = 0, TABLE_TEAMS = 1 };

static const char *const table_sql[] = {
    "SELECT channel_id FROM channel_members WHERE user_id = $1",
    "SELECT team_id FROM team_members WHERE user_id = $1 AND delete_at = 0",
};

static int load(PGconn *db, int t, const char *user_id, store_membership_id_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    PGresult *res = NULL;
    int rc = store_db_exec(db, table_sql[t], 1, &user_id, &res);
    int rows = rc == STORE_OK ? PQntuples(res) : 0;
    if (rows > 0) {
        *out = calloc((size_t)rows, sizeof(**out));
        if (*out == NULL)
            abort();
    }
    for (int i = 0; i < rows; i++) {
        const char *v = PQgetvalue(res, i, 0);
        if (pl_id_valid(v, strlen(v)))
            memcpy((*out)[(*n)++], v, PL_ID_LEN + 1);
    }
    PQclear(res);
    return rc;
}

int store_memberships_get(PGconn *db, const char *user_id, store_memberships_t *out)
{
    memset(out, 0, sizeof(*out));
    int rc = load(db, TABLE_CHANNELS, user_id, &out->channels, &out->nchannels);
    if (rc == STORE_OK)
        rc = load(db, TABLE_TEAMS, user_id, &out->teams, &out->nteams);
    if (rc != STORE_OK)
        store_memberships_dispose(out);
    return rc;
}

void store_memberships_dispose(store_memberships_t *m)
{
    free(m->channels);
    free(m->teams);
    memset(m, 0, sizeof(*m));
}
