"""Fixtures for the posts suite: a parley-core, users with sessions, teams and channels made through
the API (as the clients make them), WebSocket clients (the ws suite's Ws) and helpers to assert errors."""

import copy
import importlib.util
import os

import pytest
import requests
from harness import config_merge as merge  # noqa: E402 (tests/lib is on sys.path via ../conftest.py)

_spec = importlib.util.spec_from_file_location("ws_conftest", os.path.join(os.path.dirname(__file__), "..", "ws", "conftest.py"))
ws_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ws_conftest)
Ws = ws_conftest.Ws

PASSWORD = "Passw0rd!long"
POSTS_CONFIG = {
    "ServiceSettings": {"EnableUserAccessTokens": True},
    "TeamSettings": {"EnableOpenServer": True},
    "ParleySettings": {"PasswordHashIterations": 1000, "LoopThreads": 2},
}


def get_ok(u, path, **params):
    """GET path as u, asserting 200: the response."""
    r = u.get(path, params=params)
    assert r.status_code == 200, r.text
    return r


def threads(u, tid, **params):
    """GET /users/{u}/teams/{tid}/threads as u: the Threads object."""
    return get_ok(u, f"/users/{u.id}/teams/{tid}/threads", **params).json()


def assert_error(r, status, error_id):
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["id"] == error_id, body
    assert body["status_code"] == status


class User:
    def __init__(self, site, info, token):
        self.site = site
        self.info = info
        self.id = info["id"]
        self.username = info["username"]
        self.token = token

    def req(self, method, path, json=None, headers=None, **kw):
        h = {"Authorization": "Bearer " + self.token}
        h.update(headers or {})
        return requests.request(method, self.site.base + "/api/v4" + path, json=json, headers=h, timeout=30, **kw)

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.req("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.req("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.req("DELETE", path, **kw)

    def ws(self):
        s = Ws(self.site.ws_url, header=["Authorization: Bearer " + self.token])
        self.site.sockets.append(s)
        s.event("hello")
        return s

    def say(self, channel_id, message, **extra):
        """POST /posts: the created post (201 asserted)."""
        body = {"channel_id": channel_id, "message": message}
        body.update(extra)
        r = self.post("/posts", json=body)
        assert r.status_code == 201, r.text
        return r.json()

    def member(self, channel_id):
        r = self.get(f"/channels/{channel_id}/members/{self.id}")
        assert r.status_code == 200, r.text
        return r.json()


class Site:
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

    def user(self, name=None, **fields):
        self.n += 1
        name = name or f"user{self.n}x"
        h = {"Authorization": "Bearer " + self.admin.token} if self.n > 1 else {}
        body = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
        body.update(fields)
        r = requests.post(self.base + "/api/v4/users", json=body, headers=h, timeout=30)
        assert r.status_code == 201, r.text
        info = r.json()
        r = requests.post(self.base + "/api/v4/users/login", json={"login_id": name, "password": PASSWORD}, timeout=30)
        assert r.status_code == 200, r.text
        return User(self, info, r.headers["Token"])

    def team(self, name, members=()):
        """A team made by the admin through the API, with members added (they join its default channels)."""
        r = self.admin.post("/teams", json={"name": name, "display_name": name.title(), "type": "O"})
        assert r.status_code == 201, r.text
        tid = r.json()["id"]
        for u in members:
            a = self.admin.post(f"/teams/{tid}/members", json={"team_id": tid, "user_id": u.id})
            assert a.status_code == 201, a.text
        return tid

    def channel(self, creator, tid, name, ctype="O", members=()):
        r = creator.post("/channels", json={"team_id": tid, "name": name, "display_name": name.title(), "type": ctype})
        assert r.status_code == 201, r.text
        cid = r.json()["id"]
        for u in members:
            a = creator.post(f"/channels/{cid}/members", json={"user_id": u.id})
            assert a.status_code == 201, a.text
        return cid

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
def site(core, pg):
    made = []

    def start(config=None):
        svc = core(config=merge(copy.deepcopy(POSTS_CONFIG), copy.deepcopy(config or {})))
        s = Site(svc, pg)
        made.append(s)
        return s

    yield start
    for s in made:
        s.close()


@pytest.fixture
def world(site):
    """A core; team alpha with alice, bob and dave; channel "general" (alice creator, bob member; dave not in it);
    carol is in no team."""
    s = site()
    s.alice, s.bob, s.carol, s.dave = s.user("alice"), s.user("bob"), s.user("carol"), s.user("dave")
    s.tid = s.team("alpha", members=[s.alice, s.bob, s.dave])
    s.cid = s.channel(s.alice, s.tid, "general", members=[s.bob])
    return s
