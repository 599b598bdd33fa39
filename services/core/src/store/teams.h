#ifndef PARLEY_CORE_STORE_TEAMS_H
#define PARLEY_CORE_STORE_TEAMS_H

/*
 * The teams table (owner: teams). Basic rows only; lists, search and stats live in their own
 * store/teams_<concern>.c files. Every function: STORE_OK or a STORE_E* code (store/db.h);
 * STORE_ENOTFOUND when the row does not exist, STORE_EUNIQUE (*dup_field "name") on a duplicate name.
 */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/team.h"

int store_teams_insert(PGconn *db, const model_team_t *t, const char **dup_field);
int store_teams_get(PGconn *db, const char *id, model_team_t *out);
int store_teams_get_by_name(PGconn *db, const char *name, model_team_t *out);
int store_teams_get_by_invite_id(PGconn *db, const char *invite_id, model_team_t *out);
/** Every column of t by t->id (update_at as given). */
int store_teams_update(PGconn *db, const model_team_t *t, const char **dup_field);
/** Permanent delete (members, channels, their members and categories go with it). */
int store_teams_delete(PGconn *db, const char *id);

/* team_members (owner: teams) */
/** Insert, or re-activate a row that has delete_at != 0 (roles/scheme flags as given). */
int store_team_members_save(PGconn *db, const model_team_member_t *m);
/** include_deleted false: STORE_ENOTFOUND for a member who left. */
int store_team_members_get(PGconn *db, const char *team_id, const char *user_id, bool include_deleted, model_team_member_t *out);
/** delete_at = at (leave / remove; the row is kept as Mattermost keeps it). */
int store_team_members_set_delete_at(PGconn *db, const char *team_id, const char *user_id, int64_t at);
/** Scheme flags and explicit roles (update roles / scheme roles). */
int store_team_members_update_roles(PGconn *db, const model_team_member_t *m);
/** The active memberships of a user (every team). */
int store_team_members_of_user(PGconn *db, const char *user_id, model_team_member_list_t *out);
/** app_member_roles_fn (app/permissions.h): the computed roles of user_id in team_id ("" when not an active member).
 * Not cached: one prepared-statement query per scoped permission check, so membership writers need no
 * invalidation hook (membership writes run inside callers' transactions, where a statement-time
 * invalidation would race the commit). The roles rows themselves are cached (app/roles_cache.h). */
int store_team_members_roles(PGconn *db, const char *user_id, const char *team_id, char *out, size_t n);

#endif
