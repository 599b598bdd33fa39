"""Roles, scheme roles, notify_props, view and mark_read."""

import json

from members_fixtures import assert_error, new_id


def world(m):
    (a, ta), (b, tb) = m.user(), m.user()
    tid = m.fx.team(members=[a["id"], b["id"]])
    cid = m.fx.channel(tid, members=[a["id"], b["id"]], total=10, total_root=6)
    return tid, cid, (a, ta), (b, tb)


def member(m, cid, uid, tok):
    return m.req("GET", f"/channels/{cid}/members/{uid}", tok).json()


def test_update_roles(members):
    m = members()
    tid, cid, (a, ta), (b, tb) = world(m)
    wb, wa = m.connect(tb), m.connect(ta)
    # a plain channel member has no manage_channel_roles
    assert_error(m.req("PUT", f"/channels/{cid}/members/{b['id']}/roles", ta, {"roles": "channel_user channel_admin"}), 403,
                 "api.context.permissions.app_error")
    r = m.req("PUT", f"/channels/{cid}/members/{b['id']}/roles", m.admin_tok, {"roles": "channel_user channel_admin"})
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    got = member(m, cid, b["id"], tb)
    assert got["scheme_admin"] is True and got["scheme_user"] is True and got["explicit_roles"] == ""
    assert got["roles"] == "channel_user channel_admin"
    ev = wb.event("channel_member_updated")
    assert ev["broadcast"]["user_id"] == b["id"]
    assert json.loads(ev["data"]["channelMember"])["scheme_admin"] is True
    # now b (channel admin) may change a's roles
    assert m.req("PUT", f"/channels/{cid}/members/{a['id']}/roles", tb, {"roles": "channel_user"}).status_code == 200
    assert wa.event("channel_member_updated")["broadcast"]["user_id"] == a["id"]
    m.barrier(wb)
    wb.assert_no_event("channel_member_updated")
    for roles, status, eid in [("bogus_role", 400, "app.role.get_by_name.app_error"),
                               ("system_admin", 400, "api.channel.update_channel_member_roles.scheme_role.app_error"),
                               ("channel_guest", 400, "api.channel.update_channel_member_roles.changing_guest_role.app_error"),
                               ("Channel-User", 400, "api.context.invalid_body_param.app_error")]:
        assert_error(m.req("PUT", f"/channels/{cid}/members/{a['id']}/roles", m.admin_tok, {"roles": roles}), status, eid)
    assert_error(m.req("PUT", f"/channels/{cid}/members/{a['id']}/roles", m.admin_tok, {"roles": 5}), 400,
                 "api.context.invalid_body_param.app_error")
    stranger, _ = m.user()
    assert_error(m.req("PUT", f"/channels/{cid}/members/{stranger['id']}/roles", m.admin_tok, {"roles": "channel_user"}), 404,
                 "app.channel.get_member.missing.app_error")


def test_update_scheme_roles(members):
    m = members()
    tid, cid, (a, ta), (b, tb) = world(m)
    body = {"scheme_admin": True, "scheme_user": True, "scheme_guest": False}
    assert_error(m.req("PUT", f"/channels/{cid}/members/{b['id']}/schemeRoles", ta, body), 403,
                 "api.context.permissions.app_error")
    assert m.req("PUT", f"/channels/{cid}/members/{b['id']}/schemeRoles", m.admin_tok, body).status_code == 200
    assert member(m, cid, b["id"], tb)["roles"] == "channel_user channel_admin"
    assert_error(m.req("PUT", f"/channels/{cid}/members/{b['id']}/schemeRoles", m.admin_tok,
                       {"scheme_admin": False, "scheme_user": True, "scheme_guest": True}), 400,
                 "api.channel.update_channel_member_roles.guest_and_user.app_error")
    assert_error(m.req("PUT", f"/channels/{cid}/members/{b['id']}/schemeRoles", m.admin_tok, {"scheme_user": "yes"}), 400,
                 "api.context.invalid_body_param.app_error")


def test_update_notify_props(members):
    m = members()
    tid, cid, (a, ta), (b, tb) = world(m)
    wa, wb = m.connect(ta), m.connect(tb)
    r = m.req("PUT", f"/channels/{cid}/members/me/notify_props", ta, {"mark_unread": "mention", "desktop": "all"})
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    props = member(m, cid, a["id"], ta)["notify_props"]
    assert props == {"desktop": "all", "email": "default", "ignore_channel_mentions": "default", "mark_unread": "mention",
                     "push": "default", "channel_auto_follow_threads": "off"}
    ev = wa.event("channel_member_updated")
    assert json.loads(ev["data"]["channelMember"])["notify_props"]["mark_unread"] == "mention"
    m.barrier(wb)
    wb.assert_no_event("channel_member_updated")
    r = m.req("PUT", f"/channels/{cid}/members/me/notify_props", ta,
              {"push": "none", "email": "false", "ignore_channel_mentions": "on", "channel_auto_follow_threads": "on",
               "unknown_key": "kept out"})
    assert r.status_code == 200
    props = member(m, cid, a["id"], ta)["notify_props"]
    assert props["push"] == "none" and props["email"] == "false" and props["channel_auto_follow_threads"] == "on"
    assert "unknown_key" not in props and props["desktop"] == "all"
    for body, eid in [({"desktop": "loud"}, "model.channel_member.is_valid.notify_level.app_error"),
                      ({"mark_unread": "none"}, "model.channel_member.is_valid.unread_level.app_error"),
                      ({"push": "x" * 30}, "model.channel_member.is_valid.push_level.app_error"),
                      ({"email": "yes"}, "model.channel_member.is_valid.email_value.app_error"),
                      ({"ignore_channel_mentions": "maybe"},
                       "model.channel_member.is_valid.ignore_channel_mentions_value.app_error"),
                      ({"channel_auto_follow_threads": "default"},
                       "model.channel_member.is_valid.channel_auto_follow_threads_value.app_error"),
                      ({"desktop": 1}, "api.context.invalid_body_param.app_error")]:
        assert_error(m.req("PUT", f"/channels/{cid}/members/me/notify_props", ta, body), 400, eid)
    assert_error(m.req("PUT", f"/channels/{cid}/members/{a['id']}/notify_props", tb, {"desktop": "all"}), 403,
                 "api.context.permissions.app_error")
    other = m.fx.channel(tid, members=[b["id"]])
    assert_error(m.req("PUT", f"/channels/{other}/members/me/notify_props", ta, {"desktop": "all"}), 404,
                 "app.channel.get_member.missing.app_error")


def test_view_channel(members):
    m = members()
    tid, cid, (a, ta), (b, tb) = world(m)
    prev = m.fx.channel(tid, members=[a["id"]], total=3, total_root=3)
    m.fx.sql("UPDATE channels SET last_post_at = 5000 WHERE id = %s", cid)
    m.fx.sql("UPDATE channels SET last_post_at = 7000 WHERE id = %s", prev)
    m.fx.sql("UPDATE channel_members SET mention_count = 4, urgent_mention_count = 1 WHERE user_id = %s", a["id"])
    wa, wb = m.connect(ta), m.connect(tb)
    r = m.req("POST", "/channels/members/me/view", ta, {"channel_id": cid, "prev_channel_id": prev,
                                                        "collapsed_threads_supported": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "OK" and set(body["last_viewed_at_times"]) == {cid, prev}
    # Mattermost's UpdateLastViewedAt: the times are the channels' last_post_at
    assert body["last_viewed_at_times"] == {cid: 5000, prev: 7000}
    at = 5000
    msg, root, mentions, viewed, _ = m.fx.member_row(cid, a["id"])
    assert (msg, root, mentions, viewed) == (10, 6, 0, at)
    got = member(m, cid, a["id"], ta)
    assert got["msg_count"] == 10 and got["mention_count"] == 0 and got["urgent_mention_count"] == 0
    assert got["last_viewed_at"] == at and got["last_update_at"] == at
    ev = wa.event("multiple_channels_viewed")
    assert ev["data"] == {"channel_times": body["last_viewed_at_times"]} and ev["broadcast"]["user_id"] == a["id"]
    m.barrier(wb)
    wb.assert_no_event("multiple_channels_viewed")
    # focus lost: nothing to view, nothing sent
    r = m.req("POST", "/channels/members/me/view", ta, {"channel_id": ""})
    assert r.status_code == 200 and r.json() == {"status": "OK", "last_viewed_at_times": {}}
    # a channel the user is not in is skipped
    foreign = m.fx.channel(tid, members=[b["id"]])
    assert m.req("POST", "/channels/members/me/view", ta, {"channel_id": foreign}).json()["last_viewed_at_times"] == {}
    m.barrier(wa)
    wa.assert_no_event("multiple_channels_viewed")
    assert_error(m.req("POST", "/channels/members/me/view", ta, {"channel_id": "bad"}), 400, "api.context.invalid_body_param.app_error")
    assert_error(m.req("POST", "/channels/members/me/view", ta, {"channel_id": cid, "prev_channel_id": 4}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(m.req("POST", f"/channels/members/{b['id']}/view", ta, {"channel_id": cid}), 403,
                 "api.context.permissions.app_error")
    assert m.req("POST", f"/channels/members/{b['id']}/view", m.admin_tok, {"channel_id": cid}).status_code == 200


def test_mark_read(members):
    m = members()
    tid, cid, (a, ta), (b, tb) = world(m)
    other = m.fx.channel(tid, members=[a["id"]], total=2)
    wa = m.connect(ta)
    r = m.req("POST", "/channels/members/me/mark_read", ta, [cid, other, new_id()])
    assert r.status_code == 200, r.text
    times = r.json()["last_viewed_at_times"]
    assert set(times) == {cid, other}
    assert m.fx.member_row(other, a["id"])[0] == 2
    assert wa.event("multiple_channels_viewed")["data"]["channel_times"] == times
    assert_error(m.req("POST", "/channels/members/me/mark_read", ta, []), 400, "api.context.invalid_body_param.app_error")
    assert_error(m.req("POST", "/channels/members/me/mark_read", ta, ["x"]), 400, "api.context.invalid_body_param.app_error")
    assert_error(m.req("POST", f"/channels/members/{b['id']}/mark_read", ta, [cid]), 403, "api.context.permissions.app_error")


def test_view_without_channel_viewed_messages(members):
    m = members(config={"ServiceSettings": {"EnableChannelViewedMessages": False}})
    tid, cid, (a, ta), (b, tb) = world(m)
    wa = m.connect(ta)
    r = m.req("POST", "/channels/members/me/view", ta, {"channel_id": cid})
    assert r.status_code == 200 and cid in r.json()["last_viewed_at_times"]
    m.barrier(wa)
    wa.assert_no_event("multiple_channels_viewed")
