#include "ws/fanout.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "http/loop.h"
#include "parley/err.h"
#include "ws/hub.h"

/*
 * Every loop registers its hub here at init; publishers (any thread) send one message per loop
 * through that loop's h2o_multithread queue, so operations from one thread arrive in order.
 * hubs[] and the forwarder are shared by every thread: read under hubs_lock (shared), written under
 * it (exclusive). A forward runs under the shared lock, so once ws_fanout_set_forwarder(NULL) has
 * returned no thread is still inside the old forwarder (the bus may close its socket).
 */

#define MAX_LOOPS 256

typedef struct fan_msg {
    h2o_multithread_message_t super;
    int op;
    ws_msg_t *msg;
    ws_id_t a, b;
    ws_migrate_t *migrate;
} fan_msg_t;

#define FAN_MIGRATE 100

static pthread_rwlock_t hubs_lock = PTHREAD_RWLOCK_INITIALIZER;
static ws_hub_t *hubs[MAX_LOOPS];
static ws_forward_fn forwarder;
static void *forwarder_arg;
static void (*adopt)(ws_hub_t *h, ws_migrate_t *m);

void ws_fanout_attach(size_t index, ws_hub_t *h)
{
    if (index >= MAX_LOOPS)
        return;
    pthread_rwlock_wrlock(&hubs_lock);
    hubs[index] = h;
    pthread_rwlock_unlock(&hubs_lock);
}

void ws_fanout_stats(ws_stats_t *out)
{
    memset(out, 0, sizeof(*out));
    pthread_rwlock_rdlock(&hubs_lock);
    for (size_t i = 0; i < MAX_LOOPS; i++) {
        const ws_hub_t *h = hubs[i];
        if (h == NULL)
            continue;
        out->connections += atomic_load_explicit(&h->nlive, memory_order_relaxed);
        out->delivered += atomic_load_explicit(&h->delivered, memory_order_relaxed);
        out->dropped += atomic_load_explicit(&h->dropped, memory_order_relaxed);
        out->slow_closed += atomic_load_explicit(&h->slow_closed, memory_order_relaxed);
        out->resumed += atomic_load_explicit(&h->resumed, memory_order_relaxed);
    }
    pthread_rwlock_unlock(&hubs_lock);
}

void ws_fanout_set_forwarder(ws_forward_fn fn, void *arg)
{
    pthread_rwlock_wrlock(&hubs_lock);
    forwarder = fn;
    forwarder_arg = arg;
    pthread_rwlock_unlock(&hubs_lock);
}

int ws_fanout_has_forwarder(void)
{
    pthread_rwlock_rdlock(&hubs_lock);
    int has = forwarder != NULL;
    pthread_rwlock_unlock(&hubs_lock);
    return has;
}

void ws_fanout_set_adopter(void (*fn)(ws_hub_t *h, ws_migrate_t *m))
{
    adopt = fn;
}

void ws_fanout_forward(const void *p, size_t n)
{
    pthread_rwlock_rdlock(&hubs_lock);
    if (forwarder != NULL)
        forwarder(p, n, forwarder_arg);
    pthread_rwlock_unlock(&hubs_lock);
}

/* An event is serialised once; a loop other than the first gets its own copy (up to CLONE_MAX
 * bytes) so that the per-recipient reference counting of each loop stays in that loop's cache
 * instead of bouncing one counter between cores. Larger events are shared. */
#define CLONE_MAX 16384

static ws_msg_t *msg_for_loop(ws_msg_t *m, int nth)
{
    if (m == NULL)
        return NULL;
    if (nth == 0 || m->filter == NULL || m->len > CLONE_MAX) {
        ws_msg_ref(m);
        return m;
    }
    return ws_msg_clone(m);
}

static int send_all(int op, ws_msg_t *m, const char *a, const char *b)
{
    int sent = 0;
    size_t n = http_loop_count();
    pthread_rwlock_rdlock(&hubs_lock);
    for (size_t i = 0; i < n && i < MAX_LOOPS; i++) {
        if (hubs[i] == NULL)
            continue;
        fan_msg_t *f = calloc(1, sizeof(*f));
        if (f == NULL)
            abort();
        f->op = op;
        f->msg = msg_for_loop(m, sent);
        if (a != NULL)
            memcpy(f->a, a, PL_ID_LEN);
        if (b != NULL)
            memcpy(f->b, b, PL_ID_LEN);
        h2o_multithread_send_message(&hubs[i]->rx, &f->super);
        sent++;
    }
    pthread_rwlock_unlock(&hubs_lock);
    return sent > 0 ? PL_OK : PL_EAGAIN;
}

int ws_fanout_migrate(size_t loop, ws_migrate_t *m)
{
    int rc = PL_EAGAIN;
    pthread_rwlock_rdlock(&hubs_lock);
    if (loop < MAX_LOOPS && hubs[loop] != NULL) {
        fan_msg_t *f = calloc(1, sizeof(*f));
        if (f == NULL)
            abort();
        f->op = FAN_MIGRATE;
        f->migrate = m;
        h2o_multithread_send_message(&hubs[loop]->rx, &f->super);
        rc = PL_OK;
    }
    pthread_rwlock_unlock(&hubs_lock);
    return rc;
}

int ws_fanout_event(ws_msg_t *m)
{
    return send_all(WS_FAN_EVENT, m, NULL, NULL);
}

int ws_fanout_op(int op, const char *a, const char *b)
{
    return send_all(op, NULL, a, b);
}

static void apply(ws_hub_t *h, fan_msg_t *f)
{
    switch (f->op) {
    case WS_FAN_EVENT:
        ws_hub_deliver(h, f->msg);
        break;
    case WS_FAN_CHANNEL_ADD:
    case WS_FAN_CHANNEL_REMOVE:
        ws_hub_member(h, f->a, f->b, 0, f->op == WS_FAN_CHANNEL_ADD);
        break;
    case WS_FAN_TEAM_ADD:
    case WS_FAN_TEAM_REMOVE:
        ws_hub_member(h, f->a, f->b, 1, f->op == WS_FAN_TEAM_ADD);
        break;
    case WS_FAN_CLOSE_SESSION:
        ws_hub_close_matching(h, f->a, NULL);
        break;
    case WS_FAN_CLOSE_USER:
        ws_hub_close_matching(h, NULL, f->a);
        break;
    case FAN_MIGRATE:
        adopt(h, f->migrate);
        f->migrate = NULL;
        break;
    default:
        break;
    }
}

void ws_fanout_on_messages(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    ws_hub_t *h = (ws_hub_t *)((char *)receiver - offsetof(ws_hub_t, rx));
    while (!h2o_linklist_is_empty(messages)) {
        fan_msg_t *f = H2O_STRUCT_FROM_MEMBER(fan_msg_t, super.link, messages->next);
        h2o_linklist_unlink(&f->super.link);
        if (!h->stopping)
            apply(h, f);
        if (f->migrate != NULL) { /* stopping: drop the moved socket */
            h2o_socket_dispose_export(&f->migrate->sock);
            free(f->migrate->auth.channels);
            free(f->migrate->auth.teams);
            free(f->migrate);
        }
        ws_msg_unref(f->msg);
        free(f);
    }
    ws_hub_after_pass(h);
}
