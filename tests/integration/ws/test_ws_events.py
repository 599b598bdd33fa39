"""Event delivery: typing, statuses, preferences, seq, resume, slow consumers, cross-node."""

import json
import socket
import time
import uuid

import pytest
import requests
import websocket

from conftest import join_channel


def new_id():
    alphabet = "ybndrfg8ejkmcpqxot1uwisza345h769"
    n = uuid.uuid4().int
    return "".join(alphabet[(n >> (5 * i)) & 31] for i in range(26))


def put_prefs(r, uid, tok, n=1, value="v", category="display_settings"):
    prefs = [{"user_id": uid, "category": category, "name": f"n{i}", "value": value} for i in range(n)]
    res = r.put(f"/users/{uid}/preferences", prefs, tok)
    assert res.status_code == 200, res.text


def test_typing_goes_to_channel_members_except_sender(rt, pg):
    r = rt()
    a, ta = r.user()
    b, tb = r.user()
    c, tc = r.user()
    ch = new_id()
    join_channel(pg, r.svc.database, ch, [a["id"], b["id"]])
    wa, wb, wc = r.connect(ta), r.connect(tb), r.connect(tc)
    rep = wa.call("user_typing", {"channel_id": ch, "parent_id": ""})
    assert rep == {"status": "OK", "seq_reply": rep["seq_reply"]}
    ev = wb.event("typing")
    assert ev["data"] == {"parent_id": "", "user_id": a["id"]}
    assert ev["broadcast"] == {"omit_users": {a["id"]: True}, "user_id": "", "channel_id": ch, "team_id": "",
                               "connection_id": "", "omit_connection_id": ""}
    assert ev["seq"] > wb.hello["seq"]
    r.barrier(wa, wb, wc)
    wa.assert_no_event("typing")  # the sender is omitted
    wb.assert_no_event("typing")  # exactly once
    wc.assert_no_event("typing")  # not a member
    # not a member: refused
    rep = wc.call("user_typing", {"channel_id": ch})
    assert rep["status"] == "FAIL" and rep["error"]["id"] == "api.websocket_handler.invalid_param.app_error"
    r.barrier(wa, wb, wc)
    for ws in (wa, wb, wc):
        ws.assert_no_event("typing")


def test_status_follows_connections(rt):
    r = rt()
    u, tok = r.user()
    o, other = r.user()
    wo = r.connect(other)
    wo.event("status_change", pred=lambda e: e["data"]["user_id"] == o["id"])
    ws = r.connect(tok)
    ev = ws.event("status_change", pred=lambda e: e["data"]["status"] == "online")
    assert ev["data"] == {"status": "online", "user_id": u["id"]}
    assert ev["broadcast"]["user_id"] == u["id"] and ev["broadcast"]["channel_id"] == ""
    rep = ws.call("user_update_active_status", {"user_is_active": False, "manual": False})
    assert rep == {"status": "OK", "seq_reply": rep["seq_reply"]}
    ev = ws.event("status_change", pred=lambda e: e["data"]["status"] == "away")
    assert ev["data"] == {"status": "away", "user_id": u["id"]} and ev["broadcast"]["user_id"] == u["id"]
    r.barrier(wo, ws)
    # status_change goes to the user concerned only
    assert all(e["data"]["user_id"] == o["id"] for e in wo.events if e["event"] == "status_change"), wo.events
    ws.close()
    deadline = time.time() + 5
    while r.get(f"/users/{u['id']}/status", other).json()["status"] != "offline":
        assert time.time() < deadline, "user did not go offline"
        time.sleep(0.1)


def test_manual_status_wins(rt):
    r = rt()
    u, tok = r.user()
    assert r.put(f"/users/{u['id']}/status", {"user_id": u["id"], "status": "dnd"}, tok).status_code == 200
    ws = r.connect(tok)
    ws.call("ping")
    time.sleep(0.3)
    assert r.get(f"/users/{u['id']}/status", tok).json()["status"] == "dnd"
    ws.close()
    time.sleep(0.3)
    assert r.get(f"/users/{u['id']}/status", tok).json()["status"] == "dnd"


def test_preferences_events_and_seq_without_gaps(rt):
    r = rt()
    u, tok = r.user()
    v, vtok = r.user()
    ws = r.connect(tok)
    wv = r.connect(vtok)
    n = 150
    for i in range(n):
        put_prefs(r, u["id"], tok, value=str(i))
    seqs = [0]
    got = []
    deadline = time.time() + 20
    while len(got) < n and time.time() < deadline:
        m = ws.recv(2)
        if m is None:
            continue
        if "seq" in m:
            seqs.append(m["seq"])
        if m.get("event") == "preferences_changed":
            got.append(m)
            prefs = json.loads(m["data"]["preferences"])
            assert prefs == [{"user_id": u["id"], "category": "display_settings", "name": "n0", "value": str(len(got) - 1)}]
            assert m["broadcast"]["user_id"] == u["id"] and m["broadcast"]["channel_id"] == ""
    assert len(got) == n
    assert seqs == list(range(len(seqs))), seqs
    r.barrier(wv)
    wv.assert_no_event("preferences_changed")


@pytest.mark.parametrize("loops", [1, 2])
def test_resume_after_short_disconnect(rt, loops):
    r = rt(config={"ParleySettings": {"LoopThreads": loops}})
    u, tok = r.user()
    for attempt in range(4):  # with 2 loops, make sure both the same-loop and the moved case ran
        ws = r.connect(tok)
        cid = ws.hello["data"]["connection_id"]
        ws.call("ping")
        put_prefs(r, u["id"], tok, value="before")
        ev = ws.event("preferences_changed")
        next_seq = ev["seq"] + 1
        ws.c.sock.shutdown(socket.SHUT_RDWR)
        ws.close()
        time.sleep(0.2)
        put_prefs(r, u["id"], tok, value="while-away-1")
        put_prefs(r, u["id"], tok, value="while-away-2")
        ws2 = r.connect(tok, query=f"connection_id={cid}&sequence_number={next_seq}", hello=False)
        # replayed and new events, in seq order from next_seq without a gap; status_change events of
        # this user's connections coming and going may be among them (their order is not the test's)
        got = []
        deadline = time.time() + 5
        while sum(m["event"] == "preferences_changed" for m in got) < 2 and time.time() < deadline:
            m = ws2.recv(1)
            if m is not None and "seq" in m:
                got.append(m)
        assert [m["seq"] for m in got] == list(range(next_seq, next_seq + len(got))), got
        assert {m["event"] for m in got} <= {"preferences_changed", "status_change"}, got
        prefs = [m for m in got if m["event"] == "preferences_changed"]
        assert len(prefs) == 2, got
        assert "while-away-1" in prefs[0]["data"]["preferences"]
        assert "while-away-2" in prefs[1]["data"]["preferences"]
        assert all(m["data"]["user_id"] == u["id"] for m in got if m["event"] == "status_change")
        assert ws2.call("ping")["status"] == "OK"
        ws2.close()


def test_resume_unknown_or_lost_gets_new_hello(rt):
    r = rt()
    _, tok = r.user()
    ws = r.connect(tok, query=f"connection_id={new_id()}&sequence_number=5")
    assert ws.hello["seq"] == 0
    cid = ws.hello["data"]["connection_id"]
    ws.close()
    time.sleep(0.2)
    # asks for events the server never sent: cannot resume losslessly -> fresh connection
    ws2 = r.connect(tok, query=f"connection_id={cid}&sequence_number=999")
    assert ws2.hello["data"]["connection_id"] != cid


def test_slow_consumer_disconnected_others_keep_receiving(rt):
    r = rt(config={"ParleySettings": {"WebSocketSendQueue": 16}})
    slow_u, slow_t = r.user()
    fast_u, fast_t = r.user()
    print("slow user", slow_u["id"], "fast user", fast_u["id"])
    slow = r.connect(slow_t, sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096),))
    fast = r.connect(fast_t)
    big = "x" * 19000
    got = 0
    for i in range(60):  # ~270 KiB per event to the slow user, who never reads; the fast one keeps reading
        put_prefs(r, slow_u["id"], slow_t, n=14, value=big + str(i))
        put_prefs(r, fast_u["id"], fast_t, value=str(i))
        while (m := fast.recv(0.02)) is not None:
            got += m.get("event") == "preferences_changed"
    deadline = time.time() + 20
    while got < 60 and time.time() < deadline:
        m = fast.recv(1)
        if m is not None and m.get("event") == "preferences_changed":
            got += 1
    assert got == 60
    # the slow socket was cut: reading what is buffered ends in EOF, never a full stream
    slow.c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    received = 0
    with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError, OSError)):
        deadline = time.time() + 20
        while time.time() < deadline:
            slow.c.settimeout(5)
            op, data = slow.c.recv_data(control_frame=True)
            if op == websocket.ABNF.OPCODE_CLOSE:
                raise ConnectionError("closed")
            received += 1
    assert received < 60


def test_cross_node_delivery(rt, pg):
    cluster = {"ParleySettings": {"ClusterEnable": True, "ClusterHeartbeatMs": 200}}
    n1 = rt(config=cluster)
    n2 = rt(config=cluster, database=n1.svc.database)
    a, ta = n1.user()
    n2.admin_token = n1.admin_token
    n2.n = 100
    b, tb = n2.user()
    ch = new_id()
    join_channel(pg, n1.svc.database, ch, [a["id"], b["id"]])
    wa = n1.connect(ta)
    wb = n2.connect(tb)
    deadline = time.time() + 10
    ev = None
    while ev is None and time.time() < deadline:  # until the nodes have found each other
        wa.call("user_typing", {"channel_id": ch, "parent_id": ""})
        try:
            ev = wb.event("typing", timeout=0.5)
        except AssertionError:
            pass
    assert ev is not None and ev["data"] == {"parent_id": "", "user_id": a["id"]}
    assert ev["broadcast"]["channel_id"] == ch and ev["broadcast"]["omit_users"] == {a["id"]: True}
    # an event caused by a REST call on node 2 reaches the user's socket on node 1
    ev = None
    deadline = time.time() + 10
    while ev is None and time.time() < deadline:  # until node 1 has subscribed to node 2 as well
        put_prefs(n2, a["id"], ta, value="from-node-2")
        try:
            ev = wa.event("preferences_changed", timeout=0.5)
        except AssertionError:
            pass
    assert ev is not None and "from-node-2" in ev["data"]["preferences"]
    assert ev["broadcast"]["user_id"] == a["id"]
    n2.barrier(wb)  # b, on node 2, hears neither a's typing (sender omitted) nor a's preferences
    wb.assert_no_event("preferences_changed")
    # a node that stops leaves the table
    conn = pg.connect(n1.svc.database)
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM cluster_nodes")
    assert cur.fetchone()[0] == 2
    n2.close_all()
    assert n2.svc.stop() == 0
    cur.execute("SELECT count(*) FROM cluster_nodes")
    assert cur.fetchone()[0] == 1
    conn.close()
