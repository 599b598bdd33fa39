"""Fixtures for the accounts suite: a parley-core on a fresh database with test-friendly settings.

PasswordHashIterations is lowered to 1000 here (tests only; production default 600000) so creating
users stays cheap; test_passwords.py checks a real 600k hash.
"""

import copy

import pytest
import requests
from harness import config_merge as merge  # noqa: E402 (tests/lib is on sys.path via ../conftest.py)

ACCOUNTS_CONFIG = {
    "ServiceSettings": {"EnableUserAccessTokens": True, "EnableBotAccountCreation": True,
                        "MaximumLoginAttempts": 3},
    "TeamSettings": {"EnableOpenServer": True},
    "ParleySettings": {"PasswordHashIterations": 1000},
}

PASSWORD = "Passw0rd!long"


class Api:
    """A tiny Mattermost client: bearer token or cookies, JSON in and out."""

    def __init__(self, base, token=None):
        self.base = base.rstrip("/")
        self.token = token
        self.s = requests.Session()

    def req(self, method, path, json=None, data=None, headers=None, token=True, **kw):
        h = dict(headers or {})
        if token and self.token:
            h["Authorization"] = "Bearer " + self.token
        return self.s.request(method, self.base + "/api/v4" + path, json=json, data=data, headers=h, timeout=30, **kw)

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.req("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.req("PUT", path, json=json, **kw)

    def login(self, login_id, password=PASSWORD, **extra):
        body = {"login_id": login_id, "password": password}
        body.update(extra)
        r = self.post("/users/login", json=body, token=False)
        if r.status_code == 200:
            self.token = r.headers["Token"]
        return r


def assert_error(r, status, error_id):
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["Content-Type"] == "application/json"
    body = r.json()
    assert body["id"] == error_id, body
    assert body["status_code"] == status
    assert body["request_id"] == r.headers["X-Request-Id"]


class Accounts:
    """A running core plus helpers to make users and sessions."""

    def __init__(self, svc, pg):
        self.svc = svc
        self.pg = pg
        self.base = svc.url("")
        self.n = 0
        self.admin = None

    def sql(self, query, *args):
        """Run one statement on the core's database; returns the rows of a SELECT."""
        conn = self.pg.connect(self.svc.database)
        try:
            with conn.cursor() as cur:
                cur.execute(query, args)
                return cur.fetchall() if cur.description else None
        finally:
            conn.close()

    def api(self, token=None):
        return Api(self.base, token)

    def create_user(self, api=None, username=None, password=PASSWORD, **extra):
        self.n += 1
        username = username or f"user{self.n}"
        body = {"username": username, "email": f"{username}@example.com", "password": password}
        body.update(extra)
        r = (api or self.api()).post("/users", json=body)
        assert r.status_code == 201, r.text
        return r.json()

    def user_and_api(self, **extra):
        u = self.create_user(api=self.admin, **extra)
        a = self.api()
        assert a.login(u["username"]).status_code == 200
        return u, a


@pytest.fixture
def accounts(core, pg):
    """Start a core; the first user (admin) is created and logged in as accounts.admin."""

    def start(config=None, env=None):
        svc = core(config=merge(copy.deepcopy(ACCOUNTS_CONFIG), copy.deepcopy(config or {})), env=env)
        acc = Accounts(svc, pg)
        admin = acc.create_user(username="admin")
        acc.admin_user = admin
        acc.admin = acc.api()
        assert acc.admin.login("admin").status_code == 200
        return acc

    return start
