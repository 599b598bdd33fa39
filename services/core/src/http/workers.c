#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "http/internal.h"
#include "parley/err.h"
#include "parley/log.h"

/*
 * The worker pool: a bounded FIFO of jobs under one mutex, N threads that each own at most one
 * database connection. FIFO so that the oldest request is served first under load; bounded so that
 * an overloaded server answers 503 at once instead of queueing without limit. A worker checks its
 * connection before each job and reconnects when it is broken; when that fails the job runs with db
 * NULL (the dispatcher answers 503). Idle workers keep at most max_idle_conns connections open, and
 * close theirs after conn_max_idle_ms without a job (SqlSettings.MaxIdleConns,
 * ConnMaxIdleTimeMilliseconds); the next job opens a new one.
 */

typedef struct worker {
    pthread_t tid;
    size_t index;
    struct pg_conn *db;
    int64_t idle_since_ms; /* monotonic, when the last job finished */
} worker_t;

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    http_job_t **ring;
    size_t cap, head, len;
    int stop;
    size_t busy;
    size_t idle_conns; /* workers waiting while holding a connection */
    worker_t *workers;
    size_t n;
    size_t max_idle;
    int64_t max_idle_ms;
    http_db_ops_t db;
} pool = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void *worker_main(void *arg);

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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

/* Called with the lock held; drops it while closing. */
static void close_conn_locked(worker_t *w)
{
    struct pg_conn *db = w->db;
    w->db = NULL;
    pthread_mutex_unlock(&pool.mu);
    if (pool.db.close != NULL)
        pool.db.close(db, pool.db.arg);
    pthread_mutex_lock(&pool.mu);
}

/* Wait for a job while holding a connection: @return 1 when it stayed idle too long. */
static int wait_holding_conn(worker_t *w)
{
    int timed_out = 0;
    pool.idle_conns++;
    if (pool.max_idle_ms <= 0) {
        pthread_cond_wait(&pool.cv, &pool.mu);
    } else {
        int64_t deadline = w->idle_since_ms + pool.max_idle_ms;
        struct timespec ts = {.tv_sec = (time_t)(deadline / 1000), .tv_nsec = (long)(deadline % 1000) * 1000000L};
        timed_out = pthread_cond_timedwait(&pool.cv, &pool.mu, &ts) != 0 && mono_ms() >= deadline;
    }
    pool.idle_conns--;
    return timed_out;
}

/* Blocks until a job is available; NULL when the pool stops (after the queue drained). */
static http_job_t *pop_job(worker_t *w)
{
    http_job_t *job = NULL;
    pthread_mutex_lock(&pool.mu);
    while (pool.len == 0 && !pool.stop) {
        if (w->db != NULL && pool.idle_conns >= pool.max_idle)
            close_conn_locked(w); /* enough idle connections already */
        else if (w->db == NULL)
            pthread_cond_wait(&pool.cv, &pool.mu);
        else if (wait_holding_conn(w) && pool.len == 0)
            close_conn_locked(w);
    }
    if (pool.len > 0) {
        job = pool.ring[pool.head];
        pool.head = (pool.head + 1) % pool.cap;
        pool.len--;
        pool.busy++;
    }
    pthread_mutex_unlock(&pool.mu);
    return job;
}

/* Before a job: open or repair the connection. @return it when usable, NULL when the database
 * cannot be reached (w->db keeps a broken connection to reset before the next job). */
static struct pg_conn *usable_conn(worker_t *w)
{
    if (w->db == NULL && pool.db.open != NULL)
        w->db = pool.db.open(pool.db.arg);
    if (w->db == NULL)
        return NULL;
    if (pool.db.check != NULL && pool.db.check(w->db, pool.db.arg) != 0)
        return NULL;
    return w->db;
}

static void *worker_main(void *arg)
{
    worker_t *w = arg;
    pthread_setname_np(pthread_self(), "parley-worker"); /* top -H, /proc/<pid>/task/<tid>/comm */
    w->db = pool.db.open ? pool.db.open(pool.db.arg) : NULL;
    w->idle_since_ms = mono_ms();
    http_job_t *job;
    while ((job = pop_job(w)) != NULL) {
        job->run(job, usable_conn(w));
        w->idle_since_ms = mono_ms();
        pthread_mutex_lock(&pool.mu);
        pool.busy--;
        pthread_mutex_unlock(&pool.mu);
        http_job_finish(job);
    }
    if (w->db != NULL && pool.db.close != NULL)
        pool.db.close(w->db, pool.db.arg);
    w->db = NULL;
    return NULL;
}

int http_workers_start(const http_server_config_t *cfg)
{
    size_t n = cfg->workers > 0 ? cfg->workers : 1;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&pool.cv, &attr);
    pthread_condattr_destroy(&attr);
    pool.cap = cfg->queue_cap > 0 ? cfg->queue_cap : 1;
    pool.ring = calloc(pool.cap, sizeof(*pool.ring));
    pool.workers = calloc(n, sizeof(*pool.workers));
    if (pool.ring == NULL || pool.workers == NULL)
        abort();
    pool.db = cfg->db;
    pool.n = n;
    pool.max_idle = cfg->max_idle_conns;
    pool.max_idle_ms = cfg->conn_max_idle_ms;
    pool.stop = 0;
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
    pthread_cond_destroy(&pool.cv);
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
