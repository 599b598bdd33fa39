#ifndef PARLEY_CORE_HTTP_SERVER_H
#define PARLEY_CORE_HTTP_SERVER_H

#include <stddef.h>
#include <stdbool.h>
#include "http/router.h"

/*
 * The HTTP server: loop threads + worker pool + dispatcher. main.c fills http_server_config_t
 * from the core config, registers routes (api_init) and hooks, then starts and later stops it.
 */

struct http_request;
struct pg_conn;

/**
 * The authenticator hook, called by the dispatcher for every route without HTTP_ROUTE_NO_AUTH,
 * on the thread that will run the handler (a worker with r->db, or the loop with r->db NULL),
 * before the handler. It reads the token (cookie / Authorization / ...), checks CSRF unless
 * r->route->flags has HTTP_ROUTE_TRUST_REQUESTER, and sets r->session (opaque to http/) or leaves
 * it NULL for an anonymous request.
 * @return 0 to continue (the dispatcher answers 401 api.context.session_expired.app_error if the
 *         route has HTTP_ROUTE_AUTH_REQUIRED and r->session is NULL); non-zero when the hook has
 *         already answered with http_respond_error (the handler is then not run).
 */
typedef int (*http_auth_fn)(struct http_request *r);

/** Install the authenticator (before http_server_start). NULL: every request is anonymous. */
void http_server_set_authenticator(http_auth_fn fn);

/** Per-worker database connection management (implemented by store/, given to the pool by main). */
typedef struct http_db_ops {
    /** Open the worker's connection; NULL on failure (the worker retries before each job). */
    struct pg_conn *(*open)(void *arg);
    /** Before each job: make the connection usable (reset when broken). @return 0 when usable. */
    int (*check)(struct pg_conn *db, void *arg);
    void (*close)(struct pg_conn *db, void *arg);
    void *arg;
} http_db_ops_t;

typedef struct http_server_config {
    const char *listen;         /* "host:port", ":port" (all interfaces) or "port" */
    size_t loop_threads;        /* >= 1 */
    size_t workers;             /* >= 1: worker threads, one database connection each */
    size_t queue_cap;           /* jobs waiting for a worker before 503 server_busy */
    size_t max_body;            /* default per-route body cap (MaximumPayloadSizeBytes) */
    size_t max_url;             /* longest path + query accepted (MaximumURLLength); 0: no limit */
    size_t max_body_hard;       /* largest cap of any route (h2o refuses bodies above it itself) */
    const char *version_id;     /* X-Version-Id value */
    bool developer;             /* EnableDeveloper: show 5xx detailed_error to clients */
    unsigned shutdown_grace_ms; /* max wait for in-flight work on SIGTERM */
    http_db_ops_t db;
} http_server_config_t;

/**
 * Bind the listeners (one SO_REUSEPORT socket per loop), start workers and loops. The router
 * is read-only afterwards and must outlive the server.
 * @return PL_OK, or PL_EIO (logged) when the address cannot be bound.
 */
int http_server_start(const http_server_config_t *cfg, http_router_t *router);
/** Stop accepting, finish in-flight requests (up to shutdown_grace_ms), join every thread. */
void http_server_stop(void);
/**
 * @return the process-wide Prometheus registry served at GET /metrics (created on first call;
 * add your families before http_server_start).
 */
struct pl_metrics *http_server_metrics(void);
/** @return the port the server listens on (useful with port 0). */
int http_server_port(void);
/** @return the X-Version-Id the server sends (config version_id; "" before start). */
const char *http_server_version_id(void);

#endif
