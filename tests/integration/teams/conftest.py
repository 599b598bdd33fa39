"""Fixtures for the teams suite: a parley-core on a fresh database, users with sessions, teams made
through the API, WebSocket clients for the team events, and direct-SQL fixtures (fixtures.py) for what
other helpers' endpoints own (channel counters)."""

import copy
import json
import socket
import time

import pytest
import requests
import websocket
from harness import config_merge as merge  # noqa: E402 (tests/lib is on sys.path via ../conftest.py)

PASSWORD = "Passw0rd!long"

TEAMS_CONFIG = {
    "ServiceSettings": {"EnableUserAccessTokens": True},
    "TeamSettings": {"EnableOpenServer": True},
    "ParleySettings": {"PasswordHashIterations": 1000, "LoopThreads": 2},
}


def assert_error(r, status, error_id):
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["Content-Type"] == "application/json"
    body = r.json()
    assert body["id"] == error_id, body
    assert body["status_code"] == status


class Api:
    """A tiny Mattermost client with a bearer token."""

    def __init__(self, base, token=None, user=None):
        self.base = base.rstrip("/")
        self.token = token
        self.user = user
        self.s = requests.Session()

    @property
    def id(self):
        return self.user["id"]

    def req(self, method, path, json=None, **kw):
        h = {"Authorization": "Bearer " + self.token} if self.token else {}
        return self.s.request(method, self.base + "/api/v4" + path, json=json, headers=h, timeout=30, **kw)

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.req("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.req("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.req("DELETE", path, **kw)


class Ws:
    """One WebSocket client: events collected, read with a deadline."""

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
        if "event" in m:
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

    def assert_no_event(self, name, pred=None):
        """No such event among what was read (read up to a barrier first: Teams.barrier)."""
        bad = [e for e in self.events if e["event"] == name and (pred is None or pred(e))]
        assert not bad, bad

    def close(self):
        try:
            self.c.close()
        except Exception:
            pass


class Teams:
    def __init__(self, svc, pg):
        self.svc = svc
        self.pg = pg
        self.base = svc.url("")
        self.ws_url = self.base.replace("http://", "ws://") + "/api/v4/websocket"
        self.n = 0
        self.sockets = []
        self.admin = None

    def sql(self, query, *args):
        conn = self.pg.connect(self.svc.database)
        try:
            with conn.cursor() as cur:
                cur.execute(query, args)
                return cur.fetchall() if cur.description else None
        finally:
            conn.close()

    def user(self, name=None, email=None):
        """A new user, logged in: an Api with .user."""
        self.n += 1
        name = name or f"tuser{self.n}"
        body = {"username": name, "email": email or f"{name}@example.com", "password": PASSWORD}
        r = requests.post(self.base + "/api/v4/users", json=body, timeout=30,
                          headers={"Authorization": "Bearer " + self.admin.token} if self.admin else {})
        assert r.status_code == 201, r.text
        u = r.json()
        r = requests.post(self.base + "/api/v4/users/login", json={"login_id": name, "password": PASSWORD}, timeout=30)
        assert r.status_code == 200, r.text
        return Api(self.base, r.headers["Token"], u)

    def team(self, api, name=None, open_=True, **extra):
        self.n += 1
        body = {"name": name or f"team{self.n}x", "display_name": f"Team {self.n}", "type": "O" if open_ else "I",
                "allow_open_invite": open_}
        body.update(extra)
        r = api.post("/teams", json=body)
        assert r.status_code == 201, r.text
        return r.json()

    def add(self, api, team_id, user_id):
        r = api.post(f"/teams/{team_id}/members", json={"team_id": team_id, "user_id": user_id})
        assert r.status_code == 201, r.text
        return r.json()

    def connect(self, api):
        ws = Ws(self.ws_url, api.token)
        self.sockets.append(ws)
        ws.event("hello")
        return ws

    def barrier(self, *sockets):
        """new_user goes to everyone: once each socket has it, what was published before was delivered."""
        u = self.user()
        for ws in sockets:
            ws.event("new_user", pred=lambda e: e["data"].get("user_id") == u.id)
        return u

    def close_all(self):
        for s in self.sockets:
            s.close()


@pytest.fixture
def teams(core, pg):
    made = []

    def start(config=None, env=None, join=None):
        """join: another Teams whose database (and admin) this node shares (a second cluster node)."""
        svc = core(config=merge(copy.deepcopy(TEAMS_CONFIG), copy.deepcopy(config or {})), env=env,
                   database=join.svc.database if join else None)
        t = Teams(svc, pg)
        if join:
            t.admin = Api(t.base, join.admin.token, join.admin.user)
            t.n = join.n + 1000
        else:
            t.admin = t.user(name="admin")
        made.append(t)
        return t

    yield start
    for t in made:
        t.close_all()
