#include "push.h"

#include <curl/curl.h>
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
 * The FCM HTTP v1 sender: one thread driving a libcurl multi handle with HTTP/2 multiplexing.
 * Per Android target: an OAuth2 access token obtained with a service-account JWT (RS256) and
 * cached until 60 s before it expires; jobs wait for it, then go to messages:send.
 */

#define SCOPE "https://www.googleapis.com/auth/firebase.messaging"

typedef struct fcm_target {
    const push_target_t *t;
    void *key;
    char *client_email, *key_id, *project_id, *token_url, *send_url;
    char bearer[4200];
    int64_t token_expiry_ms, token_retry_ms, paused_until_ms;
    bool fetching;
    char error[256];
    push_job_t *waiting, *delayed;
} fcm_target_t;

typedef struct xfer {
    CURL *easy;
    struct curl_slist *headers;
    fcm_target_t *ft;
    push_job_t *job; /* NULL for the token request */
    pl_buf_t body, resp;
    long retry_after_s;
    int64_t started_ms;
    bool abandoned; /* its job was handed back at shutdown */
    struct xfer *prev, *next;
} xfer_t;

static xfer_t *xfers; /* every live transfer, for shutdown */

static fcm_target_t targets[PUSH_MAX_TARGETS];
static int ntargets;
static CURLM *multi;
static push_queue_t inbox;
static pthread_t thread;
static atomic_int quit, draining;
static const push_config_t *cfg;

/* ---- transfers ---- */

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    xfer_t *x = ud;
    pl_buf_append(&x->resp, p, sz * n); /* capped: the rest of a huge error body is dropped */
    return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    xfer_t *x = ud;
    if (sz * n > 12 && strncasecmp(p, "retry-after:", 12) == 0)
        x->retry_after_s = strtol(p + 12, NULL, 10);
    return sz * n;
}

static xfer_t *xfer_new(fcm_target_t *ft, push_job_t *job, const char *url)
{
    xfer_t *x = calloc(1, sizeof(*x));
    x->ft = ft;
    x->job = job;
    pl_buf_init(&x->body, 64 * 1024);
    pl_buf_init(&x->resp, 16 * 1024);
    x->easy = curl_easy_init();
    x->next = xfers;
    if (xfers)
        xfers->prev = x;
    xfers = x;
    x->started_ms = pl_time_mono_ms();
    CURL *e = x->easy;
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, x);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)cfg->retry_timeout_sec * 1000L);
    if (cfg->trusted_ca_file)
        curl_easy_setopt(e, CURLOPT_CAINFO, cfg->trusted_ca_file);
    return x;
}

static void xfer_free(xfer_t *x)
{
    if (x->prev)
        x->prev->next = x->next;
    else
        xfers = x->next;
    if (x->next)
        x->next->prev = x->prev;
    curl_multi_remove_handle(multi, x->easy);
    curl_easy_cleanup(x->easy);
    curl_slist_free_all(x->headers);
    pl_buf_dispose(&x->body);
    pl_buf_dispose(&x->resp);
    free(x);
}

static void xfer_post(xfer_t *x, const char *ctype)
{
    char h[64];
    snprintf(h, sizeof(h), "Content-Type: %s", ctype);
    x->headers = curl_slist_append(x->headers, h);
    curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
    curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->body.data ? x->body.data : "");
    curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE, (long)x->body.len);
    curl_multi_add_handle(multi, x->easy);
}

/* ---- OAuth2 ---- */

static void fetch_token(fcm_target_t *ft)
{
    char jwt[4096];
    if (push_jwt_rs256(ft->key, ft->key_id, ft->client_email, SCOPE, ft->token_url, time(NULL), jwt, sizeof(jwt)) != PL_OK) {
        snprintf(ft->error, sizeof(ft->error), "cannot sign the OAuth2 assertion");
        return;
    }
    xfer_t *x = xfer_new(ft, NULL, ft->token_url);
    pl_buf_appendf(&x->body, "grant_type=urn%%3Aietf%%3Aparams%%3Aoauth%%3Agrant-type%%3Ajwt-bearer&assertion=%s", jwt);
    ft->fetching = true;
    xfer_post(x, "application/x-www-form-urlencoded");
}

static bool token_ok(fcm_target_t *ft, int64_t now)
{
    return ft->bearer[0] && now < ft->token_expiry_ms;
}

static void fail_list(push_job_t *job, const char *reason, const char *error, int64_t retry_after)
{
    while (job) {
        push_job_t *next = job->next;
        push_job_finish_ex(job, PL_PUSH_FAIL, reason, error, retry_after, 0);
        job = next;
    }
}

static void token_done(xfer_t *x, long status, int64_t now)
{
    fcm_target_t *ft = x->ft;
    json_t *o = json_loadb(x->resp.data ? x->resp.data : "", x->resp.len, 0, NULL);
    const char *tok = json_string_value(json_object_get(o, "access_token"));
    json_int_t exp = json_integer_value(json_object_get(o, "expires_in"));
    ft->fetching = false;
    size_t tl = tok ? strlen(tok) : 0;
    if (status == 200 && tl > 0 && tl < sizeof(ft->bearer) - 32 && exp > 0) {
        snprintf(ft->bearer, sizeof(ft->bearer), "Authorization: Bearer %.*s", (int)tl, tok);
        ft->token_expiry_ms = now + (exp > 120 ? exp - 60 : exp / 2) * 1000;
        const char *pl[] = {ft->t->type};
        pl_metrics_add(push_stats.oauth_tokens, pl, 1);
    } else {
        PL_LOG_ERROR("OAuth2 token request failed", "target", ft->t->type, "status", status == 0 ? "transport" : "http");
        ft->token_retry_ms = now + 2000;
        push_job_t *w = ft->waiting;
        ft->waiting = NULL;
        fail_list(w, "oauth", "could not obtain an FCM access token", 2000);
    }
    json_decref(o);
}

/* ---- sends ---- */

static void send_job(fcm_target_t *ft, push_job_t *job)
{
    xfer_t *x = xfer_new(ft, job, ft->send_url);
    if (push_payload_fcm(job, &x->body) != PL_OK) {
        xfer_free(x);
        return push_job_finish(job, PL_PUSH_FAIL, "INVALID_ARGUMENT", "message too large for FCM");
    }
    job->attempts++;
    x->headers = curl_slist_append(x->headers, ft->bearer);
    xfer_post(x, "application/json");
}

static void park(fcm_target_t *ft, push_job_t *job)
{
    job->next = ft->waiting;
    ft->waiting = job;
}

static void delay(fcm_target_t *ft, push_job_t *job, int64_t at)
{
    job->not_before_ms = at;
    job->next = ft->delayed;
    ft->delayed = job;
}

static int64_t backoff_ms(int attempt, long retry_after_s)
{
    int64_t base = 500LL << (attempt > 6 ? 6 : attempt);
    unsigned r;
    pl_random_bytes(&r, sizeof(r));
    int64_t wait = base / 2 + (int64_t)(r % (unsigned)(base / 2 + 1));
    if (retry_after_s > 0 && retry_after_s * 1000 > wait)
        wait = retry_after_s * 1000;
    return wait;
}

static void retry_or_fail(fcm_target_t *ft, push_job_t *job, const char *reason, const char *error, int64_t wait, int64_t now)
{
    if (job->attempts <= cfg->fcm_max_retries && now + wait < job->deadline_ms && !atomic_load(&draining)) {
        const char *lv[] = {ft->t->type, reason};
        pl_metrics_add(push_stats.retries, lv, 1);
        return delay(ft, job, now + wait);
    }
    push_job_finish_ex(job, PL_PUSH_FAIL, reason, error, wait, 0);
}

static void error_code(const char *resp, size_t len, char *code, size_t n, char *msg, size_t mn)
{
    json_t *o = json_loadb(resp ? resp : "", len, 0, NULL);
    json_t *err = json_object_get(o, "error");
    const char *status = json_string_value(json_object_get(err, "status"));
    const char *m = json_string_value(json_object_get(err, "message"));
    snprintf(code, n, "%s", status ? status : "");
    snprintf(msg, mn, "%s", m ? m : "");
    json_t *details = json_object_get(err, "details"), *d;
    size_t i;
    json_array_foreach(details, i, d)
    {
        const char *ec = json_string_value(json_object_get(d, "errorCode"));
        if (ec != NULL)
            snprintf(code, n, "%s", ec);
    }
    json_decref(o);
}

static void send_done(xfer_t *x, CURLcode cc, long status, int64_t now)
{
    fcm_target_t *ft = x->ft;
    push_job_t *job = x->job;
    char code[64], msg[256], error[400];
    pl_metrics_observe(push_stats.fcm_duration, NULL, (now - x->started_ms) / 1000.0);
    if (cc != CURLE_OK)
        return retry_or_fail(ft, job, cc == CURLE_OPERATION_TIMEDOUT ? "timeout" : "transport", curl_easy_strerror(cc),
                             backoff_ms(job->attempts, 0), now);
    if (status == 200)
        return push_job_finish(job, PL_PUSH_OK, NULL, NULL);
    error_code(x->resp.data, x->resp.len, code, sizeof(code), msg, sizeof(msg));
    if (!code[0])
        snprintf(code, sizeof(code), "http_%ld", status);
    snprintf(error, sizeof(error), "FCM answered %ld %s: %s", status, code, msg);
    bool bad_token = strcmp(code, "INVALID_ARGUMENT") == 0 && strstr(msg, "registration token") != NULL;
    if (strcmp(code, "UNREGISTERED") == 0 || strcmp(code, "SENDER_ID_MISMATCH") == 0 || bad_token)
        return push_job_finish(job, PL_PUSH_REMOVE, bad_token ? "INVALID_TOKEN" : code, error);
    if (strcmp(code, "QUOTA_EXCEEDED") == 0 || status == 429) {
        int64_t wait = cfg->fcm_quota_backoff_sec * 1000 * (1LL << (job->attempts > 4 ? 4 : job->attempts - 1));
        ft->paused_until_ms = now + cfg->fcm_quota_backoff_sec * 1000;
        return retry_or_fail(ft, job, code, error, wait, now);
    }
    if (strcmp(code, "UNAVAILABLE") == 0 || strcmp(code, "INTERNAL") == 0 || status >= 500)
        return retry_or_fail(ft, job, code, error, backoff_ms(job->attempts, x->retry_after_s), now);
    if (status == 401 && job->attempts <= 1) {
        ft->bearer[0] = '\0'; /* token refused: fetch a new one and try again */
        return park(ft, job);
    }
    push_job_finish(job, PL_PUSH_FAIL, code, error);
}

static void harvest(int64_t now)
{
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(multi, &left)) != NULL) {
        if (m->msg != CURLMSG_DONE)
            continue;
        xfer_t *x;
        long status = 0;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &status);
        CURLcode cc = m->data.result;
        if (x->abandoned)
            ; /* answered already */
        else if (x->job == NULL)
            token_done(x, cc == CURLE_OK ? status : 0, now);
        else if (atomic_load(&draining))
            push_job_finish_ex(x->job, PL_PUSH_FAIL, "shutting_down", "handed back: the proxy is stopping", 1000, 0);
        else
            send_done(x, cc, status, now);
        xfer_free(x);
    }
}

/* ---- targets ---- */

static char *url_join(const char *base, const char *a, const char *b)
{
    size_t n = strlen(base) + strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%s%s%s", base, a, b);
    return s;
}

static void target_load(fcm_target_t *ft)
{
    json_error_t jerr;
    json_t *o = ft->t->service_file ? json_load_file(ft->t->service_file, 0, &jerr) : NULL;
    const char *pk = json_string_value(json_object_get(o, "private_key"));
    const char *email = json_string_value(json_object_get(o, "client_email"));
    const char *project = json_string_value(json_object_get(o, "project_id"));
    const char *uri = json_string_value(json_object_get(o, "token_uri"));
    const char *kid = json_string_value(json_object_get(o, "private_key_id"));
    if (pk == NULL || email == NULL || project == NULL || (ft->key = push_jwt_load_key_pem(pk)) == NULL) {
        snprintf(ft->error, sizeof(ft->error), "ServiceFileLocation %s: not a readable service-account JSON",
                 ft->t->service_file ? ft->t->service_file : "(unset)");
        PL_LOG_ERROR("Android push target not usable", "type", ft->t->type, "error", ft->error);
    } else {
        ft->client_email = strdup(email);
        ft->key_id = strdup(kid ? kid : "");
        ft->project_id = strdup(project);
        ft->token_url = strdup(cfg->oauth_token_url ? cfg->oauth_token_url : uri ? uri : "https://oauth2.googleapis.com/token");
        char *proj = url_join("/v1/projects/", project, "/messages:send");
        ft->send_url = url_join(cfg->fcm_base_url, proj, "");
        free(proj);
    }
    json_decref(o);
}

static fcm_target_t *target_of(const push_target_t *t)
{
    for (int i = 0; i < ntargets; i++)
        if (targets[i].t == t)
            return &targets[i];
    return NULL;
}

/* ---- loop ---- */

static void take_inbox(void)
{
    push_job_t *job = push_queue_take_all(&inbox);
    while (job) {
        push_job_t *next = job->next;
        fcm_target_t *ft = target_of(job->target);
        if (ft == NULL || ft->error[0])
            push_job_finish(job, PL_PUSH_FAIL, "not_configured", ft ? ft->error : "no such Android target");
        else
            park(ft, job);
        job = next;
    }
}

static void tend(fcm_target_t *ft, int64_t now)
{
    for (push_job_t **pp = &ft->delayed; *pp;) {
        push_job_t *job = *pp;
        if (job->not_before_ms <= now) {
            *pp = job->next;
            park(ft, job);
        } else {
            pp = &job->next;
        }
    }
    if (ft->waiting == NULL || now < ft->paused_until_ms)
        return;
    if (!token_ok(ft, now)) {
        if (!ft->fetching && now >= ft->token_retry_ms)
            fetch_token(ft);
        return;
    }
    push_job_t *job = ft->waiting;
    ft->waiting = NULL;
    while (job) {
        push_job_t *next = job->next;
        if (job->deadline_ms <= now)
            push_job_finish_ex(job, PL_PUSH_FAIL, "timeout", "not delivered within SendTimeoutSec", 1000, 0);
        else
            send_job(ft, job);
        job = next;
    }
}

static void drain_all(void)
{
    for (xfer_t *x = xfers; x; x = x->next)
        if (x->job != NULL) { /* in flight past the grace period: hand it back now */
            push_job_finish_ex(x->job, PL_PUSH_FAIL, "shutting_down", "handed back: the proxy is stopping", 1000, 0);
            x->job = NULL;
            x->abandoned = true;
        }
    fail_list(push_queue_take_all(&inbox), "shutting_down", "handed back: the proxy is stopping", 1000);
    for (int i = 0; i < ntargets; i++) {
        fail_list(targets[i].waiting, "shutting_down", "handed back: the proxy is stopping", 1000);
        fail_list(targets[i].delayed, "shutting_down", "handed back: the proxy is stopping", 1000);
        targets[i].waiting = targets[i].delayed = NULL;
    }
}

static void *run(void *arg)
{
    (void)arg;
    int running;
    while (!atomic_load(&quit)) {
        struct curl_waitfd w = {inbox.efd, CURL_WAIT_POLLIN, 0};
        curl_multi_poll(multi, &w, 1, 50, NULL);
        curl_multi_perform(multi, &running);
        int64_t now = pl_time_mono_ms();
        harvest(now);
        take_inbox();
        if (atomic_load(&draining))
            drain_all();
        for (int i = 0; i < ntargets; i++)
            tend(&targets[i], now);
        curl_multi_perform(multi, &running);
    }
    return NULL;
}

int push_fcm_start(const push_config_t *c)
{
    cfg = c;
    if (push_queue_init(&inbox) != PL_OK)
        return PL_ERR;
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 4L);
    for (int i = 0; i < c->ntargets; i++)
        if (c->targets[i].kind == PUSH_KIND_ANDROID) {
            targets[ntargets].t = &c->targets[i];
            target_load(&targets[ntargets++]);
        }
    return pthread_create(&thread, NULL, run, NULL) == 0 ? PL_OK : PL_ERR;
}

void push_fcm_submit(push_job_t *job)
{
    push_queue_put(&inbox, job);
}

void push_fcm_drain(const char *reason)
{
    (void)reason;
    atomic_store(&draining, 1);
}

void push_fcm_stop(void)
{
    if (cfg == NULL)
        return;
    atomic_store(&quit, 1);
    curl_multi_wakeup(multi);
    pthread_join(thread, NULL);
    atomic_store(&draining, 1);
    harvest(pl_time_mono_ms());
    drain_all();
    while (xfers) {
        xfer_t *x = xfers;
        if (x->job)
            push_job_finish_ex(x->job, PL_PUSH_FAIL, "shutting_down", "handed back: the proxy is stopping", 1000, 0);
        xfer_free(x);
    }
    curl_multi_cleanup(multi);
    for (int i = 0; i < ntargets; i++) {
        fcm_target_t *ft = &targets[i];
        push_jwt_free_key(ft->key);
        free(ft->client_email);
        free(ft->key_id);
        free(ft->project_id);
        free(ft->token_url);
        free(ft->send_url);
    }
    ntargets = 0;
    push_queue_dispose(&inbox);
    cfg = NULL;
}
