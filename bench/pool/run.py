#!/usr/bin/python3
"""Worker pool size benchmark: GET /api/v4/users/me throughput at 2, 4, 8 and 16 workers.

    PARLEY_BUILD_DIR=build-release /usr/bin/python3 bench/pool/run.py   (as root: the private PostgreSQL runs as postgres)

Each worker owns one blocking libpq connection (SqlSettings.MaxOpenConns = workers = connections),
so while a statement is out the worker waits; the pool size decides how much database latency the
server can overlap. In one invocation, on a Release build (PARLEY_BUILD_DIR relative to the current
directory, default ./build-release; built there unless PARLEY_SKIP_BUILD=1, see bench/lib/benchenv.py),
one private PostgreSQL cluster, one database and one user, for each scenario:
  - "local": the core talks to PostgreSQL directly over 127.0.0.1 (sub-millisecond round trips);
  - "+Nms": through delay_proxy.py, which holds every chunk for BENCH_DB_DELAY_MS (default 1) in each
    direction (a database one network hop away);
and in each scenario for each pool size, a fresh core (MaxOpenConns = MaxIdleConns = N) and
`wrk -t BENCH_THREADS -c BENCH_CONNECTIONS -d BENCH_DURATION` on GET /users/me (Bearer, with
SessionCacheInMinutes 0: one session lookup joined with the user row per request). It prints req/s, p50, p99, errors and the ratio
against 2 workers measured in the same invocation.
Knobs: BENCH_DURATION (10), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_WORKERS ("2 4 8 16"),
BENCH_DB_DELAY_MS (1; 0 skips the delayed scenario); PARLEY_BENCH_TINY=1: 1 s runs, 2 and 4 workers. Everything started is stopped at the end.
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
WORKERS = [int(x) for x in os.environ.get("BENCH_WORKERS", "2 4" if TINY else "2 4 8 16").split()]
DELAY_MS = float(os.environ.get("BENCH_DB_DELAY_MS", "1"))
PASSWORD = "bench-Passw0rd!"


def say(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def wrk(url, headers):
    return benchwrk.run(url, CONNS, THREADS, DURATION, headers)


def start_core(core_bin, dsn, workers, tmp):
    port = free_port()
    # the session cache off: every /users/me is a session lookup on a worker (what the pool serves)
    cfg = {"ServiceSettings": {"ListenAddress": f"127.0.0.1:{port}", "SessionCacheInMinutes": 0},
           "TeamSettings": {"EnableOpenServer": True},
           "SqlSettings": {"MaxOpenConns": workers, "MaxIdleConns": workers},
           "FileSettings": {"Directory": os.path.join(tmp, "files")},
           "LogSettings": {"ConsoleLevel": "WARN"},
           "ParleySettings": {"PasswordHashIterations": 1000}}
    svc = Service(core_bin, config=cfg, env={"MM_SQLSETTINGS_DATASOURCE": dsn}, port=port, name="parley-core",
                  ready_url=f"http://127.0.0.1:{port}/api/v4/system/ping", workdir=os.path.join(tmp, f"core-{workers}-{port}"))
    svc.start()
    return svc, f"http://127.0.0.1:{port}"


def bearer_token(base):
    requests.post(base + "/api/v4/users", json={"username": "bench", "email": "bench@example.com", "password": PASSWORD})
    r = requests.post(base + "/api/v4/users/login", json={"login_id": "bench", "password": PASSWORD})
    r.raise_for_status()
    return r.headers["Token"]


def scenario(core_bin, dsn, tmp):
    rows = {}
    for n in WORKERS:
        svc, base = start_core(core_bin, dsn, n, tmp)
        try:
            say(f"  {n} workers: wrk -t{THREADS} -c{CONNS} -d{DURATION}s GET /users/me")
            rows[n] = wrk(base + "/api/v4/users/me", [f"Authorization: Bearer {bearer_token(base)}"])
        finally:
            svc.stop()
    return rows


def main():
    if os.geteuid() != 0:
        sys.exit("run as root (the private PostgreSQL runs as the postgres user)")
    benchenv.setup(["parley-core"])
    core_bin = benchenv.binary("services/core/parley-core")
    tmp = tempfile.mkdtemp(prefix="parley-bench-pool-")
    pg = PgCluster().start()
    proxy = None
    results = []
    try:
        pg.create_database("bench")
        say("scenario local (direct to PostgreSQL)")
        results.append(("local", scenario(core_bin, pg.dsn("bench"), tmp)))
        if DELAY_MS > 0:
            pport = free_port()
            proxy = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "delay_proxy.py"),
                                      str(pport), str(pg.port), str(DELAY_MS)], stdout=subprocess.PIPE, text=True)
            proxy.stdout.readline()  # "ready"
            dsn = pg.dsn("bench").replace(f"port={pg.port}", f"port={pport}")
            say(f"scenario +{DELAY_MS:g}ms (delay_proxy.py, each direction)")
            results.append((f"+{DELAY_MS:g}ms", scenario(core_bin, dsn, tmp)))
        print(f"\nparley-core worker pool benchmark ({os.cpu_count()} cores, GET /users/me Bearer, "
              f"wrk -t{THREADS} -c{CONNS}, {DURATION}s runs)")
        print(f"{'scenario':10} {'workers':>7} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} {'ratio vs 2':>10}")
        bad = False
        for name, rows in results:
            base = rows.get(2) or rows[WORKERS[0]]
            for n, m in rows.items():
                print(f"{name:10} {n:7d} {m['ok_rps']:10.1f} {m['p50']:9.2f} {m['p99']:9.2f} {m['errors']:7d} "
                      f"{m['ok_rps'] / base['ok_rps']:10.2f}")
                bad = bad or m["errors"] > 0
        sys.exit(1 if bad else 0)
    finally:
        if proxy:
            proxy.terminate()
            proxy.wait()
        pg.stop()
        subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
