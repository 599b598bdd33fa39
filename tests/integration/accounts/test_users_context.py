"""Users in the context of teams and channels (issue 12): the membership filters of GET /users,
/users/autocomplete and /users/search with Mattermost's permission checks, and GET /users/stats/filtered.
Team / channel rows are written with SQL (the teams / channels endpoints are other work)."""

import uuid

from conftest import assert_error


def new_id():
    return uuid.uuid4().hex[:26]


def make_world(acc):
    """Team t (amy, ann; ann team admin), public c (amy), private p (amy); bob in no team."""
    users = {}
    for name in ("amy", "ann", "bob"):
        users[name], users[name + "_api"] = acc.user_and_api(username=name)
    t, c, p = new_id(), new_id(), new_id()
    acc.sql("INSERT INTO teams (id, name) VALUES (%s, 'ctx')", t)
    acc.sql("INSERT INTO team_members (team_id, user_id) VALUES (%s, %s)", t, users["amy"]["id"])
    acc.sql("INSERT INTO team_members (team_id, user_id, scheme_admin) VALUES (%s, %s, true)", t, users["ann"]["id"])
    acc.sql("INSERT INTO channels (id, team_id, name, type) VALUES (%s, %s, 'pub', 'O'), (%s, %s, 'priv', 'P')", c, t, p, t)
    acc.sql("INSERT INTO channel_members (channel_id, user_id, scheme_admin) VALUES (%s, %s, true), (%s, %s, false)",
            c, users["amy"]["id"], p, users["amy"]["id"])
    users.update(t=t, c=c, p=p)
    return users


def names(r):
    assert r.status_code == 200, r.text
    return sorted(u["username"] for u in r.json())


def test_list_filters_with_permissions(accounts):
    acc = accounts()
    w = make_world(acc)
    amy, ann, bob = w["amy_api"], w["ann_api"], w["bob_api"]
    t, c, p = w["t"], w["c"], w["p"]
    assert names(amy.get(f"/users?in_team={t}")) == ["amy", "ann"]
    assert names(amy.get(f"/users?not_in_team={t}")) == ["admin", "bob"]
    assert names(amy.get(f"/users?in_team={t}&not_in_channel={c}")) == ["ann"]
    assert names(amy.get(f"/users?in_channel={p}")) == ["amy"]
    assert names(amy.get(f"/users?in_team={t}&in_channel={c}&group_constrained=true")) == ["amy"]
    assert names(acc.admin.get("/users?without_team=true")) == ["admin", "bob"]
    # who may not
    assert_error(bob.get(f"/users?in_team={t}"), 403, "api.context.permissions.app_error")
    assert_error(bob.get(f"/users?not_in_team={t}"), 403, "api.context.permissions.app_error")
    assert_error(ann.get(f"/users?in_channel={p}"), 403, "api.context.permissions.app_error")
    assert_error(ann.get(f"/users?in_channel={c}"), 403, "api.context.permissions.app_error")  # read_channel: members
    assert_error(amy.get(f"/users?in_channel={new_id()}"), 403, "api.context.permissions.app_error")
    assert_error(ann.get(f"/users?in_team={t}&not_in_channel={p}"), 403, "api.context.permissions.app_error")
    assert_error(amy.get("/users?without_team=true"), 403, "api.context.permissions.app_error")
    assert_error(amy.get(f"/users?not_in_channel={c}"), 400, "api.context.invalid_url_param.app_error")


def test_autocomplete_ranks_channel_members_first(accounts):
    acc = accounts()
    w = make_world(acc)
    amy, bob = w["amy_api"], w["bob_api"]
    t, c = w["t"], w["c"]
    r = amy.get(f"/users/autocomplete?in_team={t}&in_channel={c}&name=a")
    assert r.status_code == 200
    body = r.json()
    assert [u["username"] for u in body["users"]] == ["amy"]
    assert [u["username"] for u in body["out_of_channel"]] == ["ann"]
    r = amy.get(f"/users/autocomplete?in_team={t}&name=")
    assert [u["username"] for u in r.json()["users"]] == ["amy", "ann"] and "out_of_channel" not in r.json()
    assert_error(amy.get(f"/users/autocomplete?in_channel={c}&name=a"), 500,
                 "api.user.autocomplete_users.missing_team_id.app_error")
    assert_error(bob.get(f"/users/autocomplete?in_team={t}&name=a"), 403, "api.context.permissions.app_error")
    assert_error(bob.get(f"/users/autocomplete?in_team={t}&in_channel={c}&name=a"), 403, "api.context.permissions.app_error")


def test_search_filters_with_permissions(accounts):
    acc = accounts()
    w = make_world(acc)
    amy, bob = w["amy_api"], w["bob_api"]
    t, c = w["t"], w["c"]
    assert names(amy.post("/users/search", json={"term": "a", "team_id": t, "not_in_channel_id": c})) == ["ann"]
    assert names(amy.post("/users/search", json={"term": "a", "in_channel_id": c})) == ["amy"]
    assert names(amy.post("/users/search", json={"term": "b", "not_in_team_id": t})) == ["bob"]
    assert_error(amy.post("/users/search", json={"term": "a", "not_in_channel_id": c}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(bob.post("/users/search", json={"term": "a", "team_id": t}), 403, "api.context.permissions.app_error")
    assert_error(bob.post("/users/search", json={"term": "a", "team_id": t, "in_channel_id": c}), 403,
                 "api.context.permissions.app_error")


def test_filtered_user_stats(accounts):
    acc = accounts()
    w = make_world(acc)
    t, c, p = w["t"], w["c"], w["p"]
    count = lambda q: acc.admin.get("/users/stats/filtered" + q)  # noqa: E731

    def n(q):
        r = count(q)
        assert r.status_code == 200, r.text
        return r.json()["total_users_count"]

    assert n("") == 4
    assert n(f"?in_team={t}") == 2
    assert n(f"?in_channel={c}") == 1
    assert n(f"?in_channel={p}") == 1
    assert n("?roles=system_admin") == 1
    assert n("?roles=system_user") == 3
    assert n("?roles=system_admin,system_user") == 4
    assert n(f"?in_team={t}&team_roles=team_admin") == 1
    assert n(f"?in_team={t}&team_roles=team_user") == 1
    assert n(f"?in_channel={c}&channel_roles=channel_admin") == 1
    assert n(f"?in_channel={p}&channel_roles=channel_admin") == 0
    # deactivated members and bots count only when asked
    acc.sql("UPDATE users SET delete_at = 1 WHERE id = %s", w["ann"]["id"])
    acc.sql("UPDATE users SET is_bot = true WHERE id = %s", w["amy"]["id"])
    assert n(f"?in_team={t}") == 0
    assert n(f"?in_team={t}&include_deleted=true") == 1
    assert n(f"?in_team={t}&include_deleted=true&include_bots=true") == 2
    assert_error(count("?roles=Bad!"), 400, "api.context.invalid_body_param.app_error")
    assert_error(count(f"?in_team={t}&team_roles=x-y"), 400, "api.context.invalid_body_param.app_error")
    assert_error(w["bob_api"].get("/users/stats/filtered"), 403, "api.context.permissions.app_error")
    # the plain stats stay the active total
    assert acc.admin.get("/users/stats").json() == {"total_users_count": 3}


def test_users_by_group_channel_ids(accounts):
    acc = accounts()
    w = make_world(acc)
    amy, ann, bob = w["amy"]["id"], w["ann"]["id"], w["bob"]["id"]
    g1, g2, g3 = new_id(), new_id(), new_id()
    acc.sql("INSERT INTO channels (id, name, type) VALUES (%s, 'g1', 'G'), (%s, 'g2', 'G'), (%s, 'g3', 'G')", g1, g2, g3)
    for ch, members in ((g1, (amy, ann, bob)), (g2, (ann, bob, acc.admin_user["id"])), (g3, (amy, bob, ann))):
        for uid in members:
            acc.sql("INSERT INTO channel_members (channel_id, user_id) VALUES (%s, %s)", ch, uid)
    r = w["amy_api"].post("/users/group_channels", json=[g1, g2, g3, w["c"], "junk"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert sorted(body) == sorted([g1, g3])  # g2: amy is not in it; c: not a group message
    assert [u["username"] for u in body[g1]] == ["ann", "bob"]
    assert [u["username"] for u in body[g3]] == ["ann", "bob"]
    assert "password" not in body[g1][0]  # sanitized as every user list
    assert_error(w["amy_api"].post("/users/group_channels", json=[]), 400, "api.context.invalid_body_param.app_error")
    assert_error(w["amy_api"].post("/users/group_channels", json=[1]), 400, "api.context.invalid_body_param.app_error")
