#!/usr/bin/env bash
# Load benchmark (one command: scripts/loadbench.sh). Seeds PostgreSQL with
# 25 copies of the demo network (demo scale ×25), starts the cockpit binary
# on it and drives an authenticated mixed workload with vegeta at 50
# concurrent clients: the nested directory query, a pathway query, a logTime
# mutation and talentSearch (once the schema has it). Prints requests/s,
# p50/p99 per operation, errors and the server's RSS.
#
# Settings (environment): COCKPIT_BENCH_DATABASE (default: cockpit_bench on
# the local PostgreSQL), CLIENTS (50), DURATION (30s), COPIES (25).
# Needs Go and a PostgreSQL to write to; installs vegeta with go install.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
DB=${COCKPIT_BENCH_DATABASE:-postgres://postgres:postgres@127.0.0.1:5432/cockpit_bench?sslmode=disable}
CLIENTS=${CLIENTS:-50}
DURATION=${DURATION:-30s}
COPIES=${COPIES:-25}
work=$(mktemp -d)
BIN=$work
trap 'stop_cockpit; rm -rf "$work"' EXIT
export COCKPIT_JWT_SECRET="loadbench-secret-0123456789abcdef0123456789"
export PATH="$PATH:$(go env GOPATH)/bin"

command -v vegeta >/dev/null || go install github.com/tsenart/vegeta/v12@v12.13.0
build_cockpit "$BIN"
go build -o "$BIN/loadbench" ./cmd/loadbench
echo "loadbench: seeding $COPIES copies of the demo network (copies already there are kept)"
"$BIN/cockpit" seed --demo --copies "$COPIES" --database "$DB"
start_cockpit "$work/serve.log" --database "$DB"

# One member of the lead coop of an active project per copy (Anna).
for n in $(seq 0 $((COPIES - 1))); do
  email=anna.schubert@example.org
  [ "$n" -gt 0 ] && email="anna.schubert+$n@example.org"
  "$BIN/cockpit" token --database "$DB" --person "$email" --ttl 2h
done >"$work/tokens"
"$BIN/loadbench" targets -url "$COCKPIT_URL" -tokens "$work/tokens" -talent scripts/loadbench/talentsearch.graphql >"$work/targets.jsonl"

rss() { awk '/^VmRSS/ {print $2}' "/proc/$COCKPIT_PID/status"; }
attack() { # attack DURATION RESULTS
  vegeta attack -targets "$work/targets.jsonl" -format json -rate 0 -workers "$CLIENTS" -max-workers "$CLIENTS" \
    -duration "$1" -timeout 30s >"$2"
}
echo "loadbench: warming up (5 s, not measured)"
attack 5s "$work/warm.bin"
rss_before=$(rss)
( peak=0; while kill -0 "$COCKPIT_PID" 2>/dev/null; do
    r=$(rss || echo 0); [ "${r:-0}" -gt "$peak" ] && peak=$r && echo "$peak" >"$work/rss.peak"
    sleep 0.5
  done ) &
sampler=$!
echo "loadbench: $CLIENTS concurrent clients for $DURATION"
attack "$DURATION" "$work/results.bin"
kill "$sampler" 2>/dev/null || true
rss_after=$(rss)
vegeta encode --to json "$work/results.bin" >"$work/results.jsonl"
echo
"$BIN/loadbench" report -results "$work/results.jsonl"
echo
echo "server RSS: $((rss_before / 1024)) MiB before the run, peak $(( $(cat "$work/rss.peak" 2>/dev/null || echo 0) / 1024 )) MiB, $((rss_after / 1024)) MiB after"
curl -s "$COCKPIT_URL/metrics" | grep -E '^go_sql_(max_open|wait_count_total|wait_duration_seconds_total)' || true
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (cockpit, PostgreSQL and vegeta share it)"
