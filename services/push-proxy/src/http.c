#include "push.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define H2O_USE_LIBUV 0
#include <h2o.h>

#include "parley/err.h"
#include "parley/id.h"
#include "parley/log.h"
#include "parley/time.h"

/*
 * HTTP intake compatible with mattermost-push-proxy: POST /api/v1/send_push, POST /api/v1/ack,
 * GET /version, GET /metrics, GET /. Runs the h2o event loop on the calling thread; a push answer
 * comes back from a sender thread through an h2o multithread queue.
 */

#define MAX_BODY (256 * 1024)

typedef struct pending pending_t;
typedef struct {
    pending_t *p;
} guard_t;

struct pending {
    h2o_multithread_message_t msg;
    h2o_req_t *req;
    guard_t *guard;
    push_job_t *job;
    int64_t started_ms;
};

static h2o_globalconf_t globalconf;
static h2o_context_t hctx;
static h2o_accept_ctx_t accept_ctx;
static h2o_multithread_receiver_t receiver;
static h2o_socket_t *listener;
static push_throttle_t *throttle;
static char vary_headers[8][64];
static int nvary;

static void respond(h2o_req_t *req, int status, const char *ctype, const char *body, size_t len)
{
    req->res.status = status;
    req->res.reason = status == 200 ? "OK" : status == 429 ? "Too Many Requests" : status == 404 ? "Not Found" : "Error";
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, ctype, strlen(ctype));
    h2o_send_inline(req, body, len);
}

static void respond_ack(h2o_req_t *req, const pl_push_ack_t *ack)
{
    pl_buf_t b;
    pl_buf_init(&b, 4096);
    pl_push_ack_encode_http(ack, &b);
    pl_buf_puts(&b, "\n");
    respond(req, 200, "application/json", b.data, b.len);
    pl_buf_dispose(&b);
}

static void respond_fail(h2o_req_t *req, const char *error)
{
    pl_push_ack_t ack;
    pl_push_ack_set(&ack, PL_PUSH_FAIL, NULL, error);
    pl_metrics_add(push_stats.bad_request, NULL, 1);
    respond_ack(req, &ack);
}

static void guard_dispose(void *p)
{
    guard_t *g = p;
    if (g->p != NULL)
        g->p->req = NULL; /* the client went away: answer nobody */
}

static void on_answers(h2o_multithread_receiver_t *r, h2o_linklist_t *messages)
{
    (void)r;
    while (!h2o_linklist_is_empty(messages)) {
        pending_t *p = H2O_STRUCT_FROM_MEMBER(pending_t, msg.link, messages->next);
        h2o_linklist_unlink(&p->msg.link);
        if (p->req != NULL) {
            p->guard->p = NULL;
            pl_metrics_observe(push_stats.request_duration, NULL, (pl_time_mono_ms() - p->started_ms) / 1000.0);
            respond_ack(p->req, &p->job->ack);
        }
        push_job_destroy(p->job);
        free(p);
    }
}

static void job_done(push_job_t *job)
{
    pending_t *p = job->origin;
    h2o_multithread_send_message(&receiver, &p->msg);
}

/* Cut s to at most max bytes without splitting a UTF-8 character (the original cuts bytes). */
static void shorten(char *s, size_t max)
{
    if (s == NULL || strlen(s) <= max)
        return;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    s[max] = '\0';
}

static void start_push(h2o_req_t *req, push_job_t *job)
{
    pending_t *p = calloc(1, sizeof(*p));
    if (p == NULL) {
        push_job_destroy(job);
        return respond_fail(req, "out of memory");
    }
    p->req = req;
    p->job = job;
    p->started_ms = pl_time_mono_ms();
    p->guard = h2o_mem_alloc_shared(&req->pool, sizeof(guard_t), guard_dispose);
    p->guard->p = p;
    job->source = PUSH_SRC_HTTP;
    job->origin = p;
    job->done = job_done;
    push_dispatch_submit(job);
}

static void send_push(h2o_req_t *req)
{
    char err[300], text[400];
    push_job_t *job = push_job_create();
    if (job == NULL)
        return respond_fail(req, "out of memory");
    pl_id_new(job->msg_id);
    if (pl_push_job_decode(req->entity.base, req->entity.len, false, &job->n, err, sizeof(err)) != PL_OK) {
        snprintf(text, sizeof(text), "Failed to read message body: %s", err);
        push_job_destroy(job);
        return respond_fail(req, text);
    }
    push_job_split_device_id(job);
    if (pl_push_job_validate(&job->n, err, sizeof(err)) != PL_OK) {
        push_job_destroy(job);
        return respond_fail(req, err);
    }
    if (job->n.message && strlen(job->n.message) > 2047)
        shorten(job->n.message, 2046);
    shorten(job->n.channel_name, 64);
    start_push(req, job);
}

static void send_ack_receipt(h2o_req_t *req)
{
    json_error_t jerr;
    char text[300];
    json_t *o = json_loadb(req->entity.base, req->entity.len, 0, &jerr);
    const char *id = json_string_value(json_object_get(o, "id"));
    const char *platform = json_string_value(json_object_get(o, "platform"));
    const char *type = json_string_value(json_object_get(o, "type"));
    if (!json_is_object(o)) {
        snprintf(text, sizeof(text), "Failed to read ack body: %s", o ? "not a JSON object" : jerr.text);
        respond_fail(req, text);
    } else if (id == NULL || id[0] == '\0') {
        respond_fail(req, "Failed because of missing ack Id");
    } else if (platform == NULL || platform[0] == '\0') {
        respond_fail(req, "Failed because of missing ack platform");
    } else if (type == NULL || type[0] == '\0') {
        respond_fail(req, "Failed because of missing ack type");
    } else {
        const char *lv[] = {platform, type};
        pl_metrics_add(push_stats.delivered, lv, 1);
        PL_LOG_DEBUG("Acknowledged delivery receipt", "ack_id", id);
        respond(req, 200, "application/json", "{\"status\":\"OK\"}\n", 16);
    }
    json_decref(o);
}

static void send_metrics(h2o_req_t *req)
{
    pl_buf_t b;
    pl_buf_init(&b, 16 * 1024 * 1024);
    pl_metrics_render(push_stats.reg, &b);
    respond(req, 200, "text/plain; version=0.0.4", b.data ? b.data : "", b.len);
    pl_buf_dispose(&b);
}

static void throttle_key(h2o_req_t *req, char *key, size_t n)
{
    size_t o = 0;
    key[0] = '\0';
    for (int i = 0; i < nvary; i++) {
        ssize_t at = h2o_find_header_by_str(&req->headers, vary_headers[i], strlen(vary_headers[i]), -1);
        if (at < 0)
            continue;
        h2o_iovec_t v = req->headers.entries[at].value;
        int w = snprintf(key + o, n - o, "%.*s\n", (int)v.len, v.base);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
}

static int is_path(h2o_req_t *req, const char *path)
{
    return h2o_memis(req->path_normalized.base, req->path_normalized.len, path, strlen(path));
}

static int method_is(h2o_req_t *req, const char *m)
{
    return h2o_memis(req->method.base, req->method.len, m, strlen(m));
}

static int route(h2o_req_t *req)
{
    if (is_path(req, "/api/v1/send_push") && method_is(req, "POST"))
        send_push(req);
    else if (is_path(req, "/api/v1/ack") && method_is(req, "POST"))
        send_ack_receipt(req);
    else if (is_path(req, "/version") && method_is(req, "GET")) {
        const char *v = "{\"version\":\"" PARLEY_VERSION "\",\"service\":\"parley-push-proxy\"}\n";
        respond(req, 200, "application/json", v, strlen(v));
    } else if (is_path(req, "/metrics") && method_is(req, "GET") && push_cfg->enable_metrics)
        send_metrics(req);
    else if (is_path(req, "/") && method_is(req, "GET"))
        respond(req, 200, "text/html", "<html><body>Mattermost Push Proxy</body></html>", 47);
    else
        respond(req, 404, "text/plain", "404 page not found\n", 19);
    return 0;
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
    (void)self;
    char key[1024];
    throttle_key(req, key, sizeof(key));
    if (!push_throttle_allow(throttle, key, pl_time_mono_ms())) {
        pl_metrics_add(push_stats.throttled, NULL, 1);
        PL_LOG_WARN("throttled", "path", "send_push", "code", "429");
        respond(req, 429, "text/plain", "limit exceeded\n", 15);
        return 0;
    }
    return route(req);
}

static void on_accept(h2o_socket_t *sock, const char *err)
{
    if (err != NULL)
        return;
    for (int i = 0; i < 64; i++) {
        h2o_socket_t *s = h2o_evloop_socket_accept(sock);
        if (s == NULL)
            break;
        h2o_accept(&accept_ctx, s);
    }
}

static int parse_listen(const char *addr, struct sockaddr_in *sin)
{
    const char *colon = strrchr(addr, ':');
    char host[128];
    size_t hl = (size_t)(colon - addr);
    long port = strtol(colon + 1, NULL, 10);
    if (hl >= sizeof(host) || port < 0 || port > 65535)
        return PL_EINVAL;
    memcpy(host, addr, hl);
    host[hl] = '\0';
    memset(sin, 0, sizeof(*sin));
    sin->sin_family = AF_INET;
    sin->sin_port = htons((uint16_t)port);
    if (hl == 0 || strcmp(host, "0.0.0.0") == 0)
        sin->sin_addr.s_addr = htonl(INADDR_ANY);
    else if (strcmp(host, "localhost") == 0)
        sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
        return PL_EINVAL;
    return PL_OK;
}

static int open_listener(const char *addr)
{
    struct sockaddr_in sin;
    int one = 1;
    if (parse_listen(addr, &sin) != PL_OK) {
        PL_LOG_ERROR("bad ListenAddress", "key", "ListenAddress", "value", addr);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 || listen(fd, 1024) != 0) {
        PL_LOG_ERROR("cannot listen", "address", addr, "error", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static void parse_vary(const char *spec)
{
    const char *p = spec ? spec : "";
    nvary = 0;
    while (*p && nvary < 8) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \t");
        if (n > 0 && n < sizeof(vary_headers[0])) {
            for (size_t i = 0; i < n; i++) /* h2o keeps header names in lower case */
                vary_headers[nvary][i] = (char)tolower((unsigned char)p[i]);
            vary_headers[nvary++][n] = '\0';
        }
        p += n;
    }
}

static void setup(h2o_evloop_t *loop, const push_config_t *cfg)
{
    h2o_config_init(&globalconf);
    globalconf.max_request_entity_size = MAX_BODY;
    h2o_hostconf_t *host = h2o_config_register_host(&globalconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
    h2o_handler_t *h = h2o_create_handler(path, sizeof(*h));
    h->on_req = on_req;
    h2o_context_init(&hctx, loop, &globalconf);
    accept_ctx.ctx = &hctx;
    accept_ctx.hosts = globalconf.hosts;
    h2o_multithread_queue_t *q = h2o_multithread_create_queue(loop);
    h2o_multithread_register_receiver(q, &receiver, on_answers);
    throttle = push_throttle_create(cfg->throttle_per_sec, cfg->throttle_store_size);
    parse_vary(cfg->throttle_vary_by_header);
}

static void spin(h2o_evloop_t *loop, int64_t until_ms, int wait_idle)
{
    while (pl_time_mono_ms() < until_ms) {
        h2o_evloop_run(loop, 50);
        if (wait_idle && push_dispatch_inflight() == 0)
            break;
    }
}

/* Graceful stop: no new work, let in-flight pushes finish, then hand the rest back. */
static void shut_down(h2o_evloop_t *loop, const push_config_t *cfg)
{
    PL_LOG_INFO("shutting down", "in_flight", "see parley_push_queue_depth");
    h2o_socket_read_stop(listener);
    h2o_socket_close(listener);
    push_zmq_stop_reading();
    spin(loop, pl_time_mono_ms() + cfg->shutdown_timeout_sec * 1000, 1);
    push_apns_drain("shutting_down");
    push_fcm_drain("shutting_down");
    spin(loop, pl_time_mono_ms() + 3000, 1);
    spin(loop, pl_time_mono_ms() + 100, 0);
}

int push_http_run(const push_config_t *cfg, volatile int *stop)
{
    h2o_evloop_t *loop = h2o_evloop_create();
    int fd = open_listener(cfg->listen_address);
    if (fd < 0)
        return PL_EIO;
    setup(loop, cfg);
    listener = h2o_evloop_socket_create(loop, fd, H2O_SOCKET_FLAG_DONT_READ);
    h2o_socket_read_start(listener, on_accept);
    PL_LOG_INFO("HTTP intake listening", "address", cfg->listen_address);
    while (!*stop)
        h2o_evloop_run(loop, 100);
    shut_down(loop, cfg);
    push_throttle_destroy(throttle);
    return PL_OK;
}
