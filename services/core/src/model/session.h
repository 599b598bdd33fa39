#ifndef PARLEY_CORE_MODEL_SESSION_H
#define PARLEY_CORE_MODEL_SESSION_H

/* The Session wire object (server/public/model/session.go) (owner: accounts). */

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>

typedef struct model_session {
    char id[27];
    char token[27];
    int64_t create_at, expires_at, last_activity_at;
    char user_id[27];
    char device_id[513];
    char roles[257];
    int kind; /* 0 login, 1 personal access token */
    char token_id[27];
    bool is_mobile;
    bool user_is_bot;  /* from the users row (lookups) */
    char username[65]; /* from the users row (lookups; MODEL_USER_NAME_MAX + 1) */
    json_t *props;     /* owned: csrf, platform, os, browser, type, user_access_token_id, is_bot, is_guest */
} model_session_t;

void model_session_init(model_session_t *s);
void model_session_dispose(model_session_t *s);
/** Serialize; the token is always blanked (Session.Sanitize). @return new object. */
json_t *model_session_to_json(const model_session_t *s);

/* Request bodies (decoders for api/route.h: NULL or the 400 AppError id). Strings borrowed from the JSON. */
/** {session_id} (POST /users/{id}/sessions/revoke): NULL when absent or not a string (app/sessions answers). */
typedef struct model_session_revoke {
    const char *session_id;
} model_session_revoke_t;
const char *model_session_revoke_from_json(void *out, const json_t *o, const char **detail);
/** {device_id} (PUT /users/sessions/device): a string or absent (NULL); anything else is a 400 (detail "device_id"). */
typedef struct model_session_device {
    const char *device_id;
} model_session_device_t;
const char *model_session_device_from_json(void *out, const json_t *o, const char **detail);

#endif
