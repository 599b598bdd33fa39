/* User statuses (owner: accounts): GET/PUT /users/{id}/status, POST /users/status/ids. */
#include "api/users_common.h"

#include <string.h>

#include "app/permissions.h"
#include "app/status.h"
#include "parley/err.h"

static int get_status(http_request_t *r);
static int get_statuses(http_request_t *r);
static int put_status(http_request_t *r);

static const http_route_t routes[] = {
    {"GET", "/api/v4/users/{user_id}/status", get_status, HTTP_ROUTE_AUTH_REQUIRED, 0, "getUserStatus"},
    {"POST", "/api/v4/users/status/ids", get_statuses, HTTP_ROUTE_AUTH_REQUIRED, 0, "getUserStatusesByIds"},
    {"PUT", "/api/v4/users/{user_id}/status", put_status, HTTP_ROUTE_AUTH_REQUIRED, 0, "updateUserStatus"},
};

int api_status_register(http_router_t *router)
{
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}

static int get_status(http_request_t *r)
{
    app_status_t s;
    const char *uid = api_accounts_user_id(r);
    if (!uid)
        return HTTP_DONE;
    if (app_status_get(r->db, uid, &s) != PL_OK) {
        http_respond_error(r, 500, "app.status.get.app_error", NULL);
        return HTTP_DONE;
    }
    http_respond_json(r, 200, app_status_to_json(&s));
    return HTTP_DONE;
}

static int get_statuses(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL, *body = http_request_json(r, JSON_ARRAY);
    if (!body)
        return HTTP_DONE;
    int rc = app_status_get_many(r->db, body, &out, &e);
    api_accounts_answer(r, rc, 200, out, &e);
    json_decref(body);
    return HTTP_DONE;
}

/* {user_id (== path), status, dnd_end_time?}. */
static int read_body(http_request_t *r, const json_t *body, const char *uid, const char **status, int64_t *dnd)
{
    const json_t *st = json_object_get(body, "status"), *u = json_object_get(body, "user_id");
    const json_t *end = json_object_get(body, "dnd_end_time");
    if (!json_is_string(st) || (end && !json_is_integer(end)) || (u && !json_is_string(u))) {
        http_respond_error(r, 400, "api.context.invalid_body_param.app_error", "status");
        return -1;
    }
    if (u && strcmp(json_string_value(u), uid) != 0) {
        http_respond_error(r, 400, "api.context.invalid_body_param.app_error", "user_id");
        return -1;
    }
    *status = json_string_value(st);
    *dnd = end ? json_integer_value(end) : 0;
    return 0;
}

static int put_status(http_request_t *r)
{
    app_error_t e = {0};
    app_status_t s;
    const char *status = NULL;
    int64_t dnd = 0;
    const char *uid = api_accounts_user_id(r);
    json_t *body = uid ? http_request_json(r, JSON_OBJECT) : NULL;
    if (!body)
        return HTTP_DONE;
    if (read_body(r, body, uid, &status, &dnd) == 0) {
        if (app_permissions_can_edit_user(r->db, api_accounts_session(r), uid, &e) < 0)
            api_respond_app_error(r, &e);
        else {
            int rc = app_status_set_manual(r->db, uid, status, dnd, &s);
            if (rc == PL_OK)
                http_respond_json(r, 200, app_status_to_json(&s));
            else if (rc == PL_EINVAL)
                http_respond_error(r, 400, "api.context.invalid_body_param.app_error", "status");
            else
                http_respond_error(r, 500, "app.status.save.app_error", NULL);
        }
    }
    json_decref(body);
    return HTTP_DONE;
}
