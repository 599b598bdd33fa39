#include "app/channel_members_update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/channel_members.h"
#include "app/channel_members_access.h"
#include "app/permissions.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/db.h"
#include "store/roles.h"
#include "ws/publish.h"

static void emit_updated(const model_channel_member_t *m)
{
    json_t *j = model_channel_member_to_json(m);
    char *txt = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (txt == NULL)
        return;
    ws_broadcast_t me = {.user_id = m->user_id};
    ws_publish(APP_CHANNEL_MEMBERS_EVENT_MEMBER_UPDATED, json_pack("{s:s}", "channelMember", txt), &me);
    free(txt);
}

static int load_member(PGconn *db, const char *channel_id, const char *user_id, model_channel_member_t *m, app_error_t *e)
{
    memset(m, 0, sizeof(*m));
    int rc = store_channel_members_get(db, channel_id, user_id, m);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 404, "app.channel.get_member.missing.app_error", NULL);
    return app_error_check_store(e, rc, "app.channel.get_member.app_error");
}

static int manage_roles(PGconn *db, const app_session_t *s, const char *channel_id, app_error_t *e)
{
    model_channel_t c;
    int rc = app_channel_members_access_channel(db, s, channel_id, "manage_channel_roles", &c, e);
    model_channel_dispose(&c);
    return rc;
}

static int save_roles(PGconn *db, model_channel_member_t *m, app_error_t *e)
{
    m->last_update_at = pl_time_ms();
    int rc = store_channel_members_update_roles(db, m);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 404, "app.channel.get_member.missing.app_error", NULL);
    if (app_error_check_store(e, rc, "app.channel.update_member.app_error") < 0)
        return -1;
    emit_updated(m);
    return 0;
}

/* One role name of the roles string: a scheme role sets a flag, any other role is explicit. */
static int apply_role(PGconn *db, const char *name, model_channel_member_t *m, char *explicit_roles, size_t n, app_error_t *e)
{
    store_role_list_t l = {0};
    int rc = store_roles_get(db, name, 1, &l);
    if (rc != STORE_OK) {
        store_role_list_dispose(&l);
        return app_error_from_store(e, rc == STORE_ENOTFOUND ? STORE_EINVAL : rc, "app.role.get_by_name.app_error", 0);
    }
    bool managed = l.items[0].scheme_managed;
    store_role_list_dispose(&l);
    if (!managed) {
        size_t at = strlen(explicit_roles);
        if (at + strlen(name) + 2 > n)
            return app_error_set(e, 400, "api.context.invalid_param.app_error", "roles");
        snprintf(explicit_roles + at, n - at, "%s%s", at ? " " : "", name);
    } else if (strcmp(name, "channel_admin") == 0)
        m->scheme_admin = true;
    else if (strcmp(name, "channel_user") == 0)
        m->scheme_user = true;
    else if (strcmp(name, "channel_guest") == 0)
        m->scheme_guest = true;
    else
        return app_error_set(e, 400, "api.channel.update_channel_member_roles.scheme_role.app_error", name);
    return 0;
}

static int parse_roles(PGconn *db, const char *roles, model_channel_member_t *m, app_error_t *e)
{
    char buf[sizeof(m->explicit_roles)] = "", name[65];
    m->scheme_admin = m->scheme_user = m->scheme_guest = false;
    for (const char *p = roles; *p;) {
        size_t l = strcspn(p, " \t\n");
        if (l > 0) {
            if (l >= sizeof(name))
                return app_error_set(e, 400, "api.context.invalid_param.app_error", "roles");
            memcpy(name, p, l);
            name[l] = '\0';
            if (apply_role(db, name, m, buf, sizeof(buf), e) < 0)
                return -1;
        }
        p += l;
        p += strspn(p, " \t\n");
    }
    memcpy(m->explicit_roles, buf, sizeof(buf));
    return 0;
}

int app_channel_members_update_roles(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                     const char *roles, app_error_t *e)
{
    if (manage_roles(db, s, channel_id, e) < 0)
        return -1;
    model_channel_member_t m;
    if (load_member(db, channel_id, user_id, &m, e) < 0)
        return -1;
    bool was_guest = m.scheme_guest;
    int rc = parse_roles(db, roles, &m, e);
    if (rc == 0 && m.scheme_user && m.scheme_guest)
        rc = app_error_set(e, 400, "api.channel.update_channel_member_roles.guest_and_user.app_error", NULL);
    if (rc == 0 && was_guest != m.scheme_guest)
        rc = app_error_set(e, 400, "api.channel.update_channel_member_roles.changing_guest_role.app_error", NULL);
    if (rc == 0)
        rc = save_roles(db, &m, e);
    model_channel_member_dispose(&m);
    return rc;
}

int app_channel_members_update_scheme_roles(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                            bool guest, bool user, bool admin, app_error_t *e)
{
    if (manage_roles(db, s, channel_id, e) < 0)
        return -1;
    model_channel_member_t m;
    if (load_member(db, channel_id, user_id, &m, e) < 0)
        return -1;
    m.scheme_guest = guest;
    m.scheme_user = user;
    m.scheme_admin = admin;
    int rc = guest && user ? app_error_set(e, 400, "api.channel.update_channel_member_roles.guest_and_user.app_error", NULL)
                           : save_roles(db, &m, e);
    model_channel_member_dispose(&m);
    return rc;
}

static bool one_of(const char *v, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (strcmp(v, *allowed) == 0)
            return true;
    return false;
}

static const char *const NOTIFY_LEVELS[] = {"default", "all", "mention", "none", NULL};
static const char *const MARK_UNREAD[] = {"all", "mention", NULL};
static const char *const EMAIL[] = {"default", "true", "false", NULL};
static const char *const IGNORE_MENTIONS[] = {"default", "off", "on", NULL};
static const char *const AUTO_FOLLOW[] = {"off", "on", NULL};

/* The keys Mattermost keeps (UpdateChannelMemberNotifyProps) with their value sets (NULL: any string). */
static const struct {
    const char *key;
    const char *const *values;
    size_t max;
    const char *error;
} PROPS[] = {
    {"desktop", NOTIFY_LEVELS, 20, "model.channel_member.is_valid.notify_level.app_error"},
    {"mark_unread", MARK_UNREAD, 20, "model.channel_member.is_valid.unread_level.app_error"},
    {"push", NOTIFY_LEVELS, 20, "model.channel_member.is_valid.push_level.app_error"},
    {"email", EMAIL, 20, "model.channel_member.is_valid.email_value.app_error"},
    {"ignore_channel_mentions", IGNORE_MENTIONS, 40, "model.channel_member.is_valid.ignore_channel_mentions_value.app_error"},
    {"channel_auto_follow_threads", AUTO_FOLLOW, 3, "model.channel_member.is_valid.channel_auto_follow_threads_value.app_error"},
    {"desktop_threads", NOTIFY_LEVELS, 20, "model.channel_member.is_valid.notify_level.app_error"},
    {"push_threads", NOTIFY_LEVELS, 20, "model.channel_member.is_valid.push_level.app_error"},
    {"desktop_sound", NULL, 64, "api.context.invalid_param.app_error"},
    {"desktop_notification_sound", NULL, 64, "api.context.invalid_param.app_error"},
};
#define NPROPS (sizeof(PROPS) / sizeof(PROPS[0]))

const char *app_channel_members_update_props_check(const json_t *props)
{
    for (size_t i = 0; i < NPROPS; i++) {
        const json_t *v = json_object_get(props, PROPS[i].key);
        if (v == NULL)
            continue;
        const char *s = json_string_value(v);
        if (s == NULL || strlen(s) > PROPS[i].max || (PROPS[i].values && !one_of(s, PROPS[i].values)))
            return PROPS[i].error;
    }
    return NULL;
}

int app_channel_members_update_notify_props(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                            const json_t *props, app_error_t *e)
{
    if (app_permissions_can_edit_user(db, s, user_id, e) < 0)
        return -1;
    const char *bad = app_channel_members_update_props_check(props);
    if (bad)
        return app_error_set(e, 400, bad, strcmp(bad, "api.context.invalid_param.app_error") == 0 ? "notify_props" : NULL);
    model_channel_member_t m;
    if (load_member(db, channel_id, user_id, &m, e) < 0)
        return -1;
    if (m.notify_props == NULL)
        m.notify_props = json_object();
    for (size_t i = 0; i < NPROPS; i++) {
        json_t *v = json_object_get(props, PROPS[i].key);
        if (v)
            json_object_set(m.notify_props, PROPS[i].key, v);
    }
    m.last_update_at = pl_time_ms();
    int rc = store_channel_members_update_notify_props(db, &m);
    if (rc == STORE_ENOTFOUND)
        rc = app_error_set(e, 404, "app.channel.get_member.missing.app_error", NULL);
    else if (app_error_check_store(e, rc, "app.channel.update_member.app_error") < 0)
        rc = -1;
    if (rc == 0)
        emit_updated(&m);
    model_channel_member_dispose(&m);
    return rc;
}
