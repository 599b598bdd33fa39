"""POST /channels, GET /channels/{id}, by name, by team name: shapes, permissions, bad input, channel_created."""

from conftest import assert_error, create_channel
from fixtures import new_id


def test_create_public_channel_shape_membership_and_event(world):
    c = world
    a_ws, b_ws = c.alice.ws(), c.bob.ws()
    r = c.alice.post("/channels", json={"team_id": c.tid, "name": "general-talk", "display_name": "  General Talk ",
                                        "type": "O", "purpose": "p", "header": "h"})
    assert r.status_code == 201, r.text
    ch = r.json()
    assert ch["type"] == "O" and ch["team_id"] == c.tid and ch["name"] == "general-talk"
    assert ch["display_name"] == "General Talk"
    assert ch["creator_id"] == c.alice.id and ch["purpose"] == "p" and ch["header"] == "h"
    assert ch["delete_at"] == 0 and ch["create_at"] > 0 and ch["scheme_id"] is None
    rows = c.sql("SELECT user_id, scheme_admin, scheme_user FROM channel_members WHERE channel_id = %s", ch["id"])
    assert rows == [(c.alice.id, True, True)]
    ev = a_ws.event("channel_created")
    assert ev["data"] == {"channel_id": ch["id"], "team_id": c.tid}
    assert ev["broadcast"]["user_id"] == c.alice.id
    c.barrier(a_ws, b_ws)
    b_ws.assert_no_event("channel_created")
    a_ws.assert_no_event("channel_created")
    ev = c.sql("SELECT type, user_id, props->>'username' FROM posts WHERE channel_id = %s", ch["id"])
    assert ev == [("system_join_channel", c.alice.id, "alice")]


def test_create_private_channel(world):
    c = world
    ch = create_channel(c.bob, c.tid, "secret", "P")
    assert ch["type"] == "P"
    assert c.bob.get("/channels/" + ch["id"]).status_code == 200


def test_create_permissions(world):
    c = world
    r = c.carol.post("/channels", json={"team_id": c.tid, "name": "x1", "display_name": "X", "type": "O"})
    assert_error(r, 403, "api.context.permissions.app_error")
    r = c.carol.post("/channels", json={"team_id": c.tid, "name": "x2", "display_name": "X", "type": "P"})
    assert_error(r, 403, "api.context.permissions.app_error")
    r = c.alice.post("/channels", json={"team_id": new_id(), "name": "x3", "display_name": "X", "type": "O"})
    assert_error(r, 403, "api.context.permissions.app_error")


def test_create_bad_input(world):
    c = world
    base = {"team_id": c.tid, "name": "okname", "display_name": "Ok", "type": "O"}

    def bad(status, eid, **change):
        body = dict(base)
        body.update(change)
        body = {k: v for k, v in body.items() if v is not None}
        assert_error(c.alice.post("/channels", json=body), status, eid)

    bad(400, "api.context.invalid_body_param.app_error", team_id=None)
    bad(400, "api.context.invalid_body_param.app_error", display_name=None)
    bad(400, "api.context.invalid_body_param.app_error", display_name=5)
    bad(400, "api.context.invalid_body_param.app_error", name=["x"])
    bad(400, "api.channel.create_channel.direct_channel.app_error", type="D")
    bad(400, "api.channel.create_channel.direct_channel.app_error", type="G")
    bad(400, "model.channel.is_valid.type.app_error", type="X")
    bad(400, "model.channel.is_valid.1_or_more.app_error", name="a" * 65)
    bad(400, "model.channel.is_valid.1_or_more.app_error", name="Bad Name!")
    bad(400, "model.channel.is_valid.1_or_more.app_error", name="")
    bad(400, "model.channel.is_valid.name.app_error", name=new_id() + "__" + new_id())
    bad(400, "model.channel.is_valid.display_name.app_error", display_name="d" * 65)
    bad(400, "model.channel.is_valid.purpose.app_error", purpose="p" * 251)
    r = c.alice.post("/channels", data="{not json", headers={"Content-Type": "application/json"})
    assert_error(r, 400, "api.context.invalid_body_param.app_error")


def test_duplicate_name(world):
    c = world
    create_channel(c.alice, c.tid, "dup")
    r = c.bob.post("/channels", json={"team_id": c.tid, "name": "dup", "display_name": "Dup", "type": "P"})
    assert_error(r, 400, "store.sql_channel.save_channel.exists.app_error")
    other = c.team("beta", members=[c.alice])
    create_channel(c.alice, other, "dup")


def test_max_channels_per_team(ch):
    c = ch({"TeamSettings": {"MaxChannelsPerTeam": 1}})
    u = c.user("alice")
    tid = c.team("alpha", members=[u])
    create_channel(u, tid, "one")
    r = u.post("/channels", json={"team_id": tid, "name": "two", "display_name": "Two", "type": "O"})
    assert_error(r, 400, "api.channel.create_channel.max_channel_limit.app_error")
    assert "1" in r.json()["message"]


def test_get_channel_permissions(world):
    c = world
    pub = create_channel(c.alice, c.tid, "pub")
    priv = create_channel(c.alice, c.tid, "priv", "P")
    assert c.alice.get("/channels/" + pub["id"]).json()["name"] == "pub"
    assert c.bob.get("/channels/" + pub["id"]).status_code == 200  # team member, read_public_channel
    assert_error(c.carol.get("/channels/" + pub["id"]), 403, "api.context.permissions.app_error")
    assert_error(c.bob.get("/channels/" + priv["id"]), 403, "api.context.permissions.app_error")
    assert_error(c.carol.get("/channels/" + priv["id"]), 403, "api.context.permissions.app_error")
    assert c.admin.get("/channels/" + priv["id"]).status_code == 200
    r = c.alice.get("/channels/" + new_id())
    assert_error(r, 404, "app.channel.get.existing.app_error")
    assert_error(c.alice.get("/channels/notanid"), 400, "api.context.invalid_url_param.app_error")


def test_get_by_name(world):
    c = world
    pub = create_channel(c.alice, c.tid, "pub")
    priv = create_channel(c.alice, c.tid, "priv", "P")
    r = c.bob.get(f"/teams/{c.tid}/channels/name/pub")
    assert r.status_code == 200 and r.json()["id"] == pub["id"]
    assert_error(c.carol.get(f"/teams/{c.tid}/channels/name/pub"), 403, "api.context.permissions.app_error")
    assert_error(c.bob.get(f"/teams/{c.tid}/channels/name/priv"), 404, "app.channel.get_by_name.missing.app_error")
    assert c.alice.get(f"/teams/{c.tid}/channels/name/priv").json()["id"] == priv["id"]
    assert_error(c.bob.get(f"/teams/{c.tid}/channels/name/nothere"), 404, "app.channel.get_by_name.missing.app_error")
    assert_error(c.bob.get(f"/teams/{c.tid}/channels/name/Bad%20Name"), 400, "api.context.invalid_url_param.app_error")
    assert_error(c.bob.get(f"/teams/xx/channels/name/pub"), 400, "api.context.invalid_url_param.app_error")
    r = c.bob.get(f"/teams/name/alpha/channels/name/pub")
    assert r.status_code == 200 and r.json()["id"] == pub["id"]
    assert_error(c.bob.get("/teams/name/nosuchteam/channels/name/pub"), 404, "app.team.get_by_name.missing.app_error")
    assert_error(c.bob.get("/teams/name/alpha/channels/name/priv"), 404, "app.channel.get_by_name.missing.app_error")
    assert_error(c.carol.get("/teams/name/alpha/channels/name/pub"), 403, "api.context.permissions.app_error")
    # archived: only with include_deleted
    assert c.alice.delete("/channels/" + pub["id"]).status_code == 200
    assert_error(c.bob.get(f"/teams/{c.tid}/channels/name/pub"), 404, "app.channel.get_by_name.missing.app_error")
    r = c.bob.get(f"/teams/{c.tid}/channels/name/pub?include_deleted=true")
    assert r.status_code == 200 and r.json()["delete_at"] > 0
    r = c.bob.get("/teams/name/alpha/channels/name/pub?include_deleted=true")
    assert r.status_code == 200


def test_team_admin_reads_private_by_name(world):
    c = world
    dave = c.user("dave")
    from fixtures import add_team_member
    add_team_member(c.sql, c.tid, dave.id, admin=True)
    priv = create_channel(c.alice, c.tid, "priv", "P")
    r = dave.get(f"/teams/{c.tid}/channels/name/priv")
    assert r.status_code == 200 and r.json()["id"] == priv["id"]
    # but GET /channels/{id} needs read_channel
    assert_error(dave.get("/channels/" + priv["id"]), 403, "api.context.permissions.app_error")


def test_dm_by_name_in_team(world):
    c = world
    dm = c.alice.post("/channels/direct", json=[c.alice.id, c.bob.id]).json()
    r = c.alice.get(f"/teams/{c.tid}/channels/name/{dm['name']}")
    assert r.status_code == 200 and r.json()["id"] == dm["id"]
    dave = c.user("dave")
    from fixtures import add_team_member
    add_team_member(c.sql, c.tid, dave.id)
    assert_error(dave.get(f"/teams/{c.tid}/channels/name/{dm['name']}"), 404, "app.channel.get_by_name.missing.app_error")


def test_foreign_ids(world):
    c = world
    beta = c.team("beta", members=[c.carol])
    theirs = create_channel(c.carol, beta, "theirs")
    # a channel of another team is not found through this team, nor readable by its id
    assert_error(c.alice.get(f"/teams/{c.tid}/channels/name/theirs"), 404, "app.channel.get_by_name.missing.app_error")
    assert_error(c.alice.get(f"/channels/{theirs['id']}"), 403, "api.context.permissions.app_error")
    assert_error(c.alice.get(f"/teams/{beta}/channels"), 403, "api.context.permissions.app_error")
    assert_error(c.alice.put(f"/channels/{theirs['id']}/patch", json={"header": "x"}), 403, "api.context.permissions.app_error")
    assert_error(c.alice.delete(f"/channels/{theirs['id']}"), 403, "api.context.permissions.app_error")
    # a team id that does not exist
    assert_error(c.alice.get(f"/teams/{new_id()}/channels"), 403, "api.context.permissions.app_error")


def test_system_admin_creates_channel_in_a_team_they_are_not_in(world):
    """Mattermost's CreateChannel saves the creator's membership without the team check."""
    c = world
    assert c.sql("SELECT count(*) FROM team_members WHERE team_id = %s AND user_id = %s", c.tid, c.admin.id) == [(0,)]
    ch = create_channel(c.admin, c.tid, "ops-room", "P")
    rows = c.sql("SELECT user_id, scheme_admin FROM channel_members WHERE channel_id = %s", ch["id"])
    assert rows == [(c.admin.id, True)]
    # a plain user outside the team is still refused (the permission check, before any membership)
    r = c.carol.post("/channels", json={"team_id": c.tid, "name": "x4", "display_name": "X", "type": "P"})
    assert_error(r, 403, "api.context.permissions.app_error")
