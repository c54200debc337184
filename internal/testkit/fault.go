package testkit

import (
	"context"
	"errors"
	"regexp"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// ErrFault is what a statement failed by a FaultDriver returns: a database
// error that is neither "not found" nor a lost connection.
var ErrFault = errors.New("testkit: injected database fault")

// FaultDriver fails the statements on one table: those of transactions
// (every mutation runs in one) once armed with Fail, all of them with
// FailAll. Everything else reaches the real database (with Fail, the viewer
// lookup of each request too).
// Tests use it to check how a database error surfaces at one exact place (it
// must never read as NOT_FOUND) without stopping the database.
type FaultDriver struct {
	dialect.Driver
	armed atomic.Pointer[fault]
	hits  atomic.Int64
}

type fault struct {
	table string
	all   bool // outside transactions too
}

// Fail makes every later statement on table in a transaction fail with
// ErrFault ("" heals).
func (d *FaultDriver) Fail(table string) {
	d.hits.Store(0)
	d.armed.Store(&fault{table: table})
}

// FailAll is Fail for every statement on table, outside transactions too
// (e.g. the person lookup of a login).
func (d *FaultDriver) FailAll(table string) {
	d.hits.Store(0)
	d.armed.Store(&fault{table: table, all: true})
}

// Hits returns how many statements failed since the last Fail.
func (d *FaultDriver) Hits() int64 { return d.hits.Load() }

// Wrap returns a store option that installs the driver.
func (d *FaultDriver) Wrap() func(dialect.Driver) dialect.Driver {
	return func(drv dialect.Driver) dialect.Driver {
		d.Driver = drv
		return d
	}
}

// mainTable finds the table a statement reads or writes: the first one it
// names after FROM, INTO or UPDATE (ent quotes names with backquotes on
// SQLite, double quotes on PostgreSQL). Tables in subqueries of privacy
// filters come later and do not count.
var mainTable = regexp.MustCompile("(?:FROM|INTO|UPDATE)\\s+[`\"]([^`\"]+)[`\"]")

// fails reports whether query (in a transaction when inTx) is to fail.
func (d *FaultDriver) fails(query string, inTx bool) bool {
	f := d.armed.Load()
	if f == nil || f.table == "" || !inTx && !f.all {
		return false
	}
	if m := mainTable.FindStringSubmatch(query); m != nil && m[1] == f.table {
		d.hits.Add(1)
		return true
	}
	return false
}

// Exec runs a statement outside a transaction unless FailAll fails it.
func (d *FaultDriver) Exec(ctx context.Context, query string, args, v any) error {
	if d.fails(query, false) {
		return ErrFault
	}
	return d.Driver.Exec(ctx, query, args, v)
}

// Query runs a query outside a transaction unless FailAll fails it.
func (d *FaultDriver) Query(ctx context.Context, query string, args, v any) error {
	if d.fails(query, false) {
		return ErrFault
	}
	return d.Driver.Query(ctx, query, args, v)
}

// Tx starts a transaction whose statements on the armed table fail.
func (d *FaultDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &faultTx{Tx: tx, d: d}, nil
}

type faultTx struct {
	dialect.Tx
	d *FaultDriver
}

func (t *faultTx) Exec(ctx context.Context, query string, args, v any) error {
	if t.d.fails(query, true) {
		return ErrFault
	}
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *faultTx) Query(ctx context.Context, query string, args, v any) error {
	if t.d.fails(query, true) {
		return ErrFault
	}
	return t.Tx.Query(ctx, query, args, v)
}
