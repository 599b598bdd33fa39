#ifndef PARLEY_CORE_APP_SIDEBAR_H
#define PARLEY_CORE_APP_SIDEBAR_H

/*
 * Sidebar categories (T10) (owner: sidebar). The lowest of the teams/channels app files: it calls no
 * other app/ file of that work (app order: sidebar < channel_members < channels < teams).
 * The membership paths call these after their change committed; each is idempotent and emits the
 * sidebar_category_* events Mattermost emits for the change.
 */

#include <libpq-fe.h>

#include "app/app_error.h"
#include "model/channel.h"

/** The user joined team_id: create favorites / channels / direct_messages ("<type>_<uid>_<tid>") if
 *  absent, with the user's existing DMs/GMs in direct_messages. @return 0 or -1 with e set. */
int app_sidebar_team_joined(PGconn *db, const char *user_id, const char *team_id, app_error_t *e);
/** The user became a member of c: place it as Mattermost places a new channel (O/P: the channel's team's
 *  channels category, or the category a pending move named; D/G: direct_messages of every team of the user). */
int app_sidebar_channel_added(PGconn *db, const char *user_id, const model_channel_t *c, app_error_t *e);
/** The user left channel_id: remove it from the user's categories. */
int app_sidebar_channel_removed(PGconn *db, const char *user_id, const char *channel_id, app_error_t *e);

#endif
