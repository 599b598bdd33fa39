#!/usr/bin/env bash
# Benchmark: GET /api/v4/system/ping on parley-core against nginx serving the same bytes as a
# static file, both measured with the same wrk settings (threads, connections, duration) in one
# invocation, in alternating rounds. Prints req/s, p50 and p99 for each and the ratios core/nginx.
#
#   bash bench/ping/run.sh
#
# Environment (optional):
#   BENCH_DURATION=10s BENCH_THREADS=2 BENCH_CONNECTIONS=64   wrk settings for both targets
#   BENCH_ROUNDS=2      alternating nginx/core rounds; the best round of each is reported
#   PARLEY_URL=http://127.0.0.1:8065   benchmark this running core instead of starting one
#   PARLEY_BUILD_DIR (or PARLEY_BENCH_BUILD_DIR)  Release build directory, relative to the current
#                      directory (default ./build-release; built if needed unless PARLEY_SKIP_BUILD=1)
#   PARLEY_BENCH_TINY=1   one 1 s round on 4 connections (smoke test)
# Without PARLEY_URL it builds parley-core (Release), starts a private PostgreSQL cluster in a
# temporary directory and a core on a free port, and removes all of it at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../scripts/lib/pg.sh
. "$ROOT/scripts/lib/pg.sh"

if [ "${PARLEY_BENCH_TINY:-0}" = 1 ]; then
    DURATION="${BENCH_DURATION:-1s}" THREADS="${BENCH_THREADS:-1}" CONNECTIONS="${BENCH_CONNECTIONS:-4}" ROUNDS="${BENCH_ROUNDS:-1}"
else
    DURATION="${BENCH_DURATION:-10s}" THREADS="${BENCH_THREADS:-2}" CONNECTIONS="${BENCH_CONNECTIONS:-64}" ROUNDS="${BENCH_ROUNDS:-2}"
fi
BUILD="$(realpath -m "${PARLEY_BENCH_BUILD_DIR:-${PARLEY_BUILD_DIR:-build-release}}")"
PYTHON=/usr/bin/python3
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

TMP=""
CORE_PID=""
NGINX_STARTED=0
PGDATA=""

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cleanup() {
    set +e
    if [ -n "$CORE_PID" ] && kill -0 "$CORE_PID" 2>/dev/null; then
        kill -TERM "$CORE_PID"
        for _ in $(seq 100); do kill -0 "$CORE_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$CORE_PID" 2>/dev/null
        wait "$CORE_PID" 2>/dev/null
    fi
    if [ "$NGINX_STARTED" = 1 ]; then
        "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -s stop 2>/dev/null
        for _ in $(seq 50); do [ -f "$TMP/nginx/nginx.pid" ] || break; sleep 0.1; done
    fi
    [ -n "$PGDATA" ] && pl_pg_stop "$PGDATA"
    [ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_http() {
    local url="$1" i
    for ((i = 0; i < 300; i++)); do
        curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
        if [ -n "$CORE_PID" ] && ! kill -0 "$CORE_PID" 2>/dev/null; then
            tail -n 40 "$TMP/core.log" >&2
            die "parley-core exited during start"
        fi
        sleep 0.1
    done
    die "$url did not answer"
}

start_core() {
    if [ "${PARLEY_SKIP_BUILD:-0}" != 1 ]; then
        say "building parley-core (Release) in $BUILD"
        if [ -f "$BUILD/CMakeCache.txt" ]; then
            cmake -S "$ROOT" -B "$BUILD" >/dev/null
        else
            cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPARLEY_SANITIZE=OFF -DPARLEY_WERROR=OFF \
                -DPARLEY_TESTS=OFF >/dev/null
        fi
        cmake --build "$BUILD" -j "$(nproc)" --target parley-core >/dev/null
    fi
    local bin="$BUILD/services/core/parley-core"
    [ -x "$bin" ] || die "no $bin"

    PGDATA="$TMP/pg/data"
    local sock="$TMP/pg" pgport coreport
    mkdir -p "$sock"
    chown postgres:postgres "$sock"
    pgport="$(free_port)"
    pl_pg_init "$PGDATA"
    pl_pg_start "$PGDATA" "$sock" "$pgport" "$sock/postgres.log" "-c fsync=off"
    pl_pg_ensure_db "$sock" "$pgport" parley

    coreport="$(free_port)"
    cat >"$TMP/core.json" <<EOF
{
    "ServiceSettings": {"ListenAddress": "127.0.0.1:$coreport", "SiteURL": "http://127.0.0.1:$coreport"},
    "SqlSettings": {"DataSource": "$(pl_pg_url "$sock" "$pgport" parley)"},
    "FileSettings": {"Directory": "$TMP/files"},
    "LogSettings": {"ConsoleLevel": "WARN"}
}
EOF
    "$bin" --config "$TMP/core.json" >"$TMP/core.log" 2>&1 &
    CORE_PID=$!
    CORE_URL="http://127.0.0.1:$coreport"
    wait_http "$CORE_URL/api/v4/system/ping"
}

# nginx with its own prefix and config in the temp dir; serves the file with the same body and
# content type as the core's ping answer.
start_nginx() {
    local body="$1" port
    port="$(free_port)"
    mkdir -p "$TMP/nginx/www/api/v4/system" "$TMP/nginx/logs"
    printf '%s' "$body" >"$TMP/nginx/www/api/v4/system/ping"
    cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    client_body_temp_path $TMP/nginx/tmp;
    proxy_temp_path $TMP/nginx/tmp;
    server {
        listen 127.0.0.1:$port;
        root $TMP/nginx/www;
        location / { default_type application/json; }
    }
}
EOF
    "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" 2>/dev/null || die "nginx did not start"
    NGINX_STARTED=1
    NGINX_URL="http://127.0.0.1:$port"
    wait_http "$NGINX_URL/api/v4/system/ping"
}

# run_wrk URL OUTFILE
run_wrk() {
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$1" >"$2"
}

# Fields from wrk's output: req/s, p50, p99 (in ms), non-2xx + socket errors.
parse_wrk() {
    "$PYTHON" - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)", v)
    n, unit = float(m.group(1)), m.group(2)
    return n * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
errors = 0
m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
if m:
    errors += int(m.group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
if m:
    errors += sum(int(x) for x in m.groups())
print(f"{rps:.0f} {p50:.3f} {p99:.3f} {errors}")
EOF
}

# The round with the highest req/s for a target (the machine is shared: less disturbed rounds are
# the better estimate); errors summed over all rounds.
best_round() {
    local r line best="" best_rps=-1 errors=0 rps p50 p99 err
    for ((r = 1; r <= ROUNDS; r++)); do
        line="$(parse_wrk "$TMP/$1.$r.wrk")"
        read -r rps p50 p99 err <<<"$line"
        errors=$((errors + err))
        if [ "$rps" -gt "$best_rps" ]; then
            best_rps=$rps
            best="$rps $p50 $p99"
        fi
    done
    printf '%s %s\n' "$best" "$errors"
}

main() {
    [ "$(id -u)" -eq 0 ] || die "run as root (the private PostgreSQL runs as the postgres user)"
    command -v wrk >/dev/null || die "wrk not installed (bash scripts/setup.sh)"
    [ -x "$NGINX" ] || die "nginx not installed (bash scripts/setup.sh)"
    TMP="$(mktemp -d /tmp/parley-bench-ping.XXXXXX)"
    chmod 755 "$TMP"

    if [ -n "${PARLEY_URL:-}" ]; then
        CORE_URL="${PARLEY_URL%/}"
        wait_http "$CORE_URL/api/v4/system/ping"
    else
        start_core
    fi
    local body
    body="$(curl -fsS "$CORE_URL/api/v4/system/ping")"
    start_nginx "$body"

    say "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, body ${#body} bytes, $(nproc) cores, $ROUNDS rounds"
    local r
    for ((r = 1; r <= ROUNDS; r++)); do
        say "round $r: nginx $NGINX_URL/api/v4/system/ping (static file)"
        run_wrk "$NGINX_URL/api/v4/system/ping" "$TMP/nginx.$r.wrk"
        say "round $r: parley-core $CORE_URL/api/v4/system/ping"
        run_wrk "$CORE_URL/api/v4/system/ping" "$TMP/core.$r.wrk"
    done

    local n_rps n_p50 n_p99 n_err c_rps c_p50 c_p99 c_err
    read -r n_rps n_p50 n_p99 n_err < <(best_round nginx)
    read -r c_rps c_p50 c_p99 c_err < <(best_round core)
    echo
    echo "GET /api/v4/system/ping  (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, ${#body}-byte body, best of $ROUNDS alternating rounds)"
    for ((r = 1; r <= ROUNDS; r++)); do
        printf 'round %d req/s: parley-core %s, nginx %s\n' "$r" "$(parse_wrk "$TMP/core.$r.wrk" | cut -d' ' -f1)" \
            "$(parse_wrk "$TMP/nginx.$r.wrk" | cut -d' ' -f1)"
    done
    printf '%-24s %12s %10s %10s %8s\n' target "req/s" "p50 ms" "p99 ms" errors
    printf '%-24s %12s %10s %10s %8s\n' "parley-core" "$c_rps" "$c_p50" "$c_p99" "$c_err"
    printf '%-24s %12s %10s %10s %8s\n' "nginx (static file)" "$n_rps" "$n_p50" "$n_p99" "$n_err"
    "$PYTHON" -c "import sys; c, n, cp, np_ = map(float, sys.argv[1:]); \
print(f'ratio core/nginx: throughput {c / n:.2f}, p99 {cp / np_:.2f}')" "$c_rps" "$n_rps" "$c_p99" "$n_p99"
    if [ "$c_err" != 0 ] || [ "$n_err" != 0 ]; then
        say "warning: errors during the run (non-2xx or socket errors)"
        exit 1
    fi
}

main "$@"
