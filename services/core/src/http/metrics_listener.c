#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "http/internal.h"
#include "parley/buf.h"
#include "parley/err.h"
#include "parley/httpd.h"
#include "parley/log.h"
#include "parley/metrics.h"

/*
 * The metrics listener (MetricsSettings.ListenAddress), apart from the API listener as in
 * Mattermost: /metrics answers the Prometheus text of http_server_metrics(), any other path 404
 * (Go's "404 page not found"). Served by parley/httpd.h on a thread of its own (not a loop
 * thread): up to 32 connections at once, each bounded in size and in time (IO_TIMEOUT_MS).
 */

#define METRICS_MAX_BYTES (4 * 1024 * 1024)
#define IO_TIMEOUT_MS 5000

static pl_httpd_t *server;
static int bound_port;

static void serve(void *arg, const char *method, const char *path, const char *query, pl_httpd_response_t *res)
{
    (void)arg;
    (void)method;
    (void)query;
    if (strcmp(path, "/metrics") != 0) {
        res->status = 404;
        pl_buf_puts(&res->body, "404 page not found\n");
        return;
    }
    if (pl_metrics_render(http_server_metrics(), &res->body) != PL_OK) {
        res->status = 500;
        pl_buf_reset(&res->body);
        pl_buf_puts(&res->body, "metrics too large\n");
        return;
    }
    res->content_type = "text/plain; version=0.0.4; charset=utf-8";
}

int http_metrics_listener_start(const char *listen)
{
    int fd = http_loops_bind(listen, &bound_port);
    if (fd < 0) {
        PL_LOG_ERROR("cannot listen for metrics (MetricsSettings.ListenAddress)", "address", listen, "error", strerror(errno));
        return PL_EIO;
    }
    server = pl_httpd_start(fd, serve, NULL, METRICS_MAX_BYTES, IO_TIMEOUT_MS);
    return server != NULL ? PL_OK : PL_EIO;
}

int http_metrics_listener_port(void)
{
    return bound_port;
}

void http_metrics_listener_stop(void)
{
    pl_httpd_stop(server);
    server = NULL;
}
