#!/usr/bin/env bash
# Lints Cockpit's served schema with graphql-eslint (issue 18): every type,
# field, argument, enum value, input field, scalar and directive described,
# GraphQL naming conventions (eslint.config.js). Prints the public SDL with
# the hidden "cockpit schema" command (no database, no server; gqlgen's and
# federation's plumbing left out, internal/schemadoc PrintPublic) and fails on
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
(cd "$root" && go run ./cmd/cockpit schema) > "$work/schema.graphql"
SCHEMALINT_SDL="$work/schema.graphql" node lint.mjs "$work/schema.graphql" "$root/internal/schemadoc/undocumented.txt"
