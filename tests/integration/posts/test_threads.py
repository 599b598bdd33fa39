"""Collapsed reply threads: who follows a thread (root author, repliers, mentioned users; unfollowing sticks unless
mentioned again), the user's threads of a team with their totals and filters, read state, set unread, follow /
unfollow, thread_updated / thread_read_changed / thread_follow_changed to the user only, followers in posted, and
the team unread thread counts."""

import json

from conftest import assert_error, threads


def reply(u, cid, root, message):
    return u.say(cid, message, root_id=root["id"])


def test_followers_and_the_threads_list(world):
    w = world
    root = w.alice.say(w.cid, "a thread")
    assert threads(w.alice, w.tid)["total"] == 0  # no reply yet: no thread to follow
    r1 = reply(w.bob, w.cid, root, "first reply")
    a = threads(w.alice, w.tid)
    assert a["total"] == 1 and a["total_unread_threads"] == 1 and a["total_unread_mentions"] == 0
    t = a["threads"][0]
    assert t["id"] == root["id"] and t["reply_count"] == 1 and t["last_reply_at"] == r1["create_at"]
    assert t["unread_replies"] == 1 and t["unread_mentions"] == 0 and t["last_viewed_at"] == 0
    assert t["post"]["id"] == root["id"] and t["post"]["message"] == "a thread" and t["delete_at"] == 0
    assert [p["id"] for p in t["participants"]] == [w.bob.id]
    b = threads(w.bob, w.tid)["threads"][0]  # the replier follows and has read his own reply
    assert b["unread_replies"] == 0 and b["last_viewed_at"] == r1["create_at"]
    assert threads(w.dave, w.tid)["total"] == 0  # not in the thread
    # a mention brings dave in
    w.alice.post(f"/channels/{w.cid}/members", json={"user_id": w.dave.id})
    reply(w.bob, w.cid, root, "@dave look")
    d = threads(w.dave, w.tid)
    assert d["total"] == 1 and d["total_unread_mentions"] == 1 and d["threads"][0]["unread_mentions"] == 1
    ext = threads(w.alice, w.tid, extended="true")["threads"][0]
    assert [p["username"] for p in ext["participants"]] == ["bob"] and "password" not in ext["participants"][0]
    assert threads(w.alice, w.tid, totalsOnly="true")["threads"] == []
    only = threads(w.alice, w.tid, threadsOnly="true")
    assert only["total"] == 0 and len(only["threads"]) == 1


def test_read_state_and_events_go_to_the_user_only(world):
    w = world
    root = w.alice.say(w.cid, "read me")
    wa, wb = w.alice.ws(), w.bob.ws()
    r1 = reply(w.bob, w.cid, root, "one")
    up = wa.event("thread_updated")
    assert up["broadcast"]["user_id"] == w.alice.id and up["broadcast"]["team_id"] == w.tid
    th = json.loads(up["data"]["thread"])
    assert th["id"] == root["id"] and th["unread_replies"] == 1 and up["data"]["previous_unread_replies"] == 0
    mine = wb.event("thread_updated")  # the poster's copy: read
    assert json.loads(mine["data"]["thread"])["unread_replies"] == 0
    posted_a = wa.event("posted", pred=lambda e: json.loads(e["data"]["post"])["id"] == r1["id"])
    assert posted_a["data"]["followers"] == json.dumps([w.alice.id]).replace(" ", "")
    r2 = reply(w.bob, w.cid, root, "two")
    up2 = wa.event("thread_updated", pred=lambda e: json.loads(e["data"]["thread"])["reply_count"] == 2)
    assert up2["data"]["previous_unread_replies"] == 1
    # read up to the first reply: one unread left
    r = w.alice.put(f"/users/{w.alice.id}/teams/{w.tid}/threads/{root['id']}/read/{r1['create_at']}")
    assert r.status_code == 200, r.text
    assert r.json()["unread_replies"] == 1 and r.json()["last_viewed_at"] == r1["create_at"]
    ev = wa.event("thread_read_changed")
    d = ev["data"]
    assert d["thread_id"] == root["id"] and d["timestamp"] == r1["create_at"] and d["channel_id"] == w.cid
    assert d["unread_replies"] == 1 and d["previous_unread_replies"] == 2
    # set unread from the first reply: both unread again
    r = w.alice.post(f"/users/{w.alice.id}/teams/{w.tid}/threads/{root['id']}/set_unread/{r1['id']}")
    assert r.status_code == 200 and r.json()["unread_replies"] == 2
    assert wa.event("thread_read_changed")["data"]["timestamp"] == r1["create_at"] - 1
    # everything read
    assert w.alice.put(f"/users/{w.alice.id}/teams/{w.tid}/threads/read").status_code == 200
    assert "timestamp" in wa.event("thread_read_changed")["data"]
    assert threads(w.alice, w.tid)["total_unread_threads"] == 0
    assert threads(w.alice, w.tid, unread="true")["threads"] == []
    w.barrier(wb, wa)
    wb.assert_no_event("thread_read_changed")
    assert r2["id"]


def test_follow_and_unfollow(world):
    w = world
    root = w.alice.say(w.cid, "follow me")
    reply(w.bob, w.cid, root, "hi")
    wa = w.alice.ws()
    base = f"/users/{w.alice.id}/teams/{w.tid}/threads/{root['id']}/following"
    r = w.alice.delete(base)
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    ev = wa.event("thread_follow_changed")
    assert ev["data"] == {"thread_id": root["id"], "state": False, "reply_count": 1}
    assert threads(w.alice, w.tid)["total"] == 0
    reply(w.bob, w.cid, root, "still there?")  # an unfollowed thread stays unfollowed
    assert threads(w.alice, w.tid)["total"] == 0
    reply(w.bob, w.cid, root, "@alice now?")  # a mention follows again
    assert threads(w.alice, w.tid)["total"] == 1
    assert w.alice.delete(base).status_code == 200
    assert w.alice.put(base).status_code == 200
    assert wa.event("thread_follow_changed", pred=lambda e: e["data"]["state"])["data"]["reply_count"] == 3
    one = w.alice.get(f"/users/{w.alice.id}/teams/{w.tid}/threads/{root['id']}")
    assert one.status_code == 200 and one.json()["unread_replies"] == 0  # following reads it


def test_threads_permissions_and_errors(world):
    w = world
    root = w.alice.say(w.cid, "mine")
    reply(w.bob, w.cid, root, "x")
    assert_error(w.bob.get(f"/users/{w.alice.id}/teams/{w.tid}/threads"), 403, "api.context.permissions.app_error")
    assert_error(w.carol.get(f"/users/{w.carol.id}/teams/{w.tid}/threads"), 403, "api.context.permissions.app_error")
    lone = w.alice.say(w.cid, "nobody replied")
    assert_error(w.bob.get(f"/users/{w.bob.id}/teams/{w.tid}/threads/{lone['id']}"), 404,
                 "app.user.get_thread_membership_for_user.not_found")
    # dave is in the team, not the channel: the thread's content is not his to read
    assert_error(w.dave.get(f"/users/{w.dave.id}/teams/{w.tid}/threads/{root['id']}"), 403, "api.context.permissions.app_error")
    secret = w.channel(w.alice, w.tid, "secret", ctype="P")
    hidden = w.alice.say(secret, "private")
    assert_error(w.bob.get(f"/users/{w.bob.id}/teams/{w.tid}/threads/{hidden['id']}"), 403, "api.context.permissions.app_error")
    assert_error(w.bob.put(f"/users/{w.bob.id}/teams/{w.tid}/threads/{hidden['id']}/following"), 403,
                 "api.context.permissions.app_error")
    assert_error(w.alice.put(f"/users/{w.alice.id}/teams/{w.tid}/threads/{root['id']}/read/soon"), 400,
                 "api.context.invalid_url_param.app_error")
    other = w.alice.say(w.cid, "another root")
    assert_error(w.alice.post(f"/users/{w.alice.id}/teams/{w.tid}/threads/{root['id']}/set_unread/{other['id']}"), 400,
                 "app.user.update_thread_read_for_user_by_post.app_error")
    assert_error(w.alice.get(f"/users/{w.alice.id}/teams/{w.tid}/threads", params={"since": "x"}), 400,
                 "api.context.invalid_url_param.app_error")


def test_paging_by_thread_and_team_unreads(world):
    w = world
    roots = [w.alice.say(w.cid, f"root {i}") for i in range(3)]
    for r in roots:
        reply(w.bob, w.cid, r, "re @alice")
    got = threads(w.alice, w.tid)
    order = [t["id"] for t in got["threads"]]
    assert order == [r["id"] for r in reversed(roots)] and got["total_unread_mentions"] == 3
    assert [t["id"] for t in threads(w.alice, w.tid, per_page=1)["threads"]] == order[:1]
    assert [t["id"] for t in threads(w.alice, w.tid, before=order[0])["threads"]] == order[1:]
    assert [t["id"] for t in threads(w.alice, w.tid, after=order[2])["threads"]] == order[:2]
    since = threads(w.alice, w.tid, since=roots[2]["create_at"])
    assert roots[2]["id"] in [t["id"] for t in since["threads"]]
    unread = w.alice.get(f"/users/{w.alice.id}/teams/unread", params={"include_collapsed_threads": "true"}).json()
    mine = [u for u in unread if u["team_id"] == w.tid][0]
    assert mine["thread_count"] == 3 and mine["thread_mention_count"] == 3
    plain = [u for u in w.alice.get(f"/users/{w.alice.id}/teams/unread").json() if u["team_id"] == w.tid][0]
    assert plain["thread_count"] == 0


def test_collapsed_threads_setting_in_client_config(world):
    cfg = world.bob.get("/config/client?format=old").json()
    assert cfg["CollapsedThreads"] == "default_on"
