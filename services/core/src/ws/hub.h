#ifndef PARLEY_CORE_WS_HUB_H
#define PARLEY_CORE_WS_HUB_H

/*
 * Internal to ws/: one hub shard per loop thread, owning that loop's connections and indexing the
 * authenticated ones by connection id, user, channel and team. Nothing here is locked: a shard is
 * only touched by its loop thread; other threads reach it with messages (fanout.c).
 *
 * Also the declarations of the files around the hub, in ws/'s inner order (each file uses only the
 * ones before it): conn.c < hub.c < fanout.c < auth.c < actions.c, upgrade.c < ws.c. conn.c and
 * hub.c call upward only through ws_conn_ops_t / ws_hub_ops_t, fanout.c through its adopter; ws_init
 * (ws.c) installs all three. Below them: frame, msg, queue, idmap, registry, hooks, settings,
 * version, status.
 */

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <h2o.h>
#include "http/loop.h"
#include "ws/hooks.h"
#include "ws/idmap.h"
#include "ws/msg.h"
#include "ws/queue.h"
#include "ws/settings.h"
#include "ws/status.h"
#include "ws/ws.h"

typedef struct ws_conn ws_conn_t;
typedef struct ws_hub ws_hub_t;

typedef struct ws_user {
    ws_idnode_t node;
    ws_id_t id;
    ws_conn_t *conns; /* authenticated connections (live and resumable) */
    uint32_t nlive;
} ws_user_t;

typedef struct ws_group { /* a channel or a team */
    ws_idnode_t node;
    ws_id_t id;
    ws_conn_t **members;
    uint32_t n, cap;
} ws_group_t;

typedef struct ws_memb {
    ws_group_t *group;
    uint32_t idx; /* position in group->members */
    uint8_t is_team;
} ws_memb_t;

enum {
    WS_CONN_AUTHED = 1u << 0,    /* registered in the indexes, hello sent */
    WS_CONN_AUTHING = 1u << 1,   /* an authentication job is running */
    WS_CONN_WRITING = 1u << 2,   /* a write is in flight */
    WS_CONN_CLOSING = 1u << 3,   /* close frame queued: close once written */
    WS_CONN_FLUSH = 1u << 4,     /* in hub->flush */
    WS_CONN_DOOMED = 1u << 5,    /* in hub->doomed */
    WS_CONN_NO_RESUME = 1u << 6, /* when the socket goes, forget the connection */
    WS_CONN_CHALLENGE = 1u << 7, /* authenticated by authentication_challenge: reply after hello */
    WS_CONN_ADMIN = 1u << 8,
    WS_CONN_LIVE = 1u << 9,         /* counted in user->nlive and the hub's live count */
    WS_CONN_IN_REGISTRY = 1u << 10, /* closed and resumable: listed in registry.c */
    WS_CONN_PAUSED = 1u << 11,      /* not read: the reply backlog is over ws_settings_t.reply_backlog */
};

#define WS_CONN_ACTIONS_MAX 16 /* asynchronous actions (worker jobs) in flight per connection */

typedef struct ws_batch ws_batch_t;

struct ws_conn {
    h2o_socket_t *sock; /* NULL: closed, kept for resume until dead_at + resume window */
    ws_hub_t *hub;
    ws_user_t *user;
    ws_conn_t *unext, *uprev;
    ws_idnode_t idnode; /* key: id */
    ws_id_t id;
    ws_id_t session_id;
    uint32_t hub_idx;
    uint16_t flags;
    uint8_t actions;  /* asynchronous actions in flight (<= WS_CONN_ACTIONS_MAX) */
    uint32_t jobs;    /* jobs in flight holding this connection: it is freed when the last one ends */
    uint32_t backlog; /* bytes of replies queued and not yet handed to a write */
    uint16_t nmemb;
    uint8_t capmemb_log;
    ws_memb_t *memb;
    ws_queue_t q;
    ws_msg_t *replies, *replies_tail;           /* raw frames (seq_reply answers, control frames) */
    ws_batch_t *batch;                          /* the write in flight */
    uint32_t challenge_seq;                     /* seq of the authentication_challenge to answer */
    int64_t expires_at;                         /* session expiry, ms; 0 never */
    int64_t last_rx_ms, last_ping_ms, since_ms; /* since: accepted, or socket lost */
    int64_t write_since_ms;                     /* the write in flight started (mono ms) */
    struct ws_resume *resume;                   /* resume request until authenticated */
};

typedef struct ws_resume {
    ws_id_t connection_id;
    uint32_t sequence_number;
    bool has_seq;
} ws_resume_t;

struct ws_hub {
    http_loop_t *loop;
    h2o_multithread_receiver_t rx;
    ws_idmap_t users, channels, teams, conn_ids;
    ws_conn_t **conns; /* every connection of this loop (authenticating, live, resumable) */
    uint32_t nconns, capconns;
    ws_conn_t **flush;
    uint32_t nflush, capflush;
    ws_conn_t **doomed;
    uint32_t ndoomed, capdoomed;
    h2o_timeout_t sweep_timeout;
    h2o_timeout_entry_t sweep_entry;
    void *blocks;                 /* free-list of WS_HUB_BLOCK-byte blocks (write batches) */
    uint32_t nblocks, blocks_low; /* listed now; fewest listed since the last sweep */
    int stopping;
    struct ws_memb_op *memb_log; /* ring of the last membership changes, replayed into new registrations */
    uint32_t memb_log_head, memb_log_n;
    int64_t memb_log_evicted; /* mono ms of the newest change dropped from the ring */
    atomic_uint_fast64_t nlive, delivered, dropped, slow_closed, resumed;
};

/* hub.c */
ws_hub_t *ws_hub_current(void);
void ws_hub_add_conn(ws_hub_t *h, ws_conn_t *c);
void ws_hub_deliver(ws_hub_t *h, ws_msg_t *m);
void ws_hub_register(ws_hub_t *h, ws_conn_t *c, const ws_auth_t *a);
void ws_hub_unregister(ws_hub_t *h, ws_conn_t *c);
void ws_hub_set_live(ws_hub_t *h, ws_conn_t *c);
void ws_hub_member(ws_hub_t *h, const char *user_id, const char *group_id, int is_team, int add);
/** 1 when membership changes applied since `since` (mono ms) fell out of the ring: a registration with
 *  memberships read at `since` cannot be brought up to date (ws_hub_register replays the ring). */
int ws_hub_memb_log_lost(const ws_hub_t *h, int64_t since);
int ws_hub_is_channel_member(const ws_conn_t *c, const char *channel_id);
void ws_hub_close_matching(ws_hub_t *h, const char *session_id, const char *user_id);
void ws_hub_mark_flush(ws_hub_t *h, ws_conn_t *c);
void ws_hub_doom(ws_hub_t *h, ws_conn_t *c);
void ws_hub_after_pass(ws_hub_t *h);
int ws_hub_init(void);
/** What hub.c needs from the files above it (auth.c, fanout.c): ws_init installs them before ws_hub_init. */
typedef struct ws_hub_ops {
    void (*recheck)(ws_conn_t *c);             /* ws_auth_recheck: the cached session expiry passed */
    h2o_multithread_receiver_cb on_messages;   /* ws_fanout_on_messages: the loop's fan-out queue */
    void (*attach)(size_t index, ws_hub_t *h); /* ws_fanout_attach: (un)register a loop's hub */
} ws_hub_ops_t;
void ws_hub_set_ops(const ws_hub_ops_t *ops);

#define WS_HUB_BLOCK 384 /* a write batch of up to 4 frames fits */
/** Memory for one write batch from the loop's free-list (size <= WS_HUB_BLOCK) or malloc (larger). */
void *ws_hub_block_get(ws_hub_t *h, size_t size);
/** Give back what ws_hub_block_get(h, size) returned. The sweep frees what the last second did not use. */
void ws_hub_block_put(ws_hub_t *h, void *p, size_t size);

/* conn.c */
/** What conn.c needs from the files above it (hub.c, actions.c): ws_init installs them before the server starts. */
typedef struct ws_conn_ops {
    void (*add_conn)(ws_hub_t *h, ws_conn_t *c);                  /* ws_hub_add_conn */
    void (*mark_flush)(ws_hub_t *h, ws_conn_t *c);                /* ws_hub_mark_flush */
    void (*doom)(ws_hub_t *h, ws_conn_t *c);                      /* ws_hub_doom */
    void (*unregister)(ws_hub_t *h, ws_conn_t *c);                /* ws_hub_unregister */
    void (*after_pass)(ws_hub_t *h);                              /* ws_hub_after_pass */
    void (*dispatch)(ws_conn_t *c, const char *text, size_t len); /* ws_actions_dispatch: a text frame */
    void *(*block_get)(ws_hub_t *h, size_t size);                 /* ws_hub_block_get: a write batch */
    void (*block_put)(ws_hub_t *h, void *p, size_t size);         /* ws_hub_block_put */
} ws_conn_ops_t;
void ws_conn_set_ops(const ws_conn_ops_t *ops);
ws_conn_t *ws_conn_create(ws_hub_t *h, h2o_socket_t *sock);
void ws_conn_attach_socket(ws_conn_t *c, h2o_socket_t *sock);
int ws_conn_push_event(ws_conn_t *c, ws_msg_t *m);
void ws_conn_push_raw(ws_conn_t *c, ws_msg_t *m);
void ws_conn_flush(ws_conn_t *c);
void ws_conn_close(ws_conn_t *c, int code, int resumable);
void ws_conn_socket_lost(ws_conn_t *c);
void ws_conn_destroy(ws_conn_t *c);
void ws_conn_read_resume(ws_conn_t *c);
/** A write has made no progress for write_timeout_ms: close the socket. @return 1 when it was closed. */
int ws_conn_check_write(ws_conn_t *c, int64_t now_ms);
/** @return connections closed by ws_conn_check_write (all loops). */
uint64_t ws_conn_write_timeouts(void);
void ws_conn_reply_ok(ws_conn_t *c, uint32_t seq, json_t *data);
void ws_conn_reply_error(ws_conn_t *c, uint32_t seq, int status, const char *id, const char *where);
struct http_error_param;
/** As ws_conn_reply_error, the catalog message's {{.Param}} filled from params[0..n) ({{.Name}}: the bad field). */
void ws_conn_reply_error_params(ws_conn_t *c, uint32_t seq, int status, const char *id, const char *where,
                                const struct http_error_param *params, size_t n);

/* registry.c */
void ws_registry_put(const char *id, size_t loop);
void ws_registry_del(const char *id);
long ws_registry_get(const char *id);

/* a reconnect moving to the loop that holds the connection it resumes */
typedef struct ws_migrate {
    h2o_socket_export_t sock;
    ws_auth_t auth; /* ownership moves with the message */
    ws_resume_t resume;
    uint32_t challenge_seq;
} ws_migrate_t;
int ws_fanout_migrate(size_t loop, ws_migrate_t *m);
void ws_fanout_on_messages(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages);
void ws_fanout_attach(size_t index, ws_hub_t *h);
/** fn receives each migrated reconnect on its loop (ws_auth_adopt; installed by ws_init). */
void ws_fanout_set_adopter(void (*fn)(ws_hub_t *h, ws_migrate_t *m));
void ws_auth_adopt(ws_hub_t *h, ws_migrate_t *m);

/* actions.c */
void ws_actions_dispatch(ws_conn_t *c, const char *text, size_t len);

/* auth.c */
void ws_auth_start(ws_conn_t *c, const char *token, size_t len, uint32_t challenge_seq);
/** The cached session expiry passed: look the session up again, close the socket if it is gone. */
void ws_auth_recheck(ws_conn_t *c);
/** A job holding c finished: @return 1 when c is still usable, 0 when it was destroyed meanwhile (freed now). */
int ws_conn_job_release(ws_conn_t *c);

#endif
