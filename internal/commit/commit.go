// Package commit runs work once per transaction, collected from any number
// of writes in it: just before it commits (inside it, so a failure rolls
// the whole transaction back) or just after it committed (effects outside
// the database, such as live updates). Work of a rolled-back transaction is
// dropped. Talent search's participation flags and the events of live
// updates both use it.
package commit

import (
	"context"
	"errors"
	"sync"

	"entgo.io/ent/dialect"

	"github.com/coopnetwork/cockpit/ent"
)

// When is the moment collected work runs.
type When int

const (
	// BeforeCommit runs inside the transaction; an error rolls it back.
	BeforeCommit When = iota
	// AfterCommit runs once the transaction has committed.
	AfterCommit
)

// A transaction is known by its driver: every *ent.Tx value of one
// transaction (a mutation's m.Tx() makes a new one each time) shares it.
type key struct {
	driver dialect.Driver
	name   string
}

type slot[T any] struct {
	mu sync.Mutex
	v  T
}

// open holds the work of transactions that have not ended yet.
var open sync.Map // key -> *slot[T]

// Collect adds to the transaction's value named name (add runs under a
// lock) and, the first time for this transaction and name, arranges for run
// to get the collected value once, when the transaction ends as when says.
func Collect[T any](tx *ent.Tx, name string, when When, add func(*T), run func(ctx context.Context, tx *ent.Tx, v T) error) {
	k := key{tx.Client().Driver(), name}
	s, loaded := open.LoadOrStore(k, &slot[T]{})
	sl := s.(*slot[T])
	sl.mu.Lock()
	add(&sl.v)
	sl.mu.Unlock()
	if loaded {
		return
	}
	take := func() T {
		open.Delete(k)
		sl.mu.Lock()
		defer sl.mu.Unlock()
		return sl.v
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if when == AfterCommit {
				err := next.Commit(ctx, tx)
				if v := take(); err == nil {
					_ = run(ctx, tx, v) // after the commit nothing can be undone; run reports its own failures
				}
				return err
			}
			if err := run(ctx, tx, take()); err != nil {
				// Not committed: roll back here, as callers such as
				// entgql's Transactioner roll back only failed requests.
				return errors.Join(err, tx.Rollback())
			}
			return next.Commit(ctx, tx)
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(ctx context.Context, tx *ent.Tx) error {
			take()
			return next.Rollback(ctx, tx)
		})
	})
}
