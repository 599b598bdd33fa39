/* Sidebar categories (T10; Mattermost's api4/channel_category.go) (owner: sidebar). */
#include "api/route.h"

#include <stdlib.h>
#include <string.h>

#include "api/check.h"
#include "api/view_cache.h"
#include "app/sidebar.h"
#include "app/sidebar_update.h"
#include "model/sidebar.h"
#include "parley/id.h"

static const char *team_id(api_call_t *c)
{
    return http_request_param(c->r, "team_id");
}

static const char *category_id(api_call_t *c)
{
    return http_request_param(c->r, "category_id");
}

/* RequireTeamId, then SessionHasPermissionToUser (403). */
static int check_user(api_call_t *c)
{
    const char *t = team_id(c);
    if (t == NULL || !pl_id_valid(t, strlen(t)))
        return app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", "team_id");
    return api_check_edit_user(c);
}

/* RequireTeamId, RequireCategoryId, then SessionHasPermissionToCategory (403). */
static int check_category(api_call_t *c)
{
    const char *t = team_id(c);
    if (t == NULL || !pl_id_valid(t, strlen(t)))
        return app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", "team_id");
    if (!model_sidebar_category_id_valid(category_id(c)))
        return app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", "category_id");
    int ok = app_sidebar_may_edit(c->db, c->session, c->user_id, t, category_id(c), &c->err);
    if (ok < 0)
        return -1;
    return ok ? 0 : app_error_set(&c->err, 403, "api.context.permissions.app_error", "edit_other_users");
}

/* The per-category check of the PUT bodies: 400 "category" as Mattermost's SetInvalidParam. */
static int require_each(api_call_t *c, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ok = app_sidebar_may_edit(c->db, c->session, c->user_id, team_id(c), ids[i], &c->err);
        if (ok < 0)
            return -1;
        if (!ok)
            return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "category");
    }
    return 0;
}

/* The caller's categories of a team depend on their memberships (and categories) and the team. */
static void get_all_fill(api_call_t *c, uint64_t built)
{
    app_view_deps_t deps = {0};
    app_view_deps_add(&deps, APP_STAMP_MEMBER, c->user_id);
    app_view_deps_add(&deps, APP_STAMP_TEAM, team_id(c));
    char *body = json_dumps(c->out, JSON_COMPACT);
    if (body != NULL)
        api_view_cache_fill(c->session, APP_VIEW_MY_CATEGORIES, c->user_id, team_id(c), built, &deps, body, strlen(body), NULL);
    free(body);
    app_view_deps_dispose(&deps);
}

static int get_all_fast(http_request_t *r)
{
    return api_view_cache_serve(r, APP_VIEW_MY_CATEGORIES, false);
}

static int get_all(api_call_t *c)
{
    uint64_t built = app_view_cache_stamp();
    if (app_sidebar_get_team(c->db, c->user_id, team_id(c), &c->out, &c->err) < 0)
        return -1;
    get_all_fill(c, built);
    return 0;
}

static int create(api_call_t *c)
{
    return app_sidebar_update_create(c->db, c->user_id, team_id(c), c->body, &c->out, &c->err);
}

static int update_all(api_call_t *c)
{
    model_sidebar_category_list_t *l = c->body;
    for (size_t i = 0; i < l->n; i++) {
        const char *id = l->items[i].id;
        if (require_each(c, &id, 1) < 0)
            return -1;
    }
    return app_sidebar_update_categories(c->db, c->user_id, team_id(c), l, false, &c->out, &c->err);
}

static int get_order(api_call_t *c)
{
    return app_sidebar_get_order(c->db, c->user_id, team_id(c), &c->out, &c->err);
}

static int update_order(api_call_t *c)
{
    size_t i;
    json_t *v, *ids = json_array();
    json_array_foreach(c->json, i, v)
    {
        if (!json_is_string(v)) { /* model.ArrayFromJSON: a body it cannot read is an empty list */
            json_array_clear(ids);
            break;
        }
        json_array_append(ids, v);
    }
    int rc = 0;
    json_array_foreach(ids, i, v)
    {
        const char *id = json_string_value(v);
        if (rc == 0)
            rc = require_each(c, &id, 1);
    }
    if (rc == 0)
        rc = app_sidebar_update_order(c->db, c->user_id, team_id(c), ids, &c->out, &c->err);
    json_decref(ids);
    return rc;
}

static int get_one(api_call_t *c)
{
    return app_sidebar_get(c->db, category_id(c), &c->out, &c->err);
}

static int update_one(api_call_t *c)
{
    model_sidebar_category_t *cat = c->body;
    if (strcmp(cat->team_id, team_id(c)) != 0 || strcmp(cat->user_id, c->user_id) != 0)
        return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "category");
    snprintf(cat->id, sizeof(cat->id), "%s", category_id(c));
    model_sidebar_category_list_t l = {.items = cat, .n = 1};
    return app_sidebar_update_categories(c->db, c->user_id, team_id(c), &l, true, &c->out, &c->err);
}

static int delete_one(api_call_t *c)
{
    return app_sidebar_update_delete(c->db, c->user_id, team_id(c), category_id(c), &c->err);
}

static const api_body_t category = {JSON_OBJECT, sizeof(model_sidebar_category_t), model_sidebar_category_from_json,
                                    model_sidebar_category_body_dispose};
static const api_body_t categories = {JSON_ARRAY, sizeof(model_sidebar_category_list_t), model_sidebar_category_list_from_json,
                                      model_sidebar_category_list_body_dispose};

#define S HTTP_ROUTE_AUTH_SESSION
#define BASE "/api/v4/users/{user_id}/teams/{team_id}/channels/categories"
static const api_route_t routes[] = {
    {API_ROUTE_FAST("GET", BASE, "getCategoriesForTeamForUser", S, get_all_fast), API_PERM_CHECK(check_user), .call = get_all},
    {API_ROUTE("POST", BASE, "createCategoryForTeamForUser", S), API_PERM_CHECK(check_user), .check_before_body = true,
     .body = &category, .call = create, .status = 201},
    {API_ROUTE("PUT", BASE, "updateCategoriesForTeamForUser", S), API_PERM_CHECK(check_user), .check_before_body = true,
     .body = &categories, .call = update_all},
    {API_ROUTE("GET", BASE "/order", "getCategoryOrderForTeamForUser", S), API_PERM_CHECK(check_user), .call = get_order},
    {API_ROUTE("PUT", BASE "/order", "updateCategoryOrderForTeamForUser", S), API_PERM_CHECK(check_user), .check_before_body = true,
     .body = &api_route_json_array, .call = update_order},
    {API_ROUTE("GET", BASE "/{category_id}", "getCategoryForTeamForUser", S), API_PERM_CHECK(check_category), .call = get_one},
    {API_ROUTE("PUT", BASE "/{category_id}", "updateCategoryForTeamForUser", S), API_PERM_CHECK(check_category),
     .check_before_body = true, .body = &category, .call = update_one},
    {API_ROUTE("DELETE", BASE "/{category_id}", "deleteCategoryForTeamForUser", S), API_PERM_CHECK(check_category),
     .call = delete_one},
};

int api_sidebar_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
