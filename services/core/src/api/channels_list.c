/* Lists of channels (owner: channels): a team's, search, autocomplete, my channels (with an ETag). */
#include "api/route.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/param.h"
#include "api/view_cache.h"
#include "app/channels.h"
#include "model/channel.h"

static const char *team_id(api_call_t *c)
{
    return http_request_param(c->r, "team_id");
}

static int list_out(api_call_t *c, int rc, model_channel_list_t *l)
{
    if (rc == 0) {
        c->out = model_channel_list_to_json(l);
        model_channel_list_dispose(l);
    }
    return rc;
}

static int team_list(api_call_t *c, app_channels_list_kind_t kind)
{
    int64_t offset, limit;
    model_channel_list_t l = {0};
    api_param_paging(c->r, &offset, &limit);
    return list_out(c, app_channels_list_team(c->db, c->session, team_id(c), kind, offset, limit, &l, &c->err), &l);
}

static int public_list(api_call_t *c)
{
    return team_list(c, APP_CHANNELS_LIST_PUBLIC);
}

static int deleted_list(api_call_t *c)
{
    return team_list(c, APP_CHANNELS_LIST_DELETED);
}

static int private_list(api_call_t *c)
{
    return team_list(c, APP_CHANNELS_LIST_PRIVATE);
}

static int search(api_call_t *c)
{
    model_channel_list_t l = {0};
    json_t *term = json_object_get(c->json, "term");
    if (term != NULL && !json_is_string(term))
        return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "channel_search");
    return list_out(c, app_channels_search(c->db, c->session, team_id(c), json_string_value(term), &l, &c->err), &l);
}

static int autocomplete(api_call_t *c, bool for_search)
{
    model_channel_list_t l = {0};
    const char *name = http_request_query(c->r, "name");
    return list_out(c, app_channels_autocomplete(c->db, c->session, team_id(c), name, for_search, &l, &c->err), &l);
}

static int autocomplete_team(api_call_t *c)
{
    return autocomplete(c, false);
}

static int autocomplete_search(api_call_t *c)
{
    return autocomplete(c, true);
}

static int64_t last_delete_at(http_request_t *r)
{
    return http_request_query_int(r, "last_delete_at", 0, INT64_MIN, INT64_MAX);
}

static int mine_all(api_call_t *c)
{
    model_channel_list_t l = {0};
    bool deleted = http_request_query_bool(c->r, "include_deleted", false);
    return list_out(c, app_channels_mine(c->db, c->session, c->user_id, NULL, deleted, last_delete_at(c->r), &l, NULL, 0, &c->err),
                    &l);
}

/* The caller's view depends on their memberships, the team and every channel listed. */
static void mine_fill(http_request_t *r, const char *uid, const char *tid, bool deleted, uint64_t built,
                      const model_channel_list_t *l, const char *body, const char *etag)
{
    app_view_deps_t deps = {0};
    app_view_deps_add(&deps, APP_STAMP_MEMBER, uid);
    app_view_deps_add(&deps, APP_STAMP_TEAM, tid);
    for (size_t i = 0; i < l->n; i++)
        app_view_deps_add(&deps, APP_STAMP_CHANNEL, l->items[i].id);
    api_view_cache_fill(r->session, deleted ? APP_VIEW_MY_CHANNELS_DELETED : APP_VIEW_MY_CHANNELS, uid, tid, built, &deps, body,
                        strlen(body), etag);
    app_view_deps_dispose(&deps);
}

/* Hand-written: ETag and 304 on If-None-Match (mattermost-api.md §1.5). */
static int mine_team(http_request_t *r)
{
    app_error_t e = {0};
    model_channel_list_t l = {0};
    char etag[128];
    const char *uid = api_param_user_id(r), *tid = http_request_param(r, "team_id");
    if (uid == NULL) {
        http_respond_error(r, 400, "api.context.invalid_url_param.app_error", "user_id");
        return HTTP_DONE;
    }
    bool deleted = http_request_query_bool(r, "include_deleted", false);
    int64_t since = last_delete_at(r);
    uint64_t built = app_view_cache_stamp();
    if (app_channels_mine(r->db, r->session, uid, tid, deleted, since, &l, etag, sizeof(etag), &e) < 0) {
        api_respond_app_error(r, &e);
        return HTTP_DONE;
    }
    json_t *j = model_channel_list_to_json(&l);
    char *body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (body != NULL && since == 0)
        mine_fill(r, uid, tid, deleted, built, &l, body, etag);
    model_channel_list_dispose(&l);
    h2o_iovec_t match = http_request_header(r, "if-none-match");
    http_response_header_add(r, "ETag", etag);
    if (body == NULL)
        http_respond_error(r, 500, "api.context.internal.app_error", "encoding channels");
    else if (match.len == strlen(etag) && memcmp(match.base, etag, match.len) == 0)
        http_respond_raw(r, 304, "application/json", "", 0);
    else
        http_respond_raw(r, 200, "application/json", body, strlen(body));
    free(body);
    return HTTP_DONE;
}

/* From the cache on the loop: without last_delete_at only (the variants cached). */
static int mine_team_fast(http_request_t *r)
{
    if (last_delete_at(r) != 0)
        return 0;
    bool deleted = http_request_query_bool(r, "include_deleted", false);
    return api_view_cache_serve(r, deleted ? APP_VIEW_MY_CHANNELS_DELETED : APP_VIEW_MY_CHANNELS, true);
}

/* ChannelWithTeamData; Channel.Sanitize (id, team_id, type, display_name) for group managers. */
static json_t *with_team(const model_channel_t *ch, const app_channels_team_t *t, bool sanitize)
{
    json_t *j = model_channel_to_json(ch);
    if (sanitize) {
        json_t *s = json_pack("{s:O,s:O,s:O,s:O}", "id", json_object_get(j, "id"), "team_id", json_object_get(j, "team_id"), "type",
                              json_object_get(j, "type"), "display_name", json_object_get(j, "display_name"));
        json_decref(j);
        j = s;
    }
    json_object_set_new(j, "team_display_name", json_string(t->display_name));
    json_object_set_new(j, "team_name", json_string(t->name));
    json_object_set_new(j, "team_update_at", json_integer(t->update_at));
    return j;
}

static int all_channels(api_call_t *c)
{
    int64_t offset, limit, total = 0;
    model_channel_list_t l = {0};
    app_channels_team_t *teams = NULL;
    bool sanitize = false, count = http_request_query_bool(c->r, "include_total_count", false);
    api_param_paging(c->r, &offset, &limit);
    if (app_channels_list_all(c->db, c->session, http_request_query_bool(c->r, "include_deleted", false), offset, limit, &l, &teams,
                              count ? &total : NULL, &sanitize, &c->err) < 0)
        return -1;
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(a, with_team(&l.items[i], &teams[i], sanitize));
    c->out = count ? json_pack("{s:o,s:I}", "channels", a, "total_count", (json_int_t)total) : a;
    model_channel_list_dispose(&l);
    free(teams);
    return 0;
}

static const api_body_t search_body = {JSON_OBJECT, 0, NULL, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
#define APP API_PERM_IN_APP
#define TEAM "/api/v4/teams/{team_id}/channels"
static const api_route_t routes[] = {
    {API_ROUTE("GET", "/api/v4/channels", "getAllChannels", S), APP, .call = all_channels},
    {API_ROUTE("GET", TEAM, "getPublicChannelsForTeam", S), APP, .call = public_list},
    {API_ROUTE("GET", TEAM "/deleted", "getDeletedChannelsForTeam", S), APP, .call = deleted_list},
    {API_ROUTE("GET", TEAM "/private", "getPrivateChannelsForTeam", S), APP, .call = private_list},
    {API_ROUTE("POST", TEAM "/search", "searchChannelsForTeam", S), APP, .body = &search_body, .call = search},
    {API_ROUTE("GET", TEAM "/autocomplete", "autocompleteChannelsForTeam", S), APP, .call = autocomplete_team},
    {API_ROUTE("GET", TEAM "/search_autocomplete", "autocompleteChannelsForTeamForSearch", S), APP, .call = autocomplete_search},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/channels", "getChannelsForUser", S), APP, .call = mine_all},
    {API_HANDWRITTEN_FAST("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels", "getChannelsForTeamForUser", S, mine_team,
                          mine_team_fast)},
};

int api_channels_list_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
