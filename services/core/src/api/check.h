#ifndef PARLEY_CORE_API_CHECK_H
#define PARLEY_CORE_API_CHECK_H

/* Permission checks shared by route tables (API_PERM_CHECK(api_check_...)): 0, or -1 with c->err set. */

#include "api/route.h"

/** The caller is the path's {user_id}, or has edit_other_users (Mattermost's SessionHasPermissionToUser). */
int api_check_edit_user(api_call_t *c);

#endif
