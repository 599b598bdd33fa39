#ifndef PARLEY_CORE_APP_TOKENS_H
#define PARLEY_CORE_APP_TOKENS_H

/*
 * Personal access tokens (owner: accounts). Usable as Bearer tokens while active, their user is
 * active and ServiceSettings.EnableUserAccessTokens is true (bots' tokens work regardless).
 * Revoking or disabling a token deletes its session at once.
 */

#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/token.h"
#include "store/tokens.h"

/** POST /users/{id}/tokens: t holds the decoded description (and expires_at); on success it is the new
 *  token, secret included (the only time it is shown). */
int app_tokens_create(PGconn *db, const app_session_t *viewer, const char *user_id, model_token_t *t, app_error_t *e);
/** GET /users/{id}/tokens (user_id) or GET /users/tokens (user_id NULL: every token, manage_system). */
int app_tokens_list(PGconn *db, const app_session_t *viewer, const char *user_id, int64_t offset, int64_t limit,
                    model_token_list_t *out, app_error_t *e);
/** GET /users/tokens/{token_id}. */
int app_tokens_get(PGconn *db, const app_session_t *viewer, const char *token_id, model_token_t *out, app_error_t *e);
typedef enum { APP_TOKEN_REVOKE, APP_TOKEN_DISABLE, APP_TOKEN_ENABLE } app_token_op_t;
/** POST /users/tokens/{revoke,disable,enable} {token_id}. */
int app_tokens_change(PGconn *db, const app_session_t *viewer, const char *token_id, app_token_op_t op, app_error_t *e);

#endif
