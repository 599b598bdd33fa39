#include <stdio.h>
#include <time.h>
#include "http/internal.h"
#include "parley/log.h"
#include "parley/metrics.h"
#include "parley/time.h"

/* Request metrics (by handler, method, status), latency histogram, pool gauges. */

static pl_metrics_t *registry;
static pl_metric_t *requests_total;
static pl_metric_t *request_seconds;
static pl_metric_t *inflight;
static pl_metric_t *workers_total;
static pl_metric_t *workers_busy;
static pl_metric_t *queue_depth;
static pl_metric_t *log_dropped;

int64_t http_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

pl_metrics_t *http_server_metrics(void)
{
    if (registry == NULL)
        registry = pl_metrics_create();
    return registry;
}

static void collect(pl_metrics_t *reg, void *arg)
{
    (void)reg;
    (void)arg;
    pl_metrics_set(inflight, NULL, (double)atomic_load(&http_g.inflight));
    pl_metrics_set(workers_total, NULL, (double)http_workers_total());
    pl_metrics_set(workers_busy, NULL, (double)http_workers_busy());
    pl_metrics_set(queue_depth, NULL, (double)http_workers_queued());
    pl_metrics_set(log_dropped, NULL, (double)pl_log_dropped());
}

void http_metrics_init(void)
{
    static const char *const req_labels[] = {"handler", "method", "status_code"};
    static const char *const time_labels[] = {"handler", "method"};
    static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    pl_metrics_t *reg = http_server_metrics();
    if (requests_total != NULL)
        return;
    requests_total = pl_metrics_counter_new(reg, "parley_http_requests_total", "HTTP requests answered", 3, req_labels);
    request_seconds = pl_metrics_histogram_new(reg, "parley_http_request_duration_seconds", "Time from request to response", 2,
                                               time_labels, buckets, sizeof(buckets) / sizeof(buckets[0]));
    inflight = pl_metrics_gauge_new(reg, "parley_http_inflight_requests", "Requests being handled", 0, NULL);
    workers_total =
        pl_metrics_gauge_new(reg, "parley_db_pool_connections_max", "Worker threads, each owning one database connection", 0, NULL);
    workers_busy =
        pl_metrics_gauge_new(reg, "parley_db_pool_connections_in_use", "Workers (database connections) running a job", 0, NULL);
    queue_depth = pl_metrics_gauge_new(reg, "parley_db_pool_queue_depth", "Jobs waiting for a worker", 0, NULL);
    log_dropped =
        pl_metrics_counter_new(reg, "parley_log_lines_dropped_total", "Log lines dropped because the log queue was full", 0, NULL);
    pl_metrics_on_collect(reg, collect, NULL);
}

void http_metrics_observe(const http_request_t *r, int status)
{
    char st[16];
    const char *handler = "unmatched";
    if (r->route != NULL)
        handler = r->route->name ? r->route->name : r->route->path;
    snprintf(st, sizeof(st), "%d", status);
    const char *method = r->route != NULL ? r->route->method : "other";
    const char *l3[] = {handler, method, st};
    const char *l2[] = {handler, method};
    pl_metrics_add(requests_total, l3, 1);
    pl_metrics_observe(request_seconds, l2, (double)(http_mono_ns() - r->start_mono_ns) / 1e9);
}
