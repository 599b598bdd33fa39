#include "api/api.h"
#include "app/password_gate.h"
#include "app/system.h"
#include "http/server.h"
#include "parley/err.h"
#include "parley/metrics.h"

/* GET /metrics: Prometheus text format, on the loop (rendering takes microseconds). */

#define METRICS_MAX_BYTES (4 * 1024 * 1024)

static int get_metrics(http_request_t *r);

static const http_route_t routes[] = {
    {"GET", "/metrics", get_metrics, HTTP_ROUTE_ON_LOOP | HTTP_ROUTE_NO_AUTH | HTTP_ROUTE_RAW, 0, "metrics"},
};

static pl_metric_t *db_open, *hash_running, *hash_waiting;

static void collect(pl_metrics_t *reg, void *arg)
{
    (void)reg;
    (void)arg;
    pl_metrics_set(db_open, NULL, (double)app_system_db_connections());
    int running, waiting;
    app_password_gate_stats(&running, &waiting);
    pl_metrics_set(hash_running, NULL, (double)running);
    pl_metrics_set(hash_waiting, NULL, (double)waiting);
}

static int get_metrics(http_request_t *r)
{
    pl_buf_t buf;
    pl_buf_init(&buf, METRICS_MAX_BYTES);
    if (pl_metrics_render(http_server_metrics(), &buf) != PL_OK) {
        pl_buf_dispose(&buf);
        http_respond_error(r, 500, "api.context.internal.app_error", "metrics too large");
        return HTTP_DONE;
    }
    http_respond_raw(r, 200, "text/plain; version=0.0.4", buf.data ? buf.data : "", buf.len);
    pl_buf_dispose(&buf);
    return HTTP_DONE;
}

int api_metrics_register(http_router_t *router)
{
    pl_metrics_t *reg = http_server_metrics();
    db_open = pl_metrics_gauge_new(reg, "parley_db_pool_connections_open", "Open database connections", 0, NULL);
    hash_running = pl_metrics_gauge_new(reg, "parley_password_hashes_running", "Password hashes being computed", 0, NULL);
    hash_waiting =
        pl_metrics_gauge_new(reg, "parley_password_hashes_waiting", "Requests waiting for a password-hashing thread", 0, NULL);
    pl_metrics_on_collect(reg, collect, NULL);
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}
