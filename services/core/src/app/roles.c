#include "app/roles.h"

#include <string.h>

#include "app/permissions.h"
#include "app/roles_seed.h"
#include "model/role.h"
#include "store/db.h"
#include "store/roles.h"

static json_t *list_to_json(const store_role_list_t *l)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(arr, model_role_to_json(&l->items[i]));
    return arr;
}

int app_roles_get_by_names(PGconn *db, const model_list_t *names, json_t **out, app_error_t *e)
{
    store_role_list_t l;
    app_roles_seed_ensure(db);
    int rc = store_roles_get_by_names(db, names->v, names->n, &l);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.role.get_by_names.app_error", 0);
    *out = list_to_json(&l);
    store_role_list_dispose(&l);
    return 0;
}

int app_roles_get_one(PGconn *db, const char *key, int by_name, json_t **out, app_error_t *e)
{
    store_role_list_t l;
    if (by_name ? !model_role_name_valid(key) : strlen(key) != 26)
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", by_name ? "role_name" : "role_id");
    app_roles_seed_ensure(db);
    int rc = store_roles_get(db, key, by_name, &l);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, by_name ? "app.role.get_by_name.app_error" : "app.role.get.app_error", 0);
    *out = model_role_to_json(&l.items[0]);
    store_role_list_dispose(&l);
    return 0;
}

int app_roles_get_all(PGconn *db, json_t **out, app_error_t *e)
{
    store_role_list_t l;
    app_roles_seed_ensure(db);
    int rc = store_roles_get_all(db, &l);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.role.get_all.app_error", 0);
    *out = list_to_json(&l);
    store_role_list_dispose(&l);
    return 0;
}

static int known_permission(const char *p)
{
    const char *const *all = model_permissions_all();
    for (size_t i = 0; all[i]; i++)
        if (strcmp(all[i], p) == 0)
            return 1;
    return 0;
}

int app_roles_patch(PGconn *db, const app_session_t *viewer, const char *role_id, const model_role_patch_t *patch, json_t **out,
                    app_error_t *e)
{
    if (app_permissions_require(db, viewer, "manage_roles", NULL, NULL, e) < 0)
        return -1;
    for (size_t i = 0; i < patch->nperms; i++)
        if (!known_permission(patch->permissions[i]))
            return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "permissions");
    if (!role_id || strlen(role_id) != 26)
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "role_id");
    int rc = store_roles_set_permissions(db, role_id, patch->permissions, patch->nperms);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.role.get.app_error", 0);
    return app_roles_get_one(db, role_id, 0, out, e);
}
