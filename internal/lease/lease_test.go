package lease_test

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/coopnetwork/cockpit/internal/lease"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// fleet is two replicas' leases on one test database, recording when each
// one's work runs.
type fleet struct {
	t       *testing.T
	url     string
	running atomic.Int32
	overlap atomic.Bool
	started chan string // holder whose work started
	stopped chan string // holder whose work returned
	log     testkit.SyncBuffer
}

func newFleet(t *testing.T) *fleet {
	if !testkit.Postgres() {
		t.Skip("leases between replicas need PostgreSQL")
	}
	return &fleet{t: t, url: testkit.ListenURL(testkit.NewDatabaseURL(t)), started: make(chan string, 10), stopped: make(chan string, 10)}
}

// replica starts a replica's Run of the lease "deadlines"; stop ends it
// and waits for Run to return.
func (f *fleet) replica(holder string) (l *lease.Leases, stop func()) {
	l = lease.New(dialect.Postgres, f.url, lease.Options{Heartbeat: 100 * time.Millisecond, Retry: 50 * time.Millisecond, Holder: holder,
		Logger: slog.New(slog.NewJSONHandler(&f.log, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.Run(ctx, "deadlines", func(ctx context.Context) {
			if f.running.Add(1) > 1 {
				f.overlap.Store(true)
			}
			f.started <- holder
			<-ctx.Done()
			f.running.Add(-1)
			f.stopped <- holder
		})
	}()
	stop = func() { cancel(); <-done }
	f.t.Cleanup(stop)
	return l, stop
}

func (f *fleet) next(ch chan string, what string) string {
	f.t.Helper()
	select {
	case h := <-ch:
		return h
	case <-time.After(10 * time.Second):
		f.t.Fatalf("no work %s within 10 s; log:\n%s", what, f.log.String())
		return ""
	}
}

func (f *fleet) noOverlap() {
	f.t.Helper()
	if f.overlap.Load() {
		f.t.Fatalf("the work ran on both replicas at once; log:\n%s", f.log.String())
	}
}

// TestTakeoverWhenHolderSessionIsKilled: two replicas run the same lease;
// the work runs on one. Its session is terminated (pg_terminate_backend, as
// when PostgreSQL or a network cut ends it): that replica stops its work
// and the other takes over within seconds, never both at once; the first
// then waits, not holding it.
func TestTakeoverWhenHolderSessionIsKilled(t *testing.T) {
	f := newFleet(t)
	la, _ := f.replica("a")
	lb, _ := f.replica("b")
	first := f.next(f.started, "started")
	holder, other := la, lb
	if first == "b" {
		holder, other = lb, la
	}
	if !holder.Held("deadlines") || other.Held("deadlines") {
		t.Fatalf("Held: holder %v, other %v", holder.Held("deadlines"), other.Held("deadlines"))
	}
	admin, err := sql.Open(dialect.Postgres, f.url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var n int
	if err := admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1`,
		"cockpit-lease deadlines "+first).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminating the holder's session: %d sessions, %v", n, err)
	}
	start := time.Now()
	if h := f.next(f.stopped, "stopped"); h != first {
		t.Fatalf("%s's work stopped, want %s's", h, first)
	}
	second := f.next(f.started, "taken over")
	t.Logf("taken over by %s in %v", second, time.Since(start))
	if second == first {
		t.Fatalf("the work started again on %s", first)
	}
	f.noOverlap()
	if !other.Held("deadlines") || holder.Held("deadlines") {
		t.Fatalf("after takeover Held: old %v, new %v", holder.Held("deadlines"), other.Held("deadlines"))
	}
	if !strings.Contains(f.log.String(), `"msg":"lease lost: the work was stopped"`) {
		t.Errorf("no lease lost line; log:\n%s", f.log.String())
	}
}

// TestTakeoverWhenHolderStops: the holder shutting down (its connection
// closes) hands the lease to the other replica; stopping the new holder too
// leaves nobody running the work.
func TestTakeoverWhenHolderStops(t *testing.T) {
	f := newFleet(t)
	_, stopA := f.replica("a")
	if h := f.next(f.started, "started"); h != "a" {
		t.Fatalf("%s started first, want a (the only replica)", h)
	}
	_, stopB := f.replica("b")
	stopA()
	if h := f.next(f.stopped, "stopped"); h != "a" {
		t.Fatalf("%s stopped, want a", h)
	}
	if h := f.next(f.started, "taken over"); h != "b" {
		t.Fatalf("%s took over, want b", h)
	}
	f.noOverlap()
	stopB()
	if h := f.next(f.stopped, "stopped"); h != "b" {
		t.Fatalf("%s stopped, want b", h)
	}
	if n := f.running.Load(); n != 0 {
		t.Fatalf("%d works running after both replicas stopped", n)
	}
	if got := strings.Count(f.log.String(), `"msg":"lease acquired"`); got != 2 {
		t.Errorf("%d lease acquired lines, want 2; log:\n%s", got, f.log.String())
	}
}

// TestSQLiteAlwaysHolds: on SQLite the one process holds every lease.
func TestSQLiteAlwaysHolds(t *testing.T) {
	l := lease.New(dialect.SQLite, "", lease.Options{})
	ran := false
	l.Run(context.Background(), "deadlines", func(context.Context) { ran = l.Held("deadlines") })
	if !ran {
		t.Fatal("the work did not run holding the lease")
	}
	if l.Held("deadlines") {
		t.Fatal("still held after the work returned")
	}
}
