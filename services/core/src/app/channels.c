/* Creating and reading channels; a team's default channels (app/channels.h). */
#include "app/channels.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/channel_members.h"
#include "app/channels_internal.h"
#include "app/permissions.h"
#include "model/config.h"
#include "model/user.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/channels_list.h"
#include "store/db.h"
#include "store/teams.h"

#define EXISTS "store.sql_channel.save_channel.exists.app_error"
#define NAME_MISSING "app.channel.get_by_name.missing.app_error"

static int invalid_body(app_error_t *e, const char *name)
{
    return app_error_set(e, 400, "api.context.invalid_body_param.app_error", name);
}

static int check_create(PGconn *db, const app_session_t *s, const model_channel_patch_t *in, app_error_t *e)
{
    if (in->team_id == NULL || in->team_id[0] == '\0')
        return invalid_body(e, "team_id");
    if (in->display_name == NULL || in->display_name[0] == '\0')
        return invalid_body(e, "display_name");
    const char *type = in->type ? in->type : "";
    if (strcmp(type, "O") == 0 && app_channels_access_team(db, s, in->team_id, "create_public_channel", e) < 0)
        return -1;
    if (strcmp(type, "P") == 0 && app_channels_access_team(db, s, in->team_id, "create_private_channel", e) < 0)
        return -1;
    if (strcmp(type, "D") == 0 || strcmp(type, "G") == 0)
        return app_error_set(e, 400, "api.channel.create_channel.direct_channel.app_error", NULL);
    int64_t n = 0, max = model_config_get()->team.max_channels_per_team;
    if (app_error_check_store(e, store_channels_list_count_team(db, in->team_id, &n), "app.channel.get_channels.get.app_error") < 0)
        return -1;
    if (n + 1 > max) {
        app_error_set(e, 400, "api.channel.create_channel.max_channel_limit.app_error", NULL);
        return app_error_param_int(e, "MaxChannelsPerTeam", max);
    }
    return 0;
}

/* The creator joins as channel admin (the members work adds, the scheme flag is ours). */
static int add_creator(PGconn *db, const model_channel_t *c, const char *user_id, app_error_t *e)
{
    const char *ids[] = {user_id};
    model_channel_member_t m;
    if (app_channel_members_add(db, user_id, c, ids, 1, APP_CHANNEL_MEMBERS_SILENT, NULL, e) < 0)
        return -1;
    memset(&m, 0, sizeof(m));
    int rc = store_channel_members_get(db, c->id, user_id, &m);
    if (rc == STORE_OK && !m.scheme_admin) {
        m.scheme_admin = true;
        rc = store_channel_members_update_roles(db, &m);
    }
    model_channel_member_dispose(&m);
    return app_error_check_store(e, rc, "app.channel.create_channel.internal_error");
}

int app_channels_create(PGconn *db, const app_session_t *s, const model_channel_patch_t *in, model_channel_t *out, app_error_t *e)
{
    model_channel_t c;
    const char *bad, *dup = NULL;
    if (check_create(db, s, in, e) < 0)
        return -1;
    memset(&c, 0, sizeof(c));
    pl_id_new(c.id);
    c.create_at = c.update_at = pl_time_ms();
    snprintf(c.creator_id, sizeof(c.creator_id), "%s", s->user_id);
    c.group_constrained = c.shared = -1;
    model_channel_patch_t p = *in;
    p.id = NULL;
    if ((bad = model_channel_patch_apply(&c, &p)) != NULL) {
        model_channel_dispose(&c);
        return app_error_set(e, 400, bad, NULL);
    }
    int rc = store_channels_insert(db, &c, NULL, 0, &dup);
    if (rc != STORE_OK || add_creator(db, &c, s->user_id, e) < 0) {
        model_channel_dispose(&c);
        return rc == STORE_EUNIQUE ? app_error_set(e, 400, EXISTS, NULL)
               : rc != STORE_OK    ? app_error_from_store(e, rc, "app.channel.create_channel.internal_error", 0)
                                   : -1;
    }
    char username[MODEL_USER_NAME_MAX + 1], msg[MODEL_USER_NAME_MAX + 32];
    app_channels_events_username(db, s->user_id, username, sizeof(username));
    snprintf(msg, sizeof(msg), "%s joined the channel.", username);
    app_channels_events_record(db, c.id, s->user_id, "system_join_channel", msg, NULL);
    app_channels_events_publish(APP_CHANNELS_EVENT_CREATED, json_pack("{s:s,s:s}", "channel_id", c.id, "team_id", c.team_id),
                                s->user_id, NULL, NULL);
    *out = c;
    return 0;
}

int app_channels_get(PGconn *db, const app_session_t *s, const char *id, model_channel_t *out, app_error_t *e)
{
    if (app_channels_access_load(db, id, out, e) < 0)
        return -1;
    if (app_channels_access_read(db, s, out, e) < 0) {
        model_channel_dispose(out);
        return -1;
    }
    return 0;
}

/* model.IsValidTeamName: [a-z0-9] at both ends, [a-z0-9-] inside (or one "__"), at least 2 characters. */
static bool team_name_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > 64 || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' || s[i] == '_'))
            return false;
    return true;
}

static int resolve_team(PGconn *db, const char *team_id, const char *team_name, char *out, app_error_t *e)
{
    if (team_id != NULL) {
        if (app_channels_access_id(team_id, "team_id", e) < 0)
            return -1;
        snprintf(out, PL_ID_LEN + 1, "%s", team_id);
        return 0;
    }
    if (!team_name_valid(team_name))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "team_name");
    model_team_t t;
    memset(&t, 0, sizeof(t));
    if (app_error_check_store(e, store_teams_get_by_name(db, team_name, &t), "app.team.get_by_name.missing.app_error") < 0)
        return -1;
    snprintf(out, PL_ID_LEN + 1, "%s", t.id);
    return 0;
}

/* getChannelByName's rule: O with read_public_channel (team) or read_channel; P with manage_team or read_channel, else 404. */
static int read_by_name(PGconn *db, const app_session_t *s, const model_channel_t *c, app_error_t *e)
{
    int ok = app_channels_access_has(db, s, c, "read_channel", e);
    if (ok < 0)
        return -1;
    if (ok > 0)
        return 0;
    const char *team_perm = c->type == MODEL_CHANNEL_OPEN ? "read_public_channel" : "manage_team";
    if ((ok = app_permissions_has(db, s, team_perm, c->team_id[0] ? c->team_id : NULL, NULL, e)) != 0)
        return ok > 0 ? 0 : -1;
    if (c->type == MODEL_CHANNEL_OPEN)
        return app_error_set(e, 403, "api.context.permissions.app_error", "read_public_channel");
    return app_error_set(e, 404, NAME_MISSING, NULL);
}

int app_channels_get_by_name(PGconn *db, const app_session_t *s, const char *team_id, const char *team_name, const char *name,
                             bool include_deleted, model_channel_t *out, app_error_t *e)
{
    char tid[PL_ID_LEN + 1];
    if (resolve_team(db, team_id, team_name, tid, e) < 0)
        return -1;
    if (name == NULL || strlen(name) > MODEL_CHANNEL_NAME_MAX || model_channel_name_check(name, MODEL_CHANNEL_DIRECT) != NULL)
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "channel_name");
    int rc = store_channels_get_by_name(db, tid, name, include_deleted, out);
    if (rc == STORE_ENOTFOUND) /* DMs and GMs have no team: Mattermost's GetByName looks there too */
        rc = store_channels_get_by_name(db, "", name, include_deleted, out);
    if (app_error_check_store(e, rc, NAME_MISSING) < 0)
        return -1;
    if (read_by_name(db, s, out, e) < 0) {
        model_channel_dispose(out);
        return -1;
    }
    return 0;
}

/* --- the calls of the teams work --- */

static int create_default(PGconn *db, const model_team_t *t, const char *name, const char *display_name, app_error_t *e)
{
    model_channel_t c;
    const char *dup = NULL;
    memset(&c, 0, sizeof(c));
    pl_id_new(c.id);
    c.create_at = c.update_at = pl_time_ms();
    snprintf(c.team_id, sizeof(c.team_id), "%s", t->id);
    c.type = MODEL_CHANNEL_OPEN;
    snprintf(c.name, sizeof(c.name), "%s", name);
    snprintf(c.display_name, sizeof(c.display_name), "%s", display_name);
    c.group_constrained = c.shared = -1;
    int rc = store_channels_insert(db, &c, NULL, 0, &dup);
    if (rc == STORE_EUNIQUE)
        return 0;
    return app_error_check_store(e, rc, "app.channel.create_channel.internal_error");
}

int app_channels_create_defaults(PGconn *db, const model_team_t *t, const char *creator_id, app_error_t *e)
{
    (void)creator_id; /* Mattermost's CreateDefaultChannels leaves creator_id empty */
    if (create_default(db, t, "town-square", "Town Square", e) < 0 || create_default(db, t, "off-topic", "Off-Topic", e) < 0)
        return -1;
    return 0;
}

static int join_one(PGconn *db, const model_team_t *t, const char *name, const char *user_id, app_error_t *e)
{
    model_channel_t c;
    const char *ids[] = {user_id};
    memset(&c, 0, sizeof(c));
    int rc = store_channels_get_by_name(db, t->id, name, false, &c);
    if (rc == STORE_ENOTFOUND)
        return 0;
    if (app_error_check_store(e, rc, "app.channel.get_by_name.existing.app_error") < 0)
        return -1;
    rc = c.type == MODEL_CHANNEL_OPEN ? app_channel_members_add(db, user_id, &c, ids, 1, 0, NULL, e) : 0;
    model_channel_dispose(&c);
    return rc;
}

/* DefaultChannelNames: town-square, then ExperimentalDefaultChannels (names split by spaces or commas) or off-topic. */
int app_channels_join_defaults(PGconn *db, const model_team_t *t, const char *user_id, app_error_t *e)
{
    const char *list = model_config_get()->team.experimental_default_channels;
    char name[MODEL_CHANNEL_NAME_MAX + 1];
    int any = 0;
    if (join_one(db, t, "town-square", user_id, e) < 0)
        return -1;
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, " ,");
        if (n > 0 && n <= MODEL_CHANNEL_NAME_MAX) {
            snprintf(name, sizeof(name), "%.*s", (int)n, p);
            any = 1;
            if (strcmp(name, "town-square") != 0 && join_one(db, t, name, user_id, e) < 0)
                return -1;
        }
        p += n + (p[n] != '\0');
    }
    return any ? 0 : join_one(db, t, "off-topic", user_id, e);
}
