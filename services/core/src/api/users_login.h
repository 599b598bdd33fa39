#ifndef PARLEY_CORE_API_USERS_LOGIN_H
#define PARLEY_CORE_API_USERS_LOGIN_H

/* POST /users/login and /users/logout: hand-written handlers (the Token header and the web cookies). */

#include "http/request.h"

int api_users_login(http_request_t *r);
int api_users_logout(http_request_t *r);

#endif
