// Package domainop is the common start of Cockpit's domain operations
// (governance, budgets, talent, people): their dependencies (Env, built
// once), who asks, the transaction's client, and "now".
package domainop

import (
	"context"
	"errors"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/viewer"
	"github.com/coopnetwork/cockpit/internal/webhook/target"
)

// Env is what the domain services depend on, built once at start-up (the
// GraphQL resolver and the server hold it) and passed as a value, never
// taken from a request's context. The request brings only what is its
// own: the viewer and the transaction, which ent's privacy policies and
// hooks read from the context anyway; Begin reads them in this one place.
type Env struct {
	// Events receives live updates, delivered after the transaction
	// commits; nil publishes nothing (seeding, tools).
	Events events.Broker
	// Clock is domain time; nil is the system clock.
	Clock clock.Clock
	// WebhookTargets is the operator's setting for webhook URLs
	// (internal/webhook): the zero value allows public https targets only.
	WebhookTargets target.Policy
}

// Now is the domain time.
func (e Env) Now() time.Time {
	if e.Clock == nil {
		return clock.System{}.Now()
	}
	return e.Clock.Now()
}

// Op is one operation's context.
type Op struct {
	Env
	Ctx context.Context // the viewer's: reads obey the privacy rules
	Sys context.Context // reads past the viewer's filters (locks, counts); writes are refused
	C   *ent.Client     // the request's transaction
	V   *viewer.Viewer
	Now time.Time
}

// Begin starts an operation of a signed-in viewer inside the request's
// transaction (entgql.Transactioner puts it in the context).
func (e Env) Begin(ctx context.Context) (*Op, error) {
	v := viewer.FromContext(ctx)
	if !v.Authenticated() {
		return nil, apperr.New(apperr.Unauthenticated, "sign in to change data")
	}
	c := ent.FromContext(ctx)
	if c == nil {
		return nil, errors.New("domainop: no transaction in context")
	}
	return &Op{Env: e, Ctx: ctx, Sys: authz.SystemRead(ctx), C: c, V: v, Now: e.Now()}, nil
}

// Read starts a read-only operation with an explicit client (queries have
// no transaction); the viewer may be anonymous.
func (e Env) Read(ctx context.Context, c *ent.Client) *Op {
	return &Op{Env: e, Ctx: ctx, Sys: authz.SystemRead(ctx), C: c, V: viewer.FromContext(ctx), Now: e.Now()}
}

// System starts an operation Cockpit makes on its own behalf (the deadline
// worker closing due proposals) inside the transaction of c, whose context
// ctx carries (ent.Client.OpenTx). It has no viewer: reads see every row
// (Ctx is a SystemRead), and writes still pass only under a named rule
// (As), which the caller decides without a person's permission check.
func (e Env) System(ctx context.Context, c *ent.Client) *Op {
	sys := authz.SystemRead(ctx)
	return &Op{Env: e, Ctx: sys, Sys: sys, C: c, Now: e.Now()}
}

// ActorID is the person acting, or nil when Cockpit acts on its own behalf
// (System): what actor columns record.
func (o *Op) ActorID() *int {
	if !o.V.Authenticated() {
		return nil
	}
	id := o.V.PersonID
	return &id
}

// Publish announces live updates of the operation's writes: they go out
// when its transaction commits (events.Publish).
func (o *Op) Publish(evs ...events.Event) { events.Publish(o.Ctx, o.Events, evs...) }

// As returns the context of a write the named rule has allowed: the
// operation checked the rule, the write says which it was.
func (o *Op) As(rule *authz.Rule) context.Context { return authz.Under(o.Ctx, rule) }

// Forbidden is the error of a write the viewer may not make.
func Forbidden(format string, args ...any) error {
	return apperr.New(apperr.Forbidden, format, args...)
}

// LockRows is a query modifier that holds the selected rows until the
// transaction ends, so that checks and writes of one row run one after the
// other. On PostgreSQL it is SELECT … FOR NO KEY UPDATE (rows that merely
// refer to the locked one can still be inserted); SQLite has no such clause
// and needs none: Cockpit's SQLite transactions are IMMEDIATE, so writing
// transactions run one at a time anyway.
func LockRows(s *sql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.For(sql.LockNoKeyUpdate)
	}
}

// LockRowsSkipLocked is LockRows for work that any of several replicas may
// do (the deadline worker): on PostgreSQL, rows another transaction holds
// are skipped instead of waited for (… FOR NO KEY UPDATE SKIP LOCKED), so
// replicas never block each other nor take the same row. SQLite has no such
// clause: its writing transactions run one at a time, and the row is simply
// selected.
func LockRowsSkipLocked(s *sql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.For(sql.LockNoKeyUpdate, sql.WithLockAction(sql.SkipLocked))
	}
}
