#include "model/token.h"

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
