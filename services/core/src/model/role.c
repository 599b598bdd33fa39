#include "model/role.h"

#include <string.h>

int model_role_name_valid(const char *name)
{
    size_t n = strlen(name);
    return n > 0 && n <= MODEL_ROLE_NAME_MAX && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

int model_role_has_permission(const model_role_t *role, const char *perm)
{
    if (role->delete_at)
        return 0;
    for (size_t i = 0; i < role->nperms; i++)
        if (strcmp(role->permissions[i], perm) == 0)
            return 1;
    return 0;
}

json_t *model_role_to_json(const model_role_t *r)
{
    json_t *perms = json_array();
    for (size_t i = 0; i < r->nperms; i++)
        json_array_append_new(perms, json_string(r->permissions[i]));
    return json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:o,s:b,s:b}", "id", r->id, "name", r->name, "display_name", r->display_name,
                     "description", r->description, "create_at", (json_int_t)r->create_at, "update_at", (json_int_t)r->update_at,
                     "delete_at", (json_int_t)r->delete_at, "permissions", perms, "scheme_managed", r->scheme_managed, "built_in",
                     r->built_in);
}

const char *model_role_patch_from_json(void *out, const json_t *o, const char **detail)
{
    model_role_patch_t *p = out;
    const json_t *perms = json_object_get(o, "permissions"), *item;
    size_t i;
    *detail = "permissions";
    if (!json_is_array(perms) || json_array_size(perms) > MODEL_ROLE_MAX_PERMS)
        return "api.context.invalid_body_param.app_error";
    json_array_foreach(perms, i, item)
    {
        if (!json_is_string(item))
            return "api.context.invalid_body_param.app_error";
        p->permissions[p->nperms++] = json_string_value(item);
    }
    *detail = NULL;
    return NULL;
}
