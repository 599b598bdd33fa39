"""Fixtures for the channels suite: a parley-core, users with sessions, teams written with SQL
(fixtures.py), WebSocket clients (the ws suite's Ws) and helpers to assert errors."""

import copy
import importlib.util
import os

import pytest
import requests
from harness import config_merge as merge  # noqa: E402 (tests/lib is on sys.path via ../conftest.py)

import fixtures

_spec = importlib.util.spec_from_file_location("ws_conftest", os.path.join(os.path.dirname(__file__), "..", "ws", "conftest.py"))
ws_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ws_conftest)
Ws = ws_conftest.Ws

PASSWORD = "Passw0rd!long"
CH_CONFIG = {
    "ServiceSettings": {"EnableUserAccessTokens": True},
    "TeamSettings": {"EnableOpenServer": True},
    "ParleySettings": {"PasswordHashIterations": 1000, "LoopThreads": 2},
}


def assert_error(r, status, error_id):
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["id"] == error_id, body
    assert body["status_code"] == status


class User:
    def __init__(self, ch, info, token):
        self.ch = ch
        self.info = info
        self.id = info["id"]
        self.username = info["username"]
        self.token = token

    def req(self, method, path, json=None, headers=None, **kw):
        h = {"Authorization": "Bearer " + self.token}
        h.update(headers or {})
        return requests.request(method, self.ch.base + "/api/v4" + path, json=json, headers=h, timeout=30, **kw)

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.req("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.req("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.req("DELETE", path, **kw)

    def ws(self):
        s = Ws(self.ch.ws_url, header=["Authorization: Bearer " + self.token])
        self.ch.sockets.append(s)
        s.event("hello")
        return s


class Ch:
    def __init__(self, svc, pg):
        self.svc = svc
        self.pg = pg
        self.base = svc.url("")
        self.ws_url = self.base.replace("http://", "ws://") + "/api/v4/websocket"
        self.n = 0
        self.sockets = []
        self.admin = self.user("admin")

    def sql(self, query, *args):
        conn = self.pg.connect(self.svc.database)
        try:
            with conn.cursor() as cur:
                cur.execute(query, args)
                return cur.fetchall() if cur.description else None
        finally:
            conn.commit()
            conn.close()

    def user(self, name=None):
        self.n += 1
        name = name or f"user{self.n}x"
        h = {"Authorization": "Bearer " + self.admin.token} if self.n > 1 else {}
        r = requests.post(self.base + "/api/v4/users", json={"username": name, "email": f"{name}@example.com",
                                                              "password": PASSWORD}, headers=h, timeout=30)
        assert r.status_code == 201, r.text
        info = r.json()
        r = requests.post(self.base + "/api/v4/users/login", json={"login_id": name, "password": PASSWORD}, timeout=30)
        assert r.status_code == 200, r.text
        return User(self, info, r.headers["Token"])

    def team(self, name, members=(), admins=()):
        return fixtures.make_team(self.sql, name, [u.id for u in members], [u.id for u in admins])

    def barrier(self, *sockets):
        """A new user (new_user goes to everyone): once each socket has it, what was published before is in."""
        u = self.user()
        for s in sockets:
            s.event("new_user", pred=lambda e: e["data"] == {"user_id": u.id})
        return u

    def close(self):
        for s in self.sockets:
            s.close()


@pytest.fixture
def ch(core, pg):
    made = []

    def start(config=None):
        svc = core(config=merge(copy.deepcopy(CH_CONFIG), copy.deepcopy(config or {})))
        c = Ch(svc, pg)
        made.append(c)
        return c

    yield start
    for c in made:
        c.close()


@pytest.fixture
def world(ch):
    """A core, team alpha with alice and bob (plain members) and carol (not in the team); admin is the system admin."""
    c = ch()
    c.alice, c.bob, c.carol = c.user("alice"), c.user("bob"), c.user("carol")
    c.tid = c.team("alpha", members=[c.alice, c.bob])
    return c


def create_channel(user, tid, name, ctype="O", **extra):
    body = {"team_id": tid, "name": name, "display_name": name.replace("-", " ").title(), "type": ctype}
    body.update(extra)
    r = user.post("/channels", json=body)
    assert r.status_code == 201, r.text
    return r.json()
