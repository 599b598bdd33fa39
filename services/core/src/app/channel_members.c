/* Channel membership changes: the building blocks (app/channel_members.h) (owner: members). */
#include "app/channel_members.h"

#include <stdlib.h>
#include <string.h>

#include "app/channel_members_system.h"
#include "app/sidebar.h"
#include "app/users.h"
#include "model/config.h"
#include "parley/log.h"
#include "parley/time.h"
#include "store/channel_members_list.h"
#include "store/channels.h"
#include "store/db.h"
#include "store/teams.h"
#include "ws/publish.h"

#define DEFAULT_CHANNEL "town-square"

static bool is_dm_or_gm(const model_channel_t *c)
{
    return c->type == MODEL_CHANNEL_DIRECT || c->type == MODEL_CHANNEL_GROUP;
}

/* The added user must be an active member of the channel's team (Mattermost's AddUserToChannel). */
static int check_team(PGconn *db, const model_channel_t *c, const char *user_id, app_error_t *e)
{
    if (is_dm_or_gm(c))
        return 0;
    model_team_member_t tm;
    memset(&tm, 0, sizeof(tm));
    int rc = store_team_members_get(db, c->team_id, user_id, true, &tm);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 404, "app.team.get_member.missing.app_error", NULL);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.get_member.app_error", 0);
    if (tm.delete_at > 0)
        return app_error_set(e, 400, "api.channel.add_user.to.channel.failed.deleted.app_error", NULL);
    return 0;
}

static void list_push(model_channel_member_list_t *out, model_channel_member_t *m)
{
    if (out == NULL) {
        model_channel_member_dispose(m);
        return;
    }
    model_channel_member_t *items = realloc(out->items, (out->n + 1) * sizeof(*items));
    if (items == NULL)
        abort();
    out->items = items;
    out->items[out->n++] = *m;
}

static void new_member(model_channel_member_t *m, const model_channel_t *c, const model_user_t *u, int64_t now)
{
    memset(m, 0, sizeof(*m));
    memcpy(m->channel_id, c->id, sizeof(m->channel_id));
    memcpy(m->user_id, u->id, sizeof(m->user_id));
    m->notify_props = model_channel_member_default_notify_props();
    m->scheme_guest = app_channel_members_system_is_guest(u);
    m->scheme_user = !m->scheme_guest;
    m->last_update_at = now;
}

/* The profile copy another user may see (Mattermost's SanitizeProfile with the privacy settings). */
static json_t *public_profile(const model_user_t *u)
{
    const model_config_t *cfg = model_config_get();
    unsigned flags = MODEL_USER_SANITIZE_OTHER;
    if (!cfg->privacy.show_email_address)
        flags |= MODEL_USER_HIDE_EMAIL;
    if (!cfg->privacy.show_full_name)
        flags |= MODEL_USER_HIDE_FULLNAME;
    return model_user_to_json(u, flags);
}

/* After the commit: the hub's index first (so the added user hears user_added), then sidebar and event.
 * data: user_id and team_id (what the clients read) and the sanitized user (current servers add it).
 * SILENT (a new channel's creator, DM/GM participants): no user_added, as Mattermost's CreateChannel and
 * SaveDirectChannel save the members without one (channel_created / direct_added / group_added tell). */
static void announce_added(PGconn *db, const model_channel_t *c, const model_user_t *u, int flags)
{
    const char *user_id = u->id;
    ws_member_channel_add(user_id, c->id);
    app_error_t se = {0};
    if (app_sidebar_channel_added(db, user_id, c, &se) < 0)
        PL_LOG_WARN("sidebar placement failed", "channel_id", c->id, "user_id", user_id, "error", se.id ? se.id : "");
    if (flags & APP_CHANNEL_MEMBERS_SILENT)
        return;
    ws_broadcast_t bc = {.channel_id = c->id};
    ws_publish(APP_CHANNEL_MEMBERS_EVENT_USER_ADDED,
               json_pack("{s:s,s:s,s:o}", "user_id", user_id, "team_id", c->team_id, "user", public_profile(u)), &bc);
}

/* Insert one vetted user (inside the transaction). */
static int add_one(PGconn *db, const model_channel_t *c, const model_user_t *u, int64_t now, model_channel_member_t *m,
                   app_error_t *e)
{
    new_member(m, c, u, now);
    int rc = store_channel_members_insert(db, m);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "api.channel.add_user.to.channel.failed.app_error", 0);
    return 0;
}

/* The system message of an addition, after the commit and the hub's index (the added user sees it too). */
static void post_added(PGconn *db, const model_user_t *actor, const model_channel_t *c, const model_user_t *u, int flags)
{
    if (flags & APP_CHANNEL_MEMBERS_SILENT)
        return;
    if (actor == NULL || strcmp(actor->id, u->id) == 0)
        app_channel_members_system_join(db, c->id, u);
    else
        app_channel_members_system_add(db, c->id, actor, u);
}

/* Who may be added: loaded, not yet a member (else returned as is), in the team. 1: add, 0: skip, -1: error. */
static int vet(PGconn *db, const model_channel_t *c, const char *user_id, int flags, model_user_t *u,
               model_channel_member_list_t *out, app_error_t *e)
{
    if (app_users_load(db, user_id, u, e) < 0)
        return -1;
    model_channel_member_t m;
    memset(&m, 0, sizeof(m));
    int rc = store_channel_members_get(db, c->id, user_id, &m);
    if (rc == STORE_OK) {
        list_push(out, &m);
        return 0;
    }
    if (rc != STORE_ENOTFOUND)
        return app_error_from_store(e, rc, "app.channel.get_member.app_error", 0);
    if (flags & APP_CHANNEL_MEMBERS_ANY_TEAM)
        return 1;
    return check_team(db, c, user_id, e) < 0 ? -1 : 1;
}

static int insert_all(PGconn *db, const model_channel_t *c, model_user_t *users, size_t n, model_channel_member_t *added,
                      app_error_t *e)
{
    int64_t now = pl_time_ms();
    int rc = store_db_begin(db);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "api.channel.add_user.to.channel.failed.app_error", 0);
    for (size_t i = 0; i < n; i++)
        if (add_one(db, c, &users[i], now, &added[i], e) < 0) {
            store_db_rollback(db);
            for (size_t j = 0; j <= i; j++)
                model_channel_member_dispose(&added[j]);
            return -1;
        }
    rc = store_db_commit(db);
    if (rc != STORE_OK) {
        for (size_t j = 0; j < n; j++)
            model_channel_member_dispose(&added[j]);
        return app_error_from_store(e, rc, "api.channel.add_user.to.channel.failed.app_error", 0);
    }
    return 0;
}

static int load_actor(PGconn *db, const char *actor_id, model_user_t *actor, app_error_t *e)
{
    if (actor_id == NULL || actor_id[0] == '\0')
        return 0;
    return app_users_load(db, actor_id, actor, e) < 0 ? -1 : 1;
}

int app_channel_members_add(PGconn *db, const char *actor_id, const model_channel_t *c, const char *const *user_ids, size_t n,
                            int flags, model_channel_member_list_t *out, app_error_t *e)
{
    if (out)
        memset(out, 0, sizeof(*out));
    if (c->delete_at > 0)
        return app_error_set(e, 400, "api.channel.add_user_to_channel.deleted.app_error", NULL);
    model_user_t actor;
    model_user_init(&actor);
    model_user_t *users = calloc(n ? n : 1, sizeof(*users));
    model_channel_member_t *added = calloc(n ? n : 1, sizeof(*added));
    if (users == NULL || added == NULL)
        abort();
    size_t nu = 0;
    int rc = load_actor(db, actor_id, &actor, e);
    app_error_t last = {0};
    for (size_t i = 0; rc >= 0 && i < n; i++) {
        model_user_init(&users[nu]);
        if (vet(db, c, user_ids[i], flags, &users[nu], out, &last) > 0)
            nu++;
        else
            model_user_dispose(&users[nu]);
    }
    if (rc >= 0 && nu > 0)
        rc = insert_all(db, c, users, nu, added, e);
    for (size_t i = 0; rc >= 0 && i < nu; i++) {
        announce_added(db, c, &users[i], flags);
        post_added(db, actor.id[0] ? &actor : NULL, c, &users[i], flags);
        list_push(out, &added[i]);
    }
    if (rc >= 0 && nu == 0 && (out == NULL || out->n == 0) && last.status != 0) {
        *e = last;
        rc = -1;
    }
    for (size_t i = 0; i < nu; i++)
        model_user_dispose(&users[i]);
    free(users);
    free(added);
    model_user_dispose(&actor);
    if (rc < 0 && out)
        model_channel_member_list_dispose(out);
    return rc < 0 ? -1 : 0;
}

static void announce_removed(PGconn *db, const model_channel_t *c, const char *user_id, const char *remover_id)
{
    ws_member_channel_remove(user_id, c->id);
    app_error_t se = {0};
    if (app_sidebar_channel_removed(db, user_id, c->id, &se) < 0)
        PL_LOG_WARN("sidebar removal failed", "channel_id", c->id, "user_id", user_id, "error", se.id ? se.id : "");
    ws_broadcast_t chan = {.channel_id = c->id};
    ws_publish(APP_CHANNEL_MEMBERS_EVENT_USER_REMOVED, json_pack("{s:s,s:s}", "user_id", user_id, "remover_id", remover_id), &chan);
    ws_broadcast_t me = {.user_id = user_id};
    ws_publish(APP_CHANNEL_MEMBERS_EVENT_USER_REMOVED, json_pack("{s:s,s:s}", "channel_id", c->id, "remover_id", remover_id), &me);
}

static int remove_one(PGconn *db, const char *actor_id, const model_channel_t *c, const model_user_t *u, int flags, app_error_t *e)
{
    int rc = store_db_begin(db);
    if (rc == STORE_OK)
        rc = store_channel_members_delete(db, c->id, u->id, pl_time_ms());
    if (rc == STORE_OK)
        rc = store_db_commit(db);
    else
        store_db_rollback(db);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 404, "app.channel.get_member.missing.app_error", NULL);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.channel.remove_member.app_error", 0);
    announce_removed(db, c, u->id, actor_id);
    if (flags & APP_CHANNEL_MEMBERS_SILENT)
        return 0;
    if (strcmp(actor_id, u->id) == 0)
        app_channel_members_system_leave(db, c->id, u);
    else
        app_channel_members_system_remove(db, c->id, actor_id, u);
    return 0;
}

int app_channel_members_remove(PGconn *db, const char *actor_id, const model_channel_t *c, const char *user_id, int flags,
                               app_error_t *e)
{
    model_user_t u;
    model_user_init(&u);
    int rc = app_users_load(db, user_id, &u, e);
    if (rc == 0 && strcmp(c->name, DEFAULT_CHANNEL) == 0 && !is_dm_or_gm(c) && !app_channel_members_system_is_guest(&u)) {
        rc = app_error_set(e, 400, "api.channel.remove.default.app_error", NULL);
        app_error_param(e, "Channel", DEFAULT_CHANNEL);
    }
    if (rc == 0)
        rc = remove_one(db, actor_id ? actor_id : "", c, &u, flags, e);
    model_user_dispose(&u);
    return rc < 0 ? -1 : 0;
}

int app_channel_members_remove_from_team(PGconn *db, const char *actor_id, const char *team_id, const char *user_id, app_error_t *e)
{
    char(*ids)[27] = NULL;
    size_t n = 0;
    int rc = store_channel_members_list_team_channels(db, user_id, team_id, &ids, &n);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.channel.get_channels.get.app_error", 0);
    model_user_t u;
    model_user_init(&u);
    int out = app_users_load(db, user_id, &u, e);
    for (size_t i = 0; out == 0 && i < n; i++) {
        model_channel_t c;
        memset(&c, 0, sizeof(c));
        rc = store_channels_get(db, ids[i], &c);
        if (rc == STORE_OK) {
            out = remove_one(db, actor_id ? actor_id : "", &c, &u, APP_CHANNEL_MEMBERS_SILENT, e);
            if (out < 0 && e->status == 404)
                out = 0; /* gone meanwhile */
        }
        model_channel_dispose(&c);
    }
    model_user_dispose(&u);
    free(ids);
    return out < 0 ? -1 : 0;
}
