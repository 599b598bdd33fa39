/* Collapsed reply threads (owner: posts): the user's threads of a team, one thread, following, read state
 * (app/threads.h checks who may). */
#include "api/route.h"

#include <stdlib.h>

#include "api/param.h"
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

static int list(api_call_t *c)
{
    app_threads_query_t q = {.q = {.limit = THREADS_PER_PAGE}};
    const char *u = uid(c);
    if (u == NULL || parse_ms(c, http_request_query(c->r, "since"), "since", &q.q.since) < 0)
        return -1;
    q.q.deleted = http_request_query_bool(c->r, "deleted", false);
    q.q.unread = http_request_query_bool(c->r, "unread", false);
    q.q.before = http_request_query(c->r, "before");
    q.q.after = http_request_query(c->r, "after");
    q.q.limit = http_request_query_int(c->r, "per_page", THREADS_PER_PAGE, 1, THREADS_PER_PAGE_MAX);
    q.extended = http_request_query_bool(c->r, "extended", false);
    q.totals_only = http_request_query_bool(c->r, "totalsOnly", false);
    q.threads_only = http_request_query_bool(c->r, "threadsOnly", false);
    return app_threads_list(c->db, c->session, u, tid(c), &q, &c->out, &c->err);
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
    {API_ROUTE("GET", T, "getThreadsForUser", S), APP, .call = list},
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
