#include "app/tokens.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "app/users.h"
#include "model/config.h"
#include "model/token.h"
#include "model/user.h"
#include "parley/id.h"
#include "store/db.h"
#include "store/sessions.h"
#include "store/tokens.h"
#include "ws/publish.h"

static int check_enabled(const model_user_t *target, app_error_t *e)
{
    if (!model_config_get()->service.enable_user_access_tokens && !target->is_bot)
        return app_error_set(e, 501, "app.user_access_token.disabled", NULL);
    return 0;
}

/* perm on the system, plus edit_other_users when acting on someone else's account. */
static int may_act(PGconn *db, const app_session_t *viewer, const char *perm, const char *owner_id, app_error_t *e)
{
    if (app_permissions_require(db, viewer, perm, NULL, NULL, e) < 0)
        return -1;
    return app_permissions_can_edit_user(db, viewer, owner_id, e);
}

int app_tokens_create(PGconn *db, const app_session_t *viewer, const char *user_id, model_token_t *t, app_error_t *e)
{
    model_user_t u;
    int ret = -1;
    model_user_init(&u);
    if (app_users_load(db, user_id, &u, e) < 0 || check_enabled(&u, e) < 0 ||
        may_act(db, viewer, "create_user_access_token", u.id, e) < 0)
        goto Exit;
    if (u.delete_at) {
        app_error_set(e, 400, "app.user_access_token.inactive_user.app_error", NULL);
        goto Exit;
    }
    pl_id_new(t->id);
    pl_id_new(t->token);
    snprintf(t->user_id, sizeof(t->user_id), "%s", u.id);
    t->is_active = true;
    if (app_error_check_store(e, store_tokens_insert(db, t), "app.user_access_token.save.app_error") < 0)
        goto Exit;
    ret = 0;
Exit:
    model_user_dispose(&u);
    return ret;
}

int app_tokens_list(PGconn *db, const app_session_t *viewer, const char *user_id, int64_t offset, int64_t limit,
                    model_token_list_t *out, app_error_t *e)
{
    int rc = user_id ? may_act(db, viewer, "read_user_access_token", user_id, e)
                     : app_permissions_require(db, viewer, "manage_system", NULL, NULL, e);
    if (rc < 0)
        return -1;
    if ((rc = store_tokens_list(db, user_id, offset, limit, out)) != STORE_OK)
        return app_error_from_store(e, rc, "app.user_access_token.get_all.app_error", 0);
    return 0;
}

static int load_token(PGconn *db, const char *token_id, model_token_t *t, app_error_t *e)
{
    if (!token_id || !pl_id_valid(token_id, strlen(token_id)))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "token_id");
    int rc = store_tokens_get(db, token_id, t);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.user_access_token.get_by_user.app_error", 0);
    return 0;
}

int app_tokens_get(PGconn *db, const app_session_t *viewer, const char *token_id, model_token_t *out, app_error_t *e)
{
    if (load_token(db, token_id, out, e) < 0 || may_act(db, viewer, "read_user_access_token", out->user_id, e) < 0)
        return -1;
    return 0;
}

static int apply(PGconn *db, const model_token_t *t, app_token_op_t op)
{
    int rc = op == APP_TOKEN_REVOKE ? store_tokens_delete(db, t->id) : store_tokens_set_active(db, t->id, op == APP_TOKEN_ENABLE);
    if (rc == STORE_OK && op != APP_TOKEN_ENABLE)
        rc = store_sessions_delete_by_token_id(db, t->id, app_sessions_closed);
    return rc;
}

int app_tokens_change(PGconn *db, const app_session_t *viewer, const char *token_id, app_token_op_t op, app_error_t *e)
{
    model_token_t t;
    model_user_t u;
    int ret = -1;
    model_user_init(&u);
    const char *perm = op == APP_TOKEN_REVOKE ? "revoke_user_access_token" : "create_user_access_token";
    if (load_token(db, token_id, &t, e) < 0 || app_users_load(db, t.user_id, &u, e) < 0 ||
        (op == APP_TOKEN_ENABLE && check_enabled(&u, e) < 0) || may_act(db, viewer, perm, t.user_id, e) < 0)
        goto Exit;
    if (app_error_check_store(e, apply(db, &t, op), "app.user_access_token.update_token_disable.app_error") < 0)
        goto Exit;
    ret = 0;
Exit:
    model_user_dispose(&u);
    return ret;
}
