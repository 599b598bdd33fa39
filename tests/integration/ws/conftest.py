"""Fixtures for the realtime suite: parley-core with real WebSocket clients (websocket-client).

`rt` starts a core (test-friendly settings) and gives helpers to create users with sessions, open
authenticated sockets and read events/replies with a deadline.
"""

import copy
import json
import socket
import time

import pytest
import requests
from harness import config_merge as merge  # noqa: E402 (tests/lib is on sys.path via ../conftest.py)
import websocket

PASSWORD = "Passw0rd!long"

RT_CONFIG = {
    "ServiceSettings": {"EnableUserAccessTokens": True},
    "TeamSettings": {"EnableOpenServer": True},
    "ParleySettings": {"PasswordHashIterations": 1000, "LoopThreads": 2},
}


class Ws:
    """One WebSocket client: JSON frames in and out, events and replies told apart."""

    def __init__(self, url, header=None, cookie=None, sockopt=None):
        self.c = websocket.create_connection(url, header=header or [], cookie=cookie, timeout=10,
                                             sockopt=sockopt or ())
        self.seq = 0
        self.events = []
        self.replies = {}

    def send(self, action, data=None, seq=None):
        if seq is None:
            self.seq += 1
            seq = self.seq
        msg = {"action": action, "seq": seq}
        if data is not None:
            msg["data"] = data
        self.c.send(json.dumps(msg))
        return seq

    def recv(self, timeout=5.0):
        """Next JSON message, or None on timeout."""
        self.c.settimeout(timeout)
        try:
            op, data = self.c.recv_data()
        except (websocket.WebSocketTimeoutException, socket.timeout):
            return None
        if op == websocket.ABNF.OPCODE_CLOSE:
            raise ConnectionResetError("closed by server: %r" % (data,))
        m = json.loads(data)
        if "seq_reply" in m:
            self.replies[m["seq_reply"]] = m
        else:
            self.events.append(m)
        return m

    def event(self, name, timeout=5.0, pred=None):
        deadline = time.time() + timeout
        while True:
            for e in self.events:
                if e["event"] == name and (pred is None or pred(e)):
                    self.events.remove(e)
                    return e
            left = deadline - time.time()
            if left <= 0 or self.recv(left) is None and time.time() >= deadline:
                raise AssertionError(f"no {name} event within {timeout}s; got {self.events}")

    def reply(self, seq, timeout=5.0):
        deadline = time.time() + timeout
        while seq not in self.replies:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"no reply to seq {seq}")
            self.recv(left)
        return self.replies.pop(seq)

    def call(self, action, data=None, seq=None):
        return self.reply(self.send(action, data, seq))

    def until_close(self, timeout=5.0):
        """Read to the close frame: (close code, [JSON messages seen before it])."""
        seen = []
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"no close frame within {timeout}s; got {seen}")
            self.c.settimeout(left)
            op, data = self.c.recv_data(control_frame=True)
            if op == websocket.ABNF.OPCODE_CLOSE:
                return int.from_bytes(data[:2], "big"), seen
            if op == websocket.ABNF.OPCODE_TEXT:
                seen.append(json.loads(data))

    def assert_no_event(self, name):
        """No `name` event among what was read (read up to a barrier first: Rt.barrier)."""
        assert all(e["event"] != name for e in self.events), [e for e in self.events if e["event"] == name]

    def closed(self, timeout=5.0):
        """True once the server closed the socket (close frame or EOF) within timeout."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                self.c.settimeout(max(0.05, deadline - time.time()))
                op, _ = self.c.recv_data(control_frame=True)
                if op == websocket.ABNF.OPCODE_CLOSE:
                    return True
            except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
                return True
            except websocket.WebSocketTimeoutException:
                return False
        return False

    def close(self):
        try:
            self.c.close()
        except Exception:
            pass


class Rt:
    def __init__(self, svc):
        self.svc = svc
        self.base = svc.url("")
        self.ws_url = self.base.replace("http://", "ws://") + "/api/v4/websocket"
        self.n = 0
        self.sockets = []
        self.admin_token = None

    def post(self, path, body, token=None):
        h = {"X-Requested-With": "XMLHttpRequest"}
        if token:
            h["Authorization"] = "Bearer " + token
        return requests.post(self.base + "/api/v4" + path, json=body, headers=h, timeout=30)

    def put(self, path, body, token):
        return requests.put(self.base + "/api/v4" + path, json=body,
                            headers={"Authorization": "Bearer " + token}, timeout=30)

    def get(self, path, token):
        return requests.get(self.base + "/api/v4" + path, headers={"Authorization": "Bearer " + token}, timeout=30)

    def user(self, name=None):
        """Create a user and log in: returns (user, token)."""
        self.n += 1
        name = name or f"u{self.n}x"
        r = self.post("/users", {"username": name, "email": f"{name}@example.com", "password": PASSWORD},
                      token=self.admin_token)
        assert r.status_code == 201, r.text
        u = r.json()
        r = self.post("/users/login", {"login_id": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        if self.admin_token is None:
            self.admin_token = r.headers["Token"]
        return u, r.headers["Token"]

    def connect(self, token=None, query="", cookie=None, sockopt=None, hello=True):
        url = self.ws_url + (("?" + query) if query else "")
        header = ["Authorization: Bearer " + token] if token and cookie is None else []
        ws = Ws(url, header=header, cookie=cookie, sockopt=sockopt)
        self.sockets.append(ws)
        if hello:
            h = ws.event("hello")
            assert h["seq"] == 0
            ws.hello = h
        return ws

    def barrier(self, *sockets):
        """Create a user (new_user goes to everyone) and wait for that event on every socket: what
        was published before has then been delivered to each of them (one FIFO per connection)."""
        u, _ = self.user()
        for ws in sockets:
            ws.event("new_user", pred=lambda e: e["data"] == {"user_id": u["id"]})
        return u

    def close_all(self):
        for s in self.sockets:
            s.close()


def join_channel(pg, database, channel_id, user_ids):
    """Channel membership rows written directly (a channel row named after its id is created if absent)."""
    conn = pg.connect(database)
    try:
        cur = conn.cursor()
        cur.execute("INSERT INTO channels (id, name, type) VALUES (%s, %s, 'O') ON CONFLICT DO NOTHING",
                    (channel_id, channel_id))
        for uid in user_ids:
            cur.execute("INSERT INTO channel_members (channel_id, user_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (channel_id, uid))
    finally:
        conn.close()


@pytest.fixture
def rt(core):
    made = []

    def start(config=None, env=None, database=None):
        # deep copies: merge() shares nested dicts of its source, a test's settings must not leak into RT_CONFIG
        svc = core(config=merge(copy.deepcopy(RT_CONFIG), copy.deepcopy(config or {})), env=env, database=database)
        r = Rt(svc)
        made.append(r)
        return r

    yield start
    for r in made:
        r.close_all()
