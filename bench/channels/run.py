#!/usr/bin/python3
"""Channels benchmark: sample-data generation, then the load-test "switch channel and check unreads" path against ping.

    PARLEY_BUILD_DIR=build-release /usr/bin/python3 bench/channels/run.py    (as root: the private PostgreSQL runs as postgres)

In one invocation, on a Release build (PARLEY_BUILD_DIR relative to the current directory, default
./build-release; built there unless PARLEY_SKIP_BUILD=1, see bench/lib/benchenv.py):
  1. `parley-core sampledata` fills a fresh database: 20,000 users, 50 teams x 1,000 channels (50,000,
     town-square and off-topic included), BENCH_CHANNEL_MEMBERSHIPS (30) channels per user per team on
     average (Zipf: a few channels hold most of a team), 20,000 DMs, 5,000 GMs, no posts unless
     BENCH_SD_POSTS_PER_CHANNEL (0; the path reads no posts) -> rows, seconds, rows/s.
  2. Sessions for BENCH_USERS (2,000) of those users are inserted with SQL (as bench/ws does); each gets
     one of its teams and the channels it is a member of there.
  3. wrk -tTHREADS -cCONNECTIONS: GET /api/v4/system/ping, then the path, each connection cycling over the
     users: GET /users/me/teams/{tid}/channels, GET /users/me/teams/{tid}/channels/members,
     GET /users/me/teams/{tid}/channels/categories, POST /channels/members/me/view (the next channel)
     -> req/s and p99 of the mix, run twice: first right after start (every first read of a user fills the
     view cache: cold); then every user's first visit is completed (its three lists, a view of each pair of
     its channels, 32 clients) and the mix runs again (steady state, what the goal is about); then each alone
     (BENCH_DURATION / 2 each). Goal: the path >= 0.30 of ping's throughput with p99 <= 20 ms.
Knobs: BENCH_DURATION (10), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_USERS, BENCH_SD_USERS (20000),
BENCH_SD_TEAMS (50), BENCH_SD_CHANNELS_PER_TEAM (1000), BENCH_CHANNEL_MEMBERSHIPS (30).
PARLEY_BENCH_TINY=1: 200 users, 3 teams x 30 channels, 1 s runs, 4 connections (smoke test).
Exit 1 when a run had errors or non-2xx answers (after printing the numbers). Everything started is stopped.
"""

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
sys.path.insert(0, os.path.join(ROOT, "bench", "lib"))
import benchenv  # noqa: E402
from benchenv import new_id  # noqa: E402
import wrk as benchwrk  # noqa: E402
from harness import PgCluster, Service, free_port  # noqa: E402

TINY = benchenv.tiny()
DURATION = int(os.environ.get("BENCH_DURATION", "1" if TINY else "10"))
CONNS = int(os.environ.get("BENCH_CONNECTIONS", "4" if TINY else "64"))
THREADS = int(os.environ.get("BENCH_THREADS", "1" if TINY else "2"))
SD = {"users": int(os.environ.get("BENCH_SD_USERS", "200" if TINY else "20000")),
      "teams": int(os.environ.get("BENCH_SD_TEAMS", "3" if TINY else "50")),
      "channels-per-team": int(os.environ.get("BENCH_SD_CHANNELS_PER_TEAM", "30" if TINY else "1000")),
      "channel-memberships": int(os.environ.get("BENCH_CHANNEL_MEMBERSHIPS", "5" if TINY else "30")),
      "direct-channels": 50 if TINY else 20000, "group-channels": 10 if TINY else 5000,
      "posts-per-channel": int(os.environ.get("BENCH_SD_POSTS_PER_CHANNEL", "0")), "posts-per-direct-channel": 0,
      "posts-per-group-channel": 0}
USERS = int(os.environ.get("BENCH_USERS", "20" if TINY else "2000"))
STEPS = ["GET /users/me/teams/{tid}/channels", "GET /users/me/teams/{tid}/channels/members",
         "GET /users/me/teams/{tid}/channels/categories", "POST /channels/members/me/view"]


def say(msg):
    benchenv.say(msg)



def generate(core_bin, dsn, tmp):
    """parley-core sampledata on the fresh database. @return (rows, seconds reported, wall seconds, stdout)."""
    cfg = os.path.join(tmp, "sampledata.json")
    with open(cfg, "w") as f:
        json.dump({"ParleySettings": {"PasswordHashIterations": 1000}, "LogSettings": {"ConsoleLevel": "WARN"}}, f)
    argv = [core_bin, "sampledata", "--config", cfg, "--seed", "1"] + [x for k, v in SD.items() for x in (f"--{k}", str(v))]
    say("1. " + " ".join(argv[1:]))
    t0 = time.monotonic()
    p = subprocess.run(argv, env=dict(os.environ, MM_SQLSETTINGS_DATASOURCE=dsn), capture_output=True, text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(f"bench: sampledata failed ({p.returncode}):\n{p.stdout}\n{p.stderr[-3000:]}")
    m = re.search(r"^total (\d+) rows in ([\d.]+) s", p.stdout, re.M)
    per_table = "".join(line + "\n" for line in p.stderr.splitlines() if line.startswith("sampledata: "))
    return int(m.group(1)), float(m.group(2)), wall, per_table + p.stdout


def sessions(conn):
    """Sessions for USERS sample users; each with one of its teams and its channels there. @return [(token, tid, [cid])]."""
    cur = conn.cursor()
    cur.execute("SELECT u.id, (SELECT min(team_id) FROM team_members tm WHERE tm.user_id = u.id) FROM users u "
                "WHERE u.username <> 'sysadmin' ORDER BY u.id LIMIT %s", (USERS,))
    picked = [(uid, tid) for uid, tid in cur.fetchall() if tid]
    now = int(time.time() * 1000)
    buf, out = io.StringIO(), []
    for uid, tid in picked:
        cur.execute("SELECT cm.channel_id FROM channel_members cm JOIN channels c ON c.id = cm.channel_id "
                    "WHERE cm.user_id = %s AND c.team_id = %s ORDER BY cm.channel_id LIMIT 8", (uid, tid))
        tok = new_id()
        buf.write(f"{new_id()}\t{tok}\t{now}\t0\t{now}\t{uid}\n")
        out.append((tok, tid, [r[0] for r in cur.fetchall()]))
    buf.seek(0)
    cur.copy_expert("COPY sessions (id, token, create_at, expires_at, last_activity_at, user_id) FROM STDIN", buf)
    return out


def path_script(tmp, users, only=None):
    """wrk Lua: each thread walks the users (from its own offset), STEPS in turn (or only STEPS[only])."""
    path = os.path.join(tmp, f"path-{only}.lua")
    rows = ",\n".join("{%s, %s, {%s}}" % (json.dumps(t), json.dumps(tid), ", ".join(json.dumps(c) for c in cids))
                      for t, tid, cids in users)
    with open(path, "w") as f:
        f.write("local users = {\n%s}\n" % rows)
        f.write(f"local only = {'nil' if only is None else only}\n")
        f.write("""
local count = 0
function setup(thread) count = count + 1; thread:set("tid", count) end
local n, step = 0, 0
function init(args) n = (tid or 1) * 7919 * 4 end
function request()
  step = only or (n % 4)
  local u = users[(math.floor(n / 4) % #users) + 1]
  n = n + 1
  local h = {["Authorization"] = "Bearer " .. u[1]}
  if step == 0 then return wrk.format("GET", "/api/v4/users/me/teams/" .. u[2] .. "/channels", h) end
  if step == 1 then return wrk.format("GET", "/api/v4/users/me/teams/" .. u[2] .. "/channels/members", h) end
  if step == 2 then return wrk.format("GET", "/api/v4/users/me/teams/" .. u[2] .. "/channels/categories", h) end
  local cids = u[3]
  local k = math.floor(n / 4)
  local cid, prev = cids[(k % #cids) + 1], cids[((k + 1) % #cids) + 1]
  h["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v4/channels/members/me/view", h,
    '{"channel_id":"' .. cid .. '","prev_channel_id":"' .. prev .. '","collapsed_threads_supported":true}')
end
""")
    return path


def first_visits(base, users):
    """Every user's first switch-channel requests, each once, 32 at a time: the three lists and a view of
    each pair of its channels the path visits (the view cache fills). @return (requests, seconds, failures)."""
    import concurrent.futures
    import requests

    def one(u):
        tok, tid, cids = u
        s = requests.Session()
        s.headers["Authorization"] = "Bearer " + tok
        bad = n = 0
        for suffix in ("/channels", "/channels/members", "/channels/categories"):
            bad += s.get(f"{base}/api/v4/users/me/teams/{tid}{suffix}", timeout=60).status_code != 200
            n += 1
        for i, cid in enumerate(cids):
            body = {"channel_id": cid, "prev_channel_id": cids[(i + 1) % len(cids)], "collapsed_threads_supported": True}
            bad += s.post(base + "/api/v4/channels/members/me/view", json=body, timeout=60).status_code != 200
            n += 1
        return n, bad

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(32) as ex:
        done = list(ex.map(one, users))
    return sum(n for n, _ in done), time.monotonic() - t0, sum(b for _, b in done)


def wrk(url, script=None, duration=None):
    return benchwrk.run(url, CONNS, THREADS, duration or DURATION, script=script)


def main():
    if os.geteuid() != 0:
        sys.exit("run as root (the private PostgreSQL runs as the postgres user)")
    build = benchenv.setup(["parley-core"])
    core_bin = benchenv.binary("services/core/parley-core")
    tmp = tempfile.mkdtemp(prefix="parley-bench-channels-")
    pg = PgCluster().start()
    svc = None
    try:
        dsn = pg.create_database("bench")
        rows, gen_s, gen_wall, report = generate(core_bin, dsn, tmp)
        conn = pg.connect("bench")
        users = [u for u in sessions(conn) if u[2]]
        conn.close()
        say(f"2. {len(users)} sessions by SQL")
        port = free_port()
        cfg = {"ServiceSettings": {"ListenAddress": f"127.0.0.1:{port}"},
               "FileSettings": {"Directory": os.path.join(tmp, "files")}, "LogSettings": {"ConsoleLevel": "WARN"}}
        svc = Service(core_bin, config=cfg, env={"MM_SQLSETTINGS_DATASOURCE": dsn}, port=port, name="parley-core",
                      ready_url=f"http://127.0.0.1:{port}/api/v4/system/ping", workdir=os.path.join(tmp, "core"))
        svc.start()
        base = f"http://127.0.0.1:{port}"
        say(f"3. wrk -t{THREADS} -c{CONNS} -d{DURATION}s: ping, the path, each step alone")
        ping = wrk(base + "/api/v4/system/ping")
        cold = wrk(base, path_script(tmp, users))  # right after start: every first read is a cache fill
        nfirst, first_s, first_bad = first_visits(base, users)
        mix = wrk(base, path_script(tmp, users))
        alone = [wrk(base, path_script(tmp, users, i), max(1, DURATION // 2)) for i in range(4)]

        print(f"\nparley-core channels benchmark ({os.cpu_count()} cores, {DURATION}s runs, wrk -t{THREADS} -c{CONNS}, "
              f"{len(users)} users' sessions, build {build})")
        print(report.rstrip())
        print(f"sample-data generation: {rows} rows in {gen_s:.2f} s ({rows / gen_s:,.0f} rows/s); "
              f"command wall time {gen_wall:.2f} s (hash, migrations, ANALYZE included)")
        print(f"\n{'measurement':58} {'ok req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        table = [("GET /system/ping", ping), ("switch channel path, first run after start (cold caches)", cold),
                 ("switch channel path (the 4 requests in turn)", mix)]
        table += [(f"  {s} alone", a) for s, a in zip(STEPS, alone)]
        for name, m in table:
            print(f"{name:58} {m['ok_rps']:10.1f} {m['p50']:8.2f} {m['p99']:8.2f} {m['errors']:7d}")
        print(f"channel switches/s (4 requests each): {mix['ok_rps'] / 4:.1f}")
        ratio = mix["ok_rps"] / max(ping["ok_rps"], 1e-9)
        print(f"\nratio switch-channel path / ping throughput: {ratio:.2f}   (goal >= 0.30)")
        print(f"path p99: {mix['p99']:.2f} ms   (goal <= 20 ms)")
        print(f"(first run after start: {cold['ok_rps'] / max(ping['ok_rps'], 1e-9):.2f} of ping, p99 {cold['p99']:.2f} ms; "
              f"then every user's first visit, {nfirst} requests from 32 clients: {nfirst / first_s:,.0f} req/s)")
        errors = first_bad + mix["errors"] + cold["errors"] + ping["errors"] + sum(a["errors"] for a in alone)
        if errors:
            print(f"errors or non-2xx answers: {errors} (mix non-2xx {mix['non2xx']}; alone "
                  f"{[a['non2xx'] for a in alone]}): are the four endpoints on this build?")
            sys.exit(1)
    finally:
        if svc:
            svc.stop()
        pg.stop()
        subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
