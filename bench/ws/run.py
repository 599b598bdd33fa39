#!/usr/bin/python3
"""WebSocket benchmarks for parley-core (see bench/ws/README.md).

1. Idle memory: N authenticated idle WebSockets (default: what the file limit allows, ~19,000),
   server RSS delta per connection (user space) and kernel slab delta per connection (the
   baseline measured in the same run: what the kernel itself spends per TCP socket).
2. Fan-out: all N are members of one channel; one more client sends `typing` at RATE/s for
   DURATION s; every member receives each event. Deliveries/s, deliveries/s per server CPU core,
   publish-to-receive p50/p99, and the load client's own CPU.

Usage: /usr/bin/python3 bench/ws/run.py [--conns N] [--rate R] [--duration S] [--procs P]
Builds parley-core and ws_load in $PARLEY_BUILD_DIR (relative to the current directory, default
./build-release; PARLEY_SKIP_BUILD=1: use what is there) with bench/lib/benchenv.py.
PARLEY_BENCH_TINY=1: 20 connections for 1 s (smoke test).
"""

import argparse
import io
import json
import os
import resource
import subprocess
import shutil
import sys
import tempfile
import time
import uuid

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "lib"))
sys.path.insert(0, os.path.join(REPO, "bench", "lib"))
import benchenv  # noqa: E402

benchenv.setup(["parley-core", "ws_load"])
from harness import PgCluster, Service, find_binary, free_port  # noqa: E402

ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769"


def new_id():
    n = uuid.uuid4().int
    return "".join(ALPHABET[(n >> (5 * i)) & 31] for i in range(26))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def slab_kib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("Slab:"):
                return int(line.split()[1])
    return 0


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(parts[11]) + int(parts[12])) / tick


def settle(pid, limit=120):
    """Wait until the server is idle (< 5% of a core over a second)."""
    end = time.time() + limit
    last = cpu_s(pid)
    while time.time() < end:
        time.sleep(1)
        now = cpu_s(pid)
        if now - last < 0.05:
            return
        last = now


def seed(conn, n):
    """n+1 users with never-expiring sessions, all members of one channel. Returns (tokens, channel)."""
    now = int(time.time() * 1000)
    cur = conn.cursor()
    cur.execute("CREATE TABLE IF NOT EXISTS channel_members (channel_id varchar(26) NOT NULL, "
                "user_id varchar(26) NOT NULL, PRIMARY KEY (channel_id, user_id))")
    channel = new_id()
    users, sessions, members, tokens = io.StringIO(), io.StringIO(), io.StringIO(), []
    for i in range(n + 1):
        uid, sid, tok = new_id(), new_id(), new_id()
        users.write(f"{uid}\t{now}\t{now}\tbench{i}\tbench{i}@example.com\n")
        sessions.write(f"{sid}\t{tok}\t{now}\t0\t{now}\t{uid}\n")
        members.write(f"{channel}\t{uid}\n")
        tokens.append(tok)
    for buf, table, cols in ((users, "users", "(id, create_at, update_at, username, email)"),
                             (sessions, "sessions", "(id, token, create_at, expires_at, last_activity_at, user_id)"),
                             (members, "channel_members", "(channel_id, user_id)")):
        buf.seek(0)
        cur.copy_expert(f"COPY {table} {cols} FROM STDIN", buf)
    return tokens, channel


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    ap = argparse.ArgumentParser()
    tiny = benchenv.tiny()
    ap.add_argument("--conns", type=int, default=20 if tiny else max(100, hard - 1000))
    ap.add_argument("--rate", type=float, default=10.0)
    ap.add_argument("--duration", type=float, default=1.0 if tiny else 10.0)
    ap.add_argument("--procs", type=int, default=1 if tiny else 4)
    ap.add_argument("--loops", type=int, default=0, help="LoopThreads (0: cores)")
    args = ap.parse_args()

    pg = PgCluster().start()
    core = None
    client = None
    workdir = tempfile.mkdtemp(prefix="parley-bench-ws-")
    try:
        dsn = pg.create_database("bench")
        port = free_port()
        cfg = {"ServiceSettings": {"ListenAddress": f"127.0.0.1:{port}"},
               "SqlSettings": {"MaxOpenConns": 4},
               "LogSettings": {"ConsoleLevel": "WARN"},
               "ParleySettings": {"LoopThreads": args.loops, "WorkerQueueSize": 65536}}
        core = Service(find_binary("parley-core"), config=cfg, env={"MM_SQLSETTINGS_DATASOURCE": dsn}, port=port,
                       name="parley-core", ready_url=f"http://127.0.0.1:{port}/api/v4/system/ping", workdir=workdir)
        core.start(timeout=60)
        conn = pg.connect("bench")
        tokens, channel = seed(conn, args.conns)
        tokfile = os.path.join(workdir, "tokens.txt")
        with open(tokfile, "w") as f:
            f.write("\n".join(tokens[1:]) + "\n")
        time.sleep(1)
        pid = core.proc.pid
        rss0, slab0 = rss_kib(pid), slab_kib()
        load = os.path.join(os.environ["PARLEY_BUILD_DIR"], "bench", "ws", "ws_load")
        cmd = [load, "--port", str(port), "--tokens", tokfile, "--procs", str(args.procs),
               "--sender-token", tokens[0], "--channel", channel, "--rate", str(args.rate),
               "--duration", str(args.duration)]
        t0 = time.time()
        client = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = client.stdout.readline().split()
        connect_s = time.time() - t0
        opened, failed = int(ready[1]), int(ready[2])
        settle(pid)  # the online-status jobs of every new connection run after its hello
        rss1, slab1 = rss_kib(pid), slab_kib()
        user_b = (rss1 - rss0) * 1024 / max(1, opened)
        kern_b = (slab1 - slab0) * 1024 / max(1, opened)
        print(f"idle: {opened} connections open ({failed} failed) in {connect_s:.1f}s")
        print(f"idle: server RSS {rss0} KiB -> {rss1} KiB: {user_b:.0f} B/connection user space "
              f"(goal <= 4096 B: ratio {user_b / 4096:.2f})")
        print(f"idle: kernel slab {kern_b:.0f} B/connection (baseline, both ends of the loopback); "
              f"user/kernel ratio {user_b / max(1, kern_b):.2f}")
        cpu0 = cpu_s(pid)
        prof = None
        if os.environ.get("BENCH_WS_PERF"):  # e.g. BENCH_WS_PERF=/tmp/ws.perf: profile the server during fan-out
            prof = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(pid), "-o",
                                     os.environ["BENCH_WS_PERF"]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client.stdin.write("GO\n")
        client.stdin.flush()
        res = json.loads(client.stdout.readline())
        cpu1 = cpu_s(pid)
        if prof is not None:
            prof.send_signal(2)
            prof.wait(timeout=30)
        client.wait(timeout=60)
        client = None
        deliveries = res["typing"]
        per_s = deliveries / args.duration
        server_cores = (cpu1 - cpu0) / res["wall_s"]
        per_core = deliveries / max(0.001, cpu1 - cpu0)
        print(f"fanout: {res['sent']} events x {opened} members: {deliveries} deliveries "
              f"({deliveries / max(1, res['sent'] * opened) * 100:.1f}% of expected), {per_s:,.0f}/s")
        print(f"fanout: server CPU {cpu1 - cpu0:.2f}s over {res['wall_s']:.1f}s ({server_cores:.2f} cores): "
              f"{per_core:,.0f} deliveries per CPU-second (goal >= 200,000: ratio {per_core / 200000:.2f})")
        print(f"fanout: publish->receive p50 {res['p50_ms']} ms, p99 {res['p99_ms']} ms "
              f"(goal <= 100 ms: ratio {res['p99_ms'] / 100:.2f}), max {res['max_ms']} ms")
        print(f"fanout: load client CPU {res['client_cpu_s']:.2f}s ({res['client_cpu_s'] / res['wall_s']:.2f} cores)")
        print(json.dumps({"conns": opened, "failed": failed, "user_bytes_per_conn": round(user_b),
                          "kernel_bytes_per_conn": round(kern_b), "deliveries": deliveries,
                          "deliveries_per_s": round(per_s), "deliveries_per_cpu_s": round(per_core),
                          "p50_ms": res["p50_ms"], "p99_ms": res["p99_ms"], "server_cpu_s": round(cpu1 - cpu0, 2),
                          "client_cpu_s": res["client_cpu_s"], "sent": res["sent"], "closed": res["closed"]}))
    finally:
        if client is not None:
            client.kill()
        if core is not None:
            core.stop()
        pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
