// Package events carries Cockpit's live updates from the domain operations
// that change data to the GraphQL subscriptions that watch it. An event holds
// IDs only: every subscriber loads the changed object itself, as its own
// viewer, so the privacy rules apply to what it receives.
//
// Events are published only after the transaction that made the change
// commits (Publish defers them to the commit of the request's transaction).
// In one process a Local broker fans them out; with several replicas on
// PostgreSQL the Postgres broker sends them through LISTEN/NOTIFY, so a
// change on one replica reaches subscribers on every replica.
package events

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/commit"
)

// Kind is what a topic is about.
type Kind string

// The topics subscriptions watch.
const (
	// Pathway: one membership's pathway (ID: the membership).
	Pathway Kind = "pathway"
	// Proposals: proposals and votes of one coop (ID: the coop).
	Proposals Kind = "proposals"
	// ProjectBudget: shares and time entries of one project (ID: the project).
	ProjectBudget Kind = "projectBudget"
	// NetworkProposals: decisions of one network, taken by its member
	// coops, and their votes (ID: the network).
	NetworkProposals Kind = "networkProposals"
	// ViewerFacts: something the cached logins and viewers of every
	// replica derive from changed (internal/viewercache; ID: 0).
	ViewerFacts Kind = "viewerFacts"
)

// Topic is one thing a subscriber watches.
type Topic struct {
	Kind Kind `json:"k"`
	ID   int  `json:"i"`
}

// Event says that something under Topic changed: Object is the changed
// object (the proposal, the budget share; 0 when the topic itself) and Change
// names the kind of change (e.g. VOTE_CAST).
type Event struct {
	Topic  Topic  `json:"t"`
	Object int    `json:"o,omitempty"`
	Change string `json:"c,omitempty"`
	// Seq is the event's row in the transactional outbox (stamped by the
	// Recorder in the transaction of the change; subscriptions resume from
	// it), 0 for events the outbox does not keep.
	Seq int64 `json:"s,omitempty"`
}

// Broker delivers published events to the subscribers of their topic.
type Broker interface {
	// Publish delivers committed events (see the package Publish for the
	// function domain code calls).
	Publish(ctx context.Context, evs []Event) error
	// Subscribe returns a channel of the topic's events and a function
	// that ends the subscription (and closes the channel).
	Subscribe(t Topic) (<-chan Event, func())
	// Close ends every subscription and releases the broker's resources.
	Close() error
}

// Observable is implemented by this package's brokers: it tells how many
// subscriptions a topic has, so tests can wait for a subscription to start
// instead of sleeping.
type Observable interface {
	Subscribers(t Topic) int
	WaitSubscribers(ctx context.Context, t Topic, n int) error
}

// Continuity is implemented by brokers that hear other replicas (Postgres):
// epoch changes whenever events may have been missed (the listening
// connection dropped or came back), and listening is false while none can
// arrive. Caches that other replicas invalidate follow it
// (internal/viewercache).
type Continuity interface {
	Continuity() (epoch uint64, listening bool)
}

var (
	_ Continuity = (*Postgres)(nil)
	_ Observable = (*Local)(nil)
	_ Observable = (*Postgres)(nil)
)

// Publish announces events of a change made with ctx's transaction to b:
// they go out when it commits and are dropped when it rolls back. Outside a
// transaction (the write has already been committed) they go out at once.
// Without a broker (seeding, tools) it does nothing.
//
// Inside a transaction, the events are also written to the transactional
// outbox by the Recorder (SetRecorder), just before the transaction commits
// and in it: the outbox holds an event exactly when its change committed,
// whether or not a broker is configured.
func Publish(ctx context.Context, b Broker, evs ...Event) {
	if len(evs) == 0 {
		return
	}
	tx := ent.TxFromContext(ctx)
	// outbox is the transaction's outbox batch: Record stamps its events'
	// Seq before the commit, and the events published after it carry them.
	var outbox *batch
	if r := recorder.Load(); r != nil && tx != nil {
		commit.Collect(tx, "outbox", commit.BeforeCommit, func(bt **batch) {
			if *bt == nil {
				*bt = &batch{}
			}
			(*bt).add(nil, evs)
			outbox = *bt
		}, func(_ context.Context, tx *ent.Tx, bt *batch) error { return r.Record(ctx, tx, bt.evs) })
		if r.Committed != nil {
			commit.Collect(tx, "outbox-committed", commit.AfterCommit, func(*struct{}) {},
				func(context.Context, *ent.Tx, struct{}) error { r.Committed(); return nil })
		}
	}
	if b == nil {
		return
	}
	if tx == nil {
		publish(ctx, b, evs)
		return
	}
	commit.Collect(tx, "events", commit.AfterCommit, func(bt *batch) {
		bt.add(b, evs)
		if outbox != nil {
			bt.outbox = outbox
		}
	}, func(_ context.Context, _ *ent.Tx, bt batch) error {
		publish(ctx, bt.broker, bt.sequenced())
		return nil
	})
}

func publish(ctx context.Context, b Broker, evs []Event) {
	if err := b.Publish(context.WithoutCancel(ctx), evs); err != nil {
		// The change itself is committed; a lost live update is logged,
		// never turned into a failed request.
		slog.Default().ErrorContext(ctx, "events: publishing failed", "events", len(evs), "err", err)
	}
}

// batch is one transaction's events, with duplicates (a proposal changed
// twice) dropped.
type batch struct {
	broker Broker
	evs    []Event
	seen   map[Event]bool
	// outbox (events batch only) is the same transaction's outbox batch.
	outbox *batch
}

// sequenced returns the batch's events with the Seq the outbox writer
// stamped on the same events of the outbox batch.
func (bt *batch) sequenced() []Event {
	if bt.outbox == nil {
		return bt.evs
	}
	seq := make(map[Event]int64, len(bt.outbox.evs))
	for _, e := range bt.outbox.evs {
		if s := e.Seq; s != 0 {
			e.Seq = 0
			seq[e] = s
		}
	}
	evs := make([]Event, len(bt.evs))
	for i, e := range bt.evs {
		e.Seq = seq[e]
		evs[i] = e
	}
	return evs
}

func (bt *batch) add(b Broker, evs []Event) {
	if bt.seen == nil {
		bt.broker, bt.seen = b, map[Event]bool{}
	}
	if bt.broker == nil {
		bt.broker = b
	}
	for _, e := range evs {
		if !bt.seen[e] {
			bt.seen[e] = true
			bt.evs = append(bt.evs, e)
		}
	}
}

// Recorder is the transactional outbox (internal/webhook): Record writes a
// transaction's events to it, stamping each event it keeps with its row's
// id (Seq, which the events published after the commit then carry), inside
// that transaction (tx) just before it commits, and an error rolls the
// change back (ctx is the first
// publisher's; its viewer and rules do not decide the outbox's own writes).
// Committed, if set, runs after such a transaction committed (it wakes the
// webhook dispatchers).
type Recorder struct {
	Record    func(ctx context.Context, tx *ent.Tx, evs []Event) error
	Committed func()
}

var recorder atomic.Pointer[Recorder]

// SetRecorder installs the outbox writer every Publish inside a
// transaction calls (internal/store installs internal/webhook's when it
// opens a database); nil removes it. One place, so every publisher writes
// the outbox without knowing of it.
func SetRecorder(r *Recorder) { recorder.Store(r) }
