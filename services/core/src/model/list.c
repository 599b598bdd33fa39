/* JSON arrays of strings as request bodies (model/list.h). */
#include "model/list.h"

#include <string.h>

#include "model/role.h"
#include "model/user.h"
#include "parley/id.h"

static const char *const INVALID = "api.context.invalid_body_param.app_error";

static int is_id(const char *s)
{
    return pl_id_valid(s, strlen(s));
}

static int is_role_name(const char *s)
{
    return model_role_name_valid(s);
}

/* 1..max strings that pass valid; bad_item is the detail for a bad item (the array's name if NULL). */
static const char *read_list(model_list_t *l, const json_t *a, size_t max, int (*valid)(const char *), const char *name,
                             const char *bad_item, const char **detail)
{
    size_t i;
    json_t *item;
    *detail = name;
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > max)
        return INVALID;
    json_array_foreach(a, i, item)
    {
        const char *s = json_string_value(item);
        if (!s || !valid(s)) {
            *detail = bad_item ? bad_item : name;
            return INVALID;
        }
        l->v[l->n++] = s;
    }
    *detail = NULL;
    return NULL;
}

const char *model_list_user_ids_from_json(void *out, const json_t *a, const char **detail)
{
    return read_list(out, a, MODEL_LIST_MAX, is_id, "user_ids", NULL, detail);
}

const char *model_list_usernames_from_json(void *out, const json_t *a, const char **detail)
{
    return read_list(out, a, MODEL_LIST_MAX, model_user_username_valid, "usernames", NULL, detail);
}

const char *model_list_role_names_from_json(void *out, const json_t *a, const char **detail)
{
    return read_list(out, a, MODEL_LIST_ROLE_NAMES_MAX, is_role_name, "rolenames", "rolename", detail);
}
