package graph

import (
	"context"
	"time"

	"entgo.io/contrib/entgql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/payouts"
)

// payments is the payments and payouts service (graph/schema/payments.graphql).
func (r *Resolver) payments() *payouts.Service { return &payouts.Service{Env: r.env} }

// period is a report's from/to arguments.
func period(from, to *time.Time) payouts.Period { return payouts.Period{From: from, To: to} }

// newestPayoutsFirst is the default order of payout lists.
func newestPayoutsFirst(o *ent.PayoutOrder) *ent.PayoutOrder {
	if o != nil {
		return o
	}
	return &ent.PayoutOrder{Direction: entgql.OrderDirectionDesc, Field: ent.PayoutOrderFieldPaidOn}
}

// readable returns the row the viewer may read, or nil: a balance's
// counterparty the viewer cannot see shows as null, not as an error.
func readable[T any](v T, err error) (T, error) {
	if ent.IsNotFound(err) {
		var zero T
		return zero, nil
	}
	return v, err
}

func (r *Resolver) coopOrNil(ctx context.Context, id *int) (*ent.Coop, error) {
	if id == nil || *id == 0 {
		return nil, nil
	}
	return readable(r.db(ctx).Coop.Query().Where(coop.ID(*id)).Only(ctx))
}

func (r *Resolver) personOrNil(ctx context.Context, id *int) (*ent.Person, error) {
	if id == nil {
		return nil, nil
	}
	return readable(r.db(ctx).Person.Query().Where(person.ID(*id)).Only(ctx))
}

func (r *Resolver) projectOrNil(ctx context.Context, id *int) (*ent.Project, error) {
	if id == nil {
		return nil, nil
	}
	return readable(r.db(ctx).Project.Query().Where(project.ID(*id)).Only(ctx))
}
