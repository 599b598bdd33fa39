"""posted, post_edited, post_deleted: their data, who hears them and who must not; mentions per receiver and the
mention counts they move."""

import json

from conftest import assert_error


def posted(ws, post_id):
    return ws.event("posted", pred=lambda e: json.loads(e["data"]["post"])["id"] == post_id)


def test_posted_reaches_the_channel_members_only(world):
    w = world
    wa, wb, wd, wc = w.alice.ws(), w.bob.ws(), w.dave.ws(), w.carol.ws()
    p = w.alice.say(w.cid, "hello")
    ev = posted(wb, p["id"])
    d = ev["data"]
    assert ev["broadcast"]["channel_id"] == w.cid
    assert d["channel_type"] == "O" and d["channel_name"] == "general" and d["channel_display_name"] == "General"
    assert d["sender_name"] == "@alice" and d["team_id"] == w.tid and d["set_online"] is True
    assert "mentions" not in d
    post = json.loads(d["post"])
    assert post["id"] == p["id"] and post["message"] == "hello" and post["metadata"]["reactions"] == []
    posted(wa, p["id"])  # the poster hears it too
    v = wa.event("multiple_channels_viewed")
    assert v["data"]["channel_times"] == {w.cid: p["create_at"]}
    w.barrier(wd, wc, wb)
    wd.assert_no_event("posted")  # in the team, not in the channel
    wc.assert_no_event("posted")
    wb.assert_no_event("multiple_channels_viewed")  # only the poster read it


def test_sender_name_follows_a_username_change(world):
    w = world
    wb = w.bob.ws()
    posted(wb, w.alice.say(w.cid, "before")["id"])  # alice's session is cached with her username now
    assert w.alice.put(f"/users/{w.alice.id}/patch", json={"username": "alicia"}).status_code == 200
    assert posted(wb, w.alice.say(w.cid, "after")["id"])["data"]["sender_name"] == "@alicia"


def test_mentions_are_per_receiver_and_counted(world):
    w = world
    wa, wb = w.alice.ws(), w.bob.ws()
    eve = w.user("eve")
    assert w.admin.post(f"/teams/{w.tid}/members", json={"team_id": w.tid, "user_id": eve.id}).status_code == 201
    assert w.alice.post(f"/channels/{w.cid}/members", json={"user_id": eve.id}).status_code == 201
    we = eve.ws()
    p = w.alice.say(w.cid, "hey @bob, look")
    d = posted(wb, p["id"])["data"]
    assert json.loads(d["mentions"]) == [w.bob.id]
    assert "mentions" not in posted(we, p["id"])["data"]  # eve is not mentioned: no list, and not bob's
    assert "mentions" not in posted(wa, p["id"])["data"]
    m = w.bob.member(w.cid)
    assert m["mention_count"] == 1 and m["mention_count_root"] == 1 and m["urgent_mention_count"] == 0
    assert eve.member(w.cid)["mention_count"] == 0
    # a reply mentions without the root count; code is not a mention; the poster never mentions themself
    r = w.alice.say(w.cid, "`@bob` and ```\n@bob\n``` and @alice", root_id=p["id"])
    assert "mentions" not in posted(wb, r["id"])["data"]
    r = w.alice.say(w.cid, "@bob.", root_id=p["id"])
    assert json.loads(posted(wb, r["id"])["data"]["mentions"]) == [w.bob.id]
    m = w.bob.member(w.cid)
    assert m["mention_count"] == 2 and m["mention_count_root"] == 1
    assert w.alice.member(w.cid)["mention_count"] == 0


def test_channel_wide_mentions_and_their_opt_outs(world):
    w = world
    eve = w.user("eve")
    assert w.admin.post(f"/teams/{w.tid}/members", json={"team_id": w.tid, "user_id": eve.id}).status_code == 201
    assert w.alice.post(f"/channels/{w.cid}/members", json={"user_id": eve.id}).status_code == 201
    r = eve.put(f"/channels/{w.cid}/members/{eve.id}/notify_props", json={"ignore_channel_mentions": "on"})
    assert r.status_code == 200, r.text
    wb, we = w.bob.ws(), eve.ws()
    p = w.alice.say(w.cid, "@channel meeting")
    assert json.loads(posted(wb, p["id"])["data"]["mentions"]) == [w.bob.id]
    assert "mentions" not in posted(we, p["id"])["data"]
    assert w.bob.member(w.cid)["mention_count"] == 1 and eve.member(w.cid)["mention_count"] == 0
    # @here: online members only (bob has a socket: online; a user without one is not)
    frank = w.user("frank")
    assert w.admin.post(f"/teams/{w.tid}/members", json={"team_id": w.tid, "user_id": frank.id}).status_code == 201
    assert w.alice.post(f"/channels/{w.cid}/members", json={"user_id": frank.id}).status_code == 201
    p = w.alice.say(w.cid, "@here now")
    assert json.loads(posted(wb, p["id"])["data"]["mentions"]) == [w.bob.id]
    assert frank.member(w.cid)["mention_count"] == 0


def test_mention_keys_and_first_name(world):
    w = world
    r = w.bob.put(f"/users/{w.bob.id}/patch", json={"first_name": "Robert",
                                                  "notify_props": {"first_name": "true", "mention_keys": "rob,Bobby",
                                                                   "channel": "true", "desktop": "mention",
                                                                   "email": "true", "push": "mention"}})
    assert r.status_code == 200, r.text
    wb = w.bob.ws()
    for text in ("ask robert", "BOBBY?", "hi rob!"):
        p = w.alice.say(w.cid, text)
        assert json.loads(posted(wb, p["id"])["data"]["mentions"]) == [w.bob.id], text
    p = w.alice.say(w.cid, "robotic robin")
    assert "mentions" not in posted(wb, p["id"])["data"]
    assert w.bob.member(w.cid)["mention_count"] == 3


def test_direct_and_group_messages_mention_their_members(world):
    w = world
    dm = w.alice.post("/channels/direct", json=[w.alice.id, w.bob.id]).json()["id"]
    wb, wd = w.bob.ws(), w.dave.ws()
    p = w.alice.say(dm, "psst")
    d = posted(wb, p["id"])["data"]
    assert d["channel_type"] == "D" and d["channel_display_name"] == "@alice" and d["team_id"] == ""
    assert json.loads(d["mentions"]) == [w.bob.id]
    assert w.bob.member(dm)["mention_count"] == 1
    gm = w.alice.post("/channels/group", json=[w.bob.id, w.dave.id]).json()["id"]
    p = w.alice.say(gm, "all of us")
    assert json.loads(posted(wb, p["id"])["data"]["mentions"]) == [w.bob.id]
    assert json.loads(posted(wd, p["id"])["data"]["mentions"]) == [w.dave.id]
    assert w.dave.member(gm)["mention_count"] == 1 and w.alice.member(gm)["mention_count"] == 0


def test_edit_and_delete_events(world):
    w = world
    p = w.alice.say(w.cid, "draft")
    wb, wd = w.bob.ws(), w.dave.ws()
    r = w.alice.put(f"/posts/{p['id']}/patch", json={"message": "final"})
    assert r.status_code == 200, r.text
    ev = wb.event("post_edited")
    edited = json.loads(ev["data"]["post"])
    assert ev["broadcast"]["channel_id"] == w.cid and edited["message"] == "final" and edited["edit_at"] > 0
    assert w.alice.delete(f"/posts/{p['id']}").status_code == 200
    ev = wb.event("post_deleted")
    gone = json.loads(ev["data"]["post"])
    assert gone["id"] == p["id"] and gone["delete_at"] > 0
    w.barrier(wd)
    wd.assert_no_event("post_edited")
    wd.assert_no_event("post_deleted")
    assert_error(w.alice.get(f"/posts/{p['id']}"), 404, "app.post.get.app_error")
