// Package testkit gives tests a real, migrated database and a GraphQL client
// speaking HTTP to the real handler. The database is SQLite in memory by
// default; set COCKPIT_TEST_DATABASE to a postgres:// URL to run the same
// tests on PostgreSQL (each test gets its own schema there).
package testkit

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
)

// EnvDatabase selects the test database.
const EnvDatabase = "COCKPIT_TEST_DATABASE"

// Postgres reports whether tests run on PostgreSQL.
func Postgres() bool {
	u := os.Getenv(EnvDatabase)
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// NewDatabaseURL returns the URL of a fresh, empty database for this test:
// a SQLite file in a temporary directory, or a new schema on PostgreSQL that
// is dropped when the test ends.
func NewDatabaseURL(t testing.TB) string {
	t.Helper()
	name := "t_" + randomHex(6)
	if !Postgres() {
		// A file, not :memory:, so that several connections share one
		// database the way they do in production.
		return filepath.Join(t.TempDir(), name+".db")
	}
	base := os.Getenv(EnvDatabase)
	if direct := os.Getenv(EnvDirectDatabase); direct != "" {
		return newPooledDatabaseURL(t, name, base, direct)
	}
	admin, err := sql.Open(dialect.Postgres, base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(context.Background(), `CREATE SCHEMA `+name); err != nil {
		t.Fatalf("creating test schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), `DROP SCHEMA `+name+` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	// The test's connections name themselves after its schema, so a test
	// that waits for its own requests to queue on a lock (pg_stat_activity,
	// OwnLockWaits) does not count other packages' waits in the shared
	// database.
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// NewDB returns a fresh database with every migration applied, closed when
// the test ends.
func NewDB(t testing.TB, opts store.Options) *store.DB {
	t.Helper()
	ctx := context.Background()
	u := NewDatabaseURL(t)
	db, err := store.Open(ctx, u, StoreOptions(opts))
	if err != nil {
		t.Fatalf("opening test database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	urls.Store(db, u)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrating test database: %v", err)
	}
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Client sends GraphQL requests to a test server.
type Client struct {
	t   testing.TB
	URL string
	// Path is the GraphQL endpoint requests go to ("" is /graphql; At sets
	// another, e.g. the federation subgraph endpoint).
	Path string
	// Header is sent with every request (e.g. Authorization).
	Header http.Header
	db     *store.DB
	events events.Broker // of the server
}

// Secret is the HS256 secret test servers verify tokens with.
var Secret = []byte("cockpit-test-secret-0123456789abcdef")

// NewServer starts the real HTTP handler on db, verifying HS256 tokens signed
// with Secret, and returns an anonymous client for it (see As).
func NewServer(t testing.TB, db *store.DB) *Client {
	t.Helper()
	return NewServerWithClock(t, db, clock.System{})
}

// NewServerWithClock is NewServer with domain time from clk (a *clock.Fake
// lets a test move days forward).
func NewServerWithClock(t testing.TB, db *store.DB, clk clock.Clock) *Client {
	t.Helper()
	return NewServerWithOptions(t, db, server.Options{Clock: clk})
}

// NewServerWithOptions is NewServer with handler options (limits, timeout,
// logger, ...); the token verifier is always the test one.
func NewServerWithOptions(t testing.TB, db *store.DB, opts server.Options) *Client {
	t.Helper()
	v, err := auth.NewVerifier(context.Background(), auth.Config{Secret: Secret})
	if err != nil {
		t.Fatal(err)
	}
	opts.Verifier = v
	if opts.Logger == nil {
		// One access log line per request would bury test failures.
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Events == nil {
		opts.Events = NewBroker(t, db)
	}
	done := make(chan struct{})
	opts.Done = done
	ts := httptest.NewServer(server.New(db, opts))
	// Cleanups run last first: end the open streams, stop the server, then
	// the broker (the database closes after all of them).
	t.Cleanup(ts.Close)
	t.Cleanup(func() { close(done) })
	return &Client{t: t, URL: ts.URL, Header: http.Header{}, db: db, events: opts.Events}
}

// System returns ctx for creating fixtures directly with ent, bypassing the
// privacy policies the way Cockpit's own seeding does.
func System(ctx context.Context) context.Context { return authz.Under(ctx, authz.TestFixture) }

// As returns a client whose requests carry a valid token for the person
// (who gets a login subject if they have none).
func (c *Client) As(personID int) *Client {
	c.t.Helper()
	ctx := System(context.Background())
	p, err := c.db.Client.Person.Get(ctx, personID)
	if err != nil {
		c.t.Fatalf("token for person %d: %v", personID, err)
	}
	if p.Subject == nil {
		// The login subject is test plumbing, not a change of the person:
		// updatedAt stays (it was written by the wall clock here, ahead of
		// a test's fake clock, and made TestUpdateMutations flaky).
		if p, err = p.Update().SetSubject(fmt.Sprintf("test|%d", personID)).SetUpdatedAt(p.UpdatedAt).Save(ctx); err != nil {
			c.t.Fatal(err)
		}
	}
	return c.WithToken(Token(c.t, *p.Subject))
}

// WithToken returns a client sending the raw bearer token.
func (c *Client) WithToken(token string) *Client {
	h := c.Header.Clone()
	h.Set("Authorization", "Bearer "+token)
	return &Client{t: c.t, URL: c.URL, Path: c.Path, Header: h, db: c.db, events: c.events}
}

// At returns the client sending its requests to the GraphQL endpoint at
// path (e.g. server.SubgraphPath) instead of /graphql.
func (c *Client) At(path string) *Client {
	d := *c
	d.Path = path
	return &d
}

// endpoint is the URL of the client's GraphQL endpoint.
func (c *Client) endpoint() string {
	if c.Path == "" {
		return c.URL + "/graphql"
	}
	return c.URL + c.Path
}

// Anonymous returns a client without a token.
func (c *Client) Anonymous() *Client {
	h := c.Header.Clone()
	h.Del("Authorization")
	return &Client{t: c.t, URL: c.URL, Path: c.Path, Header: h, db: c.db, events: c.events}
}

// Token mints a valid test token for subject.
func Token(t testing.TB, subject string) string {
	t.Helper()
	tok, err := auth.MintHS256(Secret, subject, time.Hour, "", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Error is one GraphQL error of a response.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Response is a decoded GraphQL response.
type Response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
}

// Codes lists the error codes of the response.
func (r *Response) Codes() []string {
	var codes []string
	for _, e := range r.Errors {
		codes = append(codes, e.Code())
	}
	return codes
}

// Do posts a query and decodes the response; it does not judge errors.
func (c *Client) Do(query string, vars map[string]any) *Response {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.endpoint(), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range c.Header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("graphql request: %v", err)
	}
	defer res.Body.Close()
	out := &Response{Status: res.StatusCode}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		c.t.Fatalf("decoding graphql response (status %d): %v", res.StatusCode, err)
	}
	return out
}

// MustDo posts a query, fails the test on any GraphQL error and decodes data into out (if not nil).
func (c *Client) MustDo(query string, vars map[string]any, out any) {
	c.t.Helper()
	res := c.Do(query, vars)
	if len(res.Errors) > 0 {
		c.t.Fatalf("unexpected GraphQL errors: %+v", res.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(res.Data, out); err != nil {
			c.t.Fatalf("decoding data %s: %v", res.Data, err)
		}
	}
}

// CountingDriver counts the SQL statements sent through it.
type CountingDriver struct {
	dialect.Driver
	n atomic.Int64
}

// Count returns the number of statements so far.
func (d *CountingDriver) Count() int64 { return d.n.Load() }

// Reset sets the count to zero.
func (d *CountingDriver) Reset() { d.n.Store(0) }

// Exec counts and executes a statement.
func (d *CountingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Exec(ctx, query, args, v)
}

// Query counts and executes a query.
func (d *CountingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Query(ctx, query, args, v)
}

// Tx starts a transaction whose statements are counted too.
func (d *CountingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, n: &d.n}, nil
}

type countingTx struct {
	dialect.Tx
	n *atomic.Int64
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Query(ctx, query, args, v)
}

// Wrap returns a store option that installs the counting driver.
func (d *CountingDriver) Wrap() func(dialect.Driver) dialect.Driver {
	return func(drv dialect.Driver) dialect.Driver {
		d.Driver = drv
		return d
	}
}

// urls remembers the URL each test database was opened with (NewDB), for
// the PostgreSQL event listener and for replicas.
var urls sync.Map // *store.DB → string

// URLOf is the URL db was opened with (a database from NewDB or one of its
// replicas), e.g. for a cockpit process started on the same database.
func URLOf(t testing.TB, db *store.DB) string {
	t.Helper()
	u, ok := urls.Load(db)
	if !ok {
		t.Fatal("URLOf needs a database from NewDB")
	}
	return u.(string)
}

// NewBroker returns the live-update broker a server on db uses, closed when
// the test ends: LISTEN/NOTIFY on PostgreSQL, in-process on SQLite.
func NewBroker(t testing.TB, db *store.DB) events.Broker {
	t.Helper()
	u, _ := urls.Load(db)
	s, _ := u.(string)
	b, err := events.Open(context.Background(), db.Dialect, db.SQL, ListenURL(s), nil)
	if err != nil {
		t.Fatalf("opening the event broker: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// NewReplica opens db's database once more, as another Cockpit replica on
// the same PostgreSQL database (or SQLite file) would.
func NewReplica(t testing.TB, db *store.DB) *store.DB {
	t.Helper()
	u := URLOf(t, db)
	r, err := store.Open(context.Background(), u, StoreOptions(store.Options{}))
	if err != nil {
		t.Fatalf("opening a replica: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	urls.Store(r, u)
	return r
}

// DB returns the database the client's server uses.
func (c *Client) DB() *store.DB { return c.db }

// Deref is *p, or the zero value when p is nil (a nullable column read back).
func Deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// OwnLockWaits is the SQL counting this test database's connections that
// wait for a lock (PostgreSQL; see NewDatabaseURL): requests queued behind
// a row the test holds.
const OwnLockWaits = `SELECT count(*) FROM pg_stat_activity
	WHERE datname = current_database() AND application_name = current_setting('application_name') AND wait_event_type = 'Lock'`
