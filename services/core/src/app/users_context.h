#ifndef PARLEY_CORE_APP_USERS_CONTEXT_H
#define PARLEY_CORE_APP_USERS_CONTEXT_H

/*
 * Users in the context of teams and channels (owner: accounts; written by the sidebar work of issue 12):
 * the permission checks Mattermost's getUsers / searchUsers / autocompleteUsers make for their team and
 * channel filters (view_team on the team, read_channel on the channel, list_users_without_team), and
 * GET /users/stats/filtered. 0, or -1 with e set.
 */

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/user.h"
#include "store/users_groups.h"

/** GET /users: the one check of Mattermost's chain (without_team, not_in_channel, not_in_team, in_team,
 *  in_channel); not_in_channel needs in_team (400 api.context.invalid_url_param.app_error "team_id"). */
int app_users_context_check_list(PGconn *db, const app_session_t *s, const model_user_filter_t *f, app_error_t *e);
/** POST /users/search: every filter given is checked (not_in_channel_id needs team_id: 400 "team_id"). */
int app_users_context_check_search(PGconn *db, const app_session_t *s, const model_user_filter_t *f, app_error_t *e);
/** GET /users/autocomplete: in_channel needs read_channel and in_team (else Mattermost's 500
 *  api.user.autocomplete_users.missing_team_id.app_error); in_team needs view_team. */
int app_users_context_check_autocomplete(PGconn *db, const app_session_t *s, const char *in_team, const char *in_channel,
                                         app_error_t *e);
/** SessionHasPermissionToChannel(channel_id, perm): 403 when the channel does not exist. */
int app_users_context_channel_perm(PGconn *db, const app_session_t *s, const char *channel_id, const char *perm, app_error_t *e);

/** GET /users/stats/filtered: roles / team_roles / channel_roles are comma-separated (CleanRoleNames; a bad
 *  name is 400 invalid_body_param roles / teamRoles / channelRoles); needs
 *  sysconsole_read_user_management_users. */
int app_users_context_stats(PGconn *db, const app_session_t *s, model_user_count_filter_t *f, const char *roles,
                            const char *team_roles, const char *channel_roles, int64_t *count, app_error_t *e);

/** POST /users/group_channels: for the GMs among ids the session user is in, the other members (users)
 *  and each one's channel ((*channels)[i], malloc'ed). */
int app_users_context_group_channels(PGconn *db, const app_session_t *s, const char *const *ids, size_t n, model_user_list_t *users,
                                     store_users_groups_id_t **channels, app_error_t *e);

#endif
