#ifndef PARLEY_ZAP_H
#define PARLEY_ZAP_H

#include <stddef.h>

/*
 * A ZeroMQ authentication handler (ZAP, RFC 27) for CURVE servers set up with pl_zenv_curve_server.
 * It runs on its own thread with a REP socket bound to inproc://zeromq.zap.01 in the given context,
 * so it covers every socket of that context (one handler per context). A CURVE client is allowed
 * when its public key is in the list, or when the list is empty (any client holding the server's
 * public key); refusals are logged with the client's address and key. The user id of an allowed
 * client is its Z85 public key (zmq_msg_gets(msg, "User-Id")). NULL-mechanism sockets are allowed;
 * PLAIN is refused.
 */

typedef struct pl_zap pl_zap_t;

/**
 * Bind the handler and start its thread; it is in place when this returns.
 * @param allowed_public_keys_z85 n keys of 40 Z85 characters (copied).
 * @return the handler, or NULL (bad key, or a handler is already bound in this context).
 */
pl_zap_t *pl_zap_create(void *zctx, const char *const *allowed_public_keys_z85, size_t n);
/** Stop the thread and close its socket; call before zmq_ctx_term. NULL is allowed. */
void pl_zap_destroy(pl_zap_t *zap);

#endif
