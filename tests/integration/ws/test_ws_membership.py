"""The hub's channel index and memberships changed while a socket authenticates.

A socket loads its user's memberships from the database at authentication (a worker job) and joins the
hub's indexes when the job is done. A membership change committed after that read and announced to the
hubs before the job is done must still reach the socket: the socket hears the new DM's events (typing).
"""

import socket
import threading
import time

import requests


WAITING_SQL = ("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
               "AND query LIKE 'SELECT team_id FROM team_members%'")


def _wait_for(cur, sql, want, timeout=10):
    """Barrier on the database: until the query counts want rows (not a sleep-as-synchronisation)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        cur.execute(sql)
        if cur.fetchone()[0] >= want:
            return
        time.sleep(0.02)
    raise AssertionError(f"{sql!r} never reached {want}")


def test_dm_created_while_socket_authenticates_reaches_it(rt, pg):
    # one loop: the witness socket's event proves the membership change was applied by the hub
    # that holds the authenticating socket, before its authentication job ends
    r = rt(config={"ParleySettings": {"LoopThreads": 1}})
    a, ta = r.user()
    b, tb = r.user()
    wa = r.connect(ta)
    lock = pg.connect(r.svc.database)
    lock.autocommit = False
    lcur = lock.cursor()
    # the authentication reads channel_members, then blocks on team_members
    lcur.execute("LOCK TABLE team_members IN ACCESS EXCLUSIVE MODE")
    wb = r.connect(query="", hello=False)
    seq = wb.send("authentication_challenge", {"token": tb})
    watch = pg.connect(r.svc.database)
    _wait_for(watch.cursor(), WAITING_SQL, 1)
    # b's snapshot lacks the DM; the DM is created (and announced) now
    res = {}
    t = threading.Thread(target=lambda: res.setdefault("r", r.post("/channels/direct", [a["id"], b["id"]], ta)))
    t.start()
    t.join(20)
    assert "r" in res, "creating the DM blocked"
    assert res["r"].status_code == 201, res["r"].text
    dm = res["r"].json()["id"]
    ev = wa.event("direct_added")
    assert ev["broadcast"]["channel_id"] == dm
    lock.commit()  # b's authentication goes on with its stale snapshot
    lock.close()
    watch.close()
    assert wb.event("hello")["seq"] == 0
    assert wb.reply(seq)["status"] == "OK"
    assert wa.call("user_typing", {"channel_id": dm, "parent_id": ""})["status"] == "OK"
    ev = wb.event("typing", pred=lambda e: e["broadcast"]["channel_id"] == dm)
    assert ev["data"] == {"parent_id": "", "user_id": a["id"]}
    # and the index left nothing out the other way: c, not a member, hears nothing of the DM
    c, tc = r.user()
    wc = r.connect(tc)
    assert wa.call("user_typing", {"channel_id": dm, "parent_id": ""})["status"] == "OK"
    wb.event("typing", pred=lambda e: e["broadcast"]["channel_id"] == dm)
    r.barrier(wc)
    wc.assert_no_event("typing")


def _team_with(r, owner_tok, *user_ids):
    n = r.n = r.n + 1
    t = r.post("/teams", {"name": f"team{n}x", "display_name": f"Team {n}", "type": "O"}, owner_tok)
    assert t.status_code == 201, t.text
    tid = t.json()["id"]
    for uid in user_ids:
        assert r.post(f"/teams/{tid}/members", {"team_id": tid, "user_id": uid}, owner_tok).status_code == 201
    return tid


def _private_with(r, tid, owner_tok, *user_ids):
    n = r.n = r.n + 1
    c = r.post("/channels", {"team_id": tid, "name": f"priv{n}x", "display_name": f"Priv {n}", "type": "P"}, owner_tok)
    assert c.status_code == 201, c.text
    cid = c.json()["id"]
    for uid in user_ids:
        assert r.post(f"/channels/{cid}/members", {"user_id": uid}, owner_tok).status_code == 201
    return cid


def test_resume_after_being_added_while_away(rt):
    """b's socket drops; a creates a DM with b; b resumes (connection_id + sequence_number): the
    replay holds direct_added and the resumed socket hears the DM from then on, c does not."""
    r = rt(config={"ParleySettings": {"LoopThreads": 2}})
    a, ta = r.user()
    b, tb = r.user()
    c, tc = r.user()
    wa, wb, wc = r.connect(ta), r.connect(tb), r.connect(tc)
    cid = wb.hello["data"]["connection_id"]
    u, _ = r.user()  # resume right after this new_user (what b read before it does not matter)
    next_seq = wb.event("new_user", pred=lambda e: e["data"] == {"user_id": u["id"]})["seq"] + 1
    wb.c.sock.shutdown(socket.SHUT_RDWR)
    wb.close()
    res = r.post("/channels/direct", [a["id"], b["id"]], ta)
    assert res.status_code == 201, res.text
    dm = res.json()["id"]
    wa.event("direct_added", pred=lambda e: e["broadcast"]["channel_id"] == dm)
    wb2 = r.connect(tb, query=f"connection_id={cid}&sequence_number={next_seq}", hello=False)
    ev = wb2.event("direct_added")
    assert ev["broadcast"]["channel_id"] == dm
    assert ev["data"] == {"creator_id": a["id"], "teammate_id": b["id"]} or \
        ev["data"] == {"creator_id": b["id"], "teammate_id": a["id"]}
    assert not any(e["event"] == "hello" for e in wb2.events), wb2.events
    assert wa.call("user_typing", {"channel_id": dm, "parent_id": ""})["status"] == "OK"
    wb2.event("typing", pred=lambda e: e["broadcast"]["channel_id"] == dm)
    r.barrier(wc)
    wc.assert_no_event("typing")
    wc.assert_no_event("direct_added")


def test_team_leave_stops_the_teams_channels_at_once(rt):
    """b leaves the team: at once b's socket hears neither the team's private channel nor the team;
    a, still a member, hears both."""
    r = rt()
    a, ta = r.user()
    b, tb = r.user()
    tid = _team_with(r, ta, b["id"])
    pid = _private_with(r, tid, ta, b["id"])
    wa, wb = r.connect(ta), r.connect(tb)
    assert wa.call("user_typing", {"channel_id": pid, "parent_id": ""})["status"] == "OK"
    wb.event("typing", pred=lambda e: e["broadcast"]["channel_id"] == pid)
    rm = requests.delete(r.base + f"/api/v4/teams/{tid}/members/{b['id']}",
                         headers={"Authorization": "Bearer " + ta}, timeout=30)
    assert rm.status_code == 200, rm.text
    ev = wb.event("leave_team")
    assert ev["data"] == {"user_id": b["id"], "team_id": tid}
    wb.event("user_removed", pred=lambda e: e["data"].get("channel_id") == pid)
    assert wa.call("user_typing", {"channel_id": pid, "parent_id": ""})["status"] == "OK"
    p = r.put(f"/teams/{tid}/patch", {"display_name": "Renamed"}, ta)
    assert p.status_code == 200, p.text
    assert wa.event("update_team")["broadcast"]["team_id"] == tid
    r.barrier(wa, wb)
    wb.assert_no_event("typing")
    wb.assert_no_event("update_team")


def test_new_dm_reaches_both_participants_on_two_nodes(rt, pg):
    """a (node 1) creates a DM with b (node 2): b's open socket hears direct_added and then the DM's
    events without reconnecting; c (node 2, not a participant) hears neither."""
    cluster = {"ParleySettings": {"ClusterEnable": True, "ClusterHeartbeatMs": 200}}
    n1 = rt(config=cluster)
    n2 = rt(config=cluster, database=n1.svc.database)
    a, ta = n1.user()
    n2.admin_token = n1.admin_token
    n2.n = 100
    b, tb = n2.user()
    c, tc = n2.user()
    wa, wb, wc = n1.connect(ta), n2.connect(tb), n2.connect(tc)
    ev = None
    for _ in range(40):  # until the nodes have found each other: a user made on node 1 is announced on node 2
        u, _ = n1.user()
        try:
            ev = wb.event("new_user", timeout=0.5, pred=lambda e, u=u: e["data"] == {"user_id": u["id"]})
            break
        except AssertionError:
            pass
    assert ev is not None
    ev = None
    for _ in range(40):  # and the other way: node 1 subscribes to node 2 only at its next heartbeat
        u, _ = n2.user()
        try:
            ev = wa.event("new_user", timeout=0.5, pred=lambda e, u=u: e["data"] == {"user_id": u["id"]})
            break
        except AssertionError:
            pass
    assert ev is not None
    res = n1.post("/channels/direct", [a["id"], b["id"]], ta)
    assert res.status_code == 201, res.text
    dm = res.json()["id"]
    ev = wb.event("direct_added", timeout=10)
    assert ev["broadcast"]["channel_id"] == dm
    assert ev["data"] == {"creator_id": a["id"], "teammate_id": b["id"]}
    assert wa.event("direct_added")["broadcast"]["channel_id"] == dm
    assert wa.call("user_typing", {"channel_id": dm, "parent_id": ""})["status"] == "OK"
    ev = wb.event("typing", timeout=10, pred=lambda e: e["broadcast"]["channel_id"] == dm)
    assert ev["data"] == {"parent_id": "", "user_id": a["id"]}
    # and the way back: b types on node 2, a hears it on node 1
    assert wb.call("user_typing", {"channel_id": dm, "parent_id": ""})["status"] == "OK"
    assert wa.event("typing", timeout=10)["data"] == {"parent_id": "", "user_id": b["id"]}
    n1.barrier(wa, wb, wc)
    wc.assert_no_event("direct_added")
    wc.assert_no_event("typing")


def test_creating_a_channel_or_dm_publishes_no_user_added(rt):
    """Mattermost's CreateChannel and SaveDirectChannel save the first members without user_added:
    the creator hears channel_created, the DM's participants direct_added, and nothing else of it."""
    r = rt()
    a, ta = r.user()
    b, tb = r.user()
    tid = _team_with(r, ta, b["id"])
    wa, wb = r.connect(ta), r.connect(tb)
    pid = _private_with(r, tid, ta)
    ev = wa.event("channel_created")
    assert ev["data"] == {"channel_id": pid, "team_id": tid} and ev["broadcast"]["user_id"] == a["id"]
    res = r.post("/channels/direct", [a["id"], b["id"]], ta)
    assert res.status_code == 201, res.text
    dm = res.json()["id"]
    for w in (wa, wb):
        assert w.event("direct_added")["broadcast"]["channel_id"] == dm
    r.barrier(wa, wb)
    wa.assert_no_event("user_added")
    wb.assert_no_event("user_added")
    wb.assert_no_event("channel_created")
    # adding b afterwards is announced to the channel (b included)
    assert r.post(f"/channels/{pid}/members", {"user_id": b["id"]}, ta).status_code == 201
    for w in (wa, wb):
        ev = w.event("user_added", pred=lambda e: e["broadcast"]["channel_id"] == pid)
        assert ev["data"]["user_id"] == b["id"] and ev["data"]["team_id"] == tid


def test_added_to_private_channel_by_another_hears_it_at_once(rt):
    """b's open socket: added to a private channel by a, b hears user_added and then the channel's
    events (typing, channel_updated); d, in the team but not in the channel, hears none of them; after
    an archive b still hears the channel (channel_deleted, channel_restored)."""
    r = rt()
    a, ta = r.user()
    b, tb = r.user()
    d, td = r.user()
    tid = _team_with(r, ta, b["id"], d["id"])
    pid = _private_with(r, tid, ta)
    wa, wb, wd = r.connect(ta), r.connect(tb), r.connect(td)
    assert r.post(f"/channels/{pid}/members", {"user_id": b["id"]}, ta).status_code == 201
    ev = wb.event("user_added", pred=lambda e: e["broadcast"]["channel_id"] == pid)
    assert ev["data"]["user_id"] == b["id"] and ev["data"]["team_id"] == tid
    assert wa.call("user_typing", {"channel_id": pid, "parent_id": ""})["status"] == "OK"
    assert wb.event("typing")["data"] == {"parent_id": "", "user_id": a["id"]}
    p = r.put(f"/channels/{pid}/patch", {"header": "new header"}, ta)
    assert p.status_code == 200, p.text
    for w in (wa, wb):
        ev = w.event("channel_updated")
        assert ev["broadcast"]["channel_id"] == pid
        assert isinstance(ev["data"]["channel"], str) and '"new header"' in ev["data"]["channel"]
    r.barrier(wa, wb, wd)
    for name in ("user_added", "typing", "channel_updated"):
        wd.assert_no_event(name)
    rm = requests.delete(r.base + f"/api/v4/channels/{pid}", headers={"Authorization": "Bearer " + ta}, timeout=30)
    assert rm.status_code == 200, rm.text
    ev = wb.event("channel_deleted")
    assert ev["data"]["channel_id"] == pid and ev["data"]["delete_at"] > 0
    rs = r.post(f"/channels/{pid}/restore", None, ta)
    assert rs.status_code == 200, rs.text
    assert wb.event("channel_restored")["data"] == {"channel_id": pid}
