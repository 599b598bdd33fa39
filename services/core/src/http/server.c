#include "http/server.h"

#include <string.h>
#include "http/internal.h"
#include "parley/err.h"
#include "parley/log.h"

#define HTTP_BODY_SLACK (1024 * 1024)

http_globals_t http_g;

void http_server_set_authenticator(http_auth_fn fn)
{
    http_g.auth = fn;
}

int http_server_port(void)
{
    return http_loops_port();
}

const char *http_server_version_id(void)
{
    return http_g.cfg.version_id != NULL ? http_g.cfg.version_id : "";
}

static void setup_h2o(const http_server_config_t *cfg)
{
    h2o_config_init(&http_g.globalconf);
    /* h2o itself refuses bodies above its limit by closing the connection right after the
     * answer, which clients still sending see as a reset. Reading up to 1 MiB more lets the
     * dispatcher answer the common "slightly too large" case with a clean 413 AppError. */
    size_t cap = cfg->max_body_hard > cfg->max_body ? cfg->max_body_hard : cfg->max_body;
    http_g.globalconf.max_request_entity_size = cap + HTTP_BODY_SLACK;
    http_g.globalconf.server_name = h2o_iovec_init(H2O_STRLIT("parley"));
    http_g.hostconf = h2o_config_register_host(&http_g.globalconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    http_dispatch_register(http_g.hostconf);
}

int http_server_start(const http_server_config_t *cfg, http_router_t *router)
{
    http_g.cfg = *cfg;
    http_g.router = router;
    atomic_store(&http_g.stopping, 0);
    http_metrics_init();
    setup_h2o(cfg);
    http_workers_start(cfg->workers, cfg->queue_cap, &cfg->db);
    int rc = http_loops_start(cfg->loop_threads, cfg->listen, http_g.hostconf);
    if (rc != PL_OK) {
        atomic_store(&http_g.stopping, 1);
        http_workers_stop();
        h2o_config_dispose(&http_g.globalconf);
        return rc;
    }
    return PL_OK;
}

void http_server_stop(void)
{
    atomic_store(&http_g.stopping, 1);
    http_loops_request_stop();
    http_loops_join();
    http_workers_stop();
    /* The h2o contexts are not disposed: idle keep-alive connections still hold timers and
     * sockets, which h2o_context_dispose asserts against, and the process is about to exit.
     * They stay reachable from the loop table, so leak checkers do not report them. */
}
