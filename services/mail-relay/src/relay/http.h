#ifndef PARLEY_MAIL_RELAY_RELAY_HTTP_H
#define PARLEY_MAIL_RELAY_RELAY_HTTP_H

#include <pthread.h>
#include "relay/relay.h"

/*
 * The health/metrics endpoint (parley/httpd.h, on its own thread): GET /healthz, GET /metrics. Up to
 * 32 connections at once, request head capped at 8 KiB, each connection done within 2 s of its
 * accept, Connection: close.
 */
typedef struct relay_http {
    int listen_fd;
    struct pl_httpd *server;
    relay_t *relay;
} relay_http_t;

/** Bind "host:port" and start serving. @return PL_OK or PL_EIO. */
int relay_http_start(relay_http_t *h, relay_t *r, const char *listen_address);
void relay_http_stop(relay_http_t *h);

#endif
