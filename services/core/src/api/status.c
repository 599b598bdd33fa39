/* User statuses (owner: accounts): GET/PUT /users/{id}/status, POST /users/status/ids. */
#include "api/route.h"

#include <string.h>

#include "api/check.h"
#include "app/status.h"
#include "model/status.h"
#include "parley/err.h"

static int get_status(api_call_t *c)
{
    app_status_t s;
    if (app_status_get(c->db, c->user_id, &s) != PL_OK)
        return app_error_set(&c->err, 500, "app.status.get.app_error", NULL);
    c->out = app_status_to_json(&s);
    return 0;
}

static int get_statuses(api_call_t *c)
{
    return app_status_list_get(c->db, c->body, &c->out, &c->err);
}

/* The body's user_id (when given) must be the path's (400), then the caller must be that user or have edit_other_users. */
static int check_target(api_call_t *c)
{
    const model_status_t *b = c->body;
    if (b->user_id[0] && strcmp(b->user_id, c->user_id) != 0)
        return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "user_id");
    return api_check_edit_user(c);
}

static int put_status(api_call_t *c)
{
    const model_status_t *b = c->body;
    app_status_t s;
    int rc = app_status_set_manual(c->db, c->user_id, b->status, b->dnd_end_time, &s);
    if (rc == PL_EINVAL)
        return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "status");
    if (rc != PL_OK)
        return app_error_set(&c->err, 500, "app.status.save.app_error", NULL);
    c->out = app_status_to_json(&s);
    return 0;
}

static const api_body_t user_ids = {JSON_ARRAY, sizeof(model_list_t), model_list_user_ids_from_json, NULL};
static const api_body_t status_body = {JSON_OBJECT, sizeof(model_status_t), model_status_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
static const api_route_t routes[] = {
    {API_ROUTE("GET", "/api/v4/users/{user_id}/status", "getUserStatus", S), API_PERM_NONE, .call = get_status},
    {API_ROUTE("POST", "/api/v4/users/status/ids", "getUserStatusesByIds", S), API_PERM_NONE, .body = &user_ids,
     .call = get_statuses},
    {API_ROUTE("PUT", "/api/v4/users/{user_id}/status", "updateUserStatus", S), API_PERM_CHECK(check_target), .body = &status_body,
     .call = put_status},
};

int api_status_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
