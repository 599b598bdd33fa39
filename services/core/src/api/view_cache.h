#ifndef PARLEY_CORE_API_VIEW_CACHE_H
#define PARLEY_CORE_API_VIEW_CACHE_H

/*
 * The loop fast paths of the start-up and channel-switch reads (owner: channels): a GET of the
 * caller's own my-channels / channel members / sidebar categories of a team, answered from
 * app/view_cache.h without a worker or a query when a valid entry is there; the full handler fills
 * the entry after it answered from the database (only for the caller's own view, which is what the
 * fast path serves). Path parameters: {user_id} ("me" or the caller) and {team_id}; and the first page
 * of a channel's posts (api/posts.c), scoped by {channel_id}.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/sessions.h"
#include "app/view_cache.h"
#include "http/request.h"

/** http_route_t.fast body: @return 1 when answered (200, or 304 when with_etag and If-None-Match matches). */
int api_view_cache_serve(http_request_t *r, app_view_kind_t kind, bool with_etag);

/** As api_view_cache_serve for the view of user_id ("me" or the caller) in scope_id (a team or a channel). */
int api_view_cache_serve_scope(http_request_t *r, app_view_kind_t kind, const char *user_id, const char *scope_id, bool with_etag);

/** After a full answer: keep body for the session's own view (user_id is the session's user), read at built. */
void api_view_cache_fill(const app_session_t *s, app_view_kind_t kind, const char *user_id, const char *team_id, uint64_t built,
                         const app_view_deps_t *deps, const char *body, size_t len, const char *etag);

#endif
