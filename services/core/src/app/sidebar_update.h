#ifndef PARLEY_CORE_APP_SIDEBAR_UPDATE_H
#define PARLEY_CORE_APP_SIDEBAR_UPDATE_H

/*
 * Changing sidebar categories (owner: sidebar): Mattermost's app/channel_category.go. The caller (api/)
 * checked who may act (SessionHasPermissionToUser / app_sidebar_may_edit). Channel ids that are not the
 * user's channels of the team or DMs/GMs are dropped, as Mattermost's validateSidebarCategory does.
 * Events go to the user's connections in the team (user_id + team_id broadcast).
 */

#include <stdbool.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "model/sidebar.h"

#define APP_SIDEBAR_EVENT_CREATED "sidebar_category_created"
#define APP_SIDEBAR_EVENT_UPDATED "sidebar_category_updated"
#define APP_SIDEBAR_EVENT_DELETED "sidebar_category_deleted"
#define APP_SIDEBAR_EVENT_ORDER_UPDATED "sidebar_category_order_updated"
#define APP_SIDEBAR_EVENT_MEMBER_UPDATED "channel_member_updated"

/** POST: a custom category (c's user_id / team_id must be the path's: else 400 invalid_body_param
 *  "category"). *out: the new category. */
int app_sidebar_update_create(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_t *c, json_t **out,
                              app_error_t *e);
/** PUT .../categories (*out: the array) or, single, PUT .../categories/{id} (*out: the one category).
 *  Muting a category (or moving a channel into / out of a muted one) sets the channels' mark_unread and
 *  emits channel_member_updated to the user. */
int app_sidebar_update_categories(PGconn *db, const char *user_id, const char *team_id, model_sidebar_category_list_t *req,
                                  bool single, json_t **out, app_error_t *e);
/** PUT .../categories/order: ids (JSON array of strings, all of the user's categories of the team). */
int app_sidebar_update_order(PGconn *db, const char *user_id, const char *team_id, const json_t *ids, json_t **out, app_error_t *e);
/** DELETE .../categories/{id}: custom categories only (400 app.channel.sidebar_categories.app_error). */
int app_sidebar_update_delete(PGconn *db, const char *user_id, const char *team_id, const char *category_id, app_error_t *e);

#endif
