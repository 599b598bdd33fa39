"""Two cluster nodes on one database: joining or leaving a team on one node changes what the user's
connection on the other node receives (the hub's team index follows on every node)."""

import time

from conftest import Api

CLUSTER = {"ParleySettings": {"ClusterEnable": True, "ClusterHeartbeatMs": 200}}


def test_team_index_follows_on_every_node(teams):
    n1 = teams(CLUSTER)
    n2 = teams(CLUSTER, join=n1)
    owner = n1.user()
    bob = n1.user()
    ws_bob = n2.connect(Api(n2.base, bob.token, bob.user))  # bob's session, connected to node 2
    # until node 1's events reach node 2 (the nodes found each other): new_user goes to everyone
    deadline, seen = time.time() + 15, False
    while not seen and time.time() < deadline:
        u = n1.user()
        try:
            ws_bob.event("new_user", timeout=0.5, pred=lambda e, uid=u.id: e["data"].get("user_id") == uid)
            seen = True
        except AssertionError:
            pass
    assert seen, "node 2 never received node 1's events"
    team = n1.team(owner)
    n1.add(owner, team["id"], bob.id)
    ws_bob.event("added_to_team", pred=lambda e: e["data"]["team_id"] == team["id"])
    assert owner.put(f"/teams/{team['id']}/patch", json={"display_name": "Seen on node 2"}).status_code == 200
    ev = ws_bob.event("update_team")
    assert ev["broadcast"]["team_id"] == team["id"]
    assert owner.delete(f"/teams/{team['id']}/members/{bob.id}").status_code == 200
    ws_bob.event("leave_team", pred=lambda e: e["broadcast"]["user_id"] == bob.id)
    assert owner.put(f"/teams/{team['id']}/patch", json={"display_name": "Not for bob"}).status_code == 200
    n1.barrier(ws_bob)
    ws_bob.assert_no_event("update_team")
