#!/usr/bin/env bash
# Database-fault check: runs the cockpit binary on a throwaway PostgreSQL
# cluster, drives a mixed read/write load, stops PostgreSQL for a few
# seconds and starts it again (cmd/dbfault judges: no crash, errors only
# during the outage and fast, /readyz recovers within 5 s, no partial or
# lost writes), then stops cockpit with SIGTERM under load and checks that
# it drains and exits cleanly. Needs root and Debian's postgresql package.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. scripts/pgtemp.sh
PORT=${COCKPIT_FAULT_PG_PORT:-55433}
work=$(mktemp -d)
BIN=$work
cleanup() { stop_cockpit; pgtemp_cleanup; rm -rf "$work"; }
trap cleanup EXIT

echo "dbfault: building ($SECONDS s)"
build_cockpit "$BIN"
go build -o "$BIN/dbfault" ./cmd/dbfault
echo "dbfault: starting PostgreSQL and cockpit ($SECONDS s)"
pgtemp_start "$PORT"
DB=$(pgtemp_createdb cockpit_fault)
export COCKPIT_JWT_SECRET="dbfault-secret-0123456789abcdef0123456789"
start_cockpit "$work/serve.log" --database "$DB" --demo
TOKEN=$("$BIN/cockpit" token --database "$DB" --person anna.schubert@example.org)

echo "dbfault: load and outage ($SECONDS s)"
"$BIN/dbfault" -url "$COCKPIT_URL" -token "$TOKEN" -db "$DB" \
  -stop "$pgtemp_stop_cmd" -start "$pgtemp_start_cmd"

echo "dbfault: SIGTERM under load ($SECONDS s)"
# Graceful shutdown: SIGTERM while requests are running; every request
# that got an answer got a complete one, and cockpit exits 0.
q='{"query":"{ networks(first: 5) { edges { node { coops(first: 20) { totalCount } } } } }"}'
for i in $(seq 1 8); do
  ( for _ in $(seq 1 200); do
      c=$(curl -s -o /dev/null -w '%{http_code}' "$COCKPIT_URL/graphql" -H "Authorization: Bearer $TOKEN" \
        -H 'content-type: application/json' -d "$q" || true)
      echo "$c"
      [ "$c" = 000 ] && break # cockpit no longer listens
    done >"$work/drain.$i" ) &
done
sleep 1
kill -TERM "$COCKPIT_PID"
code=0; wait "$COCKPIT_PID" || code=$?
COCKPIT_PID=""
wait
if [ "$code" != 0 ]; then echo "dbfault: cockpit exited $code after SIGTERM"; cat "$work/serve.log"; exit 1; fi
grep -q '"shut down cleanly"' "$work/serve.log" || { echo "dbfault: no clean shutdown in the log"; tail -5 "$work/serve.log"; exit 1; }
# 000: no connection (cockpit had stopped listening): expected after SIGTERM.
answered=$(cat "$work"/drain.* | grep -c '^200$' || true)
bad=$(cat "$work"/drain.* | grep -vc -e '^200$' -e '^000$' || true)
echo "dbfault: SIGTERM under load: $answered requests answered 200, $bad answered otherwise, exit code $code"
if [ "$bad" != 0 ]; then echo "dbfault: FAIL requests cut off or refused while draining"; exit 1; fi
echo "dbfault: PASS"
