#include <stdlib.h>
#include <string.h>
#include "api/param.h"
#include "api/route.h"
#include "app/system.h"
#include "model/config.h"
#include "parley/err.h"

/* GET /api/v4/config/client?format=old: flat string map; the full set for a session (trap T12). */

static int get_client_config(http_request_t *r);

/* Hand-written: one of two prebuilt raw bodies. */
static const api_route_t routes[] = {
    {API_HANDWRITTEN("GET", "/api/v4/config/client", "getClientConfig", HTTP_ROUTE_AUTH_SESSION_OPTIONAL, get_client_config, 0)},
};

static char *limited_json, *full_json;

static int get_client_config(http_request_t *r)
{
    if (api_param_format_old(r, "api.config.client.old_format.app_error") < 0)
        return HTTP_DONE;
    const char *body = r->session != NULL ? full_json : limited_json;
    http_respond_raw(r, 200, "application/json", body, strlen(body));
    http_response_header_add(r, "Cache-Control", "no-cache, no-store, must-revalidate");
    return HTTP_DONE;
}

static void free_cached(void)
{
    free(limited_json);
    free(full_json);
}

int api_config_register(http_router_t *router)
{
    const model_config_t *c = model_config_get();
    json_t *limited = app_client_config(c, false), *full = app_client_config(c, true);
    limited_json = json_dumps(limited, JSON_COMPACT);
    full_json = json_dumps(full, JSON_COMPACT);
    json_decref(limited);
    json_decref(full);
    if (limited_json == NULL || full_json == NULL)
        return PL_ERR;
    atexit(free_cached);
    return API_ROUTES_ADD(router, routes);
}
