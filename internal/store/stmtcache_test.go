package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// cacheEnv is a fresh database with a table t(id, name) of rows 1..3,
// an ent driver on it with a statement cache, and the cache's counters.
type cacheEnv struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	drv   dialect.Driver
	stats func() store.StatementStats
}

func newCacheEnv(t *testing.T, size int) *cacheEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, testkit.NewDatabaseURL(t), store.Options{NoPreparedStatements: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// One connection: what is prepared where is deterministic, and
	// pg_prepared_statements (per session) sees all of it.
	db.SQL.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL)`,
		`INSERT INTO t (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')`,
	} {
		if _, err := db.SQL.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	drv, stats := store.NewCachedDriver(db, size)
	return &cacheEnv{t: t, ctx: ctx, db: db, drv: drv, stats: stats}
}

// ph is the n-th placeholder in the database's syntax.
func ph(n int) string {
	if testkit.Postgres() {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// names runs query through q and returns the first column of its rows.
func names(t *testing.T, ctx context.Context, q dialect.ExecQuerier, query string, args ...any) []string {
	t.Helper()
	var rows entsql.Rows
	if err := q.Query(ctx, query, args, &rows); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// serverPrepared counts the statements prepared on the pool's one
// connection (PostgreSQL; -1 on SQLite).
func (e *cacheEnv) serverPrepared() int {
	e.t.Helper()
	if !testkit.Postgres() {
		return -1
	}
	var n int
	if err := e.db.SQL.QueryRowContext(e.ctx, `SELECT count(*) FROM pg_prepared_statements`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestStatementCacheReusesAndEvicts(t *testing.T) {
	e := newCacheEnv(t, 2)
	q := func(id int) string { return fmt.Sprintf(`SELECT name FROM t WHERE id = %d`, id) }
	for _, id := range []int{1, 2, 1, 3} { // 3 evicts 2, the least recently used
		if got := names(t, e.ctx, e.drv, q(id)); len(got) != 1 {
			t.Fatalf("%s: %v", q(id), got)
		}
	}
	s := e.stats()
	if s.Prepares != 3 || s.Hits != 1 || s.Evictions != 1 || s.Size != 2 {
		t.Errorf("after 1, 2, 1, 3 with room for 2: %+v, want 3 prepares, 1 hit, 1 eviction, 2 cached", s)
	}
	if n := e.serverPrepared(); n != -1 && n != 2 {
		t.Errorf("%d statements prepared on the server, want 2 (the evicted one closed)", n)
	}
	names(t, e.ctx, e.drv, q(1)) // still cached
	names(t, e.ctx, e.drv, q(2)) // prepared again, evicts 3
	if s := e.stats(); s.Prepares != 4 || s.Hits != 2 || s.Evictions != 2 {
		t.Errorf("after 1, 2 again: %+v, want 4 prepares, 2 hits, 2 evictions", s)
	}
	if err := e.drv.Close(); err != nil {
		t.Fatal(err)
	}
	if s := e.stats(); s.Size != 0 {
		t.Errorf("after Close, %d statements cached", s.Size)
	}
}

// TestStatementCacheClosesStatements: closing the cache deallocates the
// server's prepared statements (the pool itself stays open here).
func TestStatementCacheClosesStatements(t *testing.T) {
	if !testkit.Postgres() {
		t.Skip("pg_prepared_statements: PostgreSQL")
	}
	e := newCacheEnv(t, 10)
	for id := 1; id <= 3; id++ {
		names(t, e.ctx, e.drv, fmt.Sprintf(`SELECT name FROM t WHERE id = %d`, id))
	}
	if n := e.serverPrepared(); n != 3 {
		t.Fatalf("%d statements prepared on the server, want 3", n)
	}
	store.CloseCache(e.drv)
	if n := e.serverPrepared(); n != 0 {
		t.Errorf("after closing the cache, %d statements prepared on the server, want 0", n)
	}
	// Statements still run, unprepared.
	if got := names(t, e.ctx, e.drv, `SELECT name FROM t WHERE id = 1`); len(got) != 1 || got[0] != "one" {
		t.Errorf("after closing the cache: %v", got)
	}
	if s := e.stats(); s.Fallbacks != 1 || s.Size != 0 {
		t.Errorf("after closing the cache: %+v, want 1 fallback, nothing cached", s)
	}
}

// TestStatementCacheArgumentTypes runs one statement text with arguments of
// several Go types: the prepared statement's parameter types come from the
// statement, as they do unprepared.
func TestStatementCacheArgumentTypes(t *testing.T) {
	e := newCacheEnv(t, 10)
	query := `SELECT name FROM t WHERE id = ` + ph(1)
	for _, arg := range []any{int64(2), int(2), int32(2), "2", float64(2)} {
		got := names(t, e.ctx, e.drv, query, arg)
		if len(got) != 1 || got[0] != "two" {
			t.Errorf("id = %T(%v): %v, want [two]", arg, arg, got)
		}
	}
	// Text parameters too, and an argument the database refuses fails as
	// it would unprepared and leaves the cached statement alone.
	byName := `SELECT name FROM t WHERE name = ` + ph(1)
	textArgs := []any{"three"}
	if testkit.Postgres() { // SQLite compares a blob with text as unequal
		textArgs = append(textArgs, []byte("three"))
	}
	for _, arg := range textArgs {
		if got := names(t, e.ctx, e.drv, byName, arg); len(got) != 1 || got[0] != "three" {
			t.Errorf("name = %T: %v", arg, got)
		}
	}
	if testkit.Postgres() {
		var rows entsql.Rows
		if err := e.drv.Query(e.ctx, query, []any{"two"}, &rows); err == nil || !strings.Contains(err.Error(), "invalid input syntax") {
			t.Errorf("id = 'two': %v, want the database's invalid input syntax", err)
		}
	}
	if s := e.stats(); s.Prepares != 2 || s.Fallbacks != 0 {
		t.Errorf("%+v, want 2 prepares, no fallback", s)
	}
}

// TestStatementCacheInvalidatedPlan: a schema change makes PostgreSQL refuse
// a cached statement whose result type changed ("cached plan must not
// change result type"). Outside a transaction the statement is dropped and
// run once more unprepared; in a transaction (aborted by the error) it is
// dropped and the error returned. SQLite re-prepares by itself.
func TestStatementCacheInvalidatedPlan(t *testing.T) {
	e := newCacheEnv(t, 10)
	query := `SELECT * FROM t WHERE id = ` + ph(1)
	columns := func(q dialect.ExecQuerier) (int, error) {
		var rows entsql.Rows
		if err := q.Query(e.ctx, query, []any{1}, &rows); err != nil {
			return 0, err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		return len(cols), err
	}
	if n, err := columns(e.drv); err != nil || n != 2 {
		t.Fatalf("before: %d columns, %v", n, err)
	}
	alter := func(col string) {
		if _, err := e.db.SQL.ExecContext(e.ctx, `ALTER TABLE t ADD COLUMN `+col+` integer`); err != nil {
			t.Fatal(err)
		}
	}
	alter("extra")
	if n, err := columns(e.drv); err != nil || n != 3 {
		t.Fatalf("after ADD COLUMN: %d columns, %v; want 3", n, err)
	}
	before := e.stats()
	if testkit.Postgres() && (before.Fallbacks != 1 || before.Size != 0) {
		t.Errorf("after the invalidated plan: %+v, want 1 fallback and the statement dropped", before)
	}
	if n, err := columns(e.drv); err != nil || n != 3 { // prepared afresh
		t.Fatalf("again: %d columns, %v", n, err)
	}

	// In a transaction.
	alter("more")
	tx, err := e.drv.Tx(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	n, err := columns(tx)
	if testkit.Postgres() {
		if err == nil || !strings.Contains(err.Error(), "cached plan must not change result type") {
			t.Fatalf("in a transaction after ADD COLUMN: %d columns, %v; want the database's error", n, err)
		}
		if s := e.stats(); s.Size != 0 {
			t.Errorf("in a transaction: %+v, want the statement dropped", s)
		}
		_ = tx.Rollback()
		if n, err := columns(e.drv); err != nil || n != 4 {
			t.Errorf("after the transaction: %d columns, %v; want 4", n, err)
		}
	} else if err != nil || n != 4 {
		t.Errorf("in a transaction after ADD COLUMN: %d columns, %v; want 4", n, err)
	}
}

// TestStatementCacheFailedPrepare: a statement that cannot be prepared
// fails with the database's own error and is not kept.
func TestStatementCacheFailedPrepare(t *testing.T) {
	e := newCacheEnv(t, 10)
	var rows entsql.Rows
	err := e.drv.Query(e.ctx, `SELECT name FROM missing`, []any{}, &rows)
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("query on a missing table: %v", err)
	}
	err = e.drv.Exec(e.ctx, `UPDATE missing SET name = 'x'`, []any{}, nil)
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("update of a missing table: %v", err)
	}
	if s := e.stats(); s.Size != 0 || s.Fallbacks != 2 {
		t.Errorf("%+v, want nothing cached and 2 fallbacks", s)
	}
	// The connection is fine afterwards.
	if got := names(t, e.ctx, e.drv, `SELECT name FROM t WHERE id = 1`); len(got) != 1 {
		t.Errorf("after the failures: %v", got)
	}
}

// TestStatementCacheTransactions: a transaction's statements use the cached
// statements (one not prepared yet runs unprepared while it is prepared in
// the background) and see the transaction's own writes; Exec returns the
// result ent reads affected rows from.
func TestStatementCacheTransactions(t *testing.T) {
	e := newCacheEnv(t, 10)
	e.db.SQL.SetMaxOpenConns(2) // the transaction holds one, the background preparation takes the other
	update := `UPDATE t SET name = ` + ph(1) + ` WHERE id = ` + ph(2)
	read := `SELECT name FROM t WHERE id = ` + ph(1)
	for i, name := range []string{"uno", "eins", "un"} {
		tx, err := e.drv.Tx(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var res sql.Result
		if err := tx.Exec(e.ctx, update, []any{name, 1}, &res); err != nil {
			t.Fatal(err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			t.Errorf("rows affected: %d, %v", n, err)
		}
		if got := names(t, e.ctx, tx, read, 1); len(got) != 1 || got[0] != name {
			t.Errorf("round %d, in the transaction: %v, want %s", i, got, name)
		}
		if i == 2 {
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			break
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := names(t, e.ctx, e.drv, read, 1); len(got) != 1 || got[0] != name {
			t.Errorf("round %d, after commit: %v, want %s", i, got, name)
		}
	}
	if got := names(t, e.ctx, e.drv, read, 1); len(got) != 1 || got[0] != "eins" {
		t.Errorf("after the rollback: %v, want eins", got)
	}
	if s := e.stats(); s.Hits == 0 || s.Prepares != 2 {
		t.Errorf("%+v, want the two statements prepared once and reused", s)
	}
}

// TestStatementCacheConcurrent runs many statement texts from many
// goroutines through a cache smaller than them, so that statements are
// evicted while others use them: every answer is right.
func TestStatementCacheConcurrent(t *testing.T) {
	e := newCacheEnv(t, 3)
	e.db.SQL.SetMaxOpenConns(4)
	want := map[int]string{1: "one", 2: "two", 3: "three"}
	var wg sync.WaitGroup
	errs := make(chan error, 8*40)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				id := 1 + (g+i)%3
				query := fmt.Sprintf(`SELECT name FROM t WHERE id = %s AND %d = %d`, ph(1), i%7, i%7)
				var rows entsql.Rows
				if err := e.drv.Query(e.ctx, query, []any{id}, &rows); err != nil {
					errs <- err
					return
				}
				var got string
				ok := rows.Next()
				if ok {
					_ = rows.Scan(&got)
				}
				rows.Close()
				if got != want[id] {
					errs <- fmt.Errorf("%s with %d: %q, want %q", query, id, got, want[id])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if s := e.stats(); s.Evictions == 0 || s.Hits == 0 || s.Size > 3 {
		t.Errorf("%+v, want evictions and hits, at most 3 cached", s)
	}
}
