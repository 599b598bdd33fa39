#include "app/password_gate.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "app/password.h"
#include "model/config.h"
#include "parley/err.h"

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond = PTHREAD_COND_INITIALIZER;
static int g_running, g_waiting;

int app_password_gate_slots(void)
{
    int64_t n = model_config_get()->parley.password_hash_concurrency;
    if (n <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n = cores > 1 ? cores - 1 : 1;
    }
    return (int)n;
}

static void deadline(struct timespec *ts)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += APP_PASSWORD_GATE_WAIT_MS / 1000;
    ts->tv_nsec += (long)(APP_PASSWORD_GATE_WAIT_MS % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L)
        ts->tv_sec++, ts->tv_nsec -= 1000000000L;
}

int app_password_gate_enter(void)
{
    int slots = app_password_gate_slots(), rc = 0;
    struct timespec until;
    pthread_mutex_lock(&g_lock);
    if (g_running >= slots && g_waiting >= slots) {
        pthread_mutex_unlock(&g_lock);
        return -1;
    }
    deadline(&until);
    g_waiting++;
    while (g_running >= slots && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&g_cond, &g_lock, &until);
    g_waiting--;
    if (g_running >= slots) {
        pthread_mutex_unlock(&g_lock);
        return -1;
    }
    g_running++;
    pthread_mutex_unlock(&g_lock);
    return 0;
}

void app_password_gate_leave(void)
{
    pthread_mutex_lock(&g_lock);
    g_running--;
    pthread_cond_signal(&g_cond);
    pthread_mutex_unlock(&g_lock);
}

int app_password_gate_hash(const char *password, int iterations, char *out, unsigned long n)
{
    if (app_password_gate_enter() != 0)
        return PL_EAGAIN;
    int rc = app_password_hash(password, iterations, out, n);
    app_password_gate_leave();
    return rc;
}

int app_password_gate_verify(const char *password, const char *stored)
{
    if (app_password_gate_enter() != 0)
        return -1;
    int match = app_password_verify(password, stored);
    app_password_gate_leave();
    return match;
}
