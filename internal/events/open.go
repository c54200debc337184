package events

import (
	"context"
	"database/sql"
	"log/slog"

	"entgo.io/ent/dialect"
)

// Open returns the broker for a database of dialect d: LISTEN/NOTIFY on
// PostgreSQL (dsn is the database URL db was opened with), in-process on
// SQLite (one process owns an embedded database). It takes the database's
// parts, not internal/store's DB, so that domain code can publish events
// without depending on the store (which imports the ent schema).
func Open(ctx context.Context, d string, db *sql.DB, dsn string, logger *slog.Logger) (Broker, error) {
	if d == dialect.Postgres {
		return NewPostgres(ctx, db, dsn, logger)
	}
	return NewLocal(), nil
}
