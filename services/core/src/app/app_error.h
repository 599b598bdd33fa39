#ifndef PARLEY_CORE_APP_APP_ERROR_H
#define PARLEY_CORE_APP_APP_ERROR_H

#include <stddef.h>

/*
 * What app/ functions return to api/ on failure: an HTTP status and a Mattermost error id (a row of
 * proto/errors/catalog.tsv), an optional detail (shown to clients only in developer mode or for < 500)
 * and the parameters the catalog message's {{.Param}} placeholders take (Mattermost's AppError params).
 * api/ answers with api_respond_app_error(r, &err) (api/api.h). Store codes cross into app/ in one
 * place only: app_error_from_store (AppErrors) and app_error_code_from_store (PL_* codes).
 */

#define APP_ERROR_PARAMS_MAX 2
#define APP_ERROR_VALUE_MAX 64

typedef struct app_error_param {
    const char *name; /* static: "Min" for {{.Min}} */
    char value[APP_ERROR_VALUE_MAX];
} app_error_param_t;

typedef struct app_error {
    int status;         /* 0: no error */
    const char *id;     /* static string: "app.user.get.app_error" */
    const char *detail; /* static or request-pool string, may be NULL */
    size_t nparams;
    app_error_param_t params[APP_ERROR_PARAMS_MAX];
} app_error_t;

/** Set e (dropping its parameters) and return -1 (so `return app_error_set(e, 404, "...", NULL);` reads well). */
int app_error_set(app_error_t *e, int status, const char *id, const char *detail);
/** Add the parameter name (static) = value (copied, truncated to APP_ERROR_VALUE_MAX - 1) to e. @return -1. */
int app_error_param(app_error_t *e, const char *name, const char *value);
/** app_error_param with a decimal value. @return -1. */
int app_error_param_int(app_error_t *e, const char *name, long long value);
/**
 * Map a STORE_* code to an AppError: ENOTFOUND 404, EUNIQUE/ECONFLICT 409 (or 400 when
 * conflict_status is 400, as Mattermost does for "already exists"), EINVAL 400, ETIMEOUT 504,
 * EUNAVAIL 503 api.context.server_busy.app_error, anything else 500. id is used for every case
 * except EUNAVAIL. @return -1.
 */
int app_error_from_store(app_error_t *e, int store_rc, const char *id, int conflict_status);
/** The common case: @return 0 when store_rc is STORE_OK, else app_error_from_store(e, store_rc, id, 0) (-1). */
int app_error_check_store(app_error_t *e, int store_rc, const char *id);
/**
 * The same boundary for app/ functions that answer the http/ws hooks with PL_* codes instead of an
 * AppError (session lookup for authentication): STORE_OK PL_OK, ENOTFOUND PL_ENOTFOUND, anything else PL_EIO.
 */
int app_error_code_from_store(int store_rc);

#endif
