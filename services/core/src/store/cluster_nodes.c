#include "store/cluster_nodes.h"

#include <stdio.h>
#include "parley/log.h"
#include "store/db.h"

PGconn *store_cluster_nodes_connect(const char *conninfo)
{
    PGconn *db = PQconnectdb(conninfo);
    if (db != NULL && PQstatus(db) == CONNECTION_OK)
        return db;
    PL_LOG_ERROR("cluster: cannot connect to the database", "error", db != NULL ? PQerrorMessage(db) : "out of memory");
    PQfinish(db);
    return NULL;
}

void store_cluster_nodes_disconnect(PGconn *db)
{
    PQfinish(db);
}

static int ready(PGconn *db)
{
    if (PQstatus(db) != CONNECTION_OK)
        PQreset(db);
    return PQstatus(db) == CONNECTION_OK ? STORE_OK : STORE_EUNAVAIL;
}

static int logged(PGconn *db, int rc)
{
    if (rc != STORE_OK)
        PL_LOG_WARN("cluster: query failed", "error", PQerrorMessage(db));
    return rc;
}

int store_cluster_nodes_beat(PGconn *db, const char *id, const char *address, const char *hostname, int64_t now_ms,
                             int64_t dead_before_ms)
{
    char now[24], dead[24];
    snprintf(now, sizeof(now), "%lld", (long long)now_ms);
    snprintf(dead, sizeof(dead), "%lld", (long long)dead_before_ms);
    const char *up[] = {id, address, hostname, now};
    int rc = ready(db);
    if (rc == STORE_OK)
        rc = store_db_exec(db,
                           "INSERT INTO cluster_nodes (id, address, hostname, started_at, heartbeat_at) "
                           "VALUES ($1, $2, $3, $4, $4) ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at",
                           4, up, NULL);
    const char *del[] = {dead};
    if (rc == STORE_OK)
        rc = store_db_exec(db, "DELETE FROM cluster_nodes WHERE heartbeat_at < $1", 1, del, NULL);
    return logged(db, rc);
}

int store_cluster_nodes_peers(PGconn *db, const char *self_id, store_cluster_node_t *out, int max, int *n)
{
    *n = 0;
    if (PQstatus(db) != CONNECTION_OK)
        return STORE_EUNAVAIL;
    const char *params[] = {self_id};
    PGresult *res = NULL;
    int rc = store_db_exec(db, "SELECT id, address FROM cluster_nodes WHERE id <> $1 ORDER BY id", 1, params, &res);
    if (rc != STORE_OK)
        return logged(db, rc);
    for (int i = 0; i < PQntuples(res) && *n < max; i++) {
        snprintf(out[*n].id, sizeof(out[*n].id), "%s", PQgetvalue(res, i, 0));
        snprintf(out[*n].address, sizeof(out[*n].address), "%s", PQgetvalue(res, i, 1));
        (*n)++;
    }
    PQclear(res);
    return STORE_OK;
}

int store_cluster_nodes_leave(PGconn *db, const char *id)
{
    const char *params[] = {id};
    int rc = ready(db);
    if (rc == STORE_OK)
        rc = store_db_exec(db, "DELETE FROM cluster_nodes WHERE id = $1", 1, params, NULL);
    return logged(db, rc);
}
