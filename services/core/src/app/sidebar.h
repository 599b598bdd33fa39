#ifndef PARLEY_CORE_APP_SIDEBAR_H
#define PARLEY_CORE_APP_SIDEBAR_H

/*
 * Sidebar categories (T10) (owner: sidebar). The lowest of the teams/channels app files: it calls no
 * other app/ file of that work (app order: sidebar < channel_members < channels < teams).
 * The membership paths call these after their change committed; each is idempotent and emits the
 * sidebar_category_* events Mattermost emits for the change.
 */

#include <libpq-fe.h>

#include <jansson.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/channel.h"

/** The user joined team_id: create favorites / channels / direct_messages ("<type>_<uid>_<tid>") if
 *  absent, with the user's existing DMs/GMs in direct_messages. @return 0 or -1 with e set. */
int app_sidebar_team_joined(PGconn *db, const char *user_id, const char *team_id, app_error_t *e);
/** The user became a member of c: place it as Mattermost places a new channel (O/P: the channel's team's
 *  channels category, or the category a pending move named; D/G: direct_messages of every team of the user). */
int app_sidebar_channel_added(PGconn *db, const char *user_id, const model_channel_t *c, app_error_t *e);
/** The user left channel_id: remove it from the user's categories. */
int app_sidebar_channel_removed(PGconn *db, const char *user_id, const char *channel_id, app_error_t *e);

/** The user left team_id: drop their categories of that team (Mattermost's ClearSidebarOnTeamLeave). */
int app_sidebar_team_left(PGconn *db, const char *user_id, const char *team_id, app_error_t *e);

/* Reads behind GET /users/{uid}/teams/{tid}/channels/categories[/order|/{category_id}] (added by the sidebar work). */

/** OrderedSidebarCategories of the user in the team; the defaults are created first when the user (a member
 *  of the team) has none, as Mattermost does. Not a member: empty lists. *out: new reference. */
int app_sidebar_get_team(PGconn *db, const char *user_id, const char *team_id, json_t **out, app_error_t *e);
/** The category ids by sort order (JSON array). */
int app_sidebar_get_order(PGconn *db, const char *user_id, const char *team_id, json_t **out, app_error_t *e);
/** One category (404 app.channel.sidebar_categories.app_error when absent). */
int app_sidebar_get(PGconn *db, const char *category_id, json_t **out, app_error_t *e);
/** SessionHasPermissionToCategory: edit_other_users, or the category is the session user's (== user_id) in
 *  team_id. @return 1 yes, 0 no, -1 database failure (e set). */
int app_sidebar_may_edit(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *category_id,
                         app_error_t *e);

#endif
