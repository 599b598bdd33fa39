/* Roles (owner: accounts): POST /roles/names, GET /roles/name/{name}, GET /roles/{id}, GET /roles. */
#include "api/users_common.h"

#include "app/permissions.h"
#include "app/roles.h"

static int by_names(http_request_t *r);
static int by_name(http_request_t *r);
static int by_id(http_request_t *r);
static int all(http_request_t *r);
static int patch(http_request_t *r);

enum { AUTH = HTTP_ROUTE_AUTH_REQUIRED };

static const http_route_t routes[] = {
    {"POST", "/api/v4/roles/names", by_names, AUTH | HTTP_ROUTE_TRUST_REQUESTER, 0, "getRolesByNames"},
    {"GET", "/api/v4/roles/name/{role_name}", by_name, AUTH, 0, "getRoleByName"},
    {"GET", "/api/v4/roles/{role_id}", by_id, AUTH, 0, "getRole"},
    {"GET", "/api/v4/roles", all, AUTH, 0, "getAllRoles"},
    {"PUT", "/api/v4/roles/{role_id}/patch", patch, AUTH, 0, "patchRole"},
};

int api_roles_register(http_router_t *router)
{
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}

static int by_names(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL, *body = http_request_json(r, JSON_ARRAY);
    if (!body)
        return HTTP_DONE;
    int rc = app_roles_get_by_names(r->db, body, &out, &e);
    api_accounts_answer(r, rc, 200, out, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int one(http_request_t *r, const char *param, int is_name)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int rc = app_roles_get_one(r->db, http_request_param(r, param), is_name, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int by_name(http_request_t *r)
{
    return one(r, "role_name", 1);
}

static int by_id(http_request_t *r)
{
    return one(r, "role_id", 0);
}

static int all(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int rc = app_permissions_require(r->db, api_accounts_session(r), "manage_system", NULL, NULL, &e);
    if (rc == 0)
        rc = app_roles_get_all(r->db, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int patch(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL, *body = http_request_json(r, JSON_OBJECT);
    if (!body)
        return HTTP_DONE;
    int rc = app_roles_patch(r->db, api_accounts_session(r), http_request_param(r, "role_id"), body, &out, &e);
    api_accounts_answer(r, rc, 200, out, &e);
    json_decref(body);
    return HTTP_DONE;
}
