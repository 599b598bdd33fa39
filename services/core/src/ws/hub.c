#include "ws/hub.h"

#include <stdlib.h>
#include <string.h>
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"
#include "ws/frame.h"

/*
 * The per-loop hub shard: indexes (user, channel, team, connection id), delivery with Mattermost's
 * broadcast filter, deferred flushes (one write per connection per pass) and deferred destruction
 * (never while an index is being walked), and the 1 s sweep (auth deadline, pings, silence,
 * session expiry, resume window).
 */

static ws_hub_ops_t ops;

void ws_hub_set_ops(const ws_hub_ops_t *o)
{
    ops = *o;
}

#define WS_HUB_MEMB_LOG 1024 /* membership changes remembered per loop (64 KiB) */

typedef struct ws_memb_op {
    ws_id_t user, group;
    int64_t at; /* mono ms, when applied here */
    uint8_t is_team, add;
} ws_memb_op_t;

static void memb_replay(ws_hub_t *h, ws_conn_t *c, int64_t since);

#define VEC_PUSH(arr, n, cap, v)                                                                                                   \
    do {                                                                                                                           \
        if ((n) == (cap)) {                                                                                                        \
            (cap) = (cap) == 0 ? 16 : (cap)*2;                                                                                     \
            void *np_ = realloc((arr), (size_t)(cap) * sizeof(*(arr)));                                                            \
            if (np_ == NULL)                                                                                                       \
                abort();                                                                                                           \
            (arr) = np_;                                                                                                           \
        }                                                                                                                          \
        (arr)[(n)++] = (v);                                                                                                        \
    } while (0)

void ws_hub_add_conn(ws_hub_t *h, ws_conn_t *c)
{
    c->hub_idx = h->nconns;
    VEC_PUSH(h->conns, h->nconns, h->capconns, c);
}

static void remove_from_hub(ws_hub_t *h, ws_conn_t *c)
{
    if (c->hub_idx >= h->nconns || h->conns[c->hub_idx] != c)
        return;
    ws_conn_t *last = h->conns[--h->nconns];
    h->conns[c->hub_idx] = last;
    last->hub_idx = c->hub_idx;
    c->hub_idx = UINT32_MAX;
}

/* ---------------------------------------------------------------- groups (channels, teams) */

static ws_group_t *group_get(ws_idmap_t *map, const char *id, int create)
{
    ws_idnode_t *n = ws_idmap_find(map, id);
    if (n != NULL)
        return (ws_group_t *)((char *)n - offsetof(ws_group_t, node));
    if (!create)
        return NULL;
    ws_group_t *g = calloc(1, sizeof(*g));
    if (g == NULL)
        abort();
    memcpy(g->id, id, PL_ID_LEN);
    g->node.key = g->id;
    ws_idmap_insert(map, &g->node);
    return g;
}

static int memb_find(const ws_conn_t *c, const ws_group_t *g)
{
    for (int i = 0; i < c->nmemb; i++)
        if (c->memb[i].group == g)
            return i;
    return -1;
}

static void group_join(ws_idmap_t *map, ws_conn_t *c, const char *id, int is_team)
{
    if (c->nmemb == UINT16_MAX)
        return; /* beyond 65535 memberships per connection: events reach the user through user_id only */
    ws_group_t *g = group_get(map, id, 1);
    if (memb_find(c, g) >= 0)
        return;
    if (c->nmemb == (c->capmemb_log == 0 ? 0 : 1u << c->capmemb_log)) {
        c->capmemb_log = (uint8_t)(c->capmemb_log == 0 ? 2 : c->capmemb_log + 1);
        ws_memb_t *nm = realloc(c->memb, ((size_t)1 << c->capmemb_log) * sizeof(*nm));
        if (nm == NULL)
            abort();
        c->memb = nm;
    }
    c->memb[c->nmemb++] = (ws_memb_t){g, g->n, (uint8_t)is_team};
    VEC_PUSH(g->members, g->n, g->cap, c);
}

static void group_leave(ws_idmap_t *map, ws_conn_t *c, int mi)
{
    ws_group_t *g = c->memb[mi].group;
    uint32_t idx = c->memb[mi].idx;
    ws_conn_t *last = g->members[--g->n];
    g->members[idx] = last;
    if (last != c) {
        int lm = memb_find(last, g);
        if (lm >= 0)
            last->memb[lm].idx = idx;
    }
    c->memb[mi] = c->memb[--c->nmemb];
    if (g->n == 0) {
        ws_idmap_remove(map, &g->node);
        free(g->members);
        free(g);
    }
}

int ws_hub_is_channel_member(const ws_conn_t *c, const char *channel_id)
{
    for (int i = 0; i < c->nmemb; i++)
        if (!c->memb[i].is_team && memcmp(c->memb[i].group->id, channel_id, PL_ID_LEN) == 0)
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- users */

static ws_user_t *user_get(ws_hub_t *h, const char *id, int create)
{
    ws_idnode_t *n = ws_idmap_find(&h->users, id);
    if (n != NULL)
        return (ws_user_t *)((char *)n - offsetof(ws_user_t, node));
    if (!create)
        return NULL;
    ws_user_t *u = calloc(1, sizeof(*u));
    if (u == NULL)
        abort();
    memcpy(u->id, id, PL_ID_LEN);
    u->node.key = u->id;
    ws_idmap_insert(&h->users, &u->node);
    return u;
}

void ws_hub_set_live(ws_hub_t *h, ws_conn_t *c)
{
    if ((c->flags & WS_CONN_LIVE) != 0)
        return;
    c->flags |= WS_CONN_LIVE;
    atomic_fetch_add_explicit(&h->nlive, 1, memory_order_relaxed);
    if (++c->user->nlive == 1)
        ws_status_job_submit(c->user->id, WS_STATUS_ONLINE, false);
}

void ws_hub_register(ws_hub_t *h, ws_conn_t *c, const ws_auth_t *a)
{
    ws_user_t *u = user_get(h, a->user_id, 1);
    c->user = u;
    c->unext = u->conns;
    c->uprev = NULL;
    if (u->conns != NULL)
        u->conns->uprev = c;
    u->conns = c;
    memcpy(c->session_id, a->session_id, sizeof(c->session_id));
    c->expires_at = a->expires_at;
    c->flags |= WS_CONN_AUTHED | (a->is_admin ? WS_CONN_ADMIN : 0);
    c->idnode.key = c->id;
    ws_idmap_insert(&h->conn_ids, &c->idnode);
    for (size_t i = 0; i < a->nchannels; i++)
        group_join(&h->channels, c, a->channels[i], 0);
    for (size_t i = 0; i < a->nteams; i++)
        group_join(&h->teams, c, a->teams[i], 1);
    memb_replay(h, c, a->loaded_since);
    ws_hub_set_live(h, c);
}

void ws_hub_unregister(ws_hub_t *h, ws_conn_t *c)
{
    if ((c->flags & WS_CONN_LIVE) == 0)
        return;
    c->flags &= (uint16_t)~WS_CONN_LIVE;
    atomic_fetch_sub_explicit(&h->nlive, 1, memory_order_relaxed);
    if (--c->user->nlive == 0 && !h->stopping)
        ws_status_job_submit(c->user->id, WS_STATUS_OFFLINE, false);
}

static void forget(ws_hub_t *h, ws_conn_t *c)
{
    ws_hub_unregister(h, c);
    if ((c->flags & WS_CONN_IN_REGISTRY) != 0) {
        ws_registry_del(c->id);
        c->flags &= (uint16_t)~WS_CONN_IN_REGISTRY;
    }
    while (c->nmemb > 0)
        group_leave(c->memb[c->nmemb - 1].is_team ? &h->teams : &h->channels, c, c->nmemb - 1);
    free(c->memb);
    c->memb = NULL;
    c->capmemb_log = 0;
    if ((c->flags & WS_CONN_AUTHED) != 0) {
        ws_idmap_remove(&h->conn_ids, &c->idnode);
        ws_user_t *u = c->user;
        if (c->uprev != NULL)
            c->uprev->unext = c->unext;
        else
            u->conns = c->unext;
        if (c->unext != NULL)
            c->unext->uprev = c->uprev;
        if (u->conns == NULL) {
            ws_idmap_remove(&h->users, &u->node);
            free(u);
        }
        c->user = NULL;
        c->flags &= (uint16_t)~WS_CONN_AUTHED;
    }
    remove_from_hub(h, c);
}

/* ---------------------------------------------------------------- deferred work */

void ws_hub_mark_flush(ws_hub_t *h, ws_conn_t *c)
{
    if ((c->flags & WS_CONN_FLUSH) != 0)
        return;
    c->flags |= WS_CONN_FLUSH;
    VEC_PUSH(h->flush, h->nflush, h->capflush, c);
}

void ws_hub_doom(ws_hub_t *h, ws_conn_t *c)
{
    if ((c->flags & WS_CONN_DOOMED) != 0)
        return;
    c->flags |= WS_CONN_DOOMED;
    VEC_PUSH(h->doomed, h->ndoomed, h->capdoomed, c);
}

void ws_hub_after_pass(ws_hub_t *h)
{
    for (uint32_t i = 0; i < h->nflush; i++) {
        ws_conn_t *c = h->flush[i];
        c->flags &= (uint16_t)~WS_CONN_FLUSH;
        if ((c->flags & WS_CONN_DOOMED) == 0)
            ws_conn_flush(c);
    }
    h->nflush = 0;
    for (uint32_t i = 0; i < h->ndoomed; i++) {
        ws_conn_t *c = h->doomed[i];
        forget(h, c);
        ws_conn_destroy(c);
    }
    h->ndoomed = 0;
}

int ws_conn_job_release(ws_conn_t *c)
{
    c->jobs--;
    if (c->hub_idx != UINT32_MAX)
        return 1;
    if (c->jobs == 0)
        free(c);
    return 0;
}

/* ---------------------------------------------------------------- write batch memory */

/* A fan-out writes to every recipient in one pass and the batches come back in the next one, so the
 * list grows to the loop's recipients per event; each sweep frees the blocks that stayed unused. */

void *ws_hub_block_get(ws_hub_t *h, size_t size)
{
    void *p = NULL;
    if (size > WS_HUB_BLOCK) {
        p = malloc(size);
    } else if (h->blocks != NULL) {
        p = h->blocks;
        memcpy(&h->blocks, p, sizeof(void *));
        if (--h->nblocks < h->blocks_low)
            h->blocks_low = h->nblocks;
        return p;
    } else {
        p = malloc(WS_HUB_BLOCK);
    }
    if (p == NULL)
        abort();
    return p;
}

void ws_hub_block_put(ws_hub_t *h, void *p, size_t size)
{
    if (size > WS_HUB_BLOCK || h->stopping) {
        free(p);
        return;
    }
    memcpy(p, &h->blocks, sizeof(void *));
    h->blocks = p;
    h->nblocks++;
}

static void blocks_trim(ws_hub_t *h, uint32_t keep)
{
    while (h->nblocks > keep) {
        void *p = h->blocks;
        memcpy(&h->blocks, p, sizeof(void *));
        free(p);
        h->nblocks--;
    }
    h->blocks_low = h->nblocks;
}

/* ---------------------------------------------------------------- delivery */

static int accepts(const ws_conn_t *c, const ws_filter_t *f)
{
    if ((c->flags & WS_CONN_AUTHED) == 0)
        return 0;
    if (f->connection_id[0] != '\0')
        return memcmp(c->id, f->connection_id, PL_ID_LEN) == 0;
    if (f->omit_connection_id[0] != '\0' && memcmp(c->id, f->omit_connection_id, PL_ID_LEN) == 0)
        return 0;
    if (f->user_id[0] != '\0')
        return memcmp(c->user->id, f->user_id, PL_ID_LEN) == 0;
    if (ws_filter_omits(f, c->user->id))
        return 0;
    return 1; /* channel/team membership is decided by the index that produced c */
}

static void deliver_group(ws_idmap_t *map, const char *id, ws_msg_t *m)
{
    ws_group_t *g = group_get(map, id, 0);
    for (uint32_t i = 0; g != NULL && i < g->n; i++)
        if (accepts(g->members[i], m->filter))
            ws_conn_push_event(g->members[i], m);
}

void ws_hub_deliver(ws_hub_t *h, ws_msg_t *m)
{
    const ws_filter_t *f = m->filter;
    if (f->connection_id[0] != '\0') {
        ws_idnode_t *n = ws_idmap_find(&h->conn_ids, f->connection_id);
        if (n != NULL) {
            ws_conn_t *c = (ws_conn_t *)((char *)n - offsetof(ws_conn_t, idnode));
            ws_conn_push_event(c, m);
        }
    } else if (f->user_id[0] != '\0') {
        ws_user_t *u = user_get(h, f->user_id, 0);
        for (ws_conn_t *c = u != NULL ? u->conns : NULL; c != NULL; c = c->unext)
            if (accepts(c, f))
                ws_conn_push_event(c, m);
    } else if (f->channel_id[0] != '\0') {
        deliver_group(&h->channels, f->channel_id, m);
    } else if (f->team_id[0] != '\0') {
        deliver_group(&h->teams, f->team_id, m);
    } else {
        for (uint32_t i = 0; i < h->nconns; i++)
            if (accepts(h->conns[i], f))
                ws_conn_push_event(h->conns[i], m);
    }
}

/* One connection's side of a membership change. */
static void memb_apply(ws_hub_t *h, ws_conn_t *c, const char *group_id, int is_team, int add)
{
    ws_idmap_t *map = is_team ? &h->teams : &h->channels;
    if (add) {
        group_join(map, c, group_id, is_team);
        return;
    }
    ws_group_t *g = group_get(map, group_id, 0);
    int mi = g != NULL ? memb_find(c, g) : -1;
    if (mi >= 0)
        group_leave(map, c, mi);
}

/* Remember the change: a connection whose memberships were read before it gets it at registration. */
static void memb_log_add(ws_hub_t *h, const char *user_id, const char *group_id, int is_team, int add)
{
    if (h->memb_log == NULL && (h->memb_log = calloc(WS_HUB_MEMB_LOG, sizeof(*h->memb_log))) == NULL)
        abort();
    uint32_t slot;
    if (h->memb_log_n == WS_HUB_MEMB_LOG) {
        slot = h->memb_log_head;
        h->memb_log_evicted = h->memb_log[slot].at;
        h->memb_log_head = (h->memb_log_head + 1) % WS_HUB_MEMB_LOG;
    } else {
        slot = (h->memb_log_head + h->memb_log_n++) % WS_HUB_MEMB_LOG;
    }
    ws_memb_op_t *o = &h->memb_log[slot];
    memcpy(o->user, user_id, PL_ID_LEN);
    memcpy(o->group, group_id, PL_ID_LEN);
    o->at = pl_time_mono_ms();
    o->is_team = (uint8_t)is_team;
    o->add = (uint8_t)add;
}

int ws_hub_memb_log_lost(const ws_hub_t *h, int64_t since)
{
    return since > 0 && h->memb_log_evicted >= since;
}

/* The changes of c's user applied since its memberships were read, in order (idempotent otherwise). */
static void memb_replay(ws_hub_t *h, ws_conn_t *c, int64_t since)
{
    for (uint32_t k = 0; since > 0 && k < h->memb_log_n; k++) {
        const ws_memb_op_t *o = &h->memb_log[(h->memb_log_head + k) % WS_HUB_MEMB_LOG];
        if (o->at >= since && memcmp(o->user, c->user->id, PL_ID_LEN) == 0)
            memb_apply(h, c, o->group, o->is_team, o->add);
    }
}

void ws_hub_member(ws_hub_t *h, const char *user_id, const char *group_id, int is_team, int add)
{
    memb_log_add(h, user_id, group_id, is_team, add);
    ws_user_t *u = user_get(h, user_id, 0);
    for (ws_conn_t *c = u != NULL ? u->conns : NULL; c != NULL; c = c->unext)
        memb_apply(h, c, group_id, is_team, add);
}

void ws_hub_close_matching(ws_hub_t *h, const char *session_id, const char *user_id)
{
    for (uint32_t i = 0; i < h->nconns; i++) {
        ws_conn_t *c = h->conns[i];
        if ((c->flags & WS_CONN_AUTHED) == 0)
            continue;
        if ((session_id != NULL && memcmp(c->session_id, session_id, PL_ID_LEN) == 0) ||
            (user_id != NULL && memcmp(c->user->id, user_id, PL_ID_LEN) == 0)) {
            if (c->sock != NULL)
                ws_conn_close(c, WS_CLOSE_POLICY, 0);
            else
                ws_hub_doom(h, c);
        }
    }
}

/* ---------------------------------------------------------------- sweep */

static void sweep_one(ws_hub_t *h, ws_conn_t *c, int64_t now, int64_t wall)
{
    const ws_settings_t *s = &ws_g_settings;
    if (c->sock == NULL) {
        if ((c->flags & WS_CONN_AUTHED) != 0 && now - c->since_ms > s->resume_window_ms)
            ws_hub_doom(h, c);
        return;
    }
    if (ws_conn_check_write(c, now))
        return; /* a stalled reader, authenticated or not: its close frame would never be written */
    if ((c->flags & WS_CONN_AUTHED) == 0) {
        if ((c->flags & WS_CONN_AUTHING) == 0 && now - c->since_ms > s->auth_timeout_ms)
            ws_conn_close(c, WS_CLOSE_POLICY, 0);
        return;
    }
    if (c->expires_at > 0 && wall > c->expires_at) {
        ops.recheck(c);
    } else if (now - c->last_rx_ms > s->pong_timeout_ms) {
        ws_conn_socket_lost(c);
    } else if (now - c->last_ping_ms >= s->ping_interval_ms) {
        c->last_ping_ms = now;
        ws_conn_push_raw(c, ws_msg_raw_create(WS_OP_PING, NULL, 0));
    }
}

static void on_sweep(h2o_timeout_entry_t *entry)
{
    ws_hub_t *h = (ws_hub_t *)((char *)entry - offsetof(ws_hub_t, sweep_entry));
    int64_t now = pl_time_mono_ms(), wall = pl_time_ms();
    for (uint32_t i = 0; i < h->nconns; i++)
        sweep_one(h, h->conns[i], now, wall);
    ws_hub_after_pass(h);
    blocks_trim(h, h->nblocks - h->blocks_low);
    h2o_timeout_link(http_loop_evloop(h->loop), &h->sweep_timeout, &h->sweep_entry);
}

/* ---------------------------------------------------------------- loop hooks */

static void *on_loop_init(http_loop_t *loop, void *arg)
{
    (void)arg;
    ws_hub_t *h = calloc(1, sizeof(*h));
    if (h == NULL)
        abort();
    h->loop = loop;
    ws_idmap_init(&h->users);
    ws_idmap_init(&h->channels);
    ws_idmap_init(&h->teams);
    ws_idmap_init(&h->conn_ids);
    h2o_multithread_register_receiver(http_loop_queue(loop), &h->rx, ops.on_messages);
    h2o_timeout_init(http_loop_evloop(loop), &h->sweep_timeout, 1000);
    h->sweep_entry.cb = on_sweep;
    h2o_timeout_link(http_loop_evloop(loop), &h->sweep_timeout, &h->sweep_entry);
    ops.attach(http_loop_index(loop), h);
    return h;
}

static void on_loop_stop(http_loop_t *loop, void *data, void *arg)
{
    (void)loop;
    (void)arg;
    ws_hub_t *h = data;
    h->stopping = 1;
    for (uint32_t i = 0; i < h->nconns; i++) {
        ws_conn_t *c = h->conns[i];
        if (c->sock != NULL && (c->flags & WS_CONN_WRITING) == 0) {
            ws_conn_close(c, WS_CLOSE_GOING_AWAY, 0);
            ws_conn_flush(c);
        }
        ws_hub_doom(h, c);
    }
    ws_hub_after_pass(h);
}

static void on_loop_dispose(http_loop_t *loop, void *data, void *arg)
{
    (void)arg;
    ws_hub_t *h = data;
    ops.attach(http_loop_index(loop), NULL); /* no sender can reach h after this */
    h->stopping = 1;
    ops.on_messages(&h->rx, &h->rx._messages); /* frees what arrived after the loop stopped */
    for (uint32_t i = 0; i < h->nconns; i++)
        ws_hub_doom(h, h->conns[i]);
    ws_hub_after_pass(h);
    blocks_trim(h, 0);
    h2o_timeout_unlink(&h->sweep_entry);
    h2o_timeout_dispose(http_loop_evloop(loop), &h->sweep_timeout);
    h2o_multithread_unregister_receiver(http_loop_queue(loop), &h->rx);
    ws_idmap_dispose(&h->users);
    ws_idmap_dispose(&h->channels);
    ws_idmap_dispose(&h->teams);
    ws_idmap_dispose(&h->conn_ids);
    free(h->conns);
    free(h->flush);
    free(h->doomed);
    free(h->memb_log);
    free(h);
}

static int hub_hook = -1;

int ws_hub_init(void)
{
    hub_hook = http_loop_hook_add(on_loop_init, on_loop_stop, on_loop_dispose, NULL);
    return hub_hook < 0 ? hub_hook : PL_OK;
}

ws_hub_t *ws_hub_current(void)
{
    return http_loop_hook_data(http_loop_current(), hub_hook);
}
