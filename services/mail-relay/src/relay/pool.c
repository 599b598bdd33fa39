#include "relay/pool.h"
#include "parley/err.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

static size_t take_batch(relay_pool_t *p, relay_pool_job_t **batch, size_t max)
{
    size_t n = 0;
    while (n < max && p->ready_head != NULL) {
        relay_pool_job_t *j = p->ready_head;
        p->ready_head = j->next;
        if (p->ready_head == NULL)
            p->ready_tail = NULL;
        j->next = NULL;
        batch[n++] = j;
    }
    p->nready -= n;
    p->inflight += n;
    return n;
}

static void finish_batch(relay_pool_t *p, relay_pool_job_t **batch, size_t n)
{
    pthread_mutex_lock(&p->mu);
    for (size_t i = 0; i < n; i++) {
        batch[i]->next = p->done;
        p->done = batch[i];
    }
    p->inflight -= n;
    pthread_mutex_unlock(&p->mu);
    uint64_t one = 1;
    ssize_t w = write(p->notify_fd, &one, sizeof(one));
    (void)w;
}

static void *worker_main(void *arg)
{
    relay_pool_t *p = arg;
    relay_pool_job_t **batch = calloc(p->per_connection, sizeof(*batch));
    relay_outmsg_t **outs = calloc(p->per_connection, sizeof(*outs));
    if (batch == NULL || outs == NULL)
        goto Exit;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stopping && p->ready_head == NULL)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->stopping) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        size_t n = take_batch(p, batch, p->per_connection);
        pthread_mutex_unlock(&p->mu);
        size_t nout = 0;
        for (size_t i = 0; i < n; i++) {
            relay_pool_job_t *j = batch[i];
            if (j->prepare != NULL && j->prepare(j) != 0) {
                j->out.status = RELAY_OUT_PERMFAIL;
                snprintf(j->out.reason, sizeof(j->out.reason), "render: the message could not be built");
                continue;
            }
            outs[nout++] = &j->out;
        }
        if (nout > 0)
            relay_smtp_send(&p->smtp, outs, nout);
        finish_batch(p, batch, n);
    }
Exit:
    free(batch);
    free(outs);
    return NULL;
}

int relay_pool_start(relay_pool_t *p, size_t n, size_t per_connection, const relay_smtp_t *smtp)
{
    memset(p, 0, sizeof(*p));
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->per_connection = per_connection > 0 ? per_connection : 1;
    p->smtp = *smtp;
    p->notify_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    p->threads = calloc(n, sizeof(*p->threads));
    if (p->notify_fd < 0 || p->threads == NULL)
        return PL_ERR;
    for (size_t i = 0; i < n; i++) {
        if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0)
            return PL_ERR;
        p->nthreads++;
    }
    return PL_OK;
}

void relay_pool_push(relay_pool_t *p, relay_pool_job_t *j)
{
    j->next = NULL;
    pthread_mutex_lock(&p->mu);
    if (p->ready_tail != NULL)
        p->ready_tail->next = j;
    else
        p->ready_head = j;
    p->ready_tail = j;
    p->nready++;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

relay_pool_job_t *relay_pool_take_done(relay_pool_t *p)
{
    uint64_t v;
    ssize_t r = read(p->notify_fd, &v, sizeof(v));
    (void)r;
    pthread_mutex_lock(&p->mu);
    relay_pool_job_t *d = p->done;
    p->done = NULL;
    pthread_mutex_unlock(&p->mu);
    return d;
}

size_t relay_pool_busy(relay_pool_t *p)
{
    pthread_mutex_lock(&p->mu);
    size_t n = p->nready + p->inflight;
    pthread_mutex_unlock(&p->mu);
    return n;
}

relay_pool_job_t *relay_pool_stop(relay_pool_t *p)
{
    pthread_mutex_lock(&p->mu);
    p->stopping = 1;
    relay_pool_job_t *left = p->ready_head;
    p->ready_head = p->ready_tail = NULL;
    p->nready = 0;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    free(p->threads);
    p->threads = NULL;
    p->nthreads = 0;
    return left;
}

void relay_pool_dispose(relay_pool_t *p)
{
    if (p->notify_fd >= 0)
        close(p->notify_fd);
    p->notify_fd = -1;
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
}
