#!/usr/bin/env bash
# Prepared statements on and off, side by side (issue 19, "plans reused").
# Seeds PostgreSQL with COPIES copies of the demo network, starts two cockpit
# servers on it, one preparing its statements (the default) and one with
# --db-prepared-statements=false, and drives the directory query (networks →
# coops → memberships → person → skills, totalCount at each level) at CLIENTS
# concurrent clients against each in turn, ROUNDS times, alternating which
# goes first. Prints requests/s, p50 and p99 per round and contender; when
# the database has pg_stat_statements with track_planning, also PostgreSQL's
# planning and execution time per request.
#
# Settings (environment): COCKPIT_BENCH_DATABASE (default: cockpit_stmtbench
# on the local PostgreSQL), CLIENTS (32), DURATION (15s per round and
# contender), ROUNDS (3), COPIES (25), SERVE_ARGS (more cockpit serve flags
# for both servers, e.g. "--db-max-idle-conns 25").
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
DB=${COCKPIT_BENCH_DATABASE:-postgres://postgres:postgres@127.0.0.1:5432/cockpit_stmtbench?sslmode=disable}
CLIENTS=${CLIENTS:-32}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
COPIES=${COPIES:-25}
work=$(mktemp -d)
BIN=$work
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait; rm -rf "$work"' EXIT
export COCKPIT_JWT_SECRET="stmtbench-secret-0123456789abcdef0123456789"
export PATH="$PATH:$(go env GOPATH)/bin"

command -v vegeta >/dev/null || go install github.com/tsenart/vegeta/v12@v12.13.0
build_cockpit "$BIN"
echo "stmtbench: seeding $COPIES copies of the demo network (copies already there are kept)"
"$BIN/cockpit" seed --demo --copies "$COPIES" --database "$DB"
# shellcheck disable=SC2086
start_cockpit "$work/prepared.log" --database "$DB" ${SERVE_ARGS:-}
pids+=("$COCKPIT_PID"); url_prepared=$COCKPIT_URL
# shellcheck disable=SC2086
start_cockpit "$work/unprepared.log" --database "$DB" --db-prepared-statements=false ${SERVE_ARGS:-}
pids+=("$COCKPIT_PID"); url_unprepared=$COCKPIT_URL
token=$("$BIN/cockpit" token --database "$DB" --person anna.schubert@example.org --ttl 2h)

query='query Directory { networks(first: 5) { totalCount edges { node { name
  coops(first: 10) { totalCount edges { node { name city
    memberships(first: 10) { totalCount edges { node { state person { name city
      skills(first: 5) { totalCount edges { node { name } } } } } } } } } } } } } }'
body=$(jq -cn --arg q "$query" '{query: $q}' | base64 -w0)
for c in prepared unprepared; do
  u=url_$c
  jq -cn --arg url "${!u}/graphql" --arg body "$body" --arg auth "Bearer $token" \
    '{method: "POST", url: $url, body: $body, header: {"Authorization": [$auth], "Content-Type": ["application/json"]}}' >"$work/$c.target"
  # The answer must be data, not errors.
  curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data "$(jq -cn --arg q "$query" '{query: $q}')" "${!u}/graphql" \
    | jq -e '.errors == null and (.data.networks.edges | length) > 0' >/dev/null || { echo "stmtbench: the directory query fails on $c"; exit 1; }
done

psqlq() { psql -XqAt "$DB" -c "$1" 2>/dev/null || true; }
pgss=""
if [ "$(psqlq "SELECT current_setting('pg_stat_statements.track_planning', true)")" = "on" ]; then
  psqlq "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  pgss=yes
fi

attack() { # attack CONTENDER DURATION RESULTS
  vegeta attack -targets "$work/$1.target" -format json -rate 0 -workers "$CLIENTS" -max-workers "$CLIENTS" \
    -duration "$2" -timeout 30s >"$3"
}
echo "stmtbench: warming up both (5 s each, not measured)"
attack prepared 5s /dev/null; attack unprepared 5s /dev/null
printf '%-6s %-11s %9s %9s %9s %7s' round contender "req/s" "p50 ms" "p99 ms" errors
[ -n "$pgss" ] && printf ' %12s %12s %10s %10s' "plan ms/req" "exec ms/req" "plans/req" "stmts/req"
echo
for r in $(seq 1 "$ROUNDS"); do
  order="prepared unprepared"; [ $((r % 2)) -eq 0 ] && order="unprepared prepared"
  for c in $order; do
    [ -n "$pgss" ] && psqlq "SELECT pg_stat_statements_reset()" >/dev/null
    attack "$c" "$DURATION" "$work/$c.$r.bin"
    vegeta report -type json "$work/$c.$r.bin" >"$work/$c.$r.json"
    jq -r --arg r "$r" --arg c "$c" '[$r, $c, (.throughput|floor), (.latencies["50th"]/1e6*10|floor/10), (.latencies["99th"]/1e6*10|floor/10), (.requests - (.status_codes["200"] // 0))] | @tsv' "$work/$c.$r.json" \
      | awk -F'\t' '{printf "%-6s %-11s %9s %9s %9s %7s", $1, $2, $3, $4, $5, $6}'
    if [ -n "$pgss" ]; then
      n=$(jq '.status_codes["200"] // 0' "$work/$c.$r.json")
      psqlq "SELECT to_char(sum(total_plan_time)/$n, 'FM990.000'), to_char(sum(total_exec_time)/$n, 'FM990.000'), to_char(sum(plans)::float/$n, 'FM990.00'), to_char(sum(calls)::float/$n, 'FM990.00') FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'" \
        | awk -F'|' '{printf " %12s %12s %10s %10s", $1, $2, $3, $4}'
    fi
    echo
  done
done
for c in prepared unprepared; do
  vegeta report -type json "$work"/$c.[0-9]*.bin >"$work/$c.all.json"
  jq -r --arg c "$c" '"all rounds, \($c): p50 \(.latencies["50th"]/1e6*10|floor/10) ms, p99 \(.latencies["99th"]/1e6*10|floor/10) ms, \(.requests) requests"' "$work/$c.all.json"
done
if [ -n "$pgss" ]; then
  psqlq "SELECT pg_stat_statements_reset()" >/dev/null
  attack prepared 5s /dev/null
  echo "statements the prepared server still has planned (5 s more): calls, plans, mean planning ms, statement"
  psqlq "SELECT calls, plans, round(mean_plan_time::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND plans > 0 ORDER BY total_plan_time DESC LIMIT 8"
fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (both servers, PostgreSQL and vegeta share it)"
