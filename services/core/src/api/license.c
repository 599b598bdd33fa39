#include <string.h>
#include "api/api.h"
#include "parley/err.h"

/* GET /api/v4/license/client?format=old: unlicensed (IsLicensed "false" is all clients need). */

static int get_client_license(http_request_t *r);

static const http_route_t routes[] = {
    {"GET", "/api/v4/license/client", get_client_license, HTTP_ROUTE_ON_LOOP | HTTP_ROUTE_NO_AUTH, 0, "getClientLicense"},
};

static int get_client_license(http_request_t *r)
{
    static const char body[] = "{\"IsLicensed\":\"false\",\"Cloud\":\"false\",\"IsTrial\":\"false\"}";
    const char *format = http_request_query(r, "format");
    if (format == NULL || format[0] == '\0') {
        http_respond_error(r, 501, "api.license.client.old_format.app_error", NULL);
        return HTTP_DONE;
    }
    if (strcmp(format, "old") != 0) {
        http_respond_error(r, 400, "api.context.invalid_url_param.app_error", "format");
        return HTTP_DONE;
    }
    http_respond_raw(r, 200, "application/json", body, sizeof(body) - 1);
    return HTTP_DONE;
}

int api_license_register(http_router_t *router)
{
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}
