#ifndef PARLEY_CORE_APP_CHANNEL_MEMBERS_ACCESS_H
#define PARLEY_CORE_APP_CHANNEL_MEMBERS_ACCESS_H

/*
 * Adding and removing channel members on behalf of a session (owner: members): the permission rules
 * of Mattermost's api4 addChannelMember / removeChannelMember in front of the building blocks of
 * app/channel_members.h. App order: channel_members < channel_members_access < channel_members_query,
 * channel_members_update, channel_members_view.
 */

#include <stddef.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/channel.h"

/** Load channel_id into c (disposed by the caller) and require perm on it (team and channel roles count).
 *  A missing channel answers 403 as Mattermost's SessionHasPermissionToChannel does. */
int app_channel_members_access_channel(PGconn *db, const app_session_t *s, const char *channel_id, const char *perm,
                                       model_channel_t *c, app_error_t *e);
/** POST /channels/{id}/members: join (self, join_public_channels) or add others (manage_*_channel_members). */
int app_channel_members_access_add(PGconn *db, const app_session_t *s, const char *channel_id, const char *const *user_ids,
                                   size_t n, model_channel_member_list_t *out, app_error_t *e);
/** DELETE /channels/{id}/members/{uid}: leave (self) or remove (manage_*_channel_members); O and P only. */
int app_channel_members_access_remove(PGconn *db, const app_session_t *s, const char *channel_id, const char *user_id,
                                      app_error_t *e);

#endif
