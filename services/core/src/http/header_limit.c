#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http/errors.h"
#include "http/internal.h"
#include "parley/buf.h"
#include "parley/err.h"
#include "parley/id.h"
#include "parley/log.h"

/*
 * 431 for request heads h2o cannot take (more than H2O_MAX_HEADERS fields, or no end of the head
 * within H2O_MAX_REQLEN bytes). h2o 2.2.5 answers both itself, in lib/http1.c (send_bad_request),
 * with one canned plain-text 400 written by h2o_socket_write before any handler or filter runs.
 * This file interposes h2o_socket_write: when that exact canned answer is written and the bytes
 * read so far show a header overflow, it writes the 431 AppError instead (Mattermost has no id for
 * this case; Go's net/http answers 431 too). Every other write goes straight to h2o's.
 * The replacement lives until h2o reports the write done (it keeps pointers to it): one node per
 * pending answer in a per-loop-thread list, freed by the completion callback, which then calls
 * h2o's own (it closes the connection).
 */

#define ANSWER_MAX 2048

typedef void (*socket_write_fn)(h2o_socket_t *sock, h2o_iovec_t *bufs, size_t bufcnt, h2o_socket_cb cb);

typedef struct pending {
    struct pending *next;
    h2o_socket_t *sock;
    h2o_socket_cb cb;
    h2o_iovec_t buf;
    char data[ANSWER_MAX];
} pending_t;

static const char canned_400[] = "HTTP/1.1 400 Bad Request\r\n"
                                 "Content-Type: text/plain; charset=utf-8\r\n"
                                 "Connection: close\r\n"
                                 "Content-Length: 11\r\n"
                                 "\r\n"
                                 "Bad Request";

static socket_write_fn real_write;
static pthread_once_t resolve_once = PTHREAD_ONCE_INIT;
static __thread pending_t *pending_list;

static void resolve(void)
{
    real_write = (socket_write_fn)dlsym(RTLD_NEXT, "h2o_socket_write");
    if (real_write == NULL) {
        fprintf(stderr, "parley-core: h2o_socket_write not found (%s)\n", dlerror());
        abort();
    }
}

void http_header_limit_init(void)
{
    pthread_once(&resolve_once, resolve);
}

/* @return the end of the request head (the blank line) in p, or NULL. */
static const char *head_end(const char *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (p[i] == '\n' && (p[i + 1] == '\n' || (p[i + 1] == '\r' && i + 2 < len && p[i + 2] == '\n')))
            return p + i;
    }
    return NULL;
}

/* @return 1 when the bytes read hold a head too long for h2o or with more fields than it takes. */
int http_header_limit_overflow(const char *p, size_t len)
{
    size_t n = len < H2O_MAX_REQLEN ? len : H2O_MAX_REQLEN;
    const char *end = head_end(p, n);
    size_t lines = 0;
    if (end == NULL)
        return n == H2O_MAX_REQLEN;
    for (const char *q = p; q < end; q++)
        lines += *q == '\n';
    return lines > H2O_MAX_HEADERS; /* the request line plus the fields */
}

static int render_answer(pending_t *pd)
{
    static const char id[] = "api.context.request_header_fields_too_large.app_error";
    char request_id[PL_ID_LEN + 1];
    const char *version = http_g.cfg.version_id != NULL ? http_g.cfg.version_id : "";
    pl_buf_t body;
    int rc;
    pl_id_new(request_id);
    pl_buf_init(&body, ANSWER_MAX / 2);
    rc = http_errors_render_app_error(&body, 431, id, NULL, 0, "", request_id);
    if (rc == PL_OK) {
        int w = snprintf(pd->data, sizeof(pd->data),
                         "HTTP/1.1 431 Request Header Fields Too Large\r\n"
                         "Content-Type: application/json\r\n"
                         "Connection: close\r\n"
                         "Content-Length: %zu\r\n"
                         "X-Request-Id: %s\r\n"
                         "X-Version-Id: %s\r\n"
                         "X-Content-Type-Options: nosniff\r\n"
                         "Referrer-Policy: no-referrer\r\n"
                         "\r\n"
                         "%s",
                         body.len, request_id, version, body.data ? body.data : "");
        rc = w > 0 && (size_t)w < sizeof(pd->data) ? PL_OK : PL_ETOOBIG;
        pd->buf = h2o_iovec_init(pd->data, rc == PL_OK ? (size_t)w : 0);
    }
    pl_buf_dispose(&body);
    return rc;
}

static void on_answer_written(h2o_socket_t *sock, const char *err)
{
    pending_t **pp = &pending_list, *pd;
    while (*pp != NULL && (*pp)->sock != sock)
        pp = &(*pp)->next;
    pd = *pp;
    if (pd == NULL)
        abort(); /* only this file installs this callback, always with a node */
    *pp = pd->next;
    h2o_socket_cb cb = pd->cb;
    free(pd);
    cb(sock, err);
}

static int is_header_overflow(h2o_socket_t *sock, h2o_iovec_t *bufs, size_t bufcnt)
{
    if (bufcnt != 1 || bufs[0].len != sizeof(canned_400) - 1 || memcmp(bufs[0].base, canned_400, bufs[0].len) != 0)
        return 0;
    return sock->input != NULL && http_header_limit_overflow(sock->input->bytes, sock->input->size);
}

void h2o_socket_write(h2o_socket_t *sock, h2o_iovec_t *bufs, size_t bufcnt, h2o_socket_cb cb)
{
    pending_t *pd;
    http_header_limit_init();
    if (!is_header_overflow(sock, bufs, bufcnt) || (pd = calloc(1, sizeof(*pd))) == NULL) {
        real_write(sock, bufs, bufcnt, cb);
        return;
    }
    if (render_answer(pd) != PL_OK) {
        free(pd);
        real_write(sock, bufs, bufcnt, cb);
        return;
    }
    PL_LOG_DEBUG("request head too large", "status", "431");
    pd->sock = sock;
    pd->cb = cb;
    pd->next = pending_list;
    pending_list = pd;
    real_write(sock, &pd->buf, 1, on_answer_written);
}
