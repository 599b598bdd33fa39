#ifndef PARLEY_CORE_MODEL_ROLE_H
#define PARLEY_CORE_MODEL_ROLE_H

/*
 * Roles (server/public/model/role.go) and the built-in defaults of MakeDefaultRoles, with
 * Mattermost's permission names (owner: accounts). The defaults seed the roles table; the table
 * is what permission checks read (so PUT /roles/{id}/patch takes effect at once).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#define MODEL_ROLE_NAME_MAX 64
#define MODEL_ROLE_MAX_PERMS 256

typedef struct model_role {
    char id[27];
    char name[MODEL_ROLE_NAME_MAX + 1];
    char display_name[129];
    char description[1025];
    int64_t create_at, update_at, delete_at;
    const char **permissions; /* nperms names; storage owned by whoever filled the struct */
    size_t nperms;
    bool scheme_managed, built_in;
} model_role_t;

/** Built-in role definition (static storage). */
typedef struct model_role_default {
    const char *name;
    const char *display_name;
    bool scheme_managed;
    const char *const *permissions; /* NULL-terminated */
} model_role_default_t;

/** @return the built-in roles (n set to their count). */
const model_role_default_t *model_role_defaults(size_t *n);
/** @return every permission name (NULL-terminated), the set system_admin holds. */
const char *const *model_permissions_all(void);
/** @return 1 for [a-z0-9_]{1,64}. */
int model_role_name_valid(const char *name);
/** @return 1 when role has permission perm. */
int model_role_has_permission(const model_role_t *role, const char *perm);
json_t *model_role_to_json(const model_role_t *r);

/** A RolePatch body {permissions: [names]} (PUT /roles/{id}/patch); names borrowed from the JSON. */
typedef struct model_role_patch {
    size_t nperms;
    const char *permissions[MODEL_ROLE_MAX_PERMS];
} model_role_patch_t;
/** Decoder (api/route.h): an array of at most MODEL_ROLE_MAX_PERMS strings.
 *  @return NULL or api.context.invalid_body_param.app_error (detail "permissions"). */
const char *model_role_patch_from_json(void *out, const json_t *o, const char **detail);

#endif
