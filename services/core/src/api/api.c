#include "api/api.h"

#include "http/errors.h"
#include "parley/err.h"

/*
 * Every REST resource, one line each: X(<resource>) makes api_<resource>_register part of the
 * server. Keep one resource per line (three engineers add lines here).
 */
#define API_RESOURCES(X)                                                                                              \
    X(system)                                                                                                          \
    X(config)                                                                                                          \
    X(license)                                                                                                         \
    X(metrics)                                                                                                         \
    X(users)                                                                                                           \
    X(status)                                                                                                          \
    X(preferences)                                                                                                     \
    X(roles)                                                                                                           \
    X(tokens)                                                                                                          \
    X(bots)                                                                                                            \
    X(websocket)

#define DECLARE(res) int api_##res##_register(http_router_t *router);
API_RESOURCES(DECLARE)
#undef DECLARE

int api_init(http_router_t *router)
{
#define CALL(res)                                                                                                      \
    if (api_##res##_register(router) != PL_OK)                                                                         \
        return PL_EINVAL;
    API_RESOURCES(CALL)
#undef CALL
    return PL_OK;
}

void api_respond_app_error(http_request_t *r, const app_error_t *e)
{
    http_error_param_t params[APP_ERROR_PARAMS_MAX];
    size_t n = e->nparams < APP_ERROR_PARAMS_MAX ? e->nparams : APP_ERROR_PARAMS_MAX;
    for (size_t i = 0; i < n; i++)
        params[i] = (http_error_param_t){e->params[i].name, e->params[i].value};
    http_respond_error_params(r, e->status ? e->status : 500, e->id ? e->id : "api.context.internal.app_error", params, n, "%s",
                              e->detail ? e->detail : "");
}
