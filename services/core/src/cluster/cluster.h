#ifndef PARLEY_CORE_CLUSTER_CLUSTER_H
#define PARLEY_CORE_CLUSTER_CLUSTER_H

/*
 * The cluster bus: nodes of one installation (same database) find each other through heartbeat
 * rows in cluster_nodes and relay WebSocket hub operations over ZeroMQ PUB/SUB: each node binds a
 * PUB socket and its SUB socket connects to every other live node's PUB. ws_publish() & co. hand
 * every locally originated operation to the bus (ws_fanout_set_forwarder); what arrives is applied
 * to the local hub only (never relayed again). Delivery between nodes is best effort, like
 * Mattermost's cluster events: a node that dies drops out after five heartbeats and its clients
 * reconnect elsewhere and resync.
 */

#include <stdint.h>
#include "parley/id.h"

typedef struct cluster_settings {
    const char *conninfo;  /* libpq connection string (SqlSettings.DataSource) */
    const char *bind;      /* ZeroMQ endpoint to bind the PUB socket ("tcp://127.0.0.1:*") */
    const char *advertise; /* what other nodes connect to ("" = the bound endpoint) */
    int64_t heartbeat_ms;
} cluster_settings_t;

/** Component start (app_components_add): bind, register the node, start the bus thread.
 *  arg: a cluster_settings_t that outlives the component. @return PL_OK or PL_EIO. */
int cluster_start(void *arg);
/** Component stop: leave the table, stop relaying, close the sockets. */
void cluster_stop(void *arg);
/** This node's id ("" before start). */
const char *cluster_node_id(void);
/** Number of other nodes currently connected. */
int cluster_peer_count(void);

#endif
