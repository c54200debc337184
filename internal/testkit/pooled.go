package testkit

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/coopnetwork/cockpit/internal/store"
)

// EnvDirectDatabase is the direct URL of the test database when
// COCKPIT_TEST_DATABASE points at a transaction-mode pooler in front of it
// (scripts/pgbouncer-test.sh). Each test's schema is then set up through the
// direct URL, with a role of the schema's name: the pooler cannot pass a
// search_path startup parameter on, but PostgreSQL's default search_path
// ("$user", public) finds the role's own schema first. The pooler must
// authenticate such roles itself (auth_user and auth_query, SCRAM pass-
// through) with the password of COCKPIT_TEST_DATABASE's URL. LISTEN goes
// through the direct URL (ListenURL), as serve's --listen-database-url does.
const EnvDirectDatabase = "COCKPIT_TEST_DIRECT_DATABASE"

// Pooled reports whether PostgreSQL tests run through a pooler.
func Pooled() bool { return Postgres() && os.Getenv(EnvDirectDatabase) != "" }

// listenURLs maps a pooled test database URL to its direct URL.
var listenURLs sync.Map // string → string

// ListenURL returns the URL to LISTEN on (and to take session-level locks
// on) for the test database u: the direct one when tests run through a
// pooler, u itself otherwise.
func ListenURL(u string) string {
	if d, ok := listenURLs.Load(u); ok {
		return d.(string)
	}
	return u
}

func newPooledDatabaseURL(t testing.TB, name, pooled, direct string) string {
	t.Helper()
	pu, err := url.Parse(pooled)
	if err != nil {
		t.Fatal(err)
	}
	du, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	password, _ := pu.User.Password()
	admin, err := sql.Open(dialect.Postgres, direct)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// A superuser, as the direct runs' role is: tests terminate backends
	// and read pg_stat_activity.
	for _, q := range []string{
		`CREATE ROLE ` + name + ` LOGIN SUPERUSER PASSWORD '` + strings.ReplaceAll(password, "'", "''") + `'`,
		`CREATE SCHEMA ` + name + ` AUTHORIZATION ` + name,
	} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			admin.Close()
			t.Fatalf("creating pooled test schema: %v", err)
		}
	}
	t.Cleanup(func() {
		// The pooler's server connections of the role go first (a role
		// with sessions cannot be dropped).
		_, _ = admin.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, name)
		_, _ = admin.ExecContext(ctx, `DROP SCHEMA `+name+` CASCADE`)
		_, _ = admin.ExecContext(ctx, `DROP ROLE IF EXISTS `+name)
		admin.Close()
	})
	as := func(u url.URL) string {
		u.User = url.UserPassword(name, password)
		q := u.Query()
		q.Del("search_path")
		q.Set("application_name", name)
		u.RawQuery = q.Encode()
		return u.String()
	}
	out := as(*pu)
	listenURLs.Store(out, as(*du))
	return out
}

// EnvPreparedStatements set to false runs the statements of NewDB's and
// NewReplica's databases, and of those opened with StoreOptions, unprepared (store.Options.NoPreparedStatements), as serve
// --db-prepared-statements=false does behind a pooler without prepared
// statements (PgBouncer before 1.21 in transaction mode).
const EnvPreparedStatements = "COCKPIT_TEST_PREPARED_STATEMENTS"

// StoreOptions returns opts for a test database, with prepared statements
// off when EnvPreparedStatements says so.
func StoreOptions(opts store.Options) store.Options {
	if v, err := strconv.ParseBool(os.Getenv(EnvPreparedStatements)); err == nil && !v {
		opts.NoPreparedStatements = true
	}
	return opts
}

// NewPreparedReplica opens db's database once more with prepared
// statements on (store.Options' default), as NewReplica does, except that
// when tests run through a pooler without prepared statements (PgBouncer
// 1.18 in transaction mode) it connects directly: comparing its answers
// with db's compares a direct deployment with one behind the pooler.
func NewPreparedReplica(t testing.TB, db *store.DB) *store.DB {
	t.Helper()
	u := URLOf(t, db)
	r, err := store.Open(context.Background(), ListenURL(u), store.Options{})
	if err != nil {
		t.Fatalf("opening a replica: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	urls.Store(r, u)
	return r
}
