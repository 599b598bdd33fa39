#include "api/api.h"
#include "app/password_gate.h"
#include "app/roles_cache.h"
#include "app/system.h"
#include "http/server.h"
#include "parley/err.h"
#include "parley/metrics.h"

/*
 * The core's own families in the registry http/ serves on the metrics listener
 * (MetricsSettings.ListenAddress, see http_metrics_listener_start). The API listener has no
 * /metrics route: as in Mattermost, metrics are not on the API port.
 */

static pl_metric_t *db_open, *hash_running, *hash_waiting, *roles_loads;

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
    pl_metrics_on_collect(reg, collect, NULL);
    return PL_OK;
}
