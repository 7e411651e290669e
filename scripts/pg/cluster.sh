#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, under .build/pg (Debian's `postgresql` package:
# initdb and pg_ctl). Nothing here touches the system's own clusters.
#
#   scripts/pg/cluster.sh start        initdb + start on an unused 127.0.0.1 port (and a Unix socket
#                                      in the cluster's folder); prints the URL
#   scripts/pg/cluster.sh url          the running cluster's URL (postgres://paygent@127.0.0.1:PORT/paygent)
#   scripts/pg/cluster.sh stop         stops it (fast, then immediate, then SIGKILL) and deletes it
#   scripts/pg/cluster.sh run -- CMD   start, run CMD with PAYGENT_TEST_DATABASE set, stop even when
#                                      CMD fails or is interrupted; exits with CMD's status
#
# Run as root (CI), the server runs as the `postgres` user (or `paygent-pg`, created when there is
# no `postgres` user): PostgreSQL refuses to run as root. Every wait has a deadline.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="${PAYGENT_PG_ROOT:-$PWD/.build/pg}"
STATE="$ROOT/state"            # port, data dir, server user (owned by whoever runs this script)
START_SECONDS="${PAYGENT_PG_START_SECONDS:-60}"
STOP_SECONDS=20

log() { echo "cluster.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

bindir() {
    local dir
    if [ -n "${PAYGENT_PG_BINDIR:-}" ]; then echo "$PAYGENT_PG_BINDIR"; return; fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
    done
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
    die "no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's package: apt-get install -y postgresql"
}

# The user the server runs as, and a command prefix that runs a command as that user.
server_user() {
    if [ "$(id -u)" != "0" ]; then id -un; return; fi
    if id postgres >/dev/null 2>&1; then echo postgres; return; fi
    if ! id paygent-pg >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin paygent-pg >/dev/null 2>&1 \
            || die "could not create the unprivileged user paygent-pg for the test cluster"
    fi
    echo paygent-pg
}

as_user() {
    local user="$1"; shift
    if [ "$(id -u)" = "0" ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

unused_port() {
    python3 - <<'EOF'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

state_get() { cat "$STATE/$1" 2>/dev/null || true; }

url() {
    local port
    port="$(state_get port)"
    [ -n "$port" ] || die "no cluster is running (scripts/pg/cluster.sh start)"
    echo "postgres://paygent@127.0.0.1:$port/paygent"
}

# Waits until the server answers queries, or fails after START_SECONDS.
wait_ready() {
    local bin="$1" user="$2" data="$3" port="$4" deadline=$((SECONDS + START_SECONDS))
    while [ $SECONDS -lt $deadline ]; do
        if as_user "$user" "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 >/dev/null 2>&1; then return 0; fi
        if ! as_user "$user" "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then return 1; fi
        sleep 0.2
    done
    return 1
}

start() {
    if [ -n "$(state_get port)" ] && [ -d "$(state_get data)" ]; then
        log "a cluster is already recorded under $STATE: stopping it first"
        stop
    fi
    local bin user data port attempt
    bin="$(bindir)"
    user="$(server_user)"
    mkdir -p "$ROOT" "$STATE"
    # The data directory must be reachable by the server's user: under .build/pg when every folder
    # on the way is searchable by it, else in a private folder under the system's temp dir.
    data="$ROOT/data"
    if [ "$(id -u)" = "0" ] && ! runuser -u "$user" -- test -x "$ROOT" 2>/dev/null; then
        data="$(mktemp -d "${TMPDIR:-/tmp}/paygent-pg.XXXXXX")/data"
        log "$ROOT is not reachable by $user: the cluster lives in $data"
    fi
    rm -rf "$data"
    mkdir -p "$data"
    [ "$(id -u)" = "0" ] && chown "$user" "$data" "$(dirname "$data")"
    chmod 700 "$data"
    echo "$data" >"$STATE/data"
    echo "$user" >"$STATE/user"
    as_user "$user" "$bin/initdb" -D "$data" -U paygent --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$STATE/initdb.log" 2>&1 || { cat "$STATE/initdb.log" >&2; die "initdb failed"; }
    cat >>"$data/postgresql.conf" <<EOF
# Throwaway test cluster (scripts/pg/cluster.sh): durability off, loopback only.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
EOF
    for attempt in 1 2 3; do
        port="$(unused_port)"
        echo "$port" >"$STATE/port"
        if as_user "$user" "$bin/pg_ctl" start -D "$data" -o "-p $port" -l "$data/server.log" -w -t "$START_SECONDS" \
            >/dev/null 2>&1 && wait_ready "$bin" "$user" "$data" "$port"; then
            as_user "$user" "$bin/psql" -h 127.0.0.1 -p "$port" -U paygent -d postgres -q -v ON_ERROR_STOP=1 \
                -c "CREATE DATABASE paygent" >/dev/null || die "CREATE DATABASE failed"
            log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running as $user on 127.0.0.1:$port ($data)"
            url
            return 0
        fi
        log "start on port $port failed (attempt $attempt); server log:"
        tail -n 20 "$data/server.log" >&2 2>/dev/null || true
        as_user "$user" "$bin/pg_ctl" stop -D "$data" -m immediate -w -t "$STOP_SECONDS" >/dev/null 2>&1 || true
    done
    rm -f "$STATE/port"
    die "PostgreSQL did not start within ${START_SECONDS}s"
}

stop() {
    local bin user data pid deadline
    data="$(state_get data)"
    user="$(state_get user)"
    if [ -z "$data" ]; then log "no cluster recorded"; return 0; fi
    bin="$(bindir)"
    if [ -f "$data/postmaster.pid" ]; then
        as_user "$user" "$bin/pg_ctl" stop -D "$data" -m fast -w -t "$STOP_SECONDS" >/dev/null 2>&1 \
            || as_user "$user" "$bin/pg_ctl" stop -D "$data" -m immediate -w -t "$STOP_SECONDS" >/dev/null 2>&1 \
            || true
        pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            log "the server (pid $pid) did not stop: SIGKILL"
            kill -9 "$pid" 2>/dev/null || true
            deadline=$((SECONDS + STOP_SECONDS))
            while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
        fi
    fi
    case "$data" in
        "$ROOT"/data) rm -rf "$data" ;;
        */paygent-pg.*/data) rm -rf "$(dirname "$data")" ;;
    esac
    rm -f "$STATE/port" "$STATE/data" "$STATE/user"
    log "stopped"
}

run() {
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "usage: cluster.sh run -- COMMAND..."
    local database status
    database="$(start)" || die "the test cluster did not start"
    # The cluster is stopped after the command in every case: its own exit, an interrupt, a kill.
    CHILD=""
    trap 'trap - INT TERM; [ -n "$CHILD" ] && kill -TERM "$CHILD" 2>/dev/null; stop; exit 130' INT
    trap 'trap - INT TERM; [ -n "$CHILD" ] && kill -TERM "$CHILD" 2>/dev/null; stop; exit 143' TERM
    export PAYGENT_TEST_DATABASE="$database"
    log "PAYGENT_TEST_DATABASE=$PAYGENT_TEST_DATABASE"
    set +e
    env "$@" &
    CHILD=$!
    wait "$CHILD"
    status=$?
    set -e
    trap - INT TERM
    stop
    exit $status
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    run) shift; run "$@" ;;
    *) echo "usage: $0 start|stop|url|run -- COMMAND..." >&2; exit 2 ;;
esac
