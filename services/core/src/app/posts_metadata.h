#ifndef PARLEY_CORE_APP_POSTS_METADATA_H
#define PARLEY_CORE_APP_POSTS_METADATA_H

/*
 * post.metadata as PreparePostForClient fills it (owner: posts): reactions for the posts that have
 * any (one query for all of them). The webapp takes a post's reactions from metadata.reactions
 * only (T7), so every post that leaves the server (responses, post_edited) goes through here.
 */

#include <stddef.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "model/post.h"

/** Set metadata.reactions of the n posts (those with has_reactions). 0, or -1 with e set. */
int app_posts_metadata_fill(PGconn *db, model_post_t *posts, size_t n, app_error_t *e);

#endif
