#ifndef PARLEY_PUSH_PROXY_APNS_H
#define PARLEY_PUSH_PROXY_APNS_H

#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>

#include "push.h"

/* APNs internals shared by apns.c (queues, retries) and apns_conn.c (TLS + HTTP/2 connection). */

typedef struct apns_pool apns_pool_t;
typedef struct apns_conn apns_conn_t;

typedef struct apns_stream {
    push_job_t *job; /* NULL once handed back */
    apns_conn_t *conn;
    pl_buf_t body;
    size_t off;
    int status;
    char resp[1024];
    size_t resp_len;
    int64_t sent_ms;
    int32_t sid;
    struct apns_stream *prev, *next;
} apns_stream_t;

typedef enum { C_IDLE, C_RESOLVING, C_CONNECTING, C_TLS, C_READY } apns_state_t;

struct apns_conn {
    apns_pool_t *pool;
    int id;
    int fd;
    SSL *ssl;
    nghttp2_session *h2;
    apns_state_t state;
    bool goaway, got_reply, dead;
    uint32_t max_streams;
    int active;
    int64_t retry_at_ms;
    int backoff_ms;
    char wbuf[65536];
    size_t wlen, woff;
    apns_stream_t *streams;
    struct push_resolve *resolve;       /* C_RESOLVING: fd is its pipe */
    struct addrinfo *addrs, *next_addr; /* C_CONNECTING / C_TLS: the addresses not tried yet */
};

struct apns_pool {
    const push_target_t *t;
    SSL_CTX *ssl_ctx;
    void *key;
    char jwt[512];
    int64_t jwt_iat, jwt_made_ms;
    char host[256], authority[300];
    int port;
    char error[256]; /* non-empty: the target could not be initialised */
    apns_conn_t *conns;
    int nconns;
    push_job_t *qhead, *qtail, *delayed;
    long qlen;
};

/* apns_conn.c */
void apns_conn_start(apns_conn_t *c, int64_t now_ms);
/** Handle poll events; @return 0, or -1 when the connection failed (already torn down). */
int apns_conn_io(apns_conn_t *c, short revents, int64_t now_ms);
/** Flush nghttp2 output to the socket. @return 0 or -1 on failure (torn down). */
int apns_conn_flush(apns_conn_t *c);
/** Tear down: every stream's job goes back to the pool queue (front). */
void apns_conn_close(apns_conn_t *c, const char *why, int64_t now_ms);
short apns_conn_events(const apns_conn_t *c);
int apns_conn_submit(apns_conn_t *c, push_job_t *job);

/* apns.c */
void apns_pool_requeue_front(apns_pool_t *p, push_job_t *job);
void apns_on_response(apns_stream_t *s, int64_t now_ms);
void apns_on_stream_lost(apns_stream_t *s, uint32_t error_code, int64_t now_ms);
/** "bearer <ES256 JWT>" for token auth (NULL for certificate auth); renewed after 50 minutes. */
const char *apns_bearer(apns_pool_t *p);
/** APNs refuses a new token within 20 minutes of the last one (TooManyProviderTokenUpdates). */
bool apns_token_renewable(const apns_pool_t *p);

#endif
