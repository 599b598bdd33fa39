/* Preferences (owner: accounts). */
#include "api/users_common.h"

#include <string.h>

#include "app/preferences.h"
#include "model/preference.h"

static int get_all(http_request_t *r);
static int get_category(http_request_t *r);
static int get_one(http_request_t *r);
static int save(http_request_t *r);
static int delete_prefs(http_request_t *r);

enum { AUTH = HTTP_ROUTE_AUTH_REQUIRED };

static const http_route_t routes[] = {
    {"GET", "/api/v4/users/{user_id}/preferences", get_all, AUTH, 0, "getPreferences"},
    {"PUT", "/api/v4/users/{user_id}/preferences", save, AUTH, 0, "updatePreferences"},
    {"POST", "/api/v4/users/{user_id}/preferences/delete", delete_prefs, AUTH, 0, "deletePreferences"},
    {"GET", "/api/v4/users/{user_id}/preferences/{category}", get_category, AUTH, 0, "getPreferencesByCategory"},
    {"GET", "/api/v4/users/{user_id}/preferences/{category}/name/{preference_name}", get_one, AUTH, 0,
     "getPreferenceByCategoryAndName"},
};

int api_preferences_register(http_router_t *router)
{
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}

static int get(http_request_t *r, const char *category, const char *name, int single)
{
    app_error_t e = {0};
    json_t *out = NULL;
    const char *uid = api_accounts_user_id(r);
    if (!uid)
        return HTTP_DONE;
    if ((category && strlen(category) > MODEL_PREF_CATEGORY_MAX * 4) || (name && strlen(name) > MODEL_PREF_NAME_MAX * 4)) {
        http_respond_error(r, 400, "api.context.invalid_url_param.app_error", "category");
        return HTTP_DONE;
    }
    int rc = app_preferences_get(r->db, api_accounts_session(r), uid, category, name, single, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int get_all(http_request_t *r)
{
    return get(r, NULL, NULL, 0);
}

static int get_category(http_request_t *r)
{
    return get(r, http_request_param(r, "category"), NULL, 0);
}

static int get_one(http_request_t *r)
{
    return get(r, http_request_param(r, "category"), http_request_param(r, "preference_name"), 1);
}

static int update(http_request_t *r, int del)
{
    app_error_t e = {0};
    const char *uid = api_accounts_user_id(r);
    json_t *body = uid ? http_request_json(r, JSON_ARRAY) : NULL;
    if (!body)
        return HTTP_DONE;
    int rc = app_preferences_update(r->db, api_accounts_session(r), uid, body, del, &e);
    api_accounts_answer_ok(r, rc, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int save(http_request_t *r)
{
    return update(r, 0);
}

static int delete_prefs(http_request_t *r)
{
    return update(r, 1);
}
