#ifndef CORE_MODEL_BOT_H
#define CORE_MODEL_BOT_H

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
/**
 * Read a BotPatch {username, display_name, description} (present keys only, strings).
 * @return NULL or the AppError id (api.context.invalid_body_param.app_error for a wrong type,
 *         model.bot.is_valid.{username,description}.app_error).
 */
const char *model_bot_patch(model_bot_t *b, const json_t *o);

#endif
