#include "api/api.h"
#include "app/password_gate.h"
#include "app/roles_cache.h"
#include "app/system.h"
#include "app/view_cache.h"
#include "http/server.h"
#include "parley/err.h"
#include "parley/metrics.h"

/*
 * The core's own families in the registry http/ serves on the metrics listener
 * (MetricsSettings.ListenAddress, see http_metrics_listener_start). The API listener has no
 * /metrics route: as in Mattermost, metrics are not on the API port.
 */

static pl_metric_t *db_open, *hash_running, *hash_waiting, *roles_loads;
static pl_metric_t *view_hits, *view_misses, *view_fills, *view_evictions, *view_bytes;

static void collect(pl_metrics_t *reg, void *arg)
{
    (void)reg;
    (void)arg;
    pl_metrics_set(db_open, NULL, (double)app_system_db_connections());
    int running, waiting;
    app_password_gate_stats(&running, &waiting);
    pl_metrics_set(hash_running, NULL, (double)running);
    pl_metrics_set(hash_waiting, NULL, (double)waiting);
    pl_metrics_set(roles_loads, NULL, (double)app_roles_cache_loads());
    app_view_cache_stats_t v;
    app_view_cache_stats(&v);
    pl_metrics_set(view_hits, NULL, (double)v.hits);
    pl_metrics_set(view_misses, NULL, (double)v.misses);
    pl_metrics_set(view_fills, NULL, (double)v.fills);
    pl_metrics_set(view_evictions, NULL, (double)v.evictions);
    pl_metrics_set(view_bytes, NULL, (double)v.bytes);
}

static pl_metric_t *gauge(pl_metrics_t *reg, const char *name, const char *help)
{
    return pl_metrics_gauge_new(reg, name, help, 0, NULL);
}

int api_metrics_register(http_router_t *router)
{
    (void)router;
    pl_metrics_t *reg = http_server_metrics();
    db_open = pl_metrics_gauge_new(reg, "parley_db_pool_connections_open", "Open database connections", 0, NULL);
    hash_running = pl_metrics_gauge_new(reg, "parley_password_hashes_running", "Password hashes being computed", 0, NULL);
    hash_waiting =
        pl_metrics_gauge_new(reg, "parley_password_hashes_waiting", "Requests waiting for a password-hashing thread", 0, NULL);
    roles_loads = pl_metrics_gauge_new(reg, "parley_roles_cache_loads",
                                       "Times the roles table was read into the roles cache "
                                       "(app/roles_cache.h); a permission check served from memory adds none",
                                       0, NULL);
    view_hits = gauge(reg, "parley_view_cache_hits", "Answers served from the view cache (app/view_cache.h) since start");
    view_misses = gauge(reg, "parley_view_cache_misses", "View cache lookups that found no valid entry since start");
    view_fills = gauge(reg, "parley_view_cache_fills", "Entries written into the view cache since start");
    view_evictions = gauge(reg, "parley_view_cache_evictions", "Entries evicted by the byte bound since start");
    view_bytes = gauge(reg, "parley_view_cache_bytes", "Bytes held by the view cache (ParleySettings.ViewCacheSize MiB)");
    pl_metrics_on_collect(reg, collect, NULL);
    return PL_OK;
}
