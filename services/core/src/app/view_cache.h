#ifndef PARLEY_CORE_APP_VIEW_CACHE_H
#define PARLEY_CORE_APP_VIEW_CACHE_H

/*
 * What one user sees of one team, cached as the bytes of the answer (owner: channels): the start-up
 * and channel-switch reads of every client (my channels, my channel members and my sidebar categories
 * of a team) and the read state of a channel member (is it fully read, and its channel's
 * last_post_at: what makes a repeated view a no-op). The api/ handlers fill entries on their worker
 * after answering from the database, and the loop fast paths (http_route_t.fast) answer from them
 * without a worker or a query.
 *
 * Validity is by change stamps (app/change_stamps.h): an entry keeps the clock value taken before its
 * fill read the database and the slots it depends on (the user, the team, the channels listed), and
 * is served only while none of them changed since. Writes are reported by store/ after they commit
 * (store/invalidate.h), on every node (cluster bus; an entry lives at most 5 minutes, the bound on
 * staleness should a best-effort cluster message be lost). Bounded by bytes (ParleySettings.ViewCacheSize
 * MiB, 0 = off), least recently used entries evicted first; 16 locked shards; any thread.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/change_stamps.h"

typedef enum app_view_kind {
    APP_VIEW_MY_CHANNELS = 'c',         /* GET /users/{me}/teams/{tid}/channels (scope: team id) */
    APP_VIEW_MY_CHANNELS_DELETED = 'd', /* ... with include_deleted=true */
    APP_VIEW_MY_MEMBERS = 'm',          /* GET /users/{me}/teams/{tid}/channels/members */
    APP_VIEW_MY_CATEGORIES = 'g',       /* GET /users/{me}/teams/{tid}/channels/categories */
    APP_VIEW_READ_STATE = 'r',          /* a channel member fully read (scope: channel id); body: last_post_at */
    APP_VIEW_CHANNEL_POSTS = 'p',       /* GET /channels/{cid}/posts, first page of 60 (scope: channel id) */
    APP_VIEW_CHANNEL_POSTS_CRT = 'q',   /* ... with collapsedThreads=true */
    APP_VIEW_MY_THREADS = 0x80,         /* GET /users/{me}/teams/{tid}/threads, | 6 bits of variant (api/threads.c) */
} app_view_kind_t;

#define APP_VIEW_CACHE_MAX_DEPS 4096 /* an entry depending on more ids is not cached */
#define APP_VIEW_CACHE_ETAG_MAX 128

/** What an entry depends on (app_view_deps_add fills it; bounded). */
typedef struct app_view_deps {
    uint32_t *slots;
    size_t n, cap;
    bool too_many;
} app_view_deps_t;

void app_view_deps_add(app_view_deps_t *d, app_stamp_kind_t kind, const char *id);
void app_view_deps_dispose(app_view_deps_t *d);

/** Size the cache (bytes; 0 turns it off). Before the server starts, or any time (shrinks by evicting). */
void app_view_cache_configure(size_t max_bytes);
/** The stamp a fill takes before it reads the database. */
uint64_t app_view_cache_stamp(void);
/** Keep body (copied) for (kind, user, scope) as read at stamp built; etag may be NULL. */
void app_view_cache_put(app_view_kind_t kind, const char *user_id, const char *scope_id, uint64_t built,
                        const app_view_deps_t *deps, const char *body, size_t len, const char *etag);
/** Copy out the body of a valid entry: copy(ctx, p, n) allocates (e.g. request memory). etag: a buffer of
 *  APP_VIEW_CACHE_ETAG_MAX bytes or NULL. @return true on a hit (stale entries are dropped: a miss). */
bool app_view_cache_get(app_view_kind_t kind, const char *user_id, const char *scope_id,
                        char *(*copy)(void *ctx, const char *p, size_t n), void *ctx, const char **body, size_t *len, char *etag);
/** Drop every entry (at shutdown, and in tests). */
void app_view_cache_dispose(void);

typedef struct app_view_cache_stats {
    uint64_t hits, misses, fills, evictions;
    size_t bytes, entries;
} app_view_cache_stats_t;
void app_view_cache_stats(app_view_cache_stats_t *out);

#endif
