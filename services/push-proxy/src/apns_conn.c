#include "apns.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"
#include "resolve.h"

/* One persistent HTTP/2-over-TLS connection to APNs: non-blocking connect, TLS (ALPN h2), nghttp2. */

static void stream_unlink(apns_conn_t *c, apns_stream_t *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        c->streams = s->next;
    if (s->next)
        s->next->prev = s->prev;
    c->active--;
}

static void stream_free(apns_stream_t *s)
{
    pl_buf_dispose(&s->body);
    free(s);
}

static int on_header(nghttp2_session *h2, const nghttp2_frame *f, const uint8_t *name, size_t namelen, const uint8_t *value,
                     size_t valuelen, uint8_t flags, void *ud)
{
    (void)flags;
    (void)ud;
    apns_stream_t *s = nghttp2_session_get_stream_user_data(h2, f->hd.stream_id);
    if (s != NULL && namelen == 7 && memcmp(name, ":status", 7) == 0 && valuelen == 3)
        s->status = atoi((const char *)value);
    return 0;
}

static int on_data(nghttp2_session *h2, uint8_t flags, int32_t sid, const uint8_t *data, size_t len, void *ud)
{
    (void)flags;
    (void)ud;
    apns_stream_t *s = nghttp2_session_get_stream_user_data(h2, sid);
    if (s != NULL && s->resp_len + len < sizeof(s->resp)) {
        memcpy(s->resp + s->resp_len, data, len);
        s->resp_len += len;
    }
    return 0;
}

static int on_close(nghttp2_session *h2, int32_t sid, uint32_t error_code, void *ud)
{
    apns_conn_t *c = ud;
    apns_stream_t *s = nghttp2_session_get_stream_user_data(h2, sid);
    if (s == NULL || c->dead)
        return 0;
    stream_unlink(c, s);
    int64_t now = pl_time_mono_ms();
    if (s->status != 0 && error_code == NGHTTP2_NO_ERROR) {
        if (!c->got_reply) {
            c->got_reply = true; /* APNs lifts the one-stream limit after a first valid request */
            c->max_streams = nghttp2_session_get_remote_settings(h2, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
        }
        apns_on_response(s, now);
    } else {
        apns_on_stream_lost(s, error_code, now);
    }
    stream_free(s);
    return 0;
}

static int on_frame(nghttp2_session *h2, const nghttp2_frame *f, void *ud)
{
    apns_conn_t *c = ud;
    if (f->hd.type == NGHTTP2_SETTINGS && c->got_reply)
        c->max_streams = nghttp2_session_get_remote_settings(h2, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
    if (f->hd.type == NGHTTP2_GOAWAY) {
        c->goaway = true;
        PL_LOG_INFO("APNs sent GOAWAY", "target", c->pool->t->type);
    }
    return 0;
}

static ssize_t read_body(nghttp2_session *h2, int32_t sid, uint8_t *buf, size_t len, uint32_t *flags, nghttp2_data_source *src,
                         void *ud)
{
    (void)h2;
    (void)sid;
    (void)ud;
    apns_stream_t *s = src->ptr;
    size_t n = s->body.len - s->off;
    if (n > len)
        n = len;
    memcpy(buf, s->body.data + s->off, n);
    s->off += n;
    if (s->off == s->body.len)
        *flags |= NGHTTP2_DATA_FLAG_EOF;
    return (ssize_t)n;
}

static int make_session(apns_conn_t *c)
{
    nghttp2_session_callbacks *cb;
    nghttp2_session_callbacks_new(&cb);
    nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
    nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_close);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame);
    int rc = nghttp2_session_client_new(&c->h2, cb, c);
    nghttp2_session_callbacks_del(cb);
    if (rc != 0)
        return PL_ERR;
    nghttp2_settings_entry iv[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0}, {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20}};
    nghttp2_submit_settings(c->h2, NGHTTP2_FLAG_NONE, iv, 2);
    nghttp2_session_set_local_window_size(c->h2, NGHTTP2_FLAG_NONE, 0, 1 << 24);
    c->max_streams = 1; /* until the first reply */
    c->got_reply = false;
    c->goaway = false;
    return PL_OK;
}

/* Connect (non-blocking) to the next address that takes a connect(2), with a fresh TLS client. @return 0 or -1. */
static int connect_next(apns_conn_t *c)
{
    int one = 1;
    while (c->next_addr != NULL) {
        struct addrinfo *ai = c->next_addr;
        c->next_addr = ai->ai_next;
        int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            continue;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
            close(fd);
            continue;
        }
        c->fd = fd;
        c->ssl = SSL_new(c->pool->ssl_ctx);
        SSL_set_fd(c->ssl, c->fd);
        SSL_set_tlsext_host_name(c->ssl, c->pool->host);
        SSL_set1_host(c->ssl, c->pool->host);
        SSL_set_connect_state(c->ssl);
        c->state = C_CONNECTING;
        return 0;
    }
    return -1;
}

/* Before the connection is ready: drop this address's socket and go on with the next. @return 0 or -1. */
static int try_next_address(apns_conn_t *c)
{
    if (c->state == C_READY || c->next_addr == NULL)
        return -1;
    PL_LOG_DEBUG("APNs address failed, trying the next one", "target", c->pool->t->type, "host", c->pool->host);
    if (c->ssl)
        SSL_free(c->ssl);
    c->ssl = NULL;
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    return connect_next(c);
}

static void forget_addresses(apns_conn_t *c)
{
    if (c->addrs != NULL)
        freeaddrinfo(c->addrs);
    c->addrs = c->next_addr = NULL;
}

/* The resolver's answer is in: connect to its addresses in order. @return 0 or -1. */
static int on_resolved(apns_conn_t *c)
{
    char b;
    ssize_t r = read(c->fd, &b, 1);
    struct addrinfo *res = NULL;
    (void)r;
    int rc = push_resolve_take(c->resolve, &res);
    push_resolve_release(c->resolve); /* closes c->fd, its pipe */
    c->resolve = NULL;
    c->fd = -1;
    if (rc != 0) {
        PL_LOG_WARN("cannot resolve the APNs host", "target", c->pool->t->type, "host", c->pool->host, "error", gai_strerror(rc));
        return -1;
    }
    c->addrs = c->next_addr = res;
    return connect_next(c);
}

static void schedule_retry(apns_conn_t *c, int64_t now_ms)
{
    c->backoff_ms = c->backoff_ms ? (c->backoff_ms * 2 > 2000 ? 2000 : c->backoff_ms * 2) : 100;
    c->retry_at_ms = now_ms + c->backoff_ms;
}

/* Resolution runs off the loop (resolve.c); apns_conn_io goes on when its fd is readable. */
void apns_conn_start(apns_conn_t *c, int64_t now_ms)
{
    c->resolve = push_resolve_start(c->pool->host, c->pool->port, &c->fd);
    if (c->resolve == NULL) {
        c->fd = -1;
        schedule_retry(c, now_ms);
        return;
    }
    c->state = C_RESOLVING;
    c->wlen = c->woff = 0;
    c->dead = false;
}

void apns_conn_close(apns_conn_t *c, const char *why, int64_t now_ms)
{
    if (c->state == C_IDLE)
        return;
    PL_LOG_INFO("APNs connection closed", "target", c->pool->t->type, "why", why);
    c->dead = true;
    while (c->streams) {
        apns_stream_t *s = c->streams;
        stream_unlink(c, s);
        apns_on_stream_lost(s, NGHTTP2_CONNECT_ERROR, now_ms);
        stream_free(s);
    }
    if (c->h2)
        nghttp2_session_del(c->h2);
    c->h2 = NULL;
    if (c->ssl)
        SSL_free(c->ssl);
    c->ssl = NULL;
    if (c->resolve != NULL) {
        push_resolve_release(c->resolve); /* closes c->fd, its pipe */
        c->resolve = NULL;
        c->fd = -1;
    }
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    forget_addresses(c);
    c->state = C_IDLE;
    c->active = 0;
    if (c->got_reply || c->goaway)
        c->backoff_ms = 0; /* it worked before: reconnect at once */
    schedule_retry(c, now_ms);
    const char *pl[] = {c->pool->t->type};
    pl_metrics_add(push_stats.connections, pl, -1);
}

static int tls_step(apns_conn_t *c)
{
    int rc = SSL_do_handshake(c->ssl);
    if (rc != 1) {
        int e = SSL_get_error(c->ssl, rc);
        return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
    }
    const unsigned char *alpn = NULL;
    unsigned alen = 0;
    SSL_get0_alpn_selected(c->ssl, &alpn, &alen);
    if (alen != 2 || memcmp(alpn, "h2", 2) != 0 || make_session(c) != PL_OK)
        return -1;
    c->state = C_READY;
    forget_addresses(c);
    c->backoff_ms = 0;
    const char *pl[] = {c->pool->t->type};
    pl_metrics_add(push_stats.connections, pl, 1);
    PL_LOG_INFO("APNs connection ready", "target", c->pool->t->type, "host", c->pool->host);
    return 0;
}

static int write_out(apns_conn_t *c)
{
    while (c->woff < c->wlen) {
        int n = SSL_write(c->ssl, c->wbuf + c->woff, (int)(c->wlen - c->woff));
        if (n <= 0) {
            int e = SSL_get_error(c->ssl, n);
            return e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ ? 0 : -1;
        }
        c->woff += (size_t)n;
    }
    c->wlen = c->woff = 0;
    return 0;
}

int apns_conn_flush(apns_conn_t *c)
{
    if (c->state != C_READY)
        return 0;
    for (;;) {
        if (write_out(c) != 0)
            goto Fail;
        if (c->wlen > 0)
            return 0; /* socket full: wait for POLLOUT */
        while (c->wlen < sizeof(c->wbuf) - 16384) {
            const uint8_t *data;
            ssize_t n = nghttp2_session_mem_send(c->h2, &data);
            if (n < 0)
                goto Fail;
            if (n == 0)
                break;
            if ((size_t)n > sizeof(c->wbuf) - c->wlen)
                goto Fail; /* cannot happen: frames are at most 16 KiB + header */
            memcpy(c->wbuf + c->wlen, data, (size_t)n);
            c->wlen += (size_t)n;
        }
        if (c->wlen == 0)
            break;
    }
    if (!nghttp2_session_want_read(c->h2) && !nghttp2_session_want_write(c->h2))
        goto Fail;
    return 0;
Fail:
    apns_conn_close(c, "write failed or session over", pl_time_mono_ms());
    return -1;
}

static int read_in(apns_conn_t *c)
{
    unsigned char buf[32768];
    for (int i = 0; i < 64; i++) {
        int n = SSL_read(c->ssl, buf, sizeof(buf));
        if (n <= 0) {
            int e = SSL_get_error(c->ssl, n);
            return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
        }
        if (nghttp2_session_mem_recv(c->h2, buf, (size_t)n) < 0)
            return -1;
        if (c->state != C_READY)
            return -1;
    }
    return 0;
}

short apns_conn_events(const apns_conn_t *c)
{
    if (c->state == C_IDLE)
        return 0;
    if (c->state == C_RESOLVING)
        return POLLIN;
    if (c->state == C_CONNECTING)
        return POLLOUT;
    if (c->state == C_TLS)
        return POLLIN | (SSL_want_write(c->ssl) ? POLLOUT : 0);
    return POLLIN | (c->wlen > 0 ? POLLOUT : 0);
}

int apns_conn_io(apns_conn_t *c, short revents, int64_t now_ms)
{
    if (c->state == C_RESOLVING) {
        if (on_resolved(c) == 0)
            return 0;
        apns_conn_close(c, "cannot resolve or connect", now_ms);
        return -1;
    }
    if (c->state == C_CONNECTING) {
        int err = 0;
        socklen_t l = sizeof(err);
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
        if (err != 0 || (revents & (POLLERR | POLLHUP)))
            goto Fail;
        c->state = C_TLS;
    }
    if (c->state == C_TLS) {
        if (tls_step(c) != 0)
            goto Fail;
        if (c->state != C_READY)
            return 0;
    }
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && read_in(c) != 0)
        goto Fail;
    return apns_conn_flush(c);
Fail:
    if (try_next_address(c) == 0)
        return 0;
    apns_conn_close(c, c->state == C_READY ? "connection lost" : "connect or TLS failed", now_ms);
    return -1;
}

static void add_nv(nghttp2_nv *nv, int *n, const char *name, const char *value)
{
    nv[*n] = (nghttp2_nv){(uint8_t *)name, (uint8_t *)value, strlen(name), strlen(value), NGHTTP2_NV_FLAG_NONE};
    (*n)++;
}

static void submit_headers(apns_conn_t *c, apns_stream_t *s, nghttp2_nv *nv, int *n, char *path, char *topic, char *len, char *exp)
{
    push_job_t *job = s->job;
    apns_pool_t *p = c->pool;
    snprintf(path, 4200, "/3/device/%s", job->n.device_id);
    snprintf(topic, 300, "%s%s", p->t->topic ? p->t->topic : "", strcmp(push_payload_apns_push_type(job), "voip") ? "" : ".voip");
    snprintf(len, 24, "%zu", s->body.len);
    add_nv(nv, n, ":method", "POST");
    add_nv(nv, n, ":scheme", "https");
    add_nv(nv, n, ":authority", p->authority);
    add_nv(nv, n, ":path", path);
    const char *bearer = apns_bearer(p);
    if (bearer != NULL)
        add_nv(nv, n, "authorization", bearer);
    add_nv(nv, n, "apns-topic", topic);
    add_nv(nv, n, "apns-push-type", push_payload_apns_push_type(job));
    add_nv(nv, n, "apns-priority", push_payload_apns_priority(job));
    add_nv(nv, n, "apns-id", job->apns_id);
    if (job->n.expires_at > 0) {
        snprintf(exp, 24, "%lld", (long long)job->n.expires_at);
        add_nv(nv, n, "apns-expiration", exp);
    }
    if (job->n.collapse_key && job->n.collapse_key[0])
        add_nv(nv, n, "apns-collapse-id", job->n.collapse_key);
    add_nv(nv, n, "content-type", "application/json");
    add_nv(nv, n, "content-length", len);
}

int apns_conn_submit(apns_conn_t *c, push_job_t *job)
{
    apns_stream_t *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return PL_ERR;
    s->job = job;
    s->conn = c;
    pl_buf_init(&s->body, PUSH_APNS_MAX_PAYLOAD);
    if (push_payload_apns(job, &s->body) != PL_OK) {
        stream_free(s);
        return PL_ETOOBIG;
    }
    nghttp2_nv nv[14];
    int n = 0;
    char path[4200], topic[300], len[24], exp[24];
    submit_headers(c, s, nv, &n, path, topic, len, exp);
    nghttp2_data_provider dp = {.source.ptr = s, .read_callback = read_body};
    int32_t sid = nghttp2_submit_request(c->h2, NULL, nv, (size_t)n, &dp, s);
    if (sid < 0) {
        stream_free(s);
        return PL_EAGAIN;
    }
    s->sent_ms = pl_time_mono_ms();
    s->sid = sid;
    s->next = c->streams;
    if (c->streams)
        c->streams->prev = s;
    c->streams = s;
    c->active++;
    return PL_OK;
}
