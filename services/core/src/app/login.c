#include "app/login.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/password.h"
#include "app/password_gate.h"
#include "app/ratelimit.h"
#include "app/users.h"
#include "model/config.h"
#include "model/user.h"
#include "parley/log.h"
#include "parley/time.h"
#include "store/db.h"
#include "store/users.h"
#include "store/users_login.h"
#include "ws/publish.h"

#define BAD_CREDENTIALS "api.user.login.invalid_credentials_email_username"

typedef struct login_body {
    const char *login_id, *password, *device_id, *id;
} login_body_t;

/* Every value must be a string (Mattermost decodes a map[string]string). */
static int read_body(const json_t *body, login_body_t *b, app_error_t *e)
{
    const char *k;
    json_t *v;
    memset(b, 0, sizeof(*b));
    if (!json_is_object(body))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "login");
    json_object_foreach((json_t *)body, k, v)
    {
        if (!json_is_string(v))
            return app_error_set(e, 400, "api.context.invalid_body_param.app_error", k);
    }
    b->login_id = json_string_value(json_object_get(body, "login_id"));
    b->password = json_string_value(json_object_get(body, "password"));
    b->device_id = json_string_value(json_object_get(body, "device_id"));
    b->id = json_string_value(json_object_get(body, "id"));
    return 0;
}

static int find_user(PGconn *db, const login_body_t *b, model_user_t *u, app_error_t *e)
{
    const model_config_t *cfg = model_config_get();
    int rc = STORE_ENOTFOUND;
    if (b->id && b->id[0])
        rc = store_users_get(db, STORE_USER_BY_ID, b->id, u);
    else if (b->login_id && b->login_id[0]) {
        if (cfg->email.enable_sign_in_with_email && strchr(b->login_id, '@'))
            rc = store_users_get(db, STORE_USER_BY_EMAIL, b->login_id, u);
        if (rc == STORE_ENOTFOUND && cfg->email.enable_sign_in_with_username)
            rc = store_users_get(db, STORE_USER_BY_USERNAME, b->login_id, u);
    }
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 401, BAD_CREDENTIALS, NULL);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.get.app_error", 0);
    return 0;
}

/* Replace a bcrypt hash, or one made with another iteration count, with a current one. */
static void upgrade_hash(PGconn *db, const model_user_t *u, const char *password)
{
    int iterations = (int)model_config_get()->parley.password_hash_iterations;
    char hash[APP_PASSWORD_HASH_MAX];
    if (!app_password_needs_rehash(u->password, iterations))
        return;
    if (app_password_gate_hash(password, iterations, hash, sizeof(hash)) == 0 &&
        store_users_update_password(db, u->id, hash) != STORE_OK)
        PL_LOG_WARN("password hash upgrade failed", "user_id", u->id);
}

typedef struct attempt {
    PGconn *db;
    const char *user_id;
    int rc;
    bool locked, taken;
} attempt_t;

/* Once the login holds its place in the gate: count the attempt, bounded by MaximumLoginAttempts in one UPDATE. */
static int take_attempt(void *arg)
{
    attempt_t *a = arg;
    a->rc = store_users_login_begin(a->db, a->user_id, model_config_get()->service.maximum_login_attempts, &a->locked);
    a->taken = a->rc == STORE_OK && !a->locked;
    return !a->taken;
}

/* The gate did not check the password: give a counted attempt back, answer why. */
static int not_checked(const attempt_t *a, int gate_rc, app_error_t *e)
{
    if (a->taken)
        store_users_login_record(a->db, a->user_id, STORE_LOGIN_ABANDONED);
    if (gate_rc == APP_PASSWORD_GATE_DECLINED && a->rc != STORE_OK)
        return app_error_from_store(e, a->rc, "app.user.update.app_error", 0);
    if (gate_rc == APP_PASSWORD_GATE_DECLINED)
        return app_error_set(e, 401, "api.user.check_user_login_attempts.too_many.app_error", NULL);
    if (gate_rc == APP_PASSWORD_GATE_SHARE)
        return app_error_set(e, 429, "api.context.rate_limit_exceeded.app_error",
                             "password hashing: share of this user or address");
    return app_error_set(e, 503, "api.context.server_busy.app_error", "password hashing saturated");
}

static int check_user(PGconn *db, const model_user_t *u, const char *password, const char *remote_addr, app_error_t *e)
{
    if (u->is_bot)
        return app_error_set(e, 401, "api.user.login.bot_login_forbidden.app_error", NULL);
    attempt_t a = {db, u->id, STORE_OK, false, false};
    app_password_gate_who_t who = {u->id, remote_addr, take_attempt, &a};
    int match = app_password_gate_verify(password, u->password, &who);
    if (match < 0)
        return not_checked(&a, match, e);
    if (!match) {
        store_users_login_record(db, u->id, STORE_LOGIN_FAILED);
        return app_error_set(e, 401, BAD_CREDENTIALS, NULL);
    }
    if (u->delete_at) {
        store_users_login_record(db, u->id, STORE_LOGIN_ABANDONED);
        return app_error_set(e, 401, "api.user.login.inactive.app_error", NULL);
    }
    return 0;
}

static int is_mobile_agent(const char *ua)
{
    return ua && (strcasestr(ua, "Mobile") || strcasestr(ua, "Mattermost"));
}

static int start_session(PGconn *db, model_user_t *u, const login_body_t *b, const char *user_agent, app_login_result_t *out,
                         app_error_t *e)
{
    app_session_t s;
    int mobile = (b->device_id && b->device_id[0]) || is_mobile_agent(user_agent);
    if (app_sessions_create_login(db, u->id, b->device_id, mobile, model_roles_contains(u->roles, "system_guest"), user_agent,
                                  out->token, &s, e) < 0) {
        store_users_login_record(db, u->id, STORE_LOGIN_ABANDONED);
        return -1;
    }
    store_users_login_record(db, u->id, STORE_LOGIN_SUCCEEDED);
    snprintf(out->csrf, sizeof(out->csrf), "%s", s.csrf);
    snprintf(out->user_id, sizeof(out->user_id), "%s", u->id);
    out->max_age_s = (s.expires_at - s.create_at) / 1000;
    u->failed_attempts = 0;
    out->user = model_user_to_json(u, 0);
    return 0;
}

int app_login(PGconn *db, const json_t *body, const char *remote_addr, const char *user_agent, app_login_result_t *out,
              app_error_t *e)
{
    login_body_t b;
    model_user_t u;
    int ret = -1;
    memset(out, 0, sizeof(*out));
    model_user_init(&u);
    if ((out->retry_after_ms = app_ratelimit_login_check(remote_addr, pl_time_ms())) > 0) {
        app_error_set(e, 429, "api.context.rate_limit_exceeded.app_error", NULL);
        goto Exit;
    }
    if (read_body(body, &b, e) < 0)
        goto Exit;
    if (!b.password || !b.password[0]) {
        app_error_set(e, 400, "api.user.login.blank_pwd.app_error", NULL);
        goto Exit;
    }
    if (find_user(db, &b, &u, e) < 0 || check_user(db, &u, b.password, remote_addr, e) < 0)
        goto Exit;
    upgrade_hash(db, &u, b.password);
    ret = start_session(db, &u, &b, user_agent, out, e);
Exit:
    model_user_dispose(&u);
    return ret;
}

void app_logout(PGconn *db, const app_session_t *s)
{
    if (!s)
        return;
    app_sessions_revoke(db, s->id);
    ws_close_session(s->id);
}
