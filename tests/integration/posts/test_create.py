"""POST /posts: the post, the counts it moves in the same statement, pending_post_id, and every refusal."""

import threading

from conftest import assert_error


def channel(u, cid):
    r = u.get(f"/channels/{cid}")
    assert r.status_code == 200, r.text
    return r.json()


def test_message_attachments_are_embedded(world):
    w = world
    # getEmbedForPost: a post with props.attachments embeds them, in the answer and when read again
    att = w.alice.say(w.cid, "", props={"attachments": [{"text": "build passed", "color": "#00ff00"}]})
    assert att["metadata"]["embeds"] == [{"type": "message_attachment"}]
    assert w.bob.get(f"/posts/{att['id']}").json()["metadata"]["embeds"] == [{"type": "message_attachment"}]
    plain = w.alice.say(w.cid, "no attachment")
    assert "embeds" not in w.bob.get(f"/posts/{plain['id']}").json()["metadata"]


def test_create_answers_the_post_and_moves_the_counts(world):
    w = world
    before = channel(w.alice, w.cid)
    p = w.alice.say(w.cid, "hello #world and #ab", pending_post_id=f"{w.alice.id}:1", props={"x": "y"})
    assert len(p["id"]) == 26 and p["user_id"] == w.alice.id and p["channel_id"] == w.cid
    assert p["create_at"] == p["update_at"] > 0 and p["edit_at"] == 0 and p["delete_at"] == 0
    assert p["message"] == "hello #world and #ab" and p["type"] == "" and p["root_id"] == ""
    assert p["hashtags"] == "#world" and p["props"] == {"x": "y"} and p["pending_post_id"] == f"{w.alice.id}:1"
    assert p["metadata"]["reactions"] == [] and p["metadata"]["files"] == [] and p["reply_count"] == 0
    assert "embeds" not in p["metadata"] and "emojis" not in p["metadata"]
    after = channel(w.alice, w.cid)
    assert after["last_post_at"] == after["last_root_post_at"] == p["create_at"]
    assert after["total_msg_count"] == before["total_msg_count"] + 1
    assert after["total_msg_count_root"] == before["total_msg_count_root"] + 1
    mine = w.alice.member(w.cid)  # the poster has read up to the post
    assert mine["msg_count"] == after["total_msg_count"] and mine["last_viewed_at"] == p["create_at"]
    assert mine["mention_count"] == 0
    bobs = w.bob.member(w.cid)  # bob has not
    assert bobs["msg_count"] < after["total_msg_count"] and bobs["last_viewed_at"] < p["create_at"]


def test_a_retried_pending_post_id_answers_the_first_post(world):
    w = world
    pending = f"{w.alice.id}:1700000000000"
    first = w.alice.say(w.cid, "once", pending_post_id=pending)
    total = channel(w.alice, w.cid)["total_msg_count"]
    again = w.alice.say(w.cid, "once", pending_post_id=pending)
    assert again["id"] == first["id"] and again["create_at"] == first["create_at"]
    assert channel(w.alice, w.cid)["total_msg_count"] == total
    # racing retries (the client resends before the first answer): one post
    pending2, got = f"{w.alice.id}:1700000000001", []

    def send():
        r = w.alice.post("/posts", json={"channel_id": w.cid, "message": "raced", "pending_post_id": pending2})
        got.append((r.status_code, r.json()["id"]))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [s for s, _ in got] == [201] * 6 and len({i for _, i in got}) == 1
    assert w.sql("SELECT count(*) FROM posts WHERE pending_post_id = %s", pending2) == [(1,)]
    # another user's equal pending id is another post
    other = w.bob.say(w.cid, "once", pending_post_id=pending)
    assert other["id"] != first["id"] and other["user_id"] == w.bob.id


def test_posts_racing_on_one_channel_count_exactly(world):
    w = world
    before = channel(w.alice, w.cid)["total_msg_count"]
    errors = []

    def burst(u, n):
        for i in range(n):
            r = u.post("/posts", json={"channel_id": w.cid, "message": f"{u.username} {i}"})
            if r.status_code != 201:
                errors.append(r.text)

    threads = [threading.Thread(target=burst, args=(u, 10)) for u in (w.alice, w.bob, w.alice, w.bob)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    after = channel(w.alice, w.cid)
    assert after["total_msg_count"] == before + 40
    newest = w.sql("SELECT max(create_at) FROM posts WHERE channel_id = %s", w.cid)[0][0]
    assert after["last_post_at"] == newest


def test_replies_join_their_thread(world):
    w = world
    root = w.alice.say(w.cid, "root")
    total_root = channel(w.alice, w.cid)["total_msg_count_root"]
    r1 = w.bob.say(w.cid, "reply 1", root_id=root["id"])
    assert r1["root_id"] == root["id"] and r1["reply_count"] == 1
    r2 = w.alice.say(w.cid, "reply 2", root_id=root["id"])
    assert r2["reply_count"] == 2
    c = channel(w.alice, w.cid)
    assert c["total_msg_count_root"] == total_root and c["last_root_post_at"] == root["create_at"]
    assert c["last_post_at"] == r2["create_at"]
    got = w.alice.get(f"/posts/{root['id']}").json()
    assert got["reply_count"] == 2 and got["last_reply_at"] == r2["create_at"]
    # a reply to a reply, to a post of another channel, to a deleted or unknown post: 400
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": "x", "root_id": r1["id"]}), 400,
                 "api.post.create_post.root_id.app_error")
    other = w.channel(w.alice, w.tid, "other")
    elsewhere = w.alice.say(other, "elsewhere")
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": "x", "root_id": elsewhere["id"]}), 400,
                 "api.post.create_post.channel_root_id.app_error")
    assert w.alice.delete(f"/posts/{elsewhere['id']}").status_code == 200
    assert_error(w.alice.post("/posts", json={"channel_id": other, "message": "x", "root_id": elsewhere["id"]}), 400,
                 "api.post.create_post.root_id.app_error")
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": "x", "root_id": "a" * 26}), 400,
                 "api.post.create_post.root_id.app_error")


def test_who_may_not_post(world):
    w = world
    body = {"channel_id": w.cid, "message": "hi"}
    # carol is in no team, dave is in the team but not the channel (public): create_post needs the membership
    assert_error(w.carol.post("/posts", json=body), 403, "api.context.permissions.app_error")
    assert_error(w.dave.post("/posts", json=body), 403, "api.context.permissions.app_error")
    # an unknown or malformed channel: a permission error, as Mattermost answers
    assert_error(w.alice.post("/posts", json={"channel_id": "b" * 26, "message": "x"}), 403, "api.context.permissions.app_error")
    assert_error(w.alice.post("/posts", json={"channel_id": "nope", "message": "x"}), 403, "api.context.permissions.app_error")
    # an archived channel
    gone = w.channel(w.alice, w.tid, "gone", members=[w.bob])
    assert w.alice.delete(f"/channels/{gone}").status_code == 200
    assert_error(w.alice.post("/posts", json={"channel_id": gone, "message": "x"}), 400,
                 "api.post.create_post.can_not_post_to_deleted.error")
    assert w.sql("SELECT count(*) FROM posts WHERE channel_id = %s AND type = ''", gone) == [(0,)]


def test_bad_bodies(world):
    w = world
    ok = w.alice.post("/posts", json={"channel_id": w.cid, "message": "é" * 16383})
    assert ok.status_code == 201, ok.text
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": "é" * 16384}), 400, "model.post.is_valid.message_length.app_error")
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": 5}), 400, "api.context.invalid_body_param.app_error")
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": "x", "props": []}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(w.alice.post("/posts", json=["x"]), 400, "api.context.invalid_body_param.app_error")
    r = w.alice.req("POST", "/posts", data="{not json", headers={"Content-Type": "application/json"})
    assert_error(r, 400, "api.context.invalid_body_param.app_error")
    r = w.alice.post("/posts", json={"channel_id": w.cid, "message": "x", "type": "system_join_channel"})
    assert_error(r, 400, "api.context.invalid_param.app_error")
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": "x", "type": "bogus"}), 400,
                 "model.post.is_valid.type.app_error")
    assert w.alice.post("/posts", json={"channel_id": w.cid, "message": "x", "type": "custom_poll"}).status_code == 201
    big = {"k": "v" * 300001}  # bigger than MaximumPayloadSizeBytes before PostPropsMaxRunes: 413
    assert_error(w.alice.post("/posts", json={"channel_id": w.cid, "message": "x", "props": big}), 413,
                 "api.context.request_body_too_large.app_error")
    assert w.sql("SELECT count(*) FROM posts WHERE channel_id = %s AND type NOT LIKE 'system%%'", w.cid) == [(2,)]
