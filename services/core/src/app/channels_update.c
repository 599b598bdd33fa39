/* Changing channels: patch / update, archive / restore / delete, privacy (app/channels.h). */
#include "app/channels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/channels_internal.h"
#include "app/permissions.h"
#include "app/users.h"
#include "model/config.h"
#include "model/user.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/channels_stats.h"
#include "store/db.h"
#include "ws/publish.h"

#define EXISTS "store.sql_channel.save_channel.exists.app_error"
#define FORBIDDEN "api.channel.patch_update_channel.forbidden.app_error"
#define DEFAULT_CHANNEL "town-square"

static bool changed(const char *v, const char *old)
{
    return v != NULL && strcmp(v, old) != 0;
}

/* The property permission of c's type; for D/G: membership, and no name / display name / purpose change. */
static int may_change(PGconn *db, const app_session_t *s, const model_channel_t *c, const model_channel_patch_t *p, bool full,
                      app_error_t *e)
{
    if (c->type == MODEL_CHANNEL_OPEN)
        return app_channels_access_require(db, s, c, "manage_public_channel_properties", e);
    if (c->type == MODEL_CHANNEL_PRIVATE)
        return app_channels_access_require(db, s, c, "manage_private_channel_properties", e);
    model_channel_member_t m;
    memset(&m, 0, sizeof(m));
    int rc = store_channel_members_get(db, c->id, s->user_id, &m);
    model_channel_member_dispose(&m);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 403, FORBIDDEN, NULL);
    if (app_error_check_store(e, rc, "app.channel.get_member.app_error") < 0)
        return -1;
    bool renamed = p->name && p->name[0] && strcmp(p->name, c->name) != 0;
    bool redisplayed = p->display_name && p->display_name[0] && strcmp(p->display_name, c->display_name) != 0;
    bool repurposed = full ? strcmp(p->purpose ? p->purpose : "", c->purpose) != 0 : changed(p->purpose, c->purpose);
    if (!full) {
        renamed = changed(p->name, c->name);
        redisplayed = changed(p->display_name, c->display_name);
    }
    if (renamed || redisplayed || repurposed)
        return app_error_set(e, 400,
                             full ? "api.channel.update_channel.update_direct_or_group_messages_not_allowed.app_error"
                                  : "api.channel.patch_update_channel.update_direct_or_group_messages_not_allowed.app_error",
                             NULL);
    return 0;
}

static int check_patch(PGconn *db, const app_session_t *s, const model_channel_t *c, const model_channel_patch_t *p, bool full,
                       app_error_t *e)
{
    if (!full && !p->display_name && !p->name && !p->header && !p->purpose && p->group_constrained < 0)
        return app_error_set(e, 400, "api.channel.patch_update_channel.no_changes.app_error", NULL);
    if (!full && p->group_constrained >= 0 && c->type != MODEL_CHANNEL_OPEN && c->type != MODEL_CHANNEL_PRIVATE)
        return app_error_set(e, 400, "api.channel.patch_update_channel.group_constrained_not_allowed.app_error", NULL);
    if (may_change(db, s, c, p, full, e) < 0)
        return -1;
    if (full && c->delete_at > 0)
        return app_error_set(e, 400, "api.channel.update_channel.deleted.app_error", NULL);
    if (full && p->type && p->type[0] && (strlen(p->type) != 1 || p->type[0] != c->type))
        return app_error_set(e, 400, "api.channel.update_channel.typechange.app_error", NULL);
    if (strcmp(c->name, DEFAULT_CHANNEL) == 0 &&
        (full ? p->name && p->name[0] && changed(p->name, c->name) : changed(p->name, c->name))) {
        app_error_set(e, 400, "api.channel.update_channel.tried.app_error", NULL);
        return app_error_param(e, "Channel", DEFAULT_CHANNEL);
    }
    return 0;
}

/* PUT /channels/{id}: header and purpose replaced, display name and name when not empty. */
static model_channel_patch_t full_patch(const model_channel_patch_t *p)
{
    model_channel_patch_t q = {0};
    q.header = p->header ? p->header : "";
    q.purpose = p->purpose ? p->purpose : "";
    q.display_name = p->display_name && p->display_name[0] ? p->display_name : NULL;
    q.name = p->name && p->name[0] ? p->name : NULL;
    q.group_constrained = p->group_constrained;
    return q;
}

/* Store c (update_at now), then channel_updated. */
static int save(PGconn *db, model_channel_t *c, app_error_t *e)
{
    const char *dup = NULL;
    c->update_at = pl_time_ms();
    int rc = store_channels_update(db, c, &dup);
    if (rc == STORE_EUNIQUE)
        return app_error_set(e, 400, EXISTS, NULL);
    if (app_error_check_store(e, rc, "app.channel.update_channel.internal_error") < 0)
        return -1;
    app_channels_events_updated(c);
    return 0;
}

static int apply_and_save(PGconn *db, const app_session_t *s, model_channel_t *c, const model_channel_patch_t *p, bool full,
                          app_error_t *e)
{
    model_channel_t old = *c;
    model_channel_patch_t q = full ? full_patch(p) : *p;
    const char *bad;
    q.id = NULL;
    q.type = NULL;
    q.team_id = NULL;
    if ((bad = model_channel_patch_apply(c, &q)) != NULL)
        return app_error_set(e, 400, bad, NULL);
    if (save(db, c, e) < 0)
        return -1;
    if (full) { /* updateChannel posts the display-name message only */
        snprintf(old.header, sizeof(old.header), "%s", c->header);
        snprintf(old.purpose, sizeof(old.purpose), "%s", c->purpose);
    }
    app_channels_events_changes(db, s->user_id, &old, c);
    return 0;
}

int app_channels_patch(PGconn *db, const app_session_t *s, const char *id, const model_channel_patch_t *p, bool full,
                       model_channel_t *out, app_error_t *e)
{
    if (app_channels_access_id(id, "channel_id", e) < 0)
        return -1;
    if (full && (p->id == NULL || strcmp(p->id, id) != 0))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "channel_id");
    if (app_channels_access_load(db, id, out, e) < 0)
        return -1;
    if (check_patch(db, s, out, p, full, e) < 0 || apply_and_save(db, s, out, p, full, e) < 0) {
        model_channel_dispose(out);
        return -1;
    }
    return 0;
}

/* channel_deleted / channel_restored: a public channel's to its team, else to its members. */
static void publish_lifecycle(const char *event, const model_channel_t *c, json_t *data)
{
    bool open = c->type == MODEL_CHANNEL_OPEN;
    app_channels_events_publish(event, data, NULL, open ? NULL : c->id, open ? c->team_id : NULL);
}

static int may_delete(PGconn *db, const app_session_t *s, const model_channel_t *c, bool permanent, app_error_t *e)
{
    if (c->type == MODEL_CHANNEL_DIRECT || c->type == MODEL_CHANNEL_GROUP)
        return app_error_set(e, 400, "api.channel.delete_channel.type.invalid", NULL);
    const char *perm = c->type == MODEL_CHANNEL_OPEN ? "delete_public_channel" : "delete_private_channel";
    if (app_channels_access_require(db, s, c, perm, e) < 0)
        return -1;
    if (permanent && !model_config_get()->service.enable_api_channel_deletion)
        return app_error_set(e, 401,
                             app_users_viewer_is_admin(db, s) ? "api.user.delete_channel.not_enabled.for_admin.app_error"
                                                              : "api.user.delete_channel.not_enabled.app_error",
                             NULL);
    if (permanent)
        return 0;
    if (c->delete_at > 0)
        return app_error_set(e, 400, "api.channel.delete_channel.deleted.app_error", NULL);
    if (strcmp(c->name, DEFAULT_CHANNEL) == 0) {
        app_error_set(e, 400, "api.channel.delete_channel.cannot.app_error", NULL);
        return app_error_param(e, "Channel", DEFAULT_CHANNEL);
    }
    return 0;
}

/* Remove for good: the event while the members still get it, then their hub memberships. */
static int remove_channel(PGconn *db, const model_channel_t *c, app_error_t *e)
{
    char(*ids)[PL_ID_LEN + 1] = NULL;
    size_t n = 0;
    int rc = store_channels_stats_member_ids(db, c->id, &ids, &n);
    if (rc == STORE_OK)
        rc = store_channels_delete(db, c->id);
    if (app_error_check_store(e, rc, "app.channel.permanent_delete.app_error") < 0) {
        free(ids);
        return -1;
    }
    publish_lifecycle(APP_CHANNELS_EVENT_DELETED, c,
                      json_pack("{s:s,s:I}", "channel_id", c->id, "delete_at", (json_int_t)pl_time_ms()));
    for (size_t i = 0; i < n; i++)
        ws_member_channel_remove(ids[i], c->id);
    free(ids);
    return 0;
}

static int archive(PGconn *db, const app_session_t *s, model_channel_t *c, app_error_t *e)
{
    const char *dup = NULL;
    c->delete_at = c->update_at = pl_time_ms();
    if (app_error_check_store(e, store_channels_update(db, c, &dup), "app.channel.delete.app_error") < 0)
        return -1;
    char username[MODEL_USER_NAME_MAX + 1], msg[MODEL_USER_NAME_MAX + 32];
    app_channels_events_username(db, s->user_id, username, sizeof(username));
    snprintf(msg, sizeof(msg), "%s archived the channel.", username);
    app_channels_events_record(db, c->id, s->user_id, "system_channel_deleted", msg, NULL);
    publish_lifecycle(APP_CHANNELS_EVENT_DELETED, c,
                      json_pack("{s:s,s:I}", "channel_id", c->id, "delete_at", (json_int_t)c->delete_at));
    return 0;
}

int app_channels_delete(PGconn *db, const app_session_t *s, const char *id, bool permanent, app_error_t *e)
{
    model_channel_t c;
    if (app_channels_access_load(db, id, &c, e) < 0)
        return -1;
    int rc = may_delete(db, s, &c, permanent, e);
    if (rc == 0)
        rc = permanent ? remove_channel(db, &c, e) : archive(db, s, &c, e);
    model_channel_dispose(&c);
    return rc;
}

int app_channels_restore(PGconn *db, const app_session_t *s, const char *id, model_channel_t *out, app_error_t *e)
{
    const char *dup = NULL;
    if (app_channels_access_load(db, id, out, e) < 0)
        return -1;
    int ok = app_permissions_has(db, s, "manage_team", out->team_id[0] ? out->team_id : NULL, NULL, e);
    if (ok == 0)
        ok = app_permissions_has(db, s, "sysconsole_write_user_management_channels", NULL, NULL, e);
    int rc = ok > 0 ? 0 : ok == 0 ? app_error_set(e, 403, "api.context.permissions.app_error", "manage_team") : -1;
    if (rc == 0 && out->delete_at == 0)
        rc = app_error_set(e, 400, "api.channel.restore_channel.restored.app_error", NULL);
    if (rc == 0) {
        out->delete_at = 0;
        out->update_at = pl_time_ms();
        rc = app_error_check_store(e, store_channels_update(db, out, &dup), "app.channel.restore.app_error");
    }
    if (rc < 0) {
        model_channel_dispose(out);
        return -1;
    }
    publish_lifecycle(APP_CHANNELS_EVENT_RESTORED, out, json_pack("{s:s}", "channel_id", out->id));
    char username[MODEL_USER_NAME_MAX + 1], msg[MODEL_USER_NAME_MAX + 32];
    app_channels_events_username(db, s->user_id, username, sizeof(username));
    snprintf(msg, sizeof(msg), "%s unarchived the channel.", username);
    app_channels_events_record(db, out->id, s->user_id, "system_channel_restored", msg, NULL);
    return 0;
}

static int may_convert(PGconn *db, const app_session_t *s, const model_channel_t *c, char to, app_error_t *e)
{
    const char *perm = to == MODEL_CHANNEL_OPEN ? "convert_private_channel_to_public" : "convert_public_channel_to_private";
    if (app_channels_access_require(db, s, c, perm, e) < 0)
        return -1;
    if (strcmp(c->name, DEFAULT_CHANNEL) == 0 && to == MODEL_CHANNEL_PRIVATE)
        return app_error_set(e, 400, "api.channel.update_channel_privacy.default_channel_error", NULL);
    if (c->type != MODEL_CHANNEL_OPEN && c->type != MODEL_CHANNEL_PRIVATE)
        return app_error_set(e, 400, "api.channel.update_channel.typechange.app_error", NULL);
    return 0;
}

int app_channels_set_privacy(PGconn *db, const app_session_t *s, const char *id, const char *privacy, model_channel_t *out,
                             app_error_t *e)
{
    if (app_channels_access_id(id, "channel_id", e) < 0)
        return -1;
    if (privacy == NULL || (strcmp(privacy, "O") != 0 && strcmp(privacy, "P") != 0))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "privacy");
    if (app_channels_access_load(db, id, out, e) < 0)
        return -1;
    if (may_convert(db, s, out, privacy[0], e) < 0) {
        model_channel_dispose(out);
        return -1;
    }
    out->type = privacy[0];
    if (save(db, out, e) < 0) {
        model_channel_dispose(out);
        return -1;
    }
    app_channels_events_record(db, out->id, s->user_id, "system_change_chan_privacy",
                               privacy[0] == MODEL_CHANNEL_OPEN
                                   ? "This channel has been converted to a Public Channel and can be joined by any team member."
                                   : "This channel has been converted to a Private Channel.",
                               NULL);
    app_channels_events_publish(APP_CHANNELS_EVENT_CONVERTED, json_pack("{s:s}", "channel_id", out->id), NULL, NULL, out->team_id);
    return 0;
}
