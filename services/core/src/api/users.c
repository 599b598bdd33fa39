/* The /users resource (owner: accounts): route table and the profile handlers. */
#include "api/users_common.h"

#include <stdlib.h>
#include <string.h>

#include "app/users.h"
#include "parley/err.h"

static int create_user(http_request_t *r);
static int get_user(http_request_t *r);
static int get_user_on_loop(http_request_t *r);
static int get_by_username(http_request_t *r);
static int get_by_email(http_request_t *r);
static int get_by_ids(http_request_t *r);
static int get_by_usernames(http_request_t *r);
static int list_users(http_request_t *r);
static int autocomplete(http_request_t *r);
static int search(http_request_t *r);
static int patch_user(http_request_t *r);
static int update_password(http_request_t *r);
static int update_active(http_request_t *r);
static int update_roles(http_request_t *r);
static int get_image(http_request_t *r);
static int delete_user(http_request_t *r);
static int stats(http_request_t *r);

enum { AUTH = HTTP_ROUTE_AUTH_REQUIRED, TRUST = HTTP_ROUTE_TRUST_REQUESTER };

static const http_route_t routes[] = {
    {"POST", "/api/v4/users", create_user, 0, 0, "createUser"},
    {"GET", "/api/v4/users", list_users, AUTH, 0, "getUsers"},
    {"POST", "/api/v4/users/login", api_users_login, HTTP_ROUTE_NO_AUTH, 0, "login"},
    {"POST", "/api/v4/users/logout", api_users_logout, 0, 0, "logout"},
    {"POST", "/api/v4/users/ids", get_by_ids, AUTH, 0, "getUsersByIds"},
    {"POST", "/api/v4/users/usernames", get_by_usernames, AUTH, 0, "getUsersByNames"},
    {"GET", "/api/v4/users/autocomplete", autocomplete, AUTH, 0, "autocompleteUsers"},
    {"POST", "/api/v4/users/search", search, AUTH, 0, "searchUsers"},
    {"GET", "/api/v4/users/username/{username}", get_by_username, AUTH, 0, "getUserByUsername"},
    {"GET", "/api/v4/users/email/{email}", get_by_email, AUTH, 0, "getUserByEmail"},
    {"PUT", "/api/v4/users/sessions/device", api_users_sessions_device, AUTH, 0, "attachDeviceId"},
    {"GET", "/api/v4/users/stats", stats, AUTH, 0, "getTotalUsersStats"},
    /* answered on the loop from the session cache when it can (GET /users/me), see get_user_on_loop */
    {"GET", "/api/v4/users/{user_id}", get_user_on_loop, HTTP_ROUTE_ON_LOOP | HTTP_ROUTE_NO_AUTH, 0, "getUser"},
    {"DELETE", "/api/v4/users/{user_id}", delete_user, AUTH, 0, "deleteUser"},
    {"PUT", "/api/v4/users/{user_id}/patch", patch_user, AUTH, 0, "patchUser"},
    {"PUT", "/api/v4/users/{user_id}/password", update_password, AUTH, 0, "updatePassword"},
    {"PUT", "/api/v4/users/{user_id}/active", update_active, AUTH, 0, "updateUserActive"},
    {"PUT", "/api/v4/users/{user_id}/roles", update_roles, AUTH, 0, "updateUserRoles"},
    {"GET", "/api/v4/users/{user_id}/image", get_image, AUTH | TRUST | HTTP_ROUTE_RAW, 0, "getProfileImage"},
    {"GET", "/api/v4/users/{user_id}/image/default", get_image, AUTH | TRUST | HTTP_ROUTE_RAW, 0, "getDefaultProfileImage"},
    {"GET", "/api/v4/users/{user_id}/sessions", api_users_sessions_get, AUTH, 0, "getSessions"},
    {"POST", "/api/v4/users/{user_id}/sessions/revoke", api_users_sessions_revoke, AUTH, 0, "revokeSession"},
    {"POST", "/api/v4/users/{user_id}/sessions/revoke/all", api_users_sessions_revoke_all, AUTH, 0, "revokeAllSessionsForUser"},
};

int api_users_register(http_router_t *router)
{
    api_accounts_auth_install();
    return http_router_add(router, routes, sizeof(routes) / sizeof(routes[0]));
}

static int create_user(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL, *body = http_request_json(r, JSON_OBJECT);
    if (!body)
        return HTTP_DONE;
    int rc = app_users_create(r->db, api_accounts_session(r), body, &out, &e);
    api_accounts_answer(r, rc, 201, out, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int get_user(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    const char *uid = api_accounts_user_id(r);
    const model_user_t *self = api_accounts_session_user(r);
    if (!uid)
        return HTTP_DONE;
    if (self && strcmp(self->id, uid) == 0) { /* GET /users/me: read with the session */
        http_respond_json(r, 200, model_user_to_json(self, 0));
        return HTTP_DONE;
    }
    int rc = app_users_get(r->db, api_accounts_session(r), APP_USER_BY_ID, uid, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int get_user_on_worker(http_request_t *r)
{
    if (api_accounts_auth_on_worker(r))
        return HTTP_DONE;
    return get_user(r);
}

/* GET /users/me (or the caller's own id) with a cached session: answered here, no worker round
 * trip. Anything else (not cached, another user, an activity write due) goes to a worker. */
static int get_user_on_loop(http_request_t *r)
{
    const char *id = http_request_param(r, "user_id"), *json = NULL;
    size_t len = 0;
    if (id && api_accounts_self_cached(r, id, &json, &len)) {
        http_respond_raw(r, 200, "application/json", json, len);
        return HTTP_DONE;
    }
    http_request_continue_on_worker(r, get_user_on_worker);
    return HTTP_DONE;
}

static int get_by_key(http_request_t *r, app_user_key_t key, const char *param)
{
    app_error_t e = {0};
    json_t *out = NULL;
    const char *v = http_request_param(r, param);
    if (!v || !v[0] || strlen(v) > 128) {
        http_respond_error(r, 400, "api.context.invalid_url_param.app_error", "%s", param);
        return HTTP_DONE;
    }
    int rc = app_users_get(r->db, api_accounts_session(r), key, v, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int get_by_username(http_request_t *r)
{
    return get_by_key(r, APP_USER_BY_USERNAME, "username");
}

static int get_by_email(http_request_t *r)
{
    return get_by_key(r, APP_USER_BY_EMAIL, "email");
}

static int get_many(http_request_t *r, bool by_username)
{
    app_error_t e = {0};
    json_t *out = NULL, *body = http_request_json(r, JSON_ARRAY);
    if (!body)
        return HTTP_DONE;
    int64_t since = http_request_query_int(r, "since", 0, 0, INT64_MAX);
    int rc = app_users_get_many(r->db, api_accounts_session(r), body, by_username, since, &out, &e);
    api_accounts_answer(r, rc, 200, out, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int get_by_ids(http_request_t *r)
{
    return get_many(r, false);
}

static int get_by_usernames(http_request_t *r)
{
    return get_many(r, true);
}

static int list_users(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    store_user_filter_t f = {.active = -1};
    api_accounts_paging(r, &f.offset, &f.limit);
    f.in_team = http_request_query(r, "in_team");
    f.not_in_team = http_request_query(r, "not_in_team");
    f.in_channel = http_request_query(r, "in_channel");
    f.not_in_channel = http_request_query(r, "not_in_channel");
    f.without_team = http_request_query_bool(r, "without_team", false);
    f.role = http_request_query(r, "role");
    f.sort = http_request_query(r, "sort");
    if (http_request_query_bool(r, "active", false))
        f.active = 1;
    else if (http_request_query_bool(r, "inactive", false))
        f.active = 0;
    int rc = app_users_list(r->db, api_accounts_session(r), &f, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int autocomplete(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int64_t limit = http_request_query_int(r, "limit", 100, 1, 100);
    int rc = app_users_autocomplete(r->db, api_accounts_session(r), http_request_query(r, "in_team"),
                                    http_request_query(r, "in_channel"), http_request_query(r, "name"), limit, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}

static int search(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL, *body = http_request_json(r, JSON_OBJECT);
    if (!body)
        return HTTP_DONE;
    int rc = app_users_search(r->db, api_accounts_session(r), body, &out, &e);
    api_accounts_answer(r, rc, 200, out, &e);
    json_decref(body);
    return HTTP_DONE;
}

/* PUT handlers taking {user_id} and an object body. */
typedef int (*update_fn)(PGconn *db, const app_session_t *viewer, const char *uid, const json_t *body, app_error_t *e);

static int update(http_request_t *r, update_fn fn)
{
    app_error_t e = {0};
    const char *uid = api_accounts_user_id(r);
    json_t *body = uid ? http_request_json(r, JSON_OBJECT) : NULL;
    if (!body)
        return HTTP_DONE;
    int rc = fn(r->db, api_accounts_session(r), uid, body, &e);
    api_accounts_answer_ok(r, rc, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int patch_user(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    const char *uid = api_accounts_user_id(r);
    json_t *body = uid ? http_request_json(r, JSON_OBJECT) : NULL;
    if (!body)
        return HTTP_DONE;
    int rc = app_users_patch(r->db, api_accounts_session(r), uid, body, &out, &e);
    api_accounts_answer(r, rc, 200, out, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int update_password(http_request_t *r)
{
    return update(r, app_users_update_password);
}

static int update_active(http_request_t *r)
{
    return update(r, app_users_set_active);
}

static int update_roles(http_request_t *r)
{
    return update(r, app_users_update_roles);
}

static int get_image(http_request_t *r)
{
    app_error_t e = {0};
    unsigned char *png = NULL;
    size_t len = 0;
    char etag[64], quoted[70];
    const char *uid = api_accounts_user_id(r);
    if (!uid)
        return HTTP_DONE;
    if (app_users_image(r->db, uid, &png, &len, etag, &e) != 0) {
        api_respond_app_error(r, &e);
        return HTTP_DONE;
    }
    snprintf(quoted, sizeof(quoted), "\"%s\"", etag);
    http_response_header_add(r, "Cache-Control", "max-age=86400, private");
    http_response_header_add(r, "ETag", quoted);
    http_respond_raw(r, 200, "image/png", png, len);
    free(png);
    return HTTP_DONE;
}

/* DELETE /users/{id}: deactivation (Mattermost's soft delete); permanent deletion is not offered. */
static int delete_user(http_request_t *r)
{
    app_error_t e = {0};
    const char *uid = api_accounts_user_id(r);
    if (!uid)
        return HTTP_DONE;
    if (http_request_query_bool(r, "permanent", false)) {
        http_respond_error(r, 501, "api.user.delete_user.not_enabled.app_error", "permanent deletion");
        return HTTP_DONE;
    }
    json_t *body = json_pack("{s:b}", "active", 0);
    int rc = app_users_set_active(r->db, api_accounts_session(r), uid, body, &e);
    api_accounts_answer_ok(r, rc, &e);
    json_decref(body);
    return HTTP_DONE;
}

static int stats(http_request_t *r)
{
    app_error_t e = {0};
    json_t *out = NULL;
    int rc = app_users_stats(r->db, &out, &e);
    return api_accounts_answer(r, rc, 200, out, &e);
}
