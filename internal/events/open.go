package events

import (
	"context"
	"log/slog"

	"entgo.io/ent/dialect"

	"github.com/coopnetwork/cockpit/internal/store"
)

// Open returns the broker for db: LISTEN/NOTIFY on PostgreSQL (dsn is the
// database URL db was opened with), in-process on SQLite (one process owns
// an embedded database).
func Open(ctx context.Context, db *store.DB, dsn string, logger *slog.Logger) (Broker, error) {
	if db.Dialect == dialect.Postgres {
		return NewPostgres(ctx, db.SQL, dsn, logger)
	}
	return NewLocal(), nil
}
