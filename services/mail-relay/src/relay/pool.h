#ifndef PARLEY_MAIL_RELAY_RELAY_POOL_H
#define PARLEY_MAIL_RELAY_RELAY_POOL_H

#include <pthread.h>
#include <stddef.h>
#include "relay/smtp.h"

/*
 * Delivery worker threads. The event loop pushes ready jobs; each worker takes up to
 * per_connection of them, sends them over one SMTP connection, and pushes them to the done list,
 * then writes to notify_fd (an eventfd the loop polls). The loop never blocks on SMTP.
 */

typedef struct relay_pool_job relay_pool_job_t;
/** Run on the worker before sending (e.g. render the message); non-zero marks the job PERMFAIL. */
typedef int (*relay_pool_prepare_cb)(relay_pool_job_t *j);

struct relay_pool_job {
    relay_outmsg_t out;
    relay_pool_prepare_cb prepare; /* NULL when out.data is ready */
    void *owner;                   /* the loop's mail record */
    struct relay_pool_job *next;
};

typedef struct relay_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    relay_pool_job_t *ready_head, *ready_tail;
    relay_pool_job_t *done;
    size_t nready, inflight;
    int stopping;
    int notify_fd;
    size_t per_connection;
    relay_smtp_t smtp;
    pthread_t *threads;
    size_t nthreads;
} relay_pool_t;

/** Start n workers. smtp is copied (its strings must outlive the pool). @return PL_OK or PL_ERR. */
int relay_pool_start(relay_pool_t *p, size_t n, size_t per_connection, const relay_smtp_t *smtp);
/** Hand a job to the workers. */
void relay_pool_push(relay_pool_t *p, relay_pool_job_t *j);
/** Take every finished job (a list linked by next); clears the notify fd. */
relay_pool_job_t *relay_pool_take_done(relay_pool_t *p);
/** Jobs queued or being sent. */
size_t relay_pool_busy(relay_pool_t *p);
/** Stop: workers finish their current session and exit; queued jobs are returned (list). */
relay_pool_job_t *relay_pool_stop(relay_pool_t *p);
/** After stop and a last take_done: release the notify fd and locks. */
void relay_pool_dispose(relay_pool_t *p);

#endif
