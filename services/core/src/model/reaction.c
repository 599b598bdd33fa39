/* Reaction (model/reaction.h). */
#include "model/reaction.h"

#include <string.h>

json_t *model_reaction_to_json(const model_reaction_t *r)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s}", "user_id", r->user_id, "post_id", r->post_id, "emoji_name",
                     r->emoji_name, "create_at", (json_int_t)r->create_at, "update_at", (json_int_t)r->update_at, "delete_at",
                     (json_int_t)r->delete_at, "remote_id", r->remote_id, "channel_id", r->channel_id);
}

json_t *model_reactions_to_json(const model_reaction_t *r, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, model_reaction_to_json(&r[i]));
    return a;
}

/* Copy a string member into dst (cap bytes); an over-long value is kept as "?" so that it fails validation. */
static int copy_member(const json_t *o, const char *key, char *dst, size_t cap)
{
    const json_t *v = json_object_get(o, key);
    dst[0] = '\0';
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return -1;
    if (json_string_length(v) >= cap || strlen(json_string_value(v)) != json_string_length(v)) {
        strcpy(dst, "?");
        return 0;
    }
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

const char *model_reaction_from_json(void *out, const json_t *o, const char **detail)
{
    model_reaction_t *r = out;
    const json_t *at = json_object_get(o, "create_at");
    memset(r, 0, sizeof(*r));
    *detail = "reaction";
    if (copy_member(o, "user_id", r->user_id, sizeof(r->user_id)) < 0 ||
        copy_member(o, "post_id", r->post_id, sizeof(r->post_id)) < 0 ||
        copy_member(o, "emoji_name", r->emoji_name, sizeof(r->emoji_name)) < 0 || (at && !json_is_null(at) && !json_is_integer(at)))
        return "api.context.invalid_body_param.app_error";
    r->create_at = at && json_is_integer(at) ? json_integer_value(at) : 0;
    *detail = NULL;
    return NULL;
}
