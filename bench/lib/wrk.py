"""One wrk run, parsed: shared by the Python benchmarks (bench/accounts, bench/pool)."""

import re
import subprocess


def ms(v):
    """wrk's latency text ("1.25ms", "830.00us", "2.1s") in milliseconds."""
    m = re.match(r"([\d.]+)(us|ms|s|m)", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]


def run(url, conns, threads, duration, headers=(), script=None):
    """wrk -t threads -c conns -d duration [-H h]... [-s script] url.
    @return {"rps", "ok_rps" (2xx/3xx per second), "errors", "non2xx", "p50", "p99" (ms)}."""
    argv = ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{duration}s", "--latency", "--timeout", "60s"]
    for h in headers:
        argv += ["-H", h]
    if script:
        argv += ["-s", script]
    out = subprocess.run(argv + [url], check=True, capture_output=True, text=True).stdout
    non2xx = sockets = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        non2xx = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        sockets = sum(int(x) for x in m.groups())
    errors = non2xx + sockets
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "ok_rps": (total - errors) / duration, "errors": errors, "non2xx": non2xx,
            "p50": ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
            "p99": ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))}
