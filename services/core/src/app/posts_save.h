#ifndef PARLEY_CORE_APP_POSTS_SAVE_H
#define PARLEY_CORE_APP_POSTS_SAVE_H

/*
 * Saving a new post (owner: posts), for the API (app/posts.c) and the system messages
 * (app/posts_system.c): hashtags, Post.IsValid, who is mentioned, the row with every count it moves
 * in one statement (store_posts_save), then the events: posted to the channel (mentions per user) and
 * multiple_channels_viewed to the poster, whose member read up to the post.
 * Order: posts_mentions < posts_events < posts_save < posts_system < posts.
 */

#include <stdbool.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "model/channel.h"
#include "model/post.h"

typedef struct app_posts_save_opts {
    const char *sender_username; /* the poster's username (sender_name of posted) */
    bool set_online;             /* ?set_online of POST /posts (true by default) */
    bool allow_channel_mentions; /* the poster has use_channel_mentions in the channel */
    bool as_user;                /* posted by the user (CreatePostAsUser): marks the channel read for them */
} app_posts_save_opts_t;

/**
 * Save p (id, create_at, update_at, user_id, channel_id set) in c. A post of the same user and
 * pending_post_id saved before is loaded into *p instead (*duplicate true) and nothing is sent again.
 * @return 0, or -1 with e: 400 model.post.is_valid.*, or the database failure (app.post.save.app_error).
 */
int app_posts_save(PGconn *db, model_post_t *p, const model_channel_t *c, const app_posts_save_opts_t *o, bool *duplicate,
                   app_error_t *e);

#endif
