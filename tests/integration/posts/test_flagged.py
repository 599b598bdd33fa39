"""Saved posts: the flagged_post preference category and GET /users/{uid}/posts/flagged (filters, paging, what the
user can no longer read, someone else's list)."""

from conftest import assert_error


def flag(user, *post_ids):
    prefs = [{"user_id": user.id, "category": "flagged_post", "name": pid, "value": "true"} for pid in post_ids]
    r = user.put(f"/users/{user.id}/preferences", json=prefs)
    assert r.status_code == 200, r.text


def test_flagged_posts_newest_first_with_filters(world):
    w = world
    other = w.channel(w.alice, w.tid, "other", ctype="P", members=[w.bob])
    beta = w.team("beta", members=[w.bob])
    b_town = [c for c in w.bob.get(f"/users/me/teams/{beta}/channels").json() if c["name"] == "town-square"][0]["id"]
    p1 = w.alice.say(w.cid, "first")
    p2 = w.alice.say(other, "second")
    p3 = w.bob.say(b_town, "third")
    dm = w.bob.post("/channels/direct", json=[w.bob.id, w.alice.id]).json()["id"]
    p4 = w.alice.say(dm, "direct")
    unflagged = w.alice.say(w.cid, "not saved")
    flag(w.bob, p1["id"], p2["id"], p3["id"], p4["id"])
    r = w.bob.get(f"/users/{w.bob.id}/posts/flagged")
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["order"] == [p4["id"], p3["id"], p2["id"], p1["id"]]
    assert unflagged["id"] not in got["posts"]
    assert got["posts"][p1["id"]]["metadata"]["reactions"] == []
    team = w.bob.get(f"/users/me/posts/flagged?team_id={w.tid}").json()
    assert team["order"] == [p4["id"], p2["id"], p1["id"]]  # alpha's channels and the DM, not beta's
    assert w.bob.get(f"/users/me/posts/flagged?channel_id={other}").json()["order"] == [p2["id"]]
    assert w.bob.get("/users/me/posts/flagged?page=1&per_page=3").json()["order"] == [p1["id"]]
    # a deleted post and a private channel the user left drop out
    assert w.alice.delete(f"/posts/{p1['id']}").status_code == 200
    assert w.bob.delete(f"/channels/{other}/members/{w.bob.id}").status_code == 200
    assert w.bob.get("/users/me/posts/flagged").json()["order"] == [p4["id"], p3["id"]]


def test_someone_elses_saved_posts_are_private(world):
    w = world
    p = w.alice.say(w.cid, "mine")
    flag(w.bob, p["id"])
    assert_error(w.alice.get(f"/users/{w.bob.id}/posts/flagged"), 403, "api.context.permissions.app_error")
    assert w.admin.get(f"/users/{w.bob.id}/posts/flagged").json()["order"] == [p["id"]]
    assert_error(w.bob.get("/users/nope/posts/flagged"), 400, "api.context.invalid_url_param.app_error")
