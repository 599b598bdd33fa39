#include "api/users_common.h"

#include <string.h>

#include "http/auth.h"
#include "http/errors.h"
#include "http/server.h"
#include "model/config.h"
#include "model/user.h"
#include "parley/err.h"
#include "parley/id.h"

app_session_t *api_accounts_session(http_request_t *r)
{
    return (app_session_t *)r->session;
}

const char *api_accounts_user_id(http_request_t *r)
{
    const char *id = http_request_param(r, "user_id");
    app_session_t *s = api_accounts_session(r);
    if (id && strcmp(id, "me") == 0 && s)
        return s->user_id;
    if (!id || !pl_id_valid(id, strlen(id))) {
        http_respond_error(r, 400, "api.context.invalid_url_param.app_error", "user_id");
        return NULL;
    }
    return id;
}

int api_accounts_answer(http_request_t *r, int rc, int status, json_t *out, const app_error_t *e)
{
    if (rc == 0)
        http_respond_json(r, status, out);
    else
        api_respond_app_error(r, e);
    return HTTP_DONE;
}

int api_accounts_answer_ok(http_request_t *r, int rc, const app_error_t *e)
{
    if (rc == 0)
        http_respond_ok(r);
    else
        api_respond_app_error(r, e);
    return HTTP_DONE;
}

void api_accounts_paging(http_request_t *r, int64_t *offset, int64_t *limit)
{
    int64_t page = http_request_query_int(r, "page", 0, 0, 1000000);
    *limit = http_request_query_int(r, "per_page", 60, 1, 200);
    *offset = page * *limit;
}

/* ---------------------------------------------------------------- the authenticator */

static void user_dispose(void *p)
{
    model_user_dispose(p);
}

/* The session and its user come from one query; the user rides along in r->auth_data (request
 * memory, released with the request) so GET /users/me needs no second query. */
static int lookup(http_request_t *r, const char *token, void **session, const char **csrf)
{
    app_session_t *s = http_request_alloc(r, sizeof(*s));
    model_user_t *u = h2o_mem_alloc_shared(&r->pool, sizeof(*u), user_dispose);
    model_user_init(u);
    if (app_sessions_lookup_user(r->db, token, s, u) != PL_OK)
        return -1;
    *session = s;
    *csrf = s->csrf;
    r->auth_data = u;
    return 0;
}

const model_user_t *api_accounts_session_user(http_request_t *r)
{
    return r->session ? r->auth_data : NULL;
}

static void touch(http_request_t *r, void *session)
{
    app_sessions_touch(r->db, session);
}

static const http_error_text_t texts[] = {
    {"api.user.login.invalid_credentials_email_username", "Enter a valid email or username and/or password."},
    {"api.user.login.blank_pwd.app_error", "Password field must not be blank"},
    {"api.user.login.inactive.app_error", "Login failed because your account has been deactivated."},
    {"api.user.login.bot_login_forbidden.app_error", "Bot login is forbidden."},
    {"api.user.check_user_login_attempts.too_many.app_error",
     "Your account is locked because of too many failed password attempts. Please reset your password."},
    {"api.context.rate_limit_exceeded.app_error", "Too many login attempts from this address; try again later."},
    {"api.context.permissions.app_error", "You do not have the appropriate permissions."},
    {"api.context.token_provided.app_error", "Session is not OAuth but token was provided in the query string."},
    {"app.user.missing_account.const", "Unable to find the user."},
    {"app.user.save.username_exists.app_error", "An account with that username already exists."},
    {"app.user.save.email_exists.app_error", "An account with that email already exists."},
    {"api.user.create_user.signup_email_disabled.app_error", "User sign-up with email is disabled."},
    {"api.user.create_user.no_open_server", "This server does not allow open signups."},
    {"api.user.update_password.incorrect.app_error", "The \"Current Password\" you entered is incorrect."},
    {"api.user.update_password.context.app_error", "Update password failed because context user_id did not match."},
    {"model.user.is_valid.pwd_min_length.app_error", "Your password must be longer."},
    {"model.user.is_valid.pwd_max_length.app_error", "Your password must contain no more than 72 characters."},
    {"model.user.is_valid.username.app_error", "Username must begin with a letter and contain between 1 and 64 "
                                               "lowercase characters made up of numbers, letters, and '.', '-', '_'."},
    {"model.user.is_valid.email.app_error", "Invalid email."},
    {"app.user_access_token.disabled", "Personal access tokens are disabled on this server."},
    {"api.bot.create_disabled", "Bot creation has been disabled."},
    {"model.user_access_token.is_valid.description.app_error", "Invalid description, must be 255 or less characters."},
    {"app.preference.get.app_error", "Unable to find the preference."},
};

void api_accounts_auth_install(void)
{
    http_auth_ops_t ops = {lookup, touch, model_config_get()->service.experimental_strict_csrf_enforcement};
    http_auth_set_ops(&ops);
    http_server_set_authenticator(http_auth_authenticate);
    http_errors_register(texts, sizeof(texts) / sizeof(texts[0]));
}
