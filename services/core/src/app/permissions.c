#include "app/permissions.h"

#include <stdio.h>
#include <string.h>

#include "app/roles_cache.h"
#include "app/roles_seed.h"
#include "model/user.h"
#include "store/db.h"
#include "store/roles.h"

static app_member_roles_fn g_team_roles, g_channel_roles;

void app_permissions_set_member_roles(app_member_roles_fn team_roles, app_member_roles_fn channel_roles)
{
    g_team_roles = team_roles;
    g_channel_roles = channel_roles;
}

int app_permissions_roles_grant(const model_role_t *roles, size_t n, const char *role_names, const char *perm)
{
    for (size_t i = 0; i < n; i++)
        if (model_roles_contains(role_names, roles[i].name) && model_role_has_permission(&roles[i], perm))
            return 1;
    return 0;
}

/* Split a space-separated list into at most max pointers into buf (modified). */
static size_t split_names(char *buf, const char **names, size_t max)
{
    size_t n = 0;
    for (char *p = buf; *p && n < max;) {
        size_t len = strcspn(p, " ");
        char *next = p[len] ? p + len + 1 : p + len;
        p[len] = '\0';
        if (len > 0 && model_role_name_valid(p))
            names[n++] = p;
        p = next;
    }
    return n;
}

/* The roles query of a check when the table is not cached (app/roles_cache.h: too many roles). */
static int grant_from_db(PGconn *db, const char *role_names, const char *perm, app_error_t *e)
{
    char buf[APP_PERMISSIONS_ROLES_MAX * 3];
    const char *names[64];
    store_role_list_t roles;
    snprintf(buf, sizeof(buf), "%s", role_names);
    size_t n = split_names(buf, names, 64);
    if (n == 0)
        return 0;
    app_roles_seed_ensure(db);
    int rc = store_roles_get_by_names(db, names, n, &roles);
    if (rc != STORE_OK)
        return app_error_from_store(e, rc, "app.role.get_by_names.app_error", 0), -1;
    int granted = app_permissions_roles_grant(roles.items, roles.n, role_names, perm);
    store_role_list_dispose(&roles);
    return granted;
}

typedef struct grant_args {
    const char *role_names, *perm;
} grant_args_t;

static int grant_eval(const model_role_t *roles, size_t n, void *arg)
{
    const grant_args_t *a = arg;
    return app_permissions_roles_grant(roles, n, a->role_names, a->perm);
}

/* Served from the roles cache: no round trip for the role rows. */
static int grant(PGconn *db, const char *role_names, const char *perm, app_error_t *e)
{
    grant_args_t a = {role_names, perm};
    int rc = app_roles_cache_eval(db, grant_eval, &a);
    if (rc == APP_ROLES_CACHE_UNCACHED)
        return grant_from_db(db, role_names, perm, e);
    if (rc < 0)
        return app_error_from_store(e, rc, "app.role.get_by_names.app_error", 0), -1;
    return rc;
}

/* Append s's roles in the scope (none when not a member). @return 0, or -1 with e set when the lookup failed. */
static int append_scope_roles(PGconn *db, app_member_roles_fn fn, const app_session_t *s, const char *scope_id, char *all, size_t n,
                              app_error_t *e)
{
    char roles[APP_PERMISSIONS_ROLES_MAX] = "";
    if (!fn || !scope_id || !scope_id[0])
        return 0;
    int rc = fn(db, s->user_id, scope_id, roles, sizeof(roles));
    if (rc < 0)
        return app_error_from_store(e, rc, "app.role.get_by_names.app_error", 0), -1;
    size_t len = strlen(all);
    snprintf(all + len, n - len, " %s", roles);
    return 0;
}

int app_permissions_scope_load(PGconn *db, const app_session_t *s, const char *team_id, const char *channel_id,
                               app_permissions_scope_t *out, app_error_t *e)
{
    out->roles[0] = '\0';
    if (!s)
        return 0;
    snprintf(out->roles, sizeof(out->roles), "%s", s->roles);
    if (append_scope_roles(db, g_team_roles, s, team_id, out->roles, sizeof(out->roles), e) < 0 ||
        append_scope_roles(db, g_channel_roles, s, channel_id, out->roles, sizeof(out->roles), e) < 0)
        return -1;
    return 0;
}

int app_permissions_scope_has(PGconn *db, const app_permissions_scope_t *sc, const char *perm, app_error_t *e)
{
    return sc->roles[0] ? grant(db, sc->roles, perm, e) : 0;
}

int app_permissions_has(PGconn *db, const app_session_t *s, const char *perm, const char *team_id, const char *channel_id,
                        app_error_t *e)
{
    app_permissions_scope_t sc;
    if (app_permissions_scope_load(db, s, team_id, channel_id, &sc, e) < 0)
        return -1;
    return app_permissions_scope_has(db, &sc, perm, e);
}

int app_permissions_require(PGconn *db, const app_session_t *s, const char *perm, const char *team_id, const char *channel_id,
                            app_error_t *e)
{
    int rc = app_permissions_has(db, s, perm, team_id, channel_id, e);
    if (rc > 0)
        return 0;
    if (rc == 0)
        app_error_set(e, 403, "api.context.permissions.app_error", perm);
    return -1;
}

int app_permissions_can_edit_user(PGconn *db, const app_session_t *s, const char *user_id, app_error_t *e)
{
    if (s && strcmp(s->user_id, user_id) == 0)
        return 0;
    return app_permissions_require(db, s, "edit_other_users", NULL, NULL, e);
}
