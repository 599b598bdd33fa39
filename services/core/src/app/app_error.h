#ifndef PARLEY_CORE_APP_APP_ERROR_H
#define PARLEY_CORE_APP_APP_ERROR_H

/*
 * What app/ functions return to api/ on failure: an HTTP status and a Mattermost error id,
 * plus an optional detail (shown to clients only in developer mode or for < 500).
 * api/ answers with api_respond_app_error(r, &err) (api/api.h).
 */

typedef struct app_error {
    int status;         /* 0: no error */
    const char *id;     /* static string: "app.user.get.app_error" */
    const char *detail; /* static or request-pool string, may be NULL */
} app_error_t;

/** Set e and return -1 (so `return app_error_set(e, 404, "...", NULL);` reads well). */
int app_error_set(app_error_t *e, int status, const char *id, const char *detail);
/**
 * Map a STORE_* code to an AppError: ENOTFOUND 404, EUNIQUE/ECONFLICT 409 (or 400 when
 * conflict_status is 400, as Mattermost does for "already exists"), EINVAL 400, ETIMEOUT 504,
 * EUNAVAIL 503 api.context.server_busy.app_error, anything else 500. id is used for every case
 * except EUNAVAIL. @return -1.
 */
int app_error_from_store(app_error_t *e, int store_rc, const char *id, int conflict_status);

#endif
