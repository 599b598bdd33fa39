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

#define MAX_IDS 1000

static int viewer_is_admin(PGconn *db, const app_session_t *viewer)
{
    app_error_t ignore = {0};
    return viewer && app_permissions_has(db, viewer, "manage_system", NULL, NULL, &ignore) > 0;
}

static unsigned flags_for(const app_session_t *viewer, int admin, const model_user_t *u)
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

json_t *app_users_to_json(PGconn *db, const app_session_t *viewer, const model_user_t *u)
{
    int admin = viewer && strcmp(viewer->user_id, u->id) != 0 && viewer_is_admin(db, viewer);
    return model_user_to_json(u, flags_for(viewer, admin, u));
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
    if (viewer_is_admin(db, viewer))
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

static int fill_new_user(model_user_t *u, const json_t *body, char *pw, size_t pwn, app_error_t *e)
{
    const char *bad = NULL;
    if (model_user_from_json(u, body, pw, pwn, &bad) != 0)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", bad);
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

int app_users_create(PGconn *db, const app_session_t *viewer, const json_t *body, json_t **out, app_error_t *e)
{
    model_user_t u;
    char pw[256] = "";
    const char *dup = NULL;
    int ret = -1;
    model_user_init(&u);
    if (!json_is_object(body)) {
        app_error_set(e, 400, "api.context.invalid_body_param.app_error", "user");
        goto Exit;
    }
    if (signup_allowed(db, viewer, e) < 0 || fill_new_user(&u, body, pw, sizeof(pw), e) < 0 ||
        app_users_hash_new_password(pw, u.password, sizeof(u.password), e) < 0)
        goto Exit;
    int rc = store_users_insert(db, &u, &dup);
    if (rc != STORE_OK) {
        dup_error(e, rc, dup);
        goto Exit;
    }
    app_users_emit_new_user(u.id);
    *out = model_user_to_json(&u, 0);
    ret = 0;
Exit:
    memset(pw, 0, sizeof(pw));
    model_user_dispose(&u);
    return ret;
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

int app_users_get(PGconn *db, const app_session_t *viewer, app_user_key_t key, const char *value, json_t **out, app_error_t *e)
{
    model_user_t u;
    model_user_init(&u);
    int rc = key == APP_USER_BY_ID ? (app_users_load(db, value, &u, e) == 0 ? STORE_OK : -1)
                                   : store_users_get(db, (store_user_key_t)key, value, &u);
    if (rc == STORE_OK) {
        int hidden = key == APP_USER_BY_EMAIL && !model_config_get()->privacy.show_email_address &&
                     strcmp(viewer->user_id, u.id) != 0 && !viewer_is_admin(db, viewer);
        if (hidden) /* looking users up by a hidden attribute must not reveal it */
            rc = STORE_ENOTFOUND;
        else
            *out = app_users_to_json(db, viewer, &u);
    }
    model_user_dispose(&u);
    if (rc == -1)
        return -1;
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.missing_account.const", 0);
    return 0;
}

static int read_names(const json_t *body, bool by_username, const char **v, size_t *n, app_error_t *e)
{
    size_t i;
    json_t *item;
    const char *what = by_username ? "usernames" : "user_ids";
    if (!json_is_array(body) || json_array_size(body) == 0 || json_array_size(body) > MAX_IDS)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", what);
    *n = 0;
    json_array_foreach(body, i, item)
    {
        const char *s = json_string_value(item);
        if (!s || (by_username ? !model_user_username_valid(s) : !pl_id_valid(s, strlen(s))))
            return app_error_set(e, 400, "api.context.invalid_body_param.app_error", what);
        v[(*n)++] = s;
    }
    return 0;
}

json_t *app_users_list_to_json(PGconn *db, const app_session_t *viewer, const store_user_list_t *l)
{
    int admin = viewer_is_admin(db, viewer);
    json_t *arr = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(arr, model_user_to_json(&l->items[i], flags_for(viewer, admin, &l->items[i])));
    return arr;
}

int app_users_get_many(PGconn *db, const app_session_t *viewer, const json_t *body, bool by_username, int64_t since, json_t **out,
                       app_error_t *e)
{
    static __thread const char *v[MAX_IDS];
    size_t n = 0;
    store_user_list_t l = {0};
    if (read_names(body, by_username, v, &n, e) < 0)
        return -1;
    int rc = store_users_get_many(db, v, n, by_username, since, &l);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.get_profiles.app_error", 0);
    *out = app_users_list_to_json(db, viewer, &l);
    store_users_list_dispose(&l);
    return 0;
}
