/* The /users resource (owner: accounts): route table and the profile calls. The app functions check
 * the permissions that depend on the target user (edit_other_users, manage_roles, sysconsole...). */
#include "api/route.h"

#include <stdlib.h>
#include <string.h>

#include "api/param.h"
#include "api/session.h"
#include "api/users_login.h"
#include "api/users_sessions.h"
#include "app/users.h"
#include "app/users_context.h"
#include "parley/err.h"

/* The encoders: one user or a list, as the viewer may see them (model_user_to_json, app's sanitize rules). */
static json_t *user_json(api_call_t *c, const model_user_t *u)
{
    return model_user_to_json(u, app_users_sanitize_flags_one(c->db, c->session, u));
}

static json_t *users_json(api_call_t *c, const model_user_list_t *l)
{
    bool admin = app_users_viewer_is_admin(c->db, c->session);
    json_t *arr = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(arr, model_user_to_json(&l->items[i], app_users_sanitize_flags(c->session, admin, &l->items[i])));
    return arr;
}

/* Answer the list a call filled (rc 0), then release it. */
static int users_out(api_call_t *c, int rc, model_user_list_t *l)
{
    if (rc == 0)
        c->out = users_json(c, l);
    model_user_list_dispose(l);
    return rc;
}

static int user_out(api_call_t *c, int rc, model_user_t *u)
{
    if (rc == 0)
        c->out = user_json(c, u);
    model_user_dispose(u);
    return rc;
}

static int create_user(api_call_t *c)
{
    model_user_new_t *in = c->body;
    if (app_users_create(c->db, c->session, in, &c->err) < 0)
        return -1;
    c->out = model_user_to_json(&in->user, 0); /* the new account's own view */
    return 0;
}

static int get_user(api_call_t *c)
{
    model_user_t u;
    const model_user_t *self = api_session_user(c->r);
    if (self && strcmp(self->id, c->user_id) == 0) { /* GET /users/me: read with the session */
        c->out = model_user_to_json(self, 0);
        return 0;
    }
    model_user_init(&u);
    return user_out(c, app_users_get(c->db, c->session, APP_USER_BY_ID, c->user_id, &u, &c->err), &u);
}

static int get_by_key(api_call_t *c, app_user_key_t key, const char *param)
{
    model_user_t u;
    const char *v = http_request_param(c->r, param);
    if (!v || !v[0] || strlen(v) > 128)
        return app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", param);
    model_user_init(&u);
    return user_out(c, app_users_get(c->db, c->session, key, v, &u, &c->err), &u);
}

static int get_by_username(api_call_t *c)
{
    return get_by_key(c, APP_USER_BY_USERNAME, "username");
}

static int get_by_email(api_call_t *c)
{
    return get_by_key(c, APP_USER_BY_EMAIL, "email");
}

static int get_many(api_call_t *c, bool by_username)
{
    model_user_list_t l = {0};
    int64_t since = http_request_query_int(c->r, "since", 0, 0, INT64_MAX);
    return users_out(c, app_users_get_many(c->db, c->body, by_username, since, &l, &c->err), &l);
}

static int get_by_ids(api_call_t *c)
{
    return get_many(c, false);
}

static int get_by_usernames(api_call_t *c)
{
    return get_many(c, true);
}

static int list_users(api_call_t *c)
{
    http_request_t *r = c->r;
    model_user_list_t l = {0};
    model_user_filter_t f = {.active = -1};
    api_param_paging(r, &f.offset, &f.limit);
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
    return users_out(c, app_users_list(c->db, c->session, &f, &l, &c->err), &l);
}

/* {"users": [...], "out_of_channel": [...] (only with in_channel)}. */
static int autocomplete(api_call_t *c)
{
    http_request_t *r = c->r;
    model_user_list_t in = {0}, out = {0};
    const char *channel = http_request_query(r, "in_channel");
    int64_t limit = http_request_query_int(r, "limit", 100, 1, 100);
    int rc = app_users_autocomplete(c->db, c->session, http_request_query(r, "in_team"), channel, http_request_query(r, "name"),
                                    limit, &in, &out, &c->err);
    if (rc == 0) {
        c->out = json_pack("{s:o}", "users", users_json(c, &in));
        if (channel && channel[0])
            json_object_set_new(c->out, "out_of_channel", users_json(c, &out));
    }
    model_user_list_dispose(&in);
    model_user_list_dispose(&out);
    return rc;
}

static int search(api_call_t *c)
{
    model_user_list_t l = {0};
    return users_out(c, app_users_search(c->db, c->session, c->body, &l, &c->err), &l);
}

static int patch_user(api_call_t *c)
{
    model_user_t u;
    model_user_init(&u);
    return user_out(c, app_users_patch(c->db, c->session, c->user_id, c->body, &u, &c->err), &u);
}

static int update_password(api_call_t *c)
{
    return app_users_update_password(c->db, c->session, c->user_id, c->body, &c->err);
}

static int update_active(api_call_t *c)
{
    const model_user_active_t *a = c->body;
    return app_users_set_active(c->db, c->session, c->user_id, a->active, &c->err);
}

static int update_roles(api_call_t *c)
{
    const model_user_roles_update_t *u = c->body;
    return app_users_update_roles(c->db, c->session, c->user_id, u->roles, &c->err);
}

/* DELETE /users/{id}: deactivation (Mattermost's soft delete); permanent deletion is not offered. */
static int delete_user(api_call_t *c)
{
    if (http_request_query_bool(c->r, "permanent", false))
        return app_error_set(&c->err, 501, "api.user.delete_user.not_enabled.app_error", "permanent deletion");
    return app_users_set_active(c->db, c->session, c->user_id, false, &c->err);
}

/* POST /users/group_channels: {"<gm id>": [User, ...]} (model.ArrayFromJSON: an unreadable body is empty). */
static int group_channels(api_call_t *c)
{
    size_t n = json_array_size(c->json), i;
    const char **ids = http_request_alloc(c->r, (n + 1) * sizeof(*ids));
    json_t *v;
    json_array_foreach(c->json, i, v)
    {
        if (!json_is_string(v)) {
            n = 0;
            break;
        }
        ids[i] = json_string_value(v);
    }
    model_user_list_t l = {0};
    store_users_groups_id_t *chans = NULL;
    int rc = app_users_context_group_channels(c->db, c->session, ids, n, &l, &chans, &c->err);
    if (rc == 0) {
        bool admin = app_users_viewer_is_admin(c->db, c->session);
        c->out = json_object();
        for (size_t k = 0; k < l.n; k++) {
            json_t *arr = json_object_get(c->out, chans[k]);
            if (arr == NULL)
                json_object_set_new(c->out, chans[k], arr = json_array());
            json_array_append_new(arr, model_user_to_json(&l.items[k], app_users_sanitize_flags(c->session, admin, &l.items[k])));
        }
    }
    free(chans);
    model_user_list_dispose(&l);
    return rc;
}

/* GET /users/stats/filtered (getFilteredUsersStats): in_team, in_channel, include_deleted, include_bots, roles. */
static int stats_filtered(api_call_t *c)
{
    http_request_t *r = c->r;
    int64_t n = 0;
    const char *team = http_request_query(r, "in_team"), *channel = http_request_query(r, "in_channel");
    model_user_count_filter_t f = {.team_id = team && team[0] ? team : NULL,
                                   .channel_id = channel && channel[0] ? channel : NULL,
                                   .include_deleted = http_request_query_bool(r, "include_deleted", false),
                                   .include_bots = http_request_query_bool(r, "include_bots", false)};
    if (app_users_context_stats(c->db, c->session, &f, http_request_query(r, "roles"), http_request_query(r, "team_roles"),
                                http_request_query(r, "channel_roles"), &n, &c->err) < 0)
        return -1;
    c->out = json_pack("{s:I}", "total_users_count", (json_int_t)n);
    return 0;
}

static int stats(api_call_t *c)
{
    int64_t n = 0;
    if (app_users_stats(c->db, &n, &c->err) < 0)
        return -1;
    c->out = json_pack("{s:I}", "total_users_count", (json_int_t)n);
    return 0;
}

/* Hand-written: a PNG with its own caching headers. */
static int get_image(http_request_t *r)
{
    app_error_t e = {0};
    unsigned char *png = NULL;
    size_t len = 0;
    char etag[64], quoted[70];
    const char *uid = api_param_user_id(r);
    if (!uid) {
        http_respond_error(r, 400, "api.context.invalid_url_param.app_error", "user_id");
        return HTTP_DONE;
    }
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

/* The wire objects of the /users bodies (model/user.h, model/list.h). */
static const api_body_t user_new = {JSON_OBJECT, sizeof(model_user_new_t), model_user_new_from_json, model_user_new_dispose};
static const api_body_t user_patch = {JSON_OBJECT, sizeof(model_user_patch_t), model_user_patch_from_json, NULL};
static const api_body_t password_update = {JSON_OBJECT, sizeof(model_user_password_update_t), model_user_password_update_from_json,
                                           NULL};
static const api_body_t active = {JSON_OBJECT, sizeof(model_user_active_t), model_user_active_from_json, NULL};
static const api_body_t roles_update = {JSON_OBJECT, sizeof(model_user_roles_update_t), model_user_roles_update_from_json, NULL};
static const api_body_t user_search = {JSON_OBJECT, sizeof(model_user_search_t), model_user_search_from_json, NULL};
static const api_body_t user_ids = {JSON_ARRAY, sizeof(model_list_t), model_list_user_ids_from_json, NULL};
static const api_body_t usernames = {JSON_ARRAY, sizeof(model_list_t), model_list_usernames_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
#define APP API_PERM_IN_APP
#define IMAGE(p, nm) API_HANDWRITTEN("GET", p, nm, HTTP_ROUTE_AUTH_TRUSTED_REQUESTER, get_image, HTTP_ROUTE_RAW)
/* GET /users/me (or the caller's own id) with a cached session: answered on the loop, no worker
 * round trip. Anything else (not cached, another user, an activity write due) takes the route. */
static int get_user_fast(http_request_t *r)
{
    const char *id = http_request_param(r, "user_id"), *json = NULL;
    size_t len = 0;
    if (id == NULL || !api_session_self_cached(r, id, &json, &len))
        return 0;
    http_respond_raw(r, 200, "application/json", json, len);
    return 1;
}

static const api_route_t routes[] = {
    {API_ROUTE("POST", "/api/v4/users", "createUser", HTTP_ROUTE_AUTH_SESSION_OPTIONAL), APP, .body = &user_new,
     .call = create_user, .status = 201},
    {API_ROUTE("GET", "/api/v4/users", "getUsers", S), APP, .call = list_users},
    {API_HANDWRITTEN("POST", "/api/v4/users/login", "login", HTTP_ROUTE_AUTH_NONE, api_users_login, 0)},
    {API_HANDWRITTEN("POST", "/api/v4/users/logout", "logout", HTTP_ROUTE_AUTH_SESSION_OPTIONAL, api_users_logout, 0)},
    {API_ROUTE("POST", "/api/v4/users/ids", "getUsersByIds", S), APP, .body = &user_ids, .call = get_by_ids},
    {API_ROUTE("POST", "/api/v4/users/usernames", "getUsersByNames", S), APP, .body = &usernames, .call = get_by_usernames},
    {API_ROUTE("GET", "/api/v4/users/autocomplete", "autocompleteUsers", S), APP, .call = autocomplete},
    {API_ROUTE("POST", "/api/v4/users/search", "searchUsers", S), APP, .body = &user_search, .call = search},
    {API_ROUTE("GET", "/api/v4/users/username/{username}", "getUserByUsername", S), APP, .call = get_by_username},
    {API_ROUTE("GET", "/api/v4/users/email/{email}", "getUserByEmail", S), APP, .call = get_by_email},
    {API_ROUTE("PUT", "/api/v4/users/sessions/device", "attachDeviceId", S), API_PERM_NONE, .body = &api_users_sessions_device_body,
     .call = api_users_sessions_device},
    {API_ROUTE("GET", "/api/v4/users/stats", "getTotalUsersStats", S), API_PERM_NONE, .call = stats},
    {API_ROUTE("GET", "/api/v4/users/stats/filtered", "getFilteredUsersStats", S), API_PERM_IN_APP, .call = stats_filtered},
    {API_ROUTE("POST", "/api/v4/users/group_channels", "getUsersByGroupChannelIds", S), API_PERM_NONE,
     .body = &api_route_json_array, .call = group_channels},
    {API_ROUTE_FAST("GET", "/api/v4/users/{user_id}", "getUser", S, get_user_fast), APP, .call = get_user},
    {API_ROUTE("DELETE", "/api/v4/users/{user_id}", "deleteUser", S), APP, .call = delete_user},
    {API_ROUTE("PUT", "/api/v4/users/{user_id}/patch", "patchUser", S), APP, .body = &user_patch, .call = patch_user},
    {API_ROUTE("PUT", "/api/v4/users/{user_id}/password", "updatePassword", S), APP, .body = &password_update,
     .call = update_password},
    {API_ROUTE("PUT", "/api/v4/users/{user_id}/active", "updateUserActive", S), APP, .body = &active, .call = update_active},
    {API_ROUTE("PUT", "/api/v4/users/{user_id}/roles", "updateUserRoles", S), APP, .body = &roles_update, .call = update_roles},
    {IMAGE("/api/v4/users/{user_id}/image", "getProfileImage")},
    {IMAGE("/api/v4/users/{user_id}/image/default", "getDefaultProfileImage")},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/sessions", "getSessions", S), APP, .call = api_users_sessions_get},
    {API_ROUTE("POST", "/api/v4/users/{user_id}/sessions/revoke", "revokeSession", S), APP, .body = &api_users_sessions_revoke_body,
     .call = api_users_sessions_revoke},
    {API_ROUTE("POST", "/api/v4/users/{user_id}/sessions/revoke/all", "revokeAllSessionsForUser", S), APP,
     .call = api_users_sessions_revoke_all},
};

int api_users_register(http_router_t *router)
{
    api_session_install();
    return API_ROUTES_ADD(router, routes);
}
