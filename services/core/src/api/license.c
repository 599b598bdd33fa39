#include "api/param.h"
#include "api/route.h"
#include "parley/err.h"

/* GET /api/v4/license/client?format=old: unlicensed (IsLicensed "false" is all clients need). */

static int get_client_license(http_request_t *r);

/* Hand-written: a prebuilt raw body on the loop. */
static const api_route_t routes[] = {
    {API_HANDWRITTEN("GET", "/api/v4/license/client", "getClientLicense", HTTP_ROUTE_AUTH_NONE, get_client_license,
                     HTTP_ROUTE_ON_LOOP)},
};

static int get_client_license(http_request_t *r)
{
    static const char body[] = "{\"IsLicensed\":\"false\",\"Cloud\":\"false\",\"IsTrial\":\"false\"}";
    if (api_param_format_old(r, "api.license.client.old_format.app_error") < 0)
        return HTTP_DONE;
    http_respond_raw(r, 200, "application/json", body, sizeof(body) - 1);
    return HTTP_DONE;
}

int api_license_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
