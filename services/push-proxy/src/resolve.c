#include "resolve.h"

#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct push_resolve {
    atomic_int refs; /* the thread and the caller */
    int fds[2];      /* [0]: the caller's, [1]: the thread writes one byte when done */
    char host[256], port[8];
    int rc;
    struct addrinfo *res;
};

static void unref(push_resolve_t *r)
{
    if (atomic_fetch_sub(&r->refs, 1) != 1)
        return;
    if (r->res != NULL)
        freeaddrinfo(r->res);
    free(r);
}

static void *resolve_main(void *arg)
{
    push_resolve_t *r = arg;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    r->rc = getaddrinfo(r->host, r->port, &hints, &r->res);
    ssize_t w = write(r->fds[1], "x", 1);
    (void)w;
    close(r->fds[1]);
    unref(r);
    return NULL;
}

push_resolve_t *push_resolve_start(const char *host, int port, int *fd_out)
{
    push_resolve_t *r = calloc(1, sizeof(*r));
    pthread_attr_t attr;
    pthread_t tid;
    sigset_t all, old;
    int ok;
    if (r == NULL || strlen(host) >= sizeof(r->host) || pipe2(r->fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        free(r);
        return NULL;
    }
    snprintf(r->host, sizeof(r->host), "%s", host);
    snprintf(r->port, sizeof(r->port), "%d", port);
    atomic_store(&r->refs, 2);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old); /* signals stay with the main thread */
    ok = pthread_create(&tid, &attr, resolve_main, r) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (!ok) {
        close(r->fds[0]);
        close(r->fds[1]);
        free(r);
        return NULL;
    }
    *fd_out = r->fds[0];
    return r;
}

int push_resolve_take(push_resolve_t *r, struct addrinfo **out)
{
    /* The byte is written after rc and res: once it is readable, both are final. */
    *out = r->rc == 0 ? r->res : NULL;
    r->res = NULL;
    return r->rc;
}

void push_resolve_release(push_resolve_t *r)
{
    if (r == NULL)
        return;
    close(r->fds[0]);
    unref(r);
}
