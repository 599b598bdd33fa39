/*
 * apns_sink: a fast stand-in APNs for the benchmark. HTTP/2 over TLS (ALPN h2), one thread,
 * answers every request with 200 and the request's apns-id, counts requests.
 *   apns_sink CERT KEY PORT [MAX_STREAMS]
 * Prints "listening <port>" on stdout when ready; SIGTERM prints the request count and exits.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nghttp2/nghttp2.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CONNS 256

typedef struct conn {
    int fd;
    SSL *ssl;
    nghttp2_session *h2;
    int ready;
    unsigned char out[65536];
    size_t olen, ooff;
} conn_t;

typedef struct {
    char apns_id[40];
} stream_t;

static conn_t conns[MAX_CONNS];
static volatile sig_atomic_t stop;
static unsigned long long served;
static uint32_t max_streams = 1000;

static void on_sig(int s)
{
    (void)s;
    stop = 1;
}

static int on_begin(nghttp2_session *h2, const nghttp2_frame *f, void *ud)
{
    (void)ud;
    if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_REQUEST)
        nghttp2_session_set_stream_user_data(h2, f->hd.stream_id, calloc(1, sizeof(stream_t)));
    return 0;
}

static int on_header(nghttp2_session *h2, const nghttp2_frame *f, const uint8_t *n, size_t nl, const uint8_t *v, size_t vl,
                     uint8_t fl, void *ud)
{
    (void)fl;
    (void)ud;
    stream_t *s = nghttp2_session_get_stream_user_data(h2, f->hd.stream_id);
    if (s && nl == 7 && memcmp(n, "apns-id", 7) == 0 && vl < sizeof(s->apns_id))
        memcpy(s->apns_id, v, vl);
    return 0;
}

static int on_frame(nghttp2_session *h2, const nghttp2_frame *f, void *ud)
{
    (void)ud;
    if ((f->hd.type == NGHTTP2_DATA || f->hd.type == NGHTTP2_HEADERS) && (f->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
        stream_t *s = nghttp2_session_get_stream_user_data(h2, f->hd.stream_id);
        if (s == NULL)
            return 0;
        nghttp2_nv nv[] = {{(uint8_t *)":status", (uint8_t *)"200", 7, 3, 0},
                           {(uint8_t *)"apns-id", (uint8_t *)s->apns_id, 7, strlen(s->apns_id), 0}};
        nghttp2_submit_response(h2, f->hd.stream_id, nv, 2, NULL);
        served++;
    }
    return 0;
}

static int on_close(nghttp2_session *h2, int32_t sid, uint32_t ec, void *ud)
{
    (void)ec;
    (void)ud;
    free(nghttp2_session_get_stream_user_data(h2, sid));
    return 0;
}

static int on_data(nghttp2_session *h2, uint8_t fl, int32_t sid, const uint8_t *d, size_t l, void *ud)
{
    (void)h2, (void)fl, (void)sid, (void)d, (void)l, (void)ud;
    return 0;
}

static void conn_free(conn_t *c)
{
    if (c->h2)
        nghttp2_session_del(c->h2);
    if (c->ssl)
        SSL_free(c->ssl);
    close(c->fd);
    memset(c, 0, sizeof(*c));
    c->fd = -1;
}

static int start_h2(conn_t *c)
{
    nghttp2_session_callbacks *cb;
    nghttp2_session_callbacks_new(&cb);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cb, on_begin);
    nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame);
    nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_close);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
    nghttp2_session_server_new(&c->h2, cb, c);
    nghttp2_session_callbacks_del(cb);
    nghttp2_settings_entry iv[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, max_streams},
                                   {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20}};
    nghttp2_submit_settings(c->h2, NGHTTP2_FLAG_NONE, iv, 2);
    nghttp2_session_set_local_window_size(c->h2, NGHTTP2_FLAG_NONE, 0, 1 << 26);
    c->ready = 1;
    return 0;
}

static int flush(conn_t *c)
{
    for (;;) {
        while (c->ooff < c->olen) {
            int n = SSL_write(c->ssl, c->out + c->ooff, (int)(c->olen - c->ooff));
            if (n <= 0) {
                int e = SSL_get_error(c->ssl, n);
                return e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ ? 0 : -1;
            }
            c->ooff += (size_t)n;
        }
        c->olen = c->ooff = 0;
        while (c->olen < sizeof(c->out) - 16400) {
            const uint8_t *d;
            ssize_t n = nghttp2_session_mem_send(c->h2, &d);
            if (n < 0)
                return -1;
            if (n == 0)
                break;
            memcpy(c->out + c->olen, d, (size_t)n);
            c->olen += (size_t)n;
        }
        if (c->olen == 0)
            return nghttp2_session_want_read(c->h2) || nghttp2_session_want_write(c->h2) ? 0 : -1;
    }
}

static int serve(conn_t *c)
{
    if (!c->ready) {
        int rc = SSL_accept(c->ssl);
        if (rc != 1) {
            int e = SSL_get_error(c->ssl, rc);
            return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
        }
        start_h2(c);
    }
    unsigned char buf[65536];
    for (;;) {
        int n = SSL_read(c->ssl, buf, sizeof(buf));
        if (n <= 0) {
            int e = SSL_get_error(c->ssl, n);
            if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
                return -1;
            break;
        }
        if (nghttp2_session_mem_recv(c->h2, buf, (size_t)n) < 0)
            return -1;
    }
    return flush(c);
}

static int alpn_cb(SSL *ssl, const unsigned char **out, unsigned char *outlen, const unsigned char *in, unsigned inlen, void *arg)
{
    (void)ssl;
    (void)arg;
    return nghttp2_select_next_protocol((unsigned char **)out, outlen, in, inlen) == 1 ? SSL_TLSEXT_ERR_OK : SSL_TLSEXT_ERR_NOACK;
}

static void accept_all(int lfd, SSL_CTX *ctx)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        int one = 1, i;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        for (i = 0; i < MAX_CONNS && conns[i].fd >= 0; i++)
            ;
        if (i == MAX_CONNS) {
            close(fd);
            continue;
        }
        conns[i].fd = fd;
        conns[i].ssl = SSL_new(ctx);
        SSL_set_fd(conns[i].ssl, fd);
        SSL_set_accept_state(conns[i].ssl);
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: apns_sink CERT KEY PORT [MAX_STREAMS]\n");
        return 2;
    }
    if (argc > 4)
        max_streams = (uint32_t)atoi(argv[4]);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_sig);
    signal(SIGINT, on_sig);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ctx, argv[1]) != 1 || SSL_CTX_use_PrivateKey_file(ctx, argv[2], SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "cannot load certificate/key\n");
        return 2;
    }
    SSL_CTX_set_alpn_select_cb(ctx, alpn_cb, NULL);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in sin = {
        .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[3])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof(sin);
    if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) != 0 || listen(lfd, 256) != 0) {
        perror("bind");
        return 2;
    }
    getsockname(lfd, (struct sockaddr *)&sin, &sl);
    for (int i = 0; i < MAX_CONNS; i++)
        conns[i].fd = -1;
    printf("listening %d\n", ntohs(sin.sin_port));
    fflush(stdout);
    while (!stop) {
        struct pollfd fds[MAX_CONNS + 1];
        int idx[MAX_CONNS + 1], n = 0;
        fds[n++] = (struct pollfd){lfd, POLLIN, 0};
        for (int i = 0; i < MAX_CONNS; i++)
            if (conns[i].fd >= 0) {
                idx[n] = i;
                fds[n++] = (struct pollfd){conns[i].fd, (short)(POLLIN | (conns[i].olen ? POLLOUT : 0)), 0};
            }
        if (poll(fds, (nfds_t)n, 200) < 0 && errno != EINTR)
            break;
        if (fds[0].revents)
            accept_all(lfd, ctx);
        for (int k = 1; k < n; k++)
            if (fds[k].revents && serve(&conns[idx[k]]) != 0)
                conn_free(&conns[idx[k]]);
    }
    printf("served %llu\n", served);
    for (int i = 0; i < MAX_CONNS; i++)
        if (conns[i].fd >= 0)
            conn_free(&conns[i]);
    close(lfd);
    SSL_CTX_free(ctx);
    return 0;
}
