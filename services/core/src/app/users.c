#include "app/users.h"

#include <stdio.h>
#include <string.h>

#include "app/password.h"
#include "app/password_gate.h"
#include "parley/err.h"
#include "app/permissions.h"
#include "model/config.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/db.h"

bool app_users_viewer_is_admin(PGconn *db, const app_session_t *viewer)
{
    app_error_t ignore = {0};
    return viewer && app_permissions_has(db, viewer, "manage_system", NULL, NULL, &ignore) > 0;
}

unsigned app_users_sanitize_flags(const app_session_t *viewer, bool admin, const model_user_t *u)
{
    const model_config_t *cfg = model_config_get();
    if (!viewer || strcmp(viewer->user_id, u->id) == 0 || admin)
        return 0;
    unsigned f = MODEL_USER_SANITIZE_OTHER;
    if (!cfg->privacy.show_email_address)
        f |= MODEL_USER_HIDE_EMAIL;
    if (!cfg->privacy.show_full_name)
        f |= MODEL_USER_HIDE_FULLNAME;
    return f;
}

unsigned app_users_sanitize_flags_one(PGconn *db, const app_session_t *viewer, const model_user_t *u)
{
    bool admin = viewer && strcmp(viewer->user_id, u->id) != 0 && app_users_viewer_is_admin(db, viewer);
    return app_users_sanitize_flags(viewer, admin, u);
}

int app_users_hash_new_password(const char *password, char *out, size_t n, app_error_t *e)
{
    const model_config_t *cfg = model_config_get();
    app_password_rules_t rules = {(int)cfg->password.minimum_length, cfg->password.lowercase, cfg->password.uppercase,
                                  cfg->password.number, cfg->password.symbol};
    const char *bad = app_password_check_rules(&rules, password);
    if (bad) {
        app_error_set(e, 400, bad, NULL);
        return app_error_param_int(e, "Min", rules.min_length); /* "at least {{.Min}} characters" */
    }
    int rc = app_password_gate_hash(password, (int)cfg->parley.password_hash_iterations, out, n);
    if (rc == PL_EAGAIN)
        return app_error_set(e, 503, "api.context.server_busy.app_error", "password hashing saturated");
    if (rc != 0)
        return app_error_set(e, 500, "app.user.hash_password.app_error", NULL);
    return 0;
}

/* Sign-up gate: admins always; the very first account always; else the TeamSettings switches. */
static int signup_allowed(PGconn *db, const app_session_t *viewer, app_error_t *e)
{
    const model_config_t *cfg = model_config_get();
    int64_t count = 0;
    if (app_users_viewer_is_admin(db, viewer))
        return 0;
    int rc = store_users_count(db, true, &count);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.get_total_users_count.app_error", 0);
    if (count == 0)
        return 0;
    if (!cfg->team.enable_user_creation || !cfg->email.enable_sign_up_with_email)
        return app_error_set(e, 501, "api.user.create_user.signup_email_disabled.app_error", NULL);
    if (!cfg->team.enable_open_server)
        return app_error_set(e, 403, "api.user.create_user.no_open_server", NULL);
    return 0;
}

/* The decoded user becomes a new account: ids, times, roles, defaults, then validation. */
static int fill_new_user(model_user_t *u, app_error_t *e)
{
    pl_id_new(u->id);
    u->create_at = u->update_at = pl_time_ms();
    u->last_password_update = u->create_at;
    snprintf(u->roles, sizeof(u->roles), "system_user");
    u->email_verified = !model_config_get()->email.require_email_verification;
    model_user_set_defaults(u);
    model_user_normalize(u);
    const char *invalid = model_user_validate(u);
    if (invalid) {
        app_error_set(e, 400, invalid, NULL);
        return app_error_param_int(e, "Limit", MODEL_USER_ROLES_MAX); /* roles_limit's {{.Limit}} */
    }
    return 0;
}

static int dup_error(app_error_t *e, int rc, const char *dup)
{
    if (rc == STORE_EUNIQUE)
        return app_error_set(e, 400,
                             dup && strcmp(dup, "email") == 0 ? "app.user.save.email_exists.app_error"
                                                              : "app.user.save.username_exists.app_error",
                             NULL);
    return app_error_from_store(e, rc, "app.user.save.app_error", 0);
}

int app_users_create(PGconn *db, const app_session_t *viewer, model_user_new_t *in, app_error_t *e)
{
    const char *dup = NULL;
    model_user_t *u = &in->user;
    if (signup_allowed(db, viewer, e) < 0 || fill_new_user(u, e) < 0 ||
        app_users_hash_new_password(in->password, u->password, sizeof(u->password), e) < 0)
        return -1;
    int rc = store_users_insert(db, u, &dup);
    if (rc != STORE_OK)
        return dup_error(e, rc, dup);
    app_users_emit_new_user(u->id);
    return 0;
}

int app_users_load(PGconn *db, const char *user_id, model_user_t *u, app_error_t *e)
{
    if (!user_id || !pl_id_valid(user_id, strlen(user_id)))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "user_id");
    int rc = store_users_get(db, STORE_USER_BY_ID, user_id, u);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.missing_account.const", 0);
    return 0;
}

int app_users_get(PGconn *db, const app_session_t *viewer, app_user_key_t key, const char *value, model_user_t *out, app_error_t *e)
{
    if (key == APP_USER_BY_ID)
        return app_users_load(db, value, out, e);
    int rc = store_users_get(db, (store_user_key_t)key, value, out);
    if (rc == STORE_OK && key == APP_USER_BY_EMAIL && !model_config_get()->privacy.show_email_address &&
        strcmp(viewer->user_id, out->id) != 0 && !app_users_viewer_is_admin(db, viewer))
        rc = STORE_ENOTFOUND; /* looking users up by a hidden attribute must not reveal it */
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.missing_account.const", 0);
    return 0;
}

int app_users_get_many(PGconn *db, const model_list_t *names, bool by_username, int64_t since, model_user_list_t *out,
                       app_error_t *e)
{
    int rc = store_users_get_many(db, names->v, names->n, by_username, since, out);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.get_profiles.app_error", 0);
    return 0;
}
