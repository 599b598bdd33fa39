#ifndef PARLEY_CORE_HTTP_ROUTER_H
#define PARLEY_CORE_HTTP_ROUTER_H

#include <stddef.h>

/*
 * Route tables. Each src/api/<resource>.c owns one static const http_route_t table and exports
 * api_<resource>_register(http_router_t *), which calls http_router_add once; src/api/api.c calls
 * every api_<resource>_register. Matching is per path segment: a literal segment beats a {param}
 * segment at the same position, so "/api/v4/users/ids" wins over "/api/v4/users/{user_id}".
 * A path that matches no route gives 404 api.context.404.app_error (Mattermost's Handle404); a path
 * that matches but not with this method gives 405 api.context.405.app_error with an Allow header.
 * One trailing '/' is ignored.
 */

struct http_request;

/**
 * A handler. It answers through the helpers of request.h (http_respond_*). Return HTTP_DONE
 * normally; a handler flagged HTTP_ROUTE_ON_LOOP may return HTTP_TAKEN when it has taken over
 * r->req itself (WebSocket upgrade, streaming): the dispatcher then sends nothing.
 */
typedef int (*http_handler_fn)(struct http_request *r);

enum { HTTP_DONE = 0, HTTP_TAKEN = 1 };

/*
 * Who may call a route. Every route names one; 0 is not a kind, so a row that forgets it is
 * refused by http_router_add (and by the unit test that walks every registered table).
 */
typedef enum http_route_auth {
    HTTP_ROUTE_AUTH_INVALID = 0,
    /* The authenticator is not called; r->session stays NULL (ping, metrics, license, login). */
    HTTP_ROUTE_AUTH_NONE,
    /* The authenticator must leave r->session non-NULL, else the dispatcher answers
     * 401 api.context.session_expired.app_error and the handler does not run. */
    HTTP_ROUTE_AUTH_SESSION,
    /* The authenticator runs; r->session may stay NULL (sign-up, logout, client config). */
    HTTP_ROUTE_AUTH_SESSION_OPTIONAL,
    /* As HTTP_ROUTE_AUTH_SESSION, and the authenticator skips the CSRF check (Mattermost's
     * APISessionRequiredTrustRequester: images, POST /roles/names). */
    HTTP_ROUTE_AUTH_TRUSTED_REQUESTER,
    HTTP_ROUTE_AUTH_COUNT
} http_route_auth_t;

enum {
    /* Run on the loop thread that owns the connection: no database (r->db is NULL), must not
     * block, keep it short (ping, metrics, WebSocket upgrade). Default: run on a worker thread
     * with its own PostgreSQL connection in r->db. */
    HTTP_ROUTE_ON_LOOP = 1u << 0,
    /* Not a JSON API route (e.g. /metrics): no Expires/Content-Type defaults beyond what the
     * handler sets; errors are still AppErrors. */
    HTTP_ROUTE_RAW = 1u << 1,
    /* The handler is written by hand instead of being the declarative skeleton of api/route.h
     * (login with its cookies, images, raw bodies, WebSocket upgrade). */
    HTTP_ROUTE_HANDWRITTEN = 1u << 2,
};

#define HTTP_MAX_PARAMS 8
#define HTTP_MAX_SEGMENTS 24

typedef struct http_route {
    const char *method;     /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *path;       /* "/api/v4/users/{user_id}/teams/{team_id}"; a {param} is a whole segment */
    http_route_auth_t auth; /* never HTTP_ROUTE_AUTH_INVALID */
    http_handler_fn handler;
    unsigned flags;   /* HTTP_ROUTE_* */
    size_t max_body;  /* request body cap in bytes; 0: ServiceSettings.MaximumPayloadSizeBytes */
    const char *name; /* label for metrics ("getUser"); NULL: the path pattern */
    /** NULL, or tried first on the loop thread, before authentication and without a database: 1 when it
     *  answered (e.g. GET /users/me from the session cache), 0 to go on as the route says. */
    int (*fast)(struct http_request *r);
} http_route_t;

typedef struct http_router http_router_t;

/** One path parameter of a match: raw (still percent-encoded) bytes pointing into the path. */
typedef struct http_match_param {
    const char *name; /* "user_id": points into the route pattern, NOT NUL-terminated */
    size_t name_len;
    const char *value; /* into the matched path, not NUL-terminated */
    size_t len;
} http_match_param_t;

typedef struct http_match {
    const http_route_t *route;
    size_t nparams;
    http_match_param_t params[HTTP_MAX_PARAMS];
    char allow[64]; /* HTTP_MATCH_BAD_METHOD: the methods this path accepts ("GET, POST") */
} http_match_t;

enum {
    HTTP_MATCH_OK = 0,
    HTTP_MATCH_NOT_FOUND = -404,  /* no route has this path */
    HTTP_MATCH_BAD_METHOD = -405, /* a route has this path, none with this method */
};

/** @return a new empty router (aborts on OOM). */
http_router_t *http_router_create(void);
void http_router_destroy(http_router_t *router);
/**
 * Add n routes. The table must outlive the router (use a static const table).
 * @return PL_OK, or PL_EINVAL (logged) on a malformed pattern, too many segments/params, or a
 *         duplicate method+pattern.
 */
int http_router_add(http_router_t *router, const http_route_t *routes, size_t n);
/**
 * As http_router_add for a table of larger rows whose first member is an http_route_t
 * (api/route.h's api_route_t): row i is at (const char *)first + i * stride.
 */
int http_router_add_rows(http_router_t *router, const http_route_t *first, size_t n, size_t stride);
/**
 * Find the route for method + path (path without the query string).
 * @return HTTP_MATCH_OK (out filled), HTTP_MATCH_NOT_FOUND or HTTP_MATCH_BAD_METHOD.
 */
int http_router_match(const http_router_t *router, const char *method, size_t method_len, const char *path, size_t path_len,
                      http_match_t *out);
/** @return the largest max_body of any route (0 when every route uses the default). */
size_t http_router_max_body(const http_router_t *router);
/** @return the number of routes added. */
size_t http_router_count(const http_router_t *router);
/** @return route i (0 <= i < http_router_count) in an unspecified but stable order, for tests that walk every route. */
const http_route_t *http_router_at(const http_router_t *router, size_t i);

#endif
