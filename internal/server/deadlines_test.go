package server_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestDeadlineWorkerRuns: the server's deadline worker (RunDeadlines, what
// `cockpit serve --close-interval` starts) closes a proposal by itself once
// the clock passes its closesAt, announces it to subscribers like a
// member's close, and returns when its context ends.
func TestDeadlineWorkerRuns(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	db := testkit.NewDB(t, store.Options{})
	ctx := clock.NewContext(testkit.System(context.Background()), clk)
	co := testkit.Must(db.Client.Coop.Create().SetName("Deadline coop").SetSlug("deadline-coop").Save(ctx))(t)
	member := testkit.Must(db.Client.Person.Create().SetName("Mia Member").SetEmail("mia@example.org").Save(ctx))(t)
	testkit.Must(db.Client.Membership.Create().SetPerson(member).SetCoop(co).SetState(membership.StateMEMBER).Save(ctx))(t)
	p := testkit.Must(db.Client.Proposal.Create().SetCoop(co).SetKind("GENERAL").SetTitle("Buy a kettle").
		SetRule("SIMPLE_MAJORITY").SetQuorumPercent(50).SetOpenedAt(clk.Now()).
		SetClosesAt(clk.Now().Add(time.Hour)).Save(ctx))(t)

	opts := server.Options{Clock: clk, Events: testkit.NewBroker(t, db), Logger: slog.New(slog.DiscardHandler)}
	c := testkit.NewServerWithOptions(t, db, opts)
	closed, stop := opts.Events.Subscribe(events.Topic{Kind: events.Proposals, ID: co.ID})
	defer stop()
	workerCtx, cancel := context.WithCancel(context.Background())
	defer cancel()
	worker := make(chan struct{})
	go func() {
		defer close(worker)
		server.RunDeadlines(workerCtx, db, time.Millisecond, opts)
	}()

	clk.Advance(time.Hour)
	timeout := time.After(10 * time.Second)
	for done := false; !done; {
		select {
		case ev := <-closed:
			done = ev.Object == p.ID && ev.Change == governance.ProposalClosed
		case <-timeout:
			t.Fatal("the worker did not close the due proposal within 10s")
		}
	}
	var out struct {
		Node struct {
			Status      string `json:"status"`
			CloseReason string `json:"closeReason"`
		} `json:"node"`
	}
	testkit.OK(t, c.As(member.ID).Do(`query($id: ID!) { node(id: $id) { ... on Proposal { status closeReason } } }`,
		map[string]any{"id": testkit.ID(p.ID)}), &out)
	if out.Node.Status != "REJECTED" {
		t.Errorf("the proposal is %s (%q), want REJECTED: nobody voted", out.Node.Status, out.Node.CloseReason)
	}
	cancel()
	if !testkit.PollUntil(10*time.Second, func() bool {
		select {
		case <-worker:
			return true
		default:
			return false
		}
	}) {
		t.Error("RunDeadlines did not return after its context ended")
	}
}

// TestDeadlineWorkerOff: an interval of 0 (--close-interval=0) runs no worker.
func TestDeadlineWorkerOff(t *testing.T) {
	db := testkit.NewDB(t, store.Options{})
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		server.RunDeadlines(context.Background(), db, 0, server.Options{})
	}()
	if !testkit.PollUntil(10*time.Second, func() bool {
		select {
		case <-returned:
			return true
		default:
			return false
		}
	}) {
		t.Error("RunDeadlines with interval 0 did not return at once")
	}
}
