#ifndef PARLEY_CORE_HTTP_ERRORS_H
#define PARLEY_CORE_HTTP_ERRORS_H

#include <stddef.h>
#include "parley/buf.h"

/*
 * AppError texts and rendering. Each module registers the English messages of its error ids
 * once at start (before http_server_start); http_respond_error looks them up. An id with no
 * registered text gets the id itself as message (tests assert ids, never text).
 */

typedef struct http_error_text {
    const char *id;
    const char *message;
} http_error_text_t;

/** Register n texts (the table must be static). Not thread-safe: call before the server starts. */
void http_errors_register(const http_error_text_t *texts, size_t n);
/** @return the registered message for id, or id itself. */
const char *http_errors_message(const char *id);
/**
 * Append the AppError JSON object to out:
 * {"id":..,"message":..,"detailed_error":..,"request_id":..,"status_code":N}.
 * @return PL_OK or PL_ETOOBIG.
 */
int http_errors_render(pl_buf_t *out, int status, const char *id, const char *message, const char *detail, const char *request_id);

#endif
