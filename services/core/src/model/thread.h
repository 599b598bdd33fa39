#ifndef PARLEY_CORE_MODEL_THREAD_H
#define PARLEY_CORE_MODEL_THREAD_H

/*
 * A followed thread as one user sees it (server/public/model/thread.go ThreadResponse) and the Threads
 * page of GET /users/{uid}/teams/{tid}/threads (owner: posts).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "model/post.h"

typedef struct model_thread {
    model_post_t post; /* the root; post.reply_count / last_reply_at are the thread's */
    int64_t last_viewed_at, unread_replies, unread_mentions, delete_at;
    bool following, is_urgent;
    json_t *participants; /* owned array of user ids (oldest first); the caller may replace it with User objects */
} model_thread_t;

void model_thread_dispose(model_thread_t *t);
/** ThreadResponse: id, reply_count, last_reply_at, last_viewed_at, participants ([{id}] unless users set), post,
 *  unread_replies, unread_mentions, is_urgent, delete_at. users: User objects for participants (extended) or NULL.
 *  New reference. */
json_t *model_thread_to_json(const model_thread_t *t, json_t *users);

typedef struct model_thread_list {
    model_thread_t *items;
    size_t n;
    int64_t total, total_unread_threads, total_unread_mentions, total_unread_urgent_mentions;
} model_thread_list_t;

void model_thread_list_dispose(model_thread_list_t *l);
/** Threads: total, total_unread_threads, total_unread_mentions, total_unread_urgent_mentions, threads. */
json_t *model_thread_list_to_json(const model_thread_list_t *l);

#endif
