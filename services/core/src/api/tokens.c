/* Personal access tokens (owner: accounts). */
#include "api/users_common.h"

#include "app/tokens.h"

static int create(http_request_t *r);
static int list_user(http_request_t *r);
static int list_all(http_request_t *r);
static int get_one(http_request_t *r);
static int revoke_token(http_request_t *r);
static int disable(http_request_t *r);
static int enable(http_request_t *r);

enum { AUTH = HTTP_ROUTE_AUTH_REQUIRED };

static const http_route_t routes[] = {
    {"POST", "/api/v4/users/{user_id}/tokens", create, AUTH, 0, "createUserAccessToken"},
    {"GET", "/api/v4/users/{user_id}/tokens", list_user, AUTH, 0, "getUserAccessTokensForUser"},
    {"GET", "/api/v4/users/tokens", list_all, AUTH, 0, "getUserAccessTokens"},
    {"GET", "/api/v4/users/tokens/{token_id}", get_one, AUTH, 0, "getUserAccessToken"},
    {"POST", "/api/v4/users/tokens/revoke", revoke_token, AUTH, 0, "revokeUserAccessToken"},
    {"POST", "/api/v4/users/tokens/disable", disable, AUTH, 0, "disableUserAccessToken"},
    {"POST", "/api/v4/users/tokens/enable", enable, AUTH, 0, "enableUserAccessToken"},
};

int api_tokens_register(http_router_t *router)
{
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}

static int create(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    const char *uid = api_accounts_user_id(r);
    json_t *body = uid ? http_request_json(r, JSON_OBJECT) : NULL;
    if (!body)
        return HTTP_DONE;
    int rc = app_tokens_create(r->db, api_accounts_session(r), uid, body, &out, &e);
    api_accounts_answer(r, rc, 200, out, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int list(http_request_t *r, const char *uid)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int64_t offset, limit;
    api_accounts_paging(r, &offset, &limit);
    int rc = app_tokens_list(r->db, api_accounts_session(r), uid, offset, limit, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int list_user(http_request_t *r)
{
    const char *uid = api_accounts_user_id(r);
    return uid ? list(r, uid) : HTTP_DONE;
}

static int list_all(http_request_t *r)
{
    return list(r, NULL);
}

static int get_one(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int rc = app_tokens_get(r->db, api_accounts_session(r), http_request_param(r, "token_id"), &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int change(http_request_t *r, app_token_op_t op)
{
    app_error_t e = {0};
    json_t *body = http_request_json(r, JSON_OBJECT);
    if (!body)
        return HTTP_DONE;
    int rc = app_tokens_change(r->db, api_accounts_session(r), body, op, &e);
    api_accounts_answer_ok(r, rc, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int revoke_token(http_request_t *r)
{
    return change(r, APP_TOKEN_REVOKE);
}

static int disable(http_request_t *r)
{
    return change(r, APP_TOKEN_DISABLE);
}

static int enable(http_request_t *r)
{
    return change(r, APP_TOKEN_ENABLE);
}
