"""Teams: create, get, lists, search, patch/update, delete/restore, invite id, stats (Mattermost's api4/team.go)."""

import json

import fixtures
import pytest
from conftest import assert_error

PERM = "api.context.permissions.app_error"


def patch_role(t, name, drop):
    """Remove permissions from a built-in role through the roles API (as an admin would)."""
    role = t.admin.get(f"/roles/name/{name}").json()
    perms = [p for p in role["permissions"] if p not in drop]
    r = t.admin.put(f"/roles/{role['id']}/patch", json={"permissions": perms})
    assert r.status_code == 200, r.text


def test_create_team_makes_creator_admin_and_default_channels(teams):
    t = teams()
    a = t.user()
    r = a.post("/teams", json={"name": "eng-one", "display_name": "Engineering", "type": "O", "allow_open_invite": True})
    assert r.status_code == 201, r.text
    team = r.json()
    assert team["name"] == "eng-one" and team["display_name"] == "Engineering" and team["type"] == "O"
    assert team["email"] == a.user["email"] and len(team["invite_id"]) == 26 and team["delete_at"] == 0
    assert team["scheme_id"] is None and team["group_constrained"] is None
    m = a.get(f"/teams/{team['id']}/members/{a.id}").json()
    assert m["roles"] == "team_user team_admin" and m["scheme_admin"] is True and m["delete_at"] == 0
    assert fixtures.channel_names(t, team["id"]) == ["off-topic", "town-square"]
    assert fixtures.is_channel_member(t, team["id"], "town-square", a.id)
    assert fixtures.is_channel_member(t, team["id"], "off-topic", a.id)


@pytest.mark.parametrize("body,error_id", [
    ({"name": "x" * 65, "display_name": "Long"}, "model.team.is_valid.url.app_error"),
    ({"name": "admins-room", "display_name": "Reserved"}, "model.team.is_valid.reserved.app_error"),
    ({"name": "Bad Name!", "display_name": "Chars"}, "model.team.is_valid.characters.app_error"),
    ({"name": "a", "display_name": "Short"}, "model.team.is_valid.characters.app_error"),
    ({"name": "no-display", "display_name": ""}, "model.team.is_valid.name.app_error"),
    ({"name": "bad-type", "display_name": "T", "type": "X"}, "model.team.is_valid.type.app_error"),
    ({"name": 12, "display_name": "Wrong type"}, "api.context.invalid_body_param.app_error"),
])
def test_create_team_bad_input(teams, body, error_id):
    t = teams()
    a = t.user()
    body = dict({"type": "O"}, **body)
    assert_error(a.post("/teams", json=body), 400, error_id)


def test_create_team_duplicate_name(teams):
    t = teams()
    a = t.user()
    t.team(a, name="dup-name")
    assert_error(a.post("/teams", json={"name": "dup-name", "display_name": "Again", "type": "O"}), 400,
                 "app.team.save.existing.app_error")


def test_create_team_without_permission(teams):
    t = teams()
    a = t.user()
    patch_role(t, "system_user", {"create_team"})
    assert_error(a.post("/teams", json={"name": "nope-team", "display_name": "No", "type": "O"}), 403,
                 "api.team.is_team_creation_allowed.disabled.app_error")
    assert t.admin.post("/teams", json={"name": "boss-ok", "display_name": "Ok", "type": "O"}).status_code == 201


def test_get_team_visibility_and_sanitizing(teams):
    t = teams()
    owner, member, other = t.user(), t.user(), t.user()
    open_team = t.team(owner)
    closed = t.team(owner, open_=False)
    t.add(owner, closed["id"], member.id)
    # the owner (team admin) sees everything
    full = owner.get(f"/teams/{closed['id']}").json()
    assert full["email"] == owner.user["email"] and full["invite_id"] == closed["invite_id"]
    # a member (invite_user) keeps the invite id but not the email
    seen = member.get(f"/teams/{closed['id']}").json()
    assert seen["email"] == "" and seen["invite_id"] == closed["invite_id"]
    # a non-member: the open team sanitized, the invite-only one refused
    r = other.get(f"/teams/{open_team['id']}")
    assert r.status_code == 200 and r.json()["email"] == "" and r.json()["invite_id"] == ""
    assert_error(other.get(f"/teams/{closed['id']}"), 403, PERM)
    assert_error(other.get(f"/teams/name/{closed['name']}"), 403, PERM)
    assert other.get(f"/teams/name/{open_team['name']}").json()["id"] == open_team["id"]
    assert_error(other.get("/teams/" + "a" * 26), 404, "app.team.get.find.app_error")
    assert_error(other.get("/teams/notanid"), 400, "api.context.invalid_url_param.app_error")
    assert_error(other.get("/teams/name/no-such-team"), 404, "app.team.get_by_name.missing.app_error")


def test_team_exists(teams):
    t = teams()
    owner, other = t.user(), t.user()
    open_team = t.team(owner)
    closed = t.team(owner, open_=False)
    assert other.get(f"/teams/name/{open_team['name']}/exists").json() == {"exists": True}
    assert other.get(f"/teams/name/{closed['name']}/exists").json() == {"exists": False}
    assert owner.get(f"/teams/name/{closed['name']}/exists").json() == {"exists": True}
    assert other.get("/teams/name/never-made/exists").json() == {"exists": False}


def test_list_teams(teams):
    t = teams()
    owner, other = t.user(), t.user()
    t.team(owner, name="bbb-open", display_name="B open")
    t.team(owner, name="aaa-open", display_name="A open")
    t.team(owner, name="ccc-closed", display_name="C closed", open_=False)
    names = [x["name"] for x in other.get("/teams").json()]
    assert names == ["aaa-open", "bbb-open"]
    assert all(x["email"] == "" and x["invite_id"] == "" for x in other.get("/teams").json())
    page = other.get("/teams?page=1&per_page=1").json()
    assert [x["name"] for x in page] == ["bbb-open"]
    body = other.get("/teams?include_total_count=true&per_page=1").json()
    assert body["total_count"] == 2 and [x["name"] for x in body["teams"]] == ["aaa-open"]
    assert {x["name"] for x in t.admin.get("/teams").json()} == {"aaa-open", "bbb-open", "ccc-closed"}


def test_list_teams_without_permission(teams):
    t = teams()
    a = t.user()
    patch_role(t, "system_user", {"list_public_teams"})
    assert_error(a.get("/teams"), 403, "api.team.get_all_teams.insufficient_permissions")


def test_teams_of_user(teams):
    t = teams()
    a, b = t.user(), t.user()
    team = t.team(a)
    t.team(b)
    mine = a.get("/users/me/teams").json()
    assert [x["id"] for x in mine] == [team["id"]]
    assert_error(b.get(f"/users/{a.id}/teams"), 403, PERM)
    assert [x["id"] for x in t.admin.get(f"/users/{a.id}/teams").json()] == [team["id"]]
    assert_error(a.get("/users/notanid/teams"), 400, "api.context.invalid_url_param.app_error")


def test_patch_team_events_and_permissions(teams):
    t = teams()
    owner, member, outsider = t.user(), t.user(), t.user()
    team = t.team(owner)
    t.add(owner, team["id"], member.id)
    ws_member, ws_out = t.connect(member), t.connect(outsider)
    r = owner.put(f"/teams/{team['id']}/patch", json={"display_name": "Renamed", "description": "about"})
    assert r.status_code == 200, r.text
    assert r.json()["display_name"] == "Renamed" and r.json()["description"] == "about"
    ev = ws_member.event("update_team")
    assert ev["broadcast"]["team_id"] == team["id"]
    sent = json.loads(ev["data"]["team"])
    assert sent["display_name"] == "Renamed" and sent["email"] == "" and sent["invite_id"] == ""
    t.barrier(ws_out)
    ws_out.assert_no_event("update_team")
    assert_error(member.put(f"/teams/{team['id']}/patch", json={"display_name": "X"}), 403, PERM)
    assert_error(outsider.put(f"/teams/{team['id']}/patch", json={"display_name": "X"}), 403, PERM)
    assert_error(owner.put(f"/teams/{team['id']}/patch", json={"display_name": ""}), 400,
                 "model.team.is_valid.name.app_error")
    # closing the team gives it a new invite id
    closed = owner.put(f"/teams/{team['id']}/patch", json={"allow_open_invite": False}).json()
    assert closed["allow_open_invite"] is False and closed["invite_id"] != team["invite_id"]


def test_update_team(teams):
    t = teams()
    owner = t.user()
    team = t.team(owner)
    body = dict(team, display_name="Updated", description="desc", name="ignored-name")
    r = owner.put(f"/teams/{team['id']}", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["display_name"] == "Updated" and r.json()["name"] == team["name"]
    assert_error(owner.put(f"/teams/{team['id']}", json=dict(team, id="b" * 26)), 400,
                 "api.context.invalid_body_param.app_error")


def test_delete_and_restore(teams):
    t = teams()
    owner, member, outsider = t.user(), t.user(), t.user()
    team = t.team(owner)
    t.add(owner, team["id"], member.id)
    ws_member, ws_out = t.connect(member), t.connect(outsider)
    assert_error(member.delete(f"/teams/{team['id']}"), 403, PERM)
    r = owner.delete(f"/teams/{team['id']}")
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    ev = ws_member.event("delete_team")
    assert ev["broadcast"]["team_id"] == team["id"]
    assert owner.get(f"/teams/{team['id']}").json()["delete_at"] > 0
    assert team["id"] not in [x["id"] for x in owner.get("/users/me/teams").json()]
    assert_error(member.post(f"/teams/{team['id']}/restore"), 403, PERM)
    r = owner.post(f"/teams/{team['id']}/restore")
    assert r.status_code == 200 and r.json()["delete_at"] == 0
    ws_member.event("restore_team")
    t.barrier(ws_out)
    ws_out.assert_no_event("delete_team")
    ws_out.assert_no_event("restore_team")


def test_permanent_delete_needs_setting(teams):
    t = teams()
    owner = t.user()
    team = t.team(owner)
    assert_error(owner.delete(f"/teams/{team['id']}?permanent=true"), 401, "api.user.delete_team.not_enabled.app_error")
    assert owner.get(f"/teams/{team['id']}").json()["delete_at"] == 0


def test_permanent_delete(teams):
    t = teams({"ServiceSettings": {"EnableAPITeamDeletion": True}})
    owner = t.user()
    team = t.team(owner)
    assert owner.delete(f"/teams/{team['id']}?permanent=true").status_code == 200
    assert_error(t.admin.get(f"/teams/{team['id']}"), 404, "app.team.get.find.app_error")
    assert t.sql("SELECT count(*) FROM channels WHERE team_id = %s", team["id"])[0][0] == 0


def test_regenerate_invite_id(teams):
    t = teams()
    owner, member = t.user(), t.user()
    team = t.team(owner)
    t.add(owner, team["id"], member.id)
    r = owner.post(f"/teams/{team['id']}/regenerate_invite_id")
    assert r.status_code == 200 and r.json()["invite_id"] not in ("", team["invite_id"])
    assert_error(member.post(f"/teams/{team['id']}/regenerate_invite_id"), 403, PERM)


def test_team_stats(teams):
    t = teams()
    owner, member, gone, outsider = t.user(), t.user(), t.user(), t.user()
    team = t.team(owner)
    t.add(owner, team["id"], member.id)
    t.add(owner, team["id"], gone.id)
    assert t.admin.put(f"/users/{gone.id}/active", json={"active": False}).status_code == 200
    stats = member.get(f"/teams/{team['id']}/stats").json()
    assert stats == {"team_id": team["id"], "total_member_count": 3, "active_member_count": 2}
    assert_error(outsider.get(f"/teams/{team['id']}/stats"), 403, PERM)


def test_search_teams(teams):
    t = teams()
    owner, other = t.user(), t.user()
    t.team(owner, name="search-alpha", display_name="Alpha")
    t.team(owner, name="search-beta", display_name="Beta")
    t.team(owner, name="search-closed", display_name="Closed", open_=False)
    t.team(owner, name="elsewhere", display_name="Other")
    found = other.post("/teams/search", json={"term": "search"}).json()
    assert sorted(x["name"] for x in found) == ["search-alpha", "search-beta"]
    assert [x["name"] for x in other.post("/teams/search", json={"term": "BET"}).json()] == ["search-beta"]
    assert_error(other.post("/teams/search", json={"term": "search", "page": 0, "per_page": 10}), 501,
                 "api.team.search_teams.pagination_not_implemented.public_team_search")
    paged = t.admin.post("/teams/search", json={"term": "search", "page": 0, "per_page": 2}).json()
    assert paged["total_count"] == 3 and len(paged["teams"]) == 2
    assert_error(other.post("/teams/search", json={"term": 5}), 400, "api.context.invalid_body_param.app_error")


def test_update_privacy(teams):
    t = teams()
    owner, member = t.user(), t.user()
    team = t.team(owner)
    t.add(owner, team["id"], member.id)
    ws = t.connect(member)
    r = owner.put(f"/teams/{team['id']}/privacy", json={"privacy": "I"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["type"] == "I" and body["allow_open_invite"] is False and body["invite_id"] != team["invite_id"]
    ws.event("update_team")
    assert_error(owner.put(f"/teams/{team['id']}/privacy", json={"privacy": "X"}), 400, "api.context.invalid_body_param.app_error")
    assert_error(member.put(f"/teams/{team['id']}/privacy", json={"privacy": "O"}), 403, PERM)


def test_invite_info(teams):
    t = teams()
    owner = t.user()
    team = t.team(owner, description="come in")
    closed = t.team(owner, open_=False)
    import requests
    r = requests.get(t.base + f"/api/v4/teams/invite/{team['invite_id']}", timeout=30)
    assert r.status_code == 200, r.text
    assert r.json() == {"display_name": team["display_name"], "description": "come in", "name": team["name"], "id": team["id"]}
    assert_error(requests.get(t.base + f"/api/v4/teams/invite/{closed['invite_id']}", timeout=30), 403,
                 "api.team.get_invite_info.not_open_team")
    assert_error(requests.get(t.base + "/api/v4/teams/invite/" + "k" * 26, timeout=30), 404,
                 "app.team.get_by_invite_id.finding.app_error")
