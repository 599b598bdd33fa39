/* Channel statistics and member lookups (store/channels_stats.h). */
#include "store/channels_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

int store_channels_stats_counts(PGconn *db, const char *channel_id, int64_t *members, int64_t *guests, int64_t *pinned)
{
    const char *p[] = {channel_id};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT count(*), count(*) FILTER (WHERE m.scheme_guest), (SELECT count(*) FROM posts WHERE "
                           "channel_id = $1 AND is_pinned AND delete_at = 0) FROM channel_members m JOIN users u ON "
                           "u.id = m.user_id WHERE m.channel_id = $1 AND u.delete_at = 0",
                           1, p, &res);
    if (rc == STORE_OK) {
        *members = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        *guests = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
        *pinned = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
    }
    PQclear(res);
    return rc;
}

int store_channels_stats_timezones(PGconn *db, const char *channel_id, json_t **out)
{
    const char *p[] = {channel_id};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT u.timezone FROM channel_members m JOIN users u ON u.id = m.user_id WHERE m.channel_id = "
                           "$1 AND u.delete_at = 0 AND u.timezone IS NOT NULL",
                           1, p, &res);
    if (rc != STORE_OK)
        return rc;
    *out = json_array();
    for (int i = 0; i < PQntuples(res); i++) {
        json_t *tz = json_loads(PQgetvalue(res, i, 0), 0, NULL);
        if (json_is_object(tz))
            json_array_append(*out, tz);
        json_decref(tz);
    }
    PQclear(res);
    return STORE_OK;
}

static void read_id(const PGresult *res, int i, void *item)
{
    snprintf(item, PL_ID_LEN + 1, "%s", PQgetvalue(res, i, 0));
}

int store_channels_stats_member_ids(PGconn *db, const char *channel_id, char (**ids)[PL_ID_LEN + 1], size_t *n)
{
    const char *p[] = {channel_id};
    return store_db_get_list(db, "SELECT user_id FROM channel_members WHERE channel_id = $1", 1, p, PL_ID_LEN + 1, read_id,
                             (void **)ids, n);
}

int store_channels_stats_common_team(PGconn *db, const char *a, const char *b, bool *shared)
{
    const char *p[] = {a, b};
    PGresult *res = NULL;
    int rc = store_db_exec(db,
                           "SELECT 1 FROM team_members x JOIN team_members y ON y.team_id = x.team_id WHERE x.user_id = $1 "
                           "AND y.user_id = $2 AND x.delete_at = 0 AND y.delete_at = 0 LIMIT 1",
                           2, p, &res);
    if (rc == STORE_OK)
        *shared = PQntuples(res) > 0;
    PQclear(res);
    return rc;
}
