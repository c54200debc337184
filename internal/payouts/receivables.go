package payouts

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/money"
)

// Balance is what one coop owes one payee (a coop or a person), for one
// project (or outside any project: surplus parts, refunds) in one currency,
// from the coop's books: earned is what became owed, paid out what was paid
// (or settled), owed the difference (negative when paid in advance).
type Balance struct {
	// DebtorID is the coop that owes.
	DebtorID int
	// CreditorCoopID or CreditorPersonID is who is owed.
	CreditorCoopID   *int
	CreditorPersonID *int
	ProjectID        *int
	Currency         string
	EarnedCents      int64
	PaidOutCents     int64
}

// Earned is what became owed.
func (b *Balance) Earned() *money.Money {
	return &money.Money{Cents: b.EarnedCents, Currency: b.Currency}
}

// PaidOut is what was paid or settled.
func (b *Balance) PaidOut() *money.Money {
	return &money.Money{Cents: b.PaidOutCents, Currency: b.Currency}
}

// Owed is earned - paid out.
func (b *Balance) Owed() *money.Money {
	return &money.Money{Cents: b.EarnedCents - b.PaidOutCents, Currency: b.Currency}
}

// Period bounds a report by booked day, both ends included; nil is open.
type Period struct{ From, To *time.Time }

func (p Period) where() []predicate.LedgerEntry {
	var w []predicate.LedgerEntry
	if p.From != nil {
		w = append(w, ledgerentry.BookedOnGTE(ledger.Day(*p.From)))
	}
	if p.To != nil {
		w = append(w, ledgerentry.BookedOnLTE(ledger.Day(*p.To)))
	}
	return w
}

// PersonReceivables is what each coop owes the person (PERSON_PAYABLE
// accounts kept for them), per coop, project and currency, in the period.
// Read as the viewer: the person sees all of theirs, a coop's members what
// their coop owes the person, anyone else nothing.
func PersonReceivables(ctx context.Context, c *ent.Client, personID int, p Period) ([]*Balance, error) {
	return balances(ctx, c, p, false,
		ledgeraccount.CodeEQ(ledgeraccount.CodePERSON_PAYABLE), ledgeraccount.CounterpartyPersonID(personID))
}

// CoopReceivables is what other coops owe coop (its COOP_RECEIVABLE
// accounts: shares earned on projects they lead), per debtor, project and
// currency, in the period. Read as the viewer: the coop's members see all,
// a debtor coop's members what their coop owes, anyone else nothing.
func CoopReceivables(ctx context.Context, c *ent.Client, coopID int, p Period) ([]*Balance, error) {
	return balances(ctx, c, p, true,
		ledgeraccount.CoopID(coopID), ledgeraccount.CodeEQ(ledgeraccount.CodeCOOP_RECEIVABLE))
}

// CoopPayables is what coop owes others (its COOP_PAYABLE and
// PERSON_PAYABLE accounts), per payee, project and currency, in the period.
// Read as the viewer: the coop's members see all; a partner coop's members
// and a person only what the coop owes them.
func CoopPayables(ctx context.Context, c *ent.Client, coopID int, p Period) ([]*Balance, error) {
	return balances(ctx, c, p, false,
		ledgeraccount.CoopID(coopID), ledgeraccount.CodeIn(ledgeraccount.CodeCOOP_PAYABLE, ledgeraccount.CodePERSON_PAYABLE))
}

// balances sums the readable lines of the accounts matching where, per
// account and project. A receivable (debit-normal) earns by debits; a
// payable by credits.
func balances(ctx context.Context, c *ent.Client, p Period, receivable bool, where ...predicate.LedgerAccount) ([]*Balance, error) {
	q := c.LedgerLine.Query().Where(ledgerline.HasAccountWith(where...))
	if w := p.where(); len(w) > 0 {
		q.Where(ledgerline.HasEntryWith(w...))
	}
	lines, err := q.WithAccount().WithEntry().All(ctx)
	if err != nil {
		return nil, err
	}
	type key struct {
		account int
		project int
	}
	byKey := map[key]*Balance{}
	var out []*Balance
	for _, l := range lines {
		a, e := l.Edges.Account, l.Edges.Entry
		if a == nil || e == nil {
			continue // not readable to the viewer
		}
		k := key{account: a.ID}
		if e.ProjectID != nil {
			k.project = *e.ProjectID
		}
		b := byKey[k]
		if b == nil {
			b = &Balance{Currency: a.Currency, ProjectID: e.ProjectID}
			if receivable {
				// The other coop owes the account's coop.
				b.DebtorID = derefOr(a.CounterpartyCoopID)
				b.CreditorCoopID = &a.CoopID
			} else {
				b.DebtorID = a.CoopID
				b.CreditorCoopID, b.CreditorPersonID = a.CounterpartyCoopID, a.CounterpartyPersonID
			}
			byKey[k] = b
			out = append(out, b)
		}
		earned, paid := l.CreditCents, l.DebitCents
		if receivable {
			earned, paid = l.DebitCents, l.CreditCents
		}
		b.EarnedCents += earned
		b.PaidOutCents += paid
	}
	slices.SortFunc(out, func(a, b *Balance) int {
		return cmp.Or(cmp.Compare(a.DebtorID, b.DebtorID), cmp.Compare(derefOr(a.CreditorCoopID), derefOr(b.CreditorCoopID)),
			cmp.Compare(derefOr(a.CreditorPersonID), derefOr(b.CreditorPersonID)),
			cmp.Compare(derefOr(a.ProjectID), derefOr(b.ProjectID)), cmp.Compare(a.Currency, b.Currency))
	})
	return out, nil
}

func derefOr(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
