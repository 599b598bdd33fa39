"""Reading memberships: channel members (paged, one, by ids), mine per team / across teams, ChannelUnread."""

from members_fixtures import assert_error, new_id


def world(m):
    (a, ta), (b, tb), (c, tc) = m.user(), m.user(), m.user()
    tid = m.fx.team(members=[a["id"], b["id"], c["id"]])
    pub = m.fx.channel(tid, members=[a["id"], b["id"]], total=9, total_root=4)
    priv = m.fx.channel(tid, type="P", members=[a["id"], b["id"]])
    return tid, pub, priv, (a, ta), (b, tb), (c, tc)


def test_channel_members_paged_and_sanitized(members):
    m = members()
    tid, pub, priv, (a, ta), (b, tb), (c, tc) = world(m)
    r = m.req("GET", f"/channels/{pub}/members?page=0&per_page=1", ta)
    assert r.status_code == 200 and len(r.json()) == 1
    r2 = m.req("GET", f"/channels/{pub}/members?page=1&per_page=1", ta)
    assert len(r2.json()) == 1 and r2.json()[0]["user_id"] != r.json()[0]["user_id"]
    everyone = {x["user_id"]: x for x in m.req("GET", f"/channels/{pub}/members", ta).json()}
    assert set(everyone) == {a["id"], b["id"]}
    assert "last_viewed_at" in everyone[a["id"]] and "last_update_at" in everyone[a["id"]]
    assert "last_viewed_at" not in everyone[b["id"]] and "last_update_at" not in everyone[b["id"]]
    assert everyone[b["id"]]["roles"] == "channel_user"
    # a non-member never reads a private channel's members, nor a public one without read_channel
    assert_error(m.req("GET", f"/channels/{priv}/members", tc), 403, "api.context.permissions.app_error")
    assert_error(m.req("GET", f"/channels/{pub}/members", tc), 403, "api.context.permissions.app_error")
    assert_error(m.req("GET", f"/channels/{new_id()}/members", ta), 403, "api.context.permissions.app_error")
    assert m.req("GET", f"/channels/{priv}/members", m.admin_tok).status_code == 200


def test_one_member_and_by_ids(members):
    m = members()
    tid, pub, priv, (a, ta), (b, tb), (c, tc) = world(m)
    r = m.req("GET", f"/channels/{priv}/members/{b['id']}", ta)
    assert r.status_code == 200 and r.json()["user_id"] == b["id"] and "last_viewed_at" not in r.json()
    me = m.req("GET", f"/channels/{priv}/members/me", ta).json()
    assert me["user_id"] == a["id"] and me["last_viewed_at"] == 0
    assert_error(m.req("GET", f"/channels/{priv}/members/{c['id']}", ta), 404, "app.channel.get_member.missing.app_error")
    assert_error(m.req("GET", f"/channels/{priv}/members/{a['id']}", tc), 403, "api.context.permissions.app_error")
    r = m.req("POST", f"/channels/{priv}/members/ids", ta, [b["id"], c["id"], a["id"]])
    assert r.status_code == 200 and sorted(x["user_id"] for x in r.json()) == sorted([a["id"], b["id"]])
    assert_error(m.req("POST", f"/channels/{priv}/members/ids", ta, []), 400, "api.context.invalid_body_param.app_error")
    assert_error(m.req("POST", f"/channels/{priv}/members/ids", ta, ["nope"]), 400, "api.context.invalid_body_param.app_error")
    assert_error(m.req("POST", f"/channels/{priv}/members/ids", tc, [a["id"]]), 403, "api.context.permissions.app_error")


def test_my_members_per_team_with_dms(members):
    m = members()
    tid, pub, priv, (a, ta), (b, tb), (c, tc) = world(m)
    other_team = m.fx.team(members=[a["id"]])
    elsewhere = m.fx.channel(other_team, members=[a["id"]])
    dm = m.fx.dm(a["id"], c["id"])
    r = m.req("GET", f"/users/me/teams/{tid}/channels/members", ta)
    assert r.status_code == 200, r.text
    assert sorted(x["channel_id"] for x in r.json()) == sorted([pub, priv, dm])
    assert elsewhere not in {x["channel_id"] for x in r.json()}
    # another user's list needs manage_system; outside the team view_team fails first
    assert_error(m.req("GET", f"/users/{a['id']}/teams/{tid}/channels/members", tb), 403, "api.context.permissions.app_error")
    assert_error(m.req("GET", f"/users/me/teams/{other_team}/channels/members", tb), 403, "api.context.permissions.app_error")
    assert m.req("GET", f"/users/{a['id']}/teams/{tid}/channels/members", m.admin_tok).status_code == 200
    assert_error(m.req("GET", "/users/me/teams/bad/channels/members", ta), 400, "api.context.invalid_url_param.app_error")


def test_my_members_across_teams_paged(members):
    m = members()
    tid, pub, priv, (a, ta), (b, tb), (c, tc) = world(m)
    other_team = m.fx.team(members=[a["id"]])
    elsewhere = m.fx.channel(other_team, members=[a["id"]])
    every = m.req("GET", f"/users/{a['id']}/channel_members?page=0&per_page=200", ta).json()
    assert sorted(x["channel_id"] for x in every) == sorted([pub, priv, elsewhere])
    row = next(x for x in every if x["channel_id"] == elsewhere)
    assert row["team_name"] and row["team_display_name"] == row["team_name"].upper() and row["team_update_at"] == 7
    first = m.req("GET", f"/users/me/channel_members?page=0&per_page=2", ta).json()
    second = m.req("GET", f"/users/me/channel_members?page=1&per_page=2", ta).json()
    assert len(first) == 2 and len(second) == 1
    assert {x["channel_id"] for x in first + second} == {pub, priv, elsewhere}
    assert_error(m.req("GET", f"/users/{a['id']}/channel_members", tb), 403, "api.context.permissions.app_error")
    seen = m.req("GET", f"/users/{a['id']}/channel_members", m.admin_tok)
    assert seen.status_code == 200 and len(seen.json()) == 3
    assert all("last_viewed_at" not in x and "last_update_at" not in x for x in seen.json())
    assert all("last_viewed_at" in x for x in every)


def test_channel_unread(members):
    m = members()
    tid, pub, priv, (a, ta), (b, tb), (c, tc) = world(m)
    m.fx.sql("UPDATE channel_members SET msg_count = 3, msg_count_root = 1, mention_count = 2 WHERE channel_id = %s "
             "AND user_id = %s", pub, a["id"])
    r = m.req("GET", f"/users/me/channels/{pub}/unread", ta)
    assert r.status_code == 200, r.text
    assert r.json() == {"team_id": tid, "channel_id": pub, "msg_count": 6, "mention_count": 2, "mention_count_root": 0,
                        "urgent_mention_count": 0, "msg_count_root": 3}
    assert_error(m.req("GET", f"/users/{a['id']}/channels/{pub}/unread", tb), 403, "api.context.permissions.app_error")
    assert_error(m.req("GET", f"/users/me/channels/{priv}/unread", tc), 403, "api.context.permissions.app_error")
    assert_error(m.req("GET", f"/users/{c['id']}/channels/{pub}/unread", m.admin_tok), 404,
                 "app.channel.get_member.missing.app_error")
