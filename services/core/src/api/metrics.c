#include "api/api.h"
#include "app/system.h"
#include "http/server.h"
#include "parley/err.h"
#include "parley/metrics.h"

/* GET /metrics: Prometheus text format, on the loop (rendering takes microseconds). */

#define METRICS_MAX_BYTES (4 * 1024 * 1024)

static int get_metrics(http_request_t *r);

static const http_route_t routes[] = {
    {"GET", "/metrics", HTTP_ROUTE_AUTH_NONE, get_metrics, HTTP_ROUTE_ON_LOOP | HTTP_ROUTE_RAW | HTTP_ROUTE_HANDWRITTEN, 0,
     "metrics"},
};

static pl_metric_t *db_open;

static void collect(pl_metrics_t *reg, void *arg)
{
    (void)reg;
    (void)arg;
    pl_metrics_set(db_open, NULL, (double)app_system_db_connections());
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
    pl_metrics_on_collect(reg, collect, NULL);
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}
