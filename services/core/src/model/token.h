#ifndef CORE_MODEL_TOKEN_H
#define CORE_MODEL_TOKEN_H

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

#endif
