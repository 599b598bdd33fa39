#include "model/token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/user.h"
#include "parley/id.h"

json_t *model_token_to_json(const model_token_t *t, int with_token)
{
    json_t *o = json_pack("{s:s,s:s,s:s,s:b}", "id", t->id, "user_id", t->user_id, "description", t->description, "is_active",
                          t->is_active);
    if (with_token)
        json_object_set_new(o, "token", json_string(t->token));
    if (t->expires_at)
        json_object_set_new(o, "expires_at", json_integer(t->expires_at));
    return o;
}

const char *model_token_from_json(void *out, const json_t *o, const char **detail)
{
    model_token_t *t = out;
    const json_t *d = json_object_get(o, "description"), *exp = json_object_get(o, "expires_at");
    *detail = "token";
    if (!json_is_object(o) || (d && !json_is_string(d)) || (exp && !json_is_integer(exp)))
        return "api.context.invalid_body_param.app_error";
    *detail = NULL;
    const char *desc = d ? json_string_value(d) : "";
    if (!desc[0] || model_utf8_len(desc) > MODEL_TOKEN_DESCRIPTION_MAX || strlen(desc) >= sizeof(t->description))
        return "model.user_access_token.is_valid.description.app_error";
    snprintf(t->description, sizeof(t->description), "%s", desc);
    t->expires_at = exp ? json_integer_value(exp) : 0;
    return NULL;
}

const char *model_token_id_from_json(void *out, const json_t *o, const char **detail)
{
    model_token_t *t = out;
    const char *id = json_string_value(json_object_get(o, "token_id"));
    *detail = "token_id";
    if (!id || !pl_id_valid(id, strlen(id)))
        return "api.context.invalid_body_param.app_error";
    memcpy(t->id, id, PL_ID_LEN + 1);
    *detail = NULL;
    return NULL;
}

void model_token_list_dispose(model_token_list_t *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
