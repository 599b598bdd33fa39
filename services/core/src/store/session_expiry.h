#ifndef PARLEY_CORE_STORE_SESSION_EXPIRY_H
#define PARLEY_CORE_STORE_SESSION_EXPIRY_H

/* A session's current expiry, re-read by the realtime layer when its cached expiry passed. */

#include <stdint.h>
#include <libpq-fe.h>

/** *expires_at: ms, 0 never. @return STORE_OK, STORE_ENOTFOUND (revoked) or a STORE_E* code. */
int store_session_expiry_get(PGconn *db, const char *session_id, int64_t *expires_at);

#endif
