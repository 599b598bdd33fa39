/* The declarative endpoint skeleton (see route.h). */
#include "api/route.h"

#include <string.h>

#include "api/param.h"
#include "app/permissions.h"
#include "parley/err.h"
#include "parley/log.h"

const api_body_t api_route_json_object = {JSON_OBJECT, 0, NULL, NULL};
const api_body_t api_route_json_array = {JSON_ARRAY, 0, NULL, NULL};

const api_route_t *api_route_of(const http_route_t *route)
{
    return route->handler == api_route_run ? (const api_route_t *)(const void *)route : NULL;
}

/* {user_id}: "me" is the caller; anything else must be a valid id. */
static int resolve_user_id(api_call_t *c)
{
    if (http_request_param(c->r, "user_id") == NULL)
        return 0;
    c->user_id = api_param_user_id(c->r);
    if (c->user_id == NULL)
        return app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", "user_id");
    return 0;
}

/* @return 0, 1 when http_request_json already answered, -1 with c->err set. */
static int decode_body(api_call_t *c, const api_body_t *b)
{
    c->json = http_request_json(c->r, b->json_type);
    if (c->json == NULL)
        return 1;
    if (b->decode == NULL)
        return 0;
    const char *detail = NULL;
    c->body = http_request_alloc(c->r, b->size);
    memset(c->body, 0, b->size);
    const char *id = b->decode(c->body, c->json, &detail);
    return id == NULL ? 0 : app_error_set(&c->err, 400, id, detail);
}

static int check_permission(api_call_t *c, const api_perm_t *p)
{
    switch (p->kind) {
    case API_PERM_SYSTEM_KIND:
        return app_permissions_require(c->db, c->session, p->name, NULL, NULL, &c->err);
    case API_PERM_CHECK_KIND:
        return p->check(c);
    case API_PERM_NONE_KIND:
    case API_PERM_IN_APP_KIND:
        return 0;
    default:
        return app_error_set(&c->err, 500, "api.context.internal.app_error", "route without a permission");
    }
}

static void answer(api_call_t *c, const api_route_t *route)
{
    if (c->out == NULL)
        http_respond_ok(c->r);
    else
        http_respond_json(c->r, route->status ? route->status : 200, c->out);
    c->out = NULL;
}

int api_route_run(http_request_t *r)
{
    const api_route_t *route = api_route_of(r->route);
    api_call_t c = {.r = r, .db = r->db, .session = r->session};
    int rc = resolve_user_id(&c);
    if (rc == 0 && route->check_before_body)
        rc = check_permission(&c, &route->perm);
    if (rc == 0 && route->body != NULL)
        rc = decode_body(&c, route->body);
    if (rc == 0 && !route->check_before_body)
        rc = check_permission(&c, &route->perm);
    if (rc == 0)
        rc = route->call(&c);
    if (rc == 0)
        answer(&c, route);
    else if (rc < 0)
        api_respond_app_error(r, &c.err);
    json_decref(c.out);
    if (c.body != NULL && route->body->dispose != NULL)
        route->body->dispose(c.body);
    json_decref(c.json);
    return HTTP_DONE;
}

static int row_valid(const api_route_t *row)
{
    if ((row->http.flags & HTTP_ROUTE_HANDWRITTEN) != 0)
        return row->http.handler != api_route_run;
    return row->http.handler == api_route_run && row->call != NULL && row->perm.kind != API_PERM_UNSET &&
           (row->perm.kind != API_PERM_SYSTEM_KIND || row->perm.name != NULL) &&
           (row->perm.kind != API_PERM_CHECK_KIND || row->perm.check != NULL) &&
           (row->body == NULL || row->body->decode == NULL || row->body->size > 0);
}

int api_route_add(http_router_t *router, const api_route_t *routes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!row_valid(&routes[i])) {
            PL_LOG_ERROR("route without a call or a permission", "path", routes[i].http.path ? routes[i].http.path : "(null)");
            return PL_EINVAL;
        }
    }
    return http_router_add_rows(router, &routes[0].http, n, sizeof(routes[0]));
}
