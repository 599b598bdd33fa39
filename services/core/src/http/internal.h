#ifndef PARLEY_CORE_HTTP_INTERNAL_H
#define PARLEY_CORE_HTTP_INTERNAL_H

/* Shared between the files of http/ only (not for handlers). */

#include <stdatomic.h>
#include <pthread.h>
#include "http/job.h"
#include "http/loop.h"
#include "http/request.h"
#include "http/server.h"

typedef enum {
    CTX_ON_LOOP = 0, /* being handled on the loop, or response sent: freed with the h2o request */
    CTX_ON_WORKER,   /* queued or running on a worker: freed by whoever comes last */
} ctx_state_t;

/* The dispatcher's per-request context: the public http_request_t plus hand-off state. */
struct http_request_internal {
    http_request_t r;
    http_job_t job;
    ctx_state_t state;
    int req_gone;              /* the h2o request was disposed (client went away) */
    http_handler_fn cont;      /* http_request_continue_on_loop */
    http_handler_fn on_worker; /* http_request_continue_on_worker */
    int auth_done;
    int deep_copied;     /* headers/body copied into r->pool (needed before a hand-off) */
    h2o_req_t *live_req; /* the h2o request (loop thread only; NULL once gone) */
};
typedef struct http_request_internal http_ctx_t;

/* One event-loop thread (loop.c). */
struct http_loop {
    size_t index;
    pthread_t tid;
    h2o_evloop_t *evloop;
    h2o_context_t ctx;
    h2o_accept_ctx_t accept_ctx;
    int listen_fd;
    h2o_socket_t *listener;
    h2o_multithread_receiver_t control; /* stop request */
    h2o_multithread_message_t stop_msg;
    h2o_multithread_receiver_t jobs; /* finished jobs coming back from workers */
    void *hook_data[HTTP_LOOP_MAX_HOOKS];
    int stop_requested;
    int64_t stop_deadline_ms;
    long inflight;     /* requests of this loop not yet answered or dropped */
    long jobs_pending; /* jobs submitted from this loop whose done() has not run */
};

/* Process-wide server settings (immutable while running). */
typedef struct http_globals {
    http_server_config_t cfg;
    http_router_t *router;
    http_auth_fn auth;
    h2o_globalconf_t globalconf;
    h2o_hostconf_t *hostconf;
    atomic_int stopping;
    atomic_long inflight; /* requests accepted and not yet answered or dropped */
} http_globals_t;

extern http_globals_t http_g;

/* header_limit.c: 431 instead of h2o's canned 400 for a request head it cannot take. */
void http_header_limit_init(void);
/** @return 1 when these bytes (the start of a connection's input) overflow h2o's head limits. */
int http_header_limit_overflow(const char *p, size_t len);
/* dispatch.c */
int http_dispatch_register(h2o_hostconf_t *hostconf);
/* workers.c */
int http_workers_start(const http_server_config_t *cfg);
void http_workers_stop(void);
size_t http_workers_busy(void);
size_t http_workers_queued(void);
size_t http_workers_total(void);
/* job.c: the loop side of a job (submit, done); it queues into the worker pool (workers.c). */
void http_job_on_done(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages);
/* Worker thread: hand the job back to its loop (whose receiver is http_job_on_done). Inline, so the
 * worker pool depends on the loop's queue only and job.c <-> workers.c is not a cycle. */
static inline void http_job_finish(http_job_t *job)
{
    h2o_multithread_send_message(&job->_loop->jobs, &job->_msg);
}
/* workers.c */
int http_workers_push(http_job_t *job); /* PL_OK or PL_EAGAIN (full / stopping) */
/* loop.c */
/** Bind one listening socket to listen ("host:port", ":port", "port"). @return the fd, or -1 (errno set). */
int http_loops_bind(const char *listen, int *out_port);
int http_loops_start(size_t n, const char *listen, h2o_hostconf_t *hostconf);
void http_loops_request_stop(void);
void http_loops_join(void);
int http_loops_port(void);
/* request.c */
char *http_request_decode_component(http_request_t *r, const char *p, size_t len);
/* send.c */
void http_send_response(http_request_t *r, h2o_req_t *req);
void http_send_common_headers(h2o_req_t *req, const char *request_id, int api);
void http_send_register_error_filter(h2o_hostconf_t *hostconf);
/* http_metrics.c */
void http_metrics_init(void);
void http_metrics_observe(const http_request_t *r, int status);
int64_t http_mono_ns(void);

#endif
