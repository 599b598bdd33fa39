/* Roles (owner: accounts): POST /roles/names, GET /roles/name/{name}, GET /roles/{id}, GET /roles, PUT /roles/{id}/patch. */
#include "api/route.h"

#include "app/roles.h"

static int by_names(api_call_t *c)
{
    return app_roles_get_by_names(c->db, c->body, &c->out, &c->err);
}

static int by_name(api_call_t *c)
{
    return app_roles_get_one(c->db, http_request_param(c->r, "role_name"), 1, &c->out, &c->err);
}

static int by_id(api_call_t *c)
{
    return app_roles_get_one(c->db, http_request_param(c->r, "role_id"), 0, &c->out, &c->err);
}

static int all(api_call_t *c)
{
    return app_roles_get_all(c->db, &c->out, &c->err);
}

/* manage_roles is checked by app_roles_patch (after the role is found, as Mattermost does). */
static int patch(api_call_t *c)
{
    return app_roles_patch(c->db, c->session, http_request_param(c->r, "role_id"), c->body, &c->out, &c->err);
}

static const api_body_t role_names = {JSON_ARRAY, sizeof(model_list_t), model_list_role_names_from_json, NULL};
static const api_body_t role_patch = {JSON_OBJECT, sizeof(model_role_patch_t), model_role_patch_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
static const api_route_t routes[] = {
    {API_ROUTE("POST", "/api/v4/roles/names", "getRolesByNames", HTTP_ROUTE_AUTH_TRUSTED_REQUESTER), API_PERM_NONE,
     .body = &role_names, .call = by_names},
    {API_ROUTE("GET", "/api/v4/roles/name/{role_name}", "getRoleByName", S), API_PERM_NONE, .call = by_name},
    {API_ROUTE("GET", "/api/v4/roles/{role_id}", "getRole", S), API_PERM_NONE, .call = by_id},
    {API_ROUTE("GET", "/api/v4/roles", "getAllRoles", S), API_PERM_SYSTEM("manage_system"), .call = all},
    {API_ROUTE("PUT", "/api/v4/roles/{role_id}/patch", "patchRole", S), API_PERM_IN_APP, .body = &role_patch, .call = patch},
};

int api_roles_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
