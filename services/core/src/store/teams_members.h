#ifndef PARLEY_CORE_STORE_TEAMS_MEMBERS_H
#define PARLEY_CORE_STORE_TEAMS_MEMBERS_H

/*
 * Team member lists and counts (owner: teams): GET /teams/{id}/members (Mattermost's GetMembers),
 * POST /teams/{id}/members/ids, GET /users/{id}/teams/members (GetTeamsForUser, left teams included)
 * and GET /teams/{id}/stats. Every function: STORE_OK or a STORE_E* code; lists are freed by
 * model_team_member_list_dispose.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/team.h"

typedef enum { STORE_TEAMS_MEMBERS_BY_USER_ID, STORE_TEAMS_MEMBERS_BY_USERNAME } store_teams_members_sort_t;

/** Active members of team_id, sorted; exclude_deleted_users: without deactivated users. */
int store_teams_members_page(PGconn *db, const char *team_id, store_teams_members_sort_t sort, bool exclude_deleted_users,
                             int64_t offset, int64_t limit, model_team_member_list_t *out);
/** Active members of team_id among user_ids[0..n). */
int store_teams_members_by_ids(PGconn *db, const char *team_id, const char *const *user_ids, size_t n,
                               model_team_member_list_t *out);
/** Every membership row of user_id (left teams included, delete_at set), by team_id. */
int store_teams_members_of_user(PGconn *db, const char *user_id, model_team_member_list_t *out);
/** Active members of team_id (total) and those whose user is not deactivated (active). */
int store_teams_members_stats(PGconn *db, const char *team_id, int64_t *total, int64_t *active);

#endif
