#ifndef PARLEY_CORE_STORE_POSTS_H
#define PARLEY_CORE_STORE_POSTS_H

/*
 * The posts and threads tables (owner: posts). store/posts.c: rows (get, update, delete, edit
 * history); store/posts_save.c: a new post with every count it changes, in one statement;
 * store/posts_list.c: the channel and thread lists. Posts read here carry reply_count and
 * last_reply_at from their thread. Every function: STORE_OK or a STORE_E* code (store/db.h).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/post.h"

/* --- store/posts.c --- (a post read here is the caller's to dispose, found or not) */
/** include_deleted false: STORE_ENOTFOUND for a deleted post (and for edit history rows always). */
int store_posts_get(PGconn *db, const char *id, bool include_deleted, model_post_t *out);
/** The post user_id created with pending_post_id (a retried create). */
int store_posts_get_pending(PGconn *db, const char *user_id, const char *pending_post_id, model_post_t *out);
/** The posts of ids that exist and are not deleted, newest first (out->n_order = out->n). */
int store_posts_get_many(PGconn *db, const char *const *ids, size_t n, model_post_list_t *out);
/** message, hashtags, props, file_ids, is_pinned, has_reactions, edit_at, update_at of p->id. */
int store_posts_update(PGconn *db, const model_post_t *p);
/** The edit history row of old (a copy with a new id, original_id = old->id, delete_at = at). */
int store_posts_history_insert(PGconn *db, const model_post_t *old, int64_t at);
/** Soft delete id and, for a root, its replies (delete_at = update_at = at, props.deleteBy = by); the reactions
 *  go too; a reply is taken out of its thread's reply_count. */
int store_posts_delete(PGconn *db, const model_post_t *p, const char *by, int64_t at);
/** The newest update_at of the channel's posts (0 without any): the lists' ETag. */
int store_posts_last_update(PGconn *db, const char *channel_id, int64_t *out);
/** Remove p (and, for a root, its replies, thread and memberships) for good, with its reactions and history. */
int store_posts_delete_permanent(PGconn *db, const model_post_t *p);

/* --- store/posts_save.c --- */
typedef struct store_posts_save {
    bool counted;                /* adds to total_msg_count(_root) (join/leave messages do not) */
    bool mark_viewed;            /* the poster's member reads up to the post (not for webhooks and bots) */
    bool urgent;                 /* metadata.priority "urgent": mentions count as urgent too */
    const char *team_id;         /* the channel's team ("" for DM/GM): the thread's team */
    const char *const *mentions; /* user ids whose mention counts grow (the poster is skipped) */
    size_t nmentions;
} store_posts_save_t;

typedef struct store_posts_saved {
    bool duplicate; /* a post of the same (user_id, pending_post_id) exists: nothing was written */
    int64_t reply_count;
} store_posts_saved_t;

/** Insert p with: the channel's last_post_at (last_root_post_at) and totals, the mentioned members' counts,
 *  the poster's read state, and for a reply its thread (reply_count, last_reply_at, participants). */
int store_posts_save(PGconn *db, const model_post_t *p, const store_posts_save_t *opt, store_posts_saved_t *out);

/* --- store/posts_list.c --- */
typedef enum store_posts_dir {
    STORE_POSTS_BEFORE, /* older than the anchor, newest first */
    STORE_POSTS_AFTER,  /* newer than the anchor, newest first */
} store_posts_dir_t;

/** Page `offset/limit` of the channel's posts, newest first. roots_only: collapsed threads. limit + 1 rows are
 *  read so that *more tells whether an older post exists. */
int store_posts_list_page(PGconn *db, const char *channel_id, int64_t offset, int64_t limit, bool roots_only, bool include_deleted,
                          model_post_list_t *out, bool *more);
/** Posts of the channel created or changed after since (deleted ones too), newest first, at most limit. */
int store_posts_list_since(PGconn *db, const char *channel_id, int64_t since, bool roots_only, int64_t limit,
                           model_post_list_t *out);
/** offset/limit of the posts before/after the anchor post (by create_at, id), newest first; *more as above. */
int store_posts_list_around(PGconn *db, const char *channel_id, const model_post_t *anchor, store_posts_dir_t dir, int64_t offset,
                            int64_t limit, bool roots_only, model_post_list_t *out, bool *more);
/** The posts of the channel at or after time at (the oldest first up to limit, returned newest first); *more as above. */
int store_posts_list_from_time(PGconn *db, const char *channel_id, int64_t at, store_posts_dir_t dir, int64_t limit,
                               bool roots_only, model_post_list_t *out, bool *more);
/* A page of a thread (GET /posts/{id}/thread's perPage, fromCreateAt, fromPost, direction). */
typedef struct store_posts_thread_page {
    bool oldest_first;      /* direction=down: oldest first, after the cursor; else newest first, before it */
    int64_t from_create_at; /* the cursor's create_at, 0: from the start */
    const char *from_post;  /* the cursor's id at from_create_at ("": none) */
    int64_t limit;          /* at most this many posts, 0: all */
} store_posts_thread_page_t;

/** The root and its replies (not deleted) of one page, appended to out (its n grows; n_order follows). *more:
 *  whether a post beyond the page exists (limit + 1 rows are read). */
int store_posts_list_thread(PGconn *db, const char *root_id, const store_posts_thread_page_t *pg, model_post_list_t *out,
                            bool *more);
/** The pinned posts of the channel, newest first. */
int store_posts_list_pinned(PGconn *db, const char *channel_id, model_post_list_t *out);
/** offset/limit of the live posts user_id flagged (preferences flagged_post), newest first; team_id: that team's
 *  channels and the DMs/GMs ("" any), channel_id: that channel ("" any). */
int store_posts_list_flagged(PGconn *db, const char *user_id, const char *team_id, const char *channel_id, int64_t offset,
                             int64_t limit, model_post_list_t *out);

#endif
