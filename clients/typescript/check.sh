#!/usr/bin/env bash
# Checks that Cockpit's public schema (the repository's schema.graphql, which
# CI's "go generate leaves the tree unchanged" step keeps current) still
# serves typed clients: graphql-codegen with strictScalars and the documented
# scalar map, relay-compiler over the same example operations, and tsc over
# the example app using both outputs. Nothing generated here is committed
# (src/__generated__ is rebuilt each run). Run from anywhere; CI runs it from
# .ci/run. Installs Node.js from Debian if it is missing (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
# npm ci once per lockfile: a warm run reuses node_modules.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.cockpit-lock-sum 2>/dev/null)" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.cockpit-lock-sum
fi
rm -rf src/__generated__
mkdir -p src/__generated__/relay
echo "graphql-codegen (strictScalars)"
npx --no-install graphql-codegen --config codegen.yml --silent
echo "relay-compiler"
npx --no-install relay-compiler
echo "tsc --noEmit"
npx --no-install tsc --noEmit -p .
echo "typed clients: ok"
