#!/usr/bin/env bash
# PostgreSQL tests through PgBouncer in transaction mode (issue 20): starts
# a private PgBouncer (Debian's package, installed if missing; never its
# system service) on a free loopback port in front of the local PostgreSQL,
# and runs the HTTP test suites of internal/server, internal/budgets and
# internal/governance through it with prepared statements off, the events
# LISTENing on the direct connection (as serve --listen-database-url does),
# plus internal/events, internal/lease and serve's fleet tests (internal/cli).
# internal/server's TestPreparedStatementsSameAnswers compares the answers
# of a server behind PgBouncer (unprepared) with one connected directly
# (prepared statements on).
#
# Each test gets a role and a schema of the same name (internal/testkit,
# COCKPIT_TEST_DIRECT_DATABASE): PgBouncer refuses a search_path startup
# parameter, and PostgreSQL's default search_path finds the role's schema.
# PgBouncer authenticates those roles with auth_query (SCRAM pass-through).
#
# Environment: COCKPIT_PGB_PG_HOST/PORT/PASSWORD (127.0.0.1, 5432,
# postgres: the postgres role's password), COCKPIT_PGB_PACKAGES (the go test
# package list), COCKPIT_PGB_RUN (a go test -run pattern).
set -euo pipefail
cd "$(dirname "$0")/.."
PGHOST_=${COCKPIT_PGB_PG_HOST:-127.0.0.1}
PGPORT_=${COCKPIT_PGB_PG_PORT:-5432}
PGPASS_=${COCKPIT_PGB_PG_PASSWORD:-postgres}
DBNAME=cockpit_pgbouncer
PACKAGES=${COCKPIT_PGB_PACKAGES:-./internal/server ./internal/budgets ./internal/governance ./internal/events ./internal/lease}

if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  echo "pgbouncer-test: installing pgbouncer"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq pgbouncer >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq pgbouncer >/dev/null; }
fi
PGBOUNCER=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)

# free_port: the first loopback port from 16432 nothing listens on.
free_port() {
  local p
  for p in $(seq 16432 16631); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "pgbouncer-test: no free port" >&2; return 1
}

work=$(mktemp -d)
chmod 755 "$work"
pidfile=$work/pgbouncer.pid
cleanup() {
  if [ -s "$pidfile" ]; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$work"
  # Roles of tests that could not clean up (a crashed test binary): they
  # own schemas of this database only.
  su postgres -c "dropdb --if-exists $DBNAME" || true
  su postgres -c "psql -qAt -c \"SELECT 'DROP ROLE ' || rolname || ';' FROM pg_roles WHERE rolname ~ '^t_[0-9a-f]{12}\$'\" | psql -q" >/dev/null 2>&1 || true
}
trap cleanup EXIT

su postgres -c "dropdb --if-exists $DBNAME && createdb $DBNAME"
PORT=$(free_port)
cat >"$work/pgbouncer.ini" <<INI
[databases]
$DBNAME = host=$PGHOST_ port=$PGPORT_ dbname=$DBNAME

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
pool_mode = transaction
auth_type = scram-sha-256
auth_file = $work/userlist.txt
; Each test's role is looked up in pg_shadow and logged in with the
; client's SCRAM keys.
auth_user = postgres
max_client_conn = 1000
; Races in the tests send up to 50 requests at once, each waiting on a row
; lock in PostgreSQL: a pool smaller than that queues them in PgBouncer
; instead, where the test's lock holder cannot see them.
default_pool_size = 70
; Tests come and go, each with its own role (a pool each): their idle
; server connections close soon.
server_idle_timeout = 5
ignore_startup_parameters = extra_float_digits
logfile = $work/pgbouncer.log
pidfile = $pidfile
INI
printf '"postgres" "%s"\n' "$PGPASS_" >"$work/userlist.txt"
chown -R postgres "$work"
# PgBouncer does not run as root.
su postgres -s /bin/sh -c "$PGBOUNCER -d $work/pgbouncer.ini"
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
echo "pgbouncer-test: PgBouncer $("$PGBOUNCER" --version | head -n 1 | awk '{print $2}') on 127.0.0.1:$PORT, pool_mode=transaction"

export COCKPIT_TEST_DATABASE="postgres://postgres:$PGPASS_@127.0.0.1:$PORT/$DBNAME?sslmode=disable"
export COCKPIT_TEST_DIRECT_DATABASE="postgres://postgres:$PGPASS_@$PGHOST_:$PGPORT_/$DBNAME?sslmode=disable"
export COCKPIT_TEST_PREPARED_STATEMENTS=false
run=()
[ -n "${COCKPIT_PGB_RUN:-}" ] && run=(-run "$COCKPIT_PGB_RUN")
status=0
# shellcheck disable=SC2086
go test -count=1 -p 1 "${run[@]}" $PACKAGES || status=$?
if [ -z "${COCKPIT_PGB_RUN:-}" ]; then
  # serve behind the pooler: LISTEN and the deadline worker's lease on the
  # direct URL (--listen-database-url).
  go test -count=1 -run 'TestServeListensOnListenURL|TestDeadlineWorkerOncePerFleet' ./internal/cli || status=$?
fi
if [ "$status" -ne 0 ]; then
  echo "pgbouncer-test: FAILED; PgBouncer's log ends:"; tail -n 30 "$work/pgbouncer.log" || true
fi
exit "$status"
