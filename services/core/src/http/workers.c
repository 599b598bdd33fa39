#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "http/internal.h"
#include "parley/err.h"
#include "parley/log.h"

/*
 * The worker pool: a bounded FIFO of jobs under one mutex, N threads that each own one database
 * connection. FIFO so that the oldest request is served first under load; bounded so that an
 * overloaded server answers 503 at once instead of queueing without limit.
 */

typedef struct worker {
    pthread_t tid;
    size_t index;
} worker_t;

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    http_job_t **ring;
    size_t cap, head, len;
    int stop;
    size_t busy;
    worker_t *workers;
    size_t n;
    http_db_ops_t db;
} pool = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void *worker_main(void *arg);
static http_job_t *pop_job(void);

int http_workers_push(http_job_t *job)
{
    int rc = PL_OK;
    pthread_mutex_lock(&pool.mu);
    if (pool.stop || pool.len == pool.cap) {
        rc = PL_EAGAIN;
        goto Exit;
    }
    pool.ring[(pool.head + pool.len) % pool.cap] = job;
    pool.len++;
    pthread_cond_signal(&pool.cv);
Exit:
    pthread_mutex_unlock(&pool.mu);
    return rc;
}

/* Blocks until a job is available; NULL when the pool stops (after the queue drained). */
static http_job_t *pop_job(void)
{
    http_job_t *job = NULL;
    pthread_mutex_lock(&pool.mu);
    while (pool.len == 0 && !pool.stop)
        pthread_cond_wait(&pool.cv, &pool.mu);
    if (pool.len > 0) {
        job = pool.ring[pool.head];
        pool.head = (pool.head + 1) % pool.cap;
        pool.len--;
        pool.busy++;
    }
    pthread_mutex_unlock(&pool.mu);
    return job;
}

static struct pg_conn *usable_conn(struct pg_conn *db)
{
    if (db == NULL && pool.db.open != NULL)
        db = pool.db.open(pool.db.arg);
    if (db != NULL && pool.db.check != NULL)
        pool.db.check(db, pool.db.arg); /* resets a broken connection; if still broken, store calls fail */
    return db;
}

static void *worker_main(void *arg)
{
    (void)arg;
    struct pg_conn *db = pool.db.open ? pool.db.open(pool.db.arg) : NULL;
    http_job_t *job;
    while ((job = pop_job()) != NULL) {
        db = usable_conn(db);
        job->run(job, db);
        pthread_mutex_lock(&pool.mu);
        pool.busy--;
        pthread_mutex_unlock(&pool.mu);
        http_job_finish(job);
    }
    if (db != NULL && pool.db.close != NULL)
        pool.db.close(db, pool.db.arg);
    return NULL;
}

int http_workers_start(size_t n, size_t queue_cap, const http_db_ops_t *db)
{
    pool.cap = queue_cap > 0 ? queue_cap : 1;
    pool.ring = calloc(pool.cap, sizeof(*pool.ring));
    pool.workers = calloc(n, sizeof(*pool.workers));
    if (pool.ring == NULL || pool.workers == NULL)
        abort();
    pool.db = *db;
    pool.n = n;
    for (size_t i = 0; i < n; i++) {
        pool.workers[i].index = i;
        if (pthread_create(&pool.workers[i].tid, NULL, worker_main, &pool.workers[i]) != 0) {
            PL_LOG_ERROR("cannot start worker thread");
            abort();
        }
    }
    return PL_OK;
}

/* Finish the queued jobs, then join. Called after the loops stopped accepting. */
void http_workers_stop(void)
{
    pthread_mutex_lock(&pool.mu);
    pool.stop = 1;
    pthread_cond_broadcast(&pool.cv);
    pthread_mutex_unlock(&pool.mu);
    for (size_t i = 0; i < pool.n; i++)
        pthread_join(pool.workers[i].tid, NULL);
    free(pool.workers);
    free(pool.ring);
    pool.workers = NULL;
    pool.ring = NULL;
    pool.n = 0;
}

static size_t read_locked(const size_t *p)
{
    pthread_mutex_lock(&pool.mu);
    size_t v = *p;
    pthread_mutex_unlock(&pool.mu);
    return v;
}

size_t http_workers_busy(void)
{
    return read_locked(&pool.busy);
}

size_t http_workers_queued(void)
{
    return read_locked(&pool.len);
}

size_t http_workers_total(void)
{
    return pool.n;
}
