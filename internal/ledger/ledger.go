// Package ledger is every coop's double-entry books (issue 17) and the rule
// that keeps periods closed. It is the one place that writes ledger entries:
// invoices, payments, payouts, settlements, dues, buy-ins and surplus
// distributions call Post inside their own transaction, under their own
// named rule, so the effect is booked with its cause or not at all.
//
// Rules (Post):
//   - an entry has at least two lines, each a positive debit or a positive
//     credit, and its debits equal its credits;
//   - one currency per entry, and every account it touches is in that
//     currency (an account is per coop, code, currency and counterparty);
//   - the account's counterparty is the one the plan asks for (a client for
//     CLIENT_RECEIVABLE, a coop for COOP_*, a person for MEMBER_*/PERSON_*);
//   - its day falls in an open period of the coop (CheckOpen);
//   - entries are never changed: a correction is Reverse, then a new entry.
//
// Locking: Post and CheckOpen lock the coop's row (its "books") until the
// transaction ends, so a period cannot close between the check and the
// write, and accounts are opened one at a time. An operation that books in
// several coops' books locks them first with LockBooks, which takes them in
// ascending order so that two such operations cannot deadlock.
package ledger

import (
	"fmt"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/booksclosure"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
)

// Account names an account of a coop's books: a code of the plan and, for
// receivables and payables, the counterparty (exactly the one the plan asks
// for). The currency is the entry's.
type Account struct {
	Code     plan.Code
	ClientID int // for CLIENT_RECEIVABLE
	CoopID   int // for COOP_RECEIVABLE, COOP_PAYABLE
	PersonID int // for MEMBER_RECEIVABLE, PERSON_PAYABLE, MEMBER_CAPITAL
}

// Line is a debit or a credit on an account; exactly one of the two is
// positive.
type Line struct {
	Account Account
	Debit   int64
	Credit  int64
}

// Debit is a debit line.
func Debit(a Account, cents int64) Line { return Line{Account: a, Debit: cents} }

// Credit is a credit line.
func Credit(a Account, cents int64) Line { return Line{Account: a, Credit: cents} }

// Entry is a booking to make. Exactly what caused it is linked by the
// optional IDs.
type Entry struct {
	CoopID      int
	Kind        plan.EntryKind
	BookedOn    time.Time
	Currency    string
	Description string
	Lines       []Line

	InvoiceID, PaymentID, PayoutID, SettlementID *int
	SurplusDistributionID, DuesChargeID          *int
	MembershipID, ProjectID                      *int
	reverses                                     *int
}

// Day is t's calendar day in UTC, at midnight: the form every booked day,
// invoice date and period bound takes.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Post books e in the coop's books under rule, after checking the rules of
// the package doc. The rule is the operation's: the one that decided the
// write that caused the booking.
func Post(o *domainop.Op, rule *authz.Rule, e Entry) (*ent.LedgerEntry, error) {
	if err := valid(e); err != nil {
		return nil, err
	}
	day := Day(e.BookedOn)
	if err := CheckOpen(o, day, e.CoopID); err != nil {
		return nil, err
	}
	ctx := o.As(rule)
	accounts := make([]int, len(e.Lines))
	for i, l := range e.Lines {
		id, err := account(o, rule, e.CoopID, e.Currency, l.Account)
		if err != nil {
			return nil, err
		}
		accounts[i] = id
	}
	entry, err := o.C.LedgerEntry.Create().
		SetCoopID(e.CoopID).SetKind(ledgerentry.Kind(e.Kind)).SetBookedOn(day).
		SetCurrency(e.Currency).SetDescription(e.Description).SetNillableRecordedByID(o.ActorID()).
		SetNillableInvoiceID(e.InvoiceID).SetNillablePaymentID(e.PaymentID).SetNillablePayoutID(e.PayoutID).
		SetNillableSettlementID(e.SettlementID).SetNillableSurplusDistributionID(e.SurplusDistributionID).
		SetNillableDuesChargeID(e.DuesChargeID).SetNillableMembershipID(e.MembershipID).
		SetNillableProjectID(e.ProjectID).SetNillableReversesID(e.reverses).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	lines := make([]*ent.LedgerLineCreate, len(e.Lines))
	for i, l := range e.Lines {
		lines[i] = o.C.LedgerLine.Create().SetEntryID(entry.ID).SetAccountID(accounts[i]).
			SetCoopID(e.CoopID).SetDebitCents(l.Debit).SetCreditCents(l.Credit)
	}
	if _, err := o.C.LedgerLine.CreateBulk(lines...).Save(ctx); err != nil {
		return nil, err
	}
	return entry, nil
}

func valid(e Entry) error {
	if len(e.Lines) < 2 {
		return fmt.Errorf("ledger: an entry needs at least two lines, got %d", len(e.Lines))
	}
	if e.Description == "" || e.Currency == "" || e.BookedOn.IsZero() || e.CoopID == 0 {
		return fmt.Errorf("ledger: entry without coop, day, currency or description")
	}
	var debits, credits int64
	for _, l := range e.Lines {
		if (l.Debit > 0) == (l.Credit > 0) || l.Debit < 0 || l.Credit < 0 {
			return fmt.Errorf("ledger: a line is a positive debit or a positive credit, got %d/%d on %s", l.Debit, l.Credit, l.Account.Code)
		}
		a, ok := plan.Lookup(l.Account.Code)
		if !ok {
			return fmt.Errorf("ledger: no account %q in the plan", l.Account.Code)
		}
		if counterparty(l.Account) != a.Counterparty {
			return fmt.Errorf("ledger: account %s is kept per %q, got %+v", a.Code, a.Counterparty, l.Account)
		}
		debits += l.Debit
		credits += l.Credit
	}
	if debits != credits {
		// A programming error, never user input: every caller computes
		// both sides from the same amounts.
		return fmt.Errorf("ledger: entry %q does not balance: debits %d, credits %d", e.Description, debits, credits)
	}
	return nil
}

func counterparty(a Account) plan.Counterparty {
	n := 0
	c := plan.NoCounterparty
	if a.ClientID != 0 {
		n, c = n+1, plan.PerClient
	}
	if a.CoopID != 0 {
		n, c = n+1, plan.PerCoop
	}
	if a.PersonID != 0 {
		n, c = n+1, plan.PerPerson
	}
	if n > 1 {
		return "several"
	}
	return c
}

// Key is the unique key of an account within a coop's books.
func Key(a Account, currency string) string {
	k := string(a.Code) + ":" + currency
	switch {
	case a.ClientID != 0:
		k += fmt.Sprintf(":client=%d", a.ClientID)
	case a.CoopID != 0:
		k += fmt.Sprintf(":coop=%d", a.CoopID)
	case a.PersonID != 0:
		k += fmt.Sprintf(":person=%d", a.PersonID)
	}
	return k
}

// account returns the ID of the account, opening it on first use (under the
// books lock Post holds, so two openings cannot race).
func account(o *domainop.Op, rule *authz.Rule, coopID int, currency string, a Account) (int, error) {
	key := Key(a, currency)
	id, err := o.C.LedgerAccount.Query().Where(ledgeraccount.CoopID(coopID), ledgeraccount.Key(key)).OnlyID(o.Sys)
	if err == nil || !ent.IsNotFound(err) {
		return id, err
	}
	c := o.C.LedgerAccount.Create().SetCoopID(coopID).SetCode(ledgeraccount.Code(a.Code)).
		SetCurrency(currency).SetKey(key)
	if a.ClientID != 0 {
		c.SetClientID(a.ClientID)
	}
	if a.CoopID != 0 {
		c.SetCounterpartyCoopID(a.CoopID)
	}
	if a.PersonID != 0 {
		c.SetCounterpartyPersonID(a.PersonID)
	}
	acc, err := c.Save(o.As(rule))
	if err != nil {
		return 0, err
	}
	return acc.ID, nil
}

// Reverse books the exact opposite of entry entryID on day (in an open
// period; the reversed entry's own period may be closed), linked to it, and
// returns the reversal. An entry is reversed at most once (CONFLICT).
func Reverse(o *domainop.Op, rule *authz.Rule, entryID int, day time.Time, reason string) (*ent.LedgerEntry, error) {
	orig, err := o.C.LedgerEntry.Query().Where(ledgerentry.ID(entryID)).WithLines(func(q *ent.LedgerLineQuery) {
		q.WithAccount()
	}).Only(o.Sys)
	if err != nil {
		return nil, err
	}
	if err := LockBooks(o, orig.CoopID); err != nil {
		return nil, err
	}
	if n, err := o.C.LedgerEntry.Query().Where(ledgerentry.ReversesID(entryID)).Count(o.Sys); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, apperr.New(apperr.Conflict, "ledger entry %d has already been reversed", entryID)
	}
	if orig.Kind == ledgerentry.KindREVERSAL {
		return nil, apperr.New(apperr.Conflict, "a reversal is not reversed; book the correction as a new entry")
	}
	e := Entry{CoopID: orig.CoopID, Kind: plan.Reversal, BookedOn: day, Currency: orig.Currency,
		Description: "Reversal of entry " + fmt.Sprint(entryID) + ": " + reason,
		InvoiceID:   orig.InvoiceID, PaymentID: orig.PaymentID, PayoutID: orig.PayoutID,
		SettlementID: orig.SettlementID, SurplusDistributionID: orig.SurplusDistributionID,
		DuesChargeID: orig.DuesChargeID, MembershipID: orig.MembershipID, ProjectID: orig.ProjectID,
		reverses: &entryID}
	for _, l := range orig.Edges.Lines {
		acc := l.Edges.Account
		a := Account{Code: plan.Code(acc.Code)}
		if acc.ClientID != nil {
			a.ClientID = *acc.ClientID
		}
		if acc.CounterpartyCoopID != nil {
			a.CoopID = *acc.CounterpartyCoopID
		}
		if acc.CounterpartyPersonID != nil {
			a.PersonID = *acc.CounterpartyPersonID
		}
		e.Lines = append(e.Lines, Line{Account: a, Debit: l.CreditCents, Credit: l.DebitCents})
	}
	return Post(o, rule, e)
}

// LockBooks locks the books (the coop rows) of coopIDs until the
// transaction ends, in ascending order. Post and CheckOpen lock the one coop
// they book in; an operation that books in several coops calls LockBooks
// with all of them first.
func LockBooks(o *domainop.Op, coopIDs ...int) error {
	ids := slices.Clone(coopIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, id := range ids {
		if _, err := o.C.Coop.Query().Where(coop.ID(id)).Unique(false).Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
			return err
		}
	}
	return nil
}

// ClosedPeriodError is the CONFLICT of a write dated in a closed period; it
// names the period.
func closedPeriodError(coopName string, c *ent.BooksClosure) error {
	why := "its books were closed"
	if c.Reason == booksclosure.ReasonSURPLUS {
		why = "its surplus was recorded"
	}
	return &apperr.Error{Code: apperr.Conflict,
		Message: fmt.Sprintf("the period %s to %s of %s is closed (%s); book corrections in an open period",
			c.PeriodStart.Format(time.DateOnly), c.PeriodEnd.Format(time.DateOnly), coopName, why),
		Extra: map[string]any{"periodStart": c.PeriodStart.Format(time.DateOnly), "periodEnd": c.PeriodEnd.Format(time.DateOnly)}}
}

// CheckOpen is the rule of closed periods: nothing dated on day is created,
// changed or moved into a period any of coopIDs has closed (CONFLICT naming
// the period). It locks the coops' books until the transaction ends, so a
// close cannot slip in between the check and the write; call it before
// writing anything dated (a time entry: the lead coop's and the share
// holder's books; a moved entry: its old and its new day).
func CheckOpen(o *domainop.Op, day time.Time, coopIDs ...int) error {
	if err := LockBooks(o, coopIDs...); err != nil {
		return err
	}
	day = Day(day)
	c, err := o.C.BooksClosure.Query().Where(booksclosure.CoopIDIn(coopIDs...),
		booksclosure.PeriodStartLTE(day), booksclosure.PeriodEndGTE(day)).First(o.Sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	name, err := o.C.Coop.Query().Where(coop.ID(c.CoopID)).Select(coop.FieldName).String(o.Sys)
	if err != nil {
		return err
	}
	return closedPeriodError(name, c)
}
