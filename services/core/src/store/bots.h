#ifndef PARLEY_CORE_STORE_BOTS_H
#define PARLEY_CORE_STORE_BOTS_H

/* The bots table and its backing users rows (owner: accounts). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/bot.h"
#include "model/user.h"

/** Insert the users row u (is_bot) and the bots row b in one transaction. */
int store_bots_create(PGconn *db, model_user_t *u, const model_bot_t *b, const char **dup_field);
int store_bots_get(PGconn *db, const char *user_id, bool include_deleted, model_bot_t *out);
/** owner_id NULL: every bot. */
int store_bots_list(PGconn *db, const char *owner_id, bool include_deleted, bool only_orphaned, int64_t offset, int64_t limit,
                    model_bot_list_t *out);
/** Save username/display_name (users row) and description (both rows). */
int store_bots_update(PGconn *db, const model_bot_t *b, const char **dup_field);
/** Disable (delete_at = now) or enable (0) the bot and its users row. */
int store_bots_set_delete_at(PGconn *db, const char *user_id, int64_t delete_at);
int store_bots_set_owner(PGconn *db, const char *user_id, const char *owner_id);

#endif
