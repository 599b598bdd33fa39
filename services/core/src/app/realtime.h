#ifndef PARLEY_CORE_APP_REALTIME_H
#define PARLEY_CORE_APP_REALTIME_H

/*
 * What the realtime layer asks of app/ (through api/websocket.c's hooks): who a socket's token
 * belongs to with the channels and teams it hears, and whether its session still exists.
 * Blocking (libpq): call on a worker thread with that worker's connection.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>
#include "parley/id.h"

typedef char app_realtime_id_t[PL_ID_LEN + 1];

typedef struct app_realtime_auth {
    app_realtime_id_t user_id;
    app_realtime_id_t session_id;
    int64_t expires_at; /* ms, 0 never */
    bool is_admin;
    app_realtime_id_t *channels; /* malloc'ed: the caller frees (or takes) them */
    size_t nchannels;
    app_realtime_id_t *teams;
    size_t nteams;
} app_realtime_auth_t;

/** @return PL_OK, PL_ENOTFOUND (unknown, expired or revoked token) or PL_EIO. */
int app_realtime_authenticate(PGconn *db, const char *token, app_realtime_auth_t *out);
/** The session's current expiry (ms, 0 never). @return PL_OK, PL_ENOTFOUND (revoked) or PL_EIO. */
int app_realtime_session_expiry(PGconn *db, const char *session_id, int64_t *expires_at);

#endif
