#ifndef PARLEY_CORE_APP_TEAMS_UNREAD_H
#define PARLEY_CORE_APP_TEAMS_UNREAD_H

/*
 * Team unreads (owner: teams): GET /users/{user_id}/teams/unread and /users/{user_id}/teams/{team_id}/unread,
 * Mattermost's GetTeamsUnreadForUser / GetTeamUnread (sums in store/teams_unread.h). Thread counts are 0
 * until threads exist. Every function: 0, or -1 with e set.
 */

#include <stdbool.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/team.h"
#include "store/teams_unread.h"

/** The user themself or manage_system. exclude_team_id: NULL or "" for none; threads: include_collapsed_threads (else
 *  the thread counts are 0). out->items: free() it. */
int app_teams_unread_all(PGconn *db, const app_session_t *s, const char *user_id, const char *exclude_team_id, bool threads,
                         store_teams_unread_list_t *out, app_error_t *e);
/** The user themself (or edit_other_users) and view_team. */
int app_teams_unread_one(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, model_team_unread_t *out,
                         app_error_t *e);

#endif
