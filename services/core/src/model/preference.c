#include "model/preference.h"

#include <string.h>

#include "model/user.h"
#include "parley/id.h"

static const char *str_member(const json_t *o, const char *k, int *bad)
{
    const json_t *v = json_object_get(o, k);
    if (!v)
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

const char *model_preference_from_json(const json_t *o, model_preference_t *p, int need_value)
{
    int bad = 0;
    if (!json_is_object(o))
        return "api.context.invalid_body_param.app_error";
    p->user_id = str_member(o, "user_id", &bad);
    p->category = str_member(o, "category", &bad);
    p->name = str_member(o, "name", &bad);
    p->value = str_member(o, "value", &bad);
    if (bad)
        return "api.context.invalid_body_param.app_error";
    if (!p->user_id || !pl_id_valid(p->user_id, strlen(p->user_id)))
        return "model.preference.is_valid.id.app_error";
    if (!p->category || !p->category[0] || model_utf8_len(p->category) > MODEL_PREF_CATEGORY_MAX)
        return "model.preference.is_valid.category.app_error";
    if (!p->name)
        p->name = "";
    if (model_utf8_len(p->name) > MODEL_PREF_NAME_MAX)
        return "model.preference.is_valid.name.app_error";
    if (!p->value)
        p->value = "";
    if (need_value && model_utf8_len(p->value) > MODEL_PREF_VALUE_MAX)
        return "model.preference.is_valid.value.app_error";
    return NULL;
}

json_t *model_preference_to_json(const char *user_id, const char *category, const char *name, const char *value)
{
    return json_pack("{s:s,s:s,s:s,s:s}", "user_id", user_id, "category", category, "name", name, "value", value);
}

static const char *list_from_json(model_preference_list_t *l, const json_t *a, int need_value, const char **detail)
{
    size_t i;
    json_t *item;
    *detail = "preferences";
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > MODEL_PREF_BATCH_MAX)
        return "api.context.invalid_body_param.app_error";
    json_array_foreach(a, i, item)
    {
        const char *bad = model_preference_from_json(item, &l->items[i], need_value);
        if (bad)
            return bad;
    }
    l->n = json_array_size(a);
    *detail = NULL;
    return NULL;
}

const char *model_preference_list_from_json(void *out, const json_t *a, const char **detail)
{
    return list_from_json(out, a, 1, detail);
}

const char *model_preference_list_delete_from_json(void *out, const json_t *a, const char **detail)
{
    return list_from_json(out, a, 0, detail);
}

json_t *model_preference_list_to_json(const model_preference_list_t *l)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const model_preference_t *p = &l->items[i];
        json_array_append_new(arr, model_preference_to_json(p->user_id, p->category, p->name, p->value));
    }
    return arr;
}
