"""POST /channels/{id}/members (join / add) and DELETE /channels/{id}/members/{uid} (leave / remove)."""

import json

from members_fixtures import assert_error, new_id


def make_world(m, n=2):
    """A team with n plain members (users + tokens) and a public channel holding the first one."""
    users = [m.user() for _ in range(n)]
    tid = m.fx.team(members=[u["id"] for u, _ in users])
    cid = m.fx.channel(tid, members=[users[0][0]["id"]])
    return tid, cid, users


def test_join_public_channel_is_adding_yourself(members):
    m = members()
    tid, cid, [(a, ta), (b, tb)] = make_world(m)
    wa, wb = m.connect(ta), m.connect(tb)
    r = m.req("POST", f"/channels/{cid}/members", tb, {"user_id": b["id"]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["channel_id"] == cid and body["user_id"] == b["id"]
    assert body["roles"] == "channel_user" and body["scheme_user"] is True and body["scheme_admin"] is False
    assert body["notify_props"]["mark_unread"] == "all" and body["msg_count"] == 0
    # user_added goes to the channel, the joiner included (the hub index learnt the membership first)
    for ws in (wa, wb):
        ev = ws.event("user_added")
        data = ev["data"]
        assert (data["user_id"], data["team_id"], data["user"]["id"]) == (b["id"], tid, b["id"])
        assert data["user"]["username"] == b["username"] and "password" not in data["user"]
        assert ev["broadcast"]["channel_id"] == cid
    [(typ, actor, msg, props)] = m.fx.system_events(cid)
    assert (typ, actor, msg) == ("system_join_channel", b["id"], f"{b['username']} joined the channel.")
    assert props == {"username": b["username"]}
    # joining again answers the existing membership, records nothing, sends nothing
    r = m.req("POST", f"/channels/{cid}/members", tb, {"user_id": b["id"]})
    assert r.status_code == 201 and r.json()["user_id"] == b["id"]
    assert len(m.fx.system_events(cid)) == 1
    m.barrier(wa, wb)
    wa.assert_no_event("user_added")


def test_add_others_and_who_hears_it(members):
    m = members()
    tid, cid, [(a, ta), (b, tb), (c, tc), (d, td)] = make_world(m, 4)
    outsider, to = m.user()  # not in the team, not in the channel
    wa, wd, wo = m.connect(ta), m.connect(td), m.connect(to)
    r = m.req("POST", f"/channels/{cid}/members", ta, {"user_ids": [b["id"], c["id"]]})
    assert r.status_code == 201, r.text
    assert sorted(x["user_id"] for x in r.json()) == sorted([b["id"], c["id"]])
    got = sorted(wa.event("user_added")["data"]["user_id"] for _ in range(2))
    assert got == sorted([b["id"], c["id"]])
    m.barrier(wa, wd, wo)
    wd.assert_no_event("user_added")  # a team member outside the channel
    wo.assert_no_event("user_added")
    events = m.fx.system_events(cid)
    assert {e[0] for e in events} == {"system_add_to_channel"}
    props = {e[3]["addedUserId"]: e for e in events}
    e = props[b["id"]]
    assert e[1] == a["id"] and e[2] == f"{b['username']} added to the channel by {a['username']}."
    assert e[3] == {"userId": a["id"], "username": a["username"], "addedUserId": b["id"], "addedUsername": b["username"]}


def test_add_one_with_user_ids_answers_an_array(members):
    m = members()
    tid, cid, [(a, ta), (b, tb)] = make_world(m)
    r = m.req("POST", f"/channels/{cid}/members", ta, {"user_ids": [b["id"]]})
    assert r.status_code == 201 and isinstance(r.json(), list) and r.json()[0]["user_id"] == b["id"]


def test_adding_a_user_who_is_not_in_the_team(members):
    m = members()
    tid, cid, [(a, ta), _] = make_world(m)
    stranger, _ = m.user()
    assert_error(m.req("POST", f"/channels/{cid}/members", ta, {"user_id": stranger["id"]}), 404,
                 "app.team.get_member.missing.app_error")
    left, _ = m.user()
    m.fx.team_member(tid, left["id"], delete_at=99)
    assert_error(m.req("POST", f"/channels/{cid}/members", ta, {"user_id": left["id"]}), 400,
                 "api.channel.add_user.to.channel.failed.deleted.app_error")
    # in a batch, the others are added and the answer lists them
    ok, _ = m.user()
    m.fx.team_member(tid, ok["id"])
    r = m.req("POST", f"/channels/{cid}/members", ta, {"user_ids": [stranger["id"], ok["id"]]})
    assert r.status_code == 201 and [x["user_id"] for x in r.json()] == [ok["id"]]
    assert m.fx.member_row(cid, stranger["id"]) is None


def test_add_permissions(members):
    m = members()
    tid, cid, [(a, ta), (b, tb), (c, tc)] = make_world(m, 3)
    outsider, to = m.user()
    # a team member who is not in the public channel may join it but not add others
    assert_error(m.req("POST", f"/channels/{cid}/members", tb, {"user_id": c["id"]}), 403, "api.context.permissions.app_error")
    # somebody outside the team may not join
    assert_error(m.req("POST", f"/channels/{cid}/members", to, {"user_id": outsider["id"]}), 403,
                 "api.context.permissions.app_error")
    # private: only members (manage_private_channel_members) add, nobody joins by themself
    pid = m.fx.channel(tid, type="P", members=[a["id"]])
    assert_error(m.req("POST", f"/channels/{pid}/members", tb, {"user_id": b["id"]}), 403, "api.context.permissions.app_error")
    r = m.req("POST", f"/channels/{pid}/members", ta, {"user_id": b["id"]})
    assert r.status_code == 201, r.text
    # the system admin adds anyone of the team
    r = m.req("POST", f"/channels/{pid}/members", m.admin_tok, {"user_id": c["id"]})
    assert r.status_code == 201, r.text
    assert m.fx.member_row(pid, c["id"]) is not None


def test_add_bad_channels_and_bodies(members):
    m = members()
    tid, cid, [(a, ta), (b, tb)] = make_world(m)
    dm = m.fx.dm(a["id"], b["id"])
    assert_error(m.req("POST", f"/channels/{dm}/members", ta, {"user_id": b["id"]}), 400,
                 "api.channel.add_user_to_channel.type.app_error")
    archived = m.fx.channel(tid, members=[a["id"]], deleted=True)
    assert_error(m.req("POST", f"/channels/{archived}/members", ta, {"user_id": b["id"]}), 400,
                 "api.channel.add_user_to_channel.deleted.app_error")
    assert_error(m.req("POST", f"/channels/{new_id()}/members", ta, {"user_id": b["id"]}), 404,
                 "app.channel.get.existing.app_error")
    assert_error(m.req("POST", "/channels/nope/members", ta, {"user_id": b["id"]}), 400,
                 "api.context.invalid_url_param.app_error")
    for body in ({}, {"user_id": "short"}, {"user_id": 7}, {"user_ids": []}, {"user_ids": ["x"]}, {"user_ids": [b["id"], 3]}):
        r = m.req("POST", f"/channels/{cid}/members", ta, body)
        assert_error(r, 400, "api.context.invalid_body_param.app_error")
    unknown = new_id()
    assert_error(m.req("POST", f"/channels/{cid}/members", ta, {"user_id": unknown}), 404, "app.user.missing_account.const")


def test_leave_and_remove(members):
    m = members()
    tid, cid, [(a, ta), (b, tb), (c, tc)] = make_world(m, 3)
    m.fx.channel_member(cid, b["id"])
    m.fx.channel_member(cid, c["id"])
    wa, wb, wc = m.connect(ta), m.connect(tb), m.connect(tc)
    # b leaves
    r = m.req("DELETE", f"/channels/{cid}/members/{b['id']}", tb)
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    ev = wa.event("user_removed")
    assert ev["data"] == {"user_id": b["id"], "remover_id": b["id"]} and ev["broadcast"]["channel_id"] == cid
    ev = wb.event("user_removed")
    assert ev["data"] == {"channel_id": cid, "remover_id": b["id"]} and ev["broadcast"]["user_id"] == b["id"]
    # a removes c
    r = m.req("DELETE", f"/channels/{cid}/members/{c['id']}", ta)
    assert r.status_code == 200, r.text
    assert wa.event("user_removed")["data"] == {"user_id": c["id"], "remover_id": a["id"]}
    # c, still a member when b left, heard that too; its own copy names the channel
    assert wc.event("user_removed", pred=lambda e: "user_id" in e["data"])["data"] == {"user_id": b["id"],
                                                                                     "remover_id": b["id"]}
    assert wc.event("user_removed")["data"] == {"channel_id": cid, "remover_id": a["id"]}
    ev = m.fx.system_events(cid)
    assert [(e[0], e[1], e[2]) for e in ev] == [
        ("system_leave_channel", b["id"], f"@{b['username']} left the channel."),
        ("system_remove_from_channel", a["id"], f"@{c['username']} removed from the channel."),
    ]
    assert ev[0][3] == {"username": b["username"]}
    assert ev[1][3] == {"removedUserId": c["id"], "removedUsername": c["username"]}
    assert m.fx.member_row(cid, b["id"]) is None and m.fx.member_row(cid, c["id"]) is None
    rows = m.fx.sql("SELECT user_id, leave_time IS NOT NULL FROM channel_member_history WHERE channel_id = %s AND user_id "
                    "IN (%s, %s)", cid, b["id"], c["id"])
    assert all(closed for _, closed in rows)
    # the removed users stop hearing the channel at once: a later join reaches a only
    d, td = m.user()
    m.fx.team_member(tid, d["id"])
    assert m.req("POST", f"/channels/{cid}/members", td, {"user_id": d["id"]}).status_code == 201
    assert wa.event("user_added")["data"]["user_id"] == d["id"]
    m.barrier(wa, wb, wc)
    wb.assert_no_event("user_added")
    wc.assert_no_event("user_added")
    wb.assert_no_event("user_removed")  # b got exactly one user_removed (its own copy), read above


def test_remove_rules(members):
    m = members()
    tid, cid, [(a, ta), (b, tb), (c, tc)] = make_world(m, 3)
    m.fx.channel_member(cid, b["id"])
    # c is in the team but not in the channel: removing b needs manage_public_channel_members there
    assert_error(m.req("DELETE", f"/channels/{cid}/members/{b['id']}", tc), 403, "api.context.permissions.app_error")
    pid = m.fx.channel(tid, type="P", members=[a["id"], b["id"]])
    assert_error(m.req("DELETE", f"/channels/{pid}/members/{b['id']}", tc), 403, "api.context.permissions.app_error")
    # not a member
    assert_error(m.req("DELETE", f"/channels/{cid}/members/{c['id']}", tc), 404, "app.channel.get_member.missing.app_error")
    # town-square cannot be left
    ts = m.fx.channel(tid, name="town-square", members=[a["id"]])
    body = assert_error(m.req("DELETE", f"/channels/{ts}/members/{a['id']}", ta), 400, "api.channel.remove.default.app_error")
    assert body["message"] == "Unable to remove user from the default channel town-square."
    # D and G channels have no removable members
    dm = m.fx.dm(a["id"], b["id"])
    assert_error(m.req("DELETE", f"/channels/{dm}/members/{b['id']}", ta), 400,
                 "api.channel.remove_channel_member.type.app_error")
    assert_error(m.req("DELETE", f"/channels/{new_id()}/members/{b['id']}", ta), 404, "app.channel.get.existing.app_error")
    assert_error(m.req("DELETE", f"/channels/{cid}/members/{new_id()}", ta), 404, "app.user.missing_account.const")
    assert_error(m.req("DELETE", f"/channels/{cid}/members/bad", ta), 400, "api.context.invalid_url_param.app_error")
    # the last member of a private channel may leave it (Mattermost's DELETE path has no last-member rule)
    solo = m.fx.channel(tid, type="P", members=[a["id"]])
    assert m.req("DELETE", f"/channels/{solo}/members/{a['id']}", ta).status_code == 200


def test_removed_user_stops_hearing_the_channel_on_every_node(members):
    cluster = {"ParleySettings": {"ClusterEnable": True, "ClusterHeartbeatMs": 200}}
    n1 = members(config=cluster)
    n2 = members(config=cluster, first=n1)
    a, ta = n1.user()
    b, tb = n2.user()
    tid = n1.fx.team(members=[a["id"], b["id"]])
    cid = n1.fx.channel(tid, members=[a["id"], b["id"]])
    wa = n1.connect(ta)
    wb = n2.connect(tb)
    n1.wait_for_peers(wa, wb, cid)
    # b is removed through node 1; b's socket is on node 2
    assert n1.req("DELETE", f"/channels/{cid}/members/{b['id']}", ta).status_code == 200
    assert wb.event("user_removed", timeout=10)["data"] == {"channel_id": cid, "remover_id": a["id"]}
    wa.call("user_typing", {"channel_id": cid, "parent_id": ""})
    wb.events.clear()
    n1.barrier(wa, wb)  # new_user (everyone) after the typing: b has read past it
    wb.assert_no_event("typing")
    assert json.dumps(wb.events).count(cid) == 0
