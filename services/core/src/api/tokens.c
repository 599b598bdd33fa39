/* Personal access tokens (owner: accounts). The app functions check create/read/revoke_user_access_token
 * (they depend on whose token it is). */
#include "api/route.h"

#include "api/param.h"
#include "app/tokens.h"

static int create(api_call_t *c)
{
    model_token_t *t = c->body;
    if (app_tokens_create(c->db, c->session, c->user_id, t, &c->err) < 0)
        return -1;
    c->out = model_token_to_json(t, 1);
    return 0;
}

/* GET /users/{user_id}/tokens (c->user_id) and GET /users/tokens (every token: NULL). */
static int list(api_call_t *c)
{
    int64_t offset, limit;
    model_token_list_t l = {0};
    api_param_paging(c->r, &offset, &limit);
    int rc = app_tokens_list(c->db, c->session, c->user_id, offset, limit, &l, &c->err);
    if (rc == 0) {
        c->out = json_array();
        for (size_t i = 0; i < l.n; i++)
            json_array_append_new(c->out, model_token_to_json(&l.items[i], 0)); /* never the secret */
    }
    model_token_list_dispose(&l);
    return rc;
}

static int get_one(api_call_t *c)
{
    model_token_t t;
    if (app_tokens_get(c->db, c->session, http_request_param(c->r, "token_id"), &t, &c->err) < 0)
        return -1;
    c->out = model_token_to_json(&t, 0); /* never the secret */
    return 0;
}

static int revoke_token(api_call_t *c)
{
    return app_tokens_change(c->db, c->session, ((const model_token_t *)c->body)->id, APP_TOKEN_REVOKE, &c->err);
}

static int disable(api_call_t *c)
{
    return app_tokens_change(c->db, c->session, ((const model_token_t *)c->body)->id, APP_TOKEN_DISABLE, &c->err);
}

static int enable(api_call_t *c)
{
    return app_tokens_change(c->db, c->session, ((const model_token_t *)c->body)->id, APP_TOKEN_ENABLE, &c->err);
}

static const api_body_t token = {JSON_OBJECT, sizeof(model_token_t), model_token_from_json, NULL};
static const api_body_t token_id = {JSON_OBJECT, sizeof(model_token_t), model_token_id_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
static const api_route_t routes[] = {
    {API_ROUTE("POST", "/api/v4/users/{user_id}/tokens", "createUserAccessToken", S), API_PERM_IN_APP, .body = &token,
     .call = create},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/tokens", "getUserAccessTokensForUser", S), API_PERM_IN_APP, .call = list},
    {API_ROUTE("GET", "/api/v4/users/tokens", "getUserAccessTokens", S), API_PERM_IN_APP, .call = list},
    {API_ROUTE("GET", "/api/v4/users/tokens/{token_id}", "getUserAccessToken", S), API_PERM_IN_APP, .call = get_one},
    {API_ROUTE("POST", "/api/v4/users/tokens/revoke", "revokeUserAccessToken", S), API_PERM_IN_APP, .body = &token_id,
     .call = revoke_token},
    {API_ROUTE("POST", "/api/v4/users/tokens/disable", "disableUserAccessToken", S), API_PERM_IN_APP, .body = &token_id,
     .call = disable},
    {API_ROUTE("POST", "/api/v4/users/tokens/enable", "enableUserAccessToken", S), API_PERM_IN_APP, .body = &token_id,
     .call = enable},
};

int api_tokens_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
