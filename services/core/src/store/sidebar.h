#ifndef PARLEY_CORE_STORE_SIDEBAR_H
#define PARLEY_CORE_STORE_SIDEBAR_H

/*
 * The sidebar_categories and sidebar_channels tables (owner: sidebar), as Mattermost's
 * store/sqlstore/channel_store_categories.go. Categories are read "populated": the user's channels
 * that no category of the team holds are listed first (by display name) in the channels category
 * (O/P of the team) and the direct_messages category (D/G), which is how new channels get placed.
 * Every function: STORE_OK or a STORE_E* code (store/db.h).
 */

#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

#include "model/sidebar.h"

typedef char store_sidebar_id_t[MODEL_SIDEBAR_ID_MAX + 1];

/** Whether user_id is an active member of the (not deleted) team. */
int store_sidebar_team_member(PGconn *db, const char *user_id, const char *team_id, bool *member);
/** The user's categories of the team (only while a member of it), by sort_order, populated. */
int store_sidebar_get_team(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_list_t *out);
/** One category, populated. STORE_ENOTFOUND when absent. */
int store_sidebar_get(PGconn *db, const char *category_id, model_sidebar_category_t *out);
/** The category ids of (user, team) by sort_order (*ids malloc'ed). */
int store_sidebar_get_order(PGconn *db, const char *user_id, const char *team_id, store_sidebar_id_t **ids, size_t *n);

/** Create favorites / channels / direct_messages ("<type>_<uid>_<tid>") where absent; a new favorites
 *  category takes the user's favorite_channel preferences of the team (and DMs/GMs). */
int store_sidebar_create_defaults(PGconn *db, const char *user_id, const char *team_id);
/** A custom category (c: display_name, sorting, muted, channels; filled on return with id, type, the
 *  sort order Mattermost answers). Placed after favorites when favorites is first, else first.
 *  STORE_ENOTFOUND when the user has no categories in the team. */
int store_sidebar_create(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_t *c);
/** UpdateSidebarCategories: *updated (populated) and *original (as they were), in the order of req. */
int store_sidebar_update(PGconn *db, const char *user_id, const char *team_id, const model_sidebar_category_list_t *req,
                         model_sidebar_category_list_t *updated, model_sidebar_category_list_t *original);
/** Re-number the categories in the given order. STORE_EINVAL when the ids are not the user's categories
 *  of the team (*size_mismatch set when only the count differs, which Mattermost answers with 500). */
int store_sidebar_set_order(PGconn *db, const char *user_id, const char *team_id, const store_sidebar_id_t *ids, size_t n,
                            bool *size_mismatch);
/** Delete a custom category (its channels fall back to channels / direct_messages). STORE_EINVAL for a
 *  default category, STORE_ENOTFOUND when absent. */
int store_sidebar_delete(PGconn *db, const char *category_id);
/** The user left the channel: drop it from the user's categories. */
int store_sidebar_remove_channel(PGconn *db, const char *user_id, const char *channel_id);
/** The user left the team: drop the user's categories of the team (ClearSidebarOnTeamLeave). */
int store_sidebar_clear_team(PGconn *db, const char *user_id, const char *team_id);
/** keep[i] = whether ids[i] is a channel of the user in the team or a DM/GM of the user (archived too). */
int store_sidebar_user_channels(PGconn *db, const char *user_id, const char *team_id, const model_sidebar_channel_id_t *ids,
                                size_t n, bool *keep);

#endif
