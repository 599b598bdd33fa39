"""Fixtures for the sidebar suite: parley-core, users with sessions, WebSocket clients, and the team /
channel rows of the other helpers' endpoints written with SQL (fixtures.py)."""

import copy
import json
import socket
import time

import pytest
import requests
import websocket
from harness import config_merge as merge  # noqa: E402 (tests/lib is on sys.path via ../conftest.py)

PASSWORD = "Passw0rd!long"

SB_CONFIG = {
    "ServiceSettings": {"EnableUserAccessTokens": True},
    "TeamSettings": {"EnableOpenServer": True},
    "ParleySettings": {"PasswordHashIterations": 1000, "LoopThreads": 2},
}


def assert_error(r, status, error_id):
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["id"] == error_id, body
    assert body["status_code"] == status


class Ws:
    """One WebSocket client; events kept in arrival order."""

    def __init__(self, url, token):
        self.c = websocket.create_connection(url, header=["Authorization: Bearer " + token], timeout=10)
        self.events = []

    def recv(self, timeout):
        self.c.settimeout(timeout)
        try:
            _, data = self.c.recv_data()
        except (websocket.WebSocketTimeoutException, socket.timeout):
            return None
        m = json.loads(data)
        if "seq_reply" not in m:
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
            if left <= 0:
                raise AssertionError(f"no {name} event within {timeout}s; got {self.events}")
            self.recv(left)

    def assert_no_event(self, name):
        assert all(e["event"] != name for e in self.events), [e for e in self.events if e["event"] == name]

    def close(self):
        try:
            self.c.close()
        except Exception:
            pass


class Sb:
    def __init__(self, svc, pg):
        self.svc = svc
        self.pg = pg
        self.base = svc.url("")
        self.n = 0
        self.admin_token = None
        self.sockets = []

    def sql(self, query, *args):
        conn = self.pg.connect(self.svc.database)
        try:
            with conn.cursor() as cur:
                cur.execute(query, args)
                return cur.fetchall() if cur.description else None
        finally:
            conn.close()

    def req(self, method, path, token, body=None, raw=None):
        h = {"Authorization": "Bearer " + token}
        if raw is not None:
            h["Content-Type"] = "application/json"
            return requests.request(method, self.base + "/api/v4" + path, data=raw, headers=h, timeout=30)
        return requests.request(method, self.base + "/api/v4" + path, json=body, headers=h, timeout=30)

    def user(self, name=None):
        """Create a user and log in: (user, token). The first one is the system admin."""
        self.n += 1
        name = name or f"sb{self.n}x"
        h = {"Authorization": "Bearer " + self.admin_token} if self.admin_token else {}
        r = requests.post(self.base + "/api/v4/users", headers=h, timeout=30,
                          json={"username": name, "email": f"{name}@example.com", "password": PASSWORD})
        assert r.status_code == 201, r.text
        u = r.json()
        r = requests.post(self.base + "/api/v4/users/login", json={"login_id": name, "password": PASSWORD}, timeout=30)
        assert r.status_code == 200, r.text
        if self.admin_token is None:
            self.admin_token = r.headers["Token"]
        return u, r.headers["Token"]

    def connect(self, token):
        ws = Ws(self.base.replace("http://", "ws://") + "/api/v4/websocket", token)
        self.sockets.append(ws)
        ws.event("hello")
        return ws

    def barrier(self, *sockets):
        """new_user goes to everyone: once each socket has it, what was published before was delivered."""
        u, _ = self.user()
        for ws in sockets:
            ws.event("new_user", pred=lambda e: e["data"] == {"user_id": u["id"]})


@pytest.fixture
def sb(core, pg):
    made = []

    def start(config=None):
        svc = core(config=merge(copy.deepcopy(SB_CONFIG), copy.deepcopy(config or {})))
        s = Sb(svc, pg)
        s.user("admin")
        made.append(s)
        return s

    yield start
    for s in made:
        for ws in s.sockets:
            ws.close()
