/* Team members (owner: teams): /teams/{team_id}/members..., /teams/members/invite, /users/{user_id}/teams/members.
 * The app functions check the permissions (they depend on the team and the user): app/teams_members.h. */
#include "api/route.h"

#include "api/param.h"
#include "app/teams_members.h"
#include "http/errors.h"

static const char *team_id(api_call_t *c)
{
    return http_request_param(c->r, "team_id");
}

static int member_out(api_call_t *c, int rc, const model_team_member_t *m)
{
    if (rc == 0)
        c->out = model_team_member_to_json(m);
    return rc;
}

static int list_out(api_call_t *c, int rc, model_team_member_list_t *l)
{
    if (rc == 0)
        c->out = model_team_member_list_to_json(l);
    model_team_member_list_dispose(l);
    return rc;
}

static int add(api_call_t *c)
{
    model_team_member_t m;
    return member_out(c, app_teams_members_add(c->db, c->session, team_id(c), c->body, &m, &c->err), &m);
}

static json_t *error_json(const app_error_t *e)
{
    const char *msg = http_errors_message(e->id);
    return json_pack("{s:s,s:s,s:s,s:i}", "id", e->id, "message", msg ? msg : "", "detailed_error", "", "status_code", e->status);
}

/* [TeamMember], or with ?graceful [TeamMemberWithError] ({user_id, member, error}). */
static int add_batch(api_call_t *c)
{
    const char *g = http_request_query(c->r, "graceful");
    bool graceful = g && g[0];
    app_teams_members_batch_t *b = http_request_alloc(c->r, sizeof(*b));
    b->n = 0;
    if (app_teams_members_add_batch(c->db, c->session, team_id(c), c->body, graceful, b, &c->err) < 0)
        return -1;
    c->out = json_array();
    for (size_t i = 0; i < b->n; i++) {
        bool ok = b->v[i].err.status == 0;
        json_t *m = ok ? model_team_member_to_json(&b->v[i].member) : json_null();
        if (!graceful) {
            json_array_append_new(c->out, m);
            continue;
        }
        json_array_append_new(c->out, json_pack("{s:s,s:o,s:o}", "user_id", b->v[i].user_id, "member", m, "error",
                                                ok ? json_null() : error_json(&b->v[i].err)));
    }
    return 0;
}

static int join_invite(api_call_t *c)
{
    model_team_member_t m;
    const char *invite = http_request_query(c->r, "invite_id");
    return member_out(c, app_teams_members_join_invite(c->db, c->session, invite, &m, &c->err), &m);
}

static int remove_member(api_call_t *c)
{
    return app_teams_members_remove(c->db, c->session, team_id(c), c->user_id, &c->err);
}

static int list(api_call_t *c)
{
    int64_t offset, limit;
    model_team_member_list_t l = {0};
    api_param_paging(c->r, &offset, &limit);
    bool exclude = http_request_query_bool(c->r, "exclude_deleted_users", false);
    const char *sort = http_request_query(c->r, "sort");
    return list_out(c, app_teams_members_list(c->db, c->session, team_id(c), sort, exclude, offset, limit, &l, &c->err), &l);
}

static int get_one(api_call_t *c)
{
    model_team_member_t m;
    return member_out(c, app_teams_members_get(c->db, c->session, team_id(c), c->user_id, &m, &c->err), &m);
}

static int by_ids(api_call_t *c)
{
    model_team_member_list_t l = {0};
    return list_out(c, app_teams_members_by_ids(c->db, c->session, team_id(c), c->body, &l, &c->err), &l);
}

static int of_user(api_call_t *c)
{
    model_team_member_list_t l = {0};
    return list_out(c, app_teams_members_of_user(c->db, c->session, c->user_id, &l, &c->err), &l);
}

static int update_roles(api_call_t *c)
{
    const model_team_body_roles_t *r = c->body;
    return app_teams_members_update_roles(c->db, c->session, team_id(c), c->user_id, r->roles, &c->err);
}

static int update_scheme_roles(api_call_t *c)
{
    return app_teams_members_update_scheme_roles(c->db, c->session, team_id(c), c->user_id, c->body, &c->err);
}

static const api_body_t member_body = {JSON_OBJECT, sizeof(model_team_body_member_t), model_team_body_member_from_json, NULL};
static const api_body_t members_body = {JSON_ARRAY, sizeof(model_team_body_members_t), model_team_body_members_from_json, NULL};
static const api_body_t ids_body = {JSON_ARRAY, sizeof(model_list_t), model_list_user_ids_from_json, NULL};
static const api_body_t roles_body = {JSON_OBJECT, sizeof(model_team_body_roles_t), model_team_body_roles_from_json, NULL};
static const api_body_t scheme_body = {JSON_OBJECT, sizeof(model_team_body_scheme_roles_t), model_team_body_scheme_roles_from_json,
                                       NULL};

#define S HTTP_ROUTE_AUTH_SESSION
#define APP API_PERM_IN_APP
#define MEMBER "/api/v4/teams/{team_id}/members/{user_id}"
static const api_route_t routes[] = {
    {API_ROUTE("GET", "/api/v4/teams/{team_id}/members", "getTeamMembers", S), APP, .call = list},
    {API_ROUTE("POST", "/api/v4/teams/{team_id}/members", "addTeamMember", S), APP, .body = &member_body, .call = add,
     .status = 201},
    {API_ROUTE("POST", "/api/v4/teams/{team_id}/members/batch", "addTeamMembers", S), APP, .body = &members_body, .call = add_batch,
     .status = 201},
    {API_ROUTE("POST", "/api/v4/teams/{team_id}/members/ids", "getTeamMembersByIds", S), APP, .body = &ids_body, .call = by_ids},
    {API_ROUTE("POST", "/api/v4/teams/members/invite", "addUserToTeamFromInvite", S), APP, .call = join_invite, .status = 201},
    {API_ROUTE("GET", MEMBER, "getTeamMember", S), APP, .call = get_one},
    {API_ROUTE("DELETE", MEMBER, "removeTeamMember", S), APP, .call = remove_member},
    {API_ROUTE("PUT", MEMBER "/roles", "updateTeamMemberRoles", S), APP, .body = &roles_body, .call = update_roles},
    {API_ROUTE("PUT", MEMBER "/schemeRoles", "updateTeamMemberSchemeRoles", S), APP, .body = &scheme_body,
     .call = update_scheme_roles},
    {API_ROUTE("GET", "/api/v4/users/{user_id}/teams/members", "getTeamMembersForUser", S), APP, .call = of_user},
};

int api_team_members_register(http_router_t *router)
{
    return API_ROUTES_ADD(router, routes);
}
