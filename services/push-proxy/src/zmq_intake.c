#include "push.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <zmq.h>

#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"
#include "parley/zap.h"
#include "parley/zenv.h"

/*
 * ZeroMQ intake: one ROUTER socket (many cores may connect), one thread. Jobs go to the senders;
 * their answers come back through a queue + eventfd polled next to the socket, are remembered in
 * the dedup set and sent as push.ack to the core that sent the job.
 */

static void *zctx, *router;
static push_queue_t answers;
static pthread_t thread;
static atomic_int phase; /* 0 running, 1 not reading any more, 2 quit */
static pl_zap_t *zap;

push_dedup_t *push_dedup;

static void send_ack(const char *rid, size_t rid_len, const char *msg_id, const pl_push_ack_t *ack)
{
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    if (pl_push_ack_encode(ack, &b) == PL_OK)
        pl_zenv_send_parts(router, rid, rid_len, "push.ack", msg_id, b.data, b.len, ZMQ_DONTWAIT);
    pl_buf_dispose(&b);
}

static void refuse(const pl_zenv_t *env, const char *reason, const char *error)
{
    pl_push_ack_t ack;
    pl_metrics_add(push_stats.bad_request, NULL, 1);
    PL_LOG_WARN("refused push frame", "msg_id", env->msg_id, "reason", reason, "error", error);
    if (env->msg_id[0] == '\0')
        return; /* nothing to correlate an answer with */
    pl_push_ack_set(&ack, PL_PUSH_FAIL, reason, error);
    send_ack(env->routing_id, env->routing_id_len, env->msg_id, &ack);
}

static void job_done(push_job_t *job)
{
    push_queue_put(&answers, job);
}

static void answer_stored(const pl_zenv_t *env, const pl_push_ack_t *ack)
{
    const char *src[] = {"zmq"};
    pl_metrics_add(push_stats.duplicates, src, 1);
    send_ack(env->routing_id, env->routing_id_len, env->msg_id, ack);
}

static void take_job(pl_zenv_t *env)
{
    char err[256] = "";
    pl_push_ack_t ack;
    int seen = push_dedup_check(push_dedup, env->msg_id, &ack);
    if (seen == 1)
        return answer_stored(env, &ack);
    if (seen == 2) {
        const char *src[] = {"zmq"};
        pl_metrics_add(push_stats.duplicates, src, 1);
        return; /* in flight: its answer will follow */
    }
    push_job_t *job = push_job_create();
    if (job == NULL) {
        push_dedup_forget(push_dedup, env->msg_id);
        return refuse(env, "overloaded", "out of memory");
    }
    job->source = PUSH_SRC_ZMQ;
    job->done = job_done;
    memcpy(job->msg_id, env->msg_id, sizeof(job->msg_id));
    memcpy(job->rid, env->routing_id, env->routing_id_len);
    job->rid_len = env->routing_id_len;
    int rc = pl_push_job_decode(env->body, env->body_len, true, &job->n, err, sizeof(err));
    const char *reason = strncmp(err, "unsupported_version", 19) == 0 ? "unsupported_version" : "invalid_body";
    if (rc == PL_OK)
        push_job_split_device_id(job);
    if (rc == PL_OK && (rc = pl_push_job_validate(&job->n, err, sizeof(err))) != PL_OK)
        reason = "missing_field";
    if (rc != PL_OK) {
        pl_metrics_add(push_stats.bad_request, NULL, 1);
        push_job_finish(job, PL_PUSH_FAIL, reason, err);
        return;
    }
    push_dispatch_submit(job);
}

static void read_socket(void)
{
    for (int i = 0; i < 512 && atomic_load(&phase) == 0; i++) {
        pl_zenv_t env;
        memset(&env, 0, sizeof(env));
        int rc = pl_zenv_recv(router, &env, PL_ZENV_MAX_BODY, ZMQ_DONTWAIT);
        if (rc == PL_EAGAIN || rc == PL_EIO) {
            pl_zenv_dispose(&env);
            return;
        }
        if (rc == PL_ETOOBIG)
            refuse(&env, "invalid_frame", "body larger than 262144 bytes");
        else if (rc != PL_OK)
            refuse(&env, "invalid_frame", "expected frames PL1, push.job, a 26-character id, a JSON body");
        else if (strcmp(env.type, "push.job") != 0)
            refuse(&env, "invalid_frame", "unexpected message type (expected push.job)");
        else
            take_job(&env);
        pl_zenv_dispose(&env);
    }
}

static void send_answers(void)
{
    push_job_t *job = push_queue_take_all(&answers);
    while (job) {
        push_job_t *next = job->next;
        if (strcmp(job->ack.reason, "shutting_down") == 0)
            push_dedup_forget(push_dedup, job->msg_id);
        else
            push_dedup_store(push_dedup, job->msg_id, &job->ack);
        send_ack(job->rid, job->rid_len, job->msg_id, &job->ack);
        push_job_destroy(job);
        job = next;
    }
}

static void *run(void *arg)
{
    (void)arg;
    while (atomic_load(&phase) < 2) {
        zmq_pollitem_t items[2] = {{router, 0, ZMQ_POLLIN, 0}, {NULL, answers.efd, ZMQ_POLLIN, 0}};
        int n = zmq_poll(items, 2, 100);
        if (n < 0 && zmq_errno() != EINTR)
            break;
        if (items[1].revents & ZMQ_POLLIN)
            send_answers();
        if (items[0].revents & ZMQ_POLLIN)
            read_socket();
    }
    send_answers();
    return NULL;
}

static int setup_curve(const push_config_t *cfg)
{
    if (cfg->zmq_curve_secret_key == NULL)
        return PL_OK;
    size_t n = 0;
    while (cfg->curve_client_keys && cfg->curve_client_keys[n])
        n++;
    zap = pl_zap_create(zctx, (const char *const *)cfg->curve_client_keys, n);
    if (zap == NULL)
        return PL_ERR;
    return pl_zenv_curve_server(router, cfg->zmq_curve_secret_key);
}

int push_zmq_start(const push_config_t *cfg)
{
    int hwm = 200000, linger = 2000;
    push_dedup = push_dedup_create(cfg->dedup_size);
    if (push_dedup == NULL || push_queue_init(&answers) != PL_OK)
        return PL_ERR;
    zctx = zmq_ctx_new();
    router = zmq_socket(zctx, ZMQ_ROUTER);
    zmq_setsockopt(router, ZMQ_RCVHWM, &hwm, sizeof(hwm));
    zmq_setsockopt(router, ZMQ_SNDHWM, &hwm, sizeof(hwm));
    zmq_setsockopt(router, ZMQ_LINGER, &linger, sizeof(linger));
    int one = 1; /* a core that reconnects with the same routing id takes its place */
    zmq_setsockopt(router, ZMQ_ROUTER_HANDOVER, &one, sizeof(one));
    if (setup_curve(cfg) != PL_OK) {
        PL_LOG_ERROR("CURVE setup failed", "key", "ZmqCurveSecretKey");
        return PL_EINVAL;
    }
    if (zmq_bind(router, cfg->zmq_bind_address) != 0) {
        PL_LOG_ERROR("cannot bind the ZeroMQ intake", "address", cfg->zmq_bind_address, "error", zmq_strerror(zmq_errno()));
        return PL_EIO;
    }
    PL_LOG_INFO("ZeroMQ intake listening", "address", cfg->zmq_bind_address, "curve", cfg->zmq_curve_secret_key ? "on" : "off");
    return pthread_create(&thread, NULL, run, NULL) == 0 ? PL_OK : PL_ERR;
}

void push_zmq_stop_reading(void)
{
    atomic_store(&phase, 1);
}

void push_zmq_stop(void)
{
    if (router == NULL)
        return;
    atomic_store(&phase, 2);
    pthread_join(thread, NULL);
    zmq_close(router);
    pl_zap_destroy(zap);
    zmq_ctx_term(zctx);
    push_queue_dispose(&answers);
    push_dedup_destroy(push_dedup);
    router = NULL;
}
