/*
 * accounts_kdf_rate <threads> <seconds> <iterations>: verify one PBKDF2 hash (made with
 * app_password_hash, the server's code) as fast as possible on <threads> threads for <seconds>
 * and print "verifies_per_sec <n>". The baseline for the login benchmark (bench/accounts/run.py).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/password.h"
#include "parley/time.h"

static char g_hash[APP_PASSWORD_HASH_MAX];
static atomic_long g_done;
static int64_t g_until;

static void *run(void *arg)
{
    (void)arg;
    while (pl_time_mono_ms() < g_until) {
        if (!app_password_verify("bench-Passw0rd!", g_hash)) {
            fputs("verify failed\n", stderr);
            exit(1);
        }
        atomic_fetch_add(&g_done, 1);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: accounts_kdf_rate <threads> <seconds> <iterations>\n", stderr);
        return 2;
    }
    int threads = atoi(argv[1]), seconds = atoi(argv[2]), iterations = atoi(argv[3]);
    if (threads < 1 || threads > 64 || seconds < 1 || app_password_hash("bench-Passw0rd!", iterations, g_hash, sizeof(g_hash)))
        return 2;
    pthread_t t[64];
    int64_t start = pl_time_mono_ms();
    g_until = start + (int64_t)seconds * 1000;
    for (int i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, run, NULL);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    double secs = (double)(pl_time_mono_ms() - start) / 1000.0;
    printf("verifies_per_sec %.2f\n", (double)atomic_load(&g_done) / secs);
    return 0;
}
