#ifndef PARLEY_CORE_HTTP_ERRORS_H
#define PARLEY_CORE_HTTP_ERRORS_H

#include <stddef.h>
#include "parley/buf.h"

/*
 * AppError texts and rendering. The texts come from the one error catalog, proto/errors/catalog.tsv,
 * compiled in at build time (cmake/embed_errors.cmake generates http_errors_catalog). A message is a
 * template: {{.Param}} placeholders are filled from the parameters the emitter gives (Mattermost's
 * AppError params); a placeholder without a value renders "<no value>", as Go's text/template does.
 * An id missing from the catalog renders the id itself (scripts/errors_catalog.py check fails the
 * tests before that can ship).
 */

typedef struct http_error_entry {
    const char *id;
    const char *message;      /* English template, verbatim from Mattermost's en.json for its ids */
    const char *detail_param; /* the placeholder the emitter's detail string fills, or NULL */
    int status;               /* the HTTP status every emitter uses, 0 when it depends on the call */
} http_error_entry_t;

typedef struct http_error_param {
    const char *name; /* "Name" for {{.Name}} */
    const char *value;
} http_error_param_t;

#define HTTP_ERROR_PARAMS_MAX 4 /* parameters one error may carry */

/* Generated from proto/errors/catalog.tsv, sorted by id (strcmp order). */
extern const http_error_entry_t http_errors_catalog[];
extern const size_t http_errors_catalog_len;

/** @return the catalog entry of id, or NULL. */
const http_error_entry_t *http_errors_lookup(const char *id);
/** @return the message template of id, or id itself when the catalog lacks it. */
const char *http_errors_message(const char *id);
/**
 * Append tmpl to out with every {{.Param}} (or {{ .Param }}) replaced by its value in params
 * ("<no value>" when absent); any other {{...}} is copied as is. @return PL_OK or PL_ETOOBIG.
 */
int http_errors_format(pl_buf_t *out, const char *tmpl, const http_error_param_t *params, size_t n);
/**
 * Append the AppError JSON for id: the catalog message filled from params. When params is empty and the
 * catalog names a detail parameter for id (api.context.invalid_body_param.app_error: Name), the detail
 * fills it and detailed_error stays empty, as Mattermost's NewInvalidParamError does.
 * @return PL_OK or PL_ETOOBIG.
 */
int http_errors_render_app_error(pl_buf_t *out, int status, const char *id, const http_error_param_t *params, size_t n,
                                 const char *detail, const char *request_id);
/**
 * Append the AppError JSON object to out:
 * {"id":..,"message":..,"detailed_error":..,"request_id":..,"status_code":N}.
 * @return PL_OK or PL_ETOOBIG.
 */
int http_errors_render(pl_buf_t *out, int status, const char *id, const char *message, const char *detail, const char *request_id);

#endif
