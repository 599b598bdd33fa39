#include "cluster/cluster.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"
#include "store/cluster_nodes.h"
#include "store/db.h"
#include "ws/fanout.h"

#define MAX_PEERS 64
#define ADDR_MAX STORE_CLUSTER_ADDR_MAX
#define MSG_MAX (5u << 20)
#define DEAD_HEARTBEATS 5

typedef store_cluster_node_t peer_t;

static struct {
    const cluster_settings_t *s;
    void *zctx, *pub, *sub;
    pthread_mutex_t pub_lock;
    pthread_t tid;
    atomic_int stop;
    atomic_int npeers_pub;
    PGconn *db;
    char node_id[PL_ID_LEN + 1];
    char endpoint[ADDR_MAX];
    peer_t peers[MAX_PEERS];
    int npeers;
} g = {.pub_lock = PTHREAD_MUTEX_INITIALIZER};

const char *cluster_node_id(void)
{
    return g.node_id;
}

int cluster_peer_count(void)
{
    return atomic_load(&g.npeers_pub);
}

static void forward(const void *p, size_t n, void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g.pub_lock);
    if (g.pub != NULL && zmq_send(g.pub, p, n, ZMQ_DONTWAIT) < 0)
        PL_LOG_WARN("cluster: event not relayed", "error", zmq_strerror(zmq_errno()));
    pthread_mutex_unlock(&g.pub_lock);
}

static int heartbeat(void)
{
    char host[256] = "";
    int64_t t = pl_time_ms();
    gethostname(host, sizeof(host) - 1);
    return store_cluster_nodes_beat(g.db, g.node_id, g.endpoint, host, t, t - DEAD_HEARTBEATS * g.s->heartbeat_ms) == STORE_OK
               ? PL_OK
               : PL_EIO;
}

static int peer_index(const peer_t *list, int n, const char *id, const char *addr)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].id, id) == 0 && strcmp(list[i].address, addr) == 0)
            return i;
    return -1;
}

static void sync_peers(void)
{
    peer_t now[MAX_PEERS];
    int n = 0;
    if (store_cluster_nodes_peers(g.db, g.node_id, now, MAX_PEERS, &n) != STORE_OK)
        return;
    for (int i = 0; i < g.npeers; i++)
        if (peer_index(now, n, g.peers[i].id, g.peers[i].address) < 0) {
            zmq_disconnect(g.sub, g.peers[i].address);
            PL_LOG_INFO("cluster: node left", "node_id", g.peers[i].id);
        }
    for (int i = 0; i < n; i++)
        if (peer_index(g.peers, g.npeers, now[i].id, now[i].address) < 0) {
            if (zmq_connect(g.sub, now[i].address) != 0)
                PL_LOG_WARN("cluster: cannot connect to node", "node_id", now[i].id, "address", now[i].address);
            else
                PL_LOG_INFO("cluster: node joined", "node_id", now[i].id, "address", now[i].address);
        }
    memcpy(g.peers, now, sizeof(peer_t) * (size_t)n);
    g.npeers = n;
    atomic_store(&g.npeers_pub, n);
}

static void drain_sub(void)
{
    for (;;) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, g.sub, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&m);
            return;
        }
        if (zmq_msg_size(&m) <= MSG_MAX && ws_wire_apply(zmq_msg_data(&m), zmq_msg_size(&m)) == PL_EINVAL)
            PL_LOG_WARN("cluster: malformed message dropped");
        zmq_msg_close(&m);
    }
}

static void *bus_main(void *arg)
{
    (void)arg;
    int64_t next_beat = 0;
    while (!atomic_load(&g.stop)) {
        int64_t now = pl_time_mono_ms();
        if (now >= next_beat) {
            heartbeat();
            sync_peers();
            next_beat = now + g.s->heartbeat_ms;
        }
        zmq_pollitem_t item = {g.sub, 0, ZMQ_POLLIN, 0};
        long wait = (long)(next_beat - now);
        if (wait > 200)
            wait = 200;
        if (zmq_poll(&item, 1, wait < 1 ? 1 : wait) > 0)
            drain_sub();
    }
    return NULL;
}

static int open_sockets(void)
{
    int hwm = 100000, linger = 0;
    int64_t maxmsg = MSG_MAX;
    g.zctx = zmq_ctx_new();
    g.pub = zmq_socket(g.zctx, ZMQ_PUB);
    g.sub = zmq_socket(g.zctx, ZMQ_SUB);
    if (g.pub == NULL || g.sub == NULL)
        return PL_EIO;
    zmq_setsockopt(g.pub, ZMQ_SNDHWM, &hwm, sizeof(hwm));
    zmq_setsockopt(g.pub, ZMQ_LINGER, &linger, sizeof(linger));
    zmq_setsockopt(g.sub, ZMQ_RCVHWM, &hwm, sizeof(hwm));
    zmq_setsockopt(g.sub, ZMQ_LINGER, &linger, sizeof(linger));
    zmq_setsockopt(g.sub, ZMQ_MAXMSGSIZE, &maxmsg, sizeof(maxmsg));
    zmq_setsockopt(g.sub, ZMQ_SUBSCRIBE, "", 0);
    if (zmq_bind(g.pub, g.s->bind) != 0) {
        PL_LOG_ERROR("cluster: cannot bind", "address", g.s->bind, "error", zmq_strerror(zmq_errno()));
        return PL_EIO;
    }
    size_t len = sizeof(g.endpoint);
    zmq_getsockopt(g.pub, ZMQ_LAST_ENDPOINT, g.endpoint, &len);
    if (g.s->advertise != NULL && g.s->advertise[0] != '\0')
        snprintf(g.endpoint, sizeof(g.endpoint), "%s", g.s->advertise);
    return PL_OK;
}

static void close_all(void)
{
    pthread_mutex_lock(&g.pub_lock);
    if (g.pub != NULL)
        zmq_close(g.pub);
    g.pub = NULL;
    pthread_mutex_unlock(&g.pub_lock);
    if (g.sub != NULL)
        zmq_close(g.sub);
    g.sub = NULL;
    if (g.zctx != NULL)
        zmq_ctx_term(g.zctx);
    g.zctx = NULL;
    if (g.db != NULL)
        store_cluster_nodes_disconnect(g.db);
    g.db = NULL;
}

int cluster_start(void *arg)
{
    g.s = arg;
    pl_id_new(g.node_id);
    atomic_store(&g.stop, 0);
    if (open_sockets() != PL_OK)
        goto Fail;
    g.db = store_cluster_nodes_connect(g.s->conninfo);
    if (g.db == NULL)
        goto Fail;
    if (heartbeat() != PL_OK)
        goto Fail;
    sync_peers();
    ws_fanout_set_forwarder(forward, NULL);
    if (pthread_create(&g.tid, NULL, bus_main, NULL) != 0)
        goto Fail;
    PL_LOG_INFO("cluster: node started", "node_id", g.node_id, "address", g.endpoint);
    return PL_OK;
Fail:
    ws_fanout_set_forwarder(NULL, NULL);
    close_all();
    return PL_EIO;
}

void cluster_stop(void *arg)
{
    (void)arg;
    ws_fanout_set_forwarder(NULL, NULL);
    atomic_store(&g.stop, 1);
    pthread_join(g.tid, NULL);
    store_cluster_nodes_leave(g.db, g.node_id);
    close_all();
    PL_LOG_INFO("cluster: node stopped", "node_id", g.node_id);
}
