#ifndef PARLEY_CORE_STORE_TOKENS_H
#define PARLEY_CORE_STORE_TOKENS_H

/* The user_access_tokens table (owner: accounts). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/token.h"

int store_tokens_insert(PGconn *db, const model_token_t *t);
int store_tokens_get(PGconn *db, const char *id, model_token_t *out);
/** The active token with this secret whose user is active. */
int store_tokens_get_by_secret(PGconn *db, const char *secret, model_token_t *out);
/** user_id NULL: every user's tokens. */
int store_tokens_list(PGconn *db, const char *user_id, int64_t offset, int64_t limit, model_token_list_t *out);
int store_tokens_set_active(PGconn *db, const char *id, bool active);
int store_tokens_delete(PGconn *db, const char *id);

#endif
