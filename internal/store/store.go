// Package store opens Cockpit's database: an embedded SQLite file by default
// (pure-Go driver, no cgo) or PostgreSQL through lib/pq for production.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/webhook"
	"net"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq" // PostgreSQL driver
	"modernc.org/sqlite"

	"github.com/coopnetwork/cockpit/ent"
	_ "github.com/coopnetwork/cockpit/ent/runtime" // schema hooks and defaults
	"github.com/coopnetwork/cockpit/internal/archive"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/viewercache"
)

func init() {
	// ent and Atlas know SQLite under the name of the cgo driver; the pure-Go
	// driver takes that name so the binary stays cgo-free.
	if !slices.Contains(sql.Drivers(), dialect.SQLite) {
		sql.Register(dialect.SQLite, &sqlite.Driver{})
	}
}

// DefaultURL is the embedded database used when none is configured.
const DefaultURL = "cockpit.db"

// DB is an open database with its ent client.
type DB struct {
	Client *ent.Client
	SQL    *sql.DB
	// Driver is the client's driver (wrapped by Options.WrapDriver): domain
	// queries ent cannot express (talent search's ranking) go through it, so
	// they are counted and traced like every other statement.
	Driver  dialect.Driver
	Dialect string // dialect.SQLite or dialect.Postgres
	// Viewers caches tokens' persons and viewers' facts for this replica
	// (internal/viewercache); every write through Client that changes them
	// flushes it, and NOTIFYs other replicas on PostgreSQL.
	Viewers *viewercache.Cache
	maxIdle int
	stmts   *stmtCache // nil: statements run unprepared
}

// StatementStats reports the prepared-statement cache's work; ok is false
// when statements run unprepared (SQLite, or Options.NoPreparedStatements).
func (d *DB) StatementStats() (stats StatementStats, ok bool) {
	if d.stmts == nil {
		return StatementStats{}, false
	}
	return d.stmts.stats(), true
}

// Options tune Open.
type Options struct {
	// WrapDriver, when set, wraps the ent driver (tests count statements with it).
	WrapDriver func(dialect.Driver) dialect.Driver
	// MaxOpenConns limits the connection pool (0: unlimited).
	MaxOpenConns int
	// MaxIdleConns is the number of idle connections kept (0: database/sql's 2).
	MaxIdleConns int
	// ConnMaxLifetime closes connections older than this (0: never), so a
	// pool spreads over database replicas and forgets failed-over servers.
	ConnMaxLifetime time.Duration
	// ConnMaxIdleTime closes connections idle longer than this (0: 5 minutes).
	ConnMaxIdleTime time.Duration
	// NoPreparedStatements sends every PostgreSQL statement unprepared, as
	// a transaction-mode pooler without prepared-statement support needs
	// (PgBouncer before 1.21), each in one round trip (see pooler.go). By default each statement text is prepared
	// once per connection and reused (see stmtcache.go); SQLite statements
	// are never cached.
	NoPreparedStatements bool
	// StatementCacheSize is how many statement texts the pool keeps
	// prepared (0: DefaultStatementCacheSize).
	StatementCacheSize int
	// ViewerCache tunes DB.Viewers (TTL negative: no cache).
	ViewerCache viewercache.Options
}

// Open connects to rawURL: a postgres:// URL selects PostgreSQL; anything else
// is a SQLite file path (or a sqlite:// / file: URL).
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	dia, dsn, err := DSN(rawURL)
	if err != nil {
		return nil, err
	}
	var db *sql.DB
	if dia == dialect.Postgres {
		connector, err := pgConnector(dsn, opts.NoPreparedStatements)
		if err != nil {
			return nil, fmt.Errorf("opening %s database: %w", dia, err)
		}
		db = sql.OpenDB(noJIT{connector, strings.Contains(dsn, "jit=")})
	} else if db, err = sql.Open(dia, dsn); err != nil {
		return nil, fmt.Errorf("opening %s database: %w", dia, err)
	}
	if opts.MaxOpenConns > 0 {
		db.SetMaxOpenConns(opts.MaxOpenConns)
	}
	if opts.MaxIdleConns > 0 {
		db.SetMaxIdleConns(opts.MaxIdleConns)
	}
	if opts.ConnMaxLifetime > 0 {
		db.SetConnMaxLifetime(opts.ConnMaxLifetime)
	}
	idle := 5 * time.Minute
	if opts.ConnMaxIdleTime > 0 {
		idle = opts.ConnMaxIdleTime
	}
	db.SetConnMaxIdleTime(idle)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to %s database: %w", dia, err)
	}
	var drv dialect.Driver = entsql.OpenDB(dia, db)
	var cache *stmtCache
	if dia == dialect.Postgres && !opts.NoPreparedStatements {
		sd := newStmtDriver(entsql.OpenDB(dia, db), opts.StatementCacheSize)
		drv, cache = sd, sd.cache
	}
	if opts.WrapDriver != nil {
		drv = opts.WrapDriver(drv)
	}
	client := ent.NewClient(ent.Driver(drv))
	// Archived objects take no new references and no changes (issue 16);
	// every write appends to the audit log (internal/audit). The guard runs
	// first: a refused write reaches neither the database nor the log.
	// Writes that change viewer facts invalidate every replica's cache.
	viewers := viewercache.New(opts.ViewerCache)
	client.Use(archive.Guard(), audit.Hook(), viewercache.Hook(viewers, dia))
	// Every published event is written to the transactional outbox in the
	// transaction of its change (internal/webhook, issue 18).
	events.SetRecorder(webhook.Recorder)
	return &DB{Client: client, SQL: db, Driver: drv, Dialect: dia, Viewers: viewers, maxIdle: opts.MaxIdleConns, stmts: cache}, nil
}

// DropIdle closes the pool's idle connections. After the database was
// unreachable they are likely dead (a restarted server dropped them), and
// requests should not find that out one by one.
func (d *DB) DropIdle() {
	d.SQL.SetMaxIdleConns(-1)
	n := d.maxIdle
	if n == 0 {
		n = 2 // database/sql's default
	}
	d.SQL.SetMaxIdleConns(n)
}

// Close closes the client and the pool.
func (d *DB) Close() error { return d.Client.Close() }

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.SQL.PingContext(ctx) }

// DSN turns a Cockpit database URL into a driver name and data source name.
func DSN(rawURL string) (driver, dsn string, err error) {
	if rawURL == "" {
		rawURL = DefaultURL
	}
	if strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://") {
		return dialect.Postgres, rawURL, nil
	}
	path, query := rawURL, ""
	switch {
	case strings.HasPrefix(rawURL, "sqlite://"):
		path = strings.TrimPrefix(rawURL, "sqlite://")
	case strings.HasPrefix(rawURL, "file:"):
		path = strings.TrimPrefix(rawURL, "file:")
	case strings.Contains(rawURL, "://"):
		return "", "", errors.New("database URL must be postgres://… or a SQLite file path")
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", "", fmt.Errorf("database URL query: %w", err)
	}
	// Foreign keys are off by default in SQLite; WAL lets readers run beside
	// the writer; the busy timeout and immediate transactions make concurrent
	// writers queue instead of failing with "database is locked".
	for _, p := range []string{"foreign_keys(1)", "busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)"} {
		if q.Get("mode") == "memory" && strings.HasPrefix(p, "journal_mode") {
			continue
		}
		q.Add("_pragma", p)
	}
	if q.Get("_txlock") == "" {
		q.Set("_txlock", "immediate")
	}
	if q.Get("mode") != "memory" {
		path = filepath.Clean(path)
	}
	return dialect.SQLite, "file:" + path + "?" + q.Encode(), nil
}

// IsUnavailable reports whether err means the database could not be reached
// or dropped the connection (as opposed to refusing a statement): the
// caller answers 503 and retries later, nothing is wrong with the request.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	switch {
	// Not io.EOF: decoding a client's malformed cursor ends in it too (lib/pq
	// reports a dropped connection as driver.ErrBadConn).
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		// Class 08: connection exception; 57P01-57P03: the server shuts
		// down, crashed or is starting up.
		return pqErr.Code.Class() == "08" || pqErr.Code == "57P01" || pqErr.Code == "57P02" || pqErr.Code == "57P03"
	}
	// Some layers flatten the error into text.
	msg := err.Error()
	for _, s := range []string{"connection refused", "bad connection", "broken pipe", "connection reset", "the database system is", "sql: database is closed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// noJIT opens PostgreSQL connections with JIT compilation turned off, unless
// the URL sets jit itself. Cockpit's statements are short; when the planner's
// estimate of one (a talent search over thousands of matches) passed
// jit_above_cost, compiling it took longer (about 10 ms) than running it.
// Engines speaking the protocol without this setting refuse the SET; the
// connection is fine all the same.
type noJIT struct {
	driver.Connector
	urlSetsJIT bool
}

func (c noJIT) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil || c.urlSetsJIT {
		return conn, err
	}
	if ex, ok := conn.(driver.ExecerContext); ok {
		_, _ = ex.ExecContext(ctx, "SET jit = off", nil)
	}
	return conn, nil
}
