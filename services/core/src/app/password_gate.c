#include "app/password_gate.h"

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "app/password.h"
#include "model/config.h"
#include "parley/err.h"
#include "parley/log.h"

#define MAX_SLOTS 64
#define HASH_NICE 10

typedef struct job {
    const char *password, *stored; /* stored NULL: hash into out */
    int iterations;
    char *out;
    unsigned long n;
    int rc;
    bool done;
    struct job *next;
} job_t;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_work = PTHREAD_COND_INITIALIZER, g_done = PTHREAD_COND_INITIALIZER;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static job_t *g_head, *g_tail;
static int g_pending; /* queued + running */
static int g_slots;

int app_password_gate_slots(void)
{
    int64_t n = model_config_get()->parley.password_hash_concurrency;
    if (n <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n = cores > 1 ? cores - 1 : 1;
    }
    return (int)(n > MAX_SLOTS ? MAX_SLOTS : n);
}

static void run(job_t *j)
{
    if (j->stored)
        j->rc = app_password_verify(j->password, j->stored);
    else
        j->rc = app_password_hash(j->password, j->iterations, j->out, j->n);
}

/* The lowest CPU class: SCHED_IDLE runs only when nothing else wants the core; if refused, nice +10. */
static void lower_priority(void)
{
    struct sched_param sp = {0};
    if (sched_setscheduler((pid_t)syscall(SYS_gettid), SCHED_IDLE, &sp) == 0)
        return;
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), HASH_NICE) != 0)
        PL_LOG_WARN("password hashing thread: cannot lower its priority");
}

static void *hasher(void *arg)
{
    (void)arg;
    lower_priority();
    pthread_mutex_lock(&g_lock);
    for (;;) {
        while (!g_head)
            pthread_cond_wait(&g_work, &g_lock);
        job_t *j = g_head;
        g_head = j->next;
        if (!g_head)
            g_tail = NULL;
        pthread_mutex_unlock(&g_lock);
        run(j);
        pthread_mutex_lock(&g_lock);
        j->done = true;
        g_pending--;
        pthread_cond_broadcast(&g_done);
    }
    return NULL;
}

/* Threads live as long as the process (they only ever wait for work). */
static void start(void)
{
    g_slots = app_password_gate_slots();
    for (int i = 0; i < g_slots; i++) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &attr, hasher, NULL) != 0)
            g_slots = i;
        pthread_attr_destroy(&attr);
    }
}

/* @return 0 with j->rc set, or -1 when saturated (or no hashing thread could start). */
static int submit(job_t *j)
{
    pthread_once(&g_once, start);
    pthread_mutex_lock(&g_lock);
    if (g_slots == 0 || g_pending >= 2 * g_slots) {
        pthread_mutex_unlock(&g_lock);
        return -1;
    }
    g_pending++;
    j->next = NULL;
    if (g_tail)
        g_tail->next = j;
    else
        g_head = j;
    g_tail = j;
    pthread_cond_signal(&g_work);
    while (!j->done)
        pthread_cond_wait(&g_done, &g_lock);
    pthread_mutex_unlock(&g_lock);
    return 0;
}

int app_password_gate_hash(const char *password, int iterations, char *out, unsigned long n)
{
    job_t j = {.password = password, .iterations = iterations, .out = out, .n = n};
    return submit(&j) == 0 ? j.rc : PL_EAGAIN;
}

int app_password_gate_verify(const char *password, const char *stored)
{
    job_t j = {.password = password, .stored = stored ? stored : ""};
    return submit(&j) == 0 ? j.rc : -1;
}
