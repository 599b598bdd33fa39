#ifndef PARLEY_CORE_WS_HOOKS_H
#define PARLEY_CORE_WS_HOOKS_H

/*
 * What the realtime layer needs from app/ (sessions, memberships, statuses). ws/ sits below app/
 * in the link order, so api/websocket.c fills this table with app/ functions at registration.
 * Every hook runs on a worker thread with that worker's connection. The table lives in hooks.c
 * (bottom of ws/'s inner order).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "parley/id.h"

struct pg_conn;

typedef char ws_id_t[PL_ID_LEN + 1];

typedef struct ws_auth {
    ws_id_t user_id;
    ws_id_t session_id;
    int64_t expires_at; /* ms, 0 = never */
    bool is_admin;
    ws_id_t *channels; /* malloc'ed by the hook (freed by ws/) */
    size_t nchannels;
    ws_id_t *teams;
    size_t nteams;
    int64_t loaded_since; /* set by ws/, not the hook: mono ms before the memberships were read */
} ws_auth_t;

enum { WS_STATUS_ONLINE = 0, WS_STATUS_AWAY = 1, WS_STATUS_OFFLINE = 2 };

typedef struct ws_hooks {
    /** Resolve a session token and load the user's channel and team memberships.
     *  @return PL_OK, PL_ENOTFOUND (unknown/expired/revoked: the socket is closed) or PL_EIO. */
    int (*authenticate)(struct pg_conn *db, const char *token, ws_auth_t *out);
    /** Automatic status change (a manual status wins; status_change is published by app/). */
    void (*set_status)(struct pg_conn *db, const char *user_id, int status, bool manual);
    /** {"<uid>":"<status>"} of ids (n >= 1; get_statuses answers from ws/statuses.c). NULL on failure. */
    json_t *(*get_statuses)(struct pg_conn *db, const char *const *ids, size_t n);
    /** The session's current expiry (ms, 0 = never) when it still exists: sessions extended by
     *  activity keep their sockets. @return PL_OK, PL_ENOTFOUND (revoked) or PL_EIO. */
    int (*session_expiry)(struct pg_conn *db, const char *session_id, int64_t *expires_at);
} ws_hooks_t;

/** Install the hooks (before the server starts). */
void ws_hooks_set(const ws_hooks_t *hooks);
const ws_hooks_t *ws_hooks_get(void);

#endif
