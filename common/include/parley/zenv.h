#ifndef PARLEY_ZENV_H
#define PARLEY_ZENV_H

#include <stddef.h>
#include <zmq.h>

/*
 * The ZeroMQ envelope of every proto/ message (see proto/README.md):
 *   [routing id (ROUTER sockets only)] ["PL1"] [type] [message id] [JSON body]
 * type is a short ASCII name ("push.job", "push.ack", "mail.job", "mail.cancel", "mail.ack");
 * the message id is a 26-character Mattermost id; the body is UTF-8 JSON of at most max_body
 * bytes (PL_ZENV_MAX_BODY unless the caller asks for less).
 */

#define PL_ZENV_MAGIC "PL1"
#define PL_ZENV_MAX_TYPE 31
#define PL_ZENV_MAX_ROUTING 255
#define PL_ZENV_MAX_BODY (256 * 1024)
/* ZMQ_MAXMSGSIZE set by pl_zenv_set_limits: a bigger frame makes ZeroMQ drop the connection. Bodies
 * between PL_ZENV_MAX_BODY and this still arrive, so the receiver can refuse them with an ack. */
#define PL_ZENV_MAX_FRAME (1024 * 1024)

typedef struct pl_zenv {
    char routing_id[PL_ZENV_MAX_ROUTING + 1]; /* ROUTER sockets: the peer's identity */
    size_t routing_id_len;                    /* 0 when none */
    char type[PL_ZENV_MAX_TYPE + 1];
    char msg_id[27];
    char *body; /* NUL-terminated heap copy, freed by pl_zenv_dispose */
    size_t body_len;
} pl_zenv_t;

/**
 * Receive one envelope (blocking unless flags has ZMQ_DONTWAIT). Every frame of the message is
 * consumed even when it is malformed, so the socket stays in step. A ROUTER socket (found with
 * ZMQ_TYPE) expects the routing frame first. max_body 0 means PL_ZENV_MAX_BODY. type must be
 * 1..31 of [a-z0-9._-]. On any error env->body is NULL (pl_zenv_dispose is still harmless).
 * @return PL_OK; PL_EAGAIN (nothing to read with ZMQ_DONTWAIT, or interrupted);
 *         PL_EINVAL (wrong frame count, magic, type, id) or PL_ETOOBIG (body over max_body):
 *         env->routing_id and, when it could be read, env->msg_id are still filled so the caller
 *         can answer with a refusal; PL_EIO on a socket error.
 */
int pl_zenv_recv(void *sock, pl_zenv_t *env, size_t max_body, int flags);
/**
 * Send one envelope; routing_id_len > 0 prepends the routing frame (ROUTER sockets).
 * @return PL_OK; PL_EINVAL (bad type or id: nothing sent); PL_ETOOBIG (body over PL_ZENV_MAX_BODY);
 *         PL_EAGAIN (ZMQ_DONTWAIT and the queue is full); PL_ENOTFOUND (ROUTER with
 *         ZMQ_ROUTER_MANDATORY: unknown peer); PL_EIO otherwise.
 */
int pl_zenv_send(void *sock, const pl_zenv_t *env, int flags);
/** Convenience: send type/msg_id/body (body_len bytes) to routing id rid (NULL for none). */
int pl_zenv_send_parts(void *sock, const char *rid, size_t rid_len, const char *type, const char *msg_id, const char *body,
                       size_t body_len, int flags);
void pl_zenv_dispose(pl_zenv_t *env);
/** Set ZMQ_MAXMSGSIZE to PL_ZENV_MAX_FRAME on a receiving socket (before bind/connect). */
int pl_zenv_set_limits(void *sock);

/**
 * Apply CURVE settings to a socket before bind/connect. Keys are Z85 (40 characters).
 * As server: the server's secret key (ZAP domain "parley"; clients are checked by the ZAP handler
 * of zap.h when one runs in the socket's context); as client: the server's public key and the
 * client's own key pair (which must match).
 * @return PL_OK, PL_EINVAL (bad key) or PL_EIO (libzmq without CURVE).
 */
int pl_zenv_curve_server(void *sock, const char *secret_key);
int pl_zenv_curve_client(void *sock, const char *server_public_key, const char *public_key, const char *secret_key);

#endif
