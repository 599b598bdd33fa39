/* Teams (app/teams.h) (owner: teams). */
#include "app/teams.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/channels.h"
#include "app/permissions.h"
#include "app/teams_members.h"
#include "app/teams_util.h"
#include "app/users.h"
#include "model/config.h"
#include "parley/id.h"
#include "parley/time.h"
#include "store/db.h"
#include "store/teams.h"
#include "store/teams_list.h"

static const char *const UPDATE_FAILED = "app.team.update.updating.app_error";

static int deny(app_error_t *e, const char *perm)
{
    return app_error_set(e, 403, "api.context.permissions.app_error", perm);
}

/* A store failure of a team update: a duplicate name is Mattermost's invalid input (400). */
static int update_failed(app_error_t *e, int rc)
{
    if (rc == STORE_EUNIQUE)
        return app_error_set(e, 400, "app.team.update.find.app_error", NULL);
    return app_error_from_store(e, rc, UPDATE_FAILED, 0);
}

static int store_update(PGconn *db, model_team_t *t, app_error_t *e)
{
    const char *dup = NULL;
    t->update_at = pl_time_ms();
    int rc = store_teams_update(db, t, &dup);
    return rc == STORE_OK ? 0 : update_failed(e, rc);
}

int app_teams_create(PGconn *db, const app_session_t *s, const model_team_patch_t *in, model_team_t *out, app_error_t *e)
{
    model_user_t u;
    model_team_member_t m;
    model_team_patch_t p = *in;
    const char *bad, *dup = NULL;
    int ret = -1;
    if (!app_teams_util_has(db, s, "create_team", NULL))
        return app_error_set(e, 403, "api.team.is_team_creation_allowed.disabled.app_error", NULL);
    model_user_init(&u);
    if (app_users_load(db, s->user_id, &u, e) < 0)
        goto Exit;
    memset(out, 0, sizeof(*out));
    pl_id_new(out->id);
    pl_id_new(out->invite_id);
    out->create_at = out->update_at = pl_time_ms();
    out->group_constrained = -1;
    for (size_t i = 0; u.email[i] && i + 1 < sizeof(out->email); i++)
        out->email[i] = (char)tolower((unsigned char)u.email[i]);
    p.id = p.email = p.invite_id = NULL;
    if ((bad = model_team_patch_apply(out, &p)) != NULL) {
        app_error_set(e, 400, bad, NULL);
        goto Exit;
    }
    if (!app_teams_util_email_allowed(&u, out)) {
        app_error_set(e, 400, "api.team.is_team_creation_allowed.domain.app_error", NULL);
        goto Exit;
    }
    int rc = store_teams_insert(db, out, &dup);
    if (rc != STORE_OK) {
        app_error_from_store(e, rc, rc == STORE_EUNIQUE ? "app.team.save.existing.app_error" : "app.team.save.app_error", 400);
        goto Exit;
    }
    if (app_channels_create_defaults(db, out, u.id, e) < 0 || app_teams_members_join(db, out, &u, "", &m, e) < 0)
        goto Exit;
    ret = 0;
Exit:
    model_user_dispose(&u);
    return ret;
}

static bool is_open(const model_team_t *t)
{
    return t->allow_open_invite && t->type == MODEL_TEAM_OPEN;
}

static int readable(PGconn *db, const app_session_t *s, model_team_t *t, app_error_t *e)
{
    if (!is_open(t) && !app_teams_util_has(db, s, "view_team", t->id))
        return deny(e, "view_team");
    app_teams_util_sanitize(db, s, t);
    return 0;
}

int app_teams_get(PGconn *db, const app_session_t *s, const char *team_id, model_team_t *out, app_error_t *e)
{
    if (app_teams_util_load(db, team_id, out, e) < 0)
        return -1;
    return readable(db, s, out, e);
}

/* RequireTeamName: [a-z0-9_-]+ (lower-cased by the router as Mattermost's params). */
static int load_by_name(PGconn *db, const char *name, model_team_t *out, app_error_t *e)
{
    char lower[MODEL_TEAM_NAME_MAX + 1];
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > MODEL_TEAM_NAME_MAX)
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "team_name");
    for (size_t i = 0; i <= n; i++) {
        lower[i] = (char)tolower((unsigned char)name[i]);
        if (i < n && !isalnum((unsigned char)lower[i]) && lower[i] != '-' && lower[i] != '_')
            return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "team_name");
    }
    return app_error_check_store(e, store_teams_get_by_name(db, lower, out), "app.team.get_by_name.missing.app_error");
}

int app_teams_get_by_name(PGconn *db, const app_session_t *s, const char *name, model_team_t *out, app_error_t *e)
{
    if (load_by_name(db, name, out, e) < 0)
        return -1;
    return readable(db, s, out, e);
}

int app_teams_exists(PGconn *db, const app_session_t *s, const char *name, bool *exists, app_error_t *e)
{
    model_team_t t;
    model_team_member_t m;
    *exists = false;
    if (load_by_name(db, name, &t, e) < 0) {
        if (e->status != 404)
            return -1;
        memset(e, 0, sizeof(*e));
        return 0;
    }
    int rc = store_team_members_get(db, t.id, s->user_id, false, &m);
    if (rc != STORE_OK && rc != STORE_ENOTFOUND)
        return app_error_from_store(e, rc, "app.team.get_member.app_error", 0);
    *exists = rc == STORE_OK || (t.allow_open_invite && app_teams_util_has(db, s, "list_public_teams", NULL)) ||
              (!t.allow_open_invite && app_teams_util_has(db, s, "list_private_teams", NULL));
    return 0;
}

/* checkValidDomains: every domain of allowed_domains must be one of TeamSettings.RestrictCreationToDomains. */
static int check_domains(const model_team_t *t, app_error_t *e)
{
    const char *restrict_to = model_config_get()->team.restrict_creation_to_domains;
    char d[256], w[256];
    if (!restrict_to || !restrict_to[0])
        return 0;
    for (const char *p = t->allowed_domains; *p;) {
        size_t skip = strspn(p, " ,@\t"), len;
        p += skip;
        if ((len = strcspn(p, " ,@\t")) == 0)
            break;
        snprintf(d, sizeof(d), "%.*s", (int)len, p);
        p += len;
        bool found = false;
        for (const char *q = restrict_to; *q && !found;) {
            q += strspn(q, " ,@\t");
            size_t ql = strcspn(q, " ,@\t");
            snprintf(w, sizeof(w), "%.*s", (int)ql, q);
            found = ql > 0 && strcasecmp(w, d) == 0;
            q += ql;
        }
        if (!found) {
            app_error_set(e, 400, "api.team.update_restricted_domains.mismatch.app_error", NULL);
            return app_error_param(e, "Domain", d);
        }
    }
    return 0;
}

static int load_managed(PGconn *db, const app_session_t *s, const char *team_id, model_team_t *t, app_error_t *e)
{
    if (app_teams_util_check_id(team_id, e) < 0)
        return -1;
    if (!app_teams_util_has(db, s, "manage_team", team_id))
        return deny(e, "manage_team");
    return app_teams_util_load(db, team_id, t, e);
}

/* Apply p (already reduced to what the endpoint may change), check, store, tell the team. */
static int save_changes(PGconn *db, const app_session_t *s, model_team_t *t, const model_team_patch_t *p, bool regen_on_close,
                        app_error_t *e)
{
    const char *bad = model_team_patch_apply(t, p);
    if (bad)
        return app_error_set(e, 400, bad, NULL);
    if (regen_on_close && p->allow_open_invite == 0)
        pl_id_new(t->invite_id);
    if (check_domains(t, e) < 0 || store_update(db, t, e) < 0)
        return -1;
    app_teams_util_publish(APP_TEAMS_EVENT_UPDATE_TEAM, t);
    app_teams_util_sanitize(db, s, t);
    return 0;
}

int app_teams_patch(PGconn *db, const app_session_t *s, const char *team_id, const model_team_patch_t *in, model_team_t *out,
                    app_error_t *e)
{
    model_team_patch_t p = {.display_name = in->display_name,
                            .description = in->description,
                            .company_name = in->company_name,
                            .allowed_domains = in->allowed_domains,
                            .allow_open_invite = in->allow_open_invite,
                            .group_constrained = in->group_constrained};
    if (load_managed(db, s, team_id, out, e) < 0)
        return -1;
    return save_changes(db, s, out, &p, true, e);
}

int app_teams_update(PGconn *db, const app_session_t *s, const char *team_id, const model_team_patch_t *in, model_team_t *out,
                     app_error_t *e)
{
    /* The sanitized UpdateTeam: these members of the body replace the team's (absent ones are Go's zero values). */
    model_team_patch_t p = {.display_name = in->display_name ? in->display_name : "",
                            .description = in->description ? in->description : "",
                            .company_name = in->company_name ? in->company_name : "",
                            .allowed_domains = in->allowed_domains ? in->allowed_domains : "",
                            .allow_open_invite = in->allow_open_invite < 0 ? 0 : in->allow_open_invite,
                            .group_constrained = in->group_constrained};
    if (!in->id || !team_id || strcmp(in->id, team_id) != 0)
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "id");
    if (load_managed(db, s, team_id, out, e) < 0)
        return -1;
    return save_changes(db, s, out, &p, false, e);
}

int app_teams_delete(PGconn *db, const app_session_t *s, const char *team_id, bool permanent, app_error_t *e)
{
    model_team_t t;
    if (app_teams_util_check_id(team_id, e) < 0)
        return -1;
    if (!app_teams_util_has(db, s, "manage_team", team_id))
        return deny(e, "manage_team");
    if (permanent && !model_config_get()->service.enable_api_team_deletion)
        return app_error_set(e, 401, "api.user.delete_team.not_enabled.app_error", NULL);
    if (app_teams_util_load(db, team_id, &t, e) < 0)
        return -1;
    t.delete_at = pl_time_ms();
    if (store_update(db, &t, e) < 0)
        return -1;
    if (permanent) {
        int rc = store_teams_delete(db, t.id);
        if (rc != STORE_OK)
            return app_error_from_store(e, rc, "app.team.permanent_delete.app_error", 0);
    }
    app_teams_util_publish(APP_TEAMS_EVENT_DELETE_TEAM, &t);
    return 0;
}

int app_teams_restore(PGconn *db, const app_session_t *s, const char *team_id, model_team_t *out, app_error_t *e)
{
    if (load_managed(db, s, team_id, out, e) < 0)
        return -1;
    out->delete_at = 0;
    if (store_update(db, out, e) < 0)
        return -1;
    app_teams_util_publish(APP_TEAMS_EVENT_RESTORE_TEAM, out);
    return 0;
}

int app_teams_set_privacy(PGconn *db, const app_session_t *s, const char *team_id, const char *privacy, model_team_t *out,
                          app_error_t *e)
{
    if (!privacy || (strcmp(privacy, "O") != 0 && strcmp(privacy, "I") != 0))
        return app_error_set(e, 400, "api.context.invalid_body_param.app_error", "privacy");
    if (load_managed(db, s, team_id, out, e) < 0)
        return -1;
    bool open = privacy[0] == MODEL_TEAM_OPEN;
    if (open != out->allow_open_invite || privacy[0] != out->type) {
        if (!open)
            pl_id_new(out->invite_id);
    }
    out->type = privacy[0];
    out->allow_open_invite = open;
    if (store_update(db, out, e) < 0)
        return -1;
    app_teams_util_publish(APP_TEAMS_EVENT_UPDATE_TEAM, out);
    return 0;
}

int app_teams_invite_info(PGconn *db, const char *invite_id, model_team_t *out, app_error_t *e)
{
    if (!invite_id || !pl_id_valid(invite_id, strlen(invite_id)))
        return app_error_set(e, 400, "api.context.invalid_url_param.app_error", "invite_id");
    int rc = store_teams_get_by_invite_id(db, invite_id, out);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.get_by_invite_id.finding.app_error", 0);
    if (out->type != MODEL_TEAM_OPEN)
        return app_error_set(e, 403, "api.team.get_invite_info.not_open_team", NULL);
    return 0;
}

static bool is_system_admin(PGconn *db, const app_session_t *s)
{
    return app_teams_util_has(db, s, "manage_system", NULL);
}

int app_teams_regenerate_invite_id(PGconn *db, const app_session_t *s, const char *team_id, model_team_t *out, app_error_t *e)
{
    if (load_managed(db, s, team_id, out, e) < 0)
        return -1;
    pl_id_new(out->invite_id);
    if (store_update(db, out, e) < 0)
        return -1;
    app_teams_util_publish(APP_TEAMS_EVENT_UPDATE_TEAM, out);
    app_teams_util_sanitize(db, s, out);
    if (!model_config_get()->privacy.show_email_address && !is_system_admin(db, s))
        out->email[0] = '\0';
    return 0;
}

/* Which teams the caller may list: -1 all, 1 open ones, 0 invite-only ones; -2 none. */
static int listable(PGconn *db, const app_session_t *s)
{
    bool priv = app_teams_util_has(db, s, "list_private_teams", NULL), pub = app_teams_util_has(db, s, "list_public_teams", NULL);
    return priv && pub ? -1 : pub ? 1 : priv ? 0 : -2;
}

static void sanitize_all(PGconn *db, const app_session_t *s, model_team_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        app_teams_util_sanitize(db, s, &l->items[i]);
}

int app_teams_list(PGconn *db, const app_session_t *s, int64_t offset, int64_t limit, bool with_total, model_team_list_t *out,
                   app_error_t *e)
{
    int which = listable(db, s);
    if (which == -2)
        return app_error_set(e, 403, "api.team.get_all_teams.insufficient_permissions", NULL);
    int rc = store_teams_list_page(db, which, offset, limit, with_total, out);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.get_all.app_error", 0);
    sanitize_all(db, s, out);
    return 0;
}

int app_teams_of_user(PGconn *db, const app_session_t *s, const char *user_id, model_team_list_t *out, app_error_t *e)
{
    if (strcmp(user_id, s->user_id) != 0 && !app_teams_util_has(db, s, "sysconsole_read_user_management_users", NULL))
        return deny(e, "sysconsole_read_user_management_users");
    int rc = store_teams_list_of_user(db, user_id, out);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.get_all.app_error", 0);
    sanitize_all(db, s, out);
    if (!model_config_get()->privacy.show_email_address && !is_system_admin(db, s))
        for (size_t i = 0; i < out->n; i++)
            out->items[i].email[0] = '\0';
    return 0;
}

int app_teams_search(PGconn *db, const app_session_t *s, const model_team_body_search_t *in, model_team_list_t *out, bool *paged,
                     app_error_t *e)
{
    int which = listable(db, s);
    bool has_paging = in->page >= 0 || in->per_page >= 0;
    *paged = in->page >= 0 && in->per_page >= 0;
    if (which == -2)
        return 0;
    if (which != -1 && has_paging)
        return app_error_set(e, 501,
                             which == 0 ? "api.team.search_teams.pagination_not_implemented.private_team_search"
                                        : "api.team.search_teams.pagination_not_implemented.public_team_search",
                             NULL);
    int filter = which == -1 ? in->allow_open_invite : which;
    int64_t limit = *paged ? (in->per_page > 200 ? 200 : in->per_page) : -1, offset = *paged ? in->page * limit : 0;
    int rc = store_teams_list_search(db, in->term, filter, offset, limit, out);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.team.search_all_team.app_error", 0);
    sanitize_all(db, s, out);
    return 0;
}

int app_teams_stats(PGconn *db, const app_session_t *s, const char *team_id, int64_t *total, int64_t *active, app_error_t *e)
{
    if (app_teams_util_check_id(team_id, e) < 0)
        return -1;
    if (!app_teams_util_has(db, s, "view_team", team_id))
        return deny(e, "view_team");
    return app_error_check_store(e, store_teams_members_stats(db, team_id, total, active), "app.team.get_member_count.app_error");
}
