#include "model/bot.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "model/user.h"

json_t *model_bot_to_json(const model_bot_t *b)
{
    json_t *o =
        json_pack("{s:s,s:s,s:s,s:I,s:I,s:I}", "user_id", b->user_id, "username", b->username, "owner_id", b->owner_id, "create_at",
                  (json_int_t)b->create_at, "update_at", (json_int_t)b->update_at, "delete_at", (json_int_t)b->delete_at);
    if (b->display_name[0])
        json_object_set_new(o, "display_name", json_string(b->display_name));
    if (b->description[0])
        json_object_set_new(o, "description", json_string(b->description));
    if (b->last_icon_update)
        json_object_set_new(o, "last_icon_update", json_integer(b->last_icon_update));
    return o;
}

static int take(const json_t *o, const char *k, char *dst, size_t n)
{
    const json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v) || json_string_length(v) >= n)
        return -1;
    snprintf(dst, n, "%s", json_string_value(v));
    return 0;
}

const char *model_bot_patch(model_bot_t *b, const json_t *o)
{
    if (!json_is_object(o))
        return "api.context.invalid_body_param.app_error";
    if (take(o, "username", b->username, sizeof(b->username)) < 0)
        return "model.bot.is_valid.username.app_error";
    if (take(o, "display_name", b->display_name, sizeof(b->display_name)) < 0 || model_utf8_len(b->display_name) > 64)
        return "model.bot.is_valid.username.app_error";
    if (take(o, "description", b->description, sizeof(b->description)) < 0 ||
        model_utf8_len(b->description) > MODEL_BOT_DESCRIPTION_MAX)
        return "model.bot.is_valid.description.app_error";
    for (char *p = b->username; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (!model_user_username_valid(b->username))
        return "model.bot.is_valid.username.app_error";
    return NULL;
}
