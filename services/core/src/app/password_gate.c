#include "app/password_gate.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/password.h"
#include "app/thread_priority.h"
#include "model/config.h"
#include "parley/err.h"
#include "parley/log.h"

#define MAX_SLOTS 64

typedef enum { HELD, QUEUED, RUNNING, FINISHED } job_state_t; /* HELD: a place, not yet queued for a thread */

/* On the heap: a job whose caller gave up while it runs is freed by its hashing thread. */
typedef struct job {
    char *password, *stored; /* copies; stored NULL: hash into out */
    int iterations;
    char out[APP_PASSWORD_HASH_MAX];
    int rc;
    job_state_t state;
    bool abandoned;
    char user_id[32], address[64];
    struct job *next;
} job_t;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_work, g_done; /* CLOCK_MONOTONIC, made by start() */
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static job_t *g_jobs; /* every job in the gate, oldest first (queued and running) */
static int g_count, g_running, g_slots;

int app_password_gate_slots(void)
{
    int64_t n = model_config_get()->parley.password_hash_concurrency;
    if (n <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n = cores > 1 ? cores - 1 : 1;
    }
    return (int)(n > MAX_SLOTS ? MAX_SLOTS : n);
}

/* PasswordHashQueueSize; 0: one fewer than the workers (as main.c sizes them), at least twice the slots. */
static int queue_size(const model_config_t *cfg)
{
    int64_t n = cfg->parley.password_hash_queue_size;
    if (n <= 0) {
        int64_t workers = cfg->sql.max_open_conns > 0 ? cfg->sql.max_open_conns : 2 * sysconf(_SC_NPROCESSORS_ONLN);
        n = workers - 1 > 2 * g_slots ? workers - 1 : 2 * g_slots;
    }
    return (int)(n < g_slots ? g_slots : n);
}

static void job_free(job_t *j)
{
    if (!j)
        return;
    if (j->password) {
        explicit_bzero(j->password, strlen(j->password));
        free(j->password);
    }
    free(j->stored);
    explicit_bzero(j->out, sizeof(j->out));
    free(j);
}

static void unlink_job(job_t *j)
{
    for (job_t **p = &g_jobs; *p; p = &(*p)->next) {
        if (*p == j) {
            *p = j->next;
            g_count--;
            return;
        }
    }
}

static job_t *next_queued(void)
{
    for (job_t *j = g_jobs; j; j = j->next) {
        if (j->state == QUEUED)
            return j;
    }
    return NULL;
}

static void run(job_t *j)
{
    if (j->stored)
        j->rc = app_password_verify(j->password, j->stored);
    else
        j->rc = app_password_hash(j->password, j->iterations, j->out, sizeof(j->out));
}

/* Before its first hash: the thread's name (top -H, /proc/<pid>/task/<tid>/comm) and its CPU
 * share, PasswordHashNice from the process's nice as far as it is allowed (said once). */
static void hasher_init(void)
{
    static atomic_flag told = ATOMIC_FLAG_INIT;
    int want = (int)model_config_get()->parley.password_hash_nice, from;
    pthread_setname_np(pthread_self(), "parley-hash");
    int got = app_thread_priority_shift(want, &from);
    if (atomic_flag_test_and_set(&told))
        return;
    char nice[16], asked[16];
    snprintf(nice, sizeof(nice), "%d", got);
    snprintf(asked, sizeof(asked), "%d", from + want < -20 ? -20 : from + want > 19 ? 19 : from + want);
    if (strcmp(nice, asked) != 0)
        PL_LOG_WARN("password hashing threads: priority not raised as PasswordHashNice asks (needs CAP_SYS_NICE or "
                    "LimitNICE=); logins get a smaller CPU share under load",
                    "nice", nice, "asked", asked);
    else
        PL_LOG_INFO("password hashing threads", "nice", nice);
}

static void *hasher(void *arg)
{
    (void)arg;
    hasher_init();
    pthread_mutex_lock(&g_lock);
    for (;;) {
        job_t *j;
        while (!(j = next_queued()))
            pthread_cond_wait(&g_work, &g_lock);
        j->state = RUNNING;
        g_running++;
        pthread_mutex_unlock(&g_lock);
        run(j);
        pthread_mutex_lock(&g_lock);
        g_running--;
        unlink_job(j);
        j->state = FINISHED;
        if (j->abandoned)
            job_free(j);
        else
            pthread_cond_broadcast(&g_done);
    }
    return NULL;
}

static void cond_init_monotonic(pthread_cond_t *c)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(c, &attr);
    pthread_condattr_destroy(&attr);
}

/* Threads live as long as the process (they only ever wait for work), at PasswordHashNice. */
static void start(void)
{
    cond_init_monotonic(&g_work);
    cond_init_monotonic(&g_done);
    g_slots = app_password_gate_slots();
    for (int i = 0; i < g_slots; i++) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &attr, hasher, NULL) != 0) {
            PL_LOG_WARN("password hashing thread: cannot start");
            g_slots = i;
        }
        pthread_attr_destroy(&attr);
    }
}

/* Places held by who's user and address. */
static void holdings(const app_password_gate_who_t *who, int *by_user, int *by_address)
{
    *by_user = *by_address = 0;
    for (job_t *j = g_jobs; j && who; j = j->next) {
        if (who->user_id && who->user_id[0] && strcmp(j->user_id, who->user_id) == 0)
            (*by_user)++;
        if (who->address && who->address[0] && strcmp(j->address, who->address) == 0)
            (*by_address)++;
    }
}

/* Under g_lock. @return 0 when j may enter, else APP_PASSWORD_GATE_BUSY or _SHARE. */
static int admit(const app_password_gate_who_t *who)
{
    const model_config_t *cfg = model_config_get();
    int cap = queue_size(cfg), by_user, by_address;
    int64_t user_limit = cfg->parley.password_hash_per_user_limit, address_limit = cfg->parley.password_hash_per_address_limit;
    if (g_slots == 0)
        return APP_PASSWORD_GATE_BUSY;
    holdings(who, &by_user, &by_address);
    if ((user_limit > 0 && by_user >= user_limit) || (address_limit > 0 && by_address >= address_limit))
        return APP_PASSWORD_GATE_SHARE;
    return g_count >= cap ? APP_PASSWORD_GATE_BUSY : 0;
}

static void deadline_in(struct timespec *ts, int64_t ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += (time_t)(ms / 1000);
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* Under g_lock: wait for j until PasswordHashMaxWaitMs. @return 0 (j finished, the caller frees it) or busy. */
static int wait_for(job_t *j)
{
    struct timespec until;
    int rc = 0;
    deadline_in(&until, model_config_get()->parley.password_hash_max_wait_ms);
    while (j->state != FINISHED && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&g_done, &g_lock, &until);
    if (j->state == FINISHED)
        return 0;
    if (j->state == QUEUED) {
        unlink_job(j);
        job_free(j);
    } else {
        j->abandoned = true; /* its thread frees it */
    }
    return APP_PASSWORD_GATE_BUSY;
}

/* Append j (owned by the gate from here) and wait for it. @return 0 (j->rc set; the caller frees j) or a refusal. */
static int submit(job_t *j, const app_password_gate_who_t *who)
{
    pthread_once(&g_once, start);
    if (who) {
        snprintf(j->user_id, sizeof(j->user_id), "%s", who->user_id ? who->user_id : "");
        snprintf(j->address, sizeof(j->address), "%s", who->address ? who->address : "");
    }
    pthread_mutex_lock(&g_lock);
    int rc = admit(who);
    if (rc != 0) {
        pthread_mutex_unlock(&g_lock);
        job_free(j);
        return rc;
    }
    job_t **tail = &g_jobs;
    while (*tail)
        tail = &(*tail)->next;
    *tail = j;
    g_count++;
    if (who && who->on_admit) {
        pthread_mutex_unlock(&g_lock);
        rc = who->on_admit(who->arg) != 0 ? APP_PASSWORD_GATE_DECLINED : 0;
        pthread_mutex_lock(&g_lock);
    }
    if (rc != 0) {
        unlink_job(j);
        job_free(j);
    } else {
        j->state = QUEUED;
        pthread_cond_signal(&g_work);
        rc = wait_for(j);
    }
    pthread_mutex_unlock(&g_lock);
    return rc;
}

static job_t *job_new(const char *password, const char *stored)
{
    job_t *j = calloc(1, sizeof(*j));
    if (!j)
        return NULL;
    j->password = strdup(password ? password : "");
    j->stored = stored ? strdup(stored) : NULL;
    j->state = HELD;
    if (!j->password || (stored && !j->stored)) {
        job_free(j);
        return NULL;
    }
    return j;
}

int app_password_gate_hash(const char *password, int iterations, char *out, unsigned long n)
{
    job_t *j = job_new(password, NULL);
    if (!j)
        return PL_ERR;
    j->iterations = iterations;
    if (submit(j, NULL) != 0)
        return PL_EAGAIN;
    int rc = j->rc;
    if (rc == PL_OK && snprintf(out, n, "%s", j->out) >= (int)n)
        rc = PL_ETOOBIG;
    job_free(j);
    return rc;
}

int app_password_gate_verify(const char *password, const char *stored, const app_password_gate_who_t *who)
{
    job_t *j = job_new(password, stored ? stored : "");
    if (!j)
        return APP_PASSWORD_GATE_BUSY;
    int rc = submit(j, who);
    if (rc != 0)
        return rc;
    rc = j->rc;
    job_free(j);
    return rc;
}

void app_password_gate_stats(int *running, int *waiting)
{
    pthread_mutex_lock(&g_lock);
    *running = g_running;
    *waiting = g_count - g_running;
    pthread_mutex_unlock(&g_lock);
}
