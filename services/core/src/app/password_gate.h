#ifndef PARLEY_CORE_APP_PASSWORD_GATE_H
#define PARLEY_CORE_APP_PASSWORD_GATE_H

/*
 * Where password hashes are computed (owner: accounts). A PBKDF2-600k hash costs a core for about
 * half a second; a login storm must neither take every worker nor let a few clients lock everyone
 * else out.
 *
 * Hashes run on ParleySettings.PasswordHashConcurrency dedicated threads (0: cores - 1, at least 1)
 * named parley-hash, at PasswordHashNice from the process's nice (default -10: a larger CPU weight,
 * so that logins keep their CPU while API requests saturate the machine; as far as CAP_SYS_NICE or
 * RLIMIT_NICE allow, else a warning; see app/thread_priority.h). The calling worker sleeps until its hash is done. At most
 * PasswordHashQueueSize requests are in the gate at once (hashing or waiting, first come first
 * served; 0: the number of workers - 1, at least twice the threads): a request arriving when it
 * is full is refused at once (busy, 503 api.context.server_busy.app_error). Of those places, one
 * user holds at most PasswordHashPerUserLimit (default 1; 0: no limit) and one client address at
 * most PasswordHashPerAddressLimit (default 0: no limit, as behind a reverse proxy every client has
 * its address); a request beyond its share is refused at once (over share, 429
 * api.context.rate_limit_exceeded.app_error), so hammering clients cannot fill the queue for the others. A request whose hash has
 * not finished after PasswordHashMaxWaitMs gives up (busy): a login answers within that bound. Thread-safe.
 */

#define APP_PASSWORD_GATE_BUSY (-1)     /* queue full or waited too long */
#define APP_PASSWORD_GATE_SHARE (-2)    /* this user or address already holds its share of the queue */
#define APP_PASSWORD_GATE_DECLINED (-3) /* on_admit said no */

/** Who asks: counted against PerUserLimit / PerAddressLimit (NULL or "": not counted). */
typedef struct app_password_gate_who {
    const char *user_id, *address;
    /** Optional: called by the caller's thread once it holds its place, before the hash is queued
     * (e.g. to count a login attempt). Non-zero: the place is given back (APP_PASSWORD_GATE_DECLINED). */
    int (*on_admit)(void *arg);
    void *arg;
} app_password_gate_who_t;

/** app_password_hash on a hashing thread. @return as app_password_hash, or PL_EAGAIN when busy. */
int app_password_gate_hash(const char *password, int iterations, char *out, unsigned long n);
/** app_password_verify on a hashing thread. @return 1 match, 0 mismatch, APP_PASSWORD_GATE_BUSY, _SHARE or _DECLINED. */
int app_password_gate_verify(const char *password, const char *stored, const app_password_gate_who_t *who);
/** @return the number of hashing threads. */
int app_password_gate_slots(void);
/** The current occupancy (for GET /metrics): hashes running, requests waiting for a thread. */
void app_password_gate_stats(int *running, int *waiting);

#endif
