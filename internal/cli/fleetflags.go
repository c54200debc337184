package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"entgo.io/ent/dialect"

	"github.com/coopnetwork/cockpit/internal/store"
)

// Flags for running Cockpit as a fleet of replicas (issue 20): the direct
// PostgreSQL connection used for LISTEN and the once-per-fleet lease, when
// the pool (--database) goes through a transaction-mode pooler such as
// PgBouncer.

// fleetFlags are serve's (and migrate's) fleet settings.
type fleetFlags struct {
	listenURL *string
}

func (f *flags) fleet() fleetFlags {
	return fleetFlags{
		listenURL: f.string("listen-database-url", "", "PostgreSQL: a direct connection URL (not through a transaction-mode pooler) for LISTEN and the once-per-fleet lease (migrations go through --database: their locks are per transaction); the --database URL when empty. Point --database at PgBouncer (pool_mode=transaction) and this at the server; both must reach the same database and schema"),
	}
}

// listen returns the URL for LISTEN and session-level locks: the listen URL,
// or the database URL when none is set.
func (p fleetFlags) listen(dbURL string) string {
	if p.listenURL != nil && *p.listenURL != "" {
		return *p.listenURL
	}
	return dbURL
}

// check refuses a listen URL that does not reach the database and schema
// of dbURL (through a pooler the database name may be an alias: the
// server's own names are compared). Its listener would hear none of the
// events written through the pool.
func (p fleetFlags) check(ctx context.Context, dbURL string) error {
	listen := p.listen(dbURL)
	if listen == dbURL {
		return nil
	}
	dia, _, err := store.DSN(dbURL)
	if err != nil {
		return err
	}
	if ldia, _, err := store.DSN(listen); err != nil || ldia != dia || dia != dialect.Postgres {
		return usageError{errors.New("--listen-database-url is a postgres:// URL, and only with a PostgreSQL --database")}
	}
	where := func(u string) (string, error) {
		db, err := sql.Open(dialect.Postgres, u)
		if err != nil {
			return "", err
		}
		defer db.Close()
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		var s string
		err = db.QueryRowContext(cctx, `SELECT current_database() || '.' || coalesce(current_schema(), '')`).Scan(&s)
		return s, err
	}
	a, err := where(dbURL)
	if err != nil {
		return fmt.Errorf("connecting to the database URL: %w", err)
	}
	b, err := where(listen)
	if err != nil {
		return fmt.Errorf("connecting to the listen database URL: %w", err)
	}
	if a != b {
		return fmt.Errorf("the listen database URL reaches %s, the database URL %s: they must name the same database and schema", b, a)
	}
	return nil
}
