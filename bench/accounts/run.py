#!/usr/bin/python3
"""Accounts benchmark: password logins against the raw KDF, and GET /users/me against ping.

    /usr/bin/python3 bench/accounts/run.py            (as root: the private PostgreSQL runs as postgres)

In one invocation, on a Release build (PARLEY_BENCH_BUILD_DIR or PARLEY_BUILD_DIR, default ./build-accounts-release; it builds there):
  1. KDF baseline: accounts_kdf_rate verifies one PBKDF2-SHA256-600k hash with the server's code on
     as many threads as the server may hash at once (ParleySettings.PasswordHashConcurrency, set
     here to cores - 1, at least 1) -> verifies/s.
  2. Login storm: wrk POSTs /api/v4/users/login (600k hash) on 2 x slots connections -> logins/s.
     Goal: logins/s within 10% of the KDF baseline.
  3. GET /api/v4/users/me (Bearer) alone, then again during a login storm -> p99 both times.
     Goal: p99 unaffected by the storm.
  4. GET /api/v4/system/ping, GET /api/v4/users/me (Bearer) with the session cache (default
     SessionCacheInMinutes), and GET /users/me on a second core on the same database with the cache
     disabled (SessionCacheInMinutes 0), same wrk settings -> req/s and the ratios.
     Goal: /users/me (cached) at least half of ping's throughput.
Knobs: BENCH_DURATION (seconds, default 10), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
BENCH_STEPS (which steps to run, default "1234"; e.g. BENCH_STEPS=4 for the /users/me step only).
Everything started is stopped at the end.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import threading

import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
from harness import PgCluster, Service, free_port  # noqa: E402

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
LOGIN_DURATION = max(DURATION, int(os.environ.get("BENCH_LOGIN_DURATION", "30")))  # a 600k login is ~0.5 s
CONNS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
STEPS = os.environ.get("BENCH_STEPS", "1234")
BUILD = os.environ.get("PARLEY_BENCH_BUILD_DIR") or os.environ.get("PARLEY_BUILD_DIR") or os.path.join(ROOT, "build-accounts-release")
PASSWORD = "bench-Passw0rd!"
ITERATIONS = 600000


def say(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def build():
    say(f"building parley-core and accounts_kdf_rate (Release) in {BUILD}")
    subprocess.run(["cmake", "-S", ROOT, "-B", BUILD, "-DCMAKE_BUILD_TYPE=Release", "-DPARLEY_SANITIZE=OFF",
                    "-DPARLEY_TESTS=OFF", "-DPARLEY_BENCH=ON"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", BUILD, "-j2", "--target", "parley-core", "accounts_kdf_rate"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(BUILD, "services", "core", "parley-core"), os.path.join(BUILD, "bench", "accounts",
                                                                                 "accounts_kdf_rate")


def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]


def wrk(url, conns, threads, headers=(), script=None, duration=None):
    duration = duration or DURATION
    argv = ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{duration}s", "--latency", "--timeout", "60s"]
    for h in headers:
        argv += ["-H", h]
    if script:
        argv += ["-s", script]
    out = subprocess.run(argv + [url], check=True, capture_output=True, text=True).stdout
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "ok_rps": (total - errors) / duration, "errors": errors,
            "p50": ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
            "p99": ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))}


def login_script(tmp, username):
    path = os.path.join(tmp, "login.lua")
    body = json.dumps({"login_id": username, "password": PASSWORD})
    with open(path, "w") as f:
        f.write('wrk.method = "POST"\n')
        f.write(f"wrk.body = {json.dumps(body)}\n")
        f.write('wrk.headers["Content-Type"] = "application/json"\n')
    return path


def main():
    if os.geteuid() != 0:
        sys.exit("run as root (the private PostgreSQL runs as the postgres user)")
    core_bin, kdf_bin = build()
    slots = max(1, (os.cpu_count() or 2) - 1)
    tmp = tempfile.mkdtemp(prefix="parley-bench-accounts-")
    pg = PgCluster().start()
    svc = nocache = None
    try:
        dsn = pg.create_database("bench")
        port, port2 = free_port(), free_port()
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
        r = requests.post(base + "/api/v4/users", json={"username": "bench", "email": "bench@example.com",
                                                         "password": PASSWORD})
        r.raise_for_status()
        token = requests.post(base + "/api/v4/users/login", json={"login_id": "bench", "password": PASSWORD}).headers["Token"]
        bearer = [f"Authorization: Bearer {token}"]
        script = login_script(tmp, "bench")

        nocache = Service(core_bin, config=dict(cfg, ServiceSettings=dict(cfg["ServiceSettings"], ListenAddress=f"127.0.0.1:{port2}",
                                                                            SessionCacheInMinutes=0)),
                          env={"MM_SQLSETTINGS_DATASOURCE": dsn}, port=port2, name="parley-core-nocache",
                          ready_url=f"http://127.0.0.1:{port2}/api/v4/system/ping", workdir=os.path.join(tmp, "core2"))
        nocache.start()
        base2 = f"http://127.0.0.1:{port2}"
        rows, ratios = [], []
        if "1" in STEPS:
            say(f"1. KDF baseline: {slots} thread(s), {LOGIN_DURATION}s, PBKDF2-SHA256 {ITERATIONS}")
            kdf = float(subprocess.run([kdf_bin, str(slots), str(LOGIN_DURATION), str(ITERATIONS)], check=True,
                                       capture_output=True, text=True).stdout.split()[1])
            rows.append(("KDF verify, raw (accounts_kdf_rate)", {"ok_rps": kdf, "p50": 0, "p99": 0, "errors": 0}))
        if "2" in STEPS:
            say(f"2. login storm: wrk -c{2 * slots}")
            storm = wrk(base + "/api/v4/users/login", 2 * slots, 1, script=script, duration=LOGIN_DURATION)
            rows.append(("POST /users/login (600k)", storm))
            if "1" in STEPS:
                ratios.append(f"ratio logins/s / raw KDF verifies/s: {storm['ok_rps'] / kdf:.2f}   (goal >= 0.90)")
        if "3" in STEPS:
            say("3. /users/me alone, then during a login storm (wrk -c8)")
            me_alone = wrk(base + "/api/v4/users/me", 8, 1, bearer)
            holder = {}
            t = threading.Thread(target=lambda: holder.update(storm=wrk(base + "/api/v4/users/login", 2 * slots, 1,
                                                                        script=script)))
            t.start()
            me_storm = wrk(base + "/api/v4/users/me", 8, 1, bearer)
            t.join()
            rows += [("POST /users/login (600k) with /users/me load", holder["storm"]),
                     ("GET /users/me -c8 alone", me_alone), ("GET /users/me -c8 during login storm", me_storm)]
            ratios.append(f"ratio /users/me p99 during storm / alone: {me_storm['p99'] / me_alone['p99']:.2f}   (goal ~1)")
        if "4" in STEPS:
            say(f"4. ping, /users/me cached, /users/me with the cache disabled: wrk -t{THREADS} -c{CONNS}")
            ping = wrk(base + "/api/v4/system/ping", CONNS, THREADS)
            me = wrk(base + "/api/v4/users/me", CONNS, THREADS, bearer)
            me_off = wrk(base2 + "/api/v4/users/me", CONNS, THREADS, bearer)
            rows += [(f"GET /system/ping -c{CONNS}", ping), (f"GET /users/me -c{CONNS} (Bearer, cached)", me),
                     (f"GET /users/me -c{CONNS} (Bearer, cache off)", me_off)]
            ratios += [f"ratio /users/me cached / ping throughput: {me['ok_rps'] / ping['ok_rps']:.2f}   (goal >= 0.50)",
                       f"ratio /users/me cache off / ping throughput: {me_off['ok_rps'] / ping['ok_rps']:.2f}",
                       f"ratio /users/me cached / cache off: {me['ok_rps'] / me_off['ok_rps']:.2f}"]

        print(f"\nparley-core accounts benchmark ({os.cpu_count()} cores, {DURATION}s runs, hash slots {slots}, steps {STEPS})")
        print(f"{'measurement':46} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
        for name, m in rows:
            print(f"{name:46} {m['ok_rps']:10.2f} {m['p50']:9.2f} {m['p99']:9.2f} {m['errors']:7d}")
        print()
        for line in ratios:
            print(line)
    finally:
        for s in (nocache, svc):
            if s:
                s.stop()
        pg.stop()
        subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
