#ifndef PARLEY_CORE_API_USERS_SESSIONS_H
#define PARLEY_CORE_API_USERS_SESSIONS_H

/* Session management: calls and bodies of the api/route.h rows in users.c. */

#include "api/route.h"

int api_users_sessions_get(api_call_t *c);
int api_users_sessions_revoke(api_call_t *c);
int api_users_sessions_revoke_all(api_call_t *c);
int api_users_sessions_device(api_call_t *c);
extern const api_body_t api_users_sessions_revoke_body, api_users_sessions_device_body;

#endif
