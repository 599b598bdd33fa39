#include "ws/ws.h"

#include "parley/metrics.h"

/* The hub's counters on /metrics: read at render time from the loops' atomics, never pushed. */

static pl_metric_t *connections, *delivered, *dropped, *slow_closed, *resumed, *write_timeouts;

static void collect(pl_metrics_t *reg, void *arg)
{
    (void)reg;
    (void)arg;
    ws_stats_t s;
    ws_stats_get(&s);
    pl_metrics_set(connections, NULL, (double)s.connections);
    pl_metrics_set(delivered, NULL, (double)s.delivered);
    pl_metrics_set(dropped, NULL, (double)s.dropped);
    pl_metrics_set(slow_closed, NULL, (double)s.slow_closed);
    pl_metrics_set(resumed, NULL, (double)s.resumed);
    pl_metrics_set(write_timeouts, NULL, (double)s.write_timeouts);
}

void ws_metrics_register(pl_metrics_t *reg)
{
    connections = pl_metrics_gauge_new(reg, "parley_websocket_connections", "Authenticated live WebSocket connections", 0, NULL);
    delivered = pl_metrics_counter_new(reg, "parley_websocket_events_delivered_total", "Event frames written to sockets", 0, NULL);
    dropped = pl_metrics_counter_new(reg, "parley_websocket_events_dropped_total",
                                     "Droppable events (typing, status) refused under back-pressure", 0, NULL);
    slow_closed = pl_metrics_counter_new(reg, "parley_websocket_slow_consumers_closed_total",
                                         "Connections closed because their send queue stayed full", 0, NULL);
    resumed = pl_metrics_counter_new(reg, "parley_websocket_resumed_total", "Reconnects resumed without a new hello", 0, NULL);
    write_timeouts =
        pl_metrics_counter_new(reg, "parley_websocket_write_timeouts_total",
                               "Connections closed because a write made no progress within the write timeout", 0, NULL);
    pl_metrics_on_collect(reg, collect, NULL);
}
