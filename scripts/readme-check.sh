#!/usr/bin/env bash
# readme-check: runs every ```sh block of README.md against the real cockpit
# binary serving the demo, so the README cannot rot. CI runs it; locally:
#
#   scripts/readme-check.sh            # both passes (about 2 minutes)
#   scripts/readme-check.sh "Money"    # only sections whose heading contains "Money"
#
# How the README is read
#   - A section is a "## " heading with everything up to the next "## "
#     heading ("### " subsections belong to it). Its ```sh blocks run in
#     order, in one bash (set -euo pipefail), so a block may use variables an
#     earlier block of the SAME section set, never those of another section.
#   - Blocks indented inside a list item ("  ```sh") are run with the
#     indentation removed.
#   - Two passes prove the walkthroughs independent: (1) every section alone,
#     on its own fresh demo database; (2) all sections in document order, each
#     in its own shell, on one shared database (so a section must work
#     whatever the sections before it changed: look IDs up, count voters
#     at the time, expect nothing to be still open that another section may
#     have closed). Dates: the demo is anchored at today (cockpit serve
#     --demo), so blocks compute dates relative to today (date -u -d ...).
#   - Each section runs in a fresh empty directory holding ./cockpit (a
#     link to the binary built once); PORT is a free port where the demo
#     server listens, PORT2 another free port for a block that starts a
#     second server, COCKPIT_DATABASE the demo database (cockpit token
#     reads it). Blocks must not hard-code 8080: use $PORT / $COCKPIT_URL.
#   - Background processes a block starts (cmd &) must be stopped by the
#     block itself (kill $!); the check also kills what is left of the
#     section's process group.
#
# Markers: an HTML comment on the line just above the ```sh fence (a blank
# line between them is allowed):
#   <!-- readme-check: server -->  the block holding the one command that
#       starts Cockpit with the demo: "go build -o cockpit ./cmd/cockpit &&
#       ./cockpit serve --demo ..." on one line. The check builds once with
#       the part before "&&" and runs the part after it in the background
#       for every fresh database. Other lines of that block (go test ./...,
#       which CI runs anyway) are not run. Exactly one such block.
#   <!-- readme-check: setup -->  the helpers (PORT, COCKPIT_URL, q, ...):
#       sourced at the start of every section's shell. Exactly one.
#   <!-- readme-check: skip (reason) -->  not run here; the reason is
#       required and should say what it needs (Docker, root, PostgreSQL,
#       rover, a long benchmark ...). Keep these few.
# Any other ```sh block is run. Blocks in other languages (```graphql,
# ```js, ```) are not run.
#
# On failure it prints the pass, the section, the block (README line and
# text) and the block's output, and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
only=${1:-}
for tool in curl jq go; do
  command -v "$tool" >/dev/null || { echo "readme-check: needs $tool" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- extract the blocks ------------------------------------------------------
mkdir -p "$work/blocks"
awk -v dir="$work/blocks" '
  function flush() { close(file) }
  BEGIN { n = 0; inblock = 0; incode = 0; marker = ""; prev = "" }
  {
    line = $0
    if (inblock) {
      if (line ~ /^[ \t]*```[ \t]*$/) { inblock = 0; flush(); next }
      sub("^" indent, "", line)
      print line > file
      next
    }
    if (incode) { if (line ~ /^[ \t]*```/) incode = 0; next }
    if (line ~ /^## /) { section = substr(line, 4); marker = "" }
    if (line ~ /^[ \t]*```sh[ \t]*$/) {
      n++; inblock = 1
      indent = line; sub(/```sh.*/, "", indent)
      file = sprintf("%s/%03d.sh", dir, n)
      printf "" > file
      m = prev ~ /<!-- readme-check: / ? prev : ""
      sub(/.*<!-- readme-check: */, "", m); sub(/ *-->.*/, "", m)
      printf "%03d\t%d\t%s\t%s\n", n, NR, m, section > (dir "/index")
      next
    }
    if (line ~ /^[ \t]*```/) { incode = 1; next }
    if (line !~ /^[ \t]*$/) prev = line
  }
' README.md

server_block=$(awk -F'\t' '$3 == "server" {print $1}' "$work/blocks/index")
setup_block=$(awk -F'\t' '$3 == "setup" {print $1}' "$work/blocks/index")
if [ "$(wc -w <<<"$server_block")" != 1 ] || [ "$(wc -w <<<"$setup_block")" != 1 ]; then
  echo "readme-check: README.md needs exactly one <!-- readme-check: server --> and one <!-- readme-check: setup --> block" >&2
  exit 1
fi
if bad=$(awk -F'\t' '$3 != "" && $3 != "server" && $3 != "setup" && $3 !~ /^skip \(.+\)$/ {print "line " $2 ": " $3}' "$work/blocks/index") && [ -n "$bad" ]; then
  echo "readme-check: unknown markers (want server, setup or skip (reason)):" >&2; echo "$bad" >&2; exit 1
fi
serve_line=$(grep -m1 -- 'serve --demo' "$work/blocks/$server_block.sh" || true)
build_cmd=${serve_line%%&&*}
serve_cmd=${serve_line#*&&}
serve_cmd=${serve_cmd%%#*}
if [ "$(echo $build_cmd)" != "go build -o cockpit ./cmd/cockpit" ] || [ -z "${serve_cmd// /}" ]; then
  echo "readme-check: the server block must say: go build -o cockpit ./cmd/cockpit && ./cockpit serve --demo ... (got: $serve_line)" >&2
  exit 1
fi

# --- build once, seed a template demo database once --------------------------
echo "readme-check: building cockpit ($build_cmd)"
go build -o "$work/cockpit" ./cmd/cockpit

# A port nobody listens on, below the kernel's ephemeral range: a port in
# that range may be the local end of an outgoing connection (the test
# suites' database connections), which a probe does not see but which
# makes the server's bind fail.
ephemeral_low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
  local p span=$((ephemeral_low - 20000))
  [ "$span" -ge 1000 ] || span=10000
  while :; do
    p=$((20000 + RANDOM % span))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# start_demo DIR: serves the demo database DIR/cockpit.db with the README's
# own command on a free port; sets PORT and SERVER_PID.
start_demo() {
  local dir=$1 attempt
  for attempt in 1 2 3; do # another port when the chosen one was taken meanwhile
    PORT=$(free_port)
    (cd "$dir" && ln -sf "$work/cockpit" cockpit &&
      PORT=$PORT COCKPIT_DATABASE="$dir/cockpit.db" COCKPIT_CLOSE_INTERVAL=${COCKPIT_CLOSE_INTERVAL:-30s} \
        exec setsid bash -c "$serve_cmd" >"$dir/serve.log" 2>&1) &
    SERVER_PID=$!
    pids+=("$SERVER_PID")
    for _ in $(seq 1 600); do
      curl -sf "http://localhost:$PORT/readyz" >/dev/null 2>&1 && return 0
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$SERVER_PID" 2>/dev/null && break # running but never ready
    wait "$SERVER_PID" 2>/dev/null || true
    grep -q "address already in use" "$dir/serve.log" || break
  done
  echo "readme-check: the demo server did not start ($serve_cmd):" >&2
  cat "$dir/serve.log" >&2
  exit 1
}
stop_demo() {
  kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

echo "readme-check: seeding a template demo database"
mkdir -p "$work/template"
start_demo "$work/template"
stop_demo
# fresh_db DIR: a copy of the freshly seeded demo (database and its
# development JWT secret) in DIR.
fresh_db() {
  mkdir -p "$1"
  cp "$work/template/"cockpit.db* "$1/"
}

# --- run ---------------------------------------------------------------------
sections=()
while IFS= read -r s; do sections+=("$s"); done < <(
  awk -F'\t' '$3 == "" {print $4}' "$work/blocks/index" | awk '!seen[$0]++')

# run_section PASS DBDIR SECTION: runs the section's blocks in a fresh
# directory against the server on $PORT serving DBDIR/cockpit.db.
run_section() {
  local pass=$1 db=$2 section=$3
  local dir
  dir=$(mktemp -d "$work/run.XXXX")
  ln -s "$work/cockpit" "$dir/cockpit"
  local blocks
  blocks=$(awk -F'\t' -v s="$section" '$3 == "" && $4 == s {print $1}' "$work/blocks/index")
  {
    echo 'set -euo pipefail'
    echo ". '$work/blocks/$setup_block.sh' >'$dir/setup.log' 2>&1"
    for b in $blocks; do
      echo "echo $b >'$dir/current'"
      echo ". '$work/blocks/$b.sh' >'$dir/$b.log' 2>&1"
    done
    echo "echo done >'$dir/current'"
  } >"$dir/run.sh"
  local start=$SECONDS rc=0
  (cd "$dir" && PORT=$PORT PORT2=$(free_port) COCKPIT_DATABASE="$db/cockpit.db" exec setsid bash "$dir/run.sh") &
  local pid=$!
  pids+=("$pid")
  wait "$pid" || rc=$?
  kill -TERM -- "-$pid" 2>/dev/null || true
  if [ "$rc" != 0 ]; then
    local b
    b=$(cat "$dir/current" 2>/dev/null || echo setup)
    echo
    echo "readme-check: FAILED ($pass) in section \"$section\""
    if [ "$b" = setup ] || [ ! -f "$work/blocks/$b.sh" ]; then
      echo "--- the setup block failed:"; cat "$dir/setup.log"
    else
      echo "--- block at README.md line $(awk -F'\t' -v b="$b" '$1 == b {print $2}' "$work/blocks/index"):"
      sed 's/^/    /' "$work/blocks/$b.sh"
      echo "--- its output:"
      cat "$dir/$b.log"
    fi
    echo "--- server log (last 5 lines):"
    tail -n 5 "$db/serve.log" 2>/dev/null || true
    exit 1
  fi
  printf '  ok  %-60s %3ss\n' "$section" $((SECONDS - start))
}

selected=()
for s in "${sections[@]}"; do
  [ -z "$only" ] || [[ "$s" == *"$only"* ]] || continue
  selected+=("$s")
done
[ "${#selected[@]}" -gt 0 ] || { echo "readme-check: no section matches \"$only\"" >&2; exit 1; }

echo "readme-check: pass 1, every section alone on a fresh demo database"
i=0
for s in "${selected[@]}"; do
  i=$((i + 1))
  fresh_db "$work/db1-$i"
  start_demo "$work/db1-$i"
  run_section "alone" "$work/db1-$i" "$s"
  stop_demo
done

echo "readme-check: pass 2, all sections in document order on one demo database"
fresh_db "$work/db2"
start_demo "$work/db2"
for s in "${selected[@]}"; do
  run_section "in document order" "$work/db2" "$s"
done
stop_demo
echo "readme-check: every README command block ran (${#selected[@]} sections, both passes, ${SECONDS}s)"
