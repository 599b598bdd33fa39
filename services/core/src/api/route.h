#ifndef PARLEY_CORE_API_ROUTE_H
#define PARLEY_CORE_API_ROUTE_H

/*
 * Endpoints as data. A row of an api/<resource>.c table says who may call the endpoint, which
 * permission it needs, how its body is decoded, which function does the work and the success
 * status; api_route_run (the http handler of every such row) runs the one skeleton:
 *
 *   auth kind (http/dispatch.c: authenticator, 401 without a session)
 *   -> {user_id} of the path: "me" resolved, else a valid id (400 api.context.invalid_url_param.app_error)
 *   -> body: JSON of the route's type, then its decoder into a model struct
 *      (400 api.context.invalid_body_param.app_error, or the decoder's Mattermost id)
 *   -> permission: a system permission by name (app/permissions), or a check function
 *   -> call (app/ does the rules) -> encode: c->out with the route's status, {"status":"OK"} when NULL.
 *
 *   static const api_route_t routes[] = {
 *       {API_ROUTE("GET", "/api/v4/bots/{bot_user_id}", "getBot", HTTP_ROUTE_AUTH_SESSION), API_PERM_IN_APP, .call = get_bot},
 *       {API_ROUTE("GET", "/api/v4/roles", "getAllRoles", HTTP_ROUTE_AUTH_SESSION), API_PERM_SYSTEM("manage_system"), .call = all},
 *       {API_HANDWRITTEN("POST", "/api/v4/users/login", "login", HTTP_ROUTE_AUTH_NONE, api_users_login, 0)},
 *   };
 *   int api_bots_register(http_router_t *router) { return API_ROUTES_ADD(router, routes); }
 *
 * A row without an auth kind is refused by http_router_add (0 is HTTP_ROUTE_AUTH_INVALID); a row
 * without a permission (API_PERM_UNSET) or without a call is refused by api_route_add; both are
 * asserted for every registered route by tests/unit/core/api/test_api.c (test_core_api_routes).
 * Hand-written handlers (cookies and headers of login, images, raw bodies) are flagged
 * HTTP_ROUTE_HANDWRITTEN by API_HANDWRITTEN and answer by themselves.
 */

#include <stdbool.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "api/api.h"
#include "app/sessions.h"

/** What an endpoint's call reads and writes. */
typedef struct api_call {
    http_request_t *r;
    PGconn *db;
    app_session_t *session; /* NULL only on HTTP_ROUTE_AUTH_SESSION_OPTIONAL routes without one */
    const char *user_id;    /* the path's {user_id}, "me" resolved and validated; NULL without one */
    void *body;             /* the decoded body (the route's decoder), else NULL */
    json_t *json;           /* the parsed body JSON (borrowed; released after the call) */
    json_t *out;            /* the answer (stolen); NULL: {"status":"OK"} */
    app_error_t err;        /* set by a failing check or call */
} api_call_t;

/** A call or a check: 0, or -1 with c->err set. */
typedef int (*api_call_fn)(api_call_t *c);

/** A body decoder: the wire object into a model struct (zeroed, size bytes, request memory). */
typedef struct api_body {
    int json_type; /* JSON_OBJECT or JSON_ARRAY (http_request_json's check) */
    size_t size;   /* sizeof the model struct; 0: no struct, the call reads c->json */
    /** NULL, or the id of the 400 AppError (api.context.invalid_body_param.app_error or the model's
     *  Mattermost id, e.g. model.bot.is_valid.username.app_error); *detail may name the field. */
    const char *(*decode)(void *out, const json_t *j, const char **detail);
    void (*dispose)(void *out); /* may be NULL */
} api_body_t;

typedef enum api_perm_kind {
    API_PERM_UNSET = 0,   /* refused: every endpoint says what it needs */
    API_PERM_NONE_KIND,   /* whoever the auth kind lets in (e.g. any logged-in user) */
    API_PERM_SYSTEM_KIND, /* a system permission by name (app_permissions_require) */
    API_PERM_CHECK_KIND,  /* a check function */
    API_PERM_IN_APP_KIND, /* the app function decides (rules that depend on the target) */
} api_perm_kind_t;

typedef struct api_perm {
    api_perm_kind_t kind;
    const char *name;  /* API_PERM_SYSTEM_KIND */
    api_call_fn check; /* API_PERM_CHECK_KIND */
} api_perm_t;

typedef struct api_route {
    http_route_t http; /* first: the router stores a pointer to it */
    api_perm_t perm;
    const api_body_t *body; /* NULL: no body is read */
    api_call_fn call;
    int status;             /* success status; 0: 200 */
    bool check_before_body; /* permission before decoding (Mattermost's postLog); default: decode, then check */
} api_route_t;

#define API_ROUTE(m, p, nm, a) .http = {.method = (m), .path = (p), .auth = (a), .handler = api_route_run, .name = (nm)}
/* A row with a loop fast path (http_route_t.fast) in front of the skeleton. */
#define API_ROUTE_FAST(m, p, nm, a, f)                                                                                             \
    .http = {.method = (m), .path = (p), .auth = (a), .handler = api_route_run, .name = (nm), .fast = (f)}
#define API_HANDWRITTEN(m, p, nm, a, fn, fl)                                                                                       \
    .http = {.method = (m), .path = (p), .auth = (a), .handler = (fn), .flags = (fl) | HTTP_ROUTE_HANDWRITTEN, .name = (nm)}
/* A hand-written row with a loop fast path. */
#define API_HANDWRITTEN_FAST(m, p, nm, a, fn, f)                                                                                   \
    .http = {.method = (m), .path = (p), .auth = (a), .handler = (fn), .flags = HTTP_ROUTE_HANDWRITTEN, .name = (nm), .fast = (f)}
#define API_PERM_NONE .perm = {API_PERM_NONE_KIND, NULL, NULL}
#define API_PERM_SYSTEM(p) .perm = {API_PERM_SYSTEM_KIND, (p), NULL}
#define API_PERM_CHECK(fn) .perm = {API_PERM_CHECK_KIND, NULL, (fn)}
#define API_PERM_IN_APP .perm = {API_PERM_IN_APP_KIND, NULL, NULL}
#define API_ROUTES_ADD(router, table) api_route_add((router), (table), sizeof(table) / sizeof((table)[0]))

/** The http handler of every declarative row (r->route is the http member of an api_route_t). */
int api_route_run(http_request_t *r);
/** Check and add a table. @return PL_OK, or PL_EINVAL (logged) for a row without call/permission/auth kind. */
int api_route_add(http_router_t *router, const api_route_t *routes, size_t n);
/** The declarative row of route, or NULL for a hand-written one. */
const api_route_t *api_route_of(const http_route_t *route);

/** Bodies passed through as JSON (c->json) for calls that read it themselves. */
extern const api_body_t api_route_json_object, api_route_json_array;

#endif
