#ifndef PARLEY_CORE_APP_REACTIONS_H
#define PARLEY_CORE_APP_REACTIONS_H

/*
 * Reactions (owner: posts): the endpoints of api/reactions.c, as Mattermost's api4/reaction.go and
 * app/reaction.go. Permissions are checked "by post" (the post's channel, else its team, else the
 * system roles: SessionHasPermissionToChannelByPost). reaction_added / reaction_removed {reaction (S)}
 * go to the post's channel after the change committed. Each returns 0, or -1 with e set.
 */

#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/post.h"
#include "model/reaction.h"

#define APP_REACTIONS_EVENT_ADDED "reaction_added"
#define APP_REACTIONS_EVENT_REMOVED "reaction_removed"

/** POST /reactions: r->user_id must be the caller; add_reaction; a system emoji name; not in an archived
 *  channel; within ServiceSettings.UniqueEmojiReactionLimitPerPost. *r is completed (times, channel_id). */
int app_reactions_save(PGconn *db, const app_session_t *s, model_reaction_t *r, app_error_t *e);
/** DELETE /users/{user_id}/posts/{post_id}/reactions/{emoji_name}: remove_reaction, and
 *  remove_others_reactions for another user's. */
int app_reactions_delete(PGconn *db, const app_session_t *s, const char *user_id, const char *post_id, const char *emoji_name,
                         app_error_t *e);
/** GET /posts/{post_id}/reactions (read_channel_content): an array of Reactions in *out. */
int app_reactions_list(PGconn *db, const app_session_t *s, const char *post_id, json_t **out, app_error_t *e);
/** POST /posts/ids/reactions: {post_id: [Reaction]} for every id (read_channel_content on each). */
int app_reactions_bulk(PGconn *db, const app_session_t *s, const model_post_ids_t *ids, json_t **out, app_error_t *e);

#endif
