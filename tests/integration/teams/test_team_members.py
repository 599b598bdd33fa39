"""Team members: add / batch / invite / remove, lists, roles, allowed domains, events and the hub's team index."""

import fixtures
from conftest import assert_error

PERM = "api.context.permissions.app_error"
INVALID_BODY = "api.context.invalid_body_param.app_error"


def test_add_member_event_and_default_channels(teams):
    t = teams()
    owner, newbie, bystander = t.user(), t.user(), t.user()
    team = t.team(owner)
    t.add(owner, team["id"], bystander.id)
    ws_new, ws_by = t.connect(newbie), t.connect(bystander)
    r = owner.post(f"/teams/{team['id']}/members", json={"team_id": team["id"], "user_id": newbie.id})
    assert r.status_code == 201, r.text
    m = r.json()
    assert m["team_id"] == team["id"] and m["user_id"] == newbie.id and m["roles"] == "team_user"
    assert m["scheme_user"] is True and m["scheme_admin"] is False and m["delete_at"] == 0
    ev = ws_new.event("added_to_team")
    assert ev["data"] == {"team_id": team["id"], "user_id": newbie.id}
    assert ev["broadcast"]["user_id"] == newbie.id
    assert fixtures.is_channel_member(t, team["id"], "town-square", newbie.id)
    assert fixtures.is_channel_member(t, team["id"], "off-topic", newbie.id)
    # the new member now receives the team's events on the socket opened before joining
    owner.put(f"/teams/{team['id']}/patch", json={"display_name": "After join"})
    ws_new.event("update_team")
    t.barrier(ws_by)
    ws_by.assert_no_event("added_to_team")
    # adding again is idempotent
    again = owner.post(f"/teams/{team['id']}/members", json={"team_id": team["id"], "user_id": newbie.id})
    assert again.status_code == 201 and again.json()["user_id"] == newbie.id


def test_add_member_permissions_and_bad_input(teams):
    t = teams()
    owner, outsider, target = t.user(), t.user(), t.user()
    team = t.team(owner)
    closed = t.team(owner, open_=False)
    tid = team["id"]
    assert_error(outsider.post(f"/teams/{tid}/members", json={"team_id": tid, "user_id": target.id}), 403, PERM)
    # joining yourself: open teams yes (join_public_teams), invite-only ones no (join_private_teams)
    assert outsider.post(f"/teams/{tid}/members", json={"team_id": tid, "user_id": outsider.id}).status_code == 201
    assert_error(outsider.post(f"/teams/{closed['id']}/members", json={"team_id": closed["id"], "user_id": outsider.id}),
                 403, PERM)
    assert_error(owner.post(f"/teams/{tid}/members", json={"team_id": closed["id"], "user_id": target.id}), 400,
                 INVALID_BODY)
    assert_error(owner.post(f"/teams/{tid}/members", json={"team_id": tid, "user_id": "bad"}), 400, INVALID_BODY)
    assert_error(owner.post(f"/teams/{tid}/members", json={"team_id": tid, "user_id": 7}), 400,
                 "api.team.add_team_member.invalid_body.app_error")
    assert_error(owner.post(f"/teams/{tid}/members", json={"team_id": tid, "user_id": "c" * 26}), 404,
                 "app.user.missing_account.const")
    unknown = "d" * 26
    assert_error(t.admin.post(f"/teams/{unknown}/members", json={"team_id": unknown, "user_id": target.id}), 404,
                 "app.team.get.find.app_error")


def test_allowed_domains_checked_on_join(teams):
    t = teams()
    owner = t.user()
    corp = t.user(email="worker@corp.example")
    outside = t.user()
    team = t.team(owner)
    r = owner.put(f"/teams/{team['id']}/patch", json={"allowed_domains": "corp.example, other.example"})
    assert r.status_code == 200 and r.json()["allowed_domains"] == "corp.example, other.example"
    assert t.add(owner, team["id"], corp.id)["user_id"] == corp.id
    assert_error(owner.post(f"/teams/{team['id']}/members", json={"team_id": team["id"], "user_id": outside.id}), 400,
                 "api.team.join_user_to_team.allowed_domains.app_error")


def test_restrict_creation_to_domains(teams):
    t = teams({"TeamSettings": {"RestrictCreationToDomains": "example.com"}})
    owner = t.user()
    team = t.team(owner)
    r = owner.put(f"/teams/{team['id']}/patch", json={"allowed_domains": "elsewhere.org"})
    assert_error(r, 400, "api.team.update_restricted_domains.mismatch.app_error")
    assert r.json()["message"] == ("Restricting team to elsewhere.org is not allowed by the system config. "
                                   "Please contact your system administrator.")
    assert owner.put(f"/teams/{team['id']}/patch", json={"allowed_domains": "example.com"}).status_code == 200


def test_max_users_per_team(teams):
    t = teams({"TeamSettings": {"MaxUsersPerTeam": 2}})
    owner, second, third = t.user(), t.user(), t.user()
    team = t.team(owner)
    t.add(owner, team["id"], second.id)
    assert_error(owner.post(f"/teams/{team['id']}/members", json={"team_id": team["id"], "user_id": third.id}), 400,
                 "app.team.join_user_to_team.save_member.max_accounts.app_error")


def test_add_batch(teams):
    t = teams()
    owner, a, b, outsider = t.user(), t.user(), t.user(), t.user()
    team = t.team(owner)
    tid = team["id"]
    r = owner.post(f"/teams/{tid}/members/batch", json=[{"team_id": tid, "user_id": a.id}, {"team_id": tid, "user_id": b.id}])
    assert r.status_code == 201, r.text
    assert sorted(m["user_id"] for m in r.json()) == sorted([a.id, b.id])
    ghost = "e" * 26
    body = [{"team_id": tid, "user_id": outsider.id}, {"team_id": tid, "user_id": ghost}]
    assert_error(owner.post(f"/teams/{tid}/members/batch", json=body), 404, "app.user.missing_account.const")
    r = owner.post(f"/teams/{tid}/members/batch?graceful=true", json=body)
    assert r.status_code == 201, r.text
    by_user = {x["user_id"]: x for x in r.json()}
    assert by_user[outsider.id]["member"]["user_id"] == outsider.id and by_user[outsider.id]["error"] is None
    assert by_user[ghost]["member"] is None and by_user[ghost]["error"]["id"] == "app.user.missing_account.const"
    assert_error(owner.post(f"/teams/{tid}/members/batch", json=[]), 400, INVALID_BODY)
    too_many = [{"team_id": tid, "user_id": a.id}] * 257
    assert_error(owner.post(f"/teams/{tid}/members/batch", json=too_many), 400, INVALID_BODY)
    assert_error(a.post(f"/teams/{tid}/members/batch", json=[{"team_id": "f" * 26, "user_id": b.id}]), 400, INVALID_BODY)
    stranger = t.user()
    assert_error(stranger.post(f"/teams/{tid}/members/batch", json=[{"team_id": tid, "user_id": stranger.id}]), 403, PERM)


def test_join_by_invite_id(teams):
    t = teams()
    owner, joiner = t.user(), t.user()
    team = t.team(owner, open_=False)
    ws = t.connect(joiner)
    r = joiner.post(f"/teams/members/invite?invite_id={team['invite_id']}")
    assert r.status_code == 201, r.text
    assert r.json()["team_id"] == team["id"] and r.json()["user_id"] == joiner.id
    ws.event("added_to_team", pred=lambda e: e["data"]["team_id"] == team["id"])
    assert_error(joiner.post("/teams/members/invite?invite_id=" + "g" * 26), 404, "app.team.get_by_invite_id.finding.app_error")
    assert_error(joiner.post("/teams/members/invite"), 400, "api.team.add_user_to_team.missing_parameter.app_error")
    # a regenerated invite id retires the old one
    old = team["invite_id"]
    assert owner.post(f"/teams/{team['id']}/regenerate_invite_id").status_code == 200
    late = t.user()
    assert_error(late.post(f"/teams/members/invite?invite_id={old}"), 404, "app.team.get_by_invite_id.finding.app_error")


def test_leave_and_remove(teams):
    t = teams()
    owner, leaver, removed, outsider = t.user(), t.user(), t.user(), t.user()
    team = t.team(owner)
    tid = team["id"]
    t.add(owner, tid, leaver.id)
    t.add(owner, tid, removed.id)
    ws_owner, ws_leaver, ws_out = t.connect(owner), t.connect(leaver), t.connect(outsider)
    cats = leaver.get(f"/users/me/teams/{tid}/channels/categories").json()
    assert [c["type"] for c in cats["categories"]] == ["favorites", "channels", "direct_messages"]
    r = leaver.delete(f"/teams/{tid}/members/{leaver.id}")
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    # Mattermost clears the sidebar of a team the user leaves
    assert t.sql("SELECT count(*) FROM sidebar_categories WHERE user_id = %s AND team_id = %s", leaver.id, tid) == [(0,)]
    ev = ws_owner.event("leave_team", pred=lambda e: e["data"]["user_id"] == leaver.id)
    assert ev["data"] == {"user_id": leaver.id, "team_id": tid} and ev["broadcast"]["team_id"] == tid
    mine = ws_leaver.event("leave_team")
    assert mine["data"] == {"user_id": leaver.id, "team_id": tid} and mine["broadcast"]["user_id"] == leaver.id
    assert not fixtures.is_channel_member(t, tid, "town-square", leaver.id)
    # the leaver no longer gets the team's events; the outsider never did
    owner.put(f"/teams/{tid}/patch", json={"display_name": "After leave"})
    ws_owner.event("update_team")
    t.barrier(ws_leaver, ws_out)
    ws_leaver.assert_no_event("update_team")
    ws_out.assert_no_event("update_team")
    ws_out.assert_no_event("leave_team")
    # the row is kept with delete_at (GET /users/{id}/teams/members lists it)
    left = [m for m in leaver.get("/users/me/teams/members").json() if m["team_id"] == tid]
    assert len(left) == 1 and left[0]["delete_at"] > 0
    assert_error(leaver.get(f"/teams/{tid}/members"), 403, PERM)
    # removing someone else needs remove_user_from_team
    assert_error(outsider.delete(f"/teams/{tid}/members/{removed.id}"), 403, PERM)
    assert owner.delete(f"/teams/{tid}/members/{removed.id}").status_code == 200
    assert_error(owner.delete(f"/teams/{tid}/members/{removed.id}"), 400, "api.team.remove_user_from_team.missing.app_error")
    assert_error(owner.delete(f"/teams/{tid}/members/" + "h" * 26), 404, "app.user.missing_account.const")
    # the system messages Mattermost posts in town-square are recorded for the posts issue
    town = fixtures.channel_id(t, tid, "town-square")
    rows = t.sql("SELECT type, user_id, message, props->>'username' FROM posts WHERE channel_id = %s "
                 "AND type IN ('system_leave_team', 'system_remove_from_team') ORDER BY create_at, type", town)
    assert rows == [("system_leave_team", leaver.id, f"{leaver.user['username']} left the team.", leaver.user["username"]),
                    ("system_remove_from_team", removed.id, f"{removed.user['username']} removed from the team.",
                     removed.user["username"])]
    # re-joining re-activates the row
    again = t.add(owner, tid, leaver.id)
    assert again["delete_at"] == 0 and fixtures.is_channel_member(t, tid, "town-square", leaver.id)


def test_list_members_sorted_and_paged(teams):
    t = teams()
    owner = t.user(name="mmm-owner")
    zed, abe = t.user(name="zed-user"), t.user(name="abe-user")
    team = t.team(owner)
    tid = team["id"]
    t.add(owner, tid, zed.id)
    t.add(owner, tid, abe.id)
    by_name = owner.get(f"/teams/{tid}/members?sort=Username").json()
    assert [m["user_id"] for m in by_name] == [abe.id, owner.id, zed.id]
    by_id = owner.get(f"/teams/{tid}/members").json()
    assert [m["user_id"] for m in by_id] == sorted([abe.id, owner.id, zed.id])
    assert [m["user_id"] for m in owner.get(f"/teams/{tid}/members?sort=Username&page=1&per_page=2").json()] == [zed.id]
    assert t.admin.put(f"/users/{zed.id}/active", json={"active": False}).status_code == 200
    live = owner.get(f"/teams/{tid}/members?sort=Username&exclude_deleted_users=true").json()
    assert [m["user_id"] for m in live] == [abe.id, owner.id]
    outsider = t.user()
    assert_error(outsider.get(f"/teams/{tid}/members"), 403, PERM)


def test_get_member_and_by_ids(teams):
    t = teams()
    owner, member, outsider = t.user(), t.user(), t.user()
    team = t.team(owner)
    tid = team["id"]
    t.add(owner, tid, member.id)
    got = member.get(f"/teams/{tid}/members/{owner.id}").json()
    assert got["roles"] == "team_user team_admin" and got["explicit_roles"] == ""
    assert_error(member.get(f"/teams/{tid}/members/{outsider.id}"), 404, "app.team.get_member.missing.app_error")
    assert_error(outsider.get(f"/teams/{tid}/members/{owner.id}"), 403, PERM)
    ids = member.post(f"/teams/{tid}/members/ids", json=[owner.id, outsider.id, member.id]).json()
    assert sorted(m["user_id"] for m in ids) == sorted([owner.id, member.id])
    assert_error(member.post(f"/teams/{tid}/members/ids", json=["bad"]), 400, INVALID_BODY)
    assert_error(outsider.post(f"/teams/{tid}/members/ids", json=[owner.id]), 403, PERM)


def test_my_team_members(teams):
    t = teams()
    a, b = t.user(), t.user()
    t1, t2 = t.team(a), t.team(a)
    mine = a.get("/users/me/teams/members").json()
    assert sorted(m["team_id"] for m in mine) == sorted([t1["id"], t2["id"]])
    assert_error(b.get(f"/users/{a.id}/teams/members"), 403, PERM)
    assert len(t.admin.get(f"/users/{a.id}/teams/members").json()) == 2


def test_update_member_roles(teams):
    t = teams()
    owner, member = t.user(), t.user()
    team = t.team(owner)
    tid = team["id"]
    t.add(owner, tid, member.id)
    ws = t.connect(member)
    assert_error(member.put(f"/teams/{tid}/members/{member.id}/roles", json={"roles": "team_user team_admin"}), 403, PERM)
    r = owner.put(f"/teams/{tid}/members/{member.id}/roles", json={"roles": "team_user team_admin"})
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    assert member.get(f"/teams/{tid}/members/{member.id}").json()["roles"] == "team_user team_admin"
    ws.event("memberrole_updated")
    # now a team admin: may patch the team
    assert member.put(f"/teams/{tid}/patch", json={"display_name": "By new admin"}).status_code == 200
    assert_error(owner.put(f"/teams/{tid}/members/{member.id}/roles", json={"roles": "Bad Role"}), 400, INVALID_BODY)
    assert_error(owner.put(f"/teams/{tid}/members/{member.id}/roles", json={"roles": "team_user team_guest"}), 400,
                 "api.team.update_team_member_roles.guest_and_user.app_error")
    r = owner.put(f"/teams/{tid}/members/{member.id}/schemeRoles",
                  json={"scheme_admin": False, "scheme_user": True, "scheme_guest": False})
    assert r.status_code == 200
    assert member.get(f"/teams/{tid}/members/{member.id}").json()["roles"] == "team_user"
    assert_error(owner.put(f"/teams/{tid}/members/{member.id}/schemeRoles", json={"scheme_admin": "yes"}), 400, INVALID_BODY)
