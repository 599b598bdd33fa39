#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "api/route.h"
#include "app/system.h"
#include "model/config.h"
#include "parley/err.h"
#include "parley/log.h"

/* GET /api/v4/system/ping: plain ping stays on the loop (a prebuilt body); with
 * get_server_status=true it moves to a worker to check the database and the file store. */

static int ping(http_request_t *r);
static int ping_status(http_request_t *r);
static int healthz(http_request_t *r);

#define CLIENT_LOG_MAX_MESSAGE 400

static char ping_body[512];
static size_t ping_len;

static json_t *ping_object(const model_config_t *c, const char *status)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "status", status, "AndroidLatestVersion",
                     c->client_requirements.android_latest_version, "AndroidMinVersion", c->client_requirements.android_min_version,
                     "IosLatestVersion", c->client_requirements.ios_latest_version, "IosMinVersion",
                     c->client_requirements.ios_min_version, "ActiveSearchBackend", "database");
}

static int ping(http_request_t *r)
{
    if (http_request_query_bool(r, "get_server_status", false)) {
        http_request_continue_on_worker(r, ping_status);
        return HTTP_DONE;
    }
    http_respond_raw(r, 200, "application/json", ping_body, ping_len);
    return HTTP_DONE;
}

static int ping_status(http_request_t *r)
{
    const model_config_t *c = model_config_get();
    bool db_ok = app_system_database_ok(r->db);
    bool fs_ok = app_system_filestore_ok(c);
    const char *status = db_ok && fs_ok ? "OK" : "UNHEALTHY";
    json_t *o = ping_object(c, status);
    json_object_set_new(o, "database_status", json_string(db_ok ? "OK" : "UNHEALTHY"));
    json_object_set_new(o, "filestore_status", json_string(fs_ok ? "OK" : "UNHEALTHY"));
    http_response_header_add(r, "status", status);
    http_response_header_add(r, "database_status", db_ok ? "OK" : "UNHEALTHY");
    http_response_header_add(r, "filestore_status", fs_ok ? "OK" : "UNHEALTHY");
    int code = db_ok && fs_ok ? 200 : 500;
    if (code != 200 && http_request_query_bool(r, "use_rest_semantics", false))
        code = 200;
    http_respond_json(r, code, o);
    return HTTP_DONE;
}

static int healthz(http_request_t *r)
{
    http_respond_ok(r);
    return HTTP_DONE;
}

/* POST /api/v4/logs: anonymous callers only in developer mode, as in Mattermost (checked before the body). */
static int client_log_allowed(api_call_t *c)
{
    if (!model_config_get()->service.enable_developer && c->session == NULL)
        return app_error_set(&c->err, 403, "api.context.permissions.app_error", "client logs need a session");
    return 0;
}

/* {"level","message"}: a client's log line written to our log (webapp error reporting); echoes the map. */
static int post_log(api_call_t *c)
{
    const char *level = json_string_value(json_object_get(c->json, "level"));
    const char *message = json_string_value(json_object_get(c->json, "message"));
    char msg[CLIENT_LOG_MAX_MESSAGE + 1];
    snprintf(msg, sizeof(msg), "%s", message ? message : "");
    if (level != NULL && strcasecmp(level, "error") == 0)
        PL_LOG_ERROR("client log", "client_message", msg, "request_id", c->r->request_id);
    else
        PL_LOG_DEBUG("client log", "client_message", msg, "request_id", c->r->request_id);
    c->out = json_pack("{s:s, s:s}", "level", level ? level : "", "message", msg);
    return 0;
}

#define NONE HTTP_ROUTE_AUTH_NONE
static const api_route_t routes[] = {
    {API_HANDWRITTEN("GET", "/api/v4/system/ping", "getSystemPing", NONE, ping, HTTP_ROUTE_ON_LOOP)},
    {API_ROUTE("POST", "/api/v4/logs", "postLog", HTTP_ROUTE_AUTH_SESSION_OPTIONAL), API_PERM_CHECK(client_log_allowed),
     .check_before_body = true, .body = &api_route_json_object, .call = post_log},
    /* Liveness for orchestrators (Helm startupProbe uses /healthz): the process answers. */
    {API_HANDWRITTEN("GET", "/healthz", "healthz", NONE, healthz, HTTP_ROUTE_ON_LOOP)},
};

int api_system_register(http_router_t *router)
{
    json_t *o = ping_object(model_config_get(), "OK");
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (s == NULL)
        return PL_ERR;
    ping_len = strlen(s);
    if (ping_len >= sizeof(ping_body)) {
        free(s);
        return PL_ETOOBIG;
    }
    memcpy(ping_body, s, ping_len + 1);
    free(s);
    return API_ROUTES_ADD(router, routes);
}
