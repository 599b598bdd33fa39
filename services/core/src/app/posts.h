#ifndef PARLEY_CORE_APP_POSTS_H
#define PARLEY_CORE_APP_POSTS_H

/*
 * Posts (owner: posts): the endpoints of api/posts.c. Each checks the caller's permission as
 * Mattermost's api4/post.go does and returns 0, or -1 with e set; a filled *out is the caller's to
 * dispose. app/posts.c: create and get; app/posts_edit.c: edit, pin, delete; app/posts_list.c: the lists.
 * Order: posts_mentions < posts_events < posts_save < posts_system < posts_access < posts_metadata
 *        < posts, posts_edit, posts_list, posts_unread, posts_ephemeral.
 */

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/sessions.h"
#include "model/post.h"

/** POST /posts (201). set_online: ?set_online (default true). A retried pending_post_id answers the first post. */
int app_posts_create(PGconn *db, const app_session_t *s, const model_post_body_t *in, bool set_online, model_post_t *out,
                     app_error_t *e);
/** GET /posts/{post_id} (include_deleted: read_deleted_posts needed). */
int app_posts_get(PGconn *db, const app_session_t *s, const char *id, bool include_deleted, model_post_t *out, app_error_t *e);
/** POST /posts/ids: the posts the caller may read (others are left out). */
int app_posts_get_many(PGconn *db, const app_session_t *s, const model_post_ids_t *ids, model_post_list_t *out, app_error_t *e);
/** PUT /posts/{post_id}/patch. */
int app_posts_patch(PGconn *db, const app_session_t *s, const char *id, const model_post_patch_t *p, model_post_t *out,
                    app_error_t *e);
/** PUT /posts/{post_id}: a whole Post, its id must be id. */
int app_posts_update(PGconn *db, const app_session_t *s, const char *id, const model_post_body_t *in, model_post_t *out,
                     app_error_t *e);
/** DELETE /posts/{post_id} (permanent: manage_system). */
int app_posts_delete(PGconn *db, const app_session_t *s, const char *id, bool permanent, app_error_t *e);
/** POST /posts/{post_id}/pin (pin true) and /unpin: is_pinned, post_edited. */
int app_posts_pin(PGconn *db, const app_session_t *s, const char *id, bool pin, app_error_t *e);

/** POST /users/{user_id}/posts/{post_id}/set_unread: the channel unread from the post (ChannelUnreadAt in *out),
 *  post_unread to the user. crt_supported: the body's collapsed_threads_supported. (app/posts_unread.c) */
int app_posts_set_unread(PGconn *db, const app_session_t *s, const char *user_id, const char *post_id, bool crt_supported,
                         json_t **out, app_error_t *e);

/** POST /posts/ephemeral {user_id, post}: create_post_ephemeral (system admins); the post (system_ephemeral, not
 *  stored) goes to user_id in ephemeral_message (app/posts_ephemeral.c). */
int app_posts_ephemeral(PGconn *db, const app_session_t *s, const char *user_id, const model_post_body_t *in, model_post_t *out,
                        app_error_t *e);
/** Send p (id and times filled when unset) to user_id's connections as ephemeral_message. */
void app_posts_ephemeral_send(const char *user_id, model_post_t *p);

/* --- app/posts_list.c --- */
typedef struct app_posts_query {
    int64_t page, per_page;     /* page/per_page (default 0 / 60, max 200) */
    int64_t since;              /* > 0: the posts changed since */
    const char *before, *after; /* post ids ("" none) */
    bool collapsed;             /* collapsedThreads: root posts only */
    bool skip_fetch_threads;    /* skipFetchThreads: no thread roots added to posts */
    bool include_deleted;       /* include_deleted (system admins) */
} app_posts_query_t;

/** GET /channels/{channel_id}/posts. etag (>= 64 bytes) receives the list's ETag ("" for since). */
int app_posts_list_channel(PGconn *db, const app_session_t *s, const char *channel_id, const app_posts_query_t *q,
                           model_post_list_t *out, char *etag, size_t etag_n, app_error_t *e);
/** The ETag of the channel's posts (GET .../posts, If-None-Match), into etag. */
int app_posts_list_etag(PGconn *db, const char *channel_id, bool collapsed, char *etag, size_t etag_n, app_error_t *e);
/** GET /users/{user_id}/channels/{channel_id}/posts/unread (limit_after >= 1). */
int app_posts_list_unread(PGconn *db, const app_session_t *s, const char *user_id, const char *channel_id, int64_t limit_before,
                          int64_t limit_after, const app_posts_query_t *q, model_post_list_t *out, app_error_t *e);
/* GET /posts/{post_id}/thread's query. */
typedef struct app_posts_thread_query {
    int64_t per_page;        /* perPage: at most this many thread posts (0: all) */
    int64_t from_create_at;  /* fromCreateAt: the cursor (0: from the start) */
    const char *from_post;   /* fromPost: the cursor's post at from_create_at ("" none) */
    bool down;               /* direction=down: oldest first, after the cursor (else newest first, before it) */
    bool skip_fetch_threads; /* skipFetchThreads: the requested post only */
} app_posts_thread_query_t;

/** GET /posts/{post_id}/thread: the requested post first, then one page of its thread (root and replies) without
 *  it, in the query's order; has_next when the page was cut (SqlPostStore.Get). */
int app_posts_list_thread(PGconn *db, const app_session_t *s, const char *id, const app_posts_thread_query_t *q,
                          model_post_list_t *out, app_error_t *e);
/** GET /channels/{channel_id}/pinned. */
int app_posts_list_pinned(PGconn *db, const app_session_t *s, const char *channel_id, model_post_list_t *out, app_error_t *e);
/** GET /users/{user_id}/posts/flagged (the user or edit_other_users): the saved posts, newest first, of team_id's
 *  channels and the DMs/GMs, or of channel_id ("" / NULL: any), that the caller can still read
 *  (app/posts_flagged.c). */
int app_posts_list_flagged(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *channel_id,
                           int64_t page, int64_t per_page, model_post_list_t *out, app_error_t *e);

#endif
