"""A database outage must not log anyone out (issue 10).

While PostgreSQL is down, requests of logged-in users (MMAUTHTOKEN cookie and Bearer token) that need
the database get 503 api.context.server_busy.app_error and no Set-Cookie clearing the session cookie
(GET /users/me of a cached session is answered from the session cache; with the cache off it is a
503 like the others); after it is back,
the very first request of each user succeeds and nobody has to log in again; under a load of
concurrent requests during the stop and the restart, no answer is 401.

The suite's shared cluster is not paused: this module has a PostgreSQL cluster of its own.
"""

import os
import sys
import threading
import time

import pytest
import requests

sys.path.insert(0, os.path.dirname(__file__))
from helpers import PASSWORD, User, assert_app_error  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lib"))
from harness import PgCluster  # noqa: E402

BUSY = "api.context.server_busy.app_error"
CONFIG = {"ParleySettings": {"PasswordHashIterations": 1000}, "SqlSettings": {"MaxOpenConns": 3},
          "TeamSettings": {"EnableOpenServer": True}}
NO_CACHE = {**CONFIG, "ServiceSettings": {"SessionCacheInMinutes": 0}}


@pytest.fixture(scope="module")
def pg():
    cluster = PgCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def paused(pg):
    """pg.pause(); the cluster is resumed at teardown even when the test failed half-way."""
    state = {"paused": False}

    def pause():
        pg.pause()
        state["paused"] = True

    def resume():
        pg.resume()
        state["paused"] = False

    yield pause, resume
    if state["paused"]:
        pg.resume()


def users(svc):
    base = svc.url("")
    return User(base, "cookieuser", cookie=True), User(base, "beareruser", cookie=False)


def assert_busy_keeps_cookie(r):
    assert_app_error(r, 503, BUSY)
    assert "MMAUTHTOKEN" not in r.headers.get("Set-Cookie", ""), r.headers


@pytest.mark.parametrize("cached", [True, False], ids=["session_cache", "no_cache"])
def test_outage_answers_503_and_keeps_everyone_logged_in(core, paused, cached):
    pause, resume = paused
    svc = core(config=CONFIG if cached else NO_CACHE)
    cookie, bearer = users(svc)
    for u in (cookie, bearer):
        assert u.get().status_code == 200
    pause()
    # more requests than workers: every worker finds its connection gone
    for _ in range(4):
        for u in (cookie, bearer):
            me = u.get()
            if cached:  # GET /users/me of a cached session: from the cache, on the loop
                assert me.status_code == 200, me.text
                assert me.json()["id"] == u.id
                assert "MMAUTHTOKEN" not in me.headers.get("Set-Cookie", "")
            else:
                assert_busy_keeps_cookie(me)
            other = cookie if u is bearer else bearer
            assert_busy_keeps_cookie(u.get("/users/" + other.id))
            assert_busy_keeps_cookie(u.patch_me("during"))
    # a login cannot be checked either: 503, never "invalid credentials" or a counted failed attempt
    login = requests.post(svc.url("/api/v4/users/login"), json={"login_id": "cookieuser", "password": PASSWORD}, timeout=30)
    assert_app_error(login, 503, BUSY)
    resume()
    for u in (cookie, bearer):
        r = u.get()
        assert r.status_code == 200, r.text  # the very first request after the restart
        assert r.json()["id"] == u.id
        assert "MMAUTHTOKEN" not in r.headers.get("Set-Cookie", "")
    for _ in range(4):
        for u in (cookie, bearer):
            assert u.get().status_code == 200
            assert u.get("/users/" + cookie.id).json()["id"] == cookie.id
            assert u.patch_me("after").status_code == 200


def test_terminated_backends_are_replaced_without_an_error(core, pg):
    svc = core(config=CONFIG)
    cookie, bearer = users(svc)
    conn = pg.connect()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s "
                        "AND pid <> pg_backend_pid()", (svc.database,))
            assert cur.fetchone()[0] >= 1
            deadline = time.monotonic() + 30
            n = None
            while n != 0 and time.monotonic() < deadline:  # until the backends are gone
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (svc.database,))
                n = cur.fetchone()[0]
    finally:
        conn.close()
    assert n == 0
    for _ in range(4):
        for u in (cookie, bearer):
            r = u.get()
            assert r.status_code == 200, r.text
            assert u.patch_me("again").status_code == 200


class Loader(threading.Thread):
    """GET /users/me in a loop; records every status; phases are switched by the test."""

    def __init__(self, user, path):
        super().__init__(daemon=True)
        self.user = user
        self.path = path  # a request that needs the database (another user's profile)
        self.statuses = []
        self.stop = threading.Event()
        self.seen = {}  # status -> threading.Event
        self.lock = threading.Lock()

    def event(self, status):
        with self.lock:
            return self.seen.setdefault(status, threading.Event())

    def run(self):
        while not self.stop.is_set():
            r = self.user.get(self.path)
            cleared = "MMAUTHTOKEN" in r.headers.get("Set-Cookie", "")
            self.statuses.append((r.status_code, r.json().get("id") if r.status_code != 200 else "", cleared))
            self.event(r.status_code).set()


def test_no_401_under_load_during_stop_and_restart(core, paused):
    pause, resume = paused
    svc = core(config=CONFIG)
    cookie, bearer = users(svc)
    paths = {cookie: "/users/" + bearer.id, bearer: "/users/" + cookie.id}
    loaders = [Loader(u, paths[u]) for u in (cookie, bearer, cookie, bearer)]
    for t in loaders:
        t.start()
    try:
        for t in loaders:
            assert t.event(200).wait(30)
        pause()
        for t in loaders:
            assert t.event(503).wait(30)
            t.seen[200] = threading.Event()  # from now on: a 200 after the restart
        resume()
        for t in loaders:
            assert t.event(200).wait(30)
    finally:
        for t in loaders:
            t.stop.set()
        for t in loaders:
            t.join(30)
    for t in loaders:
        assert all(s in (200, 503) for s, _, _ in t.statuses), t.statuses
        assert all(i in ("", BUSY) for _, i, _ in t.statuses), t.statuses
        assert not any(c for _, _, c in t.statuses), t.statuses
    for u in (cookie, bearer):
        assert u.get().status_code == 200
