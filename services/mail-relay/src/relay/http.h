#ifndef PARLEY_MAIL_RELAY_RELAY_HTTP_H
#define PARLEY_MAIL_RELAY_RELAY_HTTP_H

#include <pthread.h>
#include "relay/relay.h"

/*
 * A tiny HTTP/1.0-style endpoint on its own thread: GET /healthz, GET /metrics. One connection at a
 * time, request head capped at 8 KiB, 2 s read timeout, Connection: close.
 */
typedef struct relay_http {
    int listen_fd;
    int stop_pipe[2];
    pthread_t thread;
    int running;
    relay_t *relay;
} relay_http_t;

/** Bind "host:port" and start serving. @return PL_OK or PL_EIO. */
int relay_http_start(relay_http_t *h, relay_t *r, const char *listen_address);
void relay_http_stop(relay_http_t *h);

#endif
