#include "store/cluster.h"

#include <stdio.h>

#include "store/db.h"

int store_cluster_heartbeat(PGconn *db, const char *id, const char *address, const char *hostname, int64_t now_ms,
                            int64_t dead_before_ms)
{
    char now[24], dead[24];
    snprintf(now, sizeof(now), "%lld", (long long)now_ms);
    snprintf(dead, sizeof(dead), "%lld", (long long)dead_before_ms);
    const char *up[] = {id, address, hostname, now};
    int rc = store_db_exec(db,
                           "INSERT INTO cluster_nodes (id, address, hostname, started_at, heartbeat_at) "
                           "VALUES ($1, $2, $3, $4, $4) ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at",
                           4, up, NULL);
    const char *del[] = {dead};
    if (rc == STORE_OK)
        rc = store_db_exec(db, "DELETE FROM cluster_nodes WHERE heartbeat_at < $1", 1, del, NULL);
    return rc;
}

int store_cluster_peers(PGconn *db, const char *self_id, store_cluster_node_t *out, size_t cap, size_t *n)
{
    PGresult *res = NULL;
    *n = 0;
    int rc = store_db_exec(db, "SELECT id, address FROM cluster_nodes WHERE id <> $1 ORDER BY id", 1, &self_id, &res);
    for (int i = 0; rc == STORE_OK && i < PQntuples(res) && *n < cap; i++) {
        snprintf(out[*n].id, sizeof(out[*n].id), "%s", PQgetvalue(res, i, 0));
        snprintf(out[*n].address, sizeof(out[*n].address), "%s", PQgetvalue(res, i, 1));
        (*n)++;
    }
    PQclear(res);
    return rc;
}

int store_cluster_leave(PGconn *db, const char *id)
{
    return store_db_exec(db, "DELETE FROM cluster_nodes WHERE id = $1", 1, &id, NULL);
}
