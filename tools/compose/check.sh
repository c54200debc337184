#!/usr/bin/env bash
# Composes Cockpit's subgraph SDL with every test subgraph in
# testdata/federation using @apollo/composition (see compose.mjs); exits
# non-zero on a composition error or a WARN hint. Run from anywhere; CI runs it
# from .ci/run. Installs Node.js from Debian if it is missing (CI runs as root).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
cd "$root/tools/compose"
npm ci --no-audit --no-fund --loglevel=error
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$root" && go run ./cmd/subgraphsdl) > "$work/cockpit.graphql"
args=("cockpit=$work/cockpit.graphql")
for f in "$root"/testdata/federation/*.graphql; do
  args+=("$(basename "$f" .graphql)=$f")
done
node compose.mjs "${args[@]}" "--out=$work/supergraph.graphql"
