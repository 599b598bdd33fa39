#ifndef PARLEY_CORE_HTTP_JOB_H
#define PARLEY_CORE_HTTP_JOB_H

#include <h2o.h>

/*
 * Work that needs the database, started from a loop thread: run() executes on a worker thread
 * with that worker's PostgreSQL connection, then done() executes back on the loop thread that
 * submitted it. The HTTP dispatcher uses this for every worker route; the WebSocket layer uses it
 * for actions that need the database. The submitter owns the job memory (heap, not a request
 * pool that may vanish) and frees it in done(). Neither callback may touch loop-owned objects
 * from run().
 */

struct pg_conn;
struct http_loop;
typedef struct http_job http_job_t;

struct http_job {
    h2o_multithread_message_t _msg; /* private */
    struct http_loop *_loop;        /* private: the submitting loop */
    /** On a worker thread. db is the worker's connection, checked (and reconnected when broken)
     * before each job; NULL when the database cannot be reached: answer 503 / report unavailable. */
    void (*run)(http_job_t *job, struct pg_conn *db);
    /** On the submitting loop thread, after run. At shutdown a loop keeps running until the done()
     * of every job it submitted has run (within ParleySettings.ShutdownGraceMs). */
    void (*done)(http_job_t *job);
};

/**
 * Queue job (call from a loop thread). @return PL_OK, or PL_EAGAIN when the bounded queue is full
 * (answer 503 api.context.server_busy.app_error) or the server is stopping; run/done are then
 * not called.
 */
int http_job_submit(http_job_t *job);

#endif
