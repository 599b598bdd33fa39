#ifndef PARLEY_CORE_API_PARAM_H
#define PARLEY_CORE_API_PARAM_H

/* Path and query parameters shared by the resources. */

#include <stdint.h>

#include "app/app_error.h"
#include "http/request.h"

/** Path {user_id} with "me" resolved to the caller; NULL when absent or not a valid id (nothing answered). */
const char *api_param_user_id(http_request_t *r);
/**
 * ?format=old, the only client config/license format served: 0, or -1 after answering 501 missing_id when
 * format is absent or empty, 400 api.context.invalid_url_param.app_error for any other value.
 */
int api_param_format_old(http_request_t *r, const char *missing_id);
/** The query's (or path's) text as a non-negative integer in *out (0 when NULL or empty): 0, or -1 with e set to
 *  400 error_id naming name. */
int api_param_count(const char *text, const char *name, const char *error_id, int64_t *out, app_error_t *e);
/** page/per_page (default 60, max 200) as offset/limit. */
void api_param_paging(http_request_t *r, int64_t *offset, int64_t *limit);

#endif
