/* Channel members, read state and unreads (owner: members). The app functions check the permissions
 * (they depend on the channel): server/channels/api4/channel.go member routes. */
#include "api/route.h"

#include <stdlib.h>
#include <string.h>

#include "api/param.h"
#include "api/session.h"
#include "api/view_cache.h"
#include "app/channel_members_access.h"
#include "app/channel_members_query.h"
#include "app/channel_members_update.h"
#include "app/channel_members_view.h"
#include "parley/id.h"

#define MAX_IDS 1000 /* Mattermost's maxListSize */

static bool valid_id(const char *s)
{
    return s != NULL && pl_id_valid(s, strlen(s));
}

/* {channel_id} (or another path id): NULL after setting 400 invalid_url_param. */
static const char *path_id(api_call_t *c, const char *name)
{
    const char *v = http_request_param(c->r, name);
    if (!valid_id(v)) {
        app_error_set(&c->err, 400, "api.context.invalid_url_param.app_error", name);
        return NULL;
    }
    return v;
}

/* A member as another user sees it: last_viewed_at / last_update_at omitted (SanitizeForCurrentUser). */
static json_t *member_json(const api_call_t *c, const model_channel_member_t *m)
{
    json_t *j = model_channel_member_to_json(m);
    if (strcmp(m->user_id, c->session->user_id) != 0) {
        json_object_del(j, "last_viewed_at");
        json_object_del(j, "last_update_at");
    }
    return j;
}

static json_t *list_json(const api_call_t *c, const model_channel_member_list_t *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, member_json(c, &l->items[i]));
    return a;
}

static int list_out(api_call_t *c, int rc, model_channel_member_list_t *l)
{
    if (rc == 0)
        c->out = list_json(c, l);
    model_channel_member_list_dispose(l);
    return rc;
}

/* A JSON array of valid ids (1..MAX_IDS) into request memory; NULL after setting 400 invalid_body_param. */
static const char **ids_of(api_call_t *c, const json_t *arr, const char *what, size_t *n)
{
    *n = json_array_size(arr);
    if (!json_is_array(arr) || *n == 0 || *n > MAX_IDS) {
        app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", what);
        return NULL;
    }
    const char **ids = http_request_alloc(c->r, *n * sizeof(*ids));
    for (size_t i = 0; i < *n; i++) {
        ids[i] = json_string_value(json_array_get(arr, i));
        if (!valid_id(ids[i])) {
            app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", what);
            return NULL;
        }
    }
    return ids;
}

static int add(api_call_t *c)
{
    const char *cid = path_id(c, "channel_id");
    if (cid == NULL)
        return -1;
    json_t *many = json_object_get(c->json, "user_ids"), *one = json_object_get(c->json, "user_id");
    const char *single = json_string_value(one);
    size_t n = 1;
    const char **ids = &single;
    if (json_is_array(many))
        ids = ids_of(c, many, "user_id in user_ids", &n);
    else if (!valid_id(single))
        return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "user_id or user_ids");
    if (ids == NULL)
        return -1;
    model_channel_member_list_t l;
    if (app_channel_members_access_add(c->db, c->session, cid, ids, n, &l, &c->err) < 0) {
        model_channel_member_list_dispose(&l);
        return -1;
    }
    if (single && l.n == 1 && strcmp(l.items[0].user_id, single) == 0 && !json_is_array(many)) {
        c->out = member_json(c, &l.items[0]);
        model_channel_member_list_dispose(&l);
        return 0;
    }
    return list_out(c, 0, &l);
}

static int remove_member(api_call_t *c)
{
    const char *cid = path_id(c, "channel_id");
    return cid ? app_channel_members_access_remove(c->db, c->session, cid, c->user_id, &c->err) : -1;
}

static int list(api_call_t *c)
{
    const char *cid = path_id(c, "channel_id");
    if (cid == NULL)
        return -1;
    int64_t offset, limit;
    api_param_paging(c->r, &offset, &limit);
    model_channel_member_list_t l;
    return list_out(c, app_channel_members_query_page(c->db, c->session, cid, offset, limit, &l, &c->err), &l);
}

static int get_one(api_call_t *c)
{
    const char *cid = path_id(c, "channel_id");
    if (cid == NULL)
        return -1;
    model_channel_member_t m;
    int rc = app_channel_members_query_one(c->db, c->session, cid, c->user_id, &m, &c->err);
    if (rc == 0)
        c->out = member_json(c, &m);
    model_channel_member_dispose(&m);
    return rc;
}

static int by_ids(api_call_t *c)
{
    const char *cid = path_id(c, "channel_id");
    size_t n = 0;
    const char **ids = cid ? ids_of(c, c->json, "user_ids", &n) : NULL;
    if (ids == NULL)
        return -1;
    model_channel_member_list_t l;
    return list_out(c, app_channel_members_query_by_ids(c->db, c->session, cid, ids, n, &l, &c->err), &l);
}

/* The caller's members of a team depend on their memberships and read state, the team and each channel. */
static void for_team_fill(api_call_t *c, const char *tid, uint64_t built, const model_channel_member_list_t *l)
{
    app_view_deps_t deps = {0};
    app_view_deps_add(&deps, APP_STAMP_MEMBER, c->user_id);
    app_view_deps_add(&deps, APP_STAMP_MEMBER_COUNTS, c->user_id);
    app_view_deps_add(&deps, APP_STAMP_TEAM, tid);
    for (size_t i = 0; i < l->n; i++)
        app_view_deps_add(&deps, APP_STAMP_CHANNEL, l->items[i].channel_id);
    char *body = json_dumps(c->out, JSON_COMPACT);
    if (body != NULL)
        api_view_cache_fill(c->session, APP_VIEW_MY_MEMBERS, c->user_id, tid, built, &deps, body, strlen(body), NULL);
    free(body);
    app_view_deps_dispose(&deps);
}

static int for_team(api_call_t *c)
{
    const char *tid = path_id(c, "team_id");
    if (tid == NULL)
        return -1;
    model_channel_member_list_t l = {0};
    uint64_t built = app_view_cache_stamp();
    int rc = app_channel_members_query_for_team(c->db, c->session, c->user_id, tid, &l, &c->err);
    if (rc == 0) {
        c->out = list_json(c, &l);
        for_team_fill(c, tid, built, &l);
    }
    model_channel_member_list_dispose(&l);
    return rc;
}

static int for_team_fast(http_request_t *r)
{
    return api_view_cache_serve(r, APP_VIEW_MY_MEMBERS, false);
}

static int for_user(api_call_t *c)
{
    int64_t offset, limit;
    api_param_paging(c->r, &offset, &limit);
    return app_channel_members_query_for_user(c->db, c->session, c->user_id, offset, limit, &c->out, &c->err);
}

static int unread(api_call_t *c)
{
    const char *cid = path_id(c, "channel_id");
    return cid ? app_channel_members_query_unread(c->db, c->session, c->user_id, cid, &c->out, &c->err) : -1;
}

static int roles(api_call_t *c)
{
    const char *cid = path_id(c, "channel_id");
    if (cid == NULL)
        return -1;
    const char *r = json_string_value(json_object_get(c->json, "roles"));
    if (r == NULL || strlen(r) > 256)
        return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "roles");
    for (const char *p = r; *p; p++)
        if (!(*p == ' ' || *p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "roles");
    return app_channel_members_update_roles(c->db, c->session, cid, c->user_id, r, &c->err);
}

static int scheme_roles(api_call_t *c)
{
    const char *cid = path_id(c, "channel_id");
    if (cid == NULL)
        return -1;
    const json_t *g = json_object_get(c->json, "scheme_guest"), *u = json_object_get(c->json, "scheme_user"),
                 *a = json_object_get(c->json, "scheme_admin");
    if ((g && !json_is_boolean(g)) || (u && !json_is_boolean(u)) || (a && !json_is_boolean(a)))
        return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "scheme_roles");
    return app_channel_members_update_scheme_roles(c->db, c->session, cid, c->user_id, json_is_true(g), json_is_true(u),
                                                   json_is_true(a), &c->err);
}

static int notify_props(api_call_t *c)
{
    const char *cid = path_id(c, "channel_id");
    if (cid == NULL)
        return -1;
    const char *key;
    json_t *v;
    json_object_foreach(c->json, key, v)
    {
        if (!json_is_string(v))
            return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "notify_props");
    }
    return app_channel_members_update_notify_props(c->db, c->session, cid, c->user_id, c->json, &c->err);
}

static int view_ids(api_call_t *c, const char *const *ids, size_t n)
{
    json_t *times = NULL;
    if (app_channel_members_view(c->db, c->session, c->user_id, ids, n, &times, &c->err) < 0)
        return -1;
    c->out = json_pack("{s:s,s:o}", "status", "OK", "last_viewed_at_times", times);
    return 0;
}

/* "" or a valid id; else 400 invalid_body_param name. */
static int view_id(api_call_t *c, const char *key, const char *name, const char **out)
{
    const json_t *v = json_object_get(c->json, key);
    *out = v ? json_string_value(v) : "";
    if (*out == NULL || ((*out)[0] && !valid_id(*out)))
        return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", name);
    return 0;
}

static int view(api_call_t *c)
{
    const char *cid, *prev, *ids[2];
    if (view_id(c, "channel_id", "channel_view.channel_id", &cid) < 0 ||
        view_id(c, "prev_channel_id", "channel_view.prev_channel_id", &prev) < 0)
        return -1;
    size_t n = 0;
    if (cid[0])
        ids[n++] = cid;
    if (prev[0] && (!cid[0] || strcmp(prev, cid) != 0))
        ids[n++] = prev;
    return view_ids(c, ids, n);
}

/* A repeated view of fully read channels by the caller themself, answered on the loop. */
static int view_fast(http_request_t *r)
{
    char uid[APP_SESSION_ID_LEN + 1];
    if (!api_session_cached_caller(r, http_request_param(r, "user_id"), true, uid))
        return 0;
    json_t *j = json_loadb(r->body.base, r->body.len, JSON_REJECT_DUPLICATES, NULL), *times = NULL;
    const json_t *pv = json_object_get(j, "prev_channel_id");
    const char *cid = json_string_value(json_object_get(j, "channel_id")), *prev = pv ? json_string_value(pv) : "";
    /* anything unusual (no channel, a bad id) takes the full path and its errors */
    bool ok = json_is_object(j) && cid != NULL && valid_id(cid) && prev != NULL && (prev[0] == '\0' || valid_id(prev));
    const char *ids[2] = {cid, prev};
    size_t n = ok && prev[0] && strcmp(prev, cid) != 0 ? 2 : 1;
    ok = ok && app_channel_members_view_cached(uid, ids, n, &times);
    json_decref(j);
    if (!ok)
        return 0;
    http_respond_json(r, 200, json_pack("{s:s,s:o}", "status", "OK", "last_viewed_at_times", times));
    return 1;
}

static int mark_read(api_call_t *c)
{
    size_t n = 0;
    const char **ids = ids_of(c, c->json, "channel_ids", &n);
    if (ids == NULL)
        return -1;
    return view_ids(c, ids, n);
}

#define S HTTP_ROUTE_AUTH_SESSION
#define OBJ .body = &api_route_json_object
#define ARR .body = &api_route_json_array
#define MEMBER "/api/v4/channels/{channel_id}/members/{user_id}"
static const api_route_t routes[] = {
    {API_ROUTE("POST", "/api/v4/channels/{channel_id}/members", "addChannelMember", S), API_PERM_IN_APP, OBJ, .call = add,
     .status = 201},
    {API_ROUTE("GET", "/api/v4/channels/{channel_id}/members", "getChannelMembers", S), API_PERM_IN_APP, .call = list},
    {API_ROUTE("POST", "/api/v4/channels/{channel_id}/members/ids", "getChannelMembersByIds", S), API_PERM_IN_APP, ARR,
     .call = by_ids},
    {API_ROUTE("GET", MEMBER, "getChannelMember", S), API_PERM_IN_APP, .call = get_one},
    {API_ROUTE("DELETE", MEMBER, "removeChannelMember", S), API_PERM_IN_APP, .call = remove_member},
    {API_ROUTE("PUT", MEMBER "/roles", "updateChannelMemberRoles", S), API_PERM_IN_APP, OBJ, .call = roles},
    {API_ROUTE("PUT", MEMBER "/schemeRoles", "updateChannelMemberSchemeRoles", S), API_PERM_IN_APP, OBJ, .call = scheme_roles},
    {API_ROUTE("PUT", MEMBER "/notify_props", "updateChannelMemberNotifyProps", S), API_PERM_IN_APP, OBJ, .call = notify_props},
    {API_ROUTE_FAST("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels/members", "getChannelMembersForTeamForUser", S,
                    for_team_fast),
     API_PERM_IN_APP, .call = for_team},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/channel_members", "getChannelMembersForUser", S), API_PERM_IN_APP, .call = for_user},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/channels/{channel_id}/unread", "getChannelUnread", S), API_PERM_IN_APP,
     .call = unread},
    {API_ROUTE_FAST("POST", "/api/v4/channels/members/{user_id}/view", "viewChannel", S, view_fast), API_PERM_IN_APP, OBJ,
     .call = view},
    {API_ROUTE("POST", "/api/v4/channels/members/{user_id}/mark_read", "readMultipleChannels", S), API_PERM_IN_APP, ARR,
     .call = mark_read},
};

int api_channel_members_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
