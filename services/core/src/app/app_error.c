#include "app/app_error.h"

#include <stdio.h>
#include "parley/err.h"
#include "store/db.h"

int app_error_set(app_error_t *e, int status, const char *id, const char *detail)
{
    e->status = status;
    e->id = id;
    e->detail = detail;
    e->nparams = 0;
    return -1;
}

int app_error_param(app_error_t *e, const char *name, const char *value)
{
    if (e->nparams < APP_ERROR_PARAMS_MAX) {
        app_error_param_t *p = &e->params[e->nparams++];
        p->name = name;
        snprintf(p->value, sizeof(p->value), "%s", value ? value : "");
    }
    return -1;
}

int app_error_param_int(app_error_t *e, const char *name, long long value)
{
    char v[24];
    snprintf(v, sizeof(v), "%lld", value);
    return app_error_param(e, name, v);
}

int app_error_from_store(app_error_t *e, int store_rc, const char *id, int conflict_status)
{
    switch (store_rc) {
    case STORE_ENOTFOUND:
        return app_error_set(e, 404, id, "not found");
    case STORE_EUNIQUE:
    case STORE_ECONFLICT:
        return app_error_set(e, conflict_status == 400 ? 400 : 409, id, store_error_name(store_rc));
    case STORE_EINVAL:
        return app_error_set(e, 400, id, "invalid value");
    case STORE_ETIMEOUT:
        return app_error_set(e, 504, id, "database timeout");
    case STORE_EUNAVAIL:
        return app_error_set(e, 503, "api.context.server_busy.app_error", "database unavailable");
    default:
        return app_error_set(e, 500, id, "database error");
    }
}

int app_error_code_from_store(int store_rc)
{
    if (store_rc == STORE_OK)
        return PL_OK;
    return store_rc == STORE_ENOTFOUND ? PL_ENOTFOUND : PL_EIO;
}

int app_error_check_store(app_error_t *e, int store_rc, const char *id)
{
    return store_rc == STORE_OK ? 0 : app_error_from_store(e, store_rc, id, 0);
}
