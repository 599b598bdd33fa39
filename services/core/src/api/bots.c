/* Bots (owner: accounts). */
#include "api/users_common.h"

#include "app/bots.h"

static int create(http_request_t *r);
static int list(http_request_t *r);
static int get_one(http_request_t *r);
static int patch(http_request_t *r);
static int disable(http_request_t *r);
static int enable(http_request_t *r);
static int assign(http_request_t *r);

enum { AUTH = HTTP_ROUTE_AUTH_REQUIRED };

static const http_route_t routes[] = {
    {"POST", "/api/v4/bots", create, AUTH, 0, "createBot"},
    {"GET", "/api/v4/bots", list, AUTH, 0, "getBots"},
    {"GET", "/api/v4/bots/{bot_user_id}", get_one, AUTH, 0, "getBot"},
    {"PUT", "/api/v4/bots/{bot_user_id}", patch, AUTH, 0, "patchBot"},
    {"POST", "/api/v4/bots/{bot_user_id}/disable", disable, AUTH, 0, "disableBot"},
    {"POST", "/api/v4/bots/{bot_user_id}/enable", enable, AUTH, 0, "enableBot"},
    {"POST", "/api/v4/bots/{bot_user_id}/assign/{user_id}", assign, AUTH, 0, "assignBot"},
};

int api_bots_register(http_router_t *router)
{
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}

static int create(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL, *body = http_request_json(r, JSON_OBJECT);
    if (!body)
        return HTTP_DONE;
    int rc = app_bots_create(r->db, api_accounts_session(r), body, &out, &e);
    api_accounts_answer(r, rc, 201, out, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int list(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int64_t offset, limit;
    api_accounts_paging(r, &offset, &limit);
    int rc = app_bots_list(r->db, api_accounts_session(r), http_request_query_bool(r, "include_deleted", false),
                           http_request_query_bool(r, "only_orphaned", false), offset, limit, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int get_one(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int rc = app_bots_get(r->db, api_accounts_session(r), http_request_param(r, "bot_user_id"),
                          http_request_query_bool(r, "include_deleted", false), &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int patch(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL, *body = http_request_json(r, JSON_OBJECT);
    if (!body)
        return HTTP_DONE;
    int rc = app_bots_patch(r->db, api_accounts_session(r), http_request_param(r, "bot_user_id"), body, &out, &e);
    api_accounts_answer(r, rc, 200, out, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int set_enabled(http_request_t *r, bool enabled)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int rc = app_bots_set_enabled(r->db, api_accounts_session(r), http_request_param(r, "bot_user_id"), enabled, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int disable(http_request_t *r)
{
    return set_enabled(r, false);
}

static int enable(http_request_t *r)
{
    return set_enabled(r, true);
}

static int assign(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int rc = app_bots_assign(r->db, api_accounts_session(r), http_request_param(r, "bot_user_id"), http_request_param(r, "user_id"),
                             &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}
