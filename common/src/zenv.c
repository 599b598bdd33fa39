#include "parley/zenv.h"
#include "parley/err.h"
#include "parley/id.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC_LEN 3

/* Progress of one received message: which frame comes next and what went wrong so far. */
typedef struct recv_state {
    pl_zenv_t *env;
    size_t max_body;
    int is_router;
    size_t index; /* frames seen */
    int invalid;  /* frame count, magic, type or id */
    int too_big;
} recv_state_t;

static int errno_to_pl(int err)
{
    if (err == EAGAIN || err == EINTR)
        return PL_EAGAIN;
    if (err == EHOSTUNREACH)
        return PL_ENOTFOUND;
    return PL_EIO;
}

static int socket_is_router(void *sock)
{
    int type = 0;
    size_t len = sizeof(type);
    return zmq_getsockopt(sock, ZMQ_TYPE, &type, &len) == 0 && type == ZMQ_ROUTER;
}

/* A type is 1..PL_ZENV_MAX_TYPE characters of [a-z0-9._-]. */
static int type_valid(const char *p, size_t len)
{
    if (len == 0 || len > PL_ZENV_MAX_TYPE)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static void take_routing(recv_state_t *st, const char *p, size_t len)
{
    if (len == 0 || len > PL_ZENV_MAX_ROUTING) {
        st->invalid = 1;
        return;
    }
    memcpy(st->env->routing_id, p, len);
    st->env->routing_id_len = len;
}

static void take_body(recv_state_t *st, const char *p, size_t len)
{
    if (len > st->max_body) {
        st->too_big = 1;
        return;
    }
    st->env->body = malloc(len + 1);
    if (st->env->body == NULL) {
        st->too_big = 1;
        return;
    }
    if (len > 0)
        memcpy(st->env->body, p, len);
    st->env->body[len] = '\0';
    st->env->body_len = len;
}

/* Check and keep one frame; frame 0 is the routing id on a ROUTER socket. */
static void take_frame(recv_state_t *st, const char *p, size_t len)
{
    size_t pos = st->index++;
    if (st->is_router && pos == 0) {
        take_routing(st, p, len);
        return;
    }
    pos -= (size_t)st->is_router;
    if (pos == 0) {
        st->invalid |= len != MAGIC_LEN || memcmp(p, PL_ZENV_MAGIC, MAGIC_LEN) != 0;
    } else if (pos == 1) {
        if (type_valid(p, len)) {
            memcpy(st->env->type, p, len);
            st->env->type[len] = '\0';
        } else
            st->invalid = 1;
    } else if (pos == 2) {
        if (pl_id_valid(p, len)) {
            memcpy(st->env->msg_id, p, len);
            st->env->msg_id[len] = '\0';
        } else
            st->invalid = 1;
    } else if (pos == 3) {
        take_body(st, p, len);
    } else {
        st->invalid = 1; /* too many frames */
    }
}

static void env_clear(pl_zenv_t *env)
{
    env->routing_id[0] = '\0';
    env->routing_id_len = 0;
    env->type[0] = '\0';
    env->msg_id[0] = '\0';
    env->body = NULL;
    env->body_len = 0;
}

int pl_zenv_recv(void *sock, pl_zenv_t *env, size_t max_body, int flags)
{
    recv_state_t st = {
        env, max_body == 0 || max_body > PL_ZENV_MAX_BODY ? PL_ZENV_MAX_BODY : max_body, socket_is_router(sock), 0, 0, 0};
    zmq_msg_t msg;
    int more = 1, rc = PL_OK;
    env_clear(env);
    zmq_msg_init(&msg);
    while (more) {
        /* only the first frame may block or be absent: the rest of a message arrives with it */
        if (zmq_msg_recv(&msg, sock, st.index == 0 ? flags : 0) < 0) {
            rc = errno_to_pl(errno);
            break;
        }
        take_frame(&st, zmq_msg_data(&msg), zmq_msg_size(&msg));
        more = zmq_msg_more(&msg);
    }
    zmq_msg_close(&msg);
    if (rc == PL_OK && (st.invalid || st.index != 4 + (size_t)st.is_router))
        rc = PL_EINVAL;
    else if (rc == PL_OK && st.too_big)
        rc = PL_ETOOBIG;
    if (rc != PL_OK)
        pl_zenv_dispose(env);
    return rc;
}

static int send_frame(void *sock, const void *p, size_t len, int flags)
{
    return zmq_send(sock, p, len, flags) < 0 ? errno_to_pl(errno) : PL_OK;
}

int pl_zenv_send_parts(void *sock, const char *rid, size_t rid_len, const char *type, const char *msg_id, const char *body,
                       size_t body_len, int flags)
{
    if (type == NULL || !type_valid(type, strlen(type)) || msg_id == NULL || !pl_id_valid(msg_id, strlen(msg_id)) ||
        (body == NULL && body_len > 0) || rid_len > PL_ZENV_MAX_ROUTING || (rid == NULL && rid_len > 0))
        return PL_EINVAL;
    if (body_len > PL_ZENV_MAX_BODY)
        return PL_ETOOBIG;
    int more = flags | ZMQ_SNDMORE;
    int rc = rid_len > 0 ? send_frame(sock, rid, rid_len, more) : PL_OK;
    if (rc == PL_OK)
        rc = send_frame(sock, PL_ZENV_MAGIC, MAGIC_LEN, more);
    if (rc == PL_OK)
        rc = send_frame(sock, type, strlen(type), more);
    if (rc == PL_OK)
        rc = send_frame(sock, msg_id, PL_ID_LEN, more);
    if (rc == PL_OK)
        rc = send_frame(sock, body != NULL ? body : "", body_len, flags);
    return rc;
}

int pl_zenv_send(void *sock, const pl_zenv_t *env, int flags)
{
    return pl_zenv_send_parts(sock, env->routing_id, env->routing_id_len, env->type, env->msg_id, env->body, env->body_len, flags);
}

void pl_zenv_dispose(pl_zenv_t *env)
{
    free(env->body);
    env->body = NULL;
    env->body_len = 0;
}

int pl_zenv_set_limits(void *sock)
{
    int64_t max = PL_ZENV_MAX_FRAME;
    return zmq_setsockopt(sock, ZMQ_MAXMSGSIZE, &max, sizeof(max)) == 0 ? PL_OK : PL_EIO;
}

/* Decode a 40-character Z85 key into 32 bytes. */
static int key_decode(const char *z85, uint8_t out[32])
{
    if (z85 == NULL || strlen(z85) != 40)
        return PL_EINVAL;
    return zmq_z85_decode(out, z85) != NULL ? PL_OK : PL_EINVAL;
}

static int set_key(void *sock, int option, const char *z85)
{
    uint8_t key[32];
    if (key_decode(z85, key) != PL_OK)
        return PL_EINVAL;
    return zmq_setsockopt(sock, option, key, sizeof(key)) == 0 ? PL_OK : PL_EIO;
}

int pl_zenv_curve_server(void *sock, const char *secret_key)
{
    int on = 1;
    if (!zmq_has("curve"))
        return PL_EIO;
    int rc = set_key(sock, ZMQ_CURVE_SECRETKEY, secret_key);
    if (rc == PL_OK && zmq_setsockopt(sock, ZMQ_CURVE_SERVER, &on, sizeof(on)) != 0)
        rc = PL_EIO;
    if (rc == PL_OK && zmq_setsockopt(sock, ZMQ_ZAP_DOMAIN, "parley", 6) != 0)
        rc = PL_EIO;
    return rc;
}

int pl_zenv_curve_client(void *sock, const char *server_public_key, const char *public_key, const char *secret_key)
{
    char derived[41];
    uint8_t check[32];
    if (!zmq_has("curve"))
        return PL_EIO;
    if (key_decode(public_key, check) != PL_OK || key_decode(secret_key, check) != PL_OK ||
        zmq_curve_public(derived, secret_key) != 0 || strcmp(derived, public_key) != 0)
        return PL_EINVAL;
    int rc = set_key(sock, ZMQ_CURVE_SERVERKEY, server_public_key);
    if (rc == PL_OK)
        rc = set_key(sock, ZMQ_CURVE_PUBLICKEY, public_key);
    if (rc == PL_OK)
        rc = set_key(sock, ZMQ_CURVE_SECRETKEY, secret_key);
    return rc;
}
