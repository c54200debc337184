package store

import (
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// NewCachedDriver puts db's pool behind a statement cache of size entries
// whatever its dialect, so that the cache is tested on SQLite too. Closing
// the driver closes the pool.
func NewCachedDriver(db *DB, size int) (dialect.Driver, func() StatementStats) {
	sd := newStmtDriver(entsql.OpenDB(db.Dialect, db.SQL), size)
	return sd, sd.cache.stats
}

// CloseCache closes the statement cache of a driver from NewCachedDriver,
// leaving the pool open.
func CloseCache(drv dialect.Driver) { drv.(*stmtDriver).cache.close() }
