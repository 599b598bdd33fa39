#include "relay/http.h"
#include "parley/err.h"
#include "parley/httpd.h"
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

#define HTTP_BODY_MAX (1024 * 1024)
#define HEALTH_STALE_MS 10000
#define HTTP_CLIENT_TIMEOUT_MS 2000 /* a connection must be done within this of its accept */

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

static void serve_health(relay_http_t *h, pl_httpd_response_t *res)
{
    relay_t *r = h->relay;
    int64_t beat = (int64_t)atomic_load(&r->heartbeat_ms);
    int alive = pl_time_mono_ms() - beat < HEALTH_STALE_MS;
    int healthy = atomic_load(&r->healthy);
    const char *body = alive && healthy ? "{\"status\":\"OK\"}"
                       : alive          ? "{\"status\":\"UNHEALTHY\",\"reason\":\"spool\"}"
                                        : "{\"status\":\"UNHEALTHY\",\"reason\":\"loop\"}";
    res->status = alive && healthy ? 200 : 503;
    res->content_type = "application/json";
    pl_buf_puts(&res->body, body);
}

static void serve(void *arg, const char *method, const char *path, const char *query, pl_httpd_response_t *res)
{
    relay_http_t *h = arg;
    int get = strcmp(method, "GET") == 0;
    if (get && strcmp(path, "/healthz") == 0) {
        serve_health(h, res);
    } else if (get && strcmp(path, "/metrics") == 0 && query == NULL) {
        res->content_type = "text/plain; version=0.0.4";
        pl_metrics_render(h->relay->m.reg, &res->body);
    } else {
        res->status = 404;
        res->content_type = "text/plain";
        pl_buf_puts(&res->body, "not found\n");
    }
}

int relay_http_start(relay_http_t *h, relay_t *r, const char *listen_address)
{
    memset(h, 0, sizeof(*h));
    h->relay = r;
    h->listen_fd = bind_listen(listen_address);
    if (h->listen_fd < 0) {
        PL_LOG_ERROR("cannot listen for health/metrics", "address", listen_address, "error", strerror(errno));
        return PL_EIO;
    }
    h->server = pl_httpd_start(h->listen_fd, serve, h, HTTP_BODY_MAX, HTTP_CLIENT_TIMEOUT_MS);
    h->listen_fd = -1; /* the endpoint owns it now */
    return h->server != NULL ? PL_OK : PL_EIO;
}

void relay_http_stop(relay_http_t *h)
{
    pl_httpd_stop(h->server);
    h->server = NULL;
    if (h->listen_fd >= 0)
        close(h->listen_fd);
    h->listen_fd = -1;
}
