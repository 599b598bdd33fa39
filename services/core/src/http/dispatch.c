#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "http/internal.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"

/*
 * The dispatcher: every request enters on_req on its loop thread. The context (http_ctx_t) is
 * heap memory with its own pool because a worker may still use it after h2o disposed the
 * request (client gone). Ownership, decided on the loop thread only, so no atomics:
 *  - state CTX_ON_LOOP: the context dies with the h2o request (on_req_dispose frees it);
 *  - state CTX_ON_WORKER: on_req_dispose only marks req_gone; job_done (back on the loop)
 *    frees the context if req_gone, else sends the response and returns to CTX_ON_LOOP.
 */

static void on_req_dispose(void *p);
static void ctx_free(http_ctx_t *ctx);
static void handoff(http_ctx_t *ctx, http_handler_fn fn);
static void job_run(http_job_t *job, struct pg_conn *db);
static void job_done(http_job_t *job);
static int run_handler(http_ctx_t *ctx, http_handler_fn fn);
static void after_handler(http_ctx_t *ctx, int rc);

static http_ctx_t *ctx_create(h2o_req_t *req, http_loop_t *loop)
{
    http_ctx_t *ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        abort();
    http_request_t *r = &ctx->r;
    h2o_mem_init_pool(&r->pool);
    r->_internal = ctx;
    r->req = req;
    r->loop = loop;
    r->start_mono_ns = http_mono_ns();
    ctx->live_req = req;
    pl_id_new(r->request_id);
    http_ctx_t **link = h2o_mem_alloc_shared(&req->pool, sizeof(*link), on_req_dispose);
    *link = ctx;
    loop->inflight++;
    atomic_fetch_add(&http_g.inflight, 1);

    size_t plen = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
    r->method = h2o_iovec_init(http_request_strdup(r, req->method.base, req->method.len), req->method.len);
    r->path = h2o_iovec_init(http_request_strdup(r, req->path.base, plen), plen);
    if (req->query_at != SIZE_MAX) {
        size_t qlen = req->path.len - plen - 1;
        r->query = h2o_iovec_init(http_request_strdup(r, req->path.base + plen + 1, qlen), qlen);
    } else {
        r->query = h2o_iovec_init("", 0);
    }
    return ctx;
}

static void ctx_free(http_ctx_t *ctx)
{
    ctx->r.loop->inflight--;
    atomic_fetch_sub(&http_g.inflight, 1);
    h2o_mem_clear_pool(&ctx->r.pool);
    free(ctx);
}

static void on_req_dispose(void *p)
{
    http_ctx_t *ctx = *(http_ctx_t **)p;
    if (ctx->state == CTX_ON_WORKER) {
        ctx->req_gone = 1;
        ctx->live_req = NULL;
        ctx->r.req = NULL;
        return;
    }
    ctx_free(ctx);
}

/* Headers as views into the h2o request (enough while on the loop). */
static void view_headers(http_request_t *r, h2o_req_t *req)
{
    r->nheaders = req->headers.size;
    r->headers = http_request_alloc(r, (r->nheaders ? r->nheaders : 1) * sizeof(*r->headers));
    for (size_t i = 0; i < r->nheaders; i++) {
        r->headers[i].name = *req->headers.entries[i].name;
        r->headers[i].value = req->headers.entries[i].value;
    }
    if (req->entity.base != NULL)
        r->body = req->entity;
    else
        r->body = h2o_iovec_init("", 0);
}

/* Copy headers and body into r->pool so they survive the h2o request (before a hand-off). */
static void deep_copy(http_ctx_t *ctx)
{
    http_request_t *r = &ctx->r;
    if (ctx->deep_copied)
        return;
    ctx->deep_copied = 1;
    for (size_t i = 0; i < r->nheaders; i++) {
        http_kv_t *h = &r->headers[i];
        h->name.base = http_request_strdup(r, h->name.base, h->name.len);
        h->value.base = http_request_strdup(r, h->value.base, h->value.len);
    }
    r->body.base = http_request_strdup(r, r->body.base, r->body.len);
}

static void peer_address(http_request_t *r, h2o_req_t *req)
{
    struct sockaddr_storage ss;
    socklen_t sl = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    if (sl == 0)
        return;
    char buf[NI_MAXHOST];
    size_t n = h2o_socket_getnumerichost((struct sockaddr *)&ss, sl, buf);
    if (n == SIZE_MAX || n >= sizeof(r->remote_addr))
        return;
    memcpy(r->remote_addr, buf, n);
    r->remote_addr[n] = '\0';
}

static void set_params(http_request_t *r, const http_match_t *m)
{
    r->nparams = m->nparams;
    for (size_t i = 0; i < m->nparams; i++) {
        const http_match_param_t *p = &m->params[i];
        r->params[i].name = h2o_iovec_init(http_request_strdup(r, p->name, p->name_len), p->name_len);
        char *v = http_request_decode_component(r, p->value, p->len);
        r->params[i].value = h2o_iovec_init(v, strlen(v));
    }
}

static void send_now(http_ctx_t *ctx)
{
    http_send_response(&ctx->r, ctx->live_req);
}

/* Route, check the body cap, then run on the loop or hand off. @return 0 (always handled). */
static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
    (void)self;
    http_loop_t *loop = http_loop_current();
    http_ctx_t *ctx = ctx_create(req, loop);
    http_request_t *r = &ctx->r;
    http_match_t m;

    view_headers(r, req);
    if (http_g.cfg.max_url > 0 && req->path.len > http_g.cfg.max_url) {
        http_respond_error(r, 414, "basic_security_check.url.too_long_error", "%zu > %zu", req->path.len, http_g.cfg.max_url);
        send_now(ctx);
        return 0;
    }
    int rc = http_router_match(http_g.router, r->method.base, r->method.len, r->path.base, r->path.len, &m);
    if (rc == HTTP_MATCH_NOT_FOUND) {
        http_respond_error(r, 404, "api.context.404.app_error", "%s", r->path.base);
        send_now(ctx);
        return 0;
    }
    if (rc == HTTP_MATCH_BAD_METHOD) {
        http_respond_error(r, 405, "api.context.405.app_error", "%s %s", r->method.base, r->path.base);
        http_response_header_add(r, "Allow", m.allow);
        send_now(ctx);
        return 0;
    }
    r->route = m.route;
    size_t cap = m.route->max_body ? m.route->max_body : http_g.cfg.max_body;
    if (r->body.len > cap) {
        http_respond_error(r, 413, "api.context.request_body_too_large.app_error", "%zu > %zu", r->body.len, cap);
        send_now(ctx);
        return 0;
    }
    set_params(r, &m);
    peer_address(r, req);
    if (m.route->fast != NULL && m.route->fast(r) == 1) {
        send_now(ctx);
        return 0;
    }
    if ((m.route->flags & HTTP_ROUTE_ON_LOOP) == 0) {
        handoff(ctx, m.route->handler);
        return 0;
    }
    if (r->body.len > 0)
        deep_copy(ctx); /* handlers may rely on a NUL-terminated body */
    after_handler(ctx, run_handler(ctx, m.route->handler));
    return 0;
}

/* On the loop, after a handler (or a continuation) returned rc. */
static void after_handler(http_ctx_t *ctx, int rc)
{
    if (rc == HTTP_TAKEN)
        return;
    if (ctx->on_worker != NULL) {
        http_handler_fn fn = ctx->on_worker;
        ctx->on_worker = NULL;
        handoff(ctx, fn);
        return;
    }
    send_now(ctx);
}

/* The route's auth kind (authenticator, 401 without a session), then the handler (for api/route.h
 * rows: decode, permission, app call, encode). Runs on the loop or a worker. */
static int run_handler(http_ctx_t *ctx, http_handler_fn fn)
{
    http_request_t *r = &ctx->r;
    http_route_auth_t kind = r->route->auth;
    if (kind != HTTP_ROUTE_AUTH_NONE && http_g.auth != NULL && !ctx->auth_done) {
        ctx->auth_done = 1;
        if (http_g.auth(r) != 0)
            return HTTP_DONE;
    }
    if ((kind == HTTP_ROUTE_AUTH_SESSION || kind == HTTP_ROUTE_AUTH_TRUSTED_REQUESTER) && r->session == NULL) {
        http_respond_error(r, 401, "api.context.session_expired.app_error", "no valid session");
        return HTTP_DONE;
    }
    int rc = fn(r);
    if (rc == HTTP_DONE && r->status == 0 && ctx->on_worker == NULL && ctx->cont == NULL)
        http_respond_error(r, 500, "api.context.internal.app_error", "handler %s gave no response", r->route->path);
    return rc;
}

static void handoff(http_ctx_t *ctx, http_handler_fn fn)
{
    http_request_t *r = &ctx->r;
    deep_copy(ctx);
    ctx->on_worker = fn;
    ctx->job.run = job_run;
    ctx->job.done = job_done;
    ctx->state = CTX_ON_WORKER;
    r->req = NULL;
    if (http_job_submit(&ctx->job) != PL_OK) {
        ctx->state = CTX_ON_LOOP;
        ctx->on_worker = NULL;
        r->req = ctx->live_req;
        if (atomic_load(&http_g.stopping))
            http_respond_error(r, 503, "api.context.shutting_down.app_error", NULL);
        else
            http_respond_error(r, 503, "api.context.server_busy.app_error", "worker queue full");
        send_now(ctx);
    }
}

static void job_run(http_job_t *job, struct pg_conn *db)
{
    http_ctx_t *ctx = H2O_STRUCT_FROM_MEMBER(http_ctx_t, job, job);
    http_handler_fn fn = ctx->on_worker;
    ctx->on_worker = NULL;
    ctx->r.db = db;
    if (db == NULL && ctx->r.route->auth != HTTP_ROUTE_AUTH_NONE)
        /* No connection, so no session can be checked: 503, never an anonymous 401 (which would log
         * the user out). Routes without authentication run and report the store's failure. */
        http_respond_error(&ctx->r, 503, "api.context.server_busy.app_error", "database unavailable");
    else
        run_handler(ctx, fn);
    ctx->r.db = NULL;
}

static void job_done(http_job_t *job)
{
    http_ctx_t *ctx = H2O_STRUCT_FROM_MEMBER(http_ctx_t, job, job);
    ctx->state = CTX_ON_LOOP;
    if (ctx->req_gone) {
        ctx_free(ctx);
        return;
    }
    ctx->r.req = ctx->live_req;
    if (ctx->cont != NULL) {
        http_handler_fn fn = ctx->cont;
        ctx->cont = NULL;
        after_handler(ctx, fn(&ctx->r));
        return;
    }
    send_now(ctx);
}

int http_dispatch_register(h2o_hostconf_t *hostconf)
{
    h2o_pathconf_t *pathconf = h2o_config_register_path(hostconf, "/", 0);
    h2o_handler_t *handler = h2o_create_handler(pathconf, sizeof(*handler));
    handler->on_req = on_req;
    http_send_register_error_filter(hostconf);
    return PL_OK;
}
