#ifndef PARLEY_CORE_APP_PERMISSIONS_H
#define PARLEY_CORE_APP_PERMISSIONS_H

/*
 * The one permission check every handler uses (owner: accounts). Mattermost's cascade:
 * a permission is granted when any role the user holds grants it, looking at
 *   1. the user's system roles (from the session: the users row, current at lookup time),
 *   2. when team_id is given: the user's roles in that team (team_members),
 *   3. when channel_id is given: the user's roles in that channel (channel_members),
 * where a role's permissions are read from the roles table (built-in defaults seeded at start,
 * patchable by admins). Team and channel role lookups are provided by the teams/channels modules
 * through app_permissions_set_member_roles() (until then only system roles count).
 */

#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/role.h"

#define APP_PERMISSIONS_ROLES_MAX 512

/** Writes the user's space-separated roles in the scope (team/channel) into out; "" when not a member.
 *  @return 0 or a negative STORE_* / PL_* code. */
typedef int (*app_member_roles_fn)(PGconn *db, const char *user_id, const char *scope_id, char *out, size_t n);

/** Install the team and channel membership role lookups (at start, before the server runs). */
void app_permissions_set_member_roles(app_member_roles_fn team_roles, app_member_roles_fn channel_roles);

/**
 * Pure evaluation (unit-tested): 1 when any role named in the space-separated role_names, found
 * in roles[0..n) and not deleted, grants perm.
 */
int app_permissions_roles_grant(const model_role_t *roles, size_t n, const char *role_names, const char *perm);

/**
 * @return 1 granted, 0 denied, negative on a database failure (e is then set to 500/503).
 * team_id / channel_id may be NULL.
 */
int app_permissions_has(PGconn *db, const app_session_t *s, const char *perm, const char *team_id, const char *channel_id,
                        app_error_t *e);

/* A session's roles in one team and channel, read once for several checks (createPost's create_post and
 * use_channel_mentions). */
typedef struct app_permissions_scope {
    char roles[APP_PERMISSIONS_ROLES_MAX * 3]; /* system, team and channel roles, space-separated */
} app_permissions_scope_t;

/** Read s's roles in team_id and channel_id (either may be NULL) into out: 0, or -1 with e set (500/503) when
 *  the database could not say. */
int app_permissions_scope_load(PGconn *db, const app_session_t *s, const char *team_id, const char *channel_id,
                               app_permissions_scope_t *out, app_error_t *e);
/** @return 1 granted, 0 denied, negative with e set (as app_permissions_has). */
int app_permissions_scope_has(PGconn *db, const app_permissions_scope_t *sc, const char *perm, app_error_t *e);

/**
 * Convenience for handlers: 0 when granted, else sets e to 403 api.context.permissions.app_error
 * (or the database error) and returns -1.
 */
int app_permissions_require(PGconn *db, const app_session_t *s, const char *perm, const char *team_id, const char *channel_id,
                            app_error_t *e);

/** Grant check on system scope only: "is this session allowed to act on user_id's account?"
 *  True for the user themself, or with edit_other_users. */
int app_permissions_can_edit_user(PGconn *db, const app_session_t *s, const char *user_id, app_error_t *e);

#endif
