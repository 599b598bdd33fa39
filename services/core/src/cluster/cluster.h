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
 *
 * The bus also carries cache invalidations (cluster_send_invalidate): app/ tells the other nodes
 * which session, user, role, channel, team or membership it changed so their caches drop it. With ParleySettings.ClusterCurve*Key
 * set, every link is CURVE-encrypted and a node must hold the cluster's secret key to join (the
 * ZAP handler of parley/zap.h refuses any other client; a failed handshake is logged). The
 * cluster_nodes rows are read and written through store/cluster.h on the bus's own connection.
 */

#include <stdint.h>
#include "parley/id.h"

typedef struct cluster_settings {
    const char *conninfo;  /* libpq connection string (SqlSettings.DataSource) */
    const char *bind;      /* ZeroMQ endpoint to bind the PUB socket ("tcp://127.0.0.1:*") */
    const char *advertise; /* what other nodes connect to ("" = the bound endpoint) */
    int64_t heartbeat_ms;
    const char *curve_secret_key; /* Z85 (40 characters); NULL or "": no encryption */
    const char *curve_public_key; /* its public half, shared by every node */
} cluster_settings_t;

typedef enum {
    CLUSTER_INVALIDATE_SESSION = 1,       /* id: a session id */
    CLUSTER_INVALIDATE_USER = 2,          /* id: a user id (the user row and all its sessions) */
    CLUSTER_INVALIDATE_ROLE = 3,          /* id: a role id (its permissions changed: the roles cache drops) */
    CLUSTER_INVALIDATE_CHANNEL = 4,       /* id: a channel id (the row changed) */
    CLUSTER_INVALIDATE_TEAM = 5,          /* id: a team id (the row, or a channel's archive/restore/conversion) */
    CLUSTER_INVALIDATE_MEMBER = 6,        /* id: a user id (memberships or sidebar categories) */
    CLUSTER_INVALIDATE_MEMBER_COUNTS = 7, /* id: a user id (read state of its channel members) */
    CLUSTER_INVALIDATE_VIEWS_ALL = 8,     /* id: the sending node's id (every cached view is stale) */
} cluster_invalidate_kind_t;

/** Called on the bus thread for each invalidation another node sent. */
typedef void (*cluster_invalidate_fn)(cluster_invalidate_kind_t kind, const char *id);

/** Install the receiver of invalidations (before cluster_start). */
void cluster_set_invalidate_handler(cluster_invalidate_fn fn);
/** Tell the other nodes (best effort, never blocks); a no-op when the bus is not running. Any thread. */
void cluster_send_invalidate(cluster_invalidate_kind_t kind, const char *id);

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
