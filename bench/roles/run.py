#!/usr/bin/python3
"""Roles cache benchmark: a permission-checked request with the roles table in memory and without.

    PARLEY_BUILD_DIR=build-release /usr/bin/python3 bench/roles/run.py   (as root: the private PostgreSQL runs as postgres)

In one invocation, on a Release build (see bench/lib/benchenv.py), one private PostgreSQL cluster and
one database with an admin and a plain user: for ParleySettings.RolesCacheSize 1024 (the default: the
roles rows are read from memory, app/roles_cache.h) and 0 (every check reads its role rows, one
query), a fresh core and `wrk -t BENCH_THREADS -c BENCH_CONNECTIONS -d BENCH_DURATION` on
GET /api/v4/users?per_page=1 as the plain user (Bearer; the session comes from the session cache;
the request is a manage_system check and one users query), and GET /api/v4/system/ping on the same
core. Prints req/s, p50, p99, errors, the ratio cached / uncached and each against ping.
Knobs: BENCH_DURATION (10), BENCH_CONNECTIONS (64), BENCH_THREADS (2); PARLEY_BENCH_TINY=1: 1 s runs.
"""

import os
import subprocess
import sys
import tempfile

import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
sys.path.insert(0, os.path.join(ROOT, "bench", "lib"))
import benchenv  # noqa: E402
import wrk as benchwrk  # noqa: E402
from harness import PgCluster, Service, free_port  # noqa: E402

TINY = benchenv.tiny()
DURATION = int(os.environ.get("BENCH_DURATION", "1" if TINY else "10"))
CONNS = int(os.environ.get("BENCH_CONNECTIONS", "4" if TINY else "64"))
THREADS = int(os.environ.get("BENCH_THREADS", "1" if TINY else "2"))
PASSWORD = "bench-Passw0rd!"


def start_core(core_bin, dsn, cache_size, tmp):
    port = free_port()
    cfg = {"ServiceSettings": {"ListenAddress": f"127.0.0.1:{port}"},
           "TeamSettings": {"EnableOpenServer": True},
           "FileSettings": {"Directory": os.path.join(tmp, "files")},
           "LogSettings": {"ConsoleLevel": "WARN"},
           "ParleySettings": {"PasswordHashIterations": 1000, "RolesCacheSize": cache_size}}
    svc = Service(core_bin, config=cfg, env={"MM_SQLSETTINGS_DATASOURCE": dsn}, port=port, name="parley-core",
                  ready_url=f"http://127.0.0.1:{port}/api/v4/system/ping", workdir=os.path.join(tmp, f"core-{cache_size}"))
    svc.start()
    return svc, f"http://127.0.0.1:{port}"


def token(base, name):
    requests.post(base + "/api/v4/users", json={"username": name, "email": name + "@example.com", "password": PASSWORD})
    r = requests.post(base + "/api/v4/users/login", json={"login_id": name, "password": PASSWORD})
    r.raise_for_status()
    return r.headers["Token"]


def measure(core_bin, dsn, cache_size, tmp):
    svc, base = start_core(core_bin, dsn, cache_size, tmp)
    try:
        token(base, "benchadmin")  # the first user is the admin; the plain user follows
        headers = [f"Authorization: Bearer {token(base, 'benchuser')}"]
        url = base + "/api/v4/users?page=0&per_page=1"
        assert requests.get(url, headers={"Authorization": headers[0].split(": ", 1)[1]}).status_code == 200
        benchenv.say(f"RolesCacheSize {cache_size}: wrk -t{THREADS} -c{CONNS} -d{DURATION}s GET /users?per_page=1, then ping")
        return benchwrk.run(url, CONNS, THREADS, DURATION, headers), benchwrk.run(base + "/api/v4/system/ping", CONNS, THREADS,
                                                                                  DURATION)
    finally:
        svc.stop()


def main():
    if os.geteuid() != 0:
        sys.exit("run as root (the private PostgreSQL runs as the postgres user)")
    benchenv.setup(["parley-core"])
    core_bin = benchenv.binary("services/core/parley-core")
    tmp = tempfile.mkdtemp(prefix="parley-bench-roles-")
    pg = PgCluster().start()
    try:
        pg.create_database("bench")
        rows = {size: measure(core_bin, pg.dsn("bench"), size, tmp) for size in (1024, 0)}
        cached, uncached = rows[1024][0], rows[0][0]
        print(f"\nparley-core roles cache benchmark ({os.cpu_count()} cores, GET /users?per_page=1 Bearer as a plain user, "
              f"wrk -t{THREADS} -c{CONNS}, {DURATION}s runs)")
        print(f"{'RolesCacheSize':>14} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ping req/s':>11} {'ratio vs ping':>13}")
        bad = False
        for size, (m, ping) in rows.items():
            print(f"{size:14d} {m['ok_rps']:10.1f} {m['p50']:8.2f} {m['p99']:8.2f} {m['errors']:7d} {ping['ok_rps']:11.1f} "
                  f"{m['ok_rps'] / ping['ok_rps']:13.2f}")
            bad = bad or m["errors"] > 0 or ping["errors"] > 0
        print(f"ratio cached / uncached: {cached['ok_rps'] / uncached['ok_rps']:.2f} (req/s), "
              f"p99 {cached['p99'] / uncached['p99']:.2f}")
        sys.exit(1 if bad else 0)
    finally:
        pg.stop()
        subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
