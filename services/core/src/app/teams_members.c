/* Team membership (app/teams_members.h) (owner: teams). */
#include "app/teams_members.h"

#include "app/posts_system.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/channel_members.h"
#include "app/channels.h"
#include "app/permissions.h"
#include "app/posts_system.h"
#include "app/sidebar.h"
#include "app/teams_util.h"
#include "app/users.h"
#include "model/config.h"
#include "parley/id.h"
#include "parley/log.h"
#include "parley/time.h"
#include "store/channels.h"
#include "store/db.h"
#include "store/teams.h"
#include "ws/publish.h"

static const char *const INVALID_BODY = "api.context.invalid_body_param.app_error";

static int deny(app_error_t *e, const char *perm)
{
    return app_error_set(e, 403, "api.context.permissions.app_error", perm);
}

static void added_to_team(const char *team_id, const char *user_id)
{
    ws_broadcast_t bc = {.user_id = user_id};
    ws_publish(APP_TEAMS_EVENT_ADDED_TO_TEAM, json_pack("{s:s,s:s}", "team_id", team_id, "user_id", user_id), &bc);
}

/* MaxUsersPerTeam: 0 when there is room for one more active member. */
static int check_room(PGconn *db, const model_team_t *t, bool rejoin, app_error_t *e)
{
    int64_t total = 0, active = 0;
    int rc = store_teams_members_stats(db, t->id, &total, &active);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.get_active_member_count.app_error", 0);
    if (active < model_config_get()->team.max_users_per_team)
        return 0;
    return app_error_set(e, 400,
                         rejoin ? "app.team.join_user_to_team.max_accounts.app_error"
                                : "app.team.join_user_to_team.save_member.max_accounts.app_error",
                         NULL);
}

/* The member row: inserted, or re-activated. 1 when the user was already an active member. */
static int save_member(PGconn *db, const model_team_t *t, const model_user_t *u, model_team_member_t *m, app_error_t *e)
{
    model_team_member_t old;
    int rc = store_team_members_get(db, t->id, u->id, true, &old);
    if (rc == STORE_OK && old.delete_at == 0) {
        *m = old;
        return 1;
    }
    if (rc != STORE_OK && rc != STORE_ENOTFOUND)
        return app_error_from_store(e, rc, "app.team.join_user_to_team.save_member.app_error", 0);
    if (check_room(db, t, rc == STORE_OK, e) < 0)
        return -1;
    bool guest = app_teams_util_is_guest(u);
    memset(m, 0, sizeof(*m));
    snprintf(m->team_id, sizeof(m->team_id), "%s", t->id);
    snprintf(m->user_id, sizeof(m->user_id), "%s", u->id);
    m->scheme_guest = guest;
    m->scheme_user = !guest;
    m->scheme_admin = !guest && t->email[0] && strcmp(t->email, u->email) == 0;
    m->create_at = pl_time_ms();
    rc = store_team_members_save(db, m);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.join_user_to_team.save_member.app_error", 0);
    return 0;
}

int app_teams_members_join(PGconn *db, const model_team_t *t, const model_user_t *u, const char *actor_id, model_team_member_t *out,
                           app_error_t *e)
{
    app_error_t soft = {0};
    if (!app_teams_util_email_allowed(u, t))
        return app_error_set(e, 400, "api.team.join_user_to_team.allowed_domains.app_error", NULL);
    int rc = save_member(db, t, u, out, e);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    ws_member_team_add(u->id, t->id);
    if (app_sidebar_team_joined(db, u->id, t->id, &soft) < 0)
        PL_LOG_WARN("default sidebar categories not created", "user_id", u->id, "team_id", t->id, "error", soft.id);
    if (!app_teams_util_is_guest(u) && app_channels_join_defaults(db, t, u->id, &soft) < 0)
        PL_LOG_WARN("default channels not joined", "user_id", u->id, "team_id", t->id, "error", soft.id);
    (void)actor_id;
    added_to_team(t->id, u->id);
    return 0;
}

/* AddUserToTeam: the team and the user loaded, then JoinUserToTeam. */
static int add_user(PGconn *db, const model_team_t *t, const char *user_id, const char *actor_id, model_team_member_t *out,
                    app_error_t *e)
{
    model_user_t u;
    model_user_init(&u);
    int rc = app_users_load(db, user_id, &u, e);
    if (rc == 0)
        rc = app_teams_members_join(db, t, &u, actor_id, out, e);
    model_user_dispose(&u);
    return rc;
}

static int may_join(PGconn *db, const app_session_t *s, const model_team_t *t, app_error_t *e)
{
    const char *perm = t->allow_open_invite ? "join_public_teams" : "join_private_teams";
    return app_permissions_require(db, s, perm, NULL, NULL, e);
}

int app_teams_members_add(PGconn *db, const app_session_t *s, const char *team_id, const model_team_body_member_t *in,
                          model_team_member_t *out, app_error_t *e)
{
    model_team_t t;
    if (app_teams_util_check_id(team_id, e) < 0)
        return -1;
    if (strcmp(in->team_id, team_id) != 0)
        return app_error_set(e, 400, INVALID_BODY, "team_id");
    if (!pl_id_valid(in->user_id, strlen(in->user_id)))
        return app_error_set(e, 400, INVALID_BODY, "user_id");
    if (strcmp(in->user_id, s->user_id) == 0) {
        if (app_teams_util_load(db, team_id, &t, e) < 0 || may_join(db, s, &t, e) < 0)
            return -1;
    } else if (app_permissions_require(db, s, "add_user_to_team", team_id, NULL, e) < 0 ||
               app_teams_util_load(db, team_id, &t, e) < 0)
        return -1;
    if (t.group_constrained == 1)
        return app_error_set(e, 400, "api.team.add_members.user_denied", NULL);
    return add_user(db, &t, in->user_id, s->user_id, out, e);
}

int app_teams_members_add_batch(PGconn *db, const app_session_t *s, const char *team_id, const model_team_body_members_t *in,
                                bool graceful, app_teams_members_batch_t *out, app_error_t *e)
{
    model_team_t t;
    if (app_teams_util_load(db, team_id, &t, e) < 0)
        return -1;
    if (t.group_constrained == 1)
        return app_error_set(e, 400, "api.team.add_members.user_denied", NULL);
    for (size_t i = 0; i < in->n; i++) {
        if (strcmp(in->v[i].team_id, team_id) != 0)
            return app_error_set(e, 400, INVALID_BODY, "team_id");
        if (!pl_id_valid(in->v[i].user_id, strlen(in->v[i].user_id)))
            return app_error_set(e, 400, INVALID_BODY, "user_id");
    }
    if (app_permissions_require(db, s, "add_user_to_team", team_id, NULL, e) < 0)
        return -1;
    out->n = in->n;
    for (size_t i = 0; i < in->n; i++) {
        out->v[i].user_id = in->v[i].user_id;
        memset(&out->v[i].err, 0, sizeof(out->v[i].err));
        if (add_user(db, &t, in->v[i].user_id, s->user_id, &out->v[i].member, &out->v[i].err) < 0 && !graceful) {
            *e = out->v[i].err;
            return -1;
        }
    }
    return 0;
}

int app_teams_members_join_invite(PGconn *db, const app_session_t *s, const char *invite_id, model_team_member_t *out,
                                  app_error_t *e)
{
    model_team_t t;
    if (!invite_id || !invite_id[0])
        return app_error_set(e, 400, "api.team.add_user_to_team.missing_parameter.app_error", NULL);
    if (s->is_guest)
        return app_error_set(e, 403, "api.team.add_user_to_team_from_invite.guest.app_error", NULL);
    int rc = store_teams_get_by_invite_id(db, invite_id, &t);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.get_by_invite_id.finding.app_error", 0);
    if (add_user(db, &t, s->user_id, "", out, e) < 0)
        return -1;
    if (t.group_constrained == 1)
        return app_error_set(e, 403, "app.team.invite_id.group_constrained.error", NULL);
    return 0;
}

/* LeaveTeam: out of the team's channels, leave_team to the other members and to the user (before the
 * row changes, as Mattermost), then the row and the hub's team index. */
/* postLeaveTeamMessage / postRemoveFromTeamMessage: posted in town-square. */
static void record_leave(PGconn *db, const model_team_t *t, const model_user_t *u, bool removed)
{
    model_channel_t c = {0};
    char msg[128];
    if (store_channels_get_by_name(db, t->id, "town-square", false, &c) != STORE_OK)
        return;
    snprintf(msg, sizeof(msg), removed ? "%s removed from the team." : "%s left the team.", u->username);
    app_posts_system_post(db, c.id, u->id, removed ? "system_remove_from_team" : "system_leave_team", msg,
                          json_pack("{s:s}", "username", u->username));
    model_channel_dispose(&c);
}

static int leave(PGconn *db, const model_team_t *t, const model_user_t *u, const char *actor_id, app_error_t *e)
{
    model_team_member_t m;
    const char *user_id = u->id;
    int rc = store_team_members_get(db, t->id, user_id, false, &m);
    if (rc == STORE_ENOTFOUND)
        return app_error_set(e, 400, "api.team.remove_user_from_team.missing.app_error", NULL);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.get_member.app_error", 0);
    if (app_channel_members_remove_from_team(db, actor_id, t->id, user_id, e) < 0)
        return -1;
    record_leave(db, t, u, strcmp(actor_id, user_id) != 0);
    const char *omit[] = {user_id};
    ws_broadcast_t team_bc = {.team_id = t->id, .omit_users = omit, .omit_users_count = 1};
    ws_publish(APP_TEAMS_EVENT_LEAVE_TEAM, json_pack("{s:s,s:s}", "user_id", user_id, "team_id", t->id), &team_bc);
    ws_broadcast_t user_bc = {.user_id = user_id};
    ws_publish(APP_TEAMS_EVENT_LEAVE_TEAM, json_pack("{s:s,s:s}", "user_id", user_id, "team_id", t->id), &user_bc);
    rc = store_team_members_set_delete_at(db, t->id, user_id, pl_time_ms());
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.save_member.save.app_error", 0);
    ws_member_team_remove(user_id, t->id);
    app_error_t se = {0};
    if (app_sidebar_team_left(db, user_id, t->id, &se) < 0)
        PL_LOG_WARN("sidebar not cleared on team leave", "team_id", t->id, "user_id", user_id, "error", se.id ? se.id : "");
    return 0;
}

int app_teams_members_remove(PGconn *db, const app_session_t *s, const char *team_id, const char *user_id, app_error_t *e)
{
    model_team_t t;
    model_user_t u;
    int rc = -1;
    if (app_teams_util_check_id(team_id, e) < 0)
        return -1;
    if (strcmp(user_id, s->user_id) != 0 && app_permissions_require(db, s, "remove_user_from_team", team_id, NULL, e) < 0)
        return -1;
    if (app_teams_util_load(db, team_id, &t, e) < 0)
        return -1;
    model_user_init(&u);
    if (app_users_load(db, user_id, &u, e) < 0)
        goto Exit;
    if (t.group_constrained == 1 && strcmp(user_id, s->user_id) != 0 && !u.is_bot) {
        app_error_set(e, 400, "api.team.remove_member.group_constrained.app_error", NULL);
        goto Exit;
    }
    rc = leave(db, &t, &u, s->user_id, e);
Exit:
    model_user_dispose(&u);
    return rc;
}

static int may_view(PGconn *db, const app_session_t *s, const char *team_id, app_error_t *e)
{
    if (app_teams_util_check_id(team_id, e) < 0)
        return -1;
    return app_permissions_require(db, s, "view_team", team_id, NULL, e);
}

int app_teams_members_list(PGconn *db, const app_session_t *s, const char *team_id, const char *sort, bool exclude_deleted_users,
                           int64_t offset, int64_t limit, model_team_member_list_t *out, app_error_t *e)
{
    if (may_view(db, s, team_id, e) < 0)
        return -1;
    store_teams_members_sort_t by =
        sort && strcmp(sort, "Username") == 0 ? STORE_TEAMS_MEMBERS_BY_USERNAME : STORE_TEAMS_MEMBERS_BY_USER_ID;
    return app_error_check_store(e, store_teams_members_page(db, team_id, by, exclude_deleted_users, offset, limit, out),
                                 "app.team.get_members.app_error");
}

int app_teams_members_get(PGconn *db, const app_session_t *s, const char *team_id, const char *user_id, model_team_member_t *out,
                          app_error_t *e)
{
    if (may_view(db, s, team_id, e) < 0)
        return -1;
    return app_error_check_store(e, store_team_members_get(db, team_id, user_id, true, out),
                                 "app.team.get_member.missing.app_error");
}

int app_teams_members_by_ids(PGconn *db, const app_session_t *s, const char *team_id, const model_list_t *ids,
                             model_team_member_list_t *out, app_error_t *e)
{
    if (may_view(db, s, team_id, e) < 0)
        return -1;
    return app_error_check_store(e, store_teams_members_by_ids(db, team_id, ids->v, ids->n, out),
                                 "app.team.get_members_by_ids.app_error");
}

int app_teams_members_of_user(PGconn *db, const app_session_t *s, const char *user_id, model_team_member_list_t *out,
                              app_error_t *e)
{
    if (strcmp(user_id, s->user_id) != 0 && !app_teams_util_has(db, s, "edit_other_users", NULL) &&
        !app_teams_util_has(db, s, "read_other_users_teams", NULL))
        return deny(e, "read_other_users_teams");
    return app_error_check_store(e, store_teams_members_of_user(db, user_id, out), "app.team.get_members.app_error");
}

static void member_role_updated(const model_team_member_t *m)
{
    json_t *j = model_team_member_to_json(m);
    char *txt = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!txt)
        return;
    ws_broadcast_t bc = {.user_id = m->user_id};
    ws_publish(APP_TEAMS_EVENT_MEMBERROLE_UPDATED, json_pack("{s:s}", "member", txt), &bc);
    free(txt);
}

static int load_member(PGconn *db, const app_session_t *s, const char *team_id, const char *user_id, model_team_member_t *m,
                       app_error_t *e)
{
    if (app_teams_util_check_id(team_id, e) < 0 || app_permissions_require(db, s, "manage_team_roles", team_id, NULL, e) < 0)
        return -1;
    return app_error_check_store(e, store_team_members_get(db, team_id, user_id, false, m),
                                 "app.team.get_member.missing.app_error");
}

static int save_roles(PGconn *db, model_team_member_t *m, app_error_t *e)
{
    if (m->scheme_guest && m->scheme_user)
        return app_error_set(e, 400, "api.team.update_team_member_roles.guest_and_user.app_error", NULL);
    int rc = store_team_members_update_roles(db, m);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.save_member.save.app_error", 0);
    member_role_updated(m);
    return 0;
}

/* One role name of UpdateTeamMemberRoles: a scheme flag, or an explicit (non scheme-managed) role. */
static int apply_role(model_team_member_t *m, const char *name, char *explicit_roles, size_t n, app_error_t *e)
{
    if (strcmp(name, "team_admin") == 0)
        m->scheme_admin = true;
    else if (strcmp(name, "team_user") == 0)
        m->scheme_user = true;
    else if (strcmp(name, "team_guest") == 0)
        m->scheme_guest = true;
    else if (strncmp(name, "team_", 5) == 0 || strncmp(name, "channel_", 8) == 0 || strncmp(name, "system_", 7) == 0)
        return app_error_set(e, 400, "api.channel.update_team_member_roles.scheme_role.app_error", name);
    else {
        size_t len = strlen(explicit_roles);
        snprintf(explicit_roles + len, n - len, "%s%s", len ? " " : "", name);
    }
    return 0;
}

int app_teams_members_update_roles(PGconn *db, const app_session_t *s, const char *team_id, const char *user_id, const char *roles,
                                   app_error_t *e)
{
    model_team_member_t m;
    char explicit_roles[sizeof(m.explicit_roles)] = "", name[65];
    if (load_member(db, s, team_id, user_id, &m, e) < 0)
        return -1;
    bool was_guest = m.scheme_guest;
    m.scheme_guest = m.scheme_user = m.scheme_admin = false;
    for (const char *p = roles; *p;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len == 0)
            break;
        snprintf(name, sizeof(name), "%.*s", (int)(len < 64 ? len : 64), p);
        if (apply_role(&m, name, explicit_roles, sizeof(explicit_roles), e) < 0)
            return -1;
        p += len;
    }
    if (m.scheme_guest && m.scheme_user)
        return app_error_set(e, 400, "api.team.update_team_member_roles.guest_and_user.app_error", NULL);
    if (was_guest != m.scheme_guest)
        return app_error_set(e, 400, "api.channel.update_team_member_roles.changing_guest_role.app_error", NULL);
    snprintf(m.explicit_roles, sizeof(m.explicit_roles), "%s", explicit_roles);
    return save_roles(db, &m, e);
}

int app_teams_members_update_scheme_roles(PGconn *db, const app_session_t *s, const char *team_id, const char *user_id,
                                          const model_team_body_scheme_roles_t *r, app_error_t *e)
{
    model_team_member_t m;
    if (load_member(db, s, team_id, user_id, &m, e) < 0)
        return -1;
    m.scheme_guest = r->scheme_guest;
    m.scheme_user = r->scheme_user;
    m.scheme_admin = r->scheme_admin;
    return save_roles(db, &m, e);
}
