"""The cached start-up and channel-switch reads (app/view_cache.h): my channels, my channel members and my
sidebar categories of a team, and repeated views, answered from memory until something they show changes.

SQL written behind the server's back is not seen by the cache: the tests use that to prove an answer came
from memory, then change the same thing through the API and assert the answer follows at once."""

import time

from members_fixtures import assert_error, new_id

CLUSTER = {"ParleySettings": {"ClusterEnable": True, "ClusterHeartbeatMs": 200}}


def world(m):
    (a, ta), (b, tb) = m.user(), m.user()
    tid = m.fx.team(members=[a["id"], b["id"]])
    cid = m.fx.channel(tid, members=[a["id"], b["id"]], total=4, total_root=4)
    return tid, cid, (a, ta), (b, tb)


def mine(m, tid, tok, headers=None):
    import requests
    h = {"Authorization": "Bearer " + tok}
    h.update(headers or {})
    return requests.get(m.base + f"/api/v4/users/me/teams/{tid}/channels", headers=h, timeout=30)


def names(r):
    assert r.status_code == 200, r.text
    return sorted(c["display_name"] for c in r.json())


def test_my_channels_follow_every_change(members):
    m = members()
    tid, cid, (a, ta), (b, tb) = world(m)
    first = mine(m, tid, ta)
    assert cid in [c["id"] for c in first.json()]
    etag = first.headers["ETag"]
    # from memory: a write behind the server's back is not seen, the ETag still matches
    m.fx.sql("UPDATE channels SET display_name = 'BEHIND' WHERE id = %s", cid)
    assert "BEHIND" not in names(mine(m, tid, ta))
    r = mine(m, tid, ta, {"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b"" and r.headers["ETag"] == etag
    # a rename through the API is seen at once, with a new ETag
    assert m.req("PUT", f"/channels/{cid}/patch", ta, {"display_name": "Renamed"}).status_code == 200
    r = mine(m, tid, ta, {"If-None-Match": etag})
    assert r.status_code == 200 and "Renamed" in names(r) and r.headers["ETag"] != etag
    # a channel created by another member, then a joined: listed at once
    r = m.req("POST", "/channels", tb, {"team_id": tid, "name": "n" + new_id()[:8], "display_name": "Fresh", "type": "O"})
    assert r.status_code == 201, r.text
    fresh = r.json()["id"]
    assert "Fresh" not in names(mine(m, tid, ta))
    assert m.req("POST", f"/channels/{fresh}/members", ta, {"user_id": a["id"]}).status_code == 201
    assert "Fresh" in names(mine(m, tid, ta))
    # archived: gone from the default list, kept with include_deleted; restored: back
    assert m.req("DELETE", f"/channels/{fresh}", tb).status_code == 200
    assert "Fresh" not in names(mine(m, tid, ta))
    import requests
    deleted = requests.get(m.base + f"/api/v4/users/me/teams/{tid}/channels?include_deleted=true",
                           headers={"Authorization": "Bearer " + ta}, timeout=30)
    assert "Fresh" in names(deleted)
    assert m.req("POST", f"/channels/{fresh}/restore", m.admin_tok).status_code == 200
    assert "Fresh" in names(mine(m, tid, ta))
    # leaving: gone at once; b's own list was never a's
    assert m.req("DELETE", f"/channels/{fresh}/members/{a['id']}", ta).status_code == 200
    assert "Fresh" not in names(mine(m, tid, ta))
    assert "Fresh" in names(mine(m, tid, tb))


def test_my_members_and_categories_follow_every_change(members):
    m = members()
    tid, cid, (a, ta), (b, tb) = world(m)
    path = f"/users/me/teams/{tid}/channels"
    mem = {x["channel_id"]: x for x in m.req("GET", path + "/members", ta).json()}
    assert mem[cid]["msg_count"] == 0
    cats = m.req("GET", path + "/categories", ta).json()
    assert [c["type"] for c in cats["categories"]] == ["favorites", "channels", "direct_messages"]
    # viewing the channel changes the read state: the members list follows
    assert m.req("POST", "/channels/members/me/view", ta, {"channel_id": cid}).status_code == 200
    mem = {x["channel_id"]: x for x in m.req("GET", path + "/members", ta).json()}
    assert mem[cid]["msg_count"] == 4
    # notify props through the API: seen at once
    assert m.req("PUT", f"/channels/{cid}/members/me/notify_props", ta, {"desktop": "none"}).status_code == 200
    mem = {x["channel_id"]: x for x in m.req("GET", path + "/members", ta).json()}
    assert mem[cid]["notify_props"]["desktop"] == "none"
    # a custom category: listed at once, and gone once deleted
    r = m.req("POST", path + "/categories", ta, {"user_id": a["id"], "team_id": tid, "display_name": "Mine",
                                               "channel_ids": [cid]})
    assert r.status_code == 201, r.text
    cats = m.req("GET", path + "/categories", ta).json()
    assert [c["display_name"] for c in cats["categories"]][:2] == ["Favorites", "Mine"]
    assert m.req("DELETE", path + "/categories/" + r.json()["id"], ta).status_code == 200
    cats = m.req("GET", path + "/categories", ta).json()
    assert "Mine" not in [c["display_name"] for c in cats["categories"]]
    # removed from the channel by another: gone from members and categories at once
    m.fx.sql("UPDATE channel_members SET scheme_admin = true WHERE user_id = %s AND channel_id = %s", b["id"], cid)
    assert m.req("DELETE", f"/channels/{cid}/members/{a['id']}", m.admin_tok).status_code == 200
    assert cid not in [x["channel_id"] for x in m.req("GET", path + "/members", ta).json()]
    cats = m.req("GET", path + "/categories", ta).json()
    assert all(cid not in c["channel_ids"] for c in cats["categories"])
    # another user's lists are not served to the caller (and not from the caller's cache)
    assert_error(m.req("GET", f"/users/{b['id']}/teams/{tid}/channels/members", ta), 403, "api.context.permissions.app_error")
    assert_error(m.req("GET", f"/users/{b['id']}/teams/{tid}/channels/categories", ta), 403, "api.context.permissions.app_error")


def test_repeated_view_is_answered_from_memory_until_the_channel_changes(members):
    m = members()
    tid, cid, (a, ta), (b, tb) = world(m)
    m.fx.sql("UPDATE channels SET last_post_at = 5000 WHERE id = %s", cid)
    wa = m.connect(ta)
    r = m.req("POST", "/channels/members/me/view", ta, {"channel_id": cid})
    assert r.json() == {"status": "OK", "last_viewed_at_times": {cid: 5000}}
    assert wa.event("multiple_channels_viewed")["data"] == {"channel_times": {cid: 5000}}
    # fully read: viewing again writes nothing (the row written behind the server's back stays) and
    # still answers and announces as Mattermost does
    m.fx.sql("UPDATE channel_members SET mention_count = 2 WHERE user_id = %s AND channel_id = %s", a["id"], cid)
    r = m.req("POST", "/channels/members/me/view", ta, {"channel_id": cid, "prev_channel_id": ""})
    assert r.json() == {"status": "OK", "last_viewed_at_times": {cid: 5000}}
    assert wa.event("multiple_channels_viewed")["data"] == {"channel_times": {cid: 5000}}
    assert m.fx.sql("SELECT mention_count FROM channel_members WHERE user_id = %s AND channel_id = %s", a["id"], cid)[0][0] == 2
    # the channel changed through the API: the next view is a real one again
    assert m.req("PUT", f"/channels/{cid}/patch", ta, {"header": "new"}).status_code == 200
    assert m.req("POST", "/channels/members/me/view", ta, {"channel_id": cid}).status_code == 200
    assert m.fx.sql("SELECT mention_count FROM channel_members WHERE user_id = %s AND channel_id = %s", a["id"], cid)[0][0] == 0
    # bad bodies still get their errors; another user's view still needs the permission
    assert_error(m.req("POST", "/channels/members/me/view", ta, {"channel_id": cid, "prev_channel_id": 4}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(m.req("POST", f"/channels/members/{b['id']}/view", ta, {"channel_id": cid}), 403,
                 "api.context.permissions.app_error")


def test_cached_lists_follow_changes_made_on_another_node(members):
    n1 = members(config=CLUSTER)
    n2 = members(config=CLUSTER, first=n1)
    a, ta = n1.user()
    b, tb = n1.user()
    tid = n1.fx.team(members=[a["id"], b["id"]])
    cid = n1.fx.channel(tid, type="P", members=[b["id"]])
    pub = n1.fx.channel(tid, members=[a["id"], b["id"]])
    n1.fx.sql("UPDATE channel_members SET scheme_admin = true WHERE channel_id = %s", cid)
    wa, wb = n1.connect(ta), n2.connect(tb)
    n1.wait_for_peers(wa, wb, pub)
    assert cid not in [c["id"] for c in mine(n2, tid, ta).json()]  # cached on node 2
    deadline = time.monotonic() + 15
    seen = False
    assert n1.req("POST", f"/channels/{cid}/members", tb, {"user_id": a["id"]}).status_code == 201
    while time.monotonic() < deadline and not seen:
        seen = cid in [c["id"] for c in mine(n2, tid, ta).json()]
        if not seen:
            time.sleep(0.05)
    assert seen
