#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>
#include "api/api.h"
#include "app/components.h"
#include "app/sessions.h"
#include "app/status.h"
#include "cluster/cluster.h"
#include "http/server.h"
#include "model/config.h"
#include "parley/err.h"
#include "parley/log.h"
#include "ws/hooks.h"
#include "ws/ws.h"

/*
 * GET /api/v4/websocket and the glue between the realtime layer (ws/, cluster/) and app/:
 * session lookup, memberships, automatic statuses.
 */

static const http_route_t routes[] = {
    {"GET", "/api/v4/websocket", ws_upgrade_handler, HTTP_ROUTE_ON_LOOP | HTTP_ROUTE_NO_AUTH | HTTP_ROUTE_RAW, 0, "websocket"},
};

/* Memberships come from the channel/team member tables once they exist (teams/channels issue). */
static int load_memberships(PGconn *db, ws_auth_t *a)
{
    const char *params[1] = {a->user_id};
    PGresult *res =
        PQexecParams(db, "SELECT 'c', channel_id FROM channel_members WHERE user_id = $1", 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0) {
        int n = PQntuples(res);
        a->channels = calloc((size_t)n, sizeof(ws_id_t));
        if (a->channels == NULL)
            abort();
        for (int i = 0; i < n; i++) {
            const char *v = PQgetvalue(res, i, 1);
            if (pl_id_valid(v, strlen(v)))
                memcpy(a->channels[a->nchannels++], v, PL_ID_LEN + 1);
        }
    }
    PQclear(res);
    res = PQexecParams(db, "SELECT team_id FROM team_members WHERE user_id = $1 AND delete_at = 0", 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0) {
        int n = PQntuples(res);
        a->teams = calloc((size_t)n, sizeof(ws_id_t));
        if (a->teams == NULL)
            abort();
        for (int i = 0; i < n; i++) {
            const char *v = PQgetvalue(res, i, 0);
            if (pl_id_valid(v, strlen(v)))
                memcpy(a->teams[a->nteams++], v, PL_ID_LEN + 1);
        }
    }
    PQclear(res);
    return PL_OK;
}

/* Tables only appear (migrations run at start): remember a yes for good, re-ask a no every 10 s. */
static int table_exists(PGconn *db, const char *name)
{
    static _Atomic long long seen_at[2];
    int slot = strcmp(name, "channel_members") == 0 ? 0 : 1;
    long long v = seen_at[slot], now = (long long)time(NULL);
    if (v < 0)
        return 1;
    if (v > 0 && now - v < 10)
        return 0;
    const char *params[1] = {name};
    PGresult *res = PQexecParams(db, "SELECT to_regclass($1) IS NOT NULL", 1, NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    seen_at[slot] = ok ? -1 : now;
    return ok;
}

static int authenticate(PGconn *db, const char *token, ws_auth_t *out)
{
    app_session_t s;
    int rc = app_sessions_lookup(db, token, &s);
    if (rc != PL_OK)
        return rc == PL_EIO ? PL_EIO : PL_ENOTFOUND;
    memcpy(out->user_id, s.user_id, PL_ID_LEN + 1);
    memcpy(out->session_id, s.id, PL_ID_LEN + 1);
    out->expires_at = s.expires_at;
    out->is_admin = app_sessions_has_role(&s, "system_admin");
    if (table_exists(db, "channel_members") && table_exists(db, "team_members"))
        return load_memberships(db, out);
    if (table_exists(db, "channel_members")) {
        /* channels without teams (until the teams table exists) */
        const char *params[1] = {out->user_id};
        PGresult *res =
            PQexecParams(db, "SELECT channel_id FROM channel_members WHERE user_id = $1", 1, NULL, params, NULL, NULL, 0);
        int n = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : 0;
        out->channels = n > 0 ? calloc((size_t)n, sizeof(ws_id_t)) : NULL;
        for (int i = 0; i < n; i++) {
            const char *v = PQgetvalue(res, i, 0);
            if (pl_id_valid(v, strlen(v)))
                memcpy(out->channels[out->nchannels++], v, PL_ID_LEN + 1);
        }
        PQclear(res);
    }
    return PL_OK;
}

static void set_status(PGconn *db, const char *user_id, int status, bool manual)
{
    static const char *const names[] = {APP_STATUS_ONLINE, APP_STATUS_AWAY, APP_STATUS_OFFLINE};
    int rc;
    if (manual)
        rc = app_status_set_manual(db, user_id, names[status], 0, NULL);
    else if (status == WS_STATUS_ONLINE)
        rc = app_status_set_online(db, user_id, NULL);
    else if (status == WS_STATUS_AWAY)
        rc = app_status_set_away(db, user_id, NULL);
    else
        rc = app_status_set_offline(db, user_id, NULL);
    if (rc != PL_OK)
        PL_LOG_WARN("ws: status update failed", "user_id", user_id, "error", pl_err_name(rc));
}

static json_t *all_statuses(PGconn *db)
{
    PGresult *res = PQexec(db, "SELECT user_id, status FROM status WHERE status <> 'offline' LIMIT 100000");
    json_t *out = NULL;
    if (PQresultStatus(res) == PGRES_TUPLES_OK) {
        out = json_object();
        for (int i = 0; i < PQntuples(res); i++)
            json_object_set_new(out, PQgetvalue(res, i, 0), json_string(PQgetvalue(res, i, 1)));
    }
    PQclear(res);
    return out;
}

static json_t *get_statuses(PGconn *db, const char *const *ids, size_t n)
{
    if (n == 0)
        return all_statuses(db);
    json_t *arr = json_array(), *list = NULL, *out = NULL;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(ids[i]));
    app_error_t e = {0};
    if (app_status_get_many(db, arr, &list, &e) == 0) {
        out = json_object();
        size_t i;
        json_t *st;
        json_array_foreach(list, i, st)
        {
            const char *uid = json_string_value(json_object_get(st, "user_id"));
            const char *v = json_string_value(json_object_get(st, "status"));
            if (uid != NULL && v != NULL)
                json_object_set_new(out, uid, json_string(v));
        }
    }
    json_decref(list);
    json_decref(arr);
    return out;
}

/* Re-read the expiry of a session whose cached expiry passed (ExtendSessionLengthWithActivity). */
static int session_expiry(PGconn *db, const char *session_id, int64_t *expires_at)
{
    const char *params[1] = {session_id};
    PGresult *res = PQexecParams(db, "SELECT expires_at FROM sessions WHERE id = $1", 1, NULL, params, NULL, NULL, 0);
    int rc = PL_EIO;
    if (PQresultStatus(res) == PGRES_TUPLES_OK) {
        rc = PQntuples(res) == 1 ? PL_OK : PL_ENOTFOUND;
        if (rc == PL_OK)
            *expires_at = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    }
    PQclear(res);
    return rc;
}

int api_websocket_register(http_router_t *router)
{
    const model_config_t *cfg = model_config_get();
    ws_settings_t s;
    ws_settings_default(&s);
    s.send_queue = (uint32_t)cfg->parley.websocket_send_queue;
    s.resume_window_ms = (uint32_t)cfg->parley.websocket_resume_seconds * 1000u;
    s.ping_interval_ms = (uint32_t)cfg->parley.websocket_ping_seconds * 1000u;
    s.pong_timeout_ms = (uint32_t)cfg->parley.websocket_pong_timeout_seconds * 1000u;
    s.typing_enabled = cfg->service.enable_user_typing_messages;
    ws_hooks_t hooks = {authenticate, set_status, get_statuses, session_expiry};
    ws_hooks_set(&hooks);
    int rc = ws_init(&s);
    if (rc == PL_OK)
        ws_metrics_register(http_server_metrics());
    if (rc == PL_OK && cfg->parley.cluster_enable) {
        static cluster_settings_t cs;
        cs = (cluster_settings_t){cfg->sql.data_source,
                                  cfg->parley.cluster_bind_address,
                                  cfg->parley.cluster_advertise_address,
                                  cfg->parley.cluster_heartbeat_ms,
                                  cfg->parley.cluster_curve_secret_key,
                                  cfg->parley.cluster_curve_public_key};
        app_component_t comp = {"cluster", cluster_start, cluster_stop, &cs};
        rc = app_components_add(&comp);
    }
    if (rc != PL_OK)
        return rc;
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}
