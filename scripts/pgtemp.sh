# Throwaway PostgreSQL cluster for scripts that stop and start the database
# (sourced). It runs as the postgres user in a temporary directory on its
# own port, so a shared PostgreSQL (other developers' tests) is never
# touched. Needs root (CI runs as root) and Debian's postgresql package.

# pgtemp_start PORT: initialises and starts the cluster; sets PGTEMP_DIR,
# PGTEMP_URL (postgres://postgres@127.0.0.1:PORT/postgres), pgtemp_stop_cmd
# and pgtemp_start_cmd.
pgtemp_start() {
  local port=$1
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGTEMP_DIR=$(mktemp -d /tmp/cockpit-pg.XXXXXX)
  chown postgres "$PGTEMP_DIR"
  su postgres -s /bin/sh -c "$bin/initdb -D '$PGTEMP_DIR/data' -U postgres --auth=trust -E UTF8 >/dev/null"
  pgtemp_start_cmd="su postgres -s /bin/sh -c \"$bin/pg_ctl -D '$PGTEMP_DIR/data' -l '$PGTEMP_DIR/log' -w -o '-p $port -k $PGTEMP_DIR -c listen_addresses=127.0.0.1 -c max_connections=200' start\" >/dev/null"
  pgtemp_stop_cmd="su postgres -s /bin/sh -c \"$bin/pg_ctl -D '$PGTEMP_DIR/data' -m fast -w stop\" >/dev/null"
  sh -c "$pgtemp_start_cmd"
  PGTEMP_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
}

# pgtemp_createdb NAME: creates a database; prints its URL.
pgtemp_createdb() {
  psql -q "$PGTEMP_URL" -c "CREATE DATABASE $1" >/dev/null
  echo "${PGTEMP_URL/\/postgres\?/\/$1?}"
}

# pgtemp_cleanup: stops the cluster and removes it.
pgtemp_cleanup() {
  if [ -n "${PGTEMP_DIR:-}" ]; then
    sh -c "$pgtemp_stop_cmd" 2>/dev/null || true
    rm -rf "$PGTEMP_DIR"
    PGTEMP_DIR=""
  fi
}
