#include "parley/httpd.h"
#include "parley/err.h"
#include "parley/time.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct client {
    int fd; /* -1: free slot */
    int64_t deadline_ms;
    size_t inlen;
    char in[PL_HTTPD_HEAD_MAX + 1];
    char *out; /* the whole answer once the head is in */
    size_t outlen, outoff;
} client_t;

struct pl_httpd {
    int listen_fd;
    int stop_pipe[2];
    pthread_t thread;
    pl_httpd_handler_fn fn;
    void *arg;
    size_t body_max;
    int timeout_ms;
    client_t clients[PL_HTTPD_MAX_CLIENTS];
};

const char *pl_httpd_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

static void client_close(client_t *c)
{
    close(c->fd);
    free(c->out);
    c->fd = -1;
    c->out = NULL;
    c->inlen = c->outlen = c->outoff = 0;
}

static void accept_one(pl_httpd_t *h)
{
    int fd = accept4(h->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
        return;
    for (size_t i = 0; i < PL_HTTPD_MAX_CLIENTS; i++) {
        client_t *c = &h->clients[i];
        if (c->fd < 0) {
            c->fd = fd;
            c->deadline_ms = pl_time_mono_ms() + h->timeout_ms;
            return;
        }
    }
    close(fd); /* not reached: the listener is polled only with a free slot */
}

static void set_answer(client_t *c, int status, const char *type, const char *body, size_t len)
{
    char head[256];
    int n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                     status, pl_httpd_reason(status), type, len);
    c->out = malloc((size_t)n + len);
    if (c->out == NULL)
        return;
    memcpy(c->out, head, (size_t)n);
    if (len > 0)
        memcpy(c->out + n, body, len);
    c->outlen = (size_t)n + len;
}

/* "METHOD SP TARGET SP VERSION": split in place and run the handler. */
static void handle(pl_httpd_t *h, client_t *c)
{
    static const char bad[] = "bad request\n";
    char *sp1 = strchr(c->in, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (sp1 == NULL || sp2 == NULL || sp1[1] != '/') {
        set_answer(c, 400, "text/plain; charset=utf-8", bad, sizeof(bad) - 1);
        return;
    }
    *sp1 = *sp2 = '\0';
    char *query = strchr(sp1 + 1, '?');
    if (query != NULL)
        *query++ = '\0';
    pl_httpd_response_t res = {200, "text/plain; charset=utf-8", {0}};
    pl_buf_init(&res.body, h->body_max);
    h->fn(h->arg, c->in, sp1 + 1, query, &res);
    set_answer(c, res.status, res.content_type, res.body.data ? res.body.data : "", res.body.len);
    pl_buf_dispose(&res.body);
}

static int head_complete(const client_t *c)
{
    return strstr(c->in, "\r\n\r\n") != NULL || strstr(c->in, "\n\n") != NULL;
}

/* @return 0 to keep the client, -1 to close it. */
static int on_readable(pl_httpd_t *h, client_t *c)
{
    static const char bad[] = "bad request\n";
    ssize_t r = recv(c->fd, c->in + c->inlen, PL_HTTPD_HEAD_MAX - c->inlen, 0);
    if (r < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    if (r <= 0)
        return -1;
    c->inlen += (size_t)r;
    c->in[c->inlen] = '\0';
    if (memchr(c->in, '\0', c->inlen) != NULL) /* NUL in the head: not HTTP */
        set_answer(c, 400, "text/plain; charset=utf-8", bad, sizeof(bad) - 1);
    else if (head_complete(c))
        handle(h, c);
    else if (c->inlen == PL_HTTPD_HEAD_MAX)
        set_answer(c, 400, "text/plain; charset=utf-8", bad, sizeof(bad) - 1);
    else
        return 0;
    return c->out != NULL ? 0 : -1;
}

/* @return 0 to keep the client, -1 to close it (done or failed). */
static int on_writable(client_t *c)
{
    ssize_t w = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);
    if (w < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    if (w <= 0)
        return -1;
    c->outoff += (size_t)w;
    return c->outoff == c->outlen ? -1 : 0;
}

/* Fill fds (stop pipe, listener when a slot is free, clients); map[i] = client of fds[i]. @return count. */
static nfds_t build_poll(pl_httpd_t *h, struct pollfd *fds, client_t **map, int *timeout)
{
    nfds_t n = 0, used = 0;
    int64_t now = pl_time_mono_ms(), next = -1;
    fds[n++] = (struct pollfd){h->stop_pipe[0], POLLIN, 0};
    for (size_t i = 0; i < PL_HTTPD_MAX_CLIENTS; i++) {
        client_t *c = &h->clients[i];
        if (c->fd < 0)
            continue;
        used++;
        map[n] = c;
        fds[n++] = (struct pollfd){c->fd, c->out != NULL ? POLLOUT : POLLIN, 0};
        if (next < 0 || c->deadline_ms < next)
            next = c->deadline_ms;
    }
    if (used < PL_HTTPD_MAX_CLIENTS) {
        map[n] = NULL;
        fds[n++] = (struct pollfd){h->listen_fd, POLLIN, 0};
    }
    *timeout = next < 0 ? -1 : next <= now ? 0 : (int)(next - now);
    return n;
}

static void *httpd_main(void *arg)
{
    pl_httpd_t *h = arg;
    struct pollfd fds[PL_HTTPD_MAX_CLIENTS + 2];
    client_t *map[PL_HTTPD_MAX_CLIENTS + 2];
    for (;;) {
        int timeout;
        nfds_t n = build_poll(h, fds, map, &timeout);
        if (poll(fds, n, timeout) < 0 && errno != EINTR)
            break;
        if (fds[0].revents != 0)
            break;
        int64_t now = pl_time_mono_ms();
        for (nfds_t i = 1; i < n; i++) {
            client_t *c = map[i];
            int rc = 0;
            if (c == NULL) {
                if (fds[i].revents & POLLIN)
                    accept_one(h);
                continue;
            }
            if (fds[i].revents & (POLLERR | POLLHUP | POLLNVAL) && !(fds[i].revents & POLLIN))
                rc = -1;
            else if (fds[i].revents & POLLIN)
                rc = on_readable(h, c);
            else if (fds[i].revents & POLLOUT)
                rc = on_writable(c);
            if (rc == 0 && c->out != NULL && c->outoff == 0 && (fds[i].revents & POLLIN))
                rc = on_writable(c); /* answer at once: most answers fit in the socket buffer */
            if (rc != 0 || now >= c->deadline_ms)
                client_close(c);
        }
    }
    return NULL;
}

pl_httpd_t *pl_httpd_start(int listen_fd, pl_httpd_handler_fn fn, void *arg, size_t body_max, int timeout_ms)
{
    pl_httpd_t *h = calloc(1, sizeof(*h));
    sigset_t all, old;
    int ok;
    if (h == NULL) {
        close(listen_fd);
        return NULL;
    }
    *h = (pl_httpd_t){.listen_fd = listen_fd, .fn = fn, .arg = arg, .body_max = body_max, .timeout_ms = timeout_ms};
    for (size_t i = 0; i < PL_HTTPD_MAX_CLIENTS; i++)
        h->clients[i].fd = -1;
    fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
    if (pipe2(h->stop_pipe, O_CLOEXEC) != 0) {
        close(listen_fd);
        free(h);
        return NULL;
    }
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old); /* signals are the main thread's */
    ok = pthread_create(&h->thread, NULL, httpd_main, h) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!ok) {
        close(h->stop_pipe[0]);
        close(h->stop_pipe[1]);
        close(listen_fd);
        free(h);
        return NULL;
    }
    return h;
}

void pl_httpd_stop(pl_httpd_t *h)
{
    if (h == NULL)
        return;
    ssize_t w = write(h->stop_pipe[1], "x", 1);
    (void)w;
    pthread_join(h->thread, NULL);
    for (size_t i = 0; i < PL_HTTPD_MAX_CLIENTS; i++) {
        if (h->clients[i].fd >= 0)
            client_close(&h->clients[i]);
    }
    close(h->stop_pipe[0]);
    close(h->stop_pipe[1]);
    close(h->listen_fd);
    free(h);
}
