"""The worker pool's database connections (issue 10): SqlSettings.MaxOpenConns is the number of
workers and of connections (never more, also under load), MaxIdleConns caps the connections idle
workers keep, ConnMaxIdleTimeMilliseconds closes an idle worker's connection (the next job opens one).

Connections are counted in pg_stat_activity by the core's database and application_name parley-core.
"""

import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from helpers import User  # noqa: E402

BASE = {"ParleySettings": {"PasswordHashIterations": 1000}}


def config(**sql):
    return dict(BASE, SqlSettings=sql)


def backends(pg, svc, app="parley-core"):
    """Backends connected to the core's database (with that application_name; None: any)."""
    conn = pg.connect()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                        "(%s::text IS NULL OR application_name = %s)", (svc.database, app, app))
            return cur.fetchone()[0]
    finally:
        conn.close()


def wait_backends(pg, svc, want, timeout=30, app="parley-core"):
    """Poll pg_stat_activity until the count is want (connections close asynchronously)."""
    deadline = time.monotonic() + timeout
    n = backends(pg, svc, app)
    while n != want and time.monotonic() < deadline:
        time.sleep(0.05)
        n = backends(pg, svc, app)
    assert n == want, f"{n} backends of parley-core, want {want}"


def load(user, threads=8, each=25):
    statuses = []

    def loop():
        for _ in range(each):
            statuses.append(user.get().status_code)

    ts = [threading.Thread(target=loop) for _ in range(threads)]
    for t in ts:
        t.start()
    return ts, statuses


def test_max_open_conns_is_the_connection_count_also_under_load(core, pg):
    svc = core(config=config(MaxOpenConns=3, ConnMaxIdleTimeMilliseconds=0))
    user = User(svc.url(""), "pooluser", cookie=False)
    wait_backends(pg, svc, 3)
    ts, statuses = load(user)
    seen = []
    while any(t.is_alive() for t in ts):
        seen.append(backends(pg, svc))
    for t in ts:
        t.join()
    assert statuses == [200] * 200
    assert max(seen) <= 3, seen
    assert backends(pg, svc) == 3
    assert backends(pg, svc, app=None) == 3  # every connection of the core carries the name
    assert '"workers":"3"' in svc.log()


def test_idle_connections_close_after_conn_max_idle_time(core, pg):
    svc = core(config=config(MaxOpenConns=3, ConnMaxIdleTimeMilliseconds=300))
    user = User(svc.url(""), "idleuser", cookie=True)
    wait_backends(pg, svc, 0, app=None)
    r = user.get()  # a worker opens a connection again
    assert r.status_code == 200, r.text
    assert r.json()["id"] == user.id
    wait_backends(pg, svc, 0, app=None)
    ts, statuses = load(user, threads=4, each=10)
    for t in ts:
        t.join()
    assert statuses == [200] * 40
    wait_backends(pg, svc, 0, app=None)


def test_max_idle_conns_caps_the_connections_kept_by_idle_workers(core, pg):
    svc = core(config=config(MaxOpenConns=4, MaxIdleConns=1, ConnMaxIdleTimeMilliseconds=0))
    user = User(svc.url(""), "capuser", cookie=False)
    wait_backends(pg, svc, 1)
    ts, statuses = load(user)
    for t in ts:
        t.join()
    assert statuses == [200] * 200
    wait_backends(pg, svc, 1)
    assert user.get().status_code == 200
