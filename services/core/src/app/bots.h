#ifndef PARLEY_CORE_APP_BOTS_H
#define PARLEY_CORE_APP_BOTS_H

/*
 * Bots (owner: accounts): a bot is a users row (is_bot, no password: it cannot log in with one)
 * plus a bots row naming its owner. Bots authenticate with personal access tokens.
 */

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/bot.h"
#include "store/bots.h"

/*
 * Each function fills *out (the Bot as it is after the call) and returns 0, or -1 with e set.
 */

/** POST /bots (201): needs ServiceSettings.EnableBotAccountCreation, create_bot and a username. */
int app_bots_create(PGconn *db, const app_session_t *viewer, const model_bot_patch_t *in, model_bot_t *out, app_error_t *e);
/** GET /bots/{id}. */
int app_bots_get(PGconn *db, const app_session_t *viewer, const char *bot_id, bool include_deleted, model_bot_t *out,
                 app_error_t *e);
/** GET /bots: read_others_bots lists all, read_bots the viewer's own. *out: model_bot_list_dispose it. */
int app_bots_list(PGconn *db, const app_session_t *viewer, bool include_deleted, bool only_orphaned, int64_t offset, int64_t limit,
                  model_bot_list_t *out, app_error_t *e);
/** PUT /bots/{id} (BotPatch). */
int app_bots_patch(PGconn *db, const app_session_t *viewer, const char *bot_id, const model_bot_patch_t *patch, model_bot_t *out,
                   app_error_t *e);
/** POST /bots/{id}/disable | enable. Disabling revokes the bot's sessions at once. */
int app_bots_set_enabled(PGconn *db, const app_session_t *viewer, const char *bot_id, bool enabled, model_bot_t *out,
                         app_error_t *e);
/** POST /bots/{id}/assign/{user_id}. */
int app_bots_assign(PGconn *db, const app_session_t *viewer, const char *bot_id, const char *owner_id, model_bot_t *out,
                    app_error_t *e);

#endif
