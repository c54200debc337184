package events_test

import (
	"context"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

func receive(ch <-chan events.Event, d time.Duration) (events.Event, bool) {
	select {
	case e, ok := <-ch:
		return e, ok
	case <-time.After(d):
		return events.Event{}, false
	}
}

// TestPublishAfterCommit: events published in a transaction arrive only
// once it commits (deduplicated), never when it rolls back; on PostgreSQL
// they travel through LISTEN/NOTIFY to a broker of another replica.
func TestPublishAfterCommit(t *testing.T) {
	db := testkit.NewDB(t, store.Options{})
	pub := testkit.NewBroker(t, db)
	sub := pub
	if testkit.Postgres() {
		sub = testkit.NewBroker(t, testkit.NewReplica(t, db))
	}
	topic := events.Topic{Kind: events.Proposals, ID: 7}
	ch, cancel := sub.Subscribe(topic)
	defer cancel()
	other, cancelOther := sub.Subscribe(events.Topic{Kind: events.Proposals, ID: 8})
	defer cancelOther()
	ev := events.Event{Topic: topic, Object: 42, Change: "VOTE_CAST"}

	run := func(commit bool) {
		ctx, tx, err := db.Client.OpenTx(testkit.System(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		events.Publish(ctx, pub, ev)
		events.Publish(ctx, pub, ev) // the same change twice is one event
		if e, ok := receive(ch, 300*time.Millisecond); ok {
			t.Fatalf("event %+v before the transaction ended", e)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	run(false)
	if e, ok := receive(ch, time.Second); ok {
		t.Fatalf("event %+v after a rollback", e)
	}
	run(true)
	e, ok := receive(ch, 5*time.Second)
	seq := e.Seq
	if e.Seq = 0; !ok || e != ev {
		t.Fatalf("after commit: %+v, %v; want %+v", e, ok, ev)
	}
	// The event carries its row in the transactional outbox (written in
	// the same transaction), from which subscriptions resume.
	if row, err := db.Client.OutboxEvent.Get(testkit.System(context.Background()), int(seq)); err != nil ||
		row.Change != ev.Change || row.TopicID != topic.ID || row.ObjectID == nil || *row.ObjectID != ev.Object {
		t.Fatalf("the event's Seq %d: outbox row %+v, %v", seq, row, err)
	}
	if e, ok := receive(ch, 500*time.Millisecond); ok {
		t.Fatalf("a second event %+v", e)
	}
	if e, ok := receive(other, 100*time.Millisecond); ok {
		t.Fatalf("another topic's subscriber received %+v", e)
	}
}

// TestWaitSubscribers: WaitSubscribers returns once a subscription has
// started, once it has ended, and with an error when its context ends first.
func TestWaitSubscribers(t *testing.T) {
	db := testkit.NewDB(t, store.Options{})
	b := testkit.NewBroker(t, db)
	o, ok := b.(events.Observable)
	if !ok {
		t.Fatalf("%T does not tell its subscriptions", b)
	}
	topic := events.Topic{Kind: events.Pathway, ID: 3}
	wait := func(n int) <-chan error {
		done := make(chan error, 1)
		go func() { done <- o.WaitSubscribers(context.Background(), topic, n) }()
		return done
	}
	check := func(done <-chan error, what string) {
		t.Helper()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		case <-time.After(testkit.WaitTimeout):
			t.Fatalf("%s: still waiting after %s", what, testkit.WaitTimeout)
		}
	}
	started := wait(1)
	_, cancel := b.Subscribe(topic)
	check(started, "waiting for the subscription to start")
	_, cancelOther := b.Subscribe(events.Topic{Kind: events.Pathway, ID: 4})
	defer cancelOther()
	if n := o.Subscribers(topic); n != 1 {
		t.Errorf("%d subscriptions, want 1", n)
	}
	ended := wait(0)
	cancel()
	check(ended, "waiting for the subscription to end")

	ctx, stop := context.WithCancel(context.Background())
	stop()
	if err := o.WaitSubscribers(ctx, topic, 2); err == nil {
		t.Error("WaitSubscribers returned nil after its context ended")
	}
}
