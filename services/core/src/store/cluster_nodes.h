#ifndef PARLEY_CORE_STORE_CLUSTER_NODES_H
#define PARLEY_CORE_STORE_CLUSTER_NODES_H

/*
 * cluster_nodes: one heartbeat row per live parley-core node (the cluster bus, cluster/bus.c).
 * The bus owns its own connection (not a worker's): store_cluster_nodes_connect/_disconnect.
 */

#include <stdint.h>
#include <libpq-fe.h>
#include "parley/id.h"

#define STORE_CLUSTER_ADDR_MAX 256

typedef struct store_cluster_node {
    char id[PL_ID_LEN + 1];
    char address[STORE_CLUSTER_ADDR_MAX];
} store_cluster_node_t;

/** A connection for the bus thread (conninfo as libpq takes it). @return NULL on failure (logged). */
PGconn *store_cluster_nodes_connect(const char *conninfo);
void store_cluster_nodes_disconnect(PGconn *db);
/** Insert or refresh this node's row (heartbeat_at = now_ms), then delete rows older than dead_before_ms.
 *  A broken connection is reset first. @return STORE_OK or a STORE_E* code. */
int store_cluster_nodes_beat(PGconn *db, const char *id, const char *address, const char *hostname, int64_t now_ms,
                             int64_t dead_before_ms);
/** The other nodes (id <> self_id) ordered by id, at most max into out. @return STORE_OK or a STORE_E* code. */
int store_cluster_nodes_peers(PGconn *db, const char *self_id, store_cluster_node_t *out, int max, int *n);
/** Remove this node's row (leaving the cluster). @return STORE_OK or a STORE_E* code. */
int store_cluster_nodes_leave(PGconn *db, const char *id);

#endif
