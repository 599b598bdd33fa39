#ifndef PARLEY_CORE_APP_POSTS_ACCESS_H
#define PARLEY_CORE_APP_POSTS_ACCESS_H

/* Loading what a post endpoint acts on and who may (owner: posts). Each returns 0, or -1 with e set. */

#include <stdbool.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/channel.h"
#include "model/post.h"

/** A valid 26-character id, else 400 api.context.invalid_url_param.app_error (param). */
int app_posts_access_id(const char *id, const char *param, app_error_t *e);
/** Channel id (archived too): 400 for a malformed id, 404 app.channel.get.existing.app_error when absent. */
int app_posts_access_channel(PGconn *db, const char *id, model_channel_t *c, app_error_t *e);
/** Post id: 400 for a malformed id, 404 app.post.get.app_error when absent (or deleted, unless include_deleted). */
int app_posts_access_post(PGconn *db, const char *id, bool include_deleted, model_post_t *p, app_error_t *e);
/** 1 when the caller has perm in c (system, team, channel roles), 0 when not, -1 on a failure (e set). */
int app_posts_access_has(PGconn *db, const app_session_t *s, const model_channel_t *c, const char *perm, app_error_t *e);
/** Reading c's posts (SessionHasPermissionToReadChannel): read_channel_content, or read_public_channel in the
 *  team for an open channel; else 403 api.context.permissions.app_error. */
int app_posts_access_read(PGconn *db, const app_session_t *s, const model_channel_t *c, app_error_t *e);
/** SessionHasPermissionToChannelByPost: perm in the post's channel (its team, the system); a post that is not
 *  there leaves the system roles only. 403 api.context.permissions.app_error when not granted. */
int app_posts_access_require_by_post(PGconn *db, const app_session_t *s, const char *post_id, const char *perm, app_error_t *e);
/** perm in c, else 403 api.context.permissions.app_error. */
int app_posts_access_require(PGconn *db, const app_session_t *s, const model_channel_t *c, const char *perm, app_error_t *e);

#endif
