#!/usr/bin/python3
"""Posts benchmark: POST /posts into channels whose members are all connected over WebSocket, next to
pgbench running the same INSERT statement; then the channel's post list and a user's threads.

    PARLEY_BUILD_DIR=build-release /usr/bin/python3 bench/posts/run.py    (as root: the private PostgreSQL runs as postgres)

In one invocation, on a Release build (PARLEY_BUILD_DIR relative to the current directory, default
./build-release; built there unless PARLEY_SKIP_BUILD=1, see bench/lib/benchenv.py):
  1. A fresh database gets, by SQL, one team and one open channel per size in BENCH_SIZES (10,100,1000)
     with that many members (team and channel members, sessions).
  2. For each size: ws_load (bench/ws) opens a WebSocket for every member of the channel; wrk -tTHREADS
     -cPOST_CONNECTIONS (as many as pgbench's clients: both see the same concurrency) posts
     `POST /api/v4/posts` into it for BENCH_DURATION s, each connection as one of the
     channel's first 64 members (the 201 comes after the commit; every member's socket receives `posted`)
     -> posts/s, p50/p99, WebSocket events received per post. Then pgbench (-c PGBENCH_CLIENTS -j THREADS,
     prepared) runs the statement parley-core's store/posts_save.c sends (read from that file), with the
     same posters and channel, for the same time -> transactions/s and p99: what PostgreSQL alone sustains.
     The ratio parley / pgbench is printed per size. Goal: >= 1,500 posts/s with p99 <= 50 ms.
  3. GET /api/v4/channels/{id}/posts?page=0&per_page=60 (the 100-member channel, full pages; every
     connection a member; the page the clients load on a channel switch, kept by the view cache once read),
     the same with per_page=59 (not kept: every request reads PostgreSQL and encodes the page) and
     GET /api/v4/users/me/teams/{tid}/threads (each poster follows 50 threads: 50 roots with 3 replies
     each, posted through the API first; then ANALYZE, as autovacuum would after the inserts) -> req/s and
     p99, next to GET /api/v4/system/ping with the same wrk settings. Goals: posts >= 5,000 req/s with p99 <= 20 ms,
     threads >= 2,000 req/s.
Knobs: BENCH_DURATION (10), BENCH_CONNECTIONS (64, the GETs), BENCH_THREADS (2), BENCH_SIZES (10,100,1000),
PGBENCH_CLIENTS (16: the core's database workers on 2 cores), BENCH_POST_CONNECTIONS (PGBENCH_CLIENTS).
PARLEY_BENCH_TINY=1: sizes 3 and 10, 1 s runs, 4 connections (smoke test).
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
SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "3,10" if TINY else "10,100,1000").split(",")]
PG_CLIENTS = int(os.environ.get("PGBENCH_CLIENTS", "4" if TINY else "16"))
POST_CONNS = int(os.environ.get("BENCH_POST_CONNECTIONS", str(PG_CLIENTS)))
POSTERS = 64
ROOTS = 5 if TINY else 50


def say(msg):
    benchenv.say(msg)



def copy(cur, table, cols, rows):
    buf = io.StringIO("".join("\t".join(r) + "\n" for r in rows))
    cur.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buf)


def seed(conn):
    """One team; per size a channel with that many members. @return (team, {size: (channel, [(uid, token)])})."""
    now = str(int(time.time() * 1000))
    cur = conn.cursor()
    team = new_id()
    cur.execute("INSERT INTO teams (id, create_at, update_at, display_name, name, type) VALUES (%s, %s, %s, 'Bench', 'bench', 'O')",
                (team, now, now))
    out, users, sessions, tms, cms, channels = {}, [], [], [], [], []
    for size in SIZES:
        cid = new_id()
        channels.append((cid, now, now, team, "O", f"Bench {size}", f"bench-{size}"))
        members = []
        for i in range(size):
            uid, tok = new_id(), new_id()
            name = f"b{size}x{i}"
            users.append((uid, now, now, name, f"{name}@example.com"))
            sessions.append((new_id(), tok, now, "0", now, uid))
            tms.append((team, uid))
            cms.append((cid, uid))
            members.append((uid, tok))
        out[size] = (cid, members)
    copy(cur, "channels", "id, create_at, update_at, team_id, type, display_name, name", channels)
    copy(cur, "users", "id, create_at, update_at, username, email", users)
    copy(cur, "sessions", "id, token, create_at, expires_at, last_activity_at, user_id", sessions)
    copy(cur, "team_members", "team_id, user_id", tms)
    copy(cur, "channel_members", "channel_id, user_id", cms)
    cur.execute("ANALYZE")
    return team, out


def tokens_lua(tokens):
    return "local tokens = {%s}\n" % ", ".join(json.dumps(t) for t in tokens)


ROTATE = """
local count = 0
function setup(thread) count = count + 1; thread:set("tid", count) end
local n = 0
function init(args) n = (tid or 1) * 7919 end
local function token() n = n + 1; return tokens[(n % #tokens) + 1] end
"""


def post_script(tmp, channel, tokens):
    """wrk Lua: POST /api/v4/posts into channel, each request as the next poster."""
    path = os.path.join(tmp, f"post-{channel}.lua")
    with open(path, "w") as f:
        f.write(tokens_lua(tokens) + ROTATE + f"""
local seq = 0
function request()
  seq = seq + 1
  local h = {{["Authorization"] = "Bearer " .. token(), ["Content-Type"] = "application/json"}}
  return wrk.format("POST", "/api/v4/posts", h,
    '{{"channel_id":"{channel}","message":"bench message ' .. seq .. ' from thread ' .. (tid or 1) .. '"}}')
end
""")
    return path


def get_script(tmp, name, path_, tokens):
    """wrk Lua: GET path_ as the next of tokens."""
    path = os.path.join(tmp, f"get-{name}.lua")
    with open(path, "w") as f:
        f.write(tokens_lua(tokens) + ROTATE + f"""
function request()
  return wrk.format("GET", "{path_}", {{["Authorization"] = "Bearer " .. token()}})
end
""")
    return path


def save_sql():
    """The post-saving statement of services/core/src/store/posts_save.c (its C string literals joined)."""
    with open(os.path.join(ROOT, "services", "core", "src", "store", "posts_save.c")) as f:
        src = f.read()
    body = re.search(r"SAVE_SQL\[\] =(.*?);\n", src, re.S).group(1)
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body)).replace('\\"', '"')


def pgbench_script(tmp, team, channel):
    """The statement with parley-core's parameters for a new root post by one of the bench_posters."""
    now = "(extract(epoch from clock_timestamp()) * 1000)::bigint"
    values = {1: "substr(md5(random()::text || :client_id), 1, 26)", 2: now, 3: now,
              4: "(SELECT user_id FROM bench_posters WHERE n = :u)", 5: f"'{channel}'", 6: "''",
              7: "'bench message from pgbench'", 8: "''", 9: "'{}'", 10: "''", 11: "'[]'", 12: "''", 13: "NULL",
              14: "NULL", 15: "NULL", 16: "'t'", 17: "'t'", 18: "'{}'", 19: "'f'", 20: f"'{team}'", 21: "'f'"}
    sql = re.sub(r"\$(\d+)", lambda m: values[int(m.group(1))], save_sql())
    path = os.path.join(tmp, f"pgbench-{channel}.sql")
    with open(path, "w") as f:
        f.write("\\set u random(1, :posters)\n" + sql + ";\n")
    return path


def pgbench(pg, dbname, script, posters):
    argv = [os.path.join(pg.bindir, "pgbench"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "-n",
            "-M", "prepared", "-c", str(PG_CLIENTS), "-j", str(THREADS), "-T", str(DURATION), "-D",
            f"posters={posters}", "-f", script, "--log", f"--log-prefix={script}.lat", dbname]
    lat_log = script + ".lat"
    p = subprocess.run(argv, capture_output=True, text=True, cwd=os.path.dirname(script))
    if p.returncode != 0:
        sys.exit(f"bench: pgbench failed:\n{p.stdout}\n{p.stderr[-3000:]}")
    tps = float(re.search(r"tps = ([\d.]+)", p.stdout).group(1))
    lats = []
    for name in os.listdir(os.path.dirname(script)):
        if name.startswith(os.path.basename(lat_log)):
            with open(os.path.join(os.path.dirname(script), name)) as f:
                lats += [int(line.split()[2]) for line in f if line.strip()]
    lats.sort()
    p99 = lats[min(len(lats) - 1, int(0.99 * len(lats)))] / 1000.0 if lats else 0.0
    p50 = lats[len(lats) // 2] / 1000.0 if lats else 0.0
    failed = int(m.group(1)) if (m := re.search(r"number of failed transactions: (\d+)", p.stdout)) else 0
    return {"ok_rps": tps, "p50": p50, "p99": p99, "errors": failed}


def ws_clients(load, port, tmp, tokens):
    """ws_load holding a socket per token. @return (process, opened)."""
    tokfile = os.path.join(tmp, f"ws-{len(tokens)}.txt")
    with open(tokfile, "w") as f:
        f.write("\n".join(tokens) + "\n")
    procs = 1 if len(tokens) < 64 else 4
    p = subprocess.Popen([load, "--port", str(port), "--tokens", tokfile, "--procs", str(procs), "--hold", "1"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ready = p.stdout.readline().split()
    if not ready or ready[0] != "READY":
        sys.exit("bench: ws_load did not get ready")
    time.sleep(1)  # the status jobs of the new sockets
    p.stdin.write("GO\n")
    p.stdin.flush()
    return p, int(ready[1])


def ws_stop(p):
    p.stdin.write("STOP\n")
    p.stdin.flush()
    res = json.loads(p.stdout.readline())
    p.wait(timeout=30)
    return res


def posts_count(conn, channel):
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM posts WHERE channel_id = %s AND type = ''", (channel,))
    return cur.fetchone()[0]


def api(base, token, method, path, body=None):
    import requests
    r = requests.request(method, base + "/api/v4" + path, json=body, headers={"Authorization": "Bearer " + token}, timeout=60)
    if r.status_code >= 300:
        sys.exit(f"bench: {method} {path}: {r.status_code} {r.text[:300]}")
    return r.json()


def make_threads(base, channel, members):
    """ROOTS roots by members[0], each with a reply by members[1..3]: the four follow every thread."""
    for i in range(ROOTS):
        root = api(base, members[0][1], "POST", "/posts", {"channel_id": channel, "message": f"thread {i}"})
        for k in (1, 2, 3):
            api(base, members[k][1], "POST", "/posts", {"channel_id": channel, "message": f"reply {k}", "root_id": root["id"]})


def wrk(url, script=None, conns=CONNS):
    return benchwrk.run(url, conns, THREADS, DURATION, script=script)


def post_round(pg, conn, load, base, port, tmp, team, size, channel, members):
    tokens = [t for _, t in members]
    posters = members[:POSTERS]
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS bench_posters")
    cur.execute("CREATE TABLE bench_posters (n int PRIMARY KEY, user_id text)")
    cur.executemany("INSERT INTO bench_posters VALUES (%s, %s)", [(i + 1, uid) for i, (uid, _) in enumerate(posters)])
    ws, opened = ws_clients(load, port, tmp, tokens)
    before = posts_count(conn, channel)
    w = wrk(base, post_script(tmp, channel, [t for _, t in posters]), POST_CONNS)
    time.sleep(1)  # the last fan-outs
    got = ws_stop(ws)
    made = posts_count(conn, channel) - before
    pgb = pgbench(pg, "bench", pgbench_script(tmp, team, channel), len(posters))
    return {"size": size, "opened": opened, "parley": w, "posts": made, "events": got["events"], "pgbench": pgb}


def main():
    if os.geteuid() != 0:
        sys.exit("run as root (the private PostgreSQL runs as the postgres user)")
    build = benchenv.setup(["parley-core", "ws_load"])
    core_bin = benchenv.binary("services/core/parley-core")
    load = benchenv.binary("bench/ws/ws_load")
    tmp = tempfile.mkdtemp(prefix="parley-bench-posts-")
    pg = PgCluster().start()
    svc = None
    try:
        dsn = pg.create_database("bench")
        port = free_port()
        cfg = {"ServiceSettings": {"ListenAddress": f"127.0.0.1:{port}"},
               "FileSettings": {"Directory": os.path.join(tmp, "files")}, "LogSettings": {"ConsoleLevel": "WARN"},
               "ParleySettings": {"WorkerQueueSize": 65536}}
        svc = Service(core_bin, config=cfg, env={"MM_SQLSETTINGS_DATASOURCE": dsn}, port=port, name="parley-core",
                      ready_url=f"http://127.0.0.1:{port}/api/v4/system/ping", workdir=os.path.join(tmp, "core"))
        svc.start()
        conn = pg.connect("bench")
        team, chans = seed(conn)
        say(f"1. team and channels of {SIZES} members by SQL")
        base = f"http://127.0.0.1:{port}"
        rounds = []
        for size in SIZES:
            say(f"2. {size} members: ws_load, wrk -t{THREADS} -c{POST_CONNS} -d{DURATION}s POST /posts, pgbench -c{PG_CLIENTS}")
            rounds.append(post_round(pg, conn, load, base, port, tmp, team, size, *chans[size]))
        mid = SIZES[len(SIZES) // 2]
        channel, members = chans[mid]
        make_threads(base, channel, members)
        conn.cursor().execute("ANALYZE")  # what autovacuum does after this many inserts: plans for the grown tables
        say(f"3. wrk: ping, GET /channels/{{id}}/posts (the {mid}-member channel), GET .../threads")
        ping = wrk(base + "/api/v4/system/ping")
        readers = [t for _, t in members[:POSTERS]]
        page = wrk(base, get_script(tmp, "posts", f"/api/v4/channels/{channel}/posts?page=0&per_page=60", readers))
        uncached = wrk(base, get_script(tmp, "posts59", f"/api/v4/channels/{channel}/posts?page=0&per_page=59", readers))
        threads = wrk(base, get_script(tmp, "threads", f"/api/v4/users/me/teams/{team}/threads",
                                       [t for _, t in members[:4]]))
        conn.close()

        print(f"\nparley-core posts benchmark ({os.cpu_count()} cores, {DURATION}s runs, wrk -t{THREADS} -c{POST_CONNS} "
              f"(posts) / -c{CONNS} (GETs), "
              f"pgbench -c{PG_CLIENTS} -j{THREADS} -M prepared, build {build})")
        print(f"\n{'POST /posts into a channel of':30} {'posts/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
              f"{'ws events/post':>15} {'pgbench tps':>12} {'pg p99 ms':>10} {'ratio':>6}")
        errors = ping["errors"] + page["errors"] + uncached["errors"] + threads["errors"]
        for r in rounds:
            w, b = r["parley"], r["pgbench"]
            print(f"{str(r['size']) + ' members (' + str(r['opened']) + ' sockets)':30} {w['ok_rps']:9.1f} {w['p50']:8.2f} "
                  f"{w['p99']:8.2f} {w['errors']:7d} {r['events'] / max(r['posts'], 1):15.1f} {b['ok_rps']:12.1f} "
                  f"{b['p99']:10.2f} {w['ok_rps'] / max(b['ok_rps'], 1e-9):6.2f}")
            errors += w["errors"] + b["errors"]
        print("(goal: >= 1,500 posts/s with p99 <= 50 ms; ratio = parley posts/s / pgbench tps of the same statement)")
        print(f"\n{'GET':58} {'ok req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'/ ping':>7}")
        for name, m in (("/system/ping", ping), (f"/channels/{{id}}/posts?per_page=60 ({mid} members)", page),
                        ("  the same with per_page=59 (a page the view cache does not keep)", uncached),
                        ("/users/me/teams/{tid}/threads (50 followed)", threads)):
            print(f"{name:58} {m['ok_rps']:10.1f} {m['p50']:8.2f} {m['p99']:8.2f} {m['errors']:7d} "
                  f"{m['ok_rps'] / max(ping['ok_rps'], 1e-9):7.2f}")
        print("(goals: posts >= 5,000 req/s with p99 <= 20 ms; threads >= 2,000 req/s)")
        if errors:
            print(f"errors or non-2xx answers: {errors}")
            sys.exit(1)
    finally:
        if svc:
            svc.stop()
        pg.stop()
        subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
