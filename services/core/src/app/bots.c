#include "app/bots.h"

#include <stdio.h>
#include <string.h>

#include "app/permissions.h"
#include "app/users.h"
#include "model/bot.h"
#include "model/config.h"
#include "model/user.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/bots.h"
#include "store/db.h"
#include "store/sessions.h"
#include "ws/publish.h"

static void user_from_bot(const model_bot_t *b, model_user_t *u)
{
    snprintf(u->id, sizeof(u->id), "%s", b->user_id);
    snprintf(u->username, sizeof(u->username), "%s", b->username);
    snprintf(u->email, sizeof(u->email), "%s@localhost", b->username);
    snprintf(u->first_name, sizeof(u->first_name), "%s", b->display_name);
    snprintf(u->bot_description, sizeof(u->bot_description), "%s", b->description);
    snprintf(u->roles, sizeof(u->roles), "system_user");
    u->create_at = u->update_at = b->create_at;
    u->is_bot = true;
    u->email_verified = true;
    model_user_set_defaults(u);
}

static int dup_or_store(app_error_t *e, int rc, const char *id)
{
    if (rc == STORE_EUNIQUE)
        return app_error_set(e, 400, "app.user.save.username_exists.app_error", NULL);
    return app_error_from_store(e, rc, id, 0);
}

int app_bots_create(PGconn *db, const app_session_t *viewer, const model_bot_patch_t *in, model_bot_t *out, app_error_t *e)
{
    model_bot_t b = {0};
    model_user_t u;
    const char *bad, *dup = NULL;
    int ret = -1;
    model_user_init(&u);
    if (!model_config_get()->service.enable_bot_account_creation) {
        app_error_set(e, 403, "api.bot.create_disabled", NULL);
        goto Exit;
    }
    if (viewer->is_bot) {
        app_error_set(e, 403, "api.context.permissions.app_error", "bots cannot create bots");
        goto Exit;
    }
    if (app_permissions_require(db, viewer, "create_bot", NULL, NULL, e) < 0)
        goto Exit;
    if (!in->username || (bad = model_bot_patch_apply(&b, in)) != NULL) {
        app_error_set(e, 400, "model.bot.is_valid.username.app_error", NULL);
        goto Exit;
    }
    pl_id_new(b.user_id);
    snprintf(b.owner_id, sizeof(b.owner_id), "%s", viewer->user_id);
    b.create_at = b.update_at = pl_time_ms();
    user_from_bot(&b, &u);
    int rc = store_bots_create(db, &u, &b, &dup);
    if (rc != STORE_OK) {
        dup_or_store(e, rc, "app.bot.createbot.internal_error");
        goto Exit;
    }
    app_users_emit_new_user(u.id);
    *out = b;
    ret = 0;
Exit:
    model_user_dispose(&u);
    return ret;
}

/* Owner with perm_own, anyone with perm_others. */
static int may(PGconn *db, const app_session_t *viewer, const model_bot_t *b, const char *perm_own, const char *perm_others,
               app_error_t *e)
{
    if (app_permissions_has(db, viewer, perm_others, NULL, NULL, e) > 0)
        return 0;
    if (strcmp(b->owner_id, viewer->user_id) == 0)
        return app_permissions_require(db, viewer, perm_own, NULL, NULL, e);
    return app_error_set(e, 403, "api.context.permissions.app_error", perm_others);
}

static int load(PGconn *db, const char *bot_id, bool include_deleted, model_bot_t *b, app_error_t *e)
{
    if (!bot_id || !pl_id_valid(bot_id, strlen(bot_id)))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "bot_user_id");
    int rc = store_bots_get(db, bot_id, include_deleted, b);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "store.sql_bot.get.missing.app_error", 0);
    return 0;
}

int app_bots_get(PGconn *db, const app_session_t *viewer, const char *bot_id, bool include_deleted, model_bot_t *out,
                 app_error_t *e)
{
    if (load(db, bot_id, include_deleted, out, e) < 0 || may(db, viewer, out, "read_bots", "read_others_bots", e) < 0)
        return -1;
    return 0;
}

int app_bots_list(PGconn *db, const app_session_t *viewer, bool include_deleted, bool only_orphaned, int64_t offset, int64_t limit,
                  model_bot_list_t *out, app_error_t *e)
{
    const char *owner = NULL;
    if (app_permissions_has(db, viewer, "read_others_bots", NULL, NULL, e) <= 0) {
        if (app_permissions_require(db, viewer, "read_bots", NULL, NULL, e) < 0)
            return -1;
        owner = viewer->user_id;
    }
    int rc = store_bots_list(db, owner, include_deleted, only_orphaned, offset, limit, out);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.bot.getbots.internal_error", 0);
    return 0;
}

int app_bots_patch(PGconn *db, const app_session_t *viewer, const char *bot_id, const model_bot_patch_t *patch, model_bot_t *out,
                   app_error_t *e)
{
    const char *bad, *dup = NULL;
    if (load(db, bot_id, false, out, e) < 0 || may(db, viewer, out, "manage_bots", "manage_others_bots", e) < 0)
        return -1;
    if ((bad = model_bot_patch_apply(out, patch)) != NULL)
        return app_error_set(e, 400, bad, NULL);
    int rc = store_bots_update(db, out, &dup);
    if (rc != STORE_OK)
        return dup_or_store(e, rc, "app.bot.patchbot.internal_error");
    load(db, bot_id, false, out, e);
    return 0;
}

int app_bots_set_enabled(PGconn *db, const app_session_t *viewer, const char *bot_id, bool enabled, model_bot_t *out,
                         app_error_t *e)
{
    model_bot_t b;
    if (load(db, bot_id, true, &b, e) < 0 || may(db, viewer, &b, "manage_bots", "manage_others_bots", e) < 0)
        return -1;
    b.delete_at = enabled ? 0 : pl_time_ms();
    int rc = store_bots_set_delete_at(db, b.user_id, b.delete_at);
    if (rc == STORE_OK && !enabled)
        rc = store_sessions_delete_by_user(db, b.user_id);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.bot.patchbot.internal_error", 0);
    if (!enabled)
        ws_close_user(b.user_id);
    *out = b;
    return 0;
}

int app_bots_assign(PGconn *db, const app_session_t *viewer, const char *bot_id, const char *owner_id, model_bot_t *out,
                    app_error_t *e)
{
    model_bot_t b;
    model_user_t owner;
    model_user_init(&owner);
    int rc = load(db, bot_id, false, &b, e) < 0 || app_permissions_require(db, viewer, "assign_bot", NULL, NULL, e) < 0 ||
             may(db, viewer, &b, "manage_bots", "manage_others_bots", e) < 0 || app_users_load(db, owner_id, &owner, e) < 0;
    model_user_dispose(&owner);
    if (rc)
        return -1;
    if ((rc = store_bots_set_owner(db, b.user_id, owner_id)) != STORE_OK)
        return app_error_from_store(e, rc, "app.bot.patchbot.internal_error", 0);
    snprintf(b.owner_id, sizeof(b.owner_id), "%s", owner_id);
    *out = b;
    return 0;
}
