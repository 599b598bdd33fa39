"""WebSocket authentication, hello, ping and action errors (GET /api/v4/websocket)."""

import json
import time

import pytest
import requests
import websocket


def test_hello_with_bearer_header(rt):
    r = rt()
    u, tok = r.user()
    ws = r.connect(tok)
    h = ws.hello
    version = requests.get(r.base + "/api/v4/system/ping").headers["X-Version-Id"]
    assert h["event"] == "hello"
    assert h["data"]["server_version"] == version
    assert len(h["data"]["connection_id"]) == 26
    assert h["broadcast"]["user_id"] == u["id"]
    assert set(h["broadcast"]) >= {"omit_users", "user_id", "channel_id", "team_id", "connection_id",
                                   "omit_connection_id"}


def test_hello_with_cookie(rt):
    r = rt()
    u, tok = r.user()
    ws = r.connect(cookie="MMAUTHTOKEN=" + tok)
    assert ws.hello["broadcast"]["user_id"] == u["id"]


def test_authentication_challenge(rt):
    r = rt()
    u, tok = r.user()
    ws = r.connect(hello=False)
    seq = ws.send("authentication_challenge", {"token": tok})
    h = ws.event("hello")
    assert h["seq"] == 0 and h["broadcast"]["user_id"] == u["id"]
    assert ws.reply(seq) == {"status": "OK", "seq_reply": seq}
    # a second challenge on an authenticated socket is ignored (no reply)
    ws.send("authentication_challenge", {"token": tok})
    assert ws.call("ping")["status"] == "OK"
    assert seq + 1 not in ws.replies


@pytest.mark.parametrize("how", ["header", "challenge"])
def test_bad_token_closes_socket(rt, how):
    r = rt()
    r.user()
    bad = "x" * 26
    if how == "header":
        ws = r.connect(bad, hello=False)
    else:
        ws = r.connect(hello=False)
        ws.send("authentication_challenge", {"token": bad})
    assert ws.closed(5)


def test_no_authentication_within_deadline_closes(rt):
    r = rt()
    ws = r.connect(hello=False)
    reply = ws.call("ping")
    assert reply["status"] == "FAIL"
    assert reply["error"]["id"] == "api.web_socket_router.not_authenticated.app_error"
    assert reply["error"]["status_code"] == 401
    assert ws.closed(8)


def test_ping_pong(rt):
    r = rt()
    _, tok = r.user()
    ws = r.connect(tok)
    before = int(time.time() * 1000)
    rep = ws.call("ping")
    assert rep["status"] == "OK"
    d = rep["data"]
    assert d["text"] == "pong"
    assert d["version"].count(".") == 2
    assert before - 1000 <= d["server_time"] <= int(time.time() * 1000) + 1000
    assert "seq" not in rep and "event" not in rep


def test_action_errors(rt):
    r = rt()
    _, tok = r.user()
    ws = r.connect(tok)

    def fail(msg, seq, status, err):
        ws.c.send(msg)
        rep = ws.reply(seq)
        assert rep["status"] == "FAIL", rep
        assert rep["error"]["id"] == err and rep["error"]["status_code"] == status, rep

    fail(json.dumps({"seq": 5, "action": ""}), 5, 400, "api.web_socket_router.no_action.app_error")
    fail(json.dumps({"seq": 0, "action": "ping"}), 0, 400, "api.web_socket_router.bad_seq.app_error")
    fail(json.dumps({"seq": 6, "action": "no_such_action"}), 6, 500, "api.web_socket_router.bad_action.app_error")
    fail("{not json", 0, 400, "api.web_socket_router.bad_request.app_error")
    fail(json.dumps({"seq": 7, "action": "get_statuses_by_ids", "data": {"user_ids": []}}), 7, 400,
         "api.websocket_handler.invalid_param.app_error")
    fail(json.dumps({"seq": 8, "action": "user_typing", "data": {"channel_id": "bad"}}), 8, 400,
         "api.websocket_handler.invalid_param.app_error")
    assert ws.call("ping")["status"] == "OK"


def test_oversized_frame_closes_with_1009_and_server_lives(rt):
    r = rt()
    u, tok = r.user()
    ws = r.connect(tok)
    ws.c.send("x" * 9000)
    code, seen = ws.until_close()  # the status_change of the connect may come first: not ours to order
    assert code == 1009
    assert all(m.get("event") == "status_change" and m["data"] == {"status": "online", "user_id": u["id"]} for m in seen), seen
    other = r.connect(tok)
    assert other.call("ping")["status"] == "OK"


def test_binary_and_garbage_frames(rt):
    r = rt()
    _, tok = r.user()
    ws = r.connect(tok)
    ws.c.send_binary(b"\x81\x00")
    assert ws.closed(5)
    raw = r.connect(tok)
    raw.c.sock.sendall(b"\x8f\x80\x00\x00\x00\x00")  # unknown opcode -> protocol error
    assert raw.closed(5)
    assert r.connect(tok).call("ping")["status"] == "OK"


def test_not_a_websocket_handshake(rt):
    r = rt()
    res = requests.get(r.base + "/api/v4/websocket")
    assert res.status_code == 400
    assert res.json()["id"] == "api.web_socket.connect.upgrade.app_error"


def test_connection_id_without_sequence_number(rt):
    r = rt()
    _, tok = r.user()
    with pytest.raises(websocket.WebSocketBadStatusException) as e:
        websocket.create_connection(r.ws_url + "?connection_id=" + "a" * 26,
                                    header=["Authorization: Bearer " + tok], timeout=5)
    assert e.value.status_code == 400


def test_get_statuses(rt):
    r = rt()
    u, tok = r.user()
    v, _ = r.user()
    ws = r.connect(tok)
    ws.event("status_change", pred=lambda e: e["data"] == {"status": "online", "user_id": u["id"]})
    rep = ws.call("get_statuses")
    assert rep == {"status": "OK", "seq_reply": rep["seq_reply"], "data": {u["id"]: "online"}}
    rep = ws.call("get_statuses_by_ids", {"user_ids": [u["id"], v["id"]]})
    assert rep["data"] == {u["id"]: "online", v["id"]: "offline"}


def test_revoked_session_closes_socket(rt):
    r = rt()
    u, tok = r.user()
    ws = r.connect(tok)
    res = r.post("/users/logout", {}, token=tok)
    assert res.status_code == 200
    assert ws.closed(5)


def test_server_pings_and_drops_silent_clients(rt):
    r = rt(config={"ParleySettings": {"WebSocketPingSeconds": 1, "WebSocketPongTimeoutSeconds": 3}})
    _, tok = r.user()
    ws = r.connect(tok)
    ws.c.settimeout(5)
    deadline = time.time() + 5
    op = None
    while time.time() < deadline and op != websocket.ABNF.OPCODE_PING:
        op, _ = ws.c.recv_data(control_frame=True)  # websocket-client answers the ping with a pong
    assert op == websocket.ABNF.OPCODE_PING
    # a client that answers pings stays; a silent one (raw socket, never reads) is dropped
    import socket as s
    raw = s.create_connection(("127.0.0.1", r.svc.port))
    raw.sendall((f"GET /api/v4/websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                 f"Authorization: Bearer {tok}\r\n\r\n").encode())
    end = time.time() + 6
    while time.time() < end:  # keep the good client reading (and answering pings)
        ws.c.settimeout(0.5)
        try:
            ws.c.recv_data(control_frame=True)
        except websocket.WebSocketTimeoutException:
            pass
    raw.settimeout(5)
    data = b""
    while True:
        chunk = raw.recv(65536)
        if not chunk:
            break
        data += chunk
    raw.close()
    assert data.startswith(b"HTTP/1.1 101")
    assert ws.call("ping")["status"] == "OK"


def test_expired_session_closes_socket_extended_one_stays(rt, pg):
    r = rt({"ServiceSettings": {"SessionCacheInMinutes": 0}})  # edits sessions with SQL
    u, tok = r.user()
    _, tok2 = r.user()
    conn = pg.connect(r.svc.database)
    cur = conn.cursor()
    soon = int(time.time() * 1000) + 1500
    cur.execute("UPDATE sessions SET expires_at = %s WHERE token IN (%s, %s)", (soon, tok, tok2))
    expiring = r.connect(tok)
    extended = r.connect(tok2)
    cur.execute("UPDATE sessions SET expires_at = %s WHERE token = %s", (soon + 3600 * 1000, tok2))
    conn.close()
    assert expiring.closed(6)
    assert extended.call("ping")["status"] == "OK"


def _metric(base, name):
    text = requests.get(base + "/metrics", timeout=10).text
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} missing from /metrics")


def test_metrics_count_connections_and_deliveries(rt):
    r = rt()
    assert _metric(r.svc.metrics_url(""), "parley_websocket_connections") == 0
    u, tok = r.user()
    ws = r.connect(tok)
    assert ws.hello["event"] == "hello"
    assert _metric(r.svc.metrics_url(""), "parley_websocket_connections") == 1
    assert _metric(r.svc.metrics_url(""), "parley_websocket_events_delivered_total") >= 1  # at least the hello
    for name in ("parley_websocket_events_dropped_total", "parley_websocket_slow_consumers_closed_total",
                 "parley_websocket_resumed_total"):
        assert _metric(r.svc.metrics_url(""), name) == 0
    ws.c.close()
    deadline = time.time() + 5
    while _metric(r.svc.metrics_url(""), "parley_websocket_connections") != 0 and time.time() < deadline:
        time.sleep(0.05)
    assert _metric(r.svc.metrics_url(""), "parley_websocket_connections") == 0
