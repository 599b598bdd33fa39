#include "app/app_error.h"

#include "store/db.h"

int app_error_set(app_error_t *e, int status, const char *id, const char *detail)
{
    e->status = status;
    e->id = id;
    e->detail = detail;
    return -1;
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
