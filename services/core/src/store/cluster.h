#ifndef PARLEY_CORE_STORE_CLUSTER_H
#define PARLEY_CORE_STORE_CLUSTER_H

/*
 * The cluster_nodes table (owner: realtime): one heartbeat row per running core node, read by the
 * cluster bus (cluster/bus.c) to find its peers. Functions return STORE_OK or STORE_E* (store/db.h)
 * and run on the bus's own connection (store_db_open: same statement timeout as every query).
 */

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#define STORE_CLUSTER_ADDRESS_MAX 255

typedef struct store_cluster_node {
    char id[27];
    char address[STORE_CLUSTER_ADDRESS_MAX + 1];
} store_cluster_node_t;

/** Upsert this node's row (heartbeat_at = now_ms), then drop rows whose heartbeat is older than dead_before_ms. */
int store_cluster_heartbeat(PGconn *db, const char *id, const char *address, const char *hostname, int64_t now_ms,
                            int64_t dead_before_ms);
/** The other nodes (id <> self_id), by id, at most cap of them into out; *n receives the count. */
int store_cluster_peers(PGconn *db, const char *self_id, store_cluster_node_t *out, size_t cap, size_t *n);
/** Remove this node's row (clean stop). */
int store_cluster_leave(PGconn *db, const char *id);

#endif
