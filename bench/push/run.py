#!/usr/bin/python3
"""Push-proxy benchmark: pushes/s end to end next to the stand-in APNs' own ceiling, same invocation.

  PARLEY_BUILD_DIR=build-release /usr/bin/python3 bench/push/run.py [--n 30000]

Builds parley-push-proxy and the load clients in $PARLEY_BUILD_DIR (relative to the current
directory, default ./build-release; PARLEY_SKIP_BUILD=1: use what is there) with
bench/lib/benchenv.py. PARLEY_BENCH_TINY=1: --n 200 (smoke test).

1. ceiling: h2load POSTs APNs-sized payloads straight at the stand-in APNs (bench/push/apns_sink.c),
   over 1 and 4 HTTP/2 connections;
2. ZeroMQ intake -> proxy -> stand-in APNs with AppleConnections=1 and =4 (bench/push/push_zmq_load.c);
3. POST /api/v1/send_push (HTTP/1.1, 32 connections, h2load --h1) -> proxy -> stand-in APNs.
Each line gives rate, p50/p99 latency, and the ratio to the ceiling with the same connection count.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import benchenv  # noqa: E402

benchenv.setup(["parley-push-proxy", "push_apns_sink", "push_zmq_load"])  # exports PARLEY_BUILD_DIR for pushlib
sys.path.insert(0, os.path.join(HERE, "../../tests/integration/push"))
from pushlib import Proxy, make_pki  # noqa: E402


def build(*p):
    return benchenv.binary(os.path.join(*p))


def percentiles(log_path):
    d = sorted(int(l.split("\t")[2]) for l in open(log_path) if l.strip())
    return d[len(d) // 2] / 1000.0, d[len(d) * 99 // 100] / 1000.0


def h2load(args, log):
    out = subprocess.run(["h2load"] + args + ["--log-file", log], capture_output=True, text=True, timeout=300).stdout
    line = next(l for l in out.splitlines() if l.startswith("finished in"))
    rate = float(line.split(",")[1].split()[0])
    ok = next(l for l in out.splitlines() if l.startswith("status codes"))
    p50, p99 = percentiles(log)
    return {"rate": rate, "p50_ms": p50, "p99_ms": p99, "codes": ok.split(":", 1)[1].strip()}


def start_sink(pki):
    p = subprocess.Popen([build("bench/push/push_apns_sink"), pki["cert"], pki["key"], "0", "1000"],
                         stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline().split()[1])
    return p, port


class FakeStandIn:
    def __init__(self, port):
        self.port = port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200 if benchenv.tiny() else 30000)
    ap.add_argument("--window", type=int, default=1000, help="unacknowledged jobs the driver allows")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="pushbench-")
    pki = make_pki(tmp)
    payload = os.path.join(tmp, "payload.json")
    json.dump({"aps": {"alert": {"title": "Town Square", "body": "bench message"}, "badge": 1, "sound": "default",
                       "mutable-content": 1, "content-available": 1}, "type": "message", "server_id": "bench",
               "channel_id": "c", "signature": "NO_SIGNATURE", "version": "v2"}, open(payload, "w"))
    send_push = os.path.join(tmp, "send_push.json")
    json.dump({"platform": "apple_rn-v2", "server_id": "bench", "device_id": "ab" * 32, "type": "message",
               "message": "bench message", "channel_id": "c", "version": "v2", "channel_name": "Town Square"},
              open(send_push, "w"))
    sink, port = start_sink(pki)
    rows, procs = [], []
    try:
        url = "https://localhost:%d/3/device/%s" % (port, "ab" * 32)
        hdr = ["-H", "apns-topic: com.mattermost.rn", "-H", "apns-push-type: alert", "-H", "apns-priority: 10"]
        for c in (1, 4):
            r = h2load(["-n", str(a.n), "-c", str(c), "-m", str(1000 // c), "-d", payload] + hdr + [url],
                       os.path.join(tmp, "base%d.log" % c))
            rows.append(("ceiling: h2load -> stand-in APNs, %d conn" % c, r, None, c))
        ceiling = {c: r["rate"] for (_, r, _, c) in rows}
        for conns in (1, 4):
            px = Proxy(tmp, pki, apns=FakeStandIn(port), name="bench%d" % conns,
                       extra={"AppleConnections": conns, "LogLevel": "warn", "ThrottlePerSec": 0}).start()
            procs.append(px)
            out = subprocess.run([build("bench/push/push_zmq_load"), px.zmq_endpoint, str(a.n), str(a.window)],
                                 capture_output=True, text=True, timeout=300).stdout
            r = json.loads(out)
            rows.append(("ZeroMQ intake -> proxy -> stand-in, %d conn" % conns, r, ceiling[conns], conns))
            if conns == 4:
                hr = h2load(["--h1", "-n", str(a.n // 2), "-c", "32", "-d", send_push, "-H",
                             "Content-Type: application/json", px.url + "/api/v1/send_push"],
                            os.path.join(tmp, "http.log"))
                rows.append(("POST /api/v1/send_push (HTTP/1.1, 32 conn) -> stand-in, 4 conn", hr, ceiling[4], 4))
            px.stop()
    finally:
        for px in procs:
            px.stop()
        sink.terminate()
        sink.wait()
    print("%-66s %10s %8s %8s %8s" % ("path", "req/s", "p50 ms", "p99 ms", "ratio"))
    for name, r, base, _ in rows:
        ratio = "%.2f" % (r["rate"] / base) if base else "1.00"
        print("%-66s %10.0f %8.2f %8.2f %8s" % (name, r["rate"], r["p50_ms"], r["p99_ms"], ratio))
    print("(ratio = rate / stand-in ceiling over the same number of connections; n=%d per run)" % a.n)


if __name__ == "__main__":
    main()
