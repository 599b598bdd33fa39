#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "http/internal.h"
#include "parley/buf.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/metrics.h"

/*
 * The metrics listener (MetricsSettings.ListenAddress), apart from the API listener as in
 * Mattermost: GET /metrics answers the Prometheus text of http_server_metrics(), any other path
 * 404 (Go's "404 page not found"). One thread of its own, not a loop thread: it may block, one
 * scrape at a time, each connection bounded in size (REQUEST_MAX) and time (IO_TIMEOUT_S).
 */

#define METRICS_MAX_BYTES (4 * 1024 * 1024)
#define REQUEST_MAX 8192
#define IO_TIMEOUT_S 5

static int listen_fd = -1;
static int stop_pipe[2] = {-1, -1};
static int bound_port;
static pthread_t tid;
static int running;

static void write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        len -= (size_t)w;
    }
}

static void answer(int fd, const char *status, const char *content_type, const char *body, size_t len)
{
    char head[256];
    int n = snprintf(head, sizeof(head), "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                     status, content_type, len);
    write_all(fd, head, (size_t)n);
    write_all(fd, body, len);
}

/* Read the request head (up to REQUEST_MAX bytes). @return its length, or -1. */
static ssize_t read_head(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    while (len + 1 < cap) {
        ssize_t r = read(fd, buf + len, cap - 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        len += (size_t)r;
        buf[len] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL || strstr(buf, "\n\n") != NULL)
            return (ssize_t)len;
    }
    return -1;
}

/* "METHOD /metrics[?query] HTTP/x" -> 1. */
static int wants_metrics(const char *head)
{
    const char *sp = strchr(head, ' ');
    if (sp == NULL)
        return 0;
    const char *path = sp + 1;
    size_t plen = strcspn(path, " ?\r\n");
    return plen == 8 && memcmp(path, "/metrics", 8) == 0;
}

static void serve_metrics(int fd)
{
    pl_buf_t buf;
    pl_buf_init(&buf, METRICS_MAX_BYTES);
    if (pl_metrics_render(http_server_metrics(), &buf) != PL_OK) {
        static const char err[] = "metrics too large\n";
        answer(fd, "500 Internal Server Error", "text/plain; charset=utf-8", err, sizeof(err) - 1);
    } else {
        answer(fd, "200 OK", "text/plain; version=0.0.4; charset=utf-8", buf.data ? buf.data : "", buf.len);
    }
    pl_buf_dispose(&buf);
}

static void serve_one(int fd)
{
    static const char not_found[] = "404 page not found\n";
    char head[REQUEST_MAX];
    struct timeval tv = {.tv_sec = IO_TIMEOUT_S};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (read_head(fd, head, sizeof(head)) < 0)
        return;
    if (wants_metrics(head))
        serve_metrics(fd);
    else
        answer(fd, "404 Not Found", "text/plain; charset=utf-8", not_found, sizeof(not_found) - 1);
}

static void *listener_main(void *arg)
{
    (void)arg;
    struct pollfd fds[2] = {{.fd = listen_fd, .events = POLLIN}, {.fd = stop_pipe[0], .events = POLLIN}};
    for (;;) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[1].revents != 0)
            break;
        if ((fds[0].revents & POLLIN) == 0)
            continue;
        int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        serve_one(fd);
        close(fd);
    }
    return NULL;
}

int http_metrics_listener_start(const char *listen)
{
    listen_fd = http_loops_bind(listen, &bound_port);
    if (listen_fd < 0) {
        PL_LOG_ERROR("cannot listen for metrics (MetricsSettings.ListenAddress)", "address", listen, "error", strerror(errno));
        return PL_EIO;
    }
    if (pipe2(stop_pipe, O_CLOEXEC) != 0 || pthread_create(&tid, NULL, listener_main, NULL) != 0) {
        close(listen_fd);
        listen_fd = -1;
        return PL_EIO;
    }
    running = 1;
    return PL_OK;
}

int http_metrics_listener_port(void)
{
    return bound_port;
}

void http_metrics_listener_stop(void)
{
    if (!running)
        return;
    write_all(stop_pipe[1], "x", 1);
    pthread_join(tid, NULL);
    close(stop_pipe[0]);
    close(stop_pipe[1]);
    close(listen_fd);
    listen_fd = -1;
    running = 0;
}
