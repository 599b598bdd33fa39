/* Preferences (owner: accounts): a user's own, or any user's with edit_other_users. */
#include "api/route.h"

#include <string.h>

#include "api/check.h"
#include "app/preferences.h"
#include "model/preference.h"

static int get(api_call_t *c, const char *category, const char *name, int single)
{
    if ((category && strlen(category) > MODEL_PREF_CATEGORY_MAX * 4) || (name && strlen(name) > MODEL_PREF_NAME_MAX * 4))
        return app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", "category");
    return app_preferences_get(c->db, c->session, c->user_id, category, name, single, &c->out, &c->err);
}

static int get_all(api_call_t *c)
{
    return get(c, NULL, NULL, 0);
}

static int get_category(api_call_t *c)
{
    return get(c, http_request_param(c->r, "category"), NULL, 0);
}

static int get_one(api_call_t *c)
{
    return get(c, http_request_param(c->r, "category"), http_request_param(c->r, "preference_name"), 1);
}

static int save(api_call_t *c)
{
    return app_preferences_update(c->db, c->user_id, c->body, 0, &c->err);
}

static int delete_prefs(api_call_t *c)
{
    return app_preferences_update(c->db, c->user_id, c->body, 1, &c->err);
}

static const api_body_t prefs = {JSON_ARRAY, sizeof(model_preference_list_t), model_preference_list_from_json, NULL};
static const api_body_t prefs_delete = {JSON_ARRAY, sizeof(model_preference_list_t), model_preference_list_delete_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
static const api_route_t routes[] = {
    {API_ROUTE("GET", "/api/v4/users/{user_id}/preferences", "getPreferences", S), API_PERM_IN_APP, .call = get_all},
    /* Mattermost checks the user before reading the body here. */
    {API_ROUTE("PUT", "/api/v4/users/{user_id}/preferences", "updatePreferences", S), API_PERM_CHECK(api_check_edit_user),
     .check_before_body = true, .body = &prefs, .call = save},
    {API_ROUTE("POST", "/api/v4/users/{user_id}/preferences/delete", "deletePreferences", S), API_PERM_CHECK(api_check_edit_user),
     .check_before_body = true, .body = &prefs_delete, .call = delete_prefs},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/preferences/{category}", "getPreferencesByCategory", S), API_PERM_IN_APP,
     .call = get_category},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/preferences/{category}/name/{preference_name}", "getPreferenceByCategoryAndName", S),
     API_PERM_IN_APP, .call = get_one},
};

int api_preferences_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
