"""POST /channels/direct and /channels/group: names, idempotency, direct_added / group_added recipients, sizes."""

import hashlib
import json

from conftest import assert_error
from fixtures import new_id


def test_direct_channel(world):
    c = world
    a_ws, b_ws, x_ws = c.alice.ws(), c.bob.ws(), c.carol.ws()
    r = c.alice.post("/channels/direct", json=[c.bob.id, c.alice.id])
    assert r.status_code == 201, r.text
    dm = r.json()
    assert dm["type"] == "D" and dm["team_id"] == "" and dm["display_name"] == ""
    assert dm["name"] == "__".join(sorted([c.alice.id, c.bob.id]))
    members = c.sql("SELECT user_id FROM channel_members WHERE channel_id = %s ORDER BY user_id", dm["id"])
    assert [m[0] for m in members] == sorted([c.alice.id, c.bob.id])
    for s in (a_ws, b_ws):
        ev = s.event("direct_added")
        assert ev["data"] == {"creator_id": c.bob.id, "teammate_id": c.alice.id}
        assert ev["broadcast"]["channel_id"] == dm["id"]
    again = c.bob.post("/channels/direct", json=[c.alice.id, c.bob.id])
    assert again.status_code == 201 and again.json()["id"] == dm["id"]
    c.barrier(a_ws, b_ws, x_ws)
    x_ws.assert_no_event("direct_added")
    a_ws.assert_no_event("direct_added")  # the second call created nothing
    assert c.alice.get("/channels/" + dm["id"]).status_code == 200
    assert_error(c.carol.get("/channels/" + dm["id"]), 403, "api.context.permissions.app_error")


def test_self_dm(world):
    c = world
    r = c.alice.post("/channels/direct", json=[c.alice.id])
    assert r.status_code == 201
    assert r.json()["name"] == f"{c.alice.id}__{c.alice.id}"
    r2 = c.alice.post("/channels/direct", json=[c.alice.id, c.alice.id])
    assert r2.status_code == 201 and r2.json()["id"] == r.json()["id"]


def test_direct_errors(world):
    c = world
    assert_error(c.alice.post("/channels/direct", json=[c.bob.id, c.carol.id]), 403, "api.context.permissions.app_error")
    assert c.admin.post("/channels/direct", json=[c.bob.id, c.carol.id]).status_code == 201
    assert_error(c.alice.post("/channels/direct", json=[c.alice.id, new_id()]), 400,
                 "api.channel.create_direct_channel.invalid_user.app_error")
    assert_error(c.alice.post("/channels/direct", json=[c.bob.id]), 400, "api.context.invalid_body_param.app_error")
    assert_error(c.alice.post("/channels/direct", json=[c.alice.id, c.bob.id, c.carol.id]), 400,
                 "api.context.invalid_body_param.app_error")
    assert_error(c.alice.post("/channels/direct", json=[c.alice.id, "nope"]), 400, "api.context.invalid_body_param.app_error")
    assert_error(c.alice.post("/channels/direct", json=[c.alice.id, 5]), 400, "api.context.invalid_body_param.app_error")
    assert_error(c.alice.post("/channels/direct", json={"a": 1}), 400, "api.context.invalid_body_param.app_error")


def test_direct_restricted_to_team(ch):
    c = ch({"TeamSettings": {"RestrictDirectMessage": "team"}})
    alice, bob, carol = c.user("alice"), c.user("bob"), c.user("carol")
    c.team("alpha", members=[alice, bob])
    assert alice.post("/channels/direct", json=[alice.id, bob.id]).status_code == 201
    assert_error(alice.post("/channels/direct", json=[alice.id, carol.id]), 403,
                 "api.channel.create_channel.direct_channel.team_restricted_error")


def test_group_channel(world):
    c = world
    dave = c.user("dave")
    ws = {u.username: u.ws() for u in (c.alice, c.bob, c.carol, dave)}
    r = c.alice.post("/channels/group", json=[c.carol.id, c.bob.id])
    assert r.status_code == 201, r.text
    gm = r.json()
    ids = sorted([c.alice.id, c.bob.id, c.carol.id])
    assert gm["type"] == "G" and gm["team_id"] == ""
    assert gm["name"] == hashlib.sha1("".join(ids).encode()).hexdigest()
    assert gm["display_name"] == "alice, bob, carol"
    for name in ("alice", "bob", "carol"):
        ev = ws[name].event("group_added")
        assert ev["broadcast"]["channel_id"] == gm["id"]
        assert ev["broadcast"]["user_id"] == ""  # Mattermost: one event to the channel, not one per user
        assert sorted(json.loads(ev["data"]["teammate_ids"])) == ids
    again = c.carol.post("/channels/group", json=[c.alice.id, c.bob.id, c.carol.id])
    assert again.status_code == 201 and again.json()["id"] == gm["id"]
    c.barrier(*ws.values())
    ws["dave"].assert_no_event("group_added")
    ws["carol"].assert_no_event("group_added")
    assert_error(dave.get("/channels/" + gm["id"]), 403, "api.context.permissions.app_error")


def test_group_sizes_and_users(world):
    c = world
    assert_error(c.alice.post("/channels/group", json=[c.bob.id]), 400, "api.channel.create_group.bad_size.app_error")
    assert_error(c.alice.post("/channels/group", json=[c.bob.id, c.alice.id]), 400, "api.channel.create_group.bad_size.app_error")
    others = [c.user().id for _ in range(8)]
    assert_error(c.alice.post("/channels/group", json=others), 400, "api.channel.create_group.bad_size.app_error")
    assert c.alice.post("/channels/group", json=others[:7]).status_code == 201  # 8 with the caller
    assert_error(c.alice.post("/channels/group", json=[c.bob.id, new_id()]), 400, "api.channel.create_group.bad_user.app_error")
    assert_error(c.alice.post("/channels/group", json=[]), 400, "api.context.invalid_body_param.app_error")
    assert_error(c.alice.post("/channels/group", json=[c.bob.id, "x"]), 400, "api.context.invalid_body_param.app_error")


def test_dm_and_gm_patch(world):
    c = world
    dm = c.alice.post("/channels/direct", json=[c.alice.id, c.bob.id]).json()
    r = c.bob.put(f"/channels/{dm['id']}/patch", json={"header": "our dm"})
    assert r.status_code == 200 and r.json()["header"] == "our dm"
    assert_error(c.carol.put(f"/channels/{dm['id']}/patch", json={"header": "x"}), 403,
                 "api.channel.patch_update_channel.forbidden.app_error")
    assert_error(c.bob.put(f"/channels/{dm['id']}/patch", json={"display_name": "x"}), 400,
                 "api.channel.patch_update_channel.update_direct_or_group_messages_not_allowed.app_error")
    body = dict(dm, purpose="nope")
    assert_error(c.bob.put(f"/channels/{dm['id']}", json=body), 400,
                 "api.channel.update_channel.update_direct_or_group_messages_not_allowed.app_error")


def test_dm_and_gm_need_their_permissions(world):
    c = world
    role = c.admin.get("/roles/name/system_user").json()
    kept = [p for p in role["permissions"] if p not in ("create_direct_channel", "create_group_channel")]
    r = c.admin.put(f"/roles/{role['id']}/patch", json={"permissions": kept})
    assert r.status_code == 200, r.text
    assert_error(c.alice.post("/channels/direct", json=[c.alice.id, c.bob.id]), 403, "api.context.permissions.app_error")
    assert_error(c.alice.post("/channels/group", json=[c.bob.id, c.carol.id]), 403, "api.context.permissions.app_error")
    assert c.admin.post("/channels/direct", json=[c.admin.id, c.bob.id]).status_code == 201  # system_admin has them
