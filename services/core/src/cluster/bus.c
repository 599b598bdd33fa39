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
#include "parley/zap.h"
#include "parley/zenv.h"
#include "store/cluster.h"
#include "store/db.h"
#include "ws/fanout.h"

#define MAX_PEERS 64
#define ADDR_MAX 256
#define MSG_MAX (5u << 20)
#define DEAD_HEARTBEATS 5
/* Bus message types: every message starts with a type letter and version 1. 'W' (ws/wire.c) is a
 * hub operation; 'C' is a cache invalidation: "C" 1 <kind> <26-character id>. */
#define INVALIDATE_LEN (3 + PL_ID_LEN)

typedef store_cluster_node_t peer_t;

static struct {
    const cluster_settings_t *s;
    void *zctx, *pub, *sub;
    pthread_mutex_t pub_lock;
    pthread_t tid;
    atomic_int stop;
    atomic_int npeers_pub;
    void *mon[2]; /* PAIR sockets receiving the handshake events of pub and sub */
    pl_zap_t *zap;
    PGconn *db;
    char *conninfo;
    cluster_invalidate_fn on_invalidate;
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
    if (store_db_check(g.db, NULL) != 0)
        return PL_EIO;
    int rc = store_cluster_heartbeat(g.db, g.node_id, g.endpoint, host, t, t - DEAD_HEARTBEATS * g.s->heartbeat_ms);
    if (rc != STORE_OK)
        PL_LOG_WARN("cluster: heartbeat failed", "error", store_error_name(rc));
    return rc == STORE_OK ? PL_OK : PL_EIO;
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
    size_t n = 0;
    if (store_cluster_peers(g.db, g.node_id, now, MAX_PEERS, &n) != STORE_OK)
        return;
    for (int i = 0; i < g.npeers; i++)
        if (peer_index(now, (int)n, g.peers[i].id, g.peers[i].address) < 0) {
            zmq_disconnect(g.sub, g.peers[i].address);
            PL_LOG_INFO("cluster: node left", "node_id", g.peers[i].id);
        }
    for (size_t i = 0; i < n; i++)
        if (peer_index(g.peers, g.npeers, now[i].id, now[i].address) < 0) {
            if (zmq_connect(g.sub, now[i].address) != 0)
                PL_LOG_WARN("cluster: cannot connect to node", "node_id", now[i].id, "address", now[i].address);
            else
                PL_LOG_INFO("cluster: node joined", "node_id", now[i].id, "address", now[i].address);
        }
    memcpy(g.peers, now, sizeof(peer_t) * n);
    g.npeers = (int)n;
    atomic_store(&g.npeers_pub, (int)n);
}

void cluster_set_invalidate_handler(cluster_invalidate_fn fn)
{
    g.on_invalidate = fn;
}

void cluster_send_invalidate(cluster_invalidate_kind_t kind, const char *id)
{
    unsigned char m[INVALIDATE_LEN];
    if (id == NULL || strlen(id) != PL_ID_LEN)
        return;
    m[0] = 'C';
    m[1] = 1;
    m[2] = (unsigned char)kind;
    memcpy(m + 3, id, PL_ID_LEN);
    pthread_mutex_lock(&g.pub_lock);
    if (g.pub != NULL && zmq_send(g.pub, m, sizeof(m), ZMQ_DONTWAIT) < 0)
        PL_LOG_WARN("cluster: invalidation not relayed", "error", zmq_strerror(zmq_errno()));
    pthread_mutex_unlock(&g.pub_lock);
}

/* @return PL_OK when p is an invalidation (handled), PL_ENOTFOUND when it is another type. */
static int apply_invalidate(const unsigned char *p, size_t n)
{
    char id[PL_ID_LEN + 1];
    if (n < 2 || p[0] != 'C' || p[1] != 1)
        return PL_ENOTFOUND;
    if (n != INVALIDATE_LEN || (p[2] < CLUSTER_INVALIDATE_SESSION || p[2] > CLUSTER_INVALIDATE_VIEWS_ALL))
        return PL_EINVAL;
    memcpy(id, p + 3, PL_ID_LEN);
    id[PL_ID_LEN] = '\0';
    if (!pl_id_valid(id, PL_ID_LEN))
        return PL_EINVAL;
    if (g.on_invalidate != NULL)
        g.on_invalidate((cluster_invalidate_kind_t)p[2], id);
    return PL_OK;
}

static int apply(const unsigned char *p, size_t n)
{
    int rc = apply_invalidate(p, n);
    return rc == PL_ENOTFOUND ? ws_wire_apply(p, n) : rc;
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
        if (zmq_msg_size(&m) <= MSG_MAX && apply(zmq_msg_data(&m), zmq_msg_size(&m)) == PL_EINVAL)
            PL_LOG_WARN("cluster: malformed message dropped");
        zmq_msg_close(&m);
    }
}

#define HANDSHAKE_LOG_EVERY_MS 30000

/* A refused peer retries every 100 ms: log its failures at most every 30 s per address. */
static int handshake_log_due(const char *addr, int64_t now)
{
    static struct {
        char addr[ADDR_MAX];
        int64_t at;
    } seen[MAX_PEERS];
    int slot = 0;
    for (int i = 0; i < MAX_PEERS; i++) {
        if (strcmp(seen[i].addr, addr) == 0) {
            slot = i;
            break;
        }
        if (seen[i].at < seen[slot].at)
            slot = i;
    }
    if (strcmp(seen[slot].addr, addr) == 0 && seen[slot].at != 0 && now - seen[slot].at < HANDSHAKE_LOG_EVERY_MS)
        return 0;
    snprintf(seen[slot].addr, sizeof(seen[slot].addr), "%s", addr);
    seen[slot].at = now;
    return 1;
}

/* One event from the socket monitor: frame 1 = u16 event + u32 value, frame 2 = the endpoint. */
static void drain_monitor(void *mon)
{
    for (;;) {
        uint8_t head[6];
        char addr[ADDR_MAX] = "";
        if (zmq_recv(mon, head, sizeof(head), ZMQ_DONTWAIT) < 0)
            return;
        int more = 0;
        size_t ml = sizeof(more);
        zmq_getsockopt(mon, ZMQ_RCVMORE, &more, &ml);
        if (more) {
            int an = zmq_recv(mon, addr, sizeof(addr) - 1, 0);
            addr[an > 0 && an < (int)sizeof(addr) ? an : 0] = '\0';
        }
        uint16_t ev;
        memcpy(&ev, head, sizeof(ev));
        if (ev == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
            PL_LOG_INFO("cluster: handshake succeeded", "address", addr);
        else if (handshake_log_due(addr, pl_time_mono_ms()))
            PL_LOG_WARN("cluster: handshake failed (wrong or missing ClusterCurve keys?)", "address", addr);
    }
}

static void *bus_main(void *arg)
{
    (void)arg;
    int64_t next_beat = 0;
    while (!atomic_load(&g.stop)) {
        int64_t now = pl_time_mono_ms();
        if (now >= next_beat) {
            if (heartbeat() == PL_OK)
                sync_peers();
            next_beat = now + g.s->heartbeat_ms;
        }
        zmq_pollitem_t items[] = {{g.sub, 0, ZMQ_POLLIN, 0}, {g.mon[0], 0, ZMQ_POLLIN, 0}, {g.mon[1], 0, ZMQ_POLLIN, 0}};
        long wait = (long)(next_beat - now);
        if (wait > 200)
            wait = 200;
        if (zmq_poll(items, 3, wait < 1 ? 1 : wait) > 0) {
            if (items[0].revents & ZMQ_POLLIN)
                drain_sub();
            for (int i = 0; i < 2; i++)
                if (items[1 + i].revents & ZMQ_POLLIN)
                    drain_monitor(g.mon[i]);
        }
    }
    return NULL;
}

static int curve_enabled(void)
{
    return g.s->curve_secret_key != NULL && g.s->curve_secret_key[0] != '\0';
}

/* Every node holds the one cluster key pair: PUB is the CURVE server, SUB a client of each peer,
 * and the ZAP handler admits only clients that prove they hold the cluster secret key. */
static int setup_curve(void)
{
    const char *pub = g.s->curve_public_key, *sec = g.s->curve_secret_key;
    if (!curve_enabled())
        return PL_OK;
    g.zap = pl_zap_create(g.zctx, &pub, 1);
    if (g.zap == NULL)
        return PL_EINVAL;
    int rc = pl_zenv_curve_server(g.pub, sec);
    if (rc == PL_OK)
        rc = pl_zenv_curve_client(g.sub, pub, pub, sec);
    return rc;
}

/* The handshake events of pub and sub, each to a PAIR socket read by the bus thread. */
static int setup_monitor(void)
{
    int events = ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                 ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
    void *socks[2] = {g.pub, g.sub};
    for (int i = 0; i < 2; i++) {
        char ep[64];
        snprintf(ep, sizeof(ep), "inproc://cluster-monitor-%d", i);
        if (zmq_socket_monitor(socks[i], ep, events) != 0)
            return PL_EIO;
        g.mon[i] = zmq_socket(g.zctx, ZMQ_PAIR);
        if (g.mon[i] == NULL || zmq_connect(g.mon[i], ep) != 0)
            return PL_EIO;
    }
    return PL_OK;
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
    if (setup_curve() != PL_OK) {
        PL_LOG_ERROR("cluster: CURVE setup failed", "key", "ClusterCurveSecretKey");
        return PL_EINVAL;
    }
    if (setup_monitor() != PL_OK)
        return PL_EIO;
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
    if (g.pub != NULL) {
        zmq_socket_monitor(g.pub, NULL, 0);
        zmq_close(g.pub);
    }
    g.pub = NULL;
    pthread_mutex_unlock(&g.pub_lock);
    if (g.sub != NULL) {
        zmq_socket_monitor(g.sub, NULL, 0);
        zmq_close(g.sub);
    }
    g.sub = NULL;
    for (int i = 0; i < 2; i++) {
        if (g.mon[i] != NULL)
            zmq_close(g.mon[i]);
        g.mon[i] = NULL;
    }
    pl_zap_destroy(g.zap);
    g.zap = NULL;
    if (g.zctx != NULL)
        zmq_ctx_term(g.zctx);
    g.zctx = NULL;
    if (g.db != NULL)
        store_db_close(g.db, NULL);
    g.db = NULL;
    free(g.conninfo);
    g.conninfo = NULL;
}

int cluster_start(void *arg)
{
    g.s = arg;
    pl_id_new(g.node_id);
    atomic_store(&g.stop, 0);
    if (open_sockets() != PL_OK)
        goto Fail;
    g.conninfo = store_db_conninfo(g.s->conninfo);
    g.db = g.conninfo != NULL ? store_db_open(g.conninfo) : NULL;
    if (g.db == NULL) {
        PL_LOG_ERROR("cluster: cannot connect to the database");
        goto Fail;
    }
    if (heartbeat() != PL_OK)
        goto Fail;
    sync_peers();
    ws_fanout_set_forwarder(forward, NULL);
    if (pthread_create(&g.tid, NULL, bus_main, NULL) != 0)
        goto Fail;
    PL_LOG_INFO("cluster: node started", "node_id", g.node_id, "address", g.endpoint, "curve", curve_enabled() ? "on" : "off");
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
    if (store_db_check(g.db, NULL) == 0)
        store_cluster_leave(g.db, g.node_id);
    close_all();
    PL_LOG_INFO("cluster: node stopped", "node_id", g.node_id);
}
