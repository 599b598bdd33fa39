#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "api/api.h"
#include "app/components.h"
#include "app/realtime.h"
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
    {"GET", "/api/v4/websocket", HTTP_ROUTE_AUTH_NONE, ws_upgrade_handler,
     HTTP_ROUTE_ON_LOOP | HTTP_ROUTE_RAW | HTTP_ROUTE_HANDWRITTEN, 0, "websocket", NULL},
};

static int authenticate(PGconn *db, const char *token, ws_auth_t *out)
{
    app_realtime_auth_t a;
    int rc = app_realtime_authenticate(db, token, &a);
    if (rc != PL_OK)
        return rc;
    _Static_assert(sizeof(ws_id_t) == sizeof(app_realtime_id_t), "one id size");
    memcpy(out->user_id, a.user_id, sizeof(out->user_id));
    memcpy(out->session_id, a.session_id, sizeof(out->session_id));
    out->expires_at = a.expires_at;
    out->is_admin = a.is_admin;
    out->channels = (ws_id_t *)a.channels; /* ownership moves to ws/ */
    out->nchannels = a.nchannels;
    out->teams = (ws_id_t *)a.teams;
    out->nteams = a.nteams;
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

static json_t *get_statuses(PGconn *db, const char *const *ids, size_t n)
{
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
    return app_realtime_session_expiry(db, session_id, expires_at);
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
    s.reply_backlog = (uint32_t)cfg->parley.websocket_reply_backlog_bytes;
    s.write_timeout_ms = (uint32_t)cfg->parley.websocket_write_timeout_seconds * 1000u;
    s.site_url = cfg->service.site_url;
    s.allow_cors_from = cfg->service.allow_cors_from;
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
