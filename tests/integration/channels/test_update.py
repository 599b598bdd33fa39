"""PUT /channels/{id}/patch, PUT /channels/{id}, DELETE (archive / permanent), restore, privacy: rules,
permissions, channel_updated / channel_deleted / channel_restored / channel_converted and who gets them,
and the system messages recorded for the posts issue."""

import json

from conftest import assert_error, create_channel
from fixtures import make_channel, new_id


def events(c, cid):
    return c.sql("SELECT type, user_id, props FROM posts WHERE channel_id = %s AND type <> "
                 "'system_join_channel' ORDER BY create_at, id", cid)


def test_patch_header_purpose_display_name(world):
    c = world
    ch = create_channel(c.alice, c.tid, "talk")
    c.sql("INSERT INTO channel_members (channel_id, user_id) VALUES (%s, %s)", ch["id"], c.bob.id)
    a_ws, b_ws = c.alice.ws(), c.bob.ws()
    r = c.bob.put(f"/channels/{ch['id']}/patch", json={"header": "new header", "purpose": "why", "display_name": "Talk 2"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["header"] == "new header" and out["purpose"] == "why" and out["display_name"] == "Talk 2"
    assert out["name"] == "talk" and out["update_at"] >= ch["update_at"]
    for s in (a_ws, b_ws):
        ev = s.event("channel_updated")
        assert ev["broadcast"]["channel_id"] == ch["id"]
        got = json.loads(ev["data"]["channel"])
        assert got["id"] == ch["id"] and got["header"] == "new header"
    rows = events(c, ch["id"])
    kinds = {t: (u, p) for t, u, p in rows}
    assert set(kinds) == {"system_header_change", "system_purpose_change", "system_displayname_change"}
    assert kinds["system_header_change"] == (c.bob.id, {"username": "bob", "old_header": "", "new_header": "new header"})
    assert kinds["system_purpose_change"][1] == {"username": "bob", "old_purpose": "", "new_purpose": "why"}
    assert kinds["system_displayname_change"][1] == {"username": "bob", "old_displayname": "Talk",
                                                     "new_displayname": "Talk 2"}
    msg = c.sql("SELECT message FROM posts WHERE type = 'system_header_change'")[0][0]
    assert msg == "bob updated the channel header to: new header"


def test_private_channel_events_stay_with_members(world):
    c = world
    ch = create_channel(c.alice, c.tid, "hidden", "P")
    a_ws, b_ws, x_ws = c.alice.ws(), c.bob.ws(), c.carol.ws()
    assert c.alice.put(f"/channels/{ch['id']}/patch", json={"header": "h"}).status_code == 200
    a_ws.event("channel_updated")
    assert c.alice.delete(f"/channels/{ch['id']}").status_code == 200
    a_ws.event("channel_deleted", pred=lambda e: e["data"]["channel_id"] == ch["id"])
    c.barrier(a_ws, b_ws, x_ws)
    for s in (b_ws, x_ws):
        s.assert_no_event("channel_updated")
        s.assert_no_event("channel_deleted")


def test_patch_rules_and_permissions(world):
    c = world
    ch = create_channel(c.alice, c.tid, "talk")
    priv = create_channel(c.alice, c.tid, "priv", "P")
    ts = make_channel(c.sql, c.tid, "town-square", members=[c.alice.id])
    assert_error(c.bob.put(f"/channels/{ch['id']}/patch", json={"header": "x"}), 403, "api.context.permissions.app_error")
    assert_error(c.bob.put(f"/channels/{priv['id']}/patch", json={"header": "x"}), 403, "api.context.permissions.app_error")
    assert_error(c.alice.put(f"/channels/{ch['id']}/patch", json={}), 400, "api.channel.patch_update_channel.no_changes.app_error")
    assert_error(c.alice.put(f"/channels/{ts}/patch", json={"name": "renamed"}), 400, "api.channel.update_channel.tried.app_error")
    assert c.alice.put(f"/channels/{ts}/patch", json={"header": "ok"}).status_code == 200
    create_channel(c.alice, c.tid, "taken")
    assert_error(c.alice.put(f"/channels/{ch['id']}/patch", json={"name": "taken"}), 400,
                 "store.sql_channel.save_channel.exists.app_error")
    assert_error(c.alice.put(f"/channels/{ch['id']}/patch", json={"name": "Bad Name"}), 400,
                 "model.channel.is_valid.1_or_more.app_error")
    assert_error(c.alice.put(f"/channels/{ch['id']}/patch", json={"header": 3}), 400, "api.context.invalid_body_param.app_error")
    assert_error(c.alice.put(f"/channels/{new_id()}/patch", json={"header": "x"}), 404, "app.channel.get.existing.app_error")
    assert_error(c.alice.put("/channels/bad/patch", json={"header": "x"}), 400, "api.context.invalid_url_param.app_error")


def test_put_update(world):
    c = world
    ch = create_channel(c.alice, c.tid, "talk", header="old", purpose="old purpose")
    body = dict(ch, display_name="Renamed", header="new")
    body.pop("purpose")
    r = c.alice.put(f"/channels/{ch['id']}", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["display_name"] == "Renamed" and out["header"] == "new" and out["purpose"] == ""
    # only the display-name message for PUT (Mattermost's updateChannel)
    assert [t for t, _, _ in events(c, ch["id"])] == ["system_displayname_change"]
    assert_error(c.alice.put(f"/channels/{ch['id']}", json=dict(ch, id=new_id())), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(c.alice.put(f"/channels/{ch['id']}", json=dict(ch, type="P")), 400, "api.channel.update_channel.typechange.app_error")
    assert_error(c.bob.put(f"/channels/{ch['id']}", json=ch), 403, "api.context.permissions.app_error")
    assert c.alice.delete(f"/channels/{ch['id']}").status_code == 200
    assert_error(c.alice.put(f"/channels/{ch['id']}", json=ch), 400, "api.channel.update_channel.deleted.app_error")


def test_archive_public_goes_to_team(world):
    c = world
    ch = create_channel(c.alice, c.tid, "old-news")
    a_ws, b_ws, x_ws = c.alice.ws(), c.bob.ws(), c.carol.ws()
    r = c.alice.delete(f"/channels/{ch['id']}")
    assert r.status_code == 200 and r.json() == {"status": "OK"}
    for s in (a_ws, b_ws):  # bob is in the team, not the channel: public archive goes to the team
        ev = s.event("channel_deleted")
        assert ev["data"]["channel_id"] == ch["id"] and ev["data"]["delete_at"] > 0
        assert ev["broadcast"]["team_id"] == c.tid
    c.barrier(x_ws)
    x_ws.assert_no_event("channel_deleted")
    got = c.alice.get(f"/channels/{ch['id']}").json()
    assert got["delete_at"] > 0
    rows = events(c, ch["id"])
    assert rows == [("system_channel_deleted", c.alice.id, {"username": "alice"})]
    assert_error(c.alice.delete(f"/channels/{ch['id']}"), 400, "api.channel.delete_channel.deleted.app_error")


def test_archive_rules(world):
    c = world
    ch = create_channel(c.alice, c.tid, "talk")
    ts = make_channel(c.sql, c.tid, "town-square", members=[c.alice.id])
    assert_error(c.bob.delete(f"/channels/{ch['id']}"), 403, "api.context.permissions.app_error")
    assert_error(c.alice.delete(f"/channels/{ts}"), 400, "api.channel.delete_channel.cannot.app_error")
    dm = c.alice.post("/channels/direct", json=[c.alice.id, c.bob.id]).json()
    assert_error(c.alice.delete(f"/channels/{dm['id']}"), 400, "api.channel.delete_channel.type.invalid")
    assert_error(c.alice.delete(f"/channels/{new_id()}"), 404, "app.channel.get.existing.app_error")
    assert_error(c.alice.delete(f"/channels/{ch['id']}?permanent=true"), 401, "api.user.delete_channel.not_enabled.app_error")
    assert_error(c.admin.delete(f"/channels/{ch['id']}?permanent=true"), 401,
                 "api.user.delete_channel.not_enabled.for_admin.app_error")


def test_permanent_delete(ch):
    c = ch({"ServiceSettings": {"EnableAPIChannelDeletion": True}})
    alice, bob = c.user("alice"), c.user("bob")
    tid = c.team("alpha", members=[alice, bob])
    chan = create_channel(alice, tid, "gone")
    a_ws = alice.ws()
    assert alice.delete(f"/channels/{chan['id']}?permanent=true").status_code == 200
    a_ws.event("channel_deleted", pred=lambda e: e["data"]["channel_id"] == chan["id"])
    assert c.sql("SELECT count(*) FROM channels WHERE id = %s", chan["id"]) == [(0,)]
    assert c.sql("SELECT count(*) FROM channel_members WHERE channel_id = %s", chan["id"]) == [(0,)]
    assert_error(alice.get(f"/channels/{chan['id']}"), 404, "app.channel.get.existing.app_error")


def test_restore(world):
    c = world
    ch = create_channel(c.alice, c.tid, "back")
    priv = create_channel(c.alice, c.tid, "back-priv", "P")
    assert c.alice.delete(f"/channels/{ch['id']}").status_code == 200
    assert c.alice.delete(f"/channels/{priv['id']}").status_code == 200
    assert_error(c.alice.post(f"/channels/{ch['id']}/restore"), 403, "api.context.permissions.app_error")
    a_ws, b_ws, x_ws = c.alice.ws(), c.bob.ws(), c.carol.ws()
    r = c.admin.post(f"/channels/{ch['id']}/restore")
    assert r.status_code == 200 and r.json()["delete_at"] == 0
    for s in (a_ws, b_ws):
        assert s.event("channel_restored")["data"] == {"channel_id": ch["id"]}
    assert c.admin.post(f"/channels/{priv['id']}/restore").status_code == 200
    a_ws.event("channel_restored", pred=lambda e: e["data"]["channel_id"] == priv["id"])
    c.barrier(a_ws, b_ws, x_ws)
    x_ws.assert_no_event("channel_restored")
    b_ws.assert_no_event("channel_restored")  # the private one went to its members only
    assert [t for t, _, _ in events(c, ch["id"])] == ["system_channel_deleted", "system_channel_restored"]
    assert_error(c.admin.post(f"/channels/{ch['id']}/restore"), 400, "api.channel.restore_channel.restored.app_error")
    assert_error(c.admin.post(f"/channels/{new_id()}/restore"), 404, "app.channel.get.existing.app_error")


def test_privacy(world):
    c = world
    ch = create_channel(c.alice, c.tid, "convert-me")
    ts = make_channel(c.sql, c.tid, "town-square", members=[c.alice.id])
    assert_error(c.alice.put(f"/channels/{ch['id']}/privacy", json={"privacy": "P"}), 403, "api.context.permissions.app_error")
    a_ws, b_ws, x_ws = c.alice.ws(), c.bob.ws(), c.carol.ws()
    r = c.admin.put(f"/channels/{ch['id']}/privacy", json={"privacy": "P"})
    assert r.status_code == 200 and r.json()["type"] == "P"
    for s in (a_ws, b_ws):
        assert s.event("channel_converted")["data"] == {"channel_id": ch["id"]}
    a_ws.event("channel_updated")
    c.barrier(a_ws, b_ws, x_ws)
    x_ws.assert_no_event("channel_converted")
    b_ws.assert_no_event("channel_updated")
    assert [t for t, _, _ in events(c, ch["id"])] == ["system_change_chan_privacy"]
    assert c.admin.put(f"/channels/{ch['id']}/privacy", json={"privacy": "O"}).json()["type"] == "O"
    assert_error(c.admin.put(f"/channels/{ts}/privacy", json={"privacy": "P"}), 400,
                 "api.channel.update_channel_privacy.default_channel_error")
    assert_error(c.admin.put(f"/channels/{ch['id']}/privacy", json={"privacy": "X"}), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(c.admin.put(f"/channels/{ch['id']}/privacy", json={}), 400, "api.context.invalid_body_param.app_error")


def test_team_admin_converts(world):
    c = world
    from fixtures import add_team_member
    dave = c.user("dave")
    add_team_member(c.sql, c.tid, dave.id, admin=True)
    ch = create_channel(c.alice, c.tid, "convert-me")
    r = dave.put(f"/channels/{ch['id']}/privacy", json={"privacy": "P"})
    assert r.status_code == 200 and r.json()["type"] == "P"
    assert dave.post(f"/channels/{ch['id']}/restore").status_code == 400  # manage_team passes; not archived
