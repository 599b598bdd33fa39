"""The first page of a channel's posts (GET /channels/{id}/posts, page 0 of 60: what the clients load on every
channel switch) and a user's threads of a team (GET /users/{uid}/teams/{tid}/threads without a cursor) are kept
per reader by the view cache (app/view_cache.h).

SQL written behind the server's back is not seen by the cache: the tests use that to prove an answer came from
memory, then change the posts through the API and assert that the next answer follows at once."""

from conftest import assert_error, get_ok, threads


def page(u, cid, **params):
    return get_ok(u, f"/channels/{cid}/posts", **params)


def post_of(u, cid, pid, **params):
    return page(u, cid, **params).json()["posts"].get(pid)


def test_the_first_page_follows_every_change(world):
    w = world
    ch = w.channel(w.alice, w.tid, "cached", ctype="P", members=[w.bob])
    p = w.alice.say(ch, "one")
    first = page(w.bob, ch)
    etag = first.headers["ETag"]
    w.sql("UPDATE posts SET message = 'BEHIND' WHERE id = %s", p["id"])
    assert post_of(w.bob, ch, p["id"])["message"] == "one"  # from memory
    again = w.bob.get(f"/channels/{ch}/posts", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag
    # other pages and other readers are read from the database
    assert post_of(w.bob, ch, p["id"], per_page=59)["message"] == "BEHIND"
    assert post_of(w.alice, ch, p["id"])["message"] == "BEHIND"
    # an edit, reactions, a pin, a post, a reply and a delete through the API: seen at once
    assert w.alice.put(f"/posts/{p['id']}/patch", json={"message": "edited"}).status_code == 200
    r = page(w.bob, ch)
    assert r.json()["posts"][p["id"]]["message"] == "edited" and r.headers["ETag"] != etag
    assert w.bob.post("/reactions", json={"user_id": w.bob.id, "post_id": p["id"], "emoji_name": "smile"}).status_code == 200
    assert [x["emoji_name"] for x in post_of(w.bob, ch, p["id"])["metadata"]["reactions"]] == ["smile"]
    assert w.bob.delete(f"/users/me/posts/{p['id']}/reactions/smile").status_code == 200
    assert not post_of(w.bob, ch, p["id"])["metadata"].get("reactions")
    assert w.alice.post(f"/posts/{p['id']}/pin").status_code == 200
    assert post_of(w.bob, ch, p["id"])["is_pinned"] is True
    q = w.alice.say(ch, "two")
    assert page(w.bob, ch).json()["order"][0] == q["id"]
    w.bob.say(ch, "a reply", root_id=p["id"])
    assert post_of(w.bob, ch, p["id"])["reply_count"] == 1
    assert w.alice.delete(f"/posts/{q['id']}").status_code == 200
    assert q["id"] not in page(w.bob, ch).json()["order"]
    # the collapsed-threads page is kept apart: roots only
    roots = page(w.bob, ch, collapsedThreads="true").json()
    assert all(roots["posts"][i]["root_id"] == "" for i in roots["order"]) and p["id"] in roots["order"]
    # a reader removed from the channel is refused at once, not answered from memory
    assert w.alice.delete(f"/channels/{ch}/members/{w.bob.id}").status_code == 200
    assert_error(w.bob.get(f"/channels/{ch}/posts"), 403, "api.context.permissions.app_error")
    assert_error(w.bob.get(f"/channels/{ch}/posts", params={"collapsedThreads": "true"}), 403,
                 "api.context.permissions.app_error")


def test_the_threads_list_follows_every_change(world):
    w = world
    root = w.alice.say(w.cid, "cached thread")
    w.bob.say(w.cid, "r1", root_id=root["id"])
    assert threads(w.alice, w.tid)["threads"][0]["reply_count"] == 1
    w.sql("UPDATE threads SET reply_count = 99 WHERE post_id = %s", root["id"])
    assert threads(w.alice, w.tid)["threads"][0]["reply_count"] == 1  # from memory
    assert threads(w.alice, w.tid, per_page=7)["threads"][0]["reply_count"] == 99  # a variant not kept
    w.sql("UPDATE threads SET reply_count = 1 WHERE post_id = %s", root["id"])
    # a reply, the read state, an edit of the root, the participants' profiles, unfollow / follow: seen at once
    r2 = w.bob.say(w.cid, "r2", root_id=root["id"])
    t = threads(w.alice, w.tid)
    assert t["threads"][0]["reply_count"] == 2 and t["threads"][0]["unread_replies"] == 2 and t["total_unread_threads"] == 1
    path = f"/users/{w.alice.id}/teams/{w.tid}/threads/{root['id']}"
    assert w.alice.put(f"{path}/read/{r2['create_at']}").status_code == 200
    assert threads(w.alice, w.tid)["total_unread_threads"] == 0
    assert w.alice.put(f"/posts/{root['id']}/patch", json={"message": "edited root"}).status_code == 200
    assert threads(w.alice, w.tid)["threads"][0]["post"]["message"] == "edited root"
    ext = threads(w.alice, w.tid, extended="true")["threads"][0]["participants"]
    assert [p["first_name"] for p in ext] == [""]
    assert w.bob.put(f"/users/{w.bob.id}/patch", json={"first_name": "Robert"}).status_code == 200
    assert [p["first_name"] for p in threads(w.alice, w.tid, extended="true")["threads"][0]["participants"]] == ["Robert"]
    assert w.alice.delete(f"{path}/following").status_code == 200
    assert threads(w.alice, w.tid)["total"] == 0
    assert w.alice.put(f"{path}/following").status_code == 200
    assert threads(w.alice, w.tid)["total"] == 1
    # a new thread in a channel the kept list does not show: listed at once
    side = w.channel(w.alice, w.tid, "side", members=[w.bob])
    other = w.alice.say(side, "another root")
    assert threads(w.alice, w.tid)["total"] == 1
    w.bob.say(side, "a reply elsewhere", root_id=other["id"])
    assert threads(w.alice, w.tid)["total"] == 2
    # the root deleted: gone from every follower's list, also one read (and kept) before
    assert threads(w.bob, w.tid)["total"] == 2
    assert w.alice.delete(f"/posts/{root['id']}").status_code == 200
    assert threads(w.bob, w.tid)["total"] == 1 and threads(w.alice, w.tid)["total"] == 1
    # ... also a thread beyond the kept page, in a channel the page does not show
    many = w.channel(w.alice, w.tid, "many", members=[w.bob])
    for i in range(25):
        w.bob.say(many, f"re {i}", root_id=w.alice.say(many, f"root {i}")["id"])
    page1 = threads(w.bob, w.tid, per_page=25)
    assert page1["total"] == 26 and other["id"] not in [t["id"] for t in page1["threads"]]
    assert w.alice.delete(f"/posts/{other['id']}").status_code == 200
    assert threads(w.bob, w.tid, per_page=25)["total"] == 25
    # another user's list is never served from the caller's cache
    assert_error(w.dave.get(f"/users/{w.alice.id}/teams/{w.tid}/threads"), 403, "api.context.permissions.app_error")
