package store

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"
)

// DefaultStatementCacheSize is how many statement texts a pool keeps
// prepared (least recently used closed first) unless Options says otherwise.
const DefaultStatementCacheSize = 500

// StatementStats counts what the prepared-statement cache did since the
// pool opened.
type StatementStats struct {
	Hits      int64 // statements run on a statement already in the cache
	Prepares  int64 // statement texts prepared (cache misses)
	Evictions int64 // prepared statements closed to make room
	Fallbacks int64 // statements run unprepared after the prepared path failed (or could not prepare)
	Size      int   // statement texts cached now
}

// stmtCache keeps one *sql.Stmt per statement text, at most size of them.
// database/sql prepares a Stmt lazily on each connection that runs it and
// again on new connections (a dropped or recycled connection is forgotten);
// a transaction reuses it through Tx.StmtContext, which takes the statement
// already prepared on the transaction's connection.
type stmtCache struct {
	db   *sql.DB
	size int

	mu     sync.Mutex
	lru    *list.List // of *cachedStmt, most recently used first
	byText map[string]*list.Element
	closed bool

	hits, prepares, evictions, fallbacks atomic.Int64
}

type cachedStmt struct {
	query string
	ready chan struct{} // closed when prepared (stmt or err set)
	stmt  *sql.Stmt
	err   error
	// Guarded by stmtCache.mu: users holding the statement, and whether
	// it left the cache (closed by the last user).
	refs    int
	dropped bool
}

func newStmtCache(db *sql.DB, size int) *stmtCache {
	if size <= 0 {
		size = DefaultStatementCacheSize
	}
	return &stmtCache{db: db, size: size, lru: list.New(), byText: map[string]*list.Element{}}
}

// errNotReady: a transaction does not wait for a statement being prepared.
var errNotReady = errors.New("store: statement not prepared yet")

// acquire returns query's prepared statement, preparing it on first use;
// the caller releases it. An error means the statement is to run
// unprepared (the pool is closed, or preparing failed).
//
// In a transaction (inTx) acquire never waits for a connection: the
// transaction holds one, and if every transaction of a full pool waited for
// another to prepare, none would go on. A statement not prepared yet runs
// unprepared there while it is prepared in the background for the next use.
func (c *stmtCache) acquire(ctx context.Context, query string, inTx bool) (*cachedStmt, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errors.New("store: statement cache closed")
	}
	if el, ok := c.byText[query]; ok {
		e := el.Value.(*cachedStmt)
		c.lru.MoveToFront(el)
		select {
		case <-e.ready:
		default:
			if inTx {
				c.mu.Unlock()
				return nil, errNotReady
			}
		}
		e.refs++
		c.mu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			c.release(e)
			return nil, ctx.Err()
		}
		if e.err != nil {
			c.release(e)
			return nil, e.err
		}
		c.hits.Add(1)
		return e, nil
	}
	e := &cachedStmt{query: query, ready: make(chan struct{}), refs: 1}
	c.byText[query] = c.lru.PushFront(e)
	var evicted []*sql.Stmt
	for c.lru.Len() > c.size {
		old := c.lru.Back().Value.(*cachedStmt)
		if s := c.dropLocked(old); s != nil {
			evicted = append(evicted, s)
		}
		c.evictions.Add(1)
	}
	c.mu.Unlock()
	closeAll(evicted)

	// Prepared outside the lock: other statements go on meanwhile, and
	// callers of the same text wait for this one.
	c.prepares.Add(1)
	if inTx {
		go func() {
			pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), prepareTimeout)
			defer cancel()
			c.prepare(pctx, e)
			c.release(e)
		}()
		return nil, errNotReady
	}
	if err := c.prepare(ctx, e); err != nil {
		c.release(e)
		return nil, err
	}
	return e, nil
}

// prepareTimeout bounds a background preparation.
const prepareTimeout = 30 * time.Second

// prepare prepares e's statement, or drops e when that fails.
func (c *stmtCache) prepare(ctx context.Context, e *cachedStmt) error {
	stmt, err := c.db.PrepareContext(ctx, e.query)
	c.mu.Lock()
	e.stmt, e.err = stmt, err
	c.mu.Unlock()
	close(e.ready)
	if err != nil {
		c.drop(e)
	}
	return err
}

// release ends a use of e; the last user of a dropped statement closes it.
func (c *stmtCache) release(e *cachedStmt) {
	c.mu.Lock()
	e.refs--
	var s *sql.Stmt
	if e.refs == 0 && e.dropped {
		s, e.stmt = e.stmt, nil
	}
	c.mu.Unlock()
	closeAll([]*sql.Stmt{s})
}

// drop takes e out of the cache (its statement is closed once unused): the
// next use of its text prepares it afresh.
func (c *stmtCache) drop(e *cachedStmt) {
	c.mu.Lock()
	s := c.dropLocked(e)
	c.mu.Unlock()
	closeAll([]*sql.Stmt{s})
}

// dropLocked removes e from the cache and returns its statement when it is
// to be closed now (nobody uses it and it is prepared).
func (c *stmtCache) dropLocked(e *cachedStmt) *sql.Stmt {
	if e.dropped {
		return nil
	}
	e.dropped = true
	if el, ok := c.byText[e.query]; ok && el.Value == e {
		c.lru.Remove(el)
		delete(c.byText, e.query)
	}
	if e.refs > 0 {
		return nil
	}
	s := e.stmt
	e.stmt = nil
	return s
}

// close closes every cached statement; later statements run unprepared.
func (c *stmtCache) close() {
	c.mu.Lock()
	c.closed = true
	var all []*sql.Stmt
	for c.lru.Len() > 0 {
		if s := c.dropLocked(c.lru.Front().Value.(*cachedStmt)); s != nil {
			all = append(all, s)
		}
	}
	c.mu.Unlock()
	closeAll(all)
}

func (c *stmtCache) stats() StatementStats {
	c.mu.Lock()
	n := c.lru.Len()
	c.mu.Unlock()
	return StatementStats{Hits: c.hits.Load(), Prepares: c.prepares.Load(), Evictions: c.evictions.Load(), Fallbacks: c.fallbacks.Load(), Size: n}
}

func closeAll(stmts []*sql.Stmt) {
	for _, s := range stmts {
		if s != nil {
			_ = s.Close()
		}
	}
}

// preparedFailure reports whether err means the prepared path failed where
// the statement did not run, so that dropping the statement and running the
// text unprepared is safe and may succeed: a schema change invalidated the
// cached plan ("cached plan must not change result type", 0A000), the
// server does not know the statement or knows another of that name (26000,
// 42P05: a transaction-mode pooler between), or the connection was bad
// before the statement was sent (database/sql retried that already).
func preparedFailure(err error) bool {
	if errors.Is(err, driver.ErrBadConn) {
		return true
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "0A000", "26000", "42P05":
			return true
		}
	}
	return strings.Contains(err.Error(), "statement is closed")
}

// stmtDriver is ent's SQL driver with every statement prepared once per
// connection and reused: Driver.Query/Exec and those of its transactions
// go through the cache. Statements run unprepared when preparing fails,
// and once more unprepared (outside transactions) when the prepared
// statement fails as preparedFailure says.
type stmtDriver struct {
	*entsql.Driver
	cache *stmtCache
}

func newStmtDriver(drv *entsql.Driver, size int) *stmtDriver {
	return &stmtDriver{Driver: drv, cache: newStmtCache(drv.DB(), size)}
}

func args(args any) ([]any, error) {
	argv, ok := args.([]any)
	if !ok {
		return nil, fmt.Errorf("dialect/sql: invalid type %T. expect []any for args", args)
	}
	return argv, nil
}

// Query runs query prepared, or unprepared when the prepared path fails
// before the statement ran.
func (d *stmtDriver) Query(ctx context.Context, query string, a, v any) error {
	vr, ok := v.(*entsql.Rows)
	argv, err := args(a)
	if !ok || err != nil {
		return d.Driver.Query(ctx, query, a, v) // ent's own error
	}
	if e, err := d.cache.acquire(ctx, query, false); err == nil {
		rows, err := e.stmt.QueryContext(ctx, argv...)
		d.cache.release(e)
		if err == nil {
			*vr = entsql.Rows{ColumnScanner: rows}
			return nil
		}
		if !preparedFailure(err) {
			return err
		}
		d.cache.drop(e)
	}
	d.cache.fallbacks.Add(1)
	return d.Driver.Query(ctx, query, a, v)
}

// Exec runs query prepared, or unprepared when the prepared path fails
// before the statement ran.
func (d *stmtDriver) Exec(ctx context.Context, query string, a, v any) error {
	argv, err := args(a)
	if err != nil {
		return err
	}
	res, ok := v.(*sql.Result)
	if !ok && v != nil {
		return d.Driver.Exec(ctx, query, a, v) // ent's own error
	}
	if e, err := d.cache.acquire(ctx, query, false); err == nil {
		r, err := e.stmt.ExecContext(ctx, argv...)
		d.cache.release(e)
		if err == nil {
			if res != nil {
				*res = r
			}
			return nil
		}
		if !preparedFailure(err) {
			return err
		}
		d.cache.drop(e)
	}
	d.cache.fallbacks.Add(1)
	return d.Driver.Exec(ctx, query, a, v)
}

// Tx starts a transaction whose statements go through the cache.
func (d *stmtDriver) Tx(ctx context.Context) (dialect.Tx, error) { return d.BeginTx(ctx, nil) }

// BeginTx starts a transaction with options whose statements go through the
// cache.
func (d *stmtDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	tx, err := d.Driver.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	t, ok := tx.(*entsql.Tx)
	if !ok {
		return tx, nil
	}
	sqlTx, ok := t.Tx.(*sql.Tx)
	if !ok {
		return tx, nil
	}
	return &stmtTx{Tx: t, tx: sqlTx, cache: d.cache}, nil
}

// Close closes the cached statements, then the pool.
func (d *stmtDriver) Close() error {
	d.cache.close()
	return d.Driver.Close()
}

// stmtTx runs a transaction's statements on the cached statements, through
// Tx.StmtContext (prepared on the transaction's connection unless it was
// already). A failed statement has aborted a PostgreSQL transaction, so
// nothing is retried here: a statement failing as preparedFailure says is
// only dropped from the cache, and the transaction fails.
type stmtTx struct {
	*entsql.Tx
	tx    *sql.Tx
	cache *stmtCache
}

func (t *stmtTx) Query(ctx context.Context, query string, a, v any) error {
	vr, ok := v.(*entsql.Rows)
	argv, err := args(a)
	if !ok || err != nil {
		return t.Tx.Query(ctx, query, a, v)
	}
	e, err := t.cache.acquire(ctx, query, true)
	if err != nil {
		t.cache.fallbacks.Add(1)
		return t.Tx.Query(ctx, query, a, v)
	}
	rows, err := t.tx.StmtContext(ctx, e.stmt).QueryContext(ctx, argv...)
	t.cache.release(e)
	if err != nil {
		if preparedFailure(err) {
			t.cache.drop(e)
		}
		return err
	}
	*vr = entsql.Rows{ColumnScanner: rows}
	return nil
}

func (t *stmtTx) Exec(ctx context.Context, query string, a, v any) error {
	argv, err := args(a)
	if err != nil {
		return err
	}
	res, ok := v.(*sql.Result)
	if !ok && v != nil {
		return t.Tx.Exec(ctx, query, a, v)
	}
	e, err := t.cache.acquire(ctx, query, true)
	if err != nil {
		t.cache.fallbacks.Add(1)
		return t.Tx.Exec(ctx, query, a, v)
	}
	r, err := t.tx.StmtContext(ctx, e.stmt).ExecContext(ctx, argv...)
	t.cache.release(e)
	if err != nil {
		if preparedFailure(err) {
			t.cache.drop(e)
		}
		return err
	}
	if res != nil {
		*res = r
	}
	return nil
}
