"""Reading posts: one (ETag), many, the channel lists (page, since, before/after with their cursors), the
unread window, threads, and who may read."""

from conftest import assert_error, get_ok


def page(u, cid, **params):
    return get_ok(u, f"/channels/{cid}/posts", **params).json()


def test_get_one_with_its_etag(world):
    w = world
    p = w.alice.say(w.cid, "one")
    r = w.bob.get(f"/posts/{p['id']}")
    assert r.status_code == 200 and r.json()["message"] == "one" and r.json()["metadata"]["files"] == []
    etag = r.headers["ETag"]
    again = w.bob.get(f"/posts/{p['id']}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    # dave (team member) reads the public channel without being in it; carol (no team) may not
    assert w.dave.get(f"/posts/{p['id']}").status_code == 200
    assert_error(w.carol.get(f"/posts/{p['id']}"), 403, "api.context.permissions.app_error")
    assert_error(w.bob.get("/posts/nope"), 400, "api.context.invalid_url_param.app_error")
    assert_error(w.bob.get("/posts/" + "c" * 26), 404, "app.post.get.app_error")
    # include_deleted needs read_deleted_posts (system admins)
    assert w.alice.delete(f"/posts/{p['id']}").status_code == 200
    assert_error(w.bob.get(f"/posts/{p['id']}"), 404, "app.post.get.app_error")
    assert_error(w.bob.get(f"/posts/{p['id']}", params={"include_deleted": "true"}), 403, "api.context.permissions.app_error")
    gone = w.admin.get(f"/posts/{p['id']}", params={"include_deleted": "true"})
    assert gone.status_code == 200 and gone.json()["delete_at"] > 0


def test_private_channels_are_read_by_members_only(world):
    w = world
    secret = w.channel(w.alice, w.tid, "secret", ctype="P", members=[w.bob])
    p = w.alice.say(secret, "hush")
    assert w.bob.get(f"/posts/{p['id']}").status_code == 200
    assert_error(w.dave.get(f"/posts/{p['id']}"), 403, "api.context.permissions.app_error")
    assert_error(w.dave.get(f"/channels/{secret}/posts"), 403, "api.context.permissions.app_error")
    assert_error(w.dave.post("/posts", json={"channel_id": secret, "message": "x"}), 403, "api.context.permissions.app_error")
    # POST /posts/ids leaves out what the caller may not read
    q = w.alice.say(w.cid, "open")
    r = w.dave.post("/posts/ids", json=[p["id"], q["id"], "d" * 26])
    assert r.status_code == 200 and [x["id"] for x in r.json()] == [q["id"]]
    r = w.bob.post("/posts/ids", json=[p["id"], q["id"]])
    assert sorted(x["id"] for x in r.json()) == sorted([p["id"], q["id"]])
    assert_error(w.bob.post("/posts/ids", json=[]), 400, "api.context.invalid_body_param.app_error")
    assert_error(w.bob.post("/posts/ids", json=["x"]), 400, "api.context.invalid_body_param.app_error")
    assert_error(w.bob.post("/posts/ids", json=["e" * 26] * 1001), 400, "api.post.posts_by_ids.invalid_body.request_error")


def test_pages_and_cursors(world):
    w = world
    ch = w.channel(w.alice, w.tid, "quiet", members=[w.bob])
    sent = [w.alice.say(ch, f"m{i}") for i in range(7)]
    ids = [p["id"] for p in sent]
    everything = page(w.alice, ch, per_page=200)
    system = everything["order"][7:]  # the oldest: alice joined, bob added by alice
    assert [everything["posts"][i]["type"] for i in system] == ["system_add_to_channel", "system_join_channel"]
    got = page(w.alice, ch, page=0, per_page=3)
    assert got["order"] == ids[::-1][:3] and got["next_post_id"] == "" and got["prev_post_id"] == ids[3]
    assert set(got["posts"]) == set(got["order"])
    got = page(w.alice, ch, page=1, per_page=3)
    assert got["order"] == [ids[3], ids[2], ids[1]]  # newest first: m6 m5 m4 | m3 m2 m1 | m0
    assert got["next_post_id"] == ids[4] and got["prev_post_id"] == ids[0]
    # before / after an anchor: the anchor itself is the cursor on page 0
    got = page(w.alice, ch, before=ids[3], per_page=2)
    assert got["order"] == [ids[2], ids[1]] and got["next_post_id"] == ids[3] and got["prev_post_id"] == ids[0]
    got = page(w.alice, ch, after=ids[3], per_page=2)
    assert got["order"] == [ids[5], ids[4]] and got["prev_post_id"] == ids[3] and got["next_post_id"] == ids[6]
    got = page(w.alice, ch, after=ids[6])
    assert got["order"] == [] and got["next_post_id"] == "" and got["prev_post_id"] == ids[6]
    assert page(w.alice, ch, before=ids[0], per_page=5)["order"] == system
    assert_error(w.alice.get(f"/channels/{ch}/posts", params={"before": "bad"}), 400, "api.context.invalid_url_param.app_error")
    # since: what changed after a time, deleted posts included, no cursors
    t = sent[4]["create_at"]
    assert w.alice.put(f"/posts/{ids[1]}/patch", json={"message": "m1 edited"}).status_code == 200
    assert w.alice.delete(f"/posts/{ids[2]}").status_code == 200
    got = page(w.alice, ch, since=t)
    assert set(got["order"]) == {ids[5], ids[6], ids[1], ids[2]}
    assert got["posts"][ids[2]]["delete_at"] > 0 and got["posts"][ids[1]]["message"] == "m1 edited"
    assert got["next_post_id"] == "" and got["prev_post_id"] == ""
    assert_error(w.alice.get(f"/channels/{ch}/posts", params={"since": "soon"}), 400, "api.context.invalid_url_param.app_error")


def test_list_etag(world):
    w = world
    w.alice.say(w.cid, "a")
    r = w.bob.get(f"/channels/{w.cid}/posts")
    etag = r.headers["ETag"]
    assert w.bob.get(f"/channels/{w.cid}/posts", headers={"If-None-Match": etag}).status_code == 304
    w.alice.say(w.cid, "b")
    r = w.bob.get(f"/channels/{w.cid}/posts", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["ETag"] != etag and r.json()["posts"][r.json()["order"][0]]["message"] == "b"


def test_threads_and_collapsed_lists(world):
    w = world
    ch = w.channel(w.alice, w.tid, "threads", members=[w.bob])
    root = w.alice.say(ch, "root")
    replies = [w.bob.say(ch, f"r{i}", root_id=root["id"]) for i in range(3)]
    later = w.alice.say(ch, "later")
    t = w.bob.get(f"/posts/{replies[1]['id']}/thread")  # any post of the thread gives the whole thread
    assert t.status_code == 200
    newest = [p["id"] for p in sorted([root] + replies, key=lambda p: (p["create_at"], p["id"]), reverse=True)]
    # the requested post first, then the thread newest first without it (SqlPostStore.Get)
    assert t.json()["order"] == [replies[1]["id"]] + [i for i in newest if i != replies[1]["id"]]
    assert t.json()["has_next"] is False
    assert t.json()["posts"][root["id"]]["reply_count"] == 3
    roots = page(w.alice, ch, collapsedThreads="true")
    assert roots["order"][:2] == [later["id"], root["id"]] and replies[0]["id"] not in roots["posts"]
    # a page whose replies' root fell off the page carries the root in posts (not in order)
    small = page(w.alice, ch, per_page=2, page=1)
    assert small["order"] == [replies[1]["id"], replies[0]["id"]] and root["id"] in small["posts"]
    assert page(w.alice, ch, per_page=2, page=1, skipFetchThreads="true")["posts"].keys() == set(small["order"])
    assert_error(w.carol.get(f"/posts/{root['id']}/thread"), 403, "api.context.permissions.app_error")


def thread(u, post_id, **params):
    return get_ok(u, f"/posts/{post_id}/thread", **params).json()


def test_thread_pages_with_cursors(world):
    w = world
    ch = w.channel(w.alice, w.tid, "paged", members=[w.bob])
    root = w.alice.say(ch, "root")
    replies = [w.bob.say(ch, f"r{i}", root_id=root["id"]) for i in range(5)]
    assert w.bob.delete(f"/posts/{replies[4]['id']}").status_code == 200  # deleted replies are not in the thread
    live = sorted([root] + replies[:4], key=lambda p: (p["create_at"], p["id"]))
    oldest = [p["id"] for p in live]
    rid = root["id"]

    def without(ids, requested):
        return [requested] + [i for i in ids if i != requested]

    # the official client's getPostThread: direction=down with perPage; the cursor is the page's last post
    first = thread(w.bob, rid, direction="down", perPage=2)
    assert first["order"] == without(oldest[:2], rid) and first["has_next"] is True
    last = first["posts"][first["order"][-1]]
    second = thread(w.bob, rid, direction="down", perPage=2, fromCreateAt=last["create_at"], fromPost=last["id"])
    assert second["order"] == without(oldest[2:4], rid) and second["has_next"] is True
    last = second["posts"][second["order"][-1]]
    third = thread(w.bob, rid, direction="down", perPage=2, fromCreateAt=last["create_at"], fromPost=last["id"])
    assert third["order"] == without(oldest[4:], rid) and third["has_next"] is False
    # up: newest first, before the cursor; the requested reply leads
    asked = replies[2]["id"]
    up = thread(w.bob, asked, direction="up", perPage=3)
    assert up["order"] == without(oldest[::-1][:3], asked) and up["has_next"] is True
    t = live[2]
    older = thread(w.bob, asked, direction="up", fromCreateAt=t["create_at"], fromPost=t["id"])
    assert older["order"] == without(oldest[:2][::-1], asked) and older["has_next"] is False
    only = thread(w.bob, asked, skipFetchThreads="true")
    assert only["order"] == [asked] and set(only["posts"]) == {asked}
    whole = thread(w.bob, rid)
    assert whole["order"][0] == rid and sorted(whole["order"]) == sorted(oldest) and replies[4]["id"] not in whole["posts"]
    bad = "api.context.invalid_param.app_error"
    for params in ({"perPage": "201"}, {"perPage": "x"}, {"perPage": "-1"}, {"fromCreateAt": "soon"},
                   {"fromPost": rid}, {"direction": "sideways"}):
        assert_error(w.bob.get(f"/posts/{rid}/thread", params=params), 400, bad)
    assert_error(w.bob.get(f"/posts/{replies[4]['id']}/thread"), 404, "app.post.get.app_error")
    assert_error(w.carol.get(f"/posts/{rid}/thread", params={"perPage": "2"}), 403, "api.context.permissions.app_error")


def test_the_unread_window(world):
    w = world
    ch = w.channel(w.alice, w.tid, "news", members=[w.bob])
    old = [w.alice.say(ch, f"old{i}") for i in range(3)]
    r = w.bob.post("/channels/members/me/view", json={"channel_id": ch})
    assert r.status_code == 200, r.text
    new = [w.alice.say(ch, f"new{i}") for i in range(4)]
    got = w.bob.get(f"/users/me/channels/{ch}/posts/unread", params={"limit_before": 2, "limit_after": 2})
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["order"] == [new[1]["id"], new[0]["id"], old[2]["id"], old[1]["id"]]
    assert body["next_post_id"] == new[2]["id"] and body["prev_post_id"] == old[0]["id"]
    # everything read: the newest page
    w.bob.post("/channels/members/me/view", json={"channel_id": ch})
    body = w.bob.get(f"/users/me/channels/{ch}/posts/unread", params={"limit_before": 3, "limit_after": 2}).json()
    assert body["order"] == [new[3]["id"], new[2]["id"], new[1]["id"]]
    assert_error(w.bob.get(f"/users/me/channels/{ch}/posts/unread", params={"limit_after": 0}), 400,
                 "api.context.invalid_url_param.app_error")
    assert_error(w.bob.get(f"/users/{w.alice.id}/channels/{ch}/posts/unread"), 403, "api.context.permissions.app_error")
    assert_error(w.dave.get(f"/users/me/channels/{ch}/posts/unread"), 403, "api.context.permissions.app_error")


def test_archived_channels(world):
    w = world
    ch = w.channel(w.alice, w.tid, "old", members=[w.bob])
    w.alice.say(ch, "kept")
    assert w.alice.delete(f"/channels/{ch}").status_code == 200
    got = page(w.bob, ch)  # ExperimentalViewArchivedChannels is on by default
    assert any(p["message"] == "kept" for p in got["posts"].values())
