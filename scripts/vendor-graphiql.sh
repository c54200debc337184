#!/usr/bin/env bash
# Refreshes the GraphiQL page's vendored browser builds (served by cockpit
# itself, so / works without internet): the minified UMD builds of graphiql
# and React from the npm registry, with their LICENSE files. Change the
# versions here, run it, and commit internal/server/graphiql/vendor.
# GraphiQL 3 is the last major version with a self-contained UMD build;
# React 18 the last with UMD builds.
set -euo pipefail
cd "$(dirname "$0")/.."
GRAPHIQL=3.9.0
REACT=18.3.1
dest=internal/server/graphiql/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" >/dev/null)
for p in graphiql-$GRAPHIQL react-$REACT react-dom-$REACT; do
  mkdir -p "$tmp/$p" && tar xzf "$tmp/$p.tgz" -C "$tmp/$p"
done
rm -rf "$dest" && mkdir -p "$dest"
cp "$tmp/graphiql-$GRAPHIQL/package/graphiql.min.js" "$tmp/graphiql-$GRAPHIQL/package/graphiql.min.css" "$dest/"
cp "$tmp/graphiql-$GRAPHIQL/package/LICENSE" "$dest/LICENSE.graphiql"
cp "$tmp/react-$REACT/package/umd/react.production.min.js" "$dest/"
cp "$tmp/react-$REACT/package/LICENSE" "$dest/LICENSE.react"
cp "$tmp/react-dom-$REACT/package/umd/react-dom.production.min.js" "$dest/"
cp "$tmp/react-dom-$REACT/package/LICENSE" "$dest/LICENSE.react-dom"
# The builds end with a sourceMappingURL comment; the maps are not shipped.
sed -i '/^\/\/# sourceMappingURL=/d' "$dest"/*.js
printf 'graphiql %s\nreact %s\nreact-dom %s\n' "$GRAPHIQL" "$REACT" "$REACT" >"$dest/VERSIONS"
echo "vendored into $dest:"; ls -l "$dest"
