package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/cli"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// withParam returns the PostgreSQL URL u with query parameter k set to v.
func withParam(t *testing.T, u, k, v string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	q := p.Query()
	q.Set(k, v)
	p.RawQuery = q.Encode()
	return p.String()
}

// TestServeListensOnListenURL: with --listen-database-url (here from the
// environment), serve LISTENs on that connection, not on the
// pool's; a listen URL reaching another schema is refused at start-up (its
// listener would hear nothing).
func TestServeListensOnListenURL(t *testing.T) {
	if !testkit.Postgres() {
		t.Skip("LISTEN needs PostgreSQL")
	}
	dbURL := testkit.NewDatabaseURL(t)
	p, _ := url.Parse(dbURL)
	schema := p.Query().Get("application_name") // the test schema's name
	listenApp := schema + "_listen"
	listenURL := withParam(t, testkit.ListenURL(dbURL), "application_name", listenApp)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan string, 1)
	exit := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		exit <- cli.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0"},
			env(map[string]string{"COCKPIT_DATABASE": dbURL, "COCKPIT_LISTEN_DATABASE_URL": listenURL, "COCKPIT_JWT_SECRET": string(testkit.Secret)}),
			io.Discard, &stderr, func(a string) { addrc <- a })
	}()
	select {
	case <-addrc:
	case code := <-exit:
		t.Fatalf("serve exited with %d: %s", code, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start")
	}
	admin, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	listens := func(app string) int {
		var n int
		if err := admin.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`, app).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := listens(listenApp); n != 1 {
		t.Errorf("%d LISTEN connections on the listen URL, want 1", n)
	}
	if n := listens(schema); n != 0 {
		t.Errorf("%d LISTEN connections on the database URL, want 0", n)
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}

	// A listen URL on another schema: refused before serving.
	other := testkit.NewDatabaseURL(t)
	var stderr2 bytes.Buffer
	code := cli.Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--database", dbURL, "--listen-database-url", other},
		env(map[string]string{"COCKPIT_JWT_SECRET": string(testkit.Secret)}), io.Discard, &stderr2, nil)
	if code == 0 || !strings.Contains(stderr2.String(), "same database and schema") {
		t.Fatalf("serve with a listen URL on another schema: exit %d, %s", code, stderr2.String())
	}
}

// TestListenURLNeedsPostgres: a listen URL with a SQLite database is a
// usage error, not silently ignored.
func TestListenURLNeedsPostgres(t *testing.T) {
	var stderr bytes.Buffer
	code := cli.Run(context.Background(), []string{"serve", "--database", t.TempDir() + "/c.db", "--listen-database-url", "postgres://x@127.0.0.1:1/x"},
		env(map[string]string{"COCKPIT_JWT_SECRET": string(testkit.Secret)}), io.Discard, &stderr, nil)
	if code != 2 || !strings.Contains(stderr.String(), "--listen-database-url") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}

// TestDeadlineWorkerOncePerFleet: two serve replicas on one database run
// the deadline worker on one of them (log line "lease acquired", lease
// deadlines); when that replica shuts down, the other takes the worker over.
func TestDeadlineWorkerOncePerFleet(t *testing.T) {
	if !testkit.Postgres() {
		t.Skip("a fleet needs PostgreSQL")
	}
	dbURL := testkit.NewDatabaseURL(t)
	type replica struct {
		cancel context.CancelFunc
		done   chan struct{} // closed when serve returned code
		code   int
		log    *testkit.SyncBuffer
	}
	start := func() *replica {
		ctx, cancel := context.WithCancel(context.Background())
		r := &replica{cancel: cancel, done: make(chan struct{}), log: &testkit.SyncBuffer{}}
		addrc := make(chan string, 1)
		go func() {
			defer close(r.done)
			r.code = cli.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--close-interval", "1s"},
				env(map[string]string{"COCKPIT_DATABASE": dbURL, "COCKPIT_LISTEN_DATABASE_URL": testkit.ListenURL(dbURL), "COCKPIT_JWT_SECRET": string(testkit.Secret)}),
				io.Discard, r.log, func(a string) { addrc <- a })
		}()
		select {
		case <-addrc:
		case <-r.done:
			t.Fatalf("serve exited with %d: %s", r.code, r.log.String())
		case <-time.After(60 * time.Second):
			t.Fatal("serve did not start")
		}
		t.Cleanup(func() { cancel(); <-r.done })
		return r
	}
	acquired := func(r *replica) bool {
		return strings.Contains(r.log.String(), `"msg":"lease acquired","lease":"deadlines"`)
	}
	a := start()
	if !testkit.PollUntil(20*time.Second, func() bool { return acquired(a) }) {
		t.Fatalf("the only replica did not take the deadlines lease: %s", a.log.String())
	}
	b := start()
	// b tries every second and must keep failing while a holds the lease.
	if testkit.PollUntil(3*time.Second, func() bool { return acquired(b) }) {
		t.Fatalf("both replicas hold the deadlines lease:\n%s\n%s", a.log.String(), b.log.String())
	}
	a.cancel()
	if <-a.done; a.code != 0 {
		t.Fatalf("serve exited with %d: %s", a.code, a.log.String())
	}
	stopped := time.Now()
	if !testkit.PollUntil(20*time.Second, func() bool { return acquired(b) }) {
		t.Fatalf("the second replica did not take the lease over: %s", b.log.String())
	}
	t.Logf("taken over %v after the holder stopped", time.Since(stopped))
}
