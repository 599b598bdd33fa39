#include "http/loop.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "http/internal.h"
#include "parley/err.h"
#include "parley/log.h"
#include "parley/time.h"

/*
 * Loop threads. Listening sockets are bound by the starting thread (so a bad address fails
 * start-up synchronously), one SO_REUSEPORT socket per loop so the kernel spreads connections.
 * Shutdown: a control message makes each loop close its listener, ask h2o to stop keep-alive,
 * run the hooks' stop callbacks, then keep running until its in-flight requests are done or the
 * grace period is over.
 */

typedef struct hook {
    http_loop_init_fn init;
    http_loop_stop_fn stop;
    http_loop_stop_fn dispose;
    void *arg;
} hook_t;

static hook_t hooks[HTTP_LOOP_MAX_HOOKS];
static int nhooks;
static http_loop_t *loops;
static size_t nloops;
static int bound_port;
static h2o_barrier_t started;
static pthread_mutex_t finished_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finished_cv = PTHREAD_COND_INITIALIZER;
static size_t nfinished;
static __thread http_loop_t *current;

static int parse_listen(const char *listen, char *host, size_t hostsz, char *port, size_t portsz);
static int bind_one(const char *host, const char *port, int *out_port);
static void *loop_main(void *arg);
static void on_accept(h2o_socket_t *listener, const char *err);
static void on_control(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages);
static void begin_stop(http_loop_t *loop);
static void park(http_loop_t *loop);

int http_loop_hook_add(http_loop_init_fn init, http_loop_stop_fn stop, http_loop_stop_fn dispose, void *arg)
{
    if (nhooks == HTTP_LOOP_MAX_HOOKS)
        return PL_ETOOBIG;
    hooks[nhooks] = (hook_t){init, stop, dispose, arg};
    return nhooks++;
}

void *http_loop_hook_data(http_loop_t *loop, int hook_id)
{
    if (loop == NULL || hook_id < 0 || hook_id >= nhooks)
        return NULL;
    return loop->hook_data[hook_id];
}

http_loop_t *http_loop_current(void)
{
    return current;
}

size_t http_loop_count(void)
{
    return nloops;
}

http_loop_t *http_loop_at(size_t i)
{
    return i < nloops ? &loops[i] : NULL;
}

size_t http_loop_index(const http_loop_t *loop)
{
    return loop->index;
}

h2o_context_t *http_loop_context(http_loop_t *loop)
{
    return &loop->ctx;
}

h2o_evloop_t *http_loop_evloop(http_loop_t *loop)
{
    return loop->evloop;
}

h2o_multithread_queue_t *http_loop_queue(http_loop_t *loop)
{
    return loop->ctx.queue;
}

int http_loop_stopping(void)
{
    return atomic_load(&http_g.stopping);
}

int http_loops_port(void)
{
    return bound_port;
}

/* "host:port", ":port", "[v6]:port" or "port". */
static int parse_listen(const char *listen, char *host, size_t hostsz, char *port, size_t portsz)
{
    const char *colon = strrchr(listen, ':');
    const char *h = listen, *p = colon ? colon + 1 : listen;
    size_t hlen = colon ? (size_t)(colon - listen) : 0;
    if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
        h++;
        hlen -= 2;
    }
    if (hlen >= hostsz || strlen(p) == 0 || strlen(p) >= portsz)
        return PL_EINVAL;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    snprintf(port, portsz, "%s", p);
    return PL_OK;
}

static int bind_one(const char *host, const char *port, int *out_port)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *res = NULL;
    int fd = -1, one = 1;
    if (getaddrinfo(host[0] ? host : NULL, port, &hints, &res) != 0 || res == NULL)
        return -1;
    fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        goto Exit;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
        close(fd);
        fd = -1;
        goto Exit;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
        *out_port =
            ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);
Exit:
    freeaddrinfo(res);
    return fd;
}

int http_loops_bind(const char *listen, int *out_port)
{
    char host[256], port[16];
    if (parse_listen(listen, host, sizeof(host), port, sizeof(port)) != PL_OK) {
        errno = EINVAL;
        return -1;
    }
    return bind_one(host, port, out_port);
}

int http_loops_start(size_t n, const char *listen, h2o_hostconf_t *hostconf)
{
    char host[256], port[16];
    static h2o_hostconf_t *hosts[2];
    if (parse_listen(listen, host, sizeof(host), port, sizeof(port)) != PL_OK) {
        PL_LOG_ERROR("invalid listen address", "address", listen);
        return PL_EINVAL;
    }
    hosts[0] = hostconf;
    loops = calloc(n, sizeof(*loops));
    if (loops == NULL)
        abort();
    for (size_t i = 0; i < n; i++) {
        int fd = bind_one(host, port, &bound_port);
        if (fd < 0) {
            PL_LOG_ERROR("cannot listen", "address", listen, "error", strerror(errno));
            for (size_t j = 0; j < i; j++)
                close(loops[j].listen_fd);
            free(loops);
            loops = NULL;
            return PL_EIO;
        }
        if (i == 0)
            snprintf(port, sizeof(port), "%d", bound_port); /* port 0: every loop on the same port */
        loops[i].index = i;
        loops[i].listen_fd = fd;
        loops[i].accept_ctx.hosts = hosts;
    }
    nloops = n;
    h2o_barrier_init(&started, n + 1);
    for (size_t i = 0; i < n; i++)
        h2o_multithread_create_thread(&loops[i].tid, NULL, loop_main, &loops[i]);
    h2o_barrier_wait(&started);
    return PL_OK;
}

static void run_hooks_init(http_loop_t *loop)
{
    for (int i = 0; i < nhooks; i++)
        loop->hook_data[i] = hooks[i].init ? hooks[i].init(loop, hooks[i].arg) : NULL;
}

static void *loop_main(void *arg)
{
    http_loop_t *loop = arg;
    current = loop;
    pthread_setname_np(pthread_self(), "parley-loop"); /* top -H, /proc/<pid>/task/<tid>/comm */
    loop->evloop = h2o_evloop_create();
    h2o_context_init(&loop->ctx, loop->evloop, &http_g.globalconf);
    loop->accept_ctx.ctx = &loop->ctx;
    h2o_multithread_register_receiver(loop->ctx.queue, &loop->control, on_control);
    h2o_multithread_register_receiver(loop->ctx.queue, &loop->jobs, http_job_on_done);
    run_hooks_init(loop);
    loop->listener = h2o_evloop_socket_create(loop->evloop, loop->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
    loop->listener->data = loop;
    h2o_socket_read_start(loop->listener, on_accept);
    h2o_barrier_wait(&started);

    for (;;) {
        h2o_evloop_run(loop->evloop, loop->stop_requested ? 20 : 1000);
        if (!loop->stop_requested)
            continue;
        if ((loop->inflight == 0 && loop->jobs_pending == 0) || pl_time_mono_ms() >= loop->stop_deadline_ms)
            break;
    }
    if (loop->inflight > 0) {
        char n[24];
        snprintf(n, sizeof(n), "%ld", loop->inflight);
        PL_LOG_WARN("shutdown grace period over with requests in flight", "inflight", n);
    }
    for (int i = nhooks - 1; i >= 0; i--) {
        if (hooks[i].dispose)
            hooks[i].dispose(loop, loop->hook_data[i], hooks[i].arg);
    }
    park(loop);
    return NULL;
}

/*
 * A stopped loop thread reports and then stays parked until the process exits. h2o keeps
 * per-thread recycled buffers and pool chunks in thread-local storage that it cannot free; a
 * live thread keeps them reachable (so leak checkers stay quiet) and costs nothing at exit.
 */
static void park(http_loop_t *loop)
{
    (void)loop;
    pthread_mutex_lock(&finished_mu);
    nfinished++;
    pthread_cond_broadcast(&finished_cv);
    for (;;)
        pthread_cond_wait(&finished_cv, &finished_mu);
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    http_loop_t *loop = listener->data;
    if (err != NULL)
        return;
    for (int i = 0; i < 16; i++) {
        h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
        if (sock == NULL)
            return;
        h2o_accept(&loop->accept_ctx, sock);
    }
}

static void on_control(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    http_loop_t *loop = H2O_STRUCT_FROM_MEMBER(http_loop_t, control, receiver);
    while (!h2o_linklist_is_empty(messages)) {
        h2o_linklist_unlink(messages->next);
        begin_stop(loop);
    }
}

static void begin_stop(http_loop_t *loop)
{
    if (loop->stop_requested)
        return;
    loop->stop_requested = 1;
    loop->stop_deadline_ms = pl_time_mono_ms() + http_g.cfg.shutdown_grace_ms;
    if (loop->listener != NULL) {
        h2o_socket_read_stop(loop->listener);
        h2o_socket_close(loop->listener);
        loop->listener = NULL;
    }
    h2o_context_request_shutdown(&loop->ctx);
    for (int i = nhooks - 1; i >= 0; i--) {
        if (hooks[i].stop)
            hooks[i].stop(loop, loop->hook_data[i], hooks[i].arg);
    }
}

void http_loops_request_stop(void)
{
    for (size_t i = 0; i < nloops; i++)
        h2o_multithread_send_message(&loops[i].control, &loops[i].stop_msg);
}

/* Wait until every loop has drained (the threads themselves stay parked, see park()). */
void http_loops_join(void)
{
    pthread_mutex_lock(&finished_mu);
    while (nfinished < nloops)
        pthread_cond_wait(&finished_cv, &finished_mu);
    pthread_mutex_unlock(&finished_mu);
}
