#include "parley/log_writer.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 64

typedef struct entry {
    int fd;
    size_t len;
    char *data;
} entry_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t has_work = PTHREAD_COND_INITIALIZER;
static pthread_cond_t drained = PTHREAD_COND_INITIALIZER;
static entry_t ring[PL_LOG_WRITER_LINES];  /* under mu */
static size_t ring_head, ring_count;       /* under mu */
static unsigned long long queued, written; /* under mu: lines accepted, lines done */
static atomic_ulong dropped;
static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static int thread_ok;

static void write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        len -= (size_t)w;
    }
}

/* Take up to BATCH entries (waits for at least one). Called with mu held. */
static size_t take(entry_t *out)
{
    size_t n = 0;
    while (ring_count == 0)
        pthread_cond_wait(&has_work, &mu);
    while (n < BATCH && ring_count > 0) {
        out[n++] = ring[ring_head];
        ring_head = (ring_head + 1) % PL_LOG_WRITER_LINES;
        ring_count--;
    }
    return n;
}

static void *writer_main(void *arg)
{
    entry_t batch[BATCH];
    (void)arg;
    pthread_mutex_lock(&mu);
    for (;;) {
        size_t n = take(batch);
        pthread_mutex_unlock(&mu);
        for (size_t i = 0; i < n; i++) {
            write_all(batch[i].fd, batch[i].data, batch[i].len);
            free(batch[i].data);
        }
        pthread_mutex_lock(&mu);
        written += n;
        pthread_cond_broadcast(&drained);
    }
    return NULL;
}

static void start(void)
{
    pthread_t tid;
    pthread_attr_t attr;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old); /* the thread inherits it: it never takes a signal */
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    thread_ok = pthread_create(&tid, &attr, writer_main, NULL) == 0;
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (thread_ok)
        atexit(pl_log_writer_flush);
}

void pl_log_writer_push(int fd, const char *line, size_t len)
{
    pthread_once(&start_once, start);
    if (!thread_ok) {
        write_all(fd, line, len);
        return;
    }
    char *copy = malloc(len);
    if (copy == NULL) {
        atomic_fetch_add(&dropped, 1);
        return;
    }
    memcpy(copy, line, len);
    pthread_mutex_lock(&mu);
    if (ring_count == PL_LOG_WRITER_LINES) {
        pthread_mutex_unlock(&mu);
        free(copy);
        atomic_fetch_add(&dropped, 1);
        return;
    }
    ring[(ring_head + ring_count) % PL_LOG_WRITER_LINES] = (entry_t){fd, len, copy};
    ring_count++;
    queued++;
    pthread_cond_signal(&has_work);
    pthread_mutex_unlock(&mu);
}

void pl_log_writer_flush(void)
{
    pthread_mutex_lock(&mu);
    unsigned long long target = queued;
    while (thread_ok && written < target)
        pthread_cond_wait(&drained, &mu);
    pthread_mutex_unlock(&mu);
}

unsigned long pl_log_writer_dropped(void)
{
    return atomic_load(&dropped);
}

size_t pl_log_writer_depth(void)
{
    pthread_mutex_lock(&mu);
    size_t n = ring_count;
    pthread_mutex_unlock(&mu);
    return n;
}
