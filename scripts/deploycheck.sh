#!/usr/bin/env bash
# Offline validation of deploy/ (no Docker daemon, no cluster, no network
# beyond the Go module proxy for tools/deploycheck's modules, pinned by its
# go.sum): the Compose file against the Compose specification's schema
# (compose-go), every Kubernetes manifest decoded strictly into k8s.io/api
# types, the fleet's shape (migrations first, probes, PgBouncer modes), and
# every COCKPIT_* variable the files set checked against the flags of
# `cockpit serve -h` and `cockpit migrate -h`. HAProxy's config is parsed by
# haproxy -c when haproxy is installed; `docker compose config` runs too
# when Docker's compose plugin is there.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/cockpit" ./cmd/cockpit
{ "$work/cockpit" serve -h 2>&1 || true; "$work/cockpit" migrate -h 2>&1 || true; } |
  grep -o '\[COCKPIT_[A-Z0-9_]*' | tr -d '[' | sort -u >"$work/env-names"
# The checker's own tests: the committed files pass, broken ones fail.
(cd tools/deploycheck && go test -count=1 . && go build -o "$work/deploycheck" .)
"$work/deploycheck" -dir deploy -env-names "$work/env-names"

if command -v haproxy >/dev/null 2>&1; then
  # The config names Docker's resolver and the service name "cockpit";
  # init-addr none lets it parse without them.
  haproxy -c -q -f deploy/haproxy.cfg && echo "deploycheck: deploy/haproxy.cfg valid (haproxy -c)"
fi
if docker compose version >/dev/null 2>&1; then
  COCKPIT_JWT_SECRET=deploycheck-secret-0123456789abcdef0123 docker compose -f deploy/compose.yaml config -q &&
    echo "deploycheck: docker compose config accepts deploy/compose.yaml"
fi
echo "deploycheck: PASS"
