#!/usr/bin/python3
"""WebSocket benchmarks for parley-core (see bench/ws/README.md).

1. Idle memory: N authenticated idle WebSockets (default: what the file limit allows, ~19,000),
   server RSS delta per connection (user space) and kernel slab delta per connection (the
   baseline measured in the same run: what the kernel itself spends per TCP socket).
2. Fan-out: all N are members of one channel; one more client sends `typing` at RATE/s for
   DURATION s; every member receives each event. Deliveries/s, deliveries/s per server CPU core,
   publish-to-receive p50/p99, and the load client's own CPU.

Usage: /usr/bin/python3 bench/ws/run.py [--conns N] [--rate R | --offered D] [--duration S] [--procs P]
                                        [--loops L] [--baseline BUILD_DIR [--baseline-loops L]] [--rounds R]
                                        [--floor writev,coalesce,uring,writev/<slice µs> | none]
Builds parley-core and ws_load in $PARLEY_BUILD_DIR (relative to the current directory, default
./build-release; PARLEY_SKIP_BUILD=1: use what is there) with bench/lib/benchenv.py.
PARLEY_BENCH_TINY=1: 20 connections for 1 s (smoke test).
--baseline: the same load (same ws_load, same PostgreSQL, a fresh database) against another build's
parley-core after this one's, then the ratios new/baseline.
--floor: ws_floor (bench/ws/floor.c, an ideal server) under the same ws_load, as "floor" rows, then the
ratios new/floor (the machine's floor; see README "Floor and goals").
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
from benchenv import new_id  # noqa: E402

benchenv.setup(["parley-core", "ws_load", "ws_floor"])
from harness import PgCluster, Service, find_binary, free_port  # noqa: E402




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


def cpu_split(pid):
    """(user, system) CPU seconds of pid so far."""
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(parts[11]) / tick, int(parts[12]) / tick


def cpu_s(pid):
    return sum(cpu_split(pid))


def ksoftirqd_s():
    """CPU seconds of every ksoftirqd thread so far: network receive work the kernel deferred there is
    charged to no process (on loopback it is the receiving half of the server's sends)."""
    total = 0.0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/comm") as f:
                if not f.read().startswith("ksoftirqd/"):
                    continue
            total += cpu_s(int(d))
        except OSError:
            pass
    return total


def write_calls(pid):
    """write/writev/send system calls of pid so far (/proc/<pid>/io syscw)."""
    try:
        with open(f"/proc/{pid}/io") as f:
            for line in f:
                if line.startswith("syscw:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


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
    channel, team = new_id(), new_id()
    cur.execute("INSERT INTO teams (id, create_at, update_at, display_name, name, type) VALUES (%s, %s, %s, 'Bench', 'bench', 'O')",
                (team, now, now))
    cur.execute("INSERT INTO channels (id, create_at, update_at, team_id, type, display_name, name) "
                "VALUES (%s, %s, %s, %s, 'O', 'Bench', 'bench')", (channel, now, now, team))
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


def core_binary(build):
    """parley-core of a build directory (the harness's lookup, for another directory)."""
    old = os.environ["PARLEY_BUILD_DIR"]
    os.environ["PARLEY_BUILD_DIR"] = build
    try:
        return find_binary("parley-core")
    finally:
        os.environ["PARLEY_BUILD_DIR"] = old


def fanout(label, pid, client, opened, args, rate):
    """Start the fan-out of a ready ws_load (client) against server pid; print and return its figures."""
    cpu0 = cpu_s(pid)
    user0 = cpu_split(pid)[0]
    soft0 = ksoftirqd_s()
    syscw0 = write_calls(pid)
    prof = None
    perf_out = os.environ.get("BENCH_WS_PERF")  # e.g. BENCH_WS_PERF=/tmp/ws.perf: profile the server during fan-out
    if perf_out:
        prof = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(pid), "-o", f"{perf_out}.{label}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client.stdin.write("GO\n")
    client.stdin.flush()
    res = json.loads(client.stdout.readline())
    cpu1 = cpu_s(pid)
    user1 = cpu_split(pid)[0]
    soft = ksoftirqd_s() - soft0
    writes = write_calls(pid) - syscw0
    if prof is not None:
        prof.send_signal(2)
        prof.wait(timeout=30)
    client.wait(timeout=60)
    deliveries = res["typing"]
    offered = rate * opened
    per_s = deliveries / args.duration
    cpu = max(0.001, cpu1 - cpu0)
    per_core = deliveries / cpu
    print(f"{label} fanout: {res['sent']} events x {opened} members: {deliveries} deliveries "
          f"({deliveries / max(1, res['sent'] * opened) * 100:.1f}% of expected), {per_s:,.0f}/s "
          f"(offered {offered:,.0f}/s)")
    print(f"{label} fanout: server CPU {cpu1 - cpu0:.2f}s over {res['wall_s']:.1f}s ({(cpu1 - cpu0) / res['wall_s']:.2f} "
          f"cores): {per_core:,.0f} deliveries per CPU-second (goal >= 300,000: ratio {per_core / 300000:.2f})")
    user = user1 - user0
    print(f"{label} fanout: of which user space {user:.2f}s: {deliveries / max(0.01, user):,.0f} deliveries per "
          f"user CPU-second (the rest is the kernel: loopback TCP, waking the load client); ksoftirqd meanwhile "
          f"{soft:.2f}s ({deliveries / max(0.001, cpu + soft):,.0f} deliveries per CPU-second with it)")
    print(f"{label} fanout: publish->receive at {offered:,.0f}/s offered: p50 {res['p50_ms']} ms, "
          f"p99 {res['p99_ms']} ms (goal <= 100 ms: ratio {res['p99_ms'] / 100:.2f}), max {res['max_ms']} ms")
    print(f"{label} fanout: {writes:,} write calls: {deliveries / max(1, writes):.2f} deliveries per write "
          f"(> 1: events coalesced into one write per recipient)")
    print(f"{label} fanout: load client CPU {res['client_cpu_s']:.2f}s ({res['client_cpu_s'] / res['wall_s']:.2f} cores)")
    return {"deliveries": deliveries, "offered_per_s": round(offered), "deliveries_per_s": round(per_s),
            "deliveries_per_cpu_s": round(per_core), "p50_ms": res["p50_ms"], "p99_ms": res["p99_ms"],
            "server_cpu_s": round(cpu1 - cpu0, 2), "server_user_cpu_s": round(user, 2),
            "deliveries_per_user_cpu_s": round(deliveries / max(0.01, user)), "ksoftirqd_s": round(soft, 2),
            "deliveries_per_write": round(deliveries / max(1, writes), 2),
            "deliveries_per_cpu_s_with_ksoftirqd": round(deliveries / max(0.001, cpu + soft)), "client_cpu_s": res["client_cpu_s"],
            "sent": res["sent"], "closed": res["closed"]}


def load_cmd(load, port, tokfile, sender, channel, args, rate):
    return [load, "--port", str(port), "--tokens", tokfile, "--procs", str(args.procs), "--sender-token", sender,
            "--channel", channel, "--rate", str(rate), "--duration", str(args.duration)]


def run_floor(label, floor, load, args, rate, mode):
    """The machine's floor: ws_floor (an ideal server, no parley-core) under the same ws_load. Returns a dict."""
    srv = client = None
    workdir = tempfile.mkdtemp(prefix="parley-bench-ws-floor-")
    try:
        port = free_port()
        threads = args.loops if args.loops > 0 else os.cpu_count()
        srv = subprocess.Popen(floor_cmd(floor, port, threads, mode), stdout=subprocess.PIPE, text=True)
        if srv.stdout.readline().strip() != "READY":
            raise RuntimeError("ws_floor did not start")
        tokfile = os.path.join(workdir, "tokens.txt")
        with open(tokfile, "w") as f:
            f.write("".join(f"floor{i}\n" for i in range(args.conns)))
        client = subprocess.Popen(load_cmd(load, port, tokfile, "floor-sender", new_id(), args, rate),
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = client.stdout.readline().split()
        opened, failed = int(ready[1]), int(ready[2])
        print(f"{label} ({mode}, {threads} threads): {opened} connections open ({failed} failed)")
        settle(srv.pid)
        res = fanout(label, srv.pid, client, opened, args, rate)
        client = None
        res.update({"binary": floor, "mode": mode, "conns": opened, "failed": failed})
        return res
    finally:
        if client is not None:
            client.kill()
        if srv is not None:
            srv.terminate()
            try:
                srv.wait(timeout=10)
            except subprocess.TimeoutExpired:
                srv.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def run_one(pg, label, binary, load, args, rate, loops):
    """One core (binary) on a fresh database: idle memory, then fan-out at rate events/s. Returns a dict."""
    core = None
    client = None
    workdir = tempfile.mkdtemp(prefix="parley-bench-ws-")
    try:
        dbname = "bench_" + uuid.uuid4().hex[:8]
        dsn = pg.create_database(dbname)
        port = free_port()
        cfg = {"ServiceSettings": {"ListenAddress": f"127.0.0.1:{port}"},
               "SqlSettings": {"MaxOpenConns": 4},
               "LogSettings": {"ConsoleLevel": "WARN"},
               "ParleySettings": {"LoopThreads": loops, "WorkerQueueSize": 65536}}
        core = Service(binary, config=cfg, env={"MM_SQLSETTINGS_DATASOURCE": dsn}, port=port,
                       name="parley-core", ready_url=f"http://127.0.0.1:{port}/api/v4/system/ping", workdir=workdir)
        core.start(timeout=60)
        conn = pg.connect(dbname)
        tokens, channel = seed(conn, args.conns)
        conn.close()
        tokfile = os.path.join(workdir, "tokens.txt")
        with open(tokfile, "w") as f:
            f.write("\n".join(tokens[1:]) + "\n")
        time.sleep(1)
        pid = core.proc.pid
        rss0, slab0 = rss_kib(pid), slab_kib()
        cmd = load_cmd(load, port, tokfile, tokens[0], channel, args, rate)
        t0 = time.time()
        client = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = client.stdout.readline().split()
        connect_s = time.time() - t0
        opened, failed = int(ready[1]), int(ready[2])
        settle(pid)  # the online-status jobs of every new connection run after its hello
        rss1, slab1 = rss_kib(pid), slab_kib()
        user_b = (rss1 - rss0) * 1024 / max(1, opened)
        kern_b = (slab1 - slab0) * 1024 / max(1, opened)
        print(f"{label} idle: {opened} connections open ({failed} failed) in {connect_s:.1f}s")
        print(f"{label} idle: server RSS {rss0} KiB -> {rss1} KiB: {user_b:.0f} B/connection user space "
              f"(goal <= 4096 B: ratio {user_b / 4096:.2f})")
        print(f"{label} idle: kernel slab {kern_b:.0f} B/connection (both ends of the loopback); "
              f"user/kernel ratio {user_b / max(1, kern_b):.2f}")
        res = fanout(label, pid, client, opened, args, rate)
        client = None
        res.update({"binary": binary, "conns": opened, "failed": failed,
                    "user_bytes_per_conn": round(user_b), "kernel_bytes_per_conn": round(kern_b)})
        return res
    finally:
        if client is not None:
            client.kill()
        if core is not None:
            core.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def median_result(rs):
    """Per-key median of the rounds' numbers (the first round's other fields)."""
    out = dict(rs[0])
    for k, v in rs[0].items():
        if isinstance(v, (int, float)):
            vals = sorted(r[k] for r in rs)
            out[k] = vals[len(vals) // 2]
    out["rounds"] = len(rs)
    return out


def floor_label(mode):
    return "floor" if mode == "writev" else f"floor-{mode}"


def floor_cmd(floor, port, threads, spec):
    """spec: a mode, optionally /<slice µs> (e.g. writev/3000)."""
    mode, _, slice_us = spec.partition("/")
    cmd = [floor, "--port", str(port), "--threads", str(threads), "--mode", mode]
    return cmd + (["--slice-us", slice_us] if slice_us else [])


def ratio(a, b):
    return a / b if b else float("nan")


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    ap = argparse.ArgumentParser()
    tiny = benchenv.tiny()
    ap.add_argument("--conns", type=int, default=20 if tiny else max(100, hard - 1000))
    ap.add_argument("--rate", type=float, default=10.0, help="events/s (each reaches every member)")
    ap.add_argument("--offered", type=float, default=0,
                    help="deliveries/s to offer instead of --rate (rate = offered / conns)")
    ap.add_argument("--duration", type=float, default=1.0 if tiny else 10.0)
    ap.add_argument("--procs", type=int, default=1 if tiny else 4)
    ap.add_argument("--loops", type=int, default=0, help="LoopThreads (0: cores)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="with --baseline: alternate new and baseline this many times, compare the medians")
    ap.add_argument("--baseline", metavar="BUILD_DIR", default=None,
                    help="also run the same load against this build's parley-core (same invocation, same load "
                         "client) and print new/baseline ratios")
    ap.add_argument("--baseline-loops", type=int, default=None,
                    help="LoopThreads of the baseline run (default: --loops); with --baseline . the same build")
    ap.add_argument("--floor", default="writev",
                    help="comma-separated ws_floor modes run as 'floor' rows in each round (writev, coalesce, uring; "
                         "none: skip)")
    args = ap.parse_args()
    rate = args.offered / args.conns if args.offered > 0 else args.rate

    build = os.environ["PARLEY_BUILD_DIR"]
    load = os.path.join(build, "bench", "ws", "ws_load")
    runs = [("new", core_binary(build))]
    if args.baseline:
        runs.append(("baseline", core_binary(os.path.abspath(args.baseline))))
    floor = os.path.join(build, "bench", "ws", "ws_floor")
    modes = [] if args.floor == "none" else args.floor.split(",")
    pg = PgCluster().start()
    rounds = {label: [] for label, _ in runs}
    rounds.update({floor_label(m): [] for m in modes})
    try:
        for r in range(max(1, args.rounds)):
            tag = "" if args.rounds <= 1 else f"#{r + 1}"
            for label, binary in runs:
                loops = args.baseline_loops if label == "baseline" and args.baseline_loops is not None else args.loops
                rounds[label].append(run_one(pg, label + tag, binary, load, args, rate, loops))
            for m in modes:
                rounds[floor_label(m)].append(run_floor(floor_label(m) + tag, floor, load, args, rate, m))
    finally:
        pg.stop()
    results = {label: median_result(rs) for label, rs in rounds.items()}
    if args.rounds > 1:
        print(f"medians of {args.rounds} alternating rounds each:")
    for m in modes:
        f = results[floor_label(m)]
        print(f"{floor_label(m)}: {f['deliveries_per_cpu_s']:,} deliveries per CPU-second "
              f"(goal >= 300,000: ratio {f['deliveries_per_cpu_s'] / 300000:.2f}), p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms "
              f"at {f['offered_per_s']:,}/s offered")
        for label in [lb for lb, _ in runs]:
            n = results[label]
            print(f"ratio {label}/{floor_label(m)}: deliveries per CPU-second "
                  f"{ratio(n['deliveries_per_cpu_s'], f['deliveries_per_cpu_s']):.2f} "
                  f"({n['deliveries_per_cpu_s']:,} vs {f['deliveries_per_cpu_s']:,}), p99 "
                  f"{ratio(n['p99_ms'], f['p99_ms']):.2f} ({n['p99_ms']} vs {f['p99_ms']} ms)")
    if "baseline" in results:
        n, b = results["new"], results["baseline"]
        print(f"ratio new/baseline: deliveries per CPU-second {ratio(n['deliveries_per_cpu_s'], b['deliveries_per_cpu_s']):.2f} "
              f"({n['deliveries_per_cpu_s']:,} vs {b['deliveries_per_cpu_s']:,}; higher is better)")
        print(f"ratio new/baseline: deliveries per user-space CPU-second "
              f"{ratio(n['deliveries_per_user_cpu_s'], b['deliveries_per_user_cpu_s']):.2f} "
              f"({n['deliveries_per_user_cpu_s']:,} vs {b['deliveries_per_user_cpu_s']:,})")
        print(f"ratio new/baseline: p50 {ratio(n['p50_ms'], b['p50_ms']):.2f} ({n['p50_ms']} vs {b['p50_ms']} ms at "
              f"{n['offered_per_s']:,}/s offered), p99 {ratio(n['p99_ms'], b['p99_ms']):.2f} ({n['p99_ms']} vs "
              f"{b['p99_ms']} ms at {b['offered_per_s']:,}/s offered; lower is better)")
        print(f"ratio new/baseline: idle user bytes per connection "
              f"{ratio(n['user_bytes_per_conn'], b['user_bytes_per_conn']):.2f}")
    print(json.dumps(results if len(results) > 1 else results["new"]))


if __name__ == "__main__":
    main()
