#include "apns.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/err.h"
#include "parley/id.h"
#include "parley/log.h"
#include "parley/time.h"

/*
 * The APNs sender: one thread with its own poll loop, one pool per Apple target (topic + auth)
 * holding AppleConnections persistent HTTP/2 connections. Jobs wait in the pool queue until a
 * connection has a free stream (SETTINGS_MAX_CONCURRENT_STREAMS, 1 until the first reply).
 */

#define MAX_POLL 1024

static apns_pool_t pools[PUSH_MAX_TARGETS];
static int npools;
static push_queue_t inbox;
static pthread_t thread;
static atomic_int quit, draining;
static char drain_reason[64];
static const push_config_t *cfg;

static const char *const remove_reasons[] = {"BadDeviceToken",         "Unregistered",       "ExpiredToken",
                                             "DeviceTokenNotForTopic", "MissingDeviceToken", NULL};

/* ---- provider token ---- */

bool apns_token_renewable(const apns_pool_t *p)
{
    return p->jwt_iat == 0 || time(NULL) - p->jwt_iat >= 20 * 60;
}

const char *apns_bearer(apns_pool_t *p)
{
    if (p->key == NULL)
        return NULL;
    int64_t now = time(NULL);
    /* refresh between 20 and 60 minutes: we renew at 50 */
    if (p->jwt_iat == 0 || now - p->jwt_iat >= 50 * 60) {
        char jwt[480];
        if (push_jwt_es256(p->key, p->t->auth_key_id, p->t->team_id, now, jwt, sizeof(jwt)) != PL_OK)
            return NULL;
        snprintf(p->jwt, sizeof(p->jwt), "bearer %s", jwt);
        p->jwt_iat = now;
    }
    return p->jwt;
}

/* ---- queue ---- */

static void pool_append(apns_pool_t *p, push_job_t *job)
{
    job->next = NULL;
    if (p->qtail)
        p->qtail->next = job;
    else
        p->qhead = job;
    p->qtail = job;
    p->qlen++;
}

void apns_pool_requeue_front(apns_pool_t *p, push_job_t *job)
{
    job->next = p->qhead;
    p->qhead = job;
    if (p->qtail == NULL)
        p->qtail = job;
    p->qlen++;
}

static push_job_t *pool_pop(apns_pool_t *p)
{
    push_job_t *job = p->qhead;
    if (job) {
        p->qhead = job->next;
        if (p->qhead == NULL)
            p->qtail = NULL;
        p->qlen--;
    }
    return job;
}

static void delay(apns_pool_t *p, push_job_t *job, int64_t at)
{
    job->not_before_ms = at;
    job->next = p->delayed;
    p->delayed = job;
}

/* ---- outcomes ---- */

static int64_t backoff_ms(int attempt)
{
    int64_t base = 250LL << (attempt > 7 ? 7 : attempt);
    if (base > 30000)
        base = 30000;
    unsigned r;
    pl_random_bytes(&r, sizeof(r));
    return base / 2 + (int64_t)(r % (unsigned)(base / 2 + 1)); /* jitter: 50..100% */
}

static void retry_or_fail(apns_pool_t *p, push_job_t *job, const char *reason, const char *error, int64_t now)
{
    int64_t wait = backoff_ms(job->attempts);
    if (job->attempts <= cfg->apns_max_retries && now + wait < job->deadline_ms && !atomic_load(&draining)) {
        const char *lv[] = {p->t->type, reason};
        pl_metrics_add(push_stats.retries, lv, 1);
        delay(p, job, now + wait);
        return;
    }
    push_job_finish_ex(job, PL_PUSH_FAIL, reason, error, wait, 0);
}

static bool is_remove(const char *reason)
{
    for (int i = 0; remove_reasons[i]; i++)
        if (strcmp(reason, remove_reasons[i]) == 0)
            return true;
    return false;
}

static void parse_reason(apns_stream_t *s, char *reason, size_t n, int64_t *ts)
{
    json_t *o = json_loadb(s->resp, s->resp_len, 0, NULL);
    const char *r = json_string_value(json_object_get(o, "reason"));
    snprintf(reason, n, "%s", r ? r : "");
    json_t *t = json_object_get(o, "timestamp");
    *ts = json_is_integer(t) ? json_integer_value(t) : 0;
    json_decref(o);
}

void apns_on_response(apns_stream_t *s, int64_t now)
{
    push_job_t *job = s->job;
    apns_pool_t *p = s->conn->pool;
    char reason[64], error[160];
    int64_t ts;
    if (job == NULL)
        return;
    pl_metrics_observe(push_stats.apns_duration, NULL, (now - s->sent_ms) / 1000.0);
    if (s->status == 200)
        return push_job_finish(job, PL_PUSH_OK, NULL, NULL);
    parse_reason(s, reason, sizeof(reason), &ts);
    snprintf(error, sizeof(error), "APNs answered %d %s", s->status, reason);
    if (!reason[0])
        snprintf(reason, sizeof(reason), "http_%d", s->status);
    if (is_remove(reason)) {
        return push_job_finish_ex(job, PL_PUSH_REMOVE, reason, error, 0, ts);
    }
    if (s->status == 429 || s->status >= 500)
        return retry_or_fail(p, job, reason, error, now);
    if (strcmp(reason, "ExpiredProviderToken") == 0 && job->attempts <= 1 && apns_token_renewable(p)) {
        p->jwt_iat = 0; /* renew (never twice within 20 minutes) and try once more */
        return delay(p, job, now);
    }
    push_job_finish(job, PL_PUSH_FAIL, reason, error); /* permanent: never retried */
}

void apns_on_stream_lost(apns_stream_t *s, uint32_t error_code, int64_t now)
{
    push_job_t *job = s->job;
    if (job == NULL)
        return;
    if (error_code == NGHTTP2_REFUSED_STREAM) {
        apns_pool_requeue_front(s->conn->pool, job); /* never processed (GOAWAY): not an attempt */
        job->attempts--;
        return;
    }
    retry_or_fail(s->conn->pool, job, error_code == NGHTTP2_CANCEL ? "timeout" : "transport", "unknown transport error", now);
}

/* ---- pools ---- */

static int parse_base_url(apns_pool_t *p, const char *url)
{
    if (strncmp(url, "https://", 8) != 0)
        return PL_EINVAL;
    const char *h = url + 8;
    size_t hl = strcspn(h, ":/");
    if (hl == 0 || hl >= sizeof(p->host))
        return PL_EINVAL;
    memcpy(p->host, h, hl);
    p->host[hl] = '\0';
    p->port = h[hl] == ':' ? atoi(h + hl + 1) : 443;
    size_t al = strcspn(h, "/"); /* host[:port] as written in the URL */
    if (al >= sizeof(p->authority))
        return PL_EINVAL;
    memcpy(p->authority, h, al);
    p->authority[al] = '\0';
    return p->port > 0 && p->port < 65536 ? PL_OK : PL_EINVAL;
}

static int make_ssl_ctx(apns_pool_t *p)
{
    const push_target_t *t = p->t;
    p->ssl_ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(p->ssl_ctx, TLS1_2_VERSION);
    SSL_CTX_set_alpn_protos(p->ssl_ctx, (const unsigned char *)"\x02h2", 3);
    SSL_CTX_set_mode(p->ssl_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_verify(p->ssl_ctx, SSL_VERIFY_PEER, NULL);
    int ok = cfg->trusted_ca_file ? SSL_CTX_load_verify_locations(p->ssl_ctx, cfg->trusted_ca_file, NULL)
                                  : SSL_CTX_set_default_verify_paths(p->ssl_ctx);
    if (!ok) {
        snprintf(p->error, sizeof(p->error), "cannot load TrustedCAFile");
        return PL_EINVAL;
    }
    if (p->key == NULL && t->cert_file) {
        if (t->cert_password)
            SSL_CTX_set_default_passwd_cb_userdata(p->ssl_ctx, t->cert_password);
        if (SSL_CTX_use_certificate_chain_file(p->ssl_ctx, t->cert_file) != 1 ||
            SSL_CTX_use_PrivateKey_file(p->ssl_ctx, t->cert_file, SSL_FILETYPE_PEM) != 1) {
            snprintf(p->error, sizeof(p->error), "cannot load ApplePushCertPrivate %s", t->cert_file);
            return PL_EINVAL;
        }
    }
    return PL_OK;
}

static void pool_init(apns_pool_t *p, const push_target_t *t)
{
    memset(p, 0, sizeof(*p));
    p->t = t;
    const char *url = cfg->apns_base_url   ? cfg->apns_base_url
                      : t->use_development ? "https://api.sandbox.push.apple.com"
                                           : "https://api.push.apple.com";
    if (parse_base_url(p, url) != PL_OK)
        snprintf(p->error, sizeof(p->error), "bad AppleBaseURL %s", url);
    if (t->auth_key_file && t->auth_key_id && t->team_id) {
        p->key = push_jwt_load_key_file(t->auth_key_file);
        if (p->key == NULL)
            snprintf(p->error, sizeof(p->error), "cannot read AppleAuthKeyFile %s", t->auth_key_file);
    } else if (t->cert_file == NULL) {
        snprintf(p->error, sizeof(p->error), "needs AppleAuthKeyFile+AppleAuthKeyID+AppleTeamID or ApplePushCertPrivate");
    }
    if (p->error[0] == '\0')
        make_ssl_ctx(p);
    if (p->error[0])
        PL_LOG_ERROR("Apple push target not usable", "type", t->type, "error", p->error);
    p->nconns = (int)cfg->apns_connections;
    p->conns = calloc((size_t)p->nconns, sizeof(apns_conn_t));
    for (int i = 0; i < p->nconns; i++) {
        p->conns[i].pool = p;
        p->conns[i].id = i;
        p->conns[i].fd = -1;
    }
}

static apns_pool_t *pool_of(const push_target_t *t)
{
    for (int i = 0; i < npools; i++)
        if (pools[i].t == t)
            return &pools[i];
    return NULL;
}

/* ---- the loop ---- */

static void apns_id_for(push_job_t *job)
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    const char *src = job->n.ack_id && job->n.ack_id[0] ? job->n.ack_id : job->msg_id;
    SHA256((const unsigned char *)src, strlen(src), h);
    h[6] = (h[6] & 0x0f) | 0x40; /* a v4-shaped UUID, stable for the same ack id */
    h[8] = (h[8] & 0x3f) | 0x80;
    snprintf(job->apns_id, sizeof(job->apns_id), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", h[0], h[1],
             h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
}

static void take_inbox(int64_t now)
{
    push_job_t *job = push_queue_take_all(&inbox);
    while (job) {
        push_job_t *next = job->next;
        apns_pool_t *p = pool_of(job->target);
        if (p == NULL || p->error[0]) {
            push_job_finish(job, PL_PUSH_FAIL, "not_configured", p ? p->error : "no such Apple target");
        } else if (p->qlen >= cfg->max_queue) {
            push_job_finish_ex(job, PL_PUSH_FAIL, "overloaded", "APNs queue full", 1000, 0);
        } else {
            apns_id_for(job);
            pool_append(p, job);
        }
        job = next;
    }
    (void)now;
}

static void wake_delayed(apns_pool_t *p, int64_t now)
{
    push_job_t **pp = &p->delayed;
    while (*pp) {
        push_job_t *job = *pp;
        if (job->not_before_ms <= now) {
            *pp = job->next;
            apns_pool_requeue_front(p, job);
        } else {
            pp = &job->next;
        }
    }
}

static void expire_queued(apns_pool_t *p, int64_t now)
{
    while (p->qhead && p->qhead->deadline_ms <= now) {
        push_job_t *job = pool_pop(p);
        push_job_finish_ex(job, PL_PUSH_FAIL, "timeout", "not delivered within SendTimeoutSec", 1000, 0);
    }
}

static void fill_conn(apns_conn_t *c)
{
    apns_pool_t *p = c->pool;
    while (p->qhead && c->state == C_READY && !c->goaway && (uint32_t)c->active < c->max_streams) {
        push_job_t *job = pool_pop(p);
        job->attempts++;
        int rc = apns_conn_submit(c, job);
        if (rc == PL_ETOOBIG)
            push_job_finish(job, PL_PUSH_FAIL, "PayloadTooLarge", "payload does not fit 4096 bytes");
        else if (rc != PL_OK) {
            job->attempts--;
            apns_pool_requeue_front(p, job);
            break;
        }
    }
}

static void cancel_slow(apns_conn_t *c, int64_t now)
{
    for (apns_stream_t *s = c->streams; s; s = s->next)
        if (s->job && now - s->sent_ms > cfg->retry_timeout_sec * 1000)
            nghttp2_submit_rst_stream(c->h2, NGHTTP2_FLAG_NONE, s->sid, NGHTTP2_CANCEL);
}

static void tend_pool(apns_pool_t *p, int64_t now)
{
    wake_delayed(p, now);
    expire_queued(p, now);
    for (int i = 0; i < p->nconns; i++) {
        apns_conn_t *c = &p->conns[i];
        if (c->state == C_READY && c->goaway && c->active == 0)
            apns_conn_close(c, "GOAWAY and idle", now);
        if (c->state == C_IDLE && (p->qhead || p->delayed) && now >= c->retry_at_ms)
            apns_conn_start(c, now);
        if (c->state == C_READY) {
            cancel_slow(c, now);
            fill_conn(c);
            apns_conn_flush(c);
        }
    }
    const char *pl[] = {p->t->type};
    pl_metrics_set(push_stats.queue_depth, pl, (double)p->qlen);
}

static void fail_list(push_job_t *job, const char *reason)
{
    while (job) {
        push_job_t *next = job->next;
        push_job_finish_ex(job, PL_PUSH_FAIL, reason, "handed back: the proxy is stopping", 1000, 0);
        job = next;
    }
}

static void drain_all(void)
{
    fail_list(push_queue_take_all(&inbox), drain_reason);
    for (int i = 0; i < npools; i++) {
        apns_pool_t *p = &pools[i];
        fail_list(p->qhead, drain_reason);
        fail_list(p->delayed, drain_reason);
        p->qhead = p->qtail = p->delayed = NULL;
        p->qlen = 0;
        for (int k = 0; k < p->nconns; k++)
            for (apns_stream_t *s = p->conns[k].streams; s; s = s->next)
                if (s->job) {
                    push_job_t *job = s->job;
                    s->job = NULL;
                    job->next = NULL;
                    fail_list(job, drain_reason);
                }
    }
}

static int collect_fds(struct pollfd *fds, apns_conn_t **who)
{
    int n = 0;
    fds[n++] = (struct pollfd){inbox.efd, POLLIN, 0};
    for (int i = 0; i < npools; i++)
        for (int k = 0; k < pools[i].nconns && n < MAX_POLL; k++) {
            apns_conn_t *c = &pools[i].conns[k];
            short ev = apns_conn_events(c);
            if (ev) {
                who[n] = c;
                fds[n++] = (struct pollfd){c->fd, ev, 0};
            }
        }
    return n;
}

static void *run(void *arg)
{
    (void)arg;
    struct pollfd fds[MAX_POLL];
    apns_conn_t *who[MAX_POLL];
    while (!atomic_load(&quit)) {
        int n = collect_fds(fds, who);
        poll(fds, (nfds_t)n, 20);
        int64_t now = pl_time_mono_ms();
        for (int i = 1; i < n; i++)
            if (fds[i].revents)
                apns_conn_io(who[i], fds[i].revents, now);
        take_inbox(now);
        if (atomic_load(&draining))
            drain_all();
        for (int i = 0; i < npools; i++)
            tend_pool(&pools[i], now);
    }
    return NULL;
}

int push_apns_start(const push_config_t *c)
{
    cfg = c;
    if (push_queue_init(&inbox) != PL_OK)
        return PL_ERR;
    for (int i = 0; i < c->ntargets; i++)
        if (c->targets[i].kind == PUSH_KIND_APPLE)
            pool_init(&pools[npools++], &c->targets[i]);
    return pthread_create(&thread, NULL, run, NULL) == 0 ? PL_OK : PL_ERR;
}

void push_apns_submit(push_job_t *job)
{
    push_queue_put(&inbox, job);
}

void push_apns_drain(const char *reason)
{
    snprintf(drain_reason, sizeof(drain_reason), "%s", reason);
    atomic_store(&draining, 1);
}

void push_apns_stop(void)
{
    if (cfg == NULL)
        return;
    atomic_store(&quit, 1);
    pthread_join(thread, NULL);
    snprintf(drain_reason, sizeof(drain_reason), "shutting_down");
    drain_all();
    for (int i = 0; i < npools; i++) {
        apns_pool_t *p = &pools[i];
        for (int k = 0; k < p->nconns; k++)
            apns_conn_close(&p->conns[k], "stopping", pl_time_mono_ms());
        free(p->conns);
        SSL_CTX_free(p->ssl_ctx);
        push_jwt_free_key(p->key);
    }
    npools = 0;
    push_queue_dispose(&inbox);
    cfg = NULL;
}
