#!/usr/bin/env bash
# Runs the graphql-http server audits (GraphQL-over-HTTP spec) against the
# real cockpit binary on a fresh SQLite database. Fails if a MUST or SHOULD
# audit fails. Needs Go, Node.js (>= 18) and npm (installs the pinned audit
# package from tools/graphql-http-audit/package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
work=$(mktemp -d)
BIN=$work
trap 'stop_cockpit; rm -rf "$work"' EXIT

(cd tools/graphql-http-audit && npm ci --no-audit --no-fund --loglevel=error)
build_cockpit "$BIN"
# The audits send a few hundred requests without a token in seconds: the
# per-IP limit of anonymous requests (--public-rate, 60/min) is off here, as
# the audit checks the protocol, not the limiter (TestPublicRateLimit does).
start_cockpit "$work/serve.log" --database "$work/audit.db" --jwt-secret "audit-secret-0123456789abcdef0123456789" --public-rate 0
node tools/graphql-http-audit/audit.mjs "$COCKPIT_URL/graphql"
