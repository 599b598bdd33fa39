#ifndef PARLEY_CORE_MODEL_TOKEN_H
#define PARLEY_CORE_MODEL_TOKEN_H

/* The UserAccessToken wire object (server/public/model/user_access_token.go) (owner: accounts). */

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

#define MODEL_TOKEN_DESCRIPTION_MAX 255

typedef struct model_token {
    char id[27];
    char token[27]; /* shown only in the create response */
    char user_id[27];
    char description[MODEL_TOKEN_DESCRIPTION_MAX * 4 + 1];
    bool is_active;
    int64_t expires_at;
} model_token_t;

/** with_token: include the secret (create response only). */
json_t *model_token_to_json(const model_token_t *t, int with_token);
/**
 * A UserAccessToken body {description, expires_at?} (POST /users/{id}/tokens) into out (a model_token_t).
 * @return NULL, api.context.invalid_body_param.app_error (wrong types) or
 *         model.user_access_token.is_valid.description.app_error (empty or over 255 characters).
 */
const char *model_token_from_json(void *out, const json_t *o, const char **detail);
/** {token_id} (POST /users/tokens/{revoke,disable,enable}): out->id. @return NULL or api.context.invalid_body_param.app_error. */
const char *model_token_id_from_json(void *out, const json_t *o, const char **detail);

typedef struct model_token_list {
    model_token_t *items;
    size_t n;
} model_token_list_t;

void model_token_list_dispose(model_token_list_t *l);

#endif
