/* Reactions (owner: posts): save, delete, list, bulk (app/reactions.h checks the permissions by post). */
#include "api/route.h"

#include "api/param.h"
#include "app/reactions.h"
#include "model/post.h"
#include "model/reaction.h"

static int save(api_call_t *c)
{
    model_reaction_t *r = c->body;
    if (app_reactions_save(c->db, c->session, r, &c->err) < 0)
        return -1;
    c->out = model_reaction_to_json(r);
    return 0;
}

static int delete_one(api_call_t *c)
{
    const char *uid = api_param_user_id(c->r);
    if (uid == NULL)
        return app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", "user_id");
    return app_reactions_delete(c->db, c->session, uid, http_request_param(c->r, "post_id"), http_request_param(c->r, "emoji_name"),
                                &c->err);
}

static int list(api_call_t *c)
{
    return app_reactions_list(c->db, c->session, http_request_param(c->r, "post_id"), &c->out, &c->err);
}

static int bulk(api_call_t *c)
{
    return app_reactions_bulk(c->db, c->session, c->body, &c->out, &c->err);
}

static const api_body_t reaction_body = {JSON_OBJECT, sizeof(model_reaction_t), model_reaction_from_json, NULL};
static const api_body_t ids_body = {JSON_ARRAY, sizeof(model_post_ids_t), model_post_ids_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
#define APP API_PERM_IN_APP
static const api_route_t routes[] = {
    {API_ROUTE("POST", "/api/v4/reactions", "saveReaction", S), APP, .body = &reaction_body, .call = save},
    {API_ROUTE("DELETE", "/api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}", "deleteReaction", S), APP,
     .call = delete_one},
    {API_ROUTE("GET", "/api/v4/posts/{post_id}/reactions", "getReactions", S), APP, .call = list},
    {API_ROUTE("POST", "/api/v4/posts/ids/reactions", "getBulkReactions", S), APP, .body = &ids_body, .call = bulk},
};

int api_reactions_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
