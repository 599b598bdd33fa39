/* Collapsed reply threads (owner: posts): the user's threads of a team, one thread, following, read state
 * (app/threads.h checks who may). */
#include "api/route.h"

#include <stdlib.h>
#include <string.h>

#include "api/param.h"
#include "api/respond.h"
#include "api/view_cache.h"
#include "app/change_stamps.h"
#include "app/threads.h"

#define THREADS_PER_PAGE 30 /* GetUserThreadsOpts.PageSize */
#define THREADS_PER_PAGE_MAX 200

static const char *tid(api_call_t *c)
{
    return http_request_param(c->r, "team_id");
}

static const char *thread(api_call_t *c)
{
    return http_request_param(c->r, "thread_id");
}

/* The user of the path ("me" or an id), else 400. */
static const char *uid(api_call_t *c)
{
    const char *u = api_param_user_id(c->r);
    if (u == NULL)
        app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", "user_id");
    return u;
}

/* A non-negative integer of the query or path, else 400 naming it. */
static int parse_ms(api_call_t *c, const char *text, const char *name, int64_t *out)
{
    return api_param_count(text, name, "api.context.invalid_url_param.app_error", out, &c->err);
}

/* The query of GET .../threads. */
static int list_query(http_request_t *r, app_threads_query_t *q, app_error_t *e)
{
    memset(q, 0, sizeof(*q));
    if (api_param_count(http_request_query(r, "since"), "since", "api.context.invalid_url_param.app_error", &q->q.since, e) < 0)
        return -1;
    q->q.deleted = http_request_query_bool(r, "deleted", false);
    q->q.unread = http_request_query_bool(r, "unread", false);
    q->q.before = http_request_query(r, "before");
    q->q.after = http_request_query(r, "after");
    q->q.limit = http_request_query_int(r, "per_page", THREADS_PER_PAGE, 1, THREADS_PER_PAGE_MAX);
    q->extended = http_request_query_bool(r, "extended", false);
    q->totals_only = http_request_query_bool(r, "totalsOnly", false);
    q->threads_only = http_request_query_bool(r, "threadsOnly", false);
    return 0;
}

/* The lists the clients poll (no cursor, since or deleted; per_page 25, 30 or 60) are cached per user and team
 * (app/view_cache.h): the kind carries the variant. @return it, or 0 for any other query. */
static app_view_kind_t cached_kind(http_request_t *r)
{
    const char *cursor[] = {"before", "after", "since"}, *per_page = http_request_query(r, "per_page");
    for (size_t i = 0; i < 3; i++) {
        const char *v = http_request_query(r, cursor[i]);
        if (v && v[0] && strcmp(v, "0") != 0)
            return 0;
    }
    int size = !per_page || !per_page[0] || !strcmp(per_page, "30") ? 0
               : !strcmp(per_page, "25")                            ? 1
               : !strcmp(per_page, "60")                            ? 2
                                                                    : -1;
    if (size < 0 || http_request_query_bool(r, "deleted", false))
        return 0;
    unsigned bits = (unsigned)http_request_query_bool(r, "extended", false) |
                    (unsigned)http_request_query_bool(r, "unread", false) << 1 |
                    (unsigned)http_request_query_bool(r, "totalsOnly", false) << 2 |
                    (unsigned)http_request_query_bool(r, "threadsOnly", false) << 3 | (unsigned)size << 4;
    return (app_view_kind_t)(APP_VIEW_MY_THREADS | bits);
}

/* What the list shows: the user's memberships and thread read state, the channels of the threads listed (their
 * roots and replies), and with extended the participants' profiles. */
static void list_deps(app_view_deps_t *deps, const char *user_id, const json_t *out)
{
    size_t i, k;
    json_t *t, *p;
    app_view_deps_add(deps, APP_STAMP_MEMBER, user_id);
    app_view_deps_add(deps, APP_STAMP_MEMBER_COUNTS, user_id);
    json_array_foreach(json_object_get(out, "threads"), i, t)
    {
        const char *cid = json_string_value(json_object_get(json_object_get(t, "post"), "channel_id"));
        if (cid)
            app_view_deps_add(deps, APP_STAMP_CHANNEL, cid);
        json_array_foreach(json_object_get(t, "participants"), k, p)
        {
            const char *pid = json_is_string(p) ? json_string_value(p) : json_string_value(json_object_get(p, "id"));
            if (pid)
                app_view_deps_add(deps, APP_STAMP_MEMBER, pid);
        }
    }
}

static int list_fast(http_request_t *r)
{
    app_view_kind_t kind = cached_kind(r);
    const char *u = http_request_param(r, "user_id");
    return kind && u ? api_view_cache_serve_scope(r, kind, u, http_request_param(r, "team_id"), false) : 0;
}

/* Hand-written: the answer is kept for the caller's own list (list_fast serves it). */
static int list(http_request_t *r)
{
    app_error_t e = {0};
    app_threads_query_t q;
    json_t *out = NULL;
    const char *u = api_param_user_id(r), *team = http_request_param(r, "team_id");
    app_view_kind_t kind = cached_kind(r);
    uint64_t built = app_view_cache_stamp();
    if (u == NULL)
        app_error_set(&e, 400, "api.context.invalid_url_param.app_error", "user_id");
    if (u == NULL || list_query(r, &q, &e) < 0 || app_threads_list(r->db, r->session, u, team, &q, &out, &e) < 0) {
        api_respond_app_error(r, &e);
        return HTTP_DONE;
    }
    char *body = json_dumps(out, JSON_COMPACT);
    if (body != NULL && kind) {
        app_view_deps_t deps = {0};
        list_deps(&deps, u, out);
        api_view_cache_fill(r->session, kind, u, team, built, &deps, body, strlen(body), NULL);
        app_view_deps_dispose(&deps);
    }
    json_decref(out);
    if (body == NULL)
        http_respond_error(r, 500, "api.context.internal.app_error", "encoding threads");
    else
        http_respond_raw(r, 200, "application/json", body, strlen(body));
    free(body);
    return HTTP_DONE;
}

static int get_one(api_call_t *c)
{
    const char *u = uid(c);
    bool extended = http_request_query_bool(c->r, "extended", false);
    return u ? app_threads_get(c->db, c->session, u, tid(c), thread(c), extended, &c->out, &c->err) : -1;
}

static int follow(api_call_t *c)
{
    const char *u = uid(c);
    return u ? app_threads_follow(c->db, c->session, u, tid(c), thread(c), true, &c->err) : -1;
}

static int unfollow(api_call_t *c)
{
    const char *u = uid(c);
    return u ? app_threads_follow(c->db, c->session, u, tid(c), thread(c), false, &c->err) : -1;
}

static int read_one(api_call_t *c)
{
    int64_t ts;
    const char *u = uid(c);
    if (u == NULL || parse_ms(c, http_request_param(c->r, "timestamp"), "timestamp", &ts) < 0)
        return -1;
    return app_threads_read(c->db, c->session, u, tid(c), thread(c), ts, &c->out, &c->err);
}

static int set_unread(api_call_t *c)
{
    const char *u = uid(c);
    return u ? app_threads_set_unread(c->db, c->session, u, tid(c), thread(c), http_request_param(c->r, "post_id"), &c->out,
                                      &c->err)
             : -1;
}

static int read_all(api_call_t *c)
{
    const char *u = uid(c);
    return u ? app_threads_read_all(c->db, c->session, u, tid(c), &c->err) : -1;
}

#define S HTTP_ROUTE_AUTH_SESSION
#define APP API_PERM_IN_APP
#define T "/api/v4/users/{user_id}/teams/{team_id}/threads"
static const api_route_t routes[] = {
    {API_HANDWRITTEN_FAST("GET", T, "getThreadsForUser", S, list, list_fast)},
    {API_ROUTE("PUT", T "/read", "updateReadStateAllThreadsByUser", S), APP, .call = read_all},
    {API_ROUTE("GET", T "/{thread_id}", "getThreadForUser", S), APP, .call = get_one},
    {API_ROUTE("PUT", T "/{thread_id}/following", "startFollowingThread", S), APP, .call = follow},
    {API_ROUTE("DELETE", T "/{thread_id}/following", "stopFollowingThread", S), APP, .call = unfollow},
    {API_ROUTE("PUT", T "/{thread_id}/read/{timestamp}", "updateReadStateThreadByUser", S), APP, .call = read_one},
    {API_ROUTE("POST", T "/{thread_id}/set_unread/{post_id}", "setUnreadThreadByPostId", S), APP, .call = set_unread},
};

int api_threads_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
