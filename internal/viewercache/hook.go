package viewercache

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/commit"
	"github.com/coopnetwork/cockpit/internal/events"
)

// Topic is where replicas hear that viewer facts changed somewhere: every
// replica drops its whole cache.
var Topic = events.Topic{Kind: events.ViewerFacts}

// Relevant writes, by type: what LoadViewer and PersonForLogin read.
// Memberships and network memberships (admin roles included) count
// whatever changed; persons, networks and coops when a field or edge below
// changes, or the row is deleted (the database cascades to memberships).
var (
	personFields = map[string]bool{person.FieldSubject: true, person.FieldErasedAt: true, person.FieldPendingEmail: true}
	edges        = map[string]map[string]bool{
		ent.TypePerson:  {person.EdgeNetworks: true, person.EdgeMemberships: true, person.EdgeNetworkMemberships: true},
		ent.TypeNetwork: {network.EdgeParticipants: true, network.EdgeCoops: true, network.EdgeMemberships: true},
		ent.TypeCoop:    {coop.EdgeNetworks: true, coop.EdgeMemberships: true},
	}
)

// Affects reports whether m may change a cached login or viewer.
func Affects(m ent.Mutation) bool {
	switch m.Type() {
	case ent.TypeMembership, ent.TypeNetworkMembership:
		return true
	case ent.TypePerson, ent.TypeNetwork, ent.TypeCoop:
	default:
		return false
	}
	if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
		return true
	}
	for _, names := range [][]string{m.AddedEdges(), m.RemovedEdges(), m.ClearedEdges()} {
		for _, e := range names {
			if edges[m.Type()][e] {
				return true
			}
		}
	}
	if m.Type() == ent.TypePerson {
		for _, names := range [][]string{m.Fields(), m.ClearedFields()} {
			for _, f := range names {
				if personFields[f] {
					return true
				}
			}
		}
	}
	return false
}

type txMutation interface {
	Tx() (*ent.Tx, error)
	Client() *ent.Client
}

// Hook invalidates viewer facts on every write that Affects them: c (this
// replica's cache, may be nil) is flushed once the transaction commits, and
// on PostgreSQL (dialectName) a NOTIFY on Topic, sent inside the
// transaction, tells every replica when it commits. A write outside a
// transaction does both right after it.
func Hook(c *Cache, dialectName string) ent.Hook {
	notify := func(ctx context.Context, d dialect.ExecQuerier) error {
		if dialectName != dialect.Postgres {
			return nil
		}
		q, args, err := events.NotifyQuery([]events.Event{{Topic: Topic, Object: c.ID()}})
		if err != nil {
			return err
		}
		var res sql.Result
		if err := d.Exec(ctx, q, args, &res); err != nil {
			return fmt.Errorf("viewercache: NOTIFY: %w", err)
		}
		return nil
	}
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil || !Affects(m) {
				return v, err
			}
			tm, ok := m.(txMutation)
			if !ok {
				return nil, fmt.Errorf("viewercache: unexpected mutation %T", m)
			}
			tx, txErr := tm.Tx()
			if txErr != nil { // outside a transaction: already committed
				c.Flush()
				return v, notify(ctx, tm.Client().Driver())
			}
			commit.Collect(tx, "viewercache.notify", commit.BeforeCommit, func(*struct{}) {},
				func(ctx context.Context, tx *ent.Tx, _ struct{}) error { return notify(ctx, tx.Client().Driver()) })
			commit.Collect(tx, "viewercache.flush", commit.AfterCommit, func(*struct{}) {},
				func(context.Context, *ent.Tx, struct{}) error { c.Flush(); return nil })
			return v, nil
		})
	}
}
