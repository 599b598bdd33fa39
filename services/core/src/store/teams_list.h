#ifndef PARLEY_CORE_STORE_TEAMS_LIST_H
#define PARLEY_CORE_STORE_TEAMS_LIST_H

/*
 * Lists of teams (owner: teams): GET /teams (Mattermost's GetAllPage / AnalyticsTeamCount), the teams of
 * a user (GetTeamsByUserId) and POST /teams/search (SearchAll). allow_open_invite: -1 any, 0 / 1 only
 * those. Every function: STORE_OK or a STORE_E* code; out->items is freed by model_team_list_dispose.
 */

#include <stdint.h>
#include <libpq-fe.h>

#include "model/team.h"

/** Teams ordered by display_name (deleted ones included, as Mattermost). out->total set when with_total. */
int store_teams_list_page(PGconn *db, int allow_open_invite, int64_t offset, int64_t limit, bool with_total,
                          model_team_list_t *out);
/** The live teams user_id is an active member of, by display_name. */
int store_teams_list_of_user(PGconn *db, const char *user_id, model_team_list_t *out);
/** Teams whose name or display_name starts with term (case-insensitive); limit < 0: all; out->total: the count. */
int store_teams_list_search(PGconn *db, const char *term, int allow_open_invite, int64_t offset, int64_t limit,
                            model_team_list_t *out);

#endif
