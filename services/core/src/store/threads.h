#ifndef PARLEY_CORE_STORE_THREADS_H
#define PARLEY_CORE_STORE_THREADS_H

/*
 * Thread memberships (owner: posts): who follows a thread and how far they read it, Mattermost's
 * ThreadMemberships with MaintainMembership's rules. store/threads.c: the writes; store/threads_list.c:
 * the user's threads and their totals. Every function: STORE_OK or a STORE_E* code (store/db.h).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "model/thread.h"
#include "parley/id.h"

/* --- store/threads.c --- */
typedef struct store_threads_follower {
    char user_id[PL_ID_LEN + 1];
    bool is_new; /* was not following before this reply */
} store_threads_follower_t;

typedef struct store_threads_followers {
    store_threads_follower_t *items; /* malloc'd */
    size_t n;
} store_threads_followers_t;

/**
 * A reply by poster to root_id at `at`: each of the participants follows the thread unless they unfollowed it
 * and are not among mentioned (which also counts an unread mention each); the poster's membership is read up to at.
 * out: every follower after the change (new ones flagged).
 */
int store_threads_reply(PGconn *db, const char *root_id, const char *poster, const char *const *participants, size_t n,
                        const char *const *mentioned, size_t nmentioned, int64_t at, store_threads_followers_t *out);
void store_threads_followers_dispose(store_threads_followers_t *f);
/** Follow (read up to at, mentions cleared) or unfollow root_id. */
int store_threads_set_following(PGconn *db, const char *user_id, const char *root_id, bool following, int64_t at);
/** The membership read up to last_viewed with unread_mentions left (created, not following, when absent). */
int store_threads_set_read(PGconn *db, const char *user_id, const char *root_id, int64_t last_viewed, int64_t unread_mentions,
                           int64_t at);
/** Every thread of team_id (and of the DMs/GMs) read for user_id at `at`. */
int store_threads_read_all(PGconn *db, const char *user_id, const char *team_id, int64_t at);

/* --- store/threads_list.c --- (threads are the caller's to dispose) */
typedef struct store_threads_query {
    int64_t since;              /* > 0: threads with a reply or a membership change after */
    bool deleted, unread;       /* include deleted roots; only threads with unread replies */
    const char *before, *after; /* thread ids ("" none): threads replied to before/after that one */
    int64_t limit;
} store_threads_query_t;

/** user_id's followed threads of team_id and of the DMs/GMs, latest reply first. */
int store_threads_list(PGconn *db, const char *user_id, const char *team_id, const store_threads_query_t *q,
                       model_thread_list_t *out);
/** The totals of the same set (not deleted): total, unread threads, unread mentions (urgent ones). */
int store_threads_totals(PGconn *db, const char *user_id, const char *team_id, model_thread_list_t *out);
/** user_id's thread root_id (STORE_ENOTFOUND without a membership). */
int store_threads_get(PGconn *db, const char *user_id, const char *root_id, model_thread_t *out);

#endif
