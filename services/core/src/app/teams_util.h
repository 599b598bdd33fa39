#ifndef PARLEY_CORE_APP_TEAMS_UTIL_H
#define PARLEY_CORE_APP_TEAMS_UTIL_H

/*
 * What every teams app file shares (owner: teams), the lowest of them (app order: teams_util <
 * teams_members < teams_unread, teams): loading a team, SanitizeTeam, the team events and the allowed
 * email domains (Mattermost's app/team.go, app/teams/utils.go).
 */

#include <stdbool.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/team.h"
#include "model/user.h"

/* Team events (server/public/model/websocket_message.go). */
#define APP_TEAMS_EVENT_ADDED_TO_TEAM "added_to_team"
#define APP_TEAMS_EVENT_LEAVE_TEAM "leave_team"
#define APP_TEAMS_EVENT_UPDATE_TEAM "update_team"
#define APP_TEAMS_EVENT_DELETE_TEAM "delete_team"
#define APP_TEAMS_EVENT_RESTORE_TEAM "restore_team"
#define APP_TEAMS_EVENT_MEMBERROLE_UPDATED "memberrole_updated"

/** A path {team_id}: 0, or -1 with e = 400 api.context.invalid_url_param.app_error (team_id). */
int app_teams_util_check_id(const char *team_id, app_error_t *e);
/** Load a team (deleted ones too): 404 app.team.get.find.app_error when absent. */
int app_teams_util_load(PGconn *db, const char *team_id, model_team_t *out, app_error_t *e);
/** 1 when the session holds perm (system roles, then its roles in team_id), else 0 (failures count as no). */
bool app_teams_util_has(PGconn *db, const app_session_t *s, const char *perm, const char *team_id);
/** SanitizeTeam: manage_team keeps everything, invite_user keeps invite_id, else email and invite_id blanked. */
void app_teams_util_sanitize(PGconn *db, const app_session_t *s, model_team_t *t);
/** sendTeamEvent: event with {"team": <the Team JSON, sanitized, as a string>} to the team's members. */
void app_teams_util_publish(const char *event, const model_team_t *t);
/** IsTeamEmailAllowed: bots always; else the user's email matches the team's allowed_domains and
 *  TeamSettings.RestrictCreationToDomains (each list that names a domain must match one). */
bool app_teams_util_email_allowed(const model_user_t *u, const model_team_t *t);
/** The user has the system_guest role. */
bool app_teams_util_is_guest(const model_user_t *u);

#endif
