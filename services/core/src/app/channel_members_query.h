#ifndef PARLEY_CORE_APP_CHANNEL_MEMBERS_QUERY_H
#define PARLEY_CORE_APP_CHANNEL_MEMBERS_QUERY_H

/*
 * Reading channel memberships for a session (owner: members): a channel's members (read_channel:
 * a non-member never reads a private channel's members), a user's memberships per team or across
 * teams, ChannelUnread. Lists: *out zeroed here, released by the caller (also after an error).
 */

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/channel.h"

int app_channel_members_query_page(PGconn *db, const app_session_t *s, const char *channel_id, int64_t offset, int64_t limit,
                                   model_channel_member_list_t *out, app_error_t *e);
int app_channel_members_query_one(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                  model_channel_member_t *out, app_error_t *e);
int app_channel_members_query_by_ids(PGconn *db, const app_session_t *s, const char *channel_id, const char *const *user_ids,
                                     size_t n, model_channel_member_list_t *out, app_error_t *e);
/** GET /users/{uid}/teams/{tid}/channels/members: view_team, and manage_system for another user. */
int app_channel_members_query_for_team(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id,
                                       model_channel_member_list_t *out, app_error_t *e);
/** GET /users/{uid}/channel_members: every team (ChannelMemberWithTeamData JSON array in *out). */
int app_channel_members_query_for_user(PGconn *db, const app_session_t *s, const char *user_id, int64_t offset, int64_t limit,
                                       json_t **out, app_error_t *e);
/** GET /users/{uid}/channels/{cid}/unread: the ChannelUnread JSON in *out. */
int app_channel_members_query_unread(PGconn *db, const app_session_t *s, const char *user_id, const char *channel_id, json_t **out,
                                     app_error_t *e);

#endif
