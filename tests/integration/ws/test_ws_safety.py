"""WebSocket safety: bounded per-connection work and memory, write deadline, Origin check, error texts."""

import json
import socket
import time

import pytest
import requests
import websocket

TOO_MANY = "api.web_socket_router.too_many_requests.app_error"
LOW_QUARANTINE = {"ASAN_OPTIONS": "abort_on_error=0:detect_leaks=1:quarantine_size_mb=4"}


def _metric(base, name):
    for line in requests.get(base + "/metrics", timeout=10).text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} missing from /metrics")


def _frame(payload, opcode=0x1):
    """A masked client frame (zero mask key: the payload goes as is)."""
    n = len(payload)
    if n < 126:
        head = bytes([0x80 | opcode, 0x80 | n])
    else:
        head = bytes([0x80 | opcode, 0x80 | 126]) + n.to_bytes(2, "big")
    return head + b"\0\0\0\0" + payload


def _handshake(port, headers=(), rcvbuf=None):
    """(status, body, socket): the socket (response head read, nothing else) when 101, else None."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect(("127.0.0.1", port))
    extra = "".join(h + "\r\n" for h in headers)
    s.sendall((f"GET /api/v4/websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               f"Sec-WebSocket-Version: 13\r\n{extra}\r\n").encode())
    s.settimeout(10)
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        assert chunk, head
        head += chunk
    status = int(head.split()[1])
    if status == 101:
        return status, None, s
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")))
    body = b""
    while len(body) < length:
        body += s.recv(length - len(body))
    s.close()
    return status, body, None


def _raw_upgrade(port, headers=(), rcvbuf=None):
    status, body, s = _handshake(port, headers, rcvbuf)
    assert status == 101, (status, body)
    return s


def _rss_kb(pid, field="VmRSS"):
    """Resident set (VmRSS) or its peak so far (VmHWM) of a process, kB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError("no " + field)


def _write_timeouts(base):
    try:
        return _metric(base, "parley_websocket_write_timeouts_total")
    except (AssertionError, requests.RequestException):
        return 0  # (before the counter existed, or a loop too busy to answer)


def _read_frames(s, done, timeout=20):
    """Server frames (opcode, payload) until done(frames) or a close frame arrived."""
    buf, out = b"", []
    deadline = time.time() + timeout
    while time.time() < deadline:
        while len(buf) >= 2:
            op, n, off = buf[0] & 0x0F, buf[1] & 0x7F, 2
            if n == 126:
                if len(buf) < 4:
                    break
                n, off = int.from_bytes(buf[2:4], "big"), 4
            elif n == 127:
                if len(buf) < 10:
                    break
                n, off = int.from_bytes(buf[2:10], "big"), 10
            if len(buf) < off + n:
                break
            out.append((op, buf[off:off + n]))
            buf = buf[off + n:]
            if op == 0x8 or done(out):
                return out
        s.settimeout(max(0.1, deadline - time.time()))
        chunk = s.recv(65536)
        if not chunk:
            return out
        buf += chunk
    return out


# ---------------------------------------------------------------- 1. job accounting


def test_pipelined_status_requests_are_capped_and_answered(rt):
    r = rt()
    u, tok = r.user()
    v, _ = r.user()
    s = _raw_upgrade(r.svc.port, headers=[f"Authorization: Bearer {tok}"])
    n = 300
    req = b"".join(_frame(json.dumps({"action": "get_statuses_by_ids", "seq": i + 1,
                                      "data": {"user_ids": [u["id"], v["id"]]}}).encode()) for i in range(n))
    s.sendall(req)
    def all_replied(frames):
        return sum(1 for op, p in frames if op == 0x1 and b'"seq_reply"' in p) >= n

    frames = _read_frames(s, all_replied)  # the hello event (and status_change, not controlled here) come too
    texts = [json.loads(p) for op, p in frames if op == 0x1]
    replies = {m["seq_reply"]: m for m in texts if "seq_reply" in m}
    events = [m for m in texts if "seq_reply" not in m]
    assert set(replies) == set(range(1, n + 1))
    assert {e["event"] for e in events} <= {"hello", "status_change"}, events
    ok = [m for m in replies.values() if m["status"] == "OK"]
    refused = [m for m in replies.values() if m["status"] == "FAIL"]
    assert len(ok) + len(refused) == n
    for m in ok:
        assert set(m["data"]) == {u["id"], v["id"]}
        assert m["data"][v["id"]] == "offline"
    assert refused, "300 pipelined requests never hit the 16 in flight bound"
    for m in refused:
        e = m["error"]
        assert (e["id"], e["status_code"]) == (TOO_MANY, 429), m
        assert e["message"] == ("Too many WebSocket requests are in flight on this connection. "
                                "Wait for their replies and try again.")
    s.close()


def test_connection_closed_with_jobs_in_flight_is_freed_once(rt, pg):
    """Hundreds of jobs in flight when the connection went: the count wrapped (uint8), the
    connection was freed while jobs still held it and their completions wrote into freed memory.
    Now at most 16 run, the connection waits for them, and the core exits cleanly (ASan)."""
    r = rt(config={"ParleySettings": {"WebSocketResumeSeconds": 0}})
    u, tok = r.user()
    v, _ = r.user()  # never connects: offline whatever order u's connections come and go in
    s = _raw_upgrade(r.svc.port, headers=[f"Authorization: Bearer {tok}"])
    _read_frames(s, lambda f: any(b'"status_change"' in p for _, p in f))  # hello, and the online status written
    db = pg.connect(r.svc.database)
    cur = db.cursor()
    cur.execute("BEGIN")
    cur.execute("LOCK TABLE status IN ACCESS EXCLUSIVE MODE")  # the status jobs wait in the workers
    try:
        frames = [_frame(json.dumps({"action": "get_statuses_by_ids", "seq": i + 1,
                                     "data": {"user_ids": [v["id"]]}}).encode()) for i in range(600)]
        pong = 601  # answered on the loop thread once every frame before it was handled
        s.sendall(b"".join(frames) + _frame(json.dumps({"action": "ping", "seq": pong}).encode()))
        _read_frames(s, lambda f: any(b'"seq_reply":%d' % pong in p for _, p in f))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")  # RST on close
        s.close()
        deadline = time.time() + 10
        while _metric(r.svc.metrics_url(""), "parley_websocket_connections") != 0:
            assert time.time() < deadline
            time.sleep(0.05)
        time.sleep(2.5)  # not synchronisation: lets the 1 s sweep destroy the connection (resume window 0) first
    finally:
        cur.execute("COMMIT")
        db.close()
    ws = r.connect(tok)
    rep = ws.call("get_statuses_by_ids", {"user_ids": [v["id"]]})
    assert rep == {"status": "OK", "seq_reply": rep["seq_reply"], "data": {v["id"]: "offline"}}
    assert r.svc.alive()


def test_get_statuses_served_from_memory(rt, pg):
    r = rt()
    u, tok = r.user()
    v, vtok = r.user()
    w, _ = r.user()
    ws = r.connect(tok)
    ws.event("status_change", pred=lambda e: e["data"] == {"status": "online", "user_id": u["id"]})
    assert r.put(f"/users/{v['id']}/status", {"user_id": v["id"], "status": "dnd"}, vtok).status_code == 200
    rep = ws.call("get_statuses")
    assert rep["status"] == "OK"
    assert rep["data"] == {u["id"]: "online", v["id"]: "dnd"}
    # a row written behind the server's back is not read: the map is the server's own
    conn = pg.connect(r.svc.database)
    conn.cursor().execute("INSERT INTO status (user_id, status, manual, last_activity_at) VALUES (%s, 'online', false, 0)",
                          (w["id"],))
    conn.close()
    assert ws.call("get_statuses")["data"] == {u["id"]: "online", v["id"]: "dnd"}


# ---------------------------------------------------------------- 2. memory and the write deadline


@pytest.mark.parametrize("authed", [False, True])
def test_reader_that_never_reads_is_bounded_and_closed(rt, authed):
    r = rt(config={"ParleySettings": {"WebSocketWriteTimeoutSeconds": 2}}, env=LOW_QUARANTINE)
    _, tok = r.user()
    pid = r.svc.proc.pid
    assert _write_timeouts(r.svc.metrics_url("")) == 0
    headers = [f"Authorization: Bearer {tok}"] if authed else []
    s = _raw_upgrade(r.svc.port, headers=headers, rcvbuf=4096)
    before = _rss_kb(pid)
    chunk = _frame(b'{"action":"x","seq":1}') * 4096  # ~116 KiB; every frame asks for a ~250 byte reply
    sent, limit = 0, 96 << 20
    s.settimeout(2)
    end = time.time() + 30
    try:
        while sent < limit and time.time() < end:
            sent += s.send(chunk)
    except (socket.timeout, ConnectionError, OSError):
        pass  # stalled (the server stopped reading) or cut
    deadline = time.time() + 20
    while _write_timeouts(r.svc.metrics_url("")) < 1 and time.time() < deadline:
        time.sleep(0.1)
    peak = _rss_kb(pid, "VmHWM")
    print(f"sent {sent >> 10} KiB; core RSS before {before} kB, peak {peak} kB, growth {(peak - before) >> 10} MiB")
    assert sent < limit, "the server kept reading from a client that never reads"
    assert peak - before < 32 * 1024, (before, peak)  # before the bound: +50..+63 MiB; with it: ~+12 MiB (ASan)
    assert _write_timeouts(r.svc.metrics_url("")) == 1, "the stalled connection was not closed"
    s.settimeout(10)
    with pytest.raises((ConnectionError, OSError, EOFError)):
        while True:  # what was in flight, then EOF or a reset
            if not s.recv(1 << 20):
                raise EOFError
    s.close()
    assert "ws: write timeout" in r.svc.log()
    assert r.connect(tok).call("ping")["status"] == "OK"


# ---------------------------------------------------------------- 3. Origin


def _upgrade_status(port, origin=None, token=None):
    """(status, body, socket or None) of an upgrade with that Origin (None: no Origin header)."""
    headers = ["Authorization: Bearer " + token] if token else []
    if origin is not None:
        headers.append("Origin: " + origin)
    return _handshake(port, headers)


def test_cross_site_origin_refused(rt):
    r = rt()
    _, tok = r.user()
    status, body, _ = _upgrade_status(r.svc.port, origin="http://evil.example", token=tok)
    assert status == 403
    err = json.loads(body)
    assert err["id"] == "api.web_socket.connect.upgrade.app_error"
    assert err["status_code"] == 403
    assert err["message"] == "URL Blocked because of CORS. Url: http://evil.example"
    for bad in ("null", "http://127.0.0.1:1", f"https://127.0.0.1:{r.svc.port}"):
        assert _upgrade_status(r.svc.port, origin=bad, token=tok)[0] == 403, bad


def test_same_origin_and_no_origin_accepted(rt):
    r = rt()
    u, tok = r.user()
    for origin in (f"http://127.0.0.1:{r.svc.port}", None):
        status, _, c = _upgrade_status(r.svc.port, origin=origin, token=tok)
        assert status == 101, origin
        texts = [json.loads(p) for op, p in _read_frames(c, lambda f: any(b'"hello"' in p for _, p in f)) if op == 0x1]
        hello = [m for m in texts if m.get("event") == "hello"]
        assert len(hello) == 1 and hello[0]["broadcast"]["user_id"] == u["id"], texts
        c.close()


def test_allow_cors_from_lists_origins(rt):
    r = rt(config={"ServiceSettings": {"AllowCorsFrom": "https://app.example http://other.example"}})
    _, tok = r.user()
    for origin in ("https://app.example", "http://other.example", f"http://127.0.0.1:{r.svc.port}", None):
        status, _, c = _upgrade_status(r.svc.port, origin=origin, token=tok)
        assert status == 101, origin
        c.close()
    assert _upgrade_status(r.svc.port, origin="https://evil.example", token=tok)[0] == 403
    star = rt(config={"ServiceSettings": {"AllowCorsFrom": "*"}})
    _, tok = star.user()
    status, _, c = _upgrade_status(star.svc.port, origin="https://anything.example", token=tok)
    assert status == 101
    c.close()


# ---------------------------------------------------------------- 6. invalid parameter texts


def test_invalid_param_reply_names_the_parameter(rt):
    r = rt()
    _, tok = r.user()
    ws = r.connect(tok)
    cases = [
        ("get_statuses_by_ids", {"user_ids": []}, "user_ids"),
        ("user_typing", {"channel_id": "bad"}, "channel_id"),
        ("user_update_active_status", {"user_is_active": "yes"}, "user_is_active"),
    ]
    for action, data, name in cases:
        rep = ws.call(action, data)
        assert rep["status"] == "FAIL"
        e = rep["error"]
        assert e["id"] == "api.websocket_handler.invalid_param.app_error"
        assert e["status_code"] == 400
        assert e["message"] == f"Invalid {name} parameter."
        assert e["where"] == "websocket: " + action
