#ifndef PARLEY_HTTPD_H
#define PARLEY_HTTPD_H

#include <stddef.h>
#include "parley/buf.h"

/*
 * A small HTTP/1.x endpoint for health and metrics (the mail relay's /healthz + /metrics, the
 * core's metrics listener): one thread of its own running a poll loop over the listener and up to
 * PL_HTTPD_MAX_CLIENTS connections at once, non-blocking sockets. Each connection may send a head
 * of at most PL_HTTPD_HEAD_MAX bytes (else 400) and must be done within timeout_ms of its accept
 * (else it is closed), so a slow or silent client never holds up another. One request per
 * connection, answered with Connection: close. The handler runs on the endpoint's thread.
 */

#define PL_HTTPD_MAX_CLIENTS 32
#define PL_HTTPD_HEAD_MAX 8192

typedef struct pl_httpd_response {
    int status;               /* 200 unless the handler sets it */
    const char *content_type; /* "text/plain; charset=utf-8" unless the handler sets it */
    pl_buf_t body;            /* capped at the body_max given to pl_httpd_start */
} pl_httpd_response_t;

/** method and path (without the query) are NUL-terminated; query is NULL when there is none. */
typedef void (*pl_httpd_handler_fn)(void *arg, const char *method, const char *path, const char *query, pl_httpd_response_t *res);

typedef struct pl_httpd pl_httpd_t;

/**
 * Serve listen_fd (bound and listening; the endpoint takes it and closes it on stop).
 * @return the endpoint, or NULL (listen_fd closed) when its thread cannot start.
 */
pl_httpd_t *pl_httpd_start(int listen_fd, pl_httpd_handler_fn fn, void *arg, size_t body_max, int timeout_ms);
/** Stop: close every connection and the listener, join the thread, free h (NULL: no-op). */
void pl_httpd_stop(pl_httpd_t *h);
/** @return the reason phrase of status ("OK", "Not Found", ...). */
const char *pl_httpd_reason(int status);

#endif
