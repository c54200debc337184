package graph

import (
	"context"

	"entgo.io/contrib/entgql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/graph/model"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/settlement"
)

// books is the service of hand-made bookings (graph/schema/books.graphql).
func (r *Resolver) books() *ledger.Service { return &ledger.Service{Env: r.env} }

// settlements is the inter-coop settlement service.
func (r *Resolver) settlements() *settlement.Service { return &settlement.Service{Env: r.env} }

func entryPayload(e *ent.LedgerEntry, err error) (*model.LedgerEntryPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.LedgerEntryPayload{Entry: e}, nil
}

func settlementPayload(s *ent.Settlement, err error) (*model.SettlementPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.SettlementPayload{Settlement: s}, nil
}

// lineMoney shows an amount of a ledger line in its entry's currency.
func lineMoney(ctx context.Context, l *ent.LedgerLine, cents int64) (*money.Money, error) {
	e, err := l.Entry(ctx)
	if err != nil {
		return nil, err
	}
	return moneyOf(cents, e.Currency), nil
}

// newestEntriesFirst is the default order of Coop.ledgerEntries: by day,
// newest first.
func newestEntriesFirst(o *ent.LedgerEntryOrder) *ent.LedgerEntryOrder {
	if o != nil {
		return o
	}
	return &ent.LedgerEntryOrder{Direction: entgql.OrderDirectionDesc, Field: ent.LedgerEntryOrderFieldBookedOn}
}
