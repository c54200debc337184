// Package lease runs background work once per fleet (issue 20): of all the
// Cockpit replicas on one PostgreSQL database, one holds a named lease and
// runs the work; when it dies, another takes the lease over within seconds.
//
// A lease is a session-level advisory lock held on a dedicated connection
// opened from the direct database URL (serve's --listen-database-url: never
// through a transaction-mode pooler, where a session lock would land on any
// server connection). The holder checks its connection with a heartbeat
// query and cancels the work as soon as one fails or is late; PostgreSQL
// frees the lock when the holder's session ends (its process died, or the
// connection closed), and ends a session that stopped heartbeating
// (idle_session_timeout, PostgreSQL 14 and later) so that a hung holder
// loses the lease too. A new holder waits a grace period after taking the
// lock before starting the work, long enough for a holder whose session was
// ended under it to notice at its next heartbeat and stop: the work does not
// run on two replicas at once.
//
// The lock is per database: the key is a hash of the lease's name and the
// connection's current schema, so deployments (and tests) sharing a
// database in separate schemas have separate leases. The holder's
// connection is named "cockpit-lease <name> <holder>" (application_name),
// so pg_stat_activity shows which replica holds which lease.
//
// On SQLite one process owns the database and always holds every lease.
package lease

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
)

// Options tune the leases.
type Options struct {
	// Heartbeat is how often the holder checks its connection (0: 1 s).
	// A holder whose session ended stops its work within two heartbeats;
	// another replica starts the work about Retry + 3 heartbeats after.
	Heartbeat time.Duration
	// Retry is how often a replica not holding the lease tries to take it
	// (0: 1 s).
	Retry time.Duration
	// Holder names this replica in log lines and pg_stat_activity
	// (default: host name and process id).
	Holder string
	// Logger receives "lease acquired" and "lease lost" lines (nil:
	// slog.Default()).
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Heartbeat <= 0 {
		o.Heartbeat = time.Second
	}
	if o.Retry <= 0 {
		o.Retry = time.Second
	}
	if o.Holder == "" {
		host, _ := os.Hostname()
		o.Holder = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Leases takes named leases on one database.
type Leases struct {
	dialect string
	dsn     string
	opts    Options

	mu   sync.Mutex
	held map[string]bool
}

// New returns the leases of the database of dialect d at dsn: on
// PostgreSQL, the direct URL (not through a transaction-mode pooler).
func New(d, dsn string, opts Options) *Leases {
	return &Leases{dialect: d, dsn: dsn, opts: opts.withDefaults(), held: map[string]bool{}}
}

// Held reports whether this replica holds the lease name now.
func (l *Leases) Held(name string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held[name]
}

// Holder is this replica's name in log lines and pg_stat_activity.
func (l *Leases) Holder() string { return l.opts.Holder }

func (l *Leases) setHeld(name string, v bool) {
	l.mu.Lock()
	l.held[name] = v
	l.mu.Unlock()
}

// Run runs work while this replica holds the lease name, until ctx ends:
// it takes the lease (waiting while another replica holds it), calls work
// with a context that is cancelled when the lease is lost or ctx ends, and
// after losing the lease tries to take it again. If work returns while the
// lease is held, Run releases it and returns. On SQLite Run calls work(ctx)
// at once.
func (l *Leases) Run(ctx context.Context, name string, work func(ctx context.Context)) {
	if l.dialect != dialect.Postgres {
		l.setHeld(name, true)
		defer l.setHeld(name, false)
		work(ctx)
		return
	}
	for ctx.Err() == nil {
		done := l.holdOnce(ctx, name, work)
		if done {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(l.opts.Retry):
		}
	}
}

// lockSQL takes the lease's advisory lock if it is free.
const lockSQL = `SELECT pg_try_advisory_lock(hashtextextended('cockpit.lease.' || coalesce(current_schema(), '') || '.' || $1, 0))`

// holdOnce opens the lease's connection, tries the lock, and if it gets it
// runs work until the lease is lost or ctx ends. It reports whether work
// returned by itself (Run is over).
func (l *Leases) holdOnce(ctx context.Context, name string, work func(context.Context)) (finished bool) {
	log := l.opts.Logger.With("lease", name, "holder", l.opts.Holder)
	conn, closeConn, err := l.connect(ctx, name)
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("lease: connecting failed", "error", err.Error())
		}
		return false
	}
	// Closing the connection ends the session, which releases the lock.
	defer closeConn()
	var got bool
	if err := conn.QueryRowContext(ctx, lockSQL, name).Scan(&got); err != nil {
		if ctx.Err() == nil {
			log.Warn("lease: taking the lock failed", "error", err.Error())
		}
		return false
	}
	if !got {
		// Another replica holds it; this connection closes and the next
		// try opens a new one (no idle session is left behind).
		return false
	}
	// Grace: a holder whose session was ended under it (terminated, or
	// its connection cut) stops its work by its next heartbeat.
	grace := 2*l.opts.Heartbeat + l.opts.Heartbeat/2
	if !l.beatFor(ctx, conn, grace) {
		return false
	}
	l.setHeld(name, true)
	defer l.setHeld(name, false)
	log.Info("lease acquired")
	workCtx, cancel := context.WithCancel(ctx)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		work(workCtx)
	}()
	tick := time.NewTicker(l.opts.Heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-returned:
			cancel()
			log.Info("lease released: the work ended")
			return ctx.Err() == nil
		case <-ctx.Done():
			cancel()
			<-returned
			log.Info("lease released")
			return true
		case <-tick.C:
			if err := l.heartbeat(ctx, conn); err != nil && ctx.Err() == nil {
				cancel()
				<-returned
				log.Warn("lease lost: the work was stopped", "error", err.Error())
				return false
			}
		}
	}
}

// beatFor heartbeats for d (the grace period) and reports whether the
// connection stayed up.
func (l *Leases) beatFor(ctx context.Context, conn *sql.Conn, d time.Duration) bool {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(l.opts.Heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-deadline.C:
			return l.heartbeat(ctx, conn) == nil
		case <-tick.C:
			if l.heartbeat(ctx, conn) != nil {
				return false
			}
		}
	}
}

// heartbeat checks that the session (and so the lock) is alive, bounded
// by one heartbeat interval.
func (l *Leases) heartbeat(ctx context.Context, conn *sql.Conn) error {
	hctx, cancel := context.WithTimeout(ctx, l.opts.Heartbeat)
	defer cancel()
	var one int
	return conn.QueryRowContext(hctx, `SELECT 1`).Scan(&one)
}

// connect opens the lease's own connection: a session that PostgreSQL
// ends after three heartbeats without a statement (idle_session_timeout;
// older servers only notice a dead peer).
func (l *Leases) connect(ctx context.Context, name string) (*sql.Conn, func(), error) {
	dsn, err := withApplicationName(l.dsn, "cockpit-lease "+name+" "+l.opts.Holder)
	if err != nil {
		return nil, nil, err
	}
	connector, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, nil, err
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := db.Conn(cctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	closeAll := func() {
		// The lock goes with the session: closing the private pool
		// closes the connection.
		conn.Close()
		db.Close()
	}
	timeout := 3 * l.opts.Heartbeat
	if _, err := conn.ExecContext(cctx, fmt.Sprintf(`SET idle_session_timeout = %d`, timeout.Milliseconds())); err != nil {
		var pqErr *pq.Error
		if !errors.As(err, &pqErr) || pqErr.Code != "42704" { // unrecognized parameter: before PostgreSQL 14
			closeAll()
			return nil, nil, err
		}
	}
	return conn, closeAll, nil
}

// withApplicationName sets application_name on a postgres:// URL (a
// key=value DSN gets it appended).
func withApplicationName(dsn, name string) (string, error) {
	name = strings.Map(func(r rune) rune {
		if r < 32 || r > 126 {
			return '_'
		}
		return r
	}, name)
	if len(name) > 63 {
		name = name[:63]
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", err
		}
		q := u.Query()
		q.Set("application_name", name)
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	return dsn + " application_name='" + strings.ReplaceAll(name, "'", `\'`) + "'", nil
}
