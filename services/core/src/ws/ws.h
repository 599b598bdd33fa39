#ifndef PARLEY_CORE_WS_WS_H
#define PARLEY_CORE_WS_WS_H

/*
 * The realtime layer's entry points for api/websocket.c and main: settings, per-loop hub hooks,
 * the upgrade handler and counters. Defined in settings.c and version.c (bottom of ws/'s inner
 * order), upgrade.c, ws.c (top: ws_init wires the files together) and ws_metrics.c.
 */

#include <stdint.h>
#include "http/request.h"

typedef struct ws_settings {
    uint32_t send_queue;         /* per-connection send queue (events), power of two >= 8; 256 */
    uint32_t max_frame;          /* inbound frame cap, 8192 */
    uint32_t auth_timeout_ms;    /* 5000 */
    uint32_t ping_interval_ms;   /* 60000 */
    uint32_t pong_timeout_ms;    /* 100000 */
    uint32_t resume_window_ms;   /* how long a closed connection stays resumable: 60000 */
    const char *server_version;  /* hello server_version (= X-Version-Id) */
    const char *short_version;   /* ping reply version ("11.9.0") */
    const char *node_id;         /* ping reply node_id ("" single node) */
    int typing_enabled;          /* ServiceSettings.EnableUserTypingMessages */
    uint32_t reply_backlog;      /* bytes of queued replies before the socket is no longer read: 262144 */
    uint32_t write_timeout_ms;   /* a write making no progress this long closes the connection: 30000 */
    const char *site_url;        /* ServiceSettings.SiteURL: the Origin a browser connects from ("" none) */
    const char *allow_cors_from; /* ServiceSettings.AllowCorsFrom: more Origins, space-separated ("*": any) */
} ws_settings_t;

/** Defaults as above. */
void ws_settings_default(ws_settings_t *s);
/**
 * Register the per-loop hub hooks (before http_server_start). Copies s (strings too).
 * @return PL_OK or the hook registration error.
 */
int ws_init(const ws_settings_t *s);
const ws_settings_t *ws_settings(void);
/** hello server_version (X-Version-Id) and the ping reply version ("11.9.0"). */
const char *ws_version_full(void);
void ws_version_short(char out[32]);

/** The GET /api/v4/websocket handler (HTTP_ROUTE_ON_LOOP, HTTP_ROUTE_AUTH_NONE). */
int ws_upgrade_handler(http_request_t *r);

typedef struct ws_stats {
    uint64_t connections;    /* authenticated live connections (all loops) */
    uint64_t delivered;      /* frames of events written */
    uint64_t dropped;        /* droppable events refused under back-pressure */
    uint64_t slow_closed;    /* connections closed for a full send queue */
    uint64_t resumed;        /* reconnects resumed without a new hello */
    uint64_t write_timeouts; /* connections closed for a write stalled past the write timeout */
} ws_stats_t;

/** Sum of the loops' counters (approximate while running). */
void ws_stats_get(ws_stats_t *out);

struct pl_metrics;
/** Export the ws_stats_t counters as parley_websocket_* metrics of reg (read at render time). */
void ws_metrics_register(struct pl_metrics *reg);

#endif
