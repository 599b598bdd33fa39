#ifndef PARLEY_CORE_APP_TEAMS_MEMBERS_H
#define PARLEY_CORE_APP_TEAMS_MEMBERS_H

/*
 * Team membership (owner: teams), as Mattermost's app/team.go: join (JoinUserToTeam: allowed domains,
 * MaxUsersPerTeam, the member row, the hub's team index, sidebar categories, default channels,
 * added_to_team to the user), add / add batch / join by invite id, remove or leave (the team's channels
 * too, leave_team to the team and to the user), lists and roles. App order: teams_util < teams_members
 * < teams: this file never calls app/teams.h. Every function: 0, or -1 with e set.
 */

#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/list.h"
#include "model/team.h"
#include "model/team_body.h"
#include "model/user.h"
#include "store/teams_members.h"

/** JoinUserToTeam (no permission check: the caller did). A member already active is returned as it is. */
int app_teams_members_join(PGconn *db, const model_team_t *t, const model_user_t *u, const char *actor_id, model_team_member_t *out,
                           app_error_t *e);
/** POST /teams/{team_id}/members (201). */
int app_teams_members_add(PGconn *db, const app_session_t *s, const char *team_id, const model_team_body_member_t *in,
                          model_team_member_t *out, app_error_t *e);

/** POST /teams/{team_id}/members/batch: one entry per requested user. */
typedef struct app_teams_members_batch {
    size_t n;
    struct {
        const char *user_id;
        model_team_member_t member; /* when err.status == 0 */
        app_error_t err;
    } v[MODEL_TEAM_BODY_BATCH_MAX];
} app_teams_members_batch_t;
/** graceful: a failing user is recorded in its entry and the others go on; else the first failure fails all. */
int app_teams_members_add_batch(PGconn *db, const app_session_t *s, const char *team_id, const model_team_body_members_t *in,
                                bool graceful, app_teams_members_batch_t *out, app_error_t *e);
/** POST /teams/members/invite?invite_id= (201). */
int app_teams_members_join_invite(PGconn *db, const app_session_t *s, const char *invite_id, model_team_member_t *out,
                                  app_error_t *e);
/** DELETE /teams/{team_id}/members/{user_id}: leave (the caller) or remove (remove_user_from_team). */
int app_teams_members_remove(PGconn *db, const app_session_t *s, const char *team_id, const char *user_id, app_error_t *e);

/** GET /teams/{team_id}/members (view_team). sort: "Username" or "" (by user id). */
int app_teams_members_list(PGconn *db, const app_session_t *s, const char *team_id, const char *sort, bool exclude_deleted_users,
                           int64_t offset, int64_t limit, model_team_member_list_t *out, app_error_t *e);
/** GET /teams/{team_id}/members/{user_id} (view_team): 404 app.team.get_member.missing.app_error. */
int app_teams_members_get(PGconn *db, const app_session_t *s, const char *team_id, const char *user_id, model_team_member_t *out,
                          app_error_t *e);
/** POST /teams/{team_id}/members/ids (view_team). */
int app_teams_members_by_ids(PGconn *db, const app_session_t *s, const char *team_id, const model_list_t *ids,
                             model_team_member_list_t *out, app_error_t *e);
/** GET /users/{user_id}/teams/members: the user themself or read_other_users_teams; left teams included. */
int app_teams_members_of_user(PGconn *db, const app_session_t *s, const char *user_id, model_team_member_list_t *out,
                              app_error_t *e);
/** PUT /teams/{team_id}/members/{user_id}/roles (manage_team_roles). */
int app_teams_members_update_roles(PGconn *db, const app_session_t *s, const char *team_id, const char *user_id, const char *roles,
                                   app_error_t *e);
/** PUT /teams/{team_id}/members/{user_id}/schemeRoles (manage_team_roles). */
int app_teams_members_update_scheme_roles(PGconn *db, const app_session_t *s, const char *team_id, const char *user_id,
                                          const model_team_body_scheme_roles_t *r, app_error_t *e);

#endif
