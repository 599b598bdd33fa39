#ifndef PARLEY_CORE_APP_LOGIN_H
#define PARLEY_CORE_APP_LOGIN_H

/*
 * Password login and logout (owner: accounts), as api4/user.go login + app/authentication.go:
 * login_id is a username or an email (EmailSettings.EnableSignInWith{Username,Email}); the body's
 * values must all be strings. Failed password checks count towards
 * ServiceSettings.MaximumLoginAttempts (then the account is locked until an admin resets the
 * password); a per-address rate limit (RateLimitSettings) guards the endpoint; bots cannot log in
 * with a password. Hashes needing an upgrade (bcrypt, other iteration count) are replaced on success.
 */

#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"

typedef struct app_login_result {
    json_t *user; /* the User (own view); caller decrefs */
    char token[APP_SESSION_ID_LEN + 1];
    char csrf[APP_SESSION_ID_LEN + 1];
    char user_id[APP_SESSION_ID_LEN + 1];
    int64_t max_age_s;      /* cookie Max-Age: the session length */
    int64_t retry_after_ms; /* set with a 429 */
} app_login_result_t;

/** POST /users/login. user_agent may be NULL. @return 0, or -1 with e set (out->retry_after_ms on 429). */
int app_login(PGconn *db, const json_t *body, const char *remote_addr, const char *user_agent, app_login_result_t *out,
              app_error_t *e);
/** POST /users/logout: revokes s (may be NULL). Never fails for the client. */
void app_logout(PGconn *db, const app_session_t *s);

#endif
