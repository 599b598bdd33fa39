#include "api/respond.h"

#include "http/errors.h"

void api_respond_app_error(http_request_t *r, const app_error_t *e)
{
    http_error_param_t params[APP_ERROR_PARAMS_MAX];
    size_t n = e->nparams < APP_ERROR_PARAMS_MAX ? e->nparams : APP_ERROR_PARAMS_MAX;
    for (size_t i = 0; i < n; i++)
        params[i] = (http_error_param_t){e->params[i].name, e->params[i].value};
    http_respond_error_params(r, e->status ? e->status : 500, e->id ? e->id : "api.context.internal.app_error", params, n, "%s",
                              e->detail ? e->detail : "");
}
