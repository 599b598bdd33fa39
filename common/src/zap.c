#include "parley/zap.h"
#include "parley/err.h"
#include "parley/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define ZAP_POLL_MS 100
#define ZAP_MAX_FRAMES 8 /* version, request id, domain, address, identity, mechanism, credentials */
#define ZAP_FRAME_MAX 256

struct pl_zap {
    void *sock;
    pthread_t thread;
    atomic_int stop;
    uint8_t (*keys)[32];
    size_t nkeys;
};

/* One request: frames copied (each capped), plus their count. */
typedef struct zap_request {
    char frame[ZAP_MAX_FRAMES][ZAP_FRAME_MAX + 1];
    size_t len[ZAP_MAX_FRAMES];
    size_t nframes;
} zap_request_t;

enum { F_VERSION, F_REQUEST_ID, F_DOMAIN, F_ADDRESS, F_IDENTITY, F_MECHANISM, F_CREDENTIALS };

/* Read every frame of one request. @return PL_OK, PL_EAGAIN (nothing yet) or PL_EIO. */
static int request_recv(void *sock, zap_request_t *req)
{
    zmq_msg_t msg;
    int more = 1, rc = PL_OK;
    req->nframes = 0;
    zmq_msg_init(&msg);
    for (size_t i = 0; more; i++) {
        if (zmq_msg_recv(&msg, sock, 0) < 0) {
            rc = i == 0 && errno == EAGAIN ? PL_EAGAIN : PL_EIO;
            break;
        }
        size_t len = zmq_msg_size(&msg);
        if (i < ZAP_MAX_FRAMES) {
            req->len[i] = len < ZAP_FRAME_MAX ? len : ZAP_FRAME_MAX;
            memcpy(req->frame[i], zmq_msg_data(&msg), req->len[i]);
            req->frame[i][req->len[i]] = '\0';
        }
        req->nframes = i + 1;
        more = zmq_msg_more(&msg);
    }
    zmq_msg_close(&msg);
    return rc;
}

static int frame_is(const zap_request_t *req, size_t i, const char *s)
{
    return i < req->nframes && req->len[i] == strlen(s) && memcmp(req->frame[i], s, req->len[i]) == 0;
}

static int key_allowed(const pl_zap_t *zap, const uint8_t *key)
{
    if (zap->nkeys == 0)
        return 1;
    for (size_t i = 0; i < zap->nkeys; i++)
        if (memcmp(zap->keys[i], key, 32) == 0)
            return 1;
    return 0;
}

/* Decide: "200" or "400"/"500"; user_id receives the client's key for CURVE. */
static const char *request_decide(const pl_zap_t *zap, const zap_request_t *req, char user_id[41])
{
    user_id[0] = '\0';
    if (!frame_is(req, F_VERSION, "1.0") || req->nframes < F_CREDENTIALS)
        return "500";
    if (frame_is(req, F_MECHANISM, "NULL"))
        return "200";
    if (!frame_is(req, F_MECHANISM, "CURVE") || req->nframes != F_CREDENTIALS + 1 || req->len[F_CREDENTIALS] != 32)
        return "400";
    const uint8_t *key = (const uint8_t *)req->frame[F_CREDENTIALS];
    zmq_z85_encode(user_id, key, 32);
    if (key_allowed(zap, key))
        return "200";
    PL_LOG_WARN("zap: refused CURVE client", "address", req->frame[F_ADDRESS], "client_public_key", user_id);
    user_id[0] = '\0';
    return "400";
}

static void reply_send(void *sock, const zap_request_t *req, const char *status, const char *user_id)
{
    const char *text = strcmp(status, "200") == 0 ? "OK" : strcmp(status, "400") == 0 ? "Unauthorized" : "Bad request";
    zmq_send(sock, "1.0", 3, ZMQ_SNDMORE);
    zmq_send(sock, req->frame[F_REQUEST_ID], req->nframes > F_REQUEST_ID ? req->len[F_REQUEST_ID] : 0, ZMQ_SNDMORE);
    zmq_send(sock, status, 3, ZMQ_SNDMORE);
    zmq_send(sock, text, strlen(text), ZMQ_SNDMORE);
    zmq_send(sock, user_id, strlen(user_id), ZMQ_SNDMORE);
    zmq_send(sock, "", 0, 0);
}

static void *zap_main(void *arg)
{
    pl_zap_t *zap = arg;
    zap_request_t *req = malloc(sizeof(*req));
    char user_id[41];
    while (req != NULL && !atomic_load(&zap->stop)) {
        int rc = request_recv(zap->sock, req);
        if (rc == PL_EAGAIN)
            continue;
        if (rc != PL_OK)
            break;
        reply_send(zap->sock, req, request_decide(zap, req, user_id), user_id);
    }
    free(req);
    /* Unbind first: an inproc unbind is synchronous, a close alone frees the endpoint later. */
    zmq_unbind(zap->sock, ZAP_ENDPOINT);
    zmq_close(zap->sock);
    return NULL;
}

static void zap_free(pl_zap_t *zap)
{
    free(zap->keys);
    free(zap);
}

static int keys_load(pl_zap_t *zap, const char *const *keys_z85, size_t n)
{
    zap->keys = n > 0 ? calloc(n, sizeof(*zap->keys)) : NULL;
    if (n > 0 && zap->keys == NULL)
        return PL_ERR;
    for (size_t i = 0; i < n; i++) {
        if (keys_z85[i] == NULL || strlen(keys_z85[i]) != 40 || zmq_z85_decode(zap->keys[i], keys_z85[i]) == NULL) {
            PL_LOG_ERROR("zap: invalid client public key (want 40 Z85 characters)");
            return PL_EINVAL;
        }
    }
    zap->nkeys = n;
    return PL_OK;
}

pl_zap_t *pl_zap_create(void *zctx, const char *const *allowed_public_keys_z85, size_t n)
{
    int timeout = ZAP_POLL_MS, linger = 0, rc = PL_ERR;
    pl_zap_t *zap = calloc(1, sizeof(*zap));
    if (zap == NULL)
        return NULL;
    if (keys_load(zap, allowed_public_keys_z85, n) != PL_OK)
        goto Exit;
    zap->sock = zmq_socket(zctx, ZMQ_REP);
    if (zap->sock == NULL)
        goto Exit;
    zmq_setsockopt(zap->sock, ZMQ_RCVTIMEO, &timeout, sizeof(timeout));
    zmq_setsockopt(zap->sock, ZMQ_LINGER, &linger, sizeof(linger));
    if (zmq_bind(zap->sock, ZAP_ENDPOINT) != 0) {
        PL_LOG_ERROR("zap: cannot bind " ZAP_ENDPOINT, "error", zmq_strerror(errno));
        goto Exit;
    }
    if (pthread_create(&zap->thread, NULL, zap_main, zap) == 0)
        rc = PL_OK;
Exit:
    if (rc != PL_OK) {
        if (zap->sock != NULL)
            zmq_close(zap->sock);
        zap_free(zap);
        zap = NULL;
    }
    return zap;
}

void pl_zap_destroy(pl_zap_t *zap)
{
    if (zap == NULL)
        return;
    atomic_store(&zap->stop, 1);
    pthread_join(zap->thread, NULL);
    zap_free(zap);
}
