#ifndef PARLEY_CORE_MODEL_BOT_H
#define PARLEY_CORE_MODEL_BOT_H

/* The Bot wire object (server/public/model/bot.go) (owner: accounts). */

#include <stdint.h>
#include <jansson.h>

#define MODEL_BOT_DESCRIPTION_MAX 1024 /* runes */

typedef struct model_bot {
    char user_id[27];
    char username[65];
    char display_name[64 * 4 + 1];
    char description[MODEL_BOT_DESCRIPTION_MAX * 4 + 1];
    char owner_id[27];
    int64_t last_icon_update, create_at, update_at, delete_at;
} model_bot_t;

json_t *model_bot_to_json(const model_bot_t *b);

/** A Bot / BotPatch body (POST /bots, PUT /bots/{id}): present members only, borrowed (NULL: absent). */
typedef struct model_bot_patch {
    const char *username, *display_name, *description;
} model_bot_patch_t;
/**
 * Decoder (api/route.h): strings that fit.
 * @return NULL or the AppError id (api.context.invalid_body_param.app_error for a wrong type,
 *         model.bot.is_valid.{username,description}.app_error for a too long one).
 */
const char *model_bot_patch_from_json(void *out, const json_t *o, const char **detail);
/** Copy the present members into b, lower-case the username and check it.
 *  @return NULL or model.bot.is_valid.username.app_error. */
const char *model_bot_patch_apply(model_bot_t *b, const model_bot_patch_t *p);

typedef struct model_bot_list {
    model_bot_t *items;
    size_t n;
} model_bot_list_t;

void model_bot_list_dispose(model_bot_list_t *l);

#endif
