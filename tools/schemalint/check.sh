#!/usr/bin/env bash
# Lints Cockpit's served schema with graphql-eslint (issue 18): every type,
# field, argument, enum value, input field, scalar and directive described,
# GraphQL naming conventions (eslint.config.js). Lints the committed
# schema.graphql, the public SDL "cockpit schema" prints (no plumbing), and fails on
# any finding outside internal/schemadoc/undocumented.txt, the explicit list
# of exemptions that the Go test TestEverythingIsDescribed also reads (it may
# only shrink). Installs Node.js from Debian if it is missing (CI runs as root).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
cd "$root/tools/schemalint"
npm ci --no-audit --no-fund --loglevel=error
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The committed schema.graphql is what /graphql serves (CI's go generate step
# checks it is current; cmd/cockpit/schema.go prints it).
cp "$root/schema.graphql" "$work/schema.graphql"
SCHEMALINT_SDL="$work/schema.graphql" node lint.mjs "$work/schema.graphql" "$root/internal/schemadoc/undocumented.txt"
