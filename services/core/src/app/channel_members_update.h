#ifndef PARLEY_CORE_APP_CHANNEL_MEMBERS_UPDATE_H
#define PARLEY_CORE_APP_CHANNEL_MEMBERS_UPDATE_H

/*
 * Changing a channel membership (owner: members): roles (explicit + scheme flags), scheme roles,
 * notify_props (partial, validated as Mattermost's IsChannelMemberNotifyPropsValid). Each change
 * sends channel_member_updated ({"channelMember": "<ChannelMember JSON>"}) to the member.
 */

#include <stdbool.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"

/** PUT /channels/{id}/members/{uid}/roles: manage_channel_roles; roles "channel_user channel_admin ...". */
int app_channel_members_update_roles(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                     const char *roles, app_error_t *e);
/** PUT /channels/{id}/members/{uid}/schemeRoles: manage_channel_roles. */
int app_channel_members_update_scheme_roles(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                            bool guest, bool user, bool admin, app_error_t *e);
/** PUT /channels/{id}/members/{uid}/notify_props: the member themself or edit_other_users; props: object of strings. */
int app_channel_members_update_notify_props(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                            const json_t *props, app_error_t *e);
/** NULL, or the Mattermost id of the first invalid value among the present keys of props. */
const char *app_channel_members_update_props_check(const json_t *props);

#endif
