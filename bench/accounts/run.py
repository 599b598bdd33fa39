#!/usr/bin/python3
"""Accounts benchmark: password logins against the raw KDF, alone and under load; GET /users/me against ping.

    PARLEY_BUILD_DIR=build-release /usr/bin/python3 bench/accounts/run.py    (as root: the private PostgreSQL runs as postgres)

In one invocation, on a Release build (PARLEY_BUILD_DIR relative to the current directory, default
./build-release; built there unless PARLEY_SKIP_BUILD=1, see bench/lib/benchenv.py):
  1. KDF baseline: accounts_kdf_rate verifies one PBKDF2-SHA256-600k hash with the server's code on
     as many threads as the server may hash at once (ParleySettings.PasswordHashConcurrency, set
     here to cores - 1, at least 1) -> verifies/s.
  2. Logins alone: wrk POSTs /api/v4/users/login (600k hash; USERS accounts in turn, one address)
     on 2 x slots connections -> logins/s, p99. Goal: logins/s within 10% of the KDF baseline.
  3. Logins under load: the same while GET /api/v4/users/me (Bearer, -tTHREADS -cCONNECTIONS)
     saturates the CPU -> logins/s, p99. Goal: logins/s under load / alone >= 0.80.
     Steps 2 and 3 run BENCH_ROUNDS times in turn (each round: alone, then under load), so that
     both see the same drift of the machine's load; the ratio is the median of the rounds' ratios.
  4. GET /api/v4/users/me (Bearer, -c8) alone, then again during a login storm -> p99 both times.
     Goal: p99 unaffected by the storm.
  5. GET /api/v4/system/ping, GET /api/v4/users/me (Bearer) with the session cache (default
     SessionCacheInMinutes), and GET /users/me on a second core on the same database with the cache
     disabled (SessionCacheInMinutes 0), same wrk settings -> req/s and the ratios.
     Goal: /users/me (cached) at least half of ping's throughput.
Knobs: BENCH_DURATION (seconds, default 10), BENCH_LOGIN_DURATION (30), BENCH_CONNECTIONS (64),
BENCH_THREADS (2), BENCH_ROUNDS (3). PARLEY_BENCH_TINY=1: 1 s runs, 1000-iteration hashes, 4 connections (smoke test).
Everything started is stopped at the end.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
sys.path.insert(0, os.path.join(ROOT, "bench", "lib"))
import benchenv  # noqa: E402
import wrk as benchwrk  # noqa: E402
from harness import PgCluster, Service, free_port  # noqa: E402

TINY = benchenv.tiny()
DURATION = int(os.environ.get("BENCH_DURATION", "1" if TINY else "10"))
LOGIN_DURATION = max(DURATION, int(os.environ.get("BENCH_LOGIN_DURATION", "1" if TINY else "30")))  # ~0.5 s a login
CONNS = int(os.environ.get("BENCH_CONNECTIONS", "4" if TINY else "64"))
THREADS = int(os.environ.get("BENCH_THREADS", "1" if TINY else "2"))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "1" if TINY else "3")))
PASSWORD = "bench-Passw0rd!"
ITERATIONS = 1000 if TINY else 600000
USERS = 8 if TINY else 64  # logins rotate over them: one user may hash one login at a time


def say(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def wrk(url, conns, threads, headers=(), script=None, duration=None):
    return benchwrk.run(url, conns, threads, duration or DURATION, headers, script)


def login_script(tmp, usernames):
    """wrk POSTs logins for the usernames in turn."""
    path = os.path.join(tmp, "login.lua")
    bodies = [json.dumps({"login_id": u, "password": PASSWORD}) for u in usernames]
    with open(path, "w") as f:
        f.write("local bodies = {%s}\n" % ", ".join(json.dumps(b) for b in bodies))
        f.write("local i = math.random(#bodies)\n")
        f.write('wrk.method = "POST"\n')
        f.write('wrk.headers["Content-Type"] = "application/json"\n')
        f.write("request = function()\n  i = i % #bodies + 1\n"
                '  return wrk.format(nil, nil, nil, bodies[i])\nend\n')
        # every refused login's status and error id, for the summary
        f.write("response = function(status, headers, body)\n  if status ~= 200 then\n"
                f"    local f = io.open({json.dumps(refusals_path(tmp))}, 'a')\n"
                "    f:write(status .. ' ' .. (string.match(body, '\"id\":\"([^\"]*)\"') or '') .. '\\n')\n"
                "    f:close()\n  end\nend\n")
    return path


def refusals_path(tmp):
    return os.path.join(tmp, "login-refusals.txt")


def take_refusals(tmp):
    """{"503 api.context.server_busy.app_error": n, ...} since the last call."""
    counts = {}
    try:
        with open(refusals_path(tmp)) as f:
            for line in f:
                counts[line.strip()] = counts.get(line.strip(), 0) + 1
        os.remove(refusals_path(tmp))
    except FileNotFoundError:
        pass
    return counts


def settle_gate(base, timeout=60):
    """Wait until no password hash is running or waiting (wrk leaves its last logins in flight)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        gauges = dict(line.split()[:2] for line in requests.get(base + "/metrics", timeout=10).text.splitlines()
                      if line.startswith("parley_password_hashes_"))
        if not gauges:  # an older build without the gauges
            time.sleep(3)
            return
        if all(float(v) == 0 for v in gauges.values()):
            return
        time.sleep(0.05)


def in_background(fn):
    """Run fn() on a thread; the returned join() gives its result."""
    holder = {}
    t = threading.Thread(target=lambda: holder.update(r=fn()))
    t.start()

    def join():
        t.join()
        return holder["r"]
    return join


def login_round(r, base, tmp, script, login_url, me_url, bearer, slots):
    """Steps 2 and 3 once: logins alone, then under /users/me load. @return (alone, loaded, /users/me meanwhile)."""
    say(f"2. logins alone: wrk -c{2 * slots}, {LOGIN_DURATION}s (round {r + 1}/{ROUNDS})")
    take_refusals(tmp)
    settle_gate(base)
    alone = wrk(login_url, 2 * slots, 1, script=script, duration=LOGIN_DURATION)
    alone["refused"] = take_refusals(tmp)
    say(f"3. logins under /users/me load (wrk -t{THREADS} -c{CONNS} for the whole run; round {r + 1}/{ROUNDS})")
    settle_gate(base)
    load = in_background(lambda: wrk(me_url, CONNS, THREADS, bearer, duration=LOGIN_DURATION + 2))
    loaded = wrk(login_url, 2 * slots, 1, script=script, duration=LOGIN_DURATION)
    me_load = load()
    loaded["refused"] = take_refusals(tmp)
    return alone, loaded, me_load


def main():
    if os.geteuid() != 0:
        sys.exit("run as root (the private PostgreSQL runs as the postgres user)")
    build = benchenv.setup(["parley-core", "accounts_kdf_rate"])
    core_bin = benchenv.binary("services/core/parley-core")
    kdf_bin = benchenv.binary("bench/accounts/accounts_kdf_rate")
    slots = max(1, (os.cpu_count() or 2) - 1)
    tmp = tempfile.mkdtemp(prefix="parley-bench-accounts-")
    pg = PgCluster().start()
    svc = nocache = None
    try:
        dsn = pg.create_database("bench")
        port = free_port()
        cfg = {"ServiceSettings": {"ListenAddress": f"127.0.0.1:{port}", "EnableUserAccessTokens": True,
                                   "MaximumLoginAttempts": 1000000},
               "TeamSettings": {"EnableOpenServer": True},
               "FileSettings": {"Directory": os.path.join(tmp, "files")},
               "LogSettings": {"ConsoleLevel": "WARN"},
               "ParleySettings": {"PasswordHashIterations": ITERATIONS, "PasswordHashConcurrency": slots}}
        svc = Service(core_bin, config=cfg, env={"MM_SQLSETTINGS_DATASOURCE": dsn}, port=port, name="parley-core",
                      ready_url=f"http://127.0.0.1:{port}/api/v4/system/ping", workdir=os.path.join(tmp, "core"))
        svc.start()
        base = f"http://127.0.0.1:{port}"
        names = ["bench"] + [f"bench{i}" for i in range(1, USERS)]
        for n in names:
            r = requests.post(base + "/api/v4/users", json={"username": n, "email": f"{n}@example.com",
                                                             "password": PASSWORD})
            r.raise_for_status()
        token = requests.post(base + "/api/v4/users/login", json={"login_id": "bench", "password": PASSWORD}).headers["Token"]
        bearer = [f"Authorization: Bearer {token}"]
        script = login_script(tmp, names)
        login_url, me_url = base + "/api/v4/users/login", base + "/api/v4/users/me"
        port2 = free_port()
        cfg2 = dict(cfg, ServiceSettings=dict(cfg["ServiceSettings"], ListenAddress=f"127.0.0.1:{port2}", SessionCacheInMinutes=0))
        nocache = Service(core_bin, config=cfg2, env={"MM_SQLSETTINGS_DATASOURCE": dsn}, port=port2, name="parley-core-nocache",
                          ready_url=f"http://127.0.0.1:{port2}/api/v4/system/ping", workdir=os.path.join(tmp, "core2"))
        nocache.start()

        say(f"1. KDF baseline: {slots} thread(s), {LOGIN_DURATION}s, PBKDF2-SHA256 {ITERATIONS}")
        kdf = float(subprocess.run([kdf_bin, str(slots), str(LOGIN_DURATION), str(ITERATIONS)], check=True,
                                   capture_output=True, text=True).stdout.split()[1])
        load_start = os.getloadavg()[0]
        rounds = [login_round(r, base, tmp, script, login_url, me_url, bearer, slots) for r in range(ROUNDS)]
        load_end = os.getloadavg()[0]
        ratios = [lo["ok_rps"] / max(al["ok_rps"], 1e-9) for al, lo, _ in rounds]
        alone, loaded, me_load = rounds[sorted(range(ROUNDS), key=lambda i: ratios[i])[ROUNDS // 2]]  # the median round
        say("4. /users/me alone, then during a login storm (wrk -c8)")
        settle_gate(base)
        me_alone = wrk(me_url, 8, 1, bearer)
        storm = in_background(lambda: wrk(login_url, 2 * slots, 1, script=script, duration=DURATION + 1))
        me_storm = wrk(me_url, 8, 1, bearer)
        storm_bg = storm()
        say(f"5. ping, /users/me cached, /users/me with the cache disabled: wrk -t{THREADS} -c{CONNS}")
        ping = wrk(base + "/api/v4/system/ping", CONNS, THREADS)
        me = wrk(me_url, CONNS, THREADS, bearer)
        me_off = wrk(f"http://127.0.0.1:{port2}/api/v4/users/me", CONNS, THREADS, bearer)

        print(f"\nparley-core accounts benchmark ({os.cpu_count()} cores, {DURATION}s / logins {LOGIN_DURATION}s runs, "
              f"hash slots {slots}, PBKDF2 {ITERATIONS}, build {build})")
        print(f"{'measurement':52} {'ok req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} {'non-2xx':>7}")
        rows = [("KDF verify, raw (accounts_kdf_rate)", {"ok_rps": kdf, "p50": 0, "p99": 0, "errors": 0, "non2xx": 0}),
                (f"POST /users/login -c{2 * slots} alone", alone),
                (f"POST /users/login -c{2 * slots} under /users/me -c{CONNS} load", loaded),
                (f"  (GET /users/me -c{CONNS} meanwhile)", me_load),
                ("GET /users/me -c8 alone", me_alone), ("GET /users/me -c8 during login storm", me_storm),
                (f"  (POST /users/login -c{2 * slots} meanwhile)", storm_bg),
                (f"GET /system/ping -c{CONNS}", ping), (f"GET /users/me -c{CONNS} (Bearer, cached)", me),
                (f"GET /users/me -c{CONNS} (Bearer, cache off)", me_off)]
        for name, m in rows:
            print(f"{name:52} {m['ok_rps']:10.2f} {m['p50']:9.2f} {m['p99']:9.2f} {m['errors']:7d} {m['non2xx']:7d}")
        print(f"refused logins (median round): alone {alone['refused'] or 'none'}; under load {loaded['refused'] or 'none'}")
        print(f"steps 2-3, {ROUNDS} round(s) (alone / under load logins/s): "
              + ", ".join(f"{al['ok_rps']:.2f} / {lo['ok_rps']:.2f}" for al, lo, _ in rounds)
              + f"; load average (1 min) {load_start:.1f} at the start, {load_end:.1f} at the end, {os.getloadavg()[0]:.1f} now")
        print(f"\nratio logins/s alone / raw KDF verifies/s: {alone['ok_rps'] / kdf:.2f}   (goal >= 0.90)")
        print(f"ratio logins/s under /users/me load / alone: {statistics.median(ratios):.2f}   "
              f"(goal >= 0.80; median of {ROUNDS} round(s): {', '.join(f'{x:.2f}' for x in ratios)}; "
              f"median round's login p99 {loaded['p99']:.0f} ms vs {alone['p99']:.0f} ms alone)")
        print(f"ratio /users/me p99 during storm / alone: {me_storm['p99'] / me_alone['p99']:.2f}   (goal ~1)")
        print(f"ratio /users/me cached / ping throughput: {me['ok_rps'] / ping['ok_rps']:.2f}   (goal >= 0.50)")
        print(f"ratio /users/me cache off / ping throughput: {me_off['ok_rps'] / ping['ok_rps']:.2f}")
        print(f"ratio /users/me cached / cache off: {me['ok_rps'] / max(me_off['ok_rps'], 1e-9):.2f}")
    finally:
        for s in (svc, nocache):
            if s:
                s.stop()
        pg.stop()
        subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
