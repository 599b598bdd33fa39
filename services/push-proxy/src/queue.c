#include "push.h"

#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "parley/err.h"

int push_queue_init(push_queue_t *q)
{
    pthread_mutex_init(&q->mu, NULL);
    q->head = q->tail = NULL;
    q->len = 0;
    q->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return q->efd < 0 ? PL_EIO : PL_OK;
}

void push_queue_dispose(push_queue_t *q)
{
    if (q->efd >= 0)
        close(q->efd);
    q->efd = -1;
    pthread_mutex_destroy(&q->mu);
}

void push_queue_put(push_queue_t *q, push_job_t *job)
{
    job->next = NULL;
    pthread_mutex_lock(&q->mu);
    if (q->tail)
        q->tail->next = job;
    else
        q->head = job;
    q->tail = job;
    q->len++;
    pthread_mutex_unlock(&q->mu);
    uint64_t one = 1;
    ssize_t w = write(q->efd, &one, sizeof(one));
    (void)w;
}

push_job_t *push_queue_take_all(push_queue_t *q)
{
    uint64_t v;
    ssize_t r = read(q->efd, &v, sizeof(v));
    (void)r;
    pthread_mutex_lock(&q->mu);
    push_job_t *all = q->head;
    q->head = q->tail = NULL;
    q->len = 0;
    pthread_mutex_unlock(&q->mu);
    return all;
}

long push_queue_len(push_queue_t *q)
{
    pthread_mutex_lock(&q->mu);
    long n = q->len;
    pthread_mutex_unlock(&q->mu);
    return n;
}
