# Private PostgreSQL clusters for scripts/run.sh and bench/ (sourced, not run).
# A cluster lives in a directory owned by the `postgres` user (PostgreSQL refuses to run as root),
# listens on its own unix socket directory and port only (no TCP), and is never the system cluster.

# Directory holding initdb/pg_ctl/postgres of the newest installed PostgreSQL.
pl_pg_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        echo "pg: no PostgreSQL server found under /usr/lib/postgresql (install the postgresql package)" >&2
        return 1
    fi
    printf '%s\n' "$dir"
}

pl_pg_as() { (cd / && runuser -u postgres -- "$@"); }

# True when the postgres user can reach (traverse) the directory.
pl_pg_can_reach() { (cd / && runuser -u postgres -- test -x "$1") 2>/dev/null; }

# pl_pg_init PGDATA: initdb once (a cluster that exists is reused).
pl_pg_init() {
    local pgdata="$1" bindir
    bindir="$(pl_pg_bindir)" || return 1
    if [ -f "$pgdata/PG_VERSION" ]; then
        return 0
    fi
    mkdir -p "$pgdata"
    chown postgres:postgres "$pgdata"
    chmod 700 "$pgdata"
    pl_pg_as "$bindir/initdb" -D "$pgdata" -U postgres --auth-local=trust --auth-host=reject \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
}

# pl_pg_running PGDATA: true when the cluster's postmaster is up.
pl_pg_running() {
    local bindir
    bindir="$(pl_pg_bindir)" || return 1
    pl_pg_as "$bindir/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# pl_pg_start PGDATA SOCKDIR PORT LOGFILE [extra postgres options]: start and wait until it accepts
# connections. Runs in its own session so a terminal's Ctrl-C reaches only the caller, which then
# stops the services first and PostgreSQL last.
pl_pg_start() {
    local pgdata="$1" sockdir="$2" port="$3" logfile="$4" extra="${5:-}" bindir
    bindir="$(pl_pg_bindir)" || return 1
    mkdir -p "$sockdir"
    chown postgres:postgres "$sockdir"
    chmod 700 "$sockdir"
    touch "$logfile"
    chown postgres:postgres "$logfile"
    (cd / && setsid runuser -u postgres -- "$bindir/pg_ctl" -D "$pgdata" -l "$logfile" -w -t 60 \
        -o "-p $port -k $sockdir -c listen_addresses='' $extra" start >/dev/null)
}

# pl_pg_stop PGDATA: fast shutdown (rolls back open transactions), waits for it.
pl_pg_stop() {
    local bindir
    bindir="$(pl_pg_bindir)" || return 1
    if pl_pg_running "$1"; then
        pl_pg_as "$bindir/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null
    fi
}

# pl_pg_ensure_db SOCKDIR PORT NAME: create role NAME (login) and database NAME owned by it if missing.
pl_pg_ensure_db() {
    local sockdir="$1" port="$2" name="$3" q
    q() { pl_pg_as psql -X -q -h "$sockdir" -p "$port" -U postgres -d postgres -Atc "$1"; }
    if [ "$(q "SELECT 1 FROM pg_roles WHERE rolname = '$name'")" != "1" ]; then
        q "CREATE ROLE \"$name\" LOGIN"
    fi
    if [ "$(q "SELECT 1 FROM pg_database WHERE datname = '$name'")" != "1" ]; then
        q "CREATE DATABASE \"$name\" OWNER \"$name\" ENCODING 'UTF8' TEMPLATE template0"
    fi
}

# libpq URL for NAME over the unix socket of a private cluster (what SqlSettings.DataSource takes).
pl_pg_url() {
    local sockdir="$1" port="$2" name="$3"
    printf 'postgres://%s@/%s?host=%s&port=%s&sslmode=disable&connect_timeout=10\n' "$name" "$name" "$sockdir" "$port"
}
