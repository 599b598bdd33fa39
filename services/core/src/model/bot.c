#include "model/bot.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A string member that fits n bytes (and max runes); absent or null: *dst stays NULL. */
static int ref(const json_t *o, const char *k, size_t n, size_t max_runes, const char **dst)
{
    const json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v) || json_string_length(v) >= n || model_utf8_len(json_string_value(v)) > max_runes)
        return -1;
    *dst = json_string_value(v);
    return 0;
}

const char *model_bot_patch_from_json(void *out, const json_t *o, const char **detail)
{
    model_bot_patch_t *p = out;
    model_bot_t b;
    *detail = NULL;
    if (!json_is_object(o))
        return "api.context.invalid_body_param.app_error";
    if (ref(o, "username", sizeof(b.username), sizeof(b.username), &p->username) < 0 ||
        ref(o, "display_name", sizeof(b.display_name), 64, &p->display_name) < 0)
        return "model.bot.is_valid.username.app_error";
    if (ref(o, "description", sizeof(b.description), MODEL_BOT_DESCRIPTION_MAX, &p->description) < 0)
        return "model.bot.is_valid.description.app_error";
    return NULL;
}

const char *model_bot_patch_apply(model_bot_t *b, const model_bot_patch_t *p)
{
    if (p->username)
        snprintf(b->username, sizeof(b->username), "%s", p->username);
    if (p->display_name)
        snprintf(b->display_name, sizeof(b->display_name), "%s", p->display_name);
    if (p->description)
        snprintf(b->description, sizeof(b->description), "%s", p->description);
    for (char *c = b->username; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    if (!model_user_username_valid(b->username))
        return "model.bot.is_valid.username.app_error";
    return NULL;
}

void model_bot_list_dispose(model_bot_list_t *l)
{
    free(l->items);
    l->items = NULL;
    l->n = 0;
}
