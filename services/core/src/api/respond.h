#ifndef PARLEY_CORE_API_RESPOND_H
#define PARLEY_CORE_API_RESPOND_H

#include "app/app_error.h"
#include "http/request.h"

/** Answer with the AppError e (see app/app_error.h); a zero status is a 500. */
void api_respond_app_error(http_request_t *r, const app_error_t *e);

#endif
