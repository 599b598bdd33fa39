"""Changing posts: patch and update (edit history, PostEditTimeLimit), pin, delete (replies with the root,
permanent), mark unread from a post, ephemeral posts and message priority."""

import json

from conftest import assert_error


def test_patch_keeps_an_edit_history(world):
    w = world
    p = w.alice.say(w.cid, "first #one")
    r = w.alice.put(f"/posts/{p['id']}/patch", json={"message": "second #two", "props": {"k": 1}})
    assert r.status_code == 200, r.text
    e = r.json()
    assert e["message"] == "second #two" and e["edit_at"] > 0 and e["update_at"] == e["edit_at"]
    assert e["hashtags"] == "#two" and e["props"] == {"k": 1} and e["create_at"] == p["create_at"]
    rows = w.sql("SELECT message, original_id, delete_at > 0 FROM posts WHERE original_id = %s", p["id"])
    assert rows == [("first #one", p["id"], True)]
    # a patch without a message change keeps edit_at; the history row is not a post of the channel
    r = w.alice.put(f"/posts/{p['id']}/patch", json={"is_pinned": True})
    assert r.json()["edit_at"] == e["edit_at"] and r.json()["is_pinned"] is True
    listed = w.alice.get(f"/channels/{w.cid}/posts").json()
    assert [x["message"] for x in listed["posts"].values() if x["type"] == ""] == ["second #two"]
    # PUT /posts/{id}: a whole post, its id must match
    r = w.alice.put(f"/posts/{p['id']}", json={"id": p["id"], "message": "third", "channel_id": w.cid})
    assert r.status_code == 200 and r.json()["message"] == "third"
    assert_error(w.alice.put(f"/posts/{p['id']}", json={"id": "f" * 26, "message": "x"}), 400,
                 "api.context.invalid_param.app_error")
    assert_error(w.alice.put(f"/posts/{p['id']}/patch", json={"message": "é" * 16384}), 400, "model.post.is_valid.message_length.app_error")


def test_who_may_edit(world):
    w = world
    p = w.alice.say(w.cid, "mine")
    assert_error(w.bob.put(f"/posts/{p['id']}/patch", json={"message": "yours"}), 403, "api.context.permissions.app_error")
    assert_error(w.carol.put(f"/posts/{p['id']}/patch", json={"message": "x"}), 403, "api.context.permissions.app_error")
    assert_error(w.bob.put("/posts/" + "g" * 26 + "/patch", json={"message": "x"}), 403, "api.context.permissions.app_error")
    r = w.admin.put(f"/posts/{p['id']}/patch", json={"message": "moderated"})  # edit_others_posts
    assert r.status_code == 200 and r.json()["message"] == "moderated" and r.json()["user_id"] == w.alice.id
    system = w.sql("SELECT id FROM posts WHERE channel_id = %s AND type = 'system_join_channel'", w.cid)[0][0]
    assert_error(w.admin.put(f"/posts/{system}/patch", json={"message": "x"}), 400, "api.post.update_post.system_message.app_error")


def test_edit_time_limit(site):
    s = site({"ServiceSettings": {"PostEditTimeLimit": 0}})
    a = s.user("alice")
    tid = s.team("limits", members=[a])
    cid = s.channel(a, tid, "edits")
    p = a.say(cid, "now")
    r = a.put(f"/posts/{p['id']}/patch", json={"message": "later"})
    assert_error(r, 400, "api.post.update_post.permissions_time_limit.app_error")
    assert a.put(f"/posts/{p['id']}/patch", json={"is_pinned": True}).status_code == 200  # not a message change


def test_delete_takes_the_replies_and_needs_the_permission(world):
    w = world
    root = w.alice.say(w.cid, "root")
    reply = w.bob.say(w.cid, "reply", root_id=root["id"])
    other = w.bob.say(w.cid, "bob's")
    assert_error(w.alice.delete(f"/posts/{other['id']}"), 403, "api.context.permissions.app_error")
    assert_error(w.alice.delete(f"/posts/{other['id']}", params={"permanent": "true"}), 403, "api.context.permissions.app_error")
    assert w.alice.delete(f"/posts/{root['id']}").status_code == 200
    assert_error(w.bob.get(f"/posts/{reply['id']}"), 404, "app.post.get.app_error")
    assert w.sql("SELECT props->>'deleteBy' FROM posts WHERE id = %s", root["id"]) == [(w.alice.id,)]
    # deleting a reply takes it out of its thread's count
    root2 = w.alice.say(w.cid, "root2")
    r1 = w.bob.say(w.cid, "r1", root_id=root2["id"])
    w.bob.say(w.cid, "r2", root_id=root2["id"])
    assert w.bob.delete(f"/posts/{r1['id']}").status_code == 200
    assert w.alice.get(f"/posts/{root2['id']}").json()["reply_count"] == 1
    # permanent delete by an admin removes the rows
    assert w.admin.delete(f"/posts/{other['id']}", params={"permanent": "true"}).status_code == 200
    assert w.sql("SELECT count(*) FROM posts WHERE id = %s", other["id"]) == [(0,)]
    assert_error(w.alice.delete(f"/posts/{other['id']}"), 403, "api.context.permissions.app_error")


def test_pin_and_the_pinned_list(world):
    w = world
    p = w.alice.say(w.cid, "keep")
    q = w.bob.say(w.cid, "keep too")
    wb = w.bob.ws()
    assert w.bob.post(f"/posts/{p['id']}/pin").status_code == 200  # read_channel_content is enough
    ev = wb.event("post_edited")
    assert json.loads(ev["data"]["post"])["is_pinned"] is True
    assert w.alice.post(f"/posts/{q['id']}/pin").status_code == 200
    pinned = w.dave.get(f"/channels/{w.cid}/pinned")
    assert pinned.status_code == 200 and pinned.json()["order"] == [q["id"], p["id"]]
    assert w.alice.get(f"/posts/{p['id']}").json()["edit_at"] == 0  # pinning is not an edit
    assert w.alice.post(f"/posts/{p['id']}/unpin").status_code == 200
    assert w.alice.get(f"/channels/{w.cid}/pinned").json()["order"] == [q["id"]]
    assert_error(w.carol.post(f"/posts/{q['id']}/pin"), 403, "api.context.permissions.app_error")
    stats = w.alice.get(f"/channels/{w.cid}/stats").json()
    assert stats["pinnedpost_count"] == 1


def test_mark_unread_from_a_post(world):
    w = world
    ch = w.channel(w.alice, w.tid, "unread", members=[w.bob])
    posts = [w.alice.say(ch, f"m{i}") for i in range(3)] + [w.alice.say(ch, "hey @bob")]
    w.bob.post("/channels/members/me/view", json={"channel_id": ch})
    assert w.bob.member(ch)["mention_count"] == 0
    wb, wa = w.bob.ws(), w.alice.ws()
    r = w.bob.post(f"/users/me/posts/{posts[1]['id']}/set_unread", json={"collapsed_threads_supported": True})
    assert r.status_code == 200, r.text
    body = r.json()
    c = w.bob.get(f"/channels/{ch}").json()
    assert body["channel_id"] == ch and body["user_id"] == w.bob.id and body["team_id"] == w.tid
    assert body["last_viewed_at"] == posts[1]["create_at"] - 1
    assert body["msg_count"] == c["total_msg_count"] - 3 and body["mention_count"] == 1
    ev = wb.event("post_unread")
    assert ev["data"]["post_id"] == posts[1]["id"] and ev["data"]["msg_count"] == body["msg_count"]
    assert ev["broadcast"]["user_id"] == w.bob.id
    m = w.bob.member(ch)
    assert m["msg_count"] == body["msg_count"] and m["mention_count"] == 1 and m["last_viewed_at"] == body["last_viewed_at"]
    w.barrier(wa)
    wa.assert_no_event("post_unread")
    assert_error(w.bob.post(f"/users/{w.alice.id}/posts/{posts[1]['id']}/set_unread"), 403, "api.context.permissions.app_error")
    assert_error(w.carol.post(f"/users/me/posts/{posts[1]['id']}/set_unread"), 403, "api.context.permissions.app_error")


def test_ephemeral_posts_go_to_one_user(world):
    w = world
    wb, wa = w.bob.ws(), w.alice.ws()
    body = {"user_id": w.bob.id, "post": {"channel_id": w.cid, "message": "only you"}}
    assert_error(w.alice.post("/posts/ephemeral", json=body), 403, "api.context.permissions.app_error")
    r = w.admin.post("/posts/ephemeral", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["type"] == "system_ephemeral" and r.json()["message"] == "only you"
    ev = wb.event("ephemeral_message")
    assert json.loads(ev["data"]["post"])["id"] == r.json()["id"]
    w.barrier(wa)
    wa.assert_no_event("ephemeral_message")
    assert w.sql("SELECT count(*) FROM posts WHERE id = %s", r.json()["id"]) == [(0,)]


def test_message_priority(world):
    w = world
    wb = w.bob.ws()
    p = w.alice.say(w.cid, "@bob now", metadata={"priority": {"priority": "urgent"}})
    assert p["metadata"]["priority"] == {"priority": "urgent"}
    assert w.bob.get(f"/posts/{p['id']}").json()["metadata"]["priority"] == {"priority": "urgent"}
    wb.event("posted")
    m = w.bob.member(w.cid)
    assert m["mention_count"] == 1 and m["urgent_mention_count"] == 1
    q = w.alice.say(w.cid, "fyi", metadata={"priority": {"priority": "important"}})
    assert q["metadata"]["priority"]["priority"] == "important"
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": "x", "root_id": p["id"],
                                              "metadata": {"priority": {"priority": "urgent"}}}), 400,
                 "api.post.post_priority.priority_post_only_allowed_for_root_post.request_error")
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": "x",
                                              "metadata": {"priority": {"priority": "urgent", "requested_ack": True}}}), 501,
                 "api.license_error")
