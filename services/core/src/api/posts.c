/* Posts (owner: posts): create, read, edit, pin, delete, the channel and thread lists. The app functions
 * check the permissions (they depend on the post's channel). */
#include "api/route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/param.h"
#include "api/respond.h"
#include "api/view_cache.h"
#include "app/change_stamps.h"
#include "app/posts.h"
#include "app/posts_metadata.h"
#include "model/post.h"

static const char *post_id(api_call_t *c)
{
    return http_request_param(c->r, "post_id");
}

static int post_out(api_call_t *c, int rc, model_post_t *p)
{
    if (rc == 0 && app_posts_metadata_fill(c->db, p, 1, &c->err) < 0) {
        model_post_dispose(p);
        return -1;
    }
    if (rc == 0) {
        c->out = model_post_to_json(p);
        model_post_dispose(p);
    }
    return rc;
}

static int list_out(api_call_t *c, int rc, model_post_list_t *l)
{
    if (rc == 0 && app_posts_metadata_fill(c->db, l->items, l->n, &c->err) < 0) {
        model_post_list_dispose(l);
        return -1;
    }
    if (rc == 0) {
        c->out = model_post_list_to_json(l);
        model_post_list_dispose(l);
    }
    return rc;
}

static int create(api_call_t *c)
{
    model_post_t p;
    bool online = http_request_query_bool(c->r, "set_online", true);
    return post_out(c, app_posts_create(c->db, c->session, c->body, online, &p, &c->err), &p);
}

static int patch(api_call_t *c)
{
    model_post_t p;
    return post_out(c, app_posts_patch(c->db, c->session, post_id(c), c->body, &p, &c->err), &p);
}

static int update(api_call_t *c)
{
    model_post_t p;
    return post_out(c, app_posts_update(c->db, c->session, post_id(c), c->body, &p, &c->err), &p);
}

static int delete_one(api_call_t *c)
{
    bool permanent = http_request_query_bool(c->r, "permanent", false);
    return app_posts_delete(c->db, c->session, post_id(c), permanent, &c->err);
}

static int pin(api_call_t *c)
{
    return app_posts_pin(c->db, c->session, post_id(c), true, &c->err);
}

static int unpin(api_call_t *c)
{
    return app_posts_pin(c->db, c->session, post_id(c), false, &c->err);
}

static int by_ids(api_call_t *c)
{
    model_post_list_t l;
    if (app_posts_get_many(c->db, c->session, c->body, &l, &c->err) < 0)
        return -1;
    if (app_posts_metadata_fill(c->db, l.items, l.n, &c->err) < 0) {
        model_post_list_dispose(&l);
        return -1;
    }
    c->out = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(c->out, model_post_to_json(&l.items[i]));
    model_post_list_dispose(&l);
    return 0;
}

/* GET .../thread's perPage (at most 200, 0 all), fromCreateAt, fromPost (only with fromCreateAt), direction
 * (up/down), skipFetchThreads, as getPostThread. */
static int thread_query(http_request_t *r, app_posts_thread_query_t *q, app_error_t *e)
{
    const char *bad = "api.context.invalid_param.app_error", *dir = http_request_query(r, "direction");
    memset(q, 0, sizeof(*q));
    if (api_param_count(http_request_query(r, "perPage"), "perPage", bad, &q->per_page, e) < 0 ||
        api_param_count(http_request_query(r, "fromCreateAt"), "fromCreateAt", bad, &q->from_create_at, e) < 0)
        return -1;
    if (q->per_page > 200)
        return app_error_set(e, 400, bad, "perPage");
    q->from_post = http_request_query(r, "fromPost");
    q->from_post = q->from_post ? q->from_post : "";
    if (q->from_post[0] && q->from_create_at == 0)
        return app_error_set(e, 400, bad, "if fromPost is set, then fromCreateAt must also be set");
    if (dir && dir[0] && strcmp(dir, "up") != 0 && strcmp(dir, "down") != 0)
        return app_error_set(e, 400, bad, "direction");
    q->down = dir && strcmp(dir, "down") == 0;
    q->skip_fetch_threads = http_request_query_bool(r, "skipFetchThreads", false);
    return 0;
}

static int thread(api_call_t *c)
{
    model_post_list_t l;
    app_posts_thread_query_t q;
    if (thread_query(c->r, &q, &c->err) < 0)
        return -1;
    return list_out(c, app_posts_list_thread(c->db, c->session, post_id(c), &q, &l, &c->err), &l);
}

static int pinned(api_call_t *c)
{
    model_post_list_t l;
    return list_out(c, app_posts_list_pinned(c->db, c->session, http_request_param(c->r, "channel_id"), &l, &c->err), &l);
}

static int flagged(api_call_t *c)
{
    model_post_list_t l;
    int64_t offset, per_page;
    const char *uid = api_param_user_id(c->r);
    if (uid == NULL)
        return app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", "user_id");
    api_param_paging(c->r, &offset, &per_page);
    int rc = app_posts_list_flagged(c->db, c->session, uid, http_request_query(c->r, "team_id"),
                                    http_request_query(c->r, "channel_id"), offset / per_page, per_page, &l, &c->err);
    return list_out(c, rc, &l);
}

/* The query of the list endpoints: page/per_page, since, before/after, collapsedThreads, skipFetchThreads. */
static int query_read(http_request_t *r, app_posts_query_t *q, app_error_t *e)
{
    int64_t offset;
    memset(q, 0, sizeof(*q));
    api_param_paging(r, &offset, &q->per_page);
    q->page = offset / q->per_page;
    if (api_param_count(http_request_query(r, "since"), "since", "api.context.invalid_url_param.app_error", &q->since, e) < 0)
        return -1;
    q->before = http_request_query(r, "before");
    q->after = http_request_query(r, "after");
    q->before = q->before ? q->before : "";
    q->after = q->after ? q->after : "";
    q->collapsed = http_request_query_bool(r, "collapsedThreads", false);
    q->skip_fetch_threads = http_request_query_bool(r, "skipFetchThreads", false);
    q->include_deleted = http_request_query_bool(r, "include_deleted", false);
    return 0;
}

/* The first page of 60 of a channel, without cursors or deleted posts, is what the clients load on every channel
 * switch: cached per reader (app/view_cache.h). @return its kind, or 0 for any other query. */
static app_view_kind_t cached_kind(http_request_t *r)
{
    const char *page = http_request_query(r, "page"), *per_page = http_request_query(r, "per_page");
    const char *none[] = {"since", "before", "after"}, *off[] = {"include_deleted", "skipFetchThreads", "collapsedThreadsExtended"};
    if ((page && page[0] && strcmp(page, "0") != 0) || (per_page && per_page[0] && strcmp(per_page, "60") != 0))
        return 0;
    for (size_t i = 0; i < 3; i++) {
        const char *v = http_request_query(r, none[i]);
        if ((v && v[0]) || http_request_query_bool(r, off[i], false))
            return 0;
    }
    return http_request_query_bool(r, "collapsedThreads", false) ? APP_VIEW_CHANNEL_POSTS_CRT : APP_VIEW_CHANNEL_POSTS;
}

/* A page read at stamp built, kept for the reader: valid until their memberships or the channel (any post of it)
 * change. */
static void fill(http_request_t *r, app_view_kind_t kind, uint64_t built, const char *body, const char *etag)
{
    const char *cid = http_request_param(r, "channel_id");
    const app_session_t *s = r->session;
    if (kind == 0 || s == NULL || cid == NULL)
        return;
    app_view_deps_t deps = {0};
    app_view_deps_add(&deps, APP_STAMP_MEMBER, s->user_id);
    app_view_deps_add(&deps, APP_STAMP_CHANNEL, cid);
    api_view_cache_fill(s, kind, s->user_id, cid, built, &deps, body, strlen(body), etag);
    app_view_deps_dispose(&deps);
}

static int for_channel_fast(http_request_t *r)
{
    app_view_kind_t kind = cached_kind(r);
    return kind ? api_view_cache_serve_scope(r, kind, "me", http_request_param(r, "channel_id"), true) : 0;
}

static void respond_list(http_request_t *r, model_post_list_t *l, const char *etag, app_view_kind_t kind, uint64_t built)
{
    app_error_t e = {0};
    if (app_posts_metadata_fill(r->db, l->items, l->n, &e) < 0) {
        model_post_list_dispose(l);
        api_respond_app_error(r, &e);
        return;
    }
    json_t *j = model_post_list_to_json(l);
    model_post_list_dispose(l);
    char *body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (body != NULL && etag[0])
        fill(r, kind, built, body, etag);
    h2o_iovec_t match = http_request_header(r, "if-none-match");
    if (etag[0])
        http_response_header_add(r, "ETag", etag);
    if (body == NULL)
        http_respond_error(r, 500, "api.context.internal.app_error", "encoding posts");
    else if (etag[0] && match.len == strlen(etag) && memcmp(match.base, etag, match.len) == 0)
        http_respond_raw(r, 304, "application/json", "", 0);
    else
        http_respond_raw(r, 200, "application/json", body, strlen(body));
    free(body);
}

/* Hand-written: the ETag, and 304 on If-None-Match. */
static int for_channel(http_request_t *r)
{
    app_error_t e = {0};
    app_posts_query_t q;
    model_post_list_t l;
    char etag[96];
    app_view_kind_t kind = cached_kind(r);
    uint64_t built = app_view_cache_stamp();
    if (query_read(r, &q, &e) < 0 ||
        app_posts_list_channel(r->db, r->session, http_request_param(r, "channel_id"), &q, &l, etag, sizeof(etag), &e) < 0) {
        api_respond_app_error(r, &e);
        return HTTP_DONE;
    }
    respond_list(r, &l, etag, kind, built);
    return HTTP_DONE;
}

static int unread(http_request_t *r)
{
    app_error_t e = {0};
    app_posts_query_t q;
    model_post_list_t l;
    const char *uid = api_param_user_id(r);
    int64_t before = http_request_query_int(r, "limit_before", 60, 0, 200);
    int64_t after = http_request_query_int(r, "limit_after", 60, 0, 200);
    if (uid == NULL) {
        http_respond_error(r, 400, "api.context.invalid_url_param.app_error", "user_id");
        return HTTP_DONE;
    }
    if (query_read(r, &q, &e) < 0 ||
        app_posts_list_unread(r->db, r->session, uid, http_request_param(r, "channel_id"), before, after, &q, &l, &e) < 0) {
        api_respond_app_error(r, &e);
        return HTTP_DONE;
    }
    respond_list(r, &l, "", 0, 0);
    return HTTP_DONE;
}

/* GET /posts/{post_id}: the post's update_at as its ETag. */
static int get_one(http_request_t *r)
{
    app_error_t e = {0};
    model_post_t p;
    bool deleted = http_request_query_bool(r, "include_deleted", false);
    if (app_posts_get(r->db, r->session, http_request_param(r, "post_id"), deleted, &p, &e) < 0) {
        api_respond_app_error(r, &e);
        return HTTP_DONE;
    }
    if (app_posts_metadata_fill(r->db, &p, 1, &e) < 0) {
        model_post_dispose(&p);
        api_respond_app_error(r, &e);
        return HTTP_DONE;
    }
    char etag[64];
    snprintf(etag, sizeof(etag), "%lld", (long long)p.update_at);
    char *body = model_post_to_text(&p);
    model_post_dispose(&p);
    h2o_iovec_t match = http_request_header(r, "if-none-match");
    http_response_header_add(r, "ETag", etag);
    if (body == NULL)
        http_respond_error(r, 500, "api.context.internal.app_error", "encoding post");
    else if (match.len == strlen(etag) && memcmp(match.base, etag, match.len) == 0)
        http_respond_raw(r, 304, "application/json", "", 0);
    else
        http_respond_raw(r, 200, "application/json", body, strlen(body));
    free(body);
    return HTTP_DONE;
}

/* {"user_id": ..., "post": {Post}}: the post decoded as POST /posts decodes it. */
static int ephemeral(api_call_t *c)
{
    model_post_body_t in;
    model_post_t p;
    const char *detail = NULL;
    json_t *post = json_object_get(c->json, "post");
    memset(&in, 0, sizeof(in));
    if (!json_is_object(post) || model_post_body_from_json(&in, post, &detail) != NULL)
        return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "post");
    const char *uid = json_string_value(json_object_get(c->json, "user_id"));
    return post_out(c, app_posts_ephemeral(c->db, c->session, uid, &in, &p, &c->err), &p);
}

/* The body {"collapsed_threads_supported": bool} is optional (Mattermost's MapBoolFromJSON ignores a bad one). */
static int set_unread(api_call_t *c)
{
    json_t *b = c->r->body.len ? json_loadb(c->r->body.base, c->r->body.len, 0, NULL) : NULL;
    bool crt = json_is_true(json_object_get(b, "collapsed_threads_supported"));
    json_decref(b);
    return app_posts_set_unread(c->db, c->session, c->user_id, post_id(c), crt, &c->out, &c->err);
}

static const api_body_t post_body = {JSON_OBJECT, sizeof(model_post_body_t), model_post_body_from_json, NULL};
static const api_body_t patch_body = {JSON_OBJECT, sizeof(model_post_patch_t), model_post_patch_from_json, NULL};
static const api_body_t ids_body = {JSON_ARRAY, sizeof(model_post_ids_t), model_post_ids_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
#define APP API_PERM_IN_APP
#define P "/api/v4/posts/{post_id}"
static const api_route_t routes[] = {
    {API_ROUTE("POST", "/api/v4/posts", "createPost", S), APP, .body = &post_body, .call = create, .status = 201},
    {API_ROUTE("POST", "/api/v4/posts/ids", "getPostsByIds", S), APP, .body = &ids_body, .call = by_ids},
    {API_ROUTE("POST", "/api/v4/posts/ephemeral", "createEphemeralPost", S), APP, .body = &api_route_json_object, .call = ephemeral,
     .status = 201},
    {API_HANDWRITTEN("GET", P, "getPost", S, get_one, 0)},
    {API_ROUTE("PUT", P, "updatePost", S), APP, .body = &post_body, .call = update},
    {API_ROUTE("PUT", P "/patch", "patchPost", S), APP, .body = &patch_body, .call = patch},
    {API_ROUTE("DELETE", P, "deletePost", S), APP, .call = delete_one},
    {API_ROUTE("GET", P "/thread", "getPostThread", S), APP, .call = thread},
    {API_ROUTE("POST", P "/pin", "pinPost", S), APP, .call = pin},
    {API_ROUTE("POST", P "/unpin", "unpinPost", S), APP, .call = unpin},
    {API_HANDWRITTEN_FAST("GET", "/api/v4/channels/{channel_id}/posts", "getPostsForChannel", S, for_channel, for_channel_fast)},
    {API_ROUTE("GET", "/api/v4/channels/{channel_id}/pinned", "getPinnedPosts", S), APP, .call = pinned},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/posts/flagged", "getFlaggedPostsForUser", S), APP, .call = flagged},
    {API_ROUTE("POST", "/api/v4/users/{user_id}/posts/{post_id}/set_unread", "setPostUnread", S), APP, .call = set_unread},
    {API_HANDWRITTEN("GET", "/api/v4/users/{user_id}/channels/{channel_id}/posts/unread", "getPostsForChannelAroundLastUnread", S,
                     unread, 0)},
};

int api_posts_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
