#ifndef PARLEY_CORE_APP_SESSION_CACHE_H
#define PARLEY_CORE_APP_SESSION_CACHE_H

/*
 * The session cache (owner: accounts), as Mattermost's local cache layer (sessionCache,
 * ServiceSettings.SessionCacheInMinutes): a bounded LRU of live sessions by token, each with its
 * user's row, so an authenticated request needs no database round trip. Bounded by
 * ParleySettings.SessionCacheSize entries; an entry lives SessionCacheInMinutes (0: nothing is
 * cached). Only found sessions are cached: "not found" and "store unavailable" always go back to
 * the store. Every write of a sessions or users row drops the entries concerned, on this node and
 * (through the cluster bus) on the others (app/cache_sync.c). Thread-safe (one mutex).
 */

#include <stddef.h>
#include <stdint.h>

#include "app/sessions.h"
#include "model/user.h"

/** Size and lifetime (ttl_ms 0 disables). Re-configuring drops every entry. */
void app_session_cache_configure(size_t cap, int64_t ttl_ms);
/** Drop every entry and release the memory; the cache is disabled afterwards. */
void app_session_cache_dispose(void);
/** Invalidation counter: read it before a store lookup and hand it to app_session_cache_put. */
uint64_t app_session_cache_generation(void);
/**
 * The cached session for token, not expired at now_ms (wall clock), with a deep copy of its user
 * (user model_user_init'ed by the caller, who disposes it; may be NULL).
 * @return PL_OK, or PL_ENOTFOUND when it is not cached (ask the store).
 */
int app_session_cache_get(const char *token, int64_t now_ms, app_session_t *s, model_user_t *user);
/** Copies n bytes of p into memory of the caller's (e.g. the request pool); @return the copy. */
typedef app_sessions_copy_fn app_session_cache_copy_fn;
/**
 * The cached session for token (as app_session_cache_get) and its user's GET /users/me body,
 * serialized once when cached: *json = copy(ctx, body, *len). No JSON work, for the event loop.
 * @return PL_OK or PL_ENOTFOUND.
 */
int app_session_cache_get_self(const char *token, int64_t now_ms, app_session_t *s, app_session_cache_copy_fn copy, void *ctx,
                               const char **json, size_t *len);
/** Cache what the store found, unless an invalidation happened since generation was read. */
void app_session_cache_put(const char *token, uint64_t generation, const app_session_t *s, const model_user_t *user);
/** Drop the session with this id. */
void app_session_cache_remove_session(const char *session_id);
/** Drop every session of this user (its row changed). */
void app_session_cache_remove_user(const char *user_id);
/** The session's activity was written: update the cached copy (last_activity_at, expires_at when > 0). */
void app_session_cache_touched(const char *session_id, int64_t last_activity_at, int64_t expires_at);
/** @return the number of cached sessions. */
size_t app_session_cache_count(void);

#endif
