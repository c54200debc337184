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
	if e, ok := receive(ch, 5*time.Second); !ok || e != ev {
		t.Fatalf("after commit: %+v, %v; want %+v", e, ok, ev)
	}
	if e, ok := receive(ch, 500*time.Millisecond); ok {
		t.Fatalf("a second event %+v", e)
	}
	if e, ok := receive(other, 100*time.Millisecond); ok {
		t.Fatalf("another topic's subscriber received %+v", e)
	}
}
