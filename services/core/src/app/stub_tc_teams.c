/*
 * deleted at merge: the real ones are in tc-channels / tc-members / tc-sidebar.
 * Minimal versions of the app/channels.h, app/channel_members.h and app/sidebar.h functions the teams
 * work calls, so that the tc-teams branch links and its tests run alone.
 */
#include <stdio.h>
#include <string.h>

#include "app/channel_members.h"
#include "app/channels.h"
#include "app/sidebar.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/db.h"
#include "ws/publish.h"

static const char *const DEFAULTS[][2] = {{"town-square", "Town Square"}, {"off-topic", "Off-Topic"}};

int app_channels_create_defaults(PGconn *db, const model_team_t *t, const char *creator_id, app_error_t *e)
{
    for (size_t i = 0; i < 2; i++) {
        model_channel_t c = {.type = MODEL_CHANNEL_OPEN, .group_constrained = -1, .shared = -1};
        const char *dup = NULL;
        pl_id_new(c.id);
        c.create_at = c.update_at = pl_time_ms();
        snprintf(c.team_id, sizeof(c.team_id), "%s", t->id);
        snprintf(c.name, sizeof(c.name), "%s", DEFAULTS[i][0]);
        snprintf(c.display_name, sizeof(c.display_name), "%s", DEFAULTS[i][1]);
        (void)creator_id;
        int rc = store_channels_insert(db, &c, NULL, 0, &dup);
        if (rc != STORE_OK)
            return app_error_from_store(e, rc, "api.context.internal.app_error", 400);
    }
    return 0;
}

int app_channels_join_defaults(PGconn *db, const model_team_t *t, const char *user_id, app_error_t *e)
{
    for (size_t i = 0; i < 2; i++) {
        model_channel_t c = {0};
        if (store_channels_get_by_name(db, t->id, DEFAULTS[i][0], false, &c) != STORE_OK)
            continue;
        model_channel_member_t m = {.scheme_user = true, .last_viewed_at = pl_time_ms()};
        snprintf(m.channel_id, sizeof(m.channel_id), "%s", c.id);
        snprintf(m.user_id, sizeof(m.user_id), "%s", user_id);
        m.last_update_at = m.last_viewed_at;
        m.notify_props = model_channel_member_default_notify_props();
        int rc = store_channel_members_insert(db, &m);
        model_channel_member_dispose(&m);
        if (rc == STORE_OK)
            ws_member_channel_add(user_id, c.id);
        model_channel_dispose(&c);
        if (rc != STORE_OK && rc != STORE_EUNIQUE)
            return app_error_from_store(e, rc, "api.context.internal.app_error", 0);
    }
    return 0;
}

int app_channel_members_remove_from_team(PGconn *db, const char *actor_id, const char *team_id, const char *user_id, app_error_t *e)
{
    (void)actor_id;
    for (size_t i = 0; i < 2; i++) {
        model_channel_t c = {0};
        if (store_channels_get_by_name(db, team_id, DEFAULTS[i][0], true, &c) != STORE_OK)
            continue;
        int rc = store_channel_members_delete(db, c.id, user_id, pl_time_ms());
        if (rc == STORE_OK)
            ws_member_channel_remove(user_id, c.id);
        model_channel_dispose(&c);
        if (rc != STORE_OK && rc != STORE_ENOTFOUND)
            return app_error_from_store(e, rc, "api.context.internal.app_error", 0);
    }
    return 0;
}

int app_sidebar_team_joined(PGconn *db, const char *user_id, const char *team_id, app_error_t *e)
{
    (void)db;
    (void)user_id;
    (void)team_id;
    (void)e;
    return 0;
}
