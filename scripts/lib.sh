# Shared helpers of Cockpit's scripts (sourced, not run).

# build_cockpit DIR: builds the cockpit binary into DIR.
build_cockpit() {
  go build -o "$1/cockpit" ./cmd/cockpit
}

# start_cockpit LOGFILE ARGS...: starts "cockpit serve ARGS..." in the
# background on a free loopback port and waits until it answers /healthz.
# Sets COCKPIT_PID and COCKPIT_URL (http://127.0.0.1:PORT).
start_cockpit() {
  local log=$1; shift
  "$BIN/cockpit" serve --addr 127.0.0.1:0 "$@" 2>"$log" &
  COCKPIT_PID=$!
  local addr=""
  for _ in $(seq 1 100); do
    addr=$(grep -o '"msg":"cockpit serving","addr":"[^"]*"' "$log" 2>/dev/null | sed 's/.*"addr":"\([^"]*\)"/\1/' || true)
    [ -n "$addr" ] && break
    if ! kill -0 "$COCKPIT_PID" 2>/dev/null; then
      echo "cockpit serve exited:"; cat "$log"; return 1
    fi
    sleep 0.1
  done
  if [ -z "$addr" ]; then echo "cockpit serve did not start:"; cat "$log"; return 1; fi
  COCKPIT_URL="http://$addr"
  curl -fsS "$COCKPIT_URL/healthz" >/dev/null
}

# stop_cockpit: SIGTERM, then wait for the drain.
stop_cockpit() {
  if [ -n "${COCKPIT_PID:-}" ] && kill -0 "$COCKPIT_PID" 2>/dev/null; then
    kill -TERM "$COCKPIT_PID"
    wait "$COCKPIT_PID" || true
  fi
  COCKPIT_PID=""
}
