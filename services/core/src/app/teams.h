#ifndef PARLEY_CORE_APP_TEAMS_H
#define PARLEY_CORE_APP_TEAMS_H

/*
 * Teams (owner: teams), as Mattermost's api4/team.go and app/team.go: create (the creator joins as a
 * team admin, town-square and off-topic are created), get, lists and search (what the caller may list:
 * list_public_teams / list_private_teams), patch / update, soft and permanent delete, restore, invite id,
 * stats. Teams are answered sanitized for the caller (app_teams_util_sanitize). update_team,
 * delete_team and restore_team go to the team's members. App order: teams_util < teams_members < teams.
 * Every function: 0, or -1 with e set.
 */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/team.h"
#include "model/team_body.h"

/** POST /teams (201): create_team, else 403 api.team.is_team_creation_allowed.disabled.app_error. */
int app_teams_create(PGconn *db, const app_session_t *s, const model_team_patch_t *in, model_team_t *out, app_error_t *e);
/** GET /teams/{team_id}: open teams for anyone, else view_team. */
int app_teams_get(PGconn *db, const app_session_t *s, const char *team_id, model_team_t *out, app_error_t *e);
/** GET /teams/name/{team_name}. */
int app_teams_get_by_name(PGconn *db, const app_session_t *s, const char *name, model_team_t *out, app_error_t *e);
/** GET /teams/name/{team_name}/exists: true when it exists and the caller may see it. */
int app_teams_exists(PGconn *db, const app_session_t *s, const char *name, bool *exists, app_error_t *e);
/** PUT /teams/{team_id}/patch (manage_team). */
int app_teams_patch(PGconn *db, const app_session_t *s, const char *team_id, const model_team_patch_t *in, model_team_t *out,
                    app_error_t *e);
/** PUT /teams/{team_id} (manage_team): the body's id must be team_id; its editable fields replace the team's. */
int app_teams_update(PGconn *db, const app_session_t *s, const char *team_id, const model_team_patch_t *in, model_team_t *out,
                     app_error_t *e);
/** DELETE /teams/{team_id}[?permanent=true] (manage_team; permanent needs ServiceSettings.EnableAPITeamDeletion). */
int app_teams_delete(PGconn *db, const app_session_t *s, const char *team_id, bool permanent, app_error_t *e);
/** POST /teams/{team_id}/restore (manage_team). */
int app_teams_restore(PGconn *db, const app_session_t *s, const char *team_id, model_team_t *out, app_error_t *e);
/** POST /teams/{team_id}/regenerate_invite_id (manage_team). */
int app_teams_regenerate_invite_id(PGconn *db, const app_session_t *s, const char *team_id, model_team_t *out, app_error_t *e);
/** PUT /teams/{team_id}/privacy {"privacy": "O"|"I"} (manage_team): a new invite id when it becomes invite-only. */
int app_teams_set_privacy(PGconn *db, const app_session_t *s, const char *team_id, const char *privacy, model_team_t *out,
                          app_error_t *e);
/** GET /teams/invite/{invite_id} (no session): the open team's id, name, display_name, description;
 *  403 api.team.get_invite_info.not_open_team for an invite-only team. */
int app_teams_invite_info(PGconn *db, const char *invite_id, model_team_t *out, app_error_t *e);
/** GET /teams: 403 api.team.get_all_teams.insufficient_permissions without list_public/private_teams. */
int app_teams_list(PGconn *db, const app_session_t *s, int64_t offset, int64_t limit, bool with_total, model_team_list_t *out,
                   app_error_t *e);
/** GET /users/{user_id}/teams: the user themself or sysconsole_read_user_management_users. */
int app_teams_of_user(PGconn *db, const app_session_t *s, const char *user_id, model_team_list_t *out, app_error_t *e);
/** POST /teams/search. *paged: answer {"teams", "total_count"} (page and per_page given). */
int app_teams_search(PGconn *db, const app_session_t *s, const model_team_body_search_t *in, model_team_list_t *out, bool *paged,
                     app_error_t *e);
/** GET /teams/{team_id}/stats (view_team). */
int app_teams_stats(PGconn *db, const app_session_t *s, const char *team_id, int64_t *total, int64_t *active, app_error_t *e);

#endif
