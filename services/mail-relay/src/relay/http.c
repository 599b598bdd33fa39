#include "relay/http.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define HTTP_HEAD_MAX 8192
#define HTTP_BODY_MAX (1024 * 1024)
#define HEALTH_STALE_MS 10000

static int bind_listen(const char *addr)
{
    char host[256];
    const char *colon = strrchr(addr, ':');
    if (colon == NULL || (size_t)(colon - addr) >= sizeof(host))
        return -1;
    snprintf(host, sizeof(host), "%.*s", (int)(colon - addr), addr);
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res) != 0)
        return -1;
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (fd >= 0 && (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 64) != 0)) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void respond(int fd, int status, const char *type, const char *body, size_t len)
{
    const char *text = status == 200 ? "OK" : status == 404 ? "Not Found" : status == 503 ? "Service Unavailable" : "Bad Request";
    char head[256];
    int n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                     status, text, type, len);
    send_all(fd, head, (size_t)n);
    send_all(fd, body, len);
}

static int read_head(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    while (len < cap - 1) {
        ssize_t r = recv(fd, buf + len, cap - 1 - len, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        len += (size_t)r;
        buf[len] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL || strstr(buf, "\n\n") != NULL)
            return 0;
    }
    return -1;
}

static void serve_health(relay_http_t *h, int fd)
{
    relay_t *r = h->relay;
    int64_t beat = (int64_t)atomic_load(&r->heartbeat_ms);
    int alive = pl_time_mono_ms() - beat < HEALTH_STALE_MS;
    int healthy = atomic_load(&r->healthy);
    const char *body = alive && healthy ? "{\"status\":\"OK\"}"
                       : alive          ? "{\"status\":\"UNHEALTHY\",\"reason\":\"spool\"}"
                                        : "{\"status\":\"UNHEALTHY\",\"reason\":\"loop\"}";
    respond(fd, alive && healthy ? 200 : 503, "application/json", body, strlen(body));
}

static void serve_metrics(relay_http_t *h, int fd)
{
    pl_buf_t out;
    pl_buf_init(&out, HTTP_BODY_MAX);
    pl_metrics_render(h->relay->m.reg, &out);
    respond(fd, 200, "text/plain; version=0.0.4", out.data != NULL ? out.data : "", out.len);
    pl_buf_dispose(&out);
}

static void serve_one(relay_http_t *h, int fd)
{
    struct timeval tv = {2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    char head[HTTP_HEAD_MAX];
    if (read_head(fd, head, sizeof(head)) != 0) {
        respond(fd, 400, "text/plain", "bad request\n", 12);
        return;
    }
    if (strncmp(head, "GET /healthz ", 13) == 0 || strncmp(head, "GET /healthz?", 13) == 0)
        serve_health(h, fd);
    else if (strncmp(head, "GET /metrics ", 13) == 0)
        serve_metrics(h, fd);
    else
        respond(fd, 404, "text/plain", "not found\n", 10);
}

static void *http_main(void *arg)
{
    relay_http_t *h = arg;
    for (;;) {
        struct pollfd p[2] = {{h->listen_fd, POLLIN, 0}, {h->stop_pipe[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            break;
        if (p[1].revents != 0)
            break;
        if (!(p[0].revents & POLLIN))
            continue;
        int fd = accept4(h->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        serve_one(h, fd);
        close(fd);
    }
    return NULL;
}

int relay_http_start(relay_http_t *h, relay_t *r, const char *listen_address)
{
    memset(h, 0, sizeof(*h));
    h->relay = r;
    h->stop_pipe[0] = h->stop_pipe[1] = -1;
    h->listen_fd = bind_listen(listen_address);
    if (h->listen_fd < 0) {
        PL_LOG_ERROR("cannot listen for health/metrics", "address", listen_address, "error", strerror(errno));
        return PL_EIO;
    }
    if (pipe2(h->stop_pipe, O_CLOEXEC) != 0 || pthread_create(&h->thread, NULL, http_main, h) != 0)
        return PL_EIO;
    h->running = 1;
    return PL_OK;
}

void relay_http_stop(relay_http_t *h)
{
    if (h->running) {
        ssize_t w = write(h->stop_pipe[1], "x", 1);
        (void)w;
        pthread_join(h->thread, NULL);
        h->running = 0;
    }
    if (h->listen_fd >= 0)
        close(h->listen_fd);
    for (int i = 0; i < 2; i++)
        if (h->stop_pipe[i] >= 0)
            close(h->stop_pipe[i]);
    h->listen_fd = h->stop_pipe[0] = h->stop_pipe[1] = -1;
}
