/* Channels (owner: channels): create, get, change, archive, DM/GM, stats. The app functions check the
 * permissions (they depend on the channel's type, team and members). Members: api/channel_members*.c. */
#include "api/route.h"

#include "app/channels.h"
#include "model/channel.h"

static const char *channel_id(api_call_t *c)
{
    return http_request_param(c->r, "channel_id");
}

/* Encode the channel the call left in *ch. */
static int channel_out(api_call_t *c, int rc, model_channel_t *ch)
{
    if (rc == 0) {
        c->out = model_channel_to_json(ch);
        model_channel_dispose(ch);
    }
    return rc;
}

static int create(api_call_t *c)
{
    model_channel_t ch;
    return channel_out(c, app_channels_create(c->db, c->session, c->body, &ch, &c->err), &ch);
}

static int get_one(api_call_t *c)
{
    model_channel_t ch;
    return channel_out(c, app_channels_get(c->db, c->session, channel_id(c), &ch, &c->err), &ch);
}

static int by_name(api_call_t *c)
{
    model_channel_t ch;
    bool deleted = http_request_query_bool(c->r, "include_deleted", false);
    return channel_out(c,
                       app_channels_get_by_name(c->db, c->session, http_request_param(c->r, "team_id"),
                                                http_request_param(c->r, "team_name"), http_request_param(c->r, "channel_name"),
                                                deleted, &ch, &c->err),
                       &ch);
}

static int patch(api_call_t *c)
{
    model_channel_t ch;
    return channel_out(c, app_channels_patch(c->db, c->session, channel_id(c), c->body, false, &ch, &c->err), &ch);
}

static int update(api_call_t *c)
{
    model_channel_t ch;
    return channel_out(c, app_channels_patch(c->db, c->session, channel_id(c), c->body, true, &ch, &c->err), &ch);
}

static int delete_one(api_call_t *c)
{
    bool permanent = http_request_query_bool(c->r, "permanent", false);
    return app_channels_delete(c->db, c->session, channel_id(c), permanent, &c->err);
}

static int restore(api_call_t *c)
{
    model_channel_t ch;
    return channel_out(c, app_channels_restore(c->db, c->session, channel_id(c), &ch, &c->err), &ch);
}

static int privacy(api_call_t *c)
{
    model_channel_t ch;
    const char *p = json_string_value(json_object_get(c->json, "privacy"));
    return channel_out(c, app_channels_set_privacy(c->db, c->session, channel_id(c), p, &ch, &c->err), &ch);
}

/* A JSON array of strings (model.NonSortedArrayFromJSON), else 400 invalid_body_param user_ids. */
static int id_array(api_call_t *c, const char **ids, size_t max, size_t *n)
{
    size_t i;
    json_t *item;
    *n = 0;
    json_array_foreach(c->json, i, item)
    {
        if (!json_is_string(item))
            return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "user_ids");
        if (*n == max)
            return app_error_set(&c->err, 400, "api.context.invalid_body_param.app_error", "user_ids");
        ids[(*n)++] = json_string_value(item);
    }
    return 0;
}

static int direct(api_call_t *c)
{
    const char *ids[3];
    size_t n;
    model_channel_t ch;
    if (id_array(c, ids, 3, &n) < 0)
        return -1;
    return channel_out(c, app_channels_direct(c->db, c->session, ids, n, &ch, &c->err), &ch);
}

static int group(api_call_t *c)
{
    const char *ids[64];
    size_t n;
    model_channel_t ch;
    if (id_array(c, ids, 64, &n) < 0) {
        if (c->err.status == 400 && n == 64)
            c->err.id = "api.channel.create_group.bad_size.app_error";
        return -1;
    }
    return channel_out(c, app_channels_group(c->db, c->session, ids, n, &ch, &c->err), &ch);
}

static int stats(api_call_t *c)
{
    app_channels_stats_t st;
    bool exclude = http_request_query_bool(c->r, "exclude_files_count", false);
    if (app_channels_stats(c->db, c->session, channel_id(c), exclude, &st, &c->err) < 0)
        return -1;
    c->out = json_pack("{s:s,s:I,s:I,s:I,s:I}", "channel_id", channel_id(c), "member_count", (json_int_t)st.member_count,
                       "guest_count", (json_int_t)st.guest_count, "pinnedpost_count", (json_int_t)st.pinnedpost_count,
                       "files_count", (json_int_t)st.files_count);
    return 0;
}

static int timezones(api_call_t *c)
{
    return app_channels_timezones(c->db, c->session, channel_id(c), &c->out, &c->err);
}

static const api_body_t channel_body = {JSON_OBJECT, sizeof(model_channel_patch_t), model_channel_patch_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
#define APP API_PERM_IN_APP
#define CH "/api/v4/channels/{channel_id}"
static const api_route_t routes[] = {
    {API_ROUTE("POST", "/api/v4/channels", "createChannel", S), APP, .body = &channel_body, .call = create, .status = 201},
    {API_ROUTE("POST", "/api/v4/channels/direct", "createDirectChannel", S), APP, .body = &api_route_json_array, .call = direct,
     .status = 201},
    {API_ROUTE("POST", "/api/v4/channels/group", "createGroupChannel", S), APP, .body = &api_route_json_array, .call = group,
     .status = 201},
    {API_ROUTE("GET", CH, "getChannel", S), APP, .call = get_one},
    {API_ROUTE("PUT", CH, "updateChannel", S), APP, .body = &channel_body, .call = update},
    {API_ROUTE("PUT", CH "/patch", "patchChannel", S), APP, .body = &channel_body, .call = patch},
    {API_ROUTE("DELETE", CH, "deleteChannel", S), APP, .call = delete_one},
    {API_ROUTE("POST", CH "/restore", "restoreChannel", S), APP, .call = restore},
    {API_ROUTE("PUT", CH "/privacy", "updateChannelPrivacy", S), APP, .body = &api_route_json_object, .call = privacy},
    {API_ROUTE("GET", CH "/stats", "getChannelStats", S), APP, .call = stats},
    {API_ROUTE("GET", CH "/timezones", "getChannelMembersTimezones", S), APP, .call = timezones},
    {API_ROUTE("GET", "/api/v4/teams/{team_id}/channels/name/{channel_name}", "getChannelByName", S), APP, .call = by_name},
    {API_ROUTE("GET", "/api/v4/teams/name/{team_name}/channels/name/{channel_name}", "getChannelByNameForTeamName", S), APP,
     .call = by_name},
};

int api_channels_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
