/* Teams (owner: teams): /teams, /teams/name/{name}, /users/{user_id}/teams[/unread]. The app functions check
 * the permissions (they depend on the team): app/teams.h, app/teams_unread.h. */
#include "api/route.h"

#include <stdlib.h>

#include "api/param.h"
#include "app/teams.h"
#include "app/teams_unread.h"

static const char *team_id(api_call_t *c)
{
    return http_request_param(c->r, "team_id");
}

static int team_out(api_call_t *c, int rc, const model_team_t *t)
{
    if (rc == 0)
        c->out = model_team_to_json(t, false);
    return rc;
}

static int create(api_call_t *c)
{
    model_team_t t;
    return team_out(c, app_teams_create(c->db, c->session, c->body, &t, &c->err), &t);
}

static int get_one(api_call_t *c)
{
    model_team_t t;
    return team_out(c, app_teams_get(c->db, c->session, team_id(c), &t, &c->err), &t);
}

static int get_by_name(api_call_t *c)
{
    model_team_t t;
    return team_out(c, app_teams_get_by_name(c->db, c->session, http_request_param(c->r, "team_name"), &t, &c->err), &t);
}

static int exists(api_call_t *c)
{
    bool yes = false;
    if (app_teams_exists(c->db, c->session, http_request_param(c->r, "team_name"), &yes, &c->err) < 0)
        return -1;
    c->out = json_pack("{s:b}", "exists", yes);
    return 0;
}

static int patch(api_call_t *c)
{
    model_team_t t;
    return team_out(c, app_teams_patch(c->db, c->session, team_id(c), c->body, &t, &c->err), &t);
}

static int update(api_call_t *c)
{
    model_team_t t;
    return team_out(c, app_teams_update(c->db, c->session, team_id(c), c->body, &t, &c->err), &t);
}

static int delete_team(api_call_t *c)
{
    bool permanent = http_request_query_bool(c->r, "permanent", false);
    return app_teams_delete(c->db, c->session, team_id(c), permanent, &c->err);
}

static int restore(api_call_t *c)
{
    model_team_t t;
    return team_out(c, app_teams_restore(c->db, c->session, team_id(c), &t, &c->err), &t);
}

static int regenerate_invite_id(api_call_t *c)
{
    model_team_t t;
    return team_out(c, app_teams_regenerate_invite_id(c->db, c->session, team_id(c), &t, &c->err), &t);
}

static int set_privacy(api_call_t *c)
{
    model_team_t t;
    const char *privacy = json_string_value(json_object_get(c->json, "privacy"));
    return team_out(c, app_teams_set_privacy(c->db, c->session, team_id(c), privacy, &t, &c->err), &t);
}

static int invite_info(api_call_t *c)
{
    model_team_t t;
    if (app_teams_invite_info(c->db, http_request_param(c->r, "invite_id"), &t, &c->err) < 0)
        return -1;
    c->out =
        json_pack("{s:s,s:s,s:s,s:s}", "display_name", t.display_name, "description", t.description, "name", t.name, "id", t.id);
    return 0;
}

/* [Team], or {"teams": [Team], "total_count": n} (TeamsWithCount). */
static int list_out(api_call_t *c, int rc, model_team_list_t *l, bool with_count)
{
    if (rc == 0) {
        json_t *a = model_team_list_to_json(l, false);
        c->out = with_count ? json_pack("{s:o,s:I}", "teams", a, "total_count", (json_int_t)l->total) : a;
    }
    model_team_list_dispose(l);
    return rc;
}

static int list(api_call_t *c)
{
    int64_t offset, limit;
    model_team_list_t l = {0};
    bool with_total = http_request_query_bool(c->r, "include_total_count", false);
    api_param_paging(c->r, &offset, &limit);
    return list_out(c, app_teams_list(c->db, c->session, offset, limit, with_total, &l, &c->err), &l, with_total);
}

static int of_user(api_call_t *c)
{
    model_team_list_t l = {0};
    return list_out(c, app_teams_of_user(c->db, c->session, c->user_id, &l, &c->err), &l, false);
}

static int search(api_call_t *c)
{
    model_team_list_t l = {0};
    bool paged = false;
    int rc = app_teams_search(c->db, c->session, c->body, &l, &paged, &c->err);
    return list_out(c, rc, &l, paged);
}

static int stats(api_call_t *c)
{
    int64_t total = 0, active = 0;
    if (app_teams_stats(c->db, c->session, team_id(c), &total, &active, &c->err) < 0)
        return -1;
    c->out = json_pack("{s:s,s:I,s:I}", "team_id", team_id(c), "total_member_count", (json_int_t)total, "active_member_count",
                       (json_int_t)active);
    return 0;
}

static int unread_all(api_call_t *c)
{
    store_teams_unread_list_t l = {0};
    if (app_teams_unread_all(c->db, c->session, c->user_id, http_request_query(c->r, "exclude_team"),
                             http_request_query_bool(c->r, "include_collapsed_threads", false), &l, &c->err) < 0)
        return -1;
    c->out = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(c->out, model_team_unread_to_json(&l.items[i]));
    free(l.items);
    return 0;
}

static int unread_one(api_call_t *c)
{
    model_team_unread_t u;
    if (app_teams_unread_one(c->db, c->session, c->user_id, team_id(c), &u, &c->err) < 0)
        return -1;
    c->out = model_team_unread_to_json(&u);
    return 0;
}

static const api_body_t team_body = {JSON_OBJECT, sizeof(model_team_patch_t), model_team_patch_from_json, NULL};
static const api_body_t search_body = {JSON_OBJECT, sizeof(model_team_body_search_t), model_team_body_search_from_json, NULL};

#define S HTTP_ROUTE_AUTH_SESSION
#define APP API_PERM_IN_APP
static const api_route_t routes[] = {
    {API_ROUTE("POST", "/api/v4/teams", "createTeam", S), APP, .body = &team_body, .call = create, .status = 201},
    {API_ROUTE("GET", "/api/v4/teams", "getAllTeams", S), APP, .call = list},
    {API_ROUTE("POST", "/api/v4/teams/search", "searchTeams", S), APP, .body = &search_body, .call = search},
    {API_ROUTE("GET", "/api/v4/teams/{team_id}", "getTeam", S), APP, .call = get_one},
    {API_ROUTE("PUT", "/api/v4/teams/{team_id}", "updateTeam", S), APP, .body = &team_body, .call = update},
    {API_ROUTE("DELETE", "/api/v4/teams/{team_id}", "deleteTeam", S), APP, .call = delete_team},
    {API_ROUTE("PUT", "/api/v4/teams/{team_id}/patch", "patchTeam", S), APP, .body = &team_body, .call = patch},
    {API_ROUTE("POST", "/api/v4/teams/{team_id}/restore", "restoreTeam", S), APP, .call = restore},
    {API_ROUTE("POST", "/api/v4/teams/{team_id}/regenerate_invite_id", "regenerateTeamInviteId", S), APP,
     .call = regenerate_invite_id},
    {API_ROUTE("PUT", "/api/v4/teams/{team_id}/privacy", "updateTeamPrivacy", S), APP, .body = &api_route_json_object,
     .call = set_privacy},
    {API_ROUTE("GET", "/api/v4/teams/invite/{invite_id}", "getInviteInfo", HTTP_ROUTE_AUTH_NONE), API_PERM_NONE,
     .call = invite_info},
    {API_ROUTE("GET", "/api/v4/teams/{team_id}/stats", "getTeamStats", S), APP, .call = stats},
    {API_ROUTE("GET", "/api/v4/teams/name/{team_name}", "getTeamByName", S), APP, .call = get_by_name},
    {API_ROUTE("GET", "/api/v4/teams/name/{team_name}/exists", "teamExists", S), APP, .call = exists},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/teams", "getTeamsForUser", S), APP, .call = of_user},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/teams/unread", "getTeamsUnreadForUser", S), APP, .call = unread_all},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/teams/{team_id}/unread", "getTeamUnread", S), APP, .call = unread_one},
};

int api_teams_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
