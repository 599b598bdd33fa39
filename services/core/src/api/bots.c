/* Bots (owner: accounts). The app functions check create_bot / read_bots / manage_bots (they depend on the bot's owner). */
#include "api/route.h"

#include "api/param.h"
#include "app/bots.h"

/* Encode the bot the call left in *b. */
static int bot_out(api_call_t *c, int rc, const model_bot_t *b)
{
    if (rc == 0)
        c->out = model_bot_to_json(b);
    return rc;
}

static int create(api_call_t *c)
{
    model_bot_t b;
    return bot_out(c, app_bots_create(c->db, c->session, c->body, &b, &c->err), &b);
}

static int list(api_call_t *c)
{
    int64_t offset, limit;
    model_bot_list_t l = {0};
    api_param_paging(c->r, &offset, &limit);
    if (app_bots_list(c->db, c->session, http_request_query_bool(c->r, "include_deleted", false),
                      http_request_query_bool(c->r, "only_orphaned", false), offset, limit, &l, &c->err) < 0)
        return -1;
    c->out = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(c->out, model_bot_to_json(&l.items[i]));
    model_bot_list_dispose(&l);
    return 0;
}

static const char *bot_id(api_call_t *c)
{
    return http_request_param(c->r, "bot_user_id");
}

static int get_one(api_call_t *c)
{
    model_bot_t b;
    bool deleted = http_request_query_bool(c->r, "include_deleted", false);
    return bot_out(c, app_bots_get(c->db, c->session, bot_id(c), deleted, &b, &c->err), &b);
}

static int patch(api_call_t *c)
{
    model_bot_t b;
    return bot_out(c, app_bots_patch(c->db, c->session, bot_id(c), c->body, &b, &c->err), &b);
}

static int disable(api_call_t *c)
{
    model_bot_t b;
    return bot_out(c, app_bots_set_enabled(c->db, c->session, bot_id(c), false, &b, &c->err), &b);
}

static int enable(api_call_t *c)
{
    model_bot_t b;
    return bot_out(c, app_bots_set_enabled(c->db, c->session, bot_id(c), true, &b, &c->err), &b);
}

static int assign(api_call_t *c)
{
    model_bot_t b;
    return bot_out(c, app_bots_assign(c->db, c->session, bot_id(c), c->user_id, &b, &c->err), &b);
}

static const api_body_t bot_patch = {JSON_OBJECT, sizeof(model_bot_patch_t), model_bot_patch_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
static const api_route_t routes[] = {
    {API_ROUTE("POST", "/api/v4/bots", "createBot", S), API_PERM_IN_APP, .body = &bot_patch, .call = create, .status = 201},
    {API_ROUTE("GET", "/api/v4/bots", "getBots", S), API_PERM_IN_APP, .call = list},
    {API_ROUTE("GET", "/api/v4/bots/{bot_user_id}", "getBot", S), API_PERM_IN_APP, .call = get_one},
    {API_ROUTE("PUT", "/api/v4/bots/{bot_user_id}", "patchBot", S), API_PERM_IN_APP, .body = &bot_patch, .call = patch},
    {API_ROUTE("POST", "/api/v4/bots/{bot_user_id}/disable", "disableBot", S), API_PERM_IN_APP, .call = disable},
    {API_ROUTE("POST", "/api/v4/bots/{bot_user_id}/enable", "enableBot", S), API_PERM_IN_APP, .call = enable},
    {API_ROUTE("POST", "/api/v4/bots/{bot_user_id}/assign/{user_id}", "assignBot", S), API_PERM_IN_APP, .call = assign},
};

int api_bots_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
