package ledger

// The hand-made bookings of a coop's books (issue 17, part books):
// bookExpense and reverseLedgerEntry.

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
)

// Service carries out the hand-made bookings. Each call runs in the
// request's transaction as its viewer.
type Service struct{ Env domainop.Env }

// maxDescription is the longest description of an entry (the schema's).
const maxDescription = 500

func text(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", apperr.InvalidField(field, "%s: must not be empty", field)
	}
	if utf8.RuneCountInString(s) > maxDescription-40 {
		return "", apperr.InvalidField(field, "%s: at most %d characters", field, maxDescription-40)
	}
	return s, nil
}

// BookExpense (rule BookExpense) books an expense the coop paid from its
// bank account: Dr OTHER_EXPENSES / Cr BANK, kind EXPENSE, on day on (in an
// open period: CONFLICT naming the period otherwise).
func (svc *Service) BookExpense(ctx context.Context, coopID int, amount money.Money, on time.Time, description string) (*ent.LedgerEntry, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := authz.CanActForBooks(o.V, coopID, "coopID"); err != nil {
		return nil, err
	}
	if ok, err := o.C.Coop.Query().Where(coop.ID(coopID)).Exist(o.Ctx); err != nil {
		return nil, err
	} else if !ok {
		return nil, apperr.InvalidField("coopID", "coopID: not found")
	}
	if err := amount.Validate(); err != nil {
		return nil, apperr.InvalidField("amount", "amount: %v", err)
	}
	if amount.Cents <= 0 {
		return nil, apperr.InvalidField("amount", "amount: must be positive (reverse an expense to correct it)")
	}
	description, err = text("description", description)
	if err != nil {
		return nil, err
	}
	return Post(o, authz.BookExpense, Entry{
		CoopID: coopID, Kind: plan.ExpenseBooked, BookedOn: on, Currency: amount.Currency,
		Description: description,
		Lines: []Line{
			Debit(Account{Code: plan.OtherExpenses}, amount.Cents),
			Credit(Account{Code: plan.Bank}, amount.Cents),
		},
	})
}

// Reversible reports whether an entry of this kind is corrected by hand
// with reverseLedgerEntry: only the hand-made bookings (EXPENSE). Every other
// entry was caused by an invoice, payment, payout, settlement, dues charge,
// buy-in or surplus distribution and is corrected by that operation (a
// credit note, a reversal of the payment, ...), so the cause and its
// booking never disagree.
func Reversible(kind ledgerentry.Kind) bool { return kind == ledgerentry.Kind(plan.ExpenseBooked) }

// ReverseEntry (rule CorrectBooks) books the exact opposite of a hand-made
// entry on day on (an open period), once.
func (svc *Service) ReverseEntry(ctx context.Context, entryID int, on time.Time, reason string) (*ent.LedgerEntry, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	e, err := o.C.LedgerEntry.Query().Where(ledgerentry.ID(entryID)).Only(o.Ctx)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "entryID", "entryID: not found")
	}
	if !o.V.IsActiveMember(e.CoopID) {
		return nil, domainop.Forbidden("only a current member of the coop corrects its books")
	}
	reason, err = text("reason", reason)
	if err != nil {
		return nil, err
	}
	if !Reversible(e.Kind) {
		return nil, apperr.New(apperr.Conflict, "a %s entry is corrected by the operation that caused it (a credit note, a correction of the payment, payout, settlement, dues or buy-in), not by hand", e.Kind)
	}
	return Reverse(o, authz.CorrectBooks, entryID, on, reason)
}
