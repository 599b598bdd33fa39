#ifndef PARLEY_CORE_APP_ROLES_H
#define PARLEY_CORE_APP_ROLES_H

/* Roles API logic (owner: accounts): POST /roles/names, GET /roles/name/{n}, GET /roles/{id}. */

#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "model/list.h"
#include "model/role.h"

/** names: checked by the decoder. @return 0 and *out = JSON array of Role, or -1 with e set. */
int app_roles_get_by_names(PGconn *db, const model_list_t *names, json_t **out, app_error_t *e);
/** by_name: 1 for a name, 0 for an id. @return 0 and *out = Role, or -1 with e set. */
int app_roles_get_one(PGconn *db, const char *key, int by_name, json_t **out, app_error_t *e);
/** PUT /roles/{id}/patch {permissions:[...]}: needs manage_roles; names must be known permissions. */
struct app_session;
int app_roles_patch(PGconn *db, const struct app_session *viewer, const char *role_id, const model_role_patch_t *patch,
                    json_t **out, app_error_t *e);
/** Every role. */
int app_roles_get_all(PGconn *db, json_t **out, app_error_t *e);

#endif
