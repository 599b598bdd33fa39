#!/usr/bin/env bash
# Run the whole Parley suite on this machine, in the foreground:
#   install missing packages (scripts/setup.sh), build Release into ./build, initialize a private
#   PostgreSQL cluster in ./data/pg (once; its own port and unix socket, never the system cluster),
#   create the database, start PostgreSQL, a local SMTP sink, parley-mail-relay, parley-push-proxy and
#   parley-core, stream every log prefixed with its name, and stop all of it on Ctrl-C / SIGTERM.
#
# Environment (all optional):
#   PARLEY_DATA_DIR        data directory (default ./data): pg/, run/, config/, files/, mail-spool/, log/
#   PARLEY_CORE_PORT       parley-core HTTP (default 8065)
#   PARLEY_PUSH_PORT       parley-push-proxy HTTP API (default 8066)
#   PARLEY_PUSH_ZMQ_PORT   core -> push-proxy ZeroMQ (default 8070)
#   PARLEY_MAIL_ZMQ_PORT   core -> mail-relay ZeroMQ (default 8068)
#   PARLEY_MAIL_HTTP_PORT  mail-relay /healthz and /metrics (default 8069)
#   PARLEY_PG_PORT         private PostgreSQL (default 5433; unix socket only)
#   PARLEY_SMTP_PORT       local SMTP sink that prints received mail (default 10025)
#   PARLEY_SMTP_SINK=0     do not start the sink (point EmailSettings at a real server instead)
#   PARLEY_SKIP_SETUP=1    skip scripts/setup.sh;  PARLEY_SKIP_BUILD=1  use the binaries already built
#   PARLEY_BUILD_DIR       build directory (default ./build)
# Ports given here override the files in data/config/ (written on the first run, yours to edit).
set -euo pipefail

# Started in the background by another script (`bash scripts/run.sh &`), bash would inherit SIGINT
# as ignored and could not trap it: re-exec once with SIGINT restored so Ctrl-C/kill -INT stop us.
if [ -z "${PARLEY_RUN_SIGINT_RESET:-}" ] &&
    (((16#$(awk '/^SigIgn:/ {print $2}' /proc/$$/status 2>/dev/null || echo 0) >> 1) & 1)); then
    export PARLEY_RUN_SIGINT_RESET=1
    exec perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die "exec: $!"' bash "$0" "$@"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/pg.sh
. "$ROOT/scripts/lib/pg.sh"

BUILD="${PARLEY_BUILD_DIR:-$ROOT/build}"
DATA="${PARLEY_DATA_DIR:-$ROOT/data}"
CORE_PORT="${PARLEY_CORE_PORT:-8065}"
PUSH_PORT="${PARLEY_PUSH_PORT:-8066}"
PUSH_ZMQ_PORT="${PARLEY_PUSH_ZMQ_PORT:-8070}"
MAIL_ZMQ_PORT="${PARLEY_MAIL_ZMQ_PORT:-8068}"
MAIL_HTTP_PORT="${PARLEY_MAIL_HTTP_PORT:-8069}"
PG_PORT="${PARLEY_PG_PORT:-5433}"
SMTP_PORT="${PARLEY_SMTP_PORT:-10025}"
SMTP_SINK="${PARLEY_SMTP_SINK:-1}"
PYTHON=/usr/bin/python3

if [ -t 2 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD="" PLAIN=""; fi
say() { printf '%sparley:%s %s\n' "$BOLD" "$PLAIN" "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

# ---------------------------------------------------------------- build

build_release() {
    if [ "${PARLEY_SKIP_BUILD:-0}" = 1 ]; then
        return 0
    fi
    say "building Release into $BUILD"
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPARLEY_SANITIZE=OFF -DPARLEY_WERROR=OFF >/dev/null
    cmake --build "$BUILD" -j "$(nproc)" --target parley-core parley-push-proxy parley-mail-relay
}

binary() {
    local path="$BUILD/services/$1/parley-$1"
    [ -x "$path" ] || die "missing $path (build failed?)"
    printf '%s\n' "$path"
}

# ---------------------------------------------------------------- data directory and PostgreSQL

PGDATA=""
PGSOCK=""
PGLOG=""
PG_STARTED=0

# The cluster lives in data/pg. When the postgres user cannot reach the data directory (a checkout
# under /root, say) or the socket path would be too long, the cluster and socket live under
# /var/lib/parley/<hash of the data dir>/ (with its log) and data/pg links there.
prepare_data_dir() {
    mkdir -p "$DATA"/{config,files,mail-spool,log}
    DATA="$(cd "$DATA" && pwd)"
    local alt
    alt="/var/lib/parley/$(printf '%s' "$DATA" | sha1sum | cut -c1-12)"
    if [ -L "$DATA/pg" ] || ! pl_pg_can_reach "$DATA" || [ "${#DATA}" -gt 80 ]; then
        mkdir -p "$alt"
        chmod 755 /var/lib/parley "$alt"
        [ -e "$DATA/pg" ] || ln -s "$alt/pg" "$DATA/pg"
        PGDATA="$alt/pg"
        PGSOCK="$alt/run"
        PGLOG="$alt/postgres.log"
    else
        PGDATA="$DATA/pg"
        PGSOCK="$DATA/run"
        PGLOG="$DATA/log/postgres.log"
    fi
}

start_postgres() {
    if pl_pg_running "$PGDATA"; then
        say "a PostgreSQL left running on $PGDATA: stopping it first"
        pl_pg_stop "$PGDATA"
    fi
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        say "initdb $PGDATA"
    fi
    pl_pg_init "$PGDATA"
    port_free "$PG_PORT" || die "port $PG_PORT is taken (set PARLEY_PG_PORT)"
    say "starting PostgreSQL on port $PG_PORT, socket $PGSOCK"
    pl_pg_start "$PGDATA" "$PGSOCK" "$PG_PORT" "$PGLOG"
    PG_STARTED=1
    pl_pg_ensure_db "$PGSOCK" "$PG_PORT" parley
}

# ---------------------------------------------------------------- configuration files

write_if_absent() {
    local path="$1"
    if [ ! -f "$path" ]; then
        cat >"$path"
        say "wrote $path"
    else
        cat >/dev/null
    fi
}

write_configs() {
    local dsn
    dsn="$(pl_pg_url "$PGSOCK" "$PG_PORT" parley)"
    write_if_absent "$DATA/config/config.json" <<EOF
{
    "ServiceSettings": {
        "SiteURL": "http://127.0.0.1:$CORE_PORT",
        "ListenAddress": "127.0.0.1:$CORE_PORT"
    },
    "TeamSettings": {
        "SiteName": "Parley"
    },
    "SqlSettings": {
        "DriverName": "postgres",
        "DataSource": "$dsn"
    },
    "FileSettings": {
        "DriverName": "local",
        "Directory": "$DATA/files"
    },
    "EmailSettings": {
        "SendEmailNotifications": true,
        "SendPushNotifications": true
    },
    "ParleySettings": {
        "PushProxyEndpoint": "tcp://127.0.0.1:$PUSH_ZMQ_PORT",
        "MailRelayEndpoint": "tcp://127.0.0.1:$MAIL_ZMQ_PORT"
    }
}
EOF
    write_if_absent "$DATA/config/push-proxy.json" <<EOF
{
    "ListenAddress": "127.0.0.1:$PUSH_PORT",
    "ThrottlePerSec": 300,
    "ZmqBindAddress": "tcp://127.0.0.1:$PUSH_ZMQ_PORT",
    "ApplePushSettings": [],
    "AndroidPushSettings": []
}
EOF
    write_if_absent "$DATA/config/mail-relay.json" <<EOF
{
    "EmailSettings": {
        "SMTPServer": "127.0.0.1",
        "SMTPPort": "$SMTP_PORT",
        "ConnectionSecurity": "",
        "FeedbackName": "Parley",
        "FeedbackEmail": "parley@localhost"
    },
    "RelaySettings": {
        "ZmqBindAddress": "tcp://127.0.0.1:$MAIL_ZMQ_PORT",
        "SpoolDirectory": "$DATA/mail-spool",
        "ListenAddress": "127.0.0.1:$MAIL_HTTP_PORT",
        "TemplatesDirectory": "$ROOT/services/mail-relay/templates"
    }
}
EOF
}

# Env overrides for ports the caller set explicitly (the config files keep the rest).
core_env() {
    [ -n "${PARLEY_CORE_PORT:-}" ] && printf 'MM_SERVICESETTINGS_LISTENADDRESS=127.0.0.1:%s\n' "$CORE_PORT"
    [ -n "${PARLEY_CORE_PORT:-}" ] && printf 'MM_SERVICESETTINGS_SITEURL=http://127.0.0.1:%s\n' "$CORE_PORT"
    [ -n "${PARLEY_PG_PORT:-}" ] && printf 'MM_SQLSETTINGS_DATASOURCE=%s\n' "$(pl_pg_url "$PGSOCK" "$PG_PORT" parley)"
    [ -n "${PARLEY_PUSH_ZMQ_PORT:-}" ] && printf 'MM_PARLEYSETTINGS_PUSHPROXYENDPOINT=tcp://127.0.0.1:%s\n' "$PUSH_ZMQ_PORT"
    [ -n "${PARLEY_MAIL_ZMQ_PORT:-}" ] && printf 'MM_PARLEYSETTINGS_MAILRELAYENDPOINT=tcp://127.0.0.1:%s\n' "$MAIL_ZMQ_PORT"
    true
}
push_env() {
    [ -n "${PARLEY_PUSH_PORT:-}" ] && printf 'PUSH_LISTENADDRESS=127.0.0.1:%s\n' "$PUSH_PORT"
    [ -n "${PARLEY_PUSH_ZMQ_PORT:-}" ] && printf 'PUSH_ZMQBINDADDRESS=tcp://127.0.0.1:%s\n' "$PUSH_ZMQ_PORT"
    true
}
mail_env() {
    [ -n "${PARLEY_SMTP_PORT:-}" ] && printf 'MM_EMAILSETTINGS_SMTPPORT=%s\n' "$SMTP_PORT"
    [ -n "${PARLEY_MAIL_ZMQ_PORT:-}" ] && printf 'MM_RELAYSETTINGS_ZMQBINDADDRESS=tcp://127.0.0.1:%s\n' "$MAIL_ZMQ_PORT"
    [ -n "${PARLEY_MAIL_HTTP_PORT:-}" ] && printf 'MM_RELAYSETTINGS_LISTENADDRESS=127.0.0.1:%s\n' "$MAIL_HTTP_PORT"
    true
}

# ---------------------------------------------------------------- processes

declare -a PIDS=() NAMES=()
TAIL_PID=""

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prefix each line with the service name; ignores Ctrl-C so the last lines of a stopping service
# still show, and ends when the service closes its output.
prefix() {
    trap '' INT TERM
    exec sed -u "s/^/$(printf '%-13s' "[$1]")/"
}

# start NAME ENVLINES CMD...: in its own session (Ctrl-C reaches only this script, which stops the
# services in order), stdout+stderr prefixed.
start() {
    local name="$1" envlines="$2"
    shift 2
    local -a envs=()
    [ -n "$envlines" ] && mapfile -t envs <<<"$envlines"
    env ${envs[@]+"${envs[@]}"} setsid "$@" > >(prefix "$name") 2>&1 &
    PIDS+=($!)
    NAMES+=("$name")
}

# wait_http NAME URL: until URL answers 200 (60 s), failing early when the service died.
wait_http() {
    local name="$1" url="$2" pid="${PIDS[-1]}" i
    for ((i = 0; i < 600; i++)); do
        if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || die "$name exited during start (see its log above)"
        sleep 0.1
    done
    die "$name did not answer $url within 60 s"
}

stop_pid() {
    local pid="$1" i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 200; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "killing pid $pid (no exit 20 s after SIGTERM)"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

STOPPING=0
stop_all() {
    [ "$STOPPING" = 1 ] && return 0
    STOPPING=1
    trap '' INT TERM
    local i
    if [ "${#PIDS[@]}" -gt 0 ]; then
        say "stopping"
        # Reverse start order: core first (flushes its outbox), the relays next, PostgreSQL last.
        for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
            stop_pid "${PIDS[$i]}"
        done
    fi
    if [ "$PG_STARTED" = 1 ]; then
        pl_pg_stop "$PGDATA" || true
        PG_STARTED=0
    fi
    [ -n "$TAIL_PID" ] && { kill "$TAIL_PID" 2>/dev/null || true; wait "$TAIL_PID" 2>/dev/null || true; }
    wait 2>/dev/null || true
    say "stopped"
}

# ---------------------------------------------------------------- main

# How many accounts exist (the first one created is the system admin).
login_hint() {
    local n
    n="$(pl_pg_as psql -X -q -h "$PGSOCK" -p "$PG_PORT" -U parley -d parley -Atc \
        "SELECT count(*) FROM users WHERE delete_at = 0" 2>/dev/null || echo "?")"
    case "$n" in
    0) printf 'No account exists yet.' ;;
    "?" | "") printf 'Log in with an existing account.' ;;
    *) printf '%s account(s) exist: log in with yours.' "$n" ;;
    esac
}

banner() {
    cat >&2 <<EOF

${BOLD}Parley is running${PLAIN} (Ctrl-C stops everything)

  Server URL     http://127.0.0.1:$CORE_PORT   (add it as a server in the Mattermost desktop or mobile app,
                 or point @mattermost/client / mmctl at it)
  Log in         $(login_hint)
                 No password is ever seeded: the first account created at http://127.0.0.1:$CORE_PORT
                 becomes the system admin. For example:
                   curl -X POST http://127.0.0.1:$CORE_PORT/api/v4/users -H 'Content-Type: application/json' \\
                        -d '{"email":"admin@example.com","username":"admin","password":"<a strong password>"}'
                   mmctl auth login http://127.0.0.1:$CORE_PORT --name local --username admin --password-file <file>
  Push proxy     http://127.0.0.1:$PUSH_PORT   (/version, /metrics, /api/v1/send_push)
  Mail relay     http://127.0.0.1:$MAIL_HTTP_PORT/healthz; mail goes to 127.0.0.1:$SMTP_PORT$([ "$SMTP_SINK" = 1 ] && printf ' (printed below as [smtp])')
  PostgreSQL     psql -h $PGSOCK -p $PG_PORT -U parley parley
  Data, configs  $DATA   (configs in $DATA/config/)

EOF
}

main() {
    [ "$(id -u)" -eq 0 ] || die "run as root (PostgreSQL is started as the postgres user)"
    if [ "${PARLEY_SKIP_SETUP:-0}" != 1 ]; then
        bash "$ROOT/scripts/setup.sh"
    fi
    build_release
    local core push mail
    core="$(binary core)"
    push="$(binary push-proxy)"
    mail="$(binary mail-relay)"
    local port
    for port in "$CORE_PORT" "$PUSH_PORT" "$PUSH_ZMQ_PORT" "$MAIL_ZMQ_PORT" "$MAIL_HTTP_PORT"; do
        port_free "$port" || die "port $port is taken (see the PARLEY_*_PORT variables at the top of scripts/run.sh)"
    done

    trap 'stop_all; exit 130' INT
    trap 'stop_all; exit 143' TERM
    trap 'stop_all' EXIT

    prepare_data_dir
    start_postgres
    tail --pid=$$ -n 0 -F "$PGLOG" 2>/dev/null > >(prefix postgres) &
    TAIL_PID=$!
    write_configs

    if [ "$SMTP_SINK" = 1 ]; then
        port_free "$SMTP_PORT" || die "port $SMTP_PORT is taken (set PARLEY_SMTP_PORT or PARLEY_SMTP_SINK=0)"
        start smtp "" "$PYTHON" -u -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Debugging
    fi
    start mail-relay "$(mail_env)" "$mail" --config "$DATA/config/mail-relay.json"
    wait_http mail-relay "http://127.0.0.1:$MAIL_HTTP_PORT/healthz"
    start push-proxy "$(push_env)" "$push" --config "$DATA/config/push-proxy.json"
    wait_http push-proxy "http://127.0.0.1:$PUSH_PORT/version"
    start core "$(core_env)" "$core" --config "$DATA/config/config.json"
    wait_http core "http://127.0.0.1:$CORE_PORT/api/v4/system/ping"
    banner

    # Foreground until a signal, or until a service exits on its own (then stop the rest).
    local rc=0
    wait -n "${PIDS[@]}" || rc=$?
    say "a service exited (status $rc): stopping the others"
    stop_all
    exit 1
}

main "$@"
