/* Profile patch, password change, (de)activation and role changes (owner: accounts). */
#include "app/users.h"

#include <stdio.h>
#include <string.h>

#include "app/password.h"
#include "app/password_gate.h"
#include "app/permissions.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/db.h"
#include "store/sessions.h"
#include "ws/publish.h"

static int save_profile(PGconn *db, model_user_t *u, app_error_t *e)
{
    const char *dup = NULL;
    int rc = store_users_update_profile(db, u, &dup);
    if (rc == STORE_EUNIQUE)
        return app_error_set(e, 400,
                             dup && strcmp(dup, "email") == 0 ? "app.user.save.email_exists.app_error"
                                                              : "app.user.save.username_exists.app_error",
                             NULL);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user.update.app_error", 0);
    return 0;
}

int app_users_patch(PGconn *db, const app_session_t *viewer, const char *user_id, const model_user_patch_t *patch, model_user_t *u,
                    app_error_t *e)
{
    const char *invalid;
    if (app_permissions_can_edit_user(db, viewer, user_id, e) < 0 || app_users_load(db, user_id, u, e) < 0)
        return -1;
    model_user_patch_apply(u, patch);
    model_user_normalize(u);
    if ((invalid = model_user_validate(u)) != NULL) {
        app_error_set(e, 400, invalid, NULL);
        app_error_param_int(e, "Limit", MODEL_USER_ROLES_MAX); /* roles_limit's {{.Limit}} */
        return -1;
    }
    if (save_profile(db, u, e) < 0)
        return -1;
    app_users_emit_updated(u);
    return 0;
}

/* Self: the current password must match. Others: manage_system. */
static int check_password_change(PGconn *db, const app_session_t *viewer, const model_user_t *u, const char *current,
                                 app_error_t *e)
{
    if (strcmp(viewer->user_id, u->id) != 0) {
        if (app_permissions_require(db, viewer, "manage_system", NULL, NULL, e) < 0)
            return app_error_set(e, 403, "api.user.update_password.context.app_error", NULL);
        return 0;
    }
    if (!current || !current[0])
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "current_password");
    app_password_gate_who_t who = {u->id, NULL, NULL, NULL};
    int match = app_password_gate_verify(current, u->password, &who);
    if (match == APP_PASSWORD_GATE_SHARE)
        return app_error_set(e, 429, "api.context.rate_limit_exceeded.app_error", "password hashing: share of this user");
    if (match < 0)
        return app_error_set(e, 503, "api.context.server_busy.app_error", "password hashing saturated");
    if (!match)
        return app_error_set(e, 400, "api.user.update_password.incorrect.app_error", NULL);
    return 0;
}

int app_users_update_password(PGconn *db, const app_session_t *viewer, const char *user_id, const model_user_password_update_t *p,
                              app_error_t *e)
{
    model_user_t u;
    const char *next = p->new_password;
    char hash[APP_PASSWORD_HASH_MAX];
    int ret = -1;
    model_user_init(&u);
    if (app_users_load(db, user_id, &u, e) < 0 || check_password_change(db, viewer, &u, p->current_password, e) < 0)
        goto Exit;
    if (u.is_bot) {
        app_error_set(e, 400, "api.user.update_password.bot.app_error", NULL);
        goto Exit;
    }
    if (app_users_hash_new_password(next ? next : "", hash, sizeof(hash), e) < 0)
        goto Exit;
    if (app_error_check_store(e, store_users_update_password(db, u.id, hash), "app.user.update_password.app_error") < 0)
        goto Exit;
    ret = 0;
Exit:
    model_user_dispose(&u);
    return ret;
}

int app_users_set_active(PGconn *db, const app_session_t *viewer, const char *user_id, bool active, app_error_t *e)
{
    model_user_t u;
    int ret = -1;
    model_user_init(&u);
    if (app_permissions_require(db, viewer, "manage_system", NULL, NULL, e) < 0 || app_users_load(db, user_id, &u, e) < 0)
        goto Exit;
    u.delete_at = active ? 0 : pl_time_ms();
    int rc = store_users_set_delete_at(db, u.id, u.delete_at);
    if (rc == STORE_OK && u.delete_at)
        rc = store_sessions_delete_by_user(db, u.id);
    if (rc != STORE_OK) {
        app_error_from_store(e, rc, "app.user.update_active.app_error", 0);
        goto Exit;
    }
    if (u.delete_at)
        ws_close_user(u.id);
    app_users_emit_updated(&u);
    ret = 0;
Exit:
    model_user_dispose(&u);
    return ret;
}

int app_users_update_roles(PGconn *db, const app_session_t *viewer, const char *user_id, const char *roles, app_error_t *e)
{
    model_user_t u;
    int ret = -1;
    model_user_init(&u);
    if (app_permissions_require(db, viewer, "manage_roles", NULL, NULL, e) < 0 || app_users_load(db, user_id, &u, e) < 0)
        goto Exit;
    if (app_error_check_store(e, store_users_update_roles(db, u.id, roles), "app.user.update_roles.app_error") < 0)
        goto Exit;
    snprintf(u.roles, sizeof(u.roles), "%s", roles);
    app_users_emit_updated(&u);
    ret = 0;
Exit:
    model_user_dispose(&u);
    return ret;
}
