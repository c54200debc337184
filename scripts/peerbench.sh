#!/usr/bin/env bash
# Side-by-side measurement of Cockpit and PostGraphile v4 (issue 19):
#
#   scripts/peerbench.sh [COPIES]
#
# Starts a private PostgreSQL (throwaway cluster on a free port), seeds it
# with COPIES copies of the demo network (`cockpit seed --demo --copies`),
# runs `cockpit serve` and PostGraphile v4 (tools/peerbench, pinned by its
# package-lock.json; no authorization, as in the issue's measurement) on the
# same database, and drives both with the same two query shapes, each
# written once per dialect (scripts/peerbench/*.graphql): the directory
# (networks -> coops -> memberships -> person -> skills, totalCount at each
# level) and node(id:) with two nested connections. Cockpit is asked with
# the token of a network admin (Anna); PostGraphile's queries state the same
# selection as conditions, and cmd/peerbench checks before the load that
# both answer the same rows. Clients are closed loop; contenders are
# interleaved, A, B, A, B, round by round. Prints per shape requests/s, p50,
# p99, errors and memory for each contender, the ratio Cockpit/PostGraphile
# and the load average.
#
# It is a measurement and exits 0 whatever the figures, except in strict
# mode (on by default at COPIES <= 10, as in CI): then it exits 1 if either
# contender answers an error, or the two answer different row counts.
#
# Settings (environment): COPIES (100; or the first argument), CLIENTS (32),
# ROUNDS (3), ROUND (5s per contender and round), WARMUP (2s),
# PEERBENCH_STRICT (1/0; default: 1 at COPIES <= 10), POSTGRAPHILE_WORKERS
# (1; PostGraphile's --cluster-workers when > 1).
# Needs root (the cluster runs as the postgres user), Debian's postgresql
# package, Go, Node.js and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. scripts/pgtemp.sh
COPIES=${1:-${COPIES:-100}}
CLIENTS=${CLIENTS:-32}
ROUNDS=${ROUNDS:-3}
ROUND=${ROUND:-5s}
WARMUP=${WARMUP:-2s}
STRICT=${PEERBENCH_STRICT:-$([ "$COPIES" -le 10 ] && echo 1 || echo 0)}
WORKERS=${POSTGRAPHILE_WORKERS:-1}
work=$(mktemp -d)
BIN=$work
PG_PID=""
cleanup() {
  stop_cockpit
  if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -TERM "$PG_PID"
    wait "$PG_PID" 2>/dev/null || true
  fi
  pgtemp_cleanup
  rm -rf "$work"
}
trap cleanup EXIT
export COCKPIT_JWT_SECRET="peerbench-secret-0123456789abcdef0123456789"

echo "peerbench: building and installing PostGraphile ($SECONDS s)"
(cd tools/peerbench && npm ci --no-audit --no-fund --loglevel=error)
build_cockpit "$BIN"
go build -o "$BIN/peerbench" ./cmd/peerbench

echo "peerbench: PostgreSQL and $COPIES copies of the demo network ($SECONDS s)"
pgtemp_start "$("$BIN/peerbench" freeport)"
DB=$(pgtemp_createdb cockpit_peer)
"$BIN/cockpit" seed --demo --copies "$COPIES" --database "$DB"
psql -qAt "$DB" -c "ANALYZE"

echo "peerbench: starting Cockpit and PostGraphile ($SECONDS s)"
start_cockpit "$work/serve.log" --database "$DB"
TOKEN=$("$BIN/cockpit" token --database "$DB" --person anna.schubert@example.org --ttl 2h)
pg_port=$("$BIN/peerbench" freeport)
pg_args=()
[ "$WORKERS" -gt 1 ] && pg_args+=(--cluster-workers "$WORKERS")
NODE_ENV=production tools/peerbench/node_modules/.bin/postgraphile -c "$DB" -s public \
  -n 127.0.0.1 -p "$pg_port" --disable-query-log --disable-graphiql --disable-default-mutations \
  "${pg_args[@]}" >"$work/postgraphile.log" 2>&1 &
PG_PID=$!
PG_URL="http://127.0.0.1:$pg_port"
ready=""
for _ in $(seq 1 300); do # up to 30 s: PostGraphile introspects the database first
  if curl -fsS -o /dev/null "$PG_URL/graphql" -H 'content-type: application/json' -d '{"query":"{ __typename }"}' 2>/dev/null; then
    ready=1; break
  fi
  if ! kill -0 "$PG_PID" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$ready" ]; then echo "peerbench: PostGraphile did not start:"; cat "$work/postgraphile.log"; exit 1; fi

echo "peerbench: $(psql -qAt "$DB" -c 'SHOW server_version' | cut -d' ' -f1) PostgreSQL, $("$BIN/cockpit" version 2>/dev/null | head -n 1), PostGraphile $(tools/peerbench/node_modules/.bin/postgraphile --version), $WORKERS Node.js worker(s) ($SECONDS s)"
strict_flag=()
[ "$STRICT" = 1 ] && strict_flag=(-strict)
"$BIN/peerbench" run -cockpit "$COCKPIT_URL" -token "$TOKEN" -postgraphile "$PG_URL" -queries scripts/peerbench \
  -clients "$CLIENTS" -rounds "$ROUNDS" -round "$ROUND" -warmup "$WARMUP" \
  -cockpit-pid "$COCKPIT_PID" -postgraphile-pid "$PG_PID" "${strict_flag[@]}"
echo "peerbench: done ($SECONDS s)"
