#!/usr/bin/env bash
# Fleet drill (issue 20): a PostgreSQL primary and a streaming standby
# (throwaway local clusters, pg_basebackup -R), PgBouncer (transaction pool
# for the API, a session-mode entry for LISTEN), HAProxy (health checks on
# /readyz) in front of 3 cockpit replicas. cmd/fleetdrill drives reads and
# writes (createProposal with a unique title) through HAProxy and keeps a
# subscriber (SSE, proposalChanged) open on replica 1 while the drill
#   (a) kills replica 2 with SIGKILL, (b) restarts it,
#   (c) stops the primary, promotes the standby and points PgBouncer at it.
# It checks that every acknowledged write is stored once, that the
# subscriber hears writes served by the other replicas, that /readyz and
# HAProxy follow each change, and prints requests/s, errors and p99 per
# phase. Exits non-zero on any failure. Needs root (CI runs as root);
# installs pgbouncer and haproxy with apt-get when missing. About 1-1.5 min.
#
#   bash scripts/fleetdrill.sh          # KEEP=1 keeps the logs (printed path)
#
# (Internally, `fleetdrill.sh --ctl ACTION WORKDIR` carries out one drill
# step for cmd/fleetdrill: kill, restart, stop-primary, promote.)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. scripts/pgtemp.sh

# start_replica I: starts replica I on its fixed port (HAProxy names the
# ports), its pid in $work/rI.pid; waits until it answers /healthz.
start_replica() {
  local i=$1 port
  port=$(eval echo "\$RPORT$i")
  # shellcheck disable=SC2086
  "$BIN/cockpit" serve --addr "127.0.0.1:$port" $SERVE_FLAGS </dev/null >>"$work/r$i.log" 2>&1 &
  echo $! >"$work/r$i.pid"
  disown $! # the drill SIGKILLs it: no job report from bash
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
    kill -0 "$(cat "$work/r$i.pid")" 2>/dev/null || { echo "fleetdrill: replica $i exited:"; tail -20 "$work/r$i.log"; return 1; }
    sleep 0.1
  done
  echo "fleetdrill: replica $i did not answer /healthz"; tail -20 "$work/r$i.log"; return 1
}

# pgbouncer_ini PORT: PgBouncer's config, both entries on the server at PORT.
pgbouncer_ini() {
  cat >"$work/pgbouncer.ini.new" <<INI
[databases]
; The API's pool: transaction mode.
cockpit_fleet = host=127.0.0.1 port=$1 dbname=cockpit_fleet
; LISTEN/NOTIFY: a session-mode entry, repointed with the pool.
cockpit_listen = host=127.0.0.1 port=$1 dbname=cockpit_fleet pool_mode=session

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PB_PORT
unix_socket_dir = $work
auth_type = trust
auth_file = $work/userlist.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = 40
max_client_conn = 400
server_reset_query =
ignore_startup_parameters = extra_float_digits
server_connect_timeout = 2
server_login_retry = 1
query_wait_timeout = 10
pidfile = $work/pgbouncer.pid
logfile = $work/pgbouncer.log
INI
  mv "$work/pgbouncer.ini.new" "$work/pgbouncer.ini"
}

pgbouncer_admin() { psql -X -q -h 127.0.0.1 -p "$PB_PORT" -U postgres pgbouncer -c "$1" >/dev/null; }

# --ctl ACTION WORKDIR: one drill step, run by cmd/fleetdrill.
if [ "${1:-}" = "--ctl" ]; then
  work=$3
  . "$work/env"
  case $2 in
    kill) kill -KILL "$(cat "$work/r2.pid")" ;;
    restart) start_replica 2 ;;
    stop-primary) sh -c "$PRIMARY_STOP" ;;
    promote)
      su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D '$STANDBY_DIR' -w promote" >/dev/null
      pgbouncer_ini "$STANDBY_PORT"
      pgbouncer_admin RELOAD
      ;;
    *) echo "fleetdrill: unknown step $2"; exit 2 ;;
  esac
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
need=()
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "fleetdrill: installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"

work=$(mktemp -d /tmp/cockpit-fleet.XXXXXX)
chmod 755 "$work"
BIN=$work
STANDBY_DIR=""
cleanup() {
  { for f in "$work"/r*.pid "$work/haproxy.pid" "$work/pgbouncer.pid"; do
      [ -f "$f" ] && kill -KILL "$(cat "$f")" || true
    done
    wait || true
  } 2>/dev/null
  if [ -n "$STANDBY_DIR" ] && [ -d "$STANDBY_DIR" ]; then
    su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D '$STANDBY_DIR' -m immediate -w stop" >/dev/null 2>&1 || true
  fi
  pgtemp_cleanup
  if [ "${KEEP:-}" = 1 ]; then echo "fleetdrill: logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "fleetdrill: building ($SECONDS s)"
build_cockpit "$BIN"
go build -o "$BIN/fleetdrill" ./cmd/fleetdrill
read -r PG_PORT STANDBY_PORT PB_PORT LB_PORT STATS_PORT RPORT1 RPORT2 RPORT3 <<<"$("$BIN/fleetdrill" ports 8)"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

echo "fleetdrill: PostgreSQL primary on $PG_PORT, standby on $STANDBY_PORT ($SECONDS s)"
pgtemp_start "$PG_PORT"
DIRECT=$(pgtemp_createdb cockpit_fleet)
STANDBY_DIR=$PGTEMP_DIR/standby
su postgres -s /bin/sh -c "$PGBIN/pg_basebackup -d 'host=127.0.0.1 port=$PG_PORT user=postgres' -D '$STANDBY_DIR' -R -X stream -c fast"
su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D '$STANDBY_DIR' -l '$PGTEMP_DIR/standby.log' -w -o '-p $STANDBY_PORT -k $PGTEMP_DIR -c listen_addresses=127.0.0.1 -c max_connections=200' start" >/dev/null
STANDBY_DIRECT="postgres://postgres@127.0.0.1:$STANDBY_PORT/cockpit_fleet?sslmode=disable"
for _ in $(seq 1 50); do
  [ "$(psql -X -tA "$DIRECT" -c "select count(*) from pg_stat_replication where state = 'streaming'")" = 1 ] && break
  sleep 0.1
done
[ "$(psql -X -tA "$DIRECT" -c "select count(*) from pg_stat_replication where state = 'streaming'")" = 1 ] ||
  { echo "fleetdrill: the standby does not stream"; tail "$PGTEMP_DIR/standby.log"; exit 1; }

echo "fleetdrill: migrating and seeding once, straight to the primary ($SECONDS s)"
"$BIN/cockpit" migrate --database "$DIRECT"
"$BIN/cockpit" seed --demo --database "$DIRECT" >/dev/null

echo "fleetdrill: PgBouncer on $PB_PORT ($SECONDS s)"
printf '"postgres" ""\n' >"$work/userlist.txt"
pgbouncer_ini "$PG_PORT"
chown postgres "$work"/userlist.txt "$work"/pgbouncer.ini
touch "$work/pgbouncer.log" && chown postgres "$work/pgbouncer.log"
chown postgres "$work"
su postgres -s /bin/sh -c "pgbouncer -d '$work/pgbouncer.ini'"
for _ in $(seq 1 50); do
  psql -X -q -h 127.0.0.1 -p "$PB_PORT" -U postgres cockpit_fleet -c 'select 1' >/dev/null 2>&1 && break
  sleep 0.1
done
POOL_URL="postgres://postgres@127.0.0.1:$PB_PORT/cockpit_fleet?sslmode=disable"
LISTEN_URL="postgres://postgres@127.0.0.1:$PB_PORT/cockpit_listen?sslmode=disable"

export COCKPIT_JWT_SECRET="fleetdrill-secret-0123456789abcdef0123456789"
# FLEETDRILL_POOL=transaction (the default): the API's pool through
# PgBouncer's transaction-mode entry, LISTEN through its session-mode entry
# (--listen-database-url). session: everything through the session-mode
# entry (for a build without --listen-database-url).
POOL=${FLEETDRILL_POOL:-transaction}
case $POOL in
  transaction)
    # The help is read whole first: grep -q stops reading at its match, and
    # under pipefail the writer's SIGPIPE would fail the check at random.
    grep -q -- '-listen-database-url' <<<"$("$BIN/cockpit" serve -h 2>&1)" ||
      { echo "fleetdrill: FLEETDRILL_POOL=transaction needs cockpit serve --listen-database-url"; exit 1; }
    SERVE_FLAGS="--database $POOL_URL --listen-database-url $LISTEN_URL" ;;
  session) SERVE_FLAGS="--database $LISTEN_URL" ;;
  *) echo "fleetdrill: FLEETDRILL_POOL is transaction or session, not $POOL"; exit 2 ;;
esac
SERVE_FLAGS="$SERVE_FLAGS --db-prepared-statements=false --migrate=false --db-max-open-conns 10 --db-max-idle-conns 10"
# The settings the --ctl steps need, quoted for the shell.
{
  for v in BIN PGBIN PB_PORT STANDBY_PORT STANDBY_DIR RPORT1 RPORT2 RPORT3 SERVE_FLAGS; do
    printf '%s=%q\n' "$v" "${!v}"
  done
  printf 'PRIMARY_STOP=%q\n' "$pgtemp_stop_cmd"
  printf 'export COCKPIT_JWT_SECRET=%q\n' "$COCKPIT_JWT_SECRET"
} >"$work/env"

echo "fleetdrill: 3 replicas on $RPORT1 $RPORT2 $RPORT3, pool through PgBouncer in $POOL mode ($SECONDS s)"
echo "  cockpit serve $SERVE_FLAGS"
for i in 1 2 3; do start_replica "$i"; done

echo "fleetdrill: HAProxy on $LB_PORT, stats on $STATS_PORT ($SECONDS s)"
cat >"$work/haproxy.cfg" <<CFG
global
  log stderr format raw local0
defaults
  mode http
  log global
  option httplog
  # Only what went wrong (errors, aborts, retries).
  option dontlog-normal
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout tunnel 1h
  # A request whose connection failed was never sent: try another replica.
  retries 2
  option redispatch
frontend api
  bind 127.0.0.1:$LB_PORT
  default_backend cockpit
backend cockpit
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  # Which replica answered (the drill tells writes on other replicas apart).
  http-response set-header X-Cockpit-Replica %[srv_name]
  default-server inter 300ms fall 2 rise 2 check
  server r1 127.0.0.1:$RPORT1
  server r2 127.0.0.1:$RPORT2
  server r3 127.0.0.1:$RPORT3
listen stats
  bind 127.0.0.1:$STATS_PORT
  stats enable
  stats uri /stats
CFG
haproxy -c -q -f "$work/haproxy.cfg"
haproxy -db -f "$work/haproxy.cfg" </dev/null >"$work/haproxy.log" 2>&1 &
echo $! >"$work/haproxy.pid"
disown $!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$LB_PORT/readyz" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$LB_PORT/readyz" || { echo "fleetdrill: HAProxy does not route"; cat "$work/haproxy.log"; exit 1; }

TOKEN=$("$BIN/cockpit" token --database "$DIRECT" --person anna.schubert@example.org --ttl 1h)
echo "fleetdrill: drill ($SECONDS s)"
"$BIN/fleetdrill" run -lb "http://127.0.0.1:$LB_PORT" -stats "http://127.0.0.1:$STATS_PORT/stats;csv" \
  -replicas "http://127.0.0.1:$RPORT1,http://127.0.0.1:$RPORT2,http://127.0.0.1:$RPORT3" \
  -token "$TOKEN" -db "$STANDBY_DIRECT" -ctl "bash scripts/fleetdrill.sh --ctl %s $work"
rss=""
for i in 1 2 3; do
  rss="$rss replica $i $(( $(awk '/^VmRSS/ {print $2}' "/proc/$(cat "$work/r$i.pid")/status" 2>/dev/null || echo 0) / 1024 )) MiB,"
done
echo "fleetdrill: RSS after the drill:${rss%,} (replica 2 restarted mid-drill)"
echo "fleetdrill: done ($SECONDS s)"
