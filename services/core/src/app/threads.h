#ifndef PARLEY_CORE_APP_THREADS_H
#define PARLEY_CORE_APP_THREADS_H

/*
 * Collapsed reply threads (owner: posts), as Mattermost's api4/user.go thread routes and app/thread.go:
 * the threads a user follows in a team (with the DMs/GMs), one thread, following, read state.
 * app/threads.c: the endpoints; app/threads_reply.c: what a reply does to the thread's followers
 * (SendNotifications' MaintainMembership loop) and thread_updated. Events go to the user only:
 * thread_updated, thread_read_changed, thread_follow_changed. Each returns 0, or -1 with e set.
 */

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "app/app_error.h"
#include "app/posts_mentions.h"
#include "app/sessions.h"
#include "model/channel.h"
#include "model/post.h"
#include "model/thread.h"
#include "store/threads.h"

#define APP_THREADS_EVENT_UPDATED "thread_updated"
#define APP_THREADS_EVENT_READ_CHANGED "thread_read_changed"
#define APP_THREADS_EVENT_FOLLOW_CHANGED "thread_follow_changed"

/** IsCRTEnabledForUser: ServiceSettings.CollapsedThreads, or for default_on / default_off the user's
 *  display_settings collapsed_reply_threads preference. */
bool app_threads_crt_enabled(PGconn *db, const char *user_id);

typedef struct app_threads_query {
    store_threads_query_t q;
    bool extended, totals_only, threads_only;
} app_threads_query_t;

/** GET /users/{user_id}/teams/{team_id}/threads (the user or edit_other_users, and view_team): Threads in *out. */
int app_threads_list(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const app_threads_query_t *q,
                     json_t **out, app_error_t *e);
/** GET .../threads/{thread_id}: ThreadResponse (404 without a membership). */
int app_threads_get(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *thread_id,
                    bool extended, json_t **out, app_error_t *e);
/** PUT / DELETE .../threads/{thread_id}/following: thread_follow_changed {thread_id, state, reply_count}. */
int app_threads_follow(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *thread_id,
                       bool state, app_error_t *e);
/** PUT .../threads/{thread_id}/read/{timestamp}: read up to timestamp; ThreadResponse, thread_read_changed. */
int app_threads_read(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *thread_id,
                     int64_t timestamp, json_t **out, app_error_t *e);
/** POST .../threads/{thread_id}/set_unread/{post_id}: unread from that reply; ThreadResponse, thread_read_changed. */
int app_threads_set_unread(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, const char *thread_id,
                           const char *post_id, json_t **out, app_error_t *e);
/** PUT .../threads/read: every thread of the team read; thread_read_changed {timestamp}. */
int app_threads_read_all(PGconn *db, const app_session_t *s, const char *user_id, const char *team_id, app_error_t *e);

/* --- app/threads_reply.c --- */
/** After reply p (in c, mentioning m) was saved: the thread's memberships (ServiceSettings.ThreadAutoFollow), and
 *  its followers in *out (for posted's followers and thread_updated). 0, or a negative STORE_* code. */
int app_threads_reply(PGconn *db, const model_post_t *p, const model_channel_t *c, const app_posts_mentions_t *m,
                      store_threads_followers_t *out);
/** thread_updated to each follower with collapsed threads on (the poster's copy read). */
void app_threads_reply_announce(PGconn *db, const model_post_t *p, const model_channel_t *c, const app_posts_mentions_t *m,
                                const store_threads_followers_t *f);

#endif
