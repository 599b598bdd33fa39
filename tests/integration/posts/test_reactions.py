"""Reactions: save, delete, list, bulk; has_reactions and metadata.reactions on every post that leaves the server
(T7); reaction_added / reaction_removed to the channel only; the emoji name rules and the distinct-emoji limit."""

import json

from conftest import assert_error


def react(user, post_id, emoji, who=None):
    return user.post("/reactions", json={"user_id": (who or user).id, "post_id": post_id, "emoji_name": emoji})


def test_save_returns_the_reaction_and_fills_metadata(world):
    w = world
    p = w.alice.say(w.cid, "react to me")
    r = react(w.bob, p["id"], "+1")
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["user_id"] == w.bob.id and got["post_id"] == p["id"] and got["emoji_name"] == "+1"
    assert got["channel_id"] == w.cid and got["delete_at"] == 0 and got["create_at"] > 0
    assert got["update_at"] == got["create_at"] and got["remote_id"] == ""
    one = w.alice.get(f"/posts/{p['id']}").json()
    assert one["has_reactions"] is True and one["update_at"] >= got["update_at"]
    assert one["metadata"]["reactions"] == [got]
    page = w.alice.get(f"/channels/{w.cid}/posts").json()
    assert page["posts"][p["id"]]["metadata"]["reactions"] == [got]
    assert w.alice.post("/posts/ids", json=[p["id"]]).json()[0]["metadata"]["reactions"] == [got]
    # the same reaction again is one reaction
    assert react(w.bob, p["id"], "+1").status_code == 200
    assert len(w.alice.get(f"/posts/{p['id']}/reactions").json()) == 1


def test_events_reach_the_channel_only(world):
    w = world
    p = w.alice.say(w.cid, "events")
    wa, wd, wc = w.alice.ws(), w.dave.ws(), w.carol.ws()
    assert react(w.bob, p["id"], "smile").status_code == 200
    ev = wa.event("reaction_added")
    assert ev["broadcast"]["channel_id"] == w.cid
    added = json.loads(ev["data"]["reaction"])
    assert (added["user_id"], added["post_id"], added["emoji_name"]) == (w.bob.id, p["id"], "smile")
    r = w.bob.delete(f"/users/{w.bob.id}/posts/{p['id']}/reactions/smile")
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    removed = json.loads(wa.event("reaction_removed")["data"]["reaction"])
    assert (removed["user_id"], removed["emoji_name"]) == (w.bob.id, "smile") and removed["delete_at"] > 0
    w.barrier(wd, wc, wa)
    for s in (wd, wc):
        s.assert_no_event("reaction_added")
        s.assert_no_event("reaction_removed")
    after = w.alice.get(f"/posts/{p['id']}").json()
    assert "has_reactions" not in after and after["metadata"]["reactions"] == []
    assert w.alice.get(f"/posts/{p['id']}/reactions").json() == []


def test_has_reactions_follows_what_is_left(world):
    w = world
    p = w.alice.say(w.cid, "two")
    assert react(w.bob, p["id"], "heart").status_code == 200
    assert react(w.alice, p["id"], "heart").status_code == 200
    assert w.bob.delete(f"/users/me/posts/{p['id']}/reactions/heart").status_code == 200
    post = w.alice.get(f"/posts/{p['id']}").json()
    assert post["has_reactions"] is True
    assert [(x["user_id"], x["emoji_name"]) for x in post["metadata"]["reactions"]] == [(w.alice.id, "heart")]
    # removing a reaction that is not there is fine and changes nothing
    assert w.bob.delete(f"/users/me/posts/{p['id']}/reactions/heart").status_code == 200
    assert w.alice.get(f"/posts/{p['id']}").json()["has_reactions"] is True
    # a reaction comes back after it was removed, keeping its first create_at
    first = react(w.bob, p["id"], "tada").json()
    assert w.bob.delete(f"/users/me/posts/{p['id']}/reactions/tada").status_code == 200
    again = react(w.bob, p["id"], "tada").json()
    assert again["create_at"] == first["create_at"] and again["update_at"] >= first["update_at"]


def test_post_edited_carries_the_reactions(world):
    w = world
    p = w.alice.say(w.cid, "edit me")
    assert react(w.bob, p["id"], "eyes").status_code == 200
    wb = w.bob.ws()
    r = w.alice.put(f"/posts/{p['id']}/patch", json={"message": "edited"})
    assert r.status_code == 200 and [x["emoji_name"] for x in r.json()["metadata"]["reactions"]] == ["eyes"]
    post = json.loads(wb.event("post_edited")["data"]["post"])
    assert post["message"] == "edited" and [x["emoji_name"] for x in post["metadata"]["reactions"]] == ["eyes"]


def test_bad_reactions(world):
    w = world
    p = w.alice.say(w.cid, "bad")
    assert_error(react(w.bob, p["id"], "+1", who=w.alice), 403, "api.reaction.save_reaction.user_id.app_error")
    assert_error(react(w.bob, p["id"], "not an emoji!"), 400, "api.reaction.save_reaction.invalid.app_error")
    assert_error(react(w.bob, p["id"], "x" * 65), 400, "api.reaction.save_reaction.invalid.app_error")
    assert_error(react(w.bob, p["id"], ""), 400, "api.reaction.save_reaction.invalid.app_error")
    assert_error(react(w.bob, "short", "+1"), 400, "api.reaction.save_reaction.invalid.app_error")
    assert_error(react(w.bob, p["id"], "no_such_emoji_anywhere"), 400, "model.reaction.is_valid.emoji_name.app_error")
    r = w.bob.post("/reactions", json={"user_id": w.bob.id, "post_id": p["id"], "emoji_name": 5})
    assert_error(r, 400, "api.context.invalid_body_param.app_error")
    # not in the channel: dave (in the team) and carol (no team) may not react, read or remove
    assert_error(react(w.dave, p["id"], "+1"), 403, "api.context.permissions.app_error")
    assert_error(react(w.carol, p["id"], "+1"), 403, "api.context.permissions.app_error")
    assert_error(w.dave.get(f"/posts/{p['id']}/reactions"), 403, "api.context.permissions.app_error")
    assert_error(w.dave.post("/posts/ids/reactions", json=[p["id"]]), 403, "api.context.permissions.app_error")
    # a post that does not exist: the system roles decide (403), an admin learns it is not there (404)
    ghost = "a" * 26
    assert_error(react(w.bob, ghost, "+1"), 403, "api.context.permissions.app_error")
    assert_error(react(w.admin, ghost, "+1"), 404, "app.post.get.app_error")
    # another user's reaction needs remove_others_reactions (system admins)
    assert react(w.bob, p["id"], "+1").status_code == 200
    assert_error(w.alice.delete(f"/users/{w.bob.id}/posts/{p['id']}/reactions/+1"), 403, "api.context.permissions.app_error")
    assert_error(w.bob.delete(f"/users/me/posts/{p['id']}/reactions/bad!name"), 400, "api.context.invalid_url_param.app_error")
    assert w.admin.delete(f"/users/{w.bob.id}/posts/{p['id']}/reactions/+1").status_code == 200
    assert w.alice.get(f"/posts/{p['id']}/reactions").json() == []


def test_deleted_post_and_archived_channel(world):
    w = world
    p = w.alice.say(w.cid, "gone")
    assert react(w.bob, p["id"], "+1").status_code == 200
    assert w.alice.delete(f"/posts/{p['id']}").status_code == 200
    assert_error(react(w.bob, p["id"], "smile"), 404, "app.post.get.app_error")
    live = w.sql("SELECT count(*) FROM reactions WHERE post_id = %s AND delete_at = 0", p["id"])[0][0]
    assert live == 0  # the post's reactions went with it
    q = w.alice.say(w.cid, "archived")
    assert react(w.bob, q["id"], "+1").status_code == 200
    assert w.alice.delete(f"/channels/{w.cid}").status_code == 200
    assert_error(react(w.bob, q["id"], "smile"), 403, "api.reaction.save.archived_channel.app_error")
    assert_error(w.bob.delete(f"/users/me/posts/{q['id']}/reactions/+1"), 403, "api.reaction.delete.archived_channel.app_error")


def test_bulk_has_every_requested_post(world):
    w = world
    p, q = w.alice.say(w.cid, "one"), w.alice.say(w.cid, "two")
    assert react(w.bob, p["id"], "+1").status_code == 200
    assert react(w.alice, p["id"], "-1").status_code == 200
    r = w.bob.post("/posts/ids/reactions", json=[p["id"], q["id"]])
    assert r.status_code == 200, r.text
    got = r.json()
    assert set(got) == {p["id"], q["id"]} and got[q["id"]] == []
    assert [(x["user_id"], x["emoji_name"]) for x in got[p["id"]]] == [(w.bob.id, "+1"), (w.alice.id, "-1")]


def test_distinct_emoji_limit(site):
    s = site({"ServiceSettings": {"UniqueEmojiReactionLimitPerPost": 3}})
    a, b = s.user("amy"), s.user("ben")
    tid = s.team("lim", members=[a, b])
    cid = s.channel(a, tid, "room", members=[b])
    p = a.say(cid, "limit")
    for e in ("one", "two", "three"):
        assert react(a, p["id"], e).status_code == 200
    assert_error(react(a, p["id"], "four"), 400, "app.reaction.save.save.too_many_reactions")
    assert react(b, p["id"], "two").status_code == 200  # an emoji already there is not a new one
    assert a.delete(f"/users/me/posts/{p['id']}/reactions/one").status_code == 200
    assert react(b, p["id"], "four").status_code == 200  # room again
    cfg = s.admin.get("/config/client?format=old").json()
    assert cfg["UniqueEmojiReactionLimitPerPost"] == "3"
