#ifndef PARLEY_CORE_API_API_H
#define PARLEY_CORE_API_API_H

#include "http/router.h"
#include "http/request.h"
#include "api/respond.h"
#include "app/app_error.h"

/*
 * The REST surface. One file per resource (src/api/<resource>.c) with a static route table and
 * int api_<resource>_register(http_router_t *router); the list of resources is the
 * API_RESOURCES X-macro in src/api/api.c (add one line X(<resource>) there).
 */

/** Register every resource's routes and the error texts. @return PL_OK or PL_EINVAL. */
int api_init(http_router_t *router);

#endif
