package ledger

// Reading a coop's books (issue 17, part books): balances, the trial balance
// and the period report, each computed by SQL sums over the lines (never by
// loading them), through the reader's privacy filters.

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Sums are the debits and credits of the lines of one account.
type Sums struct {
	AccountID int   `json:"account_id"`
	Debit     int64 `json:"debit"`
	Credit    int64 `json:"credit"`
}

// sum is SUM(field) as a BIGINT, 0 over no rows (both dialects).
func sum(field, as string) ent.AggregateFunc {
	return func(s *sql.Selector) string {
		return sql.As(fmt.Sprintf("CAST(COALESCE(SUM(%s), 0) AS BIGINT)", s.C(field)), as)
	}
}

// Period limits entries to the days from From to To, both inclusive; a nil
// bound is open.
type Period struct{ From, To *time.Time }

func (p Period) entry() []predicate.LedgerEntry {
	var ps []predicate.LedgerEntry
	if p.From != nil {
		ps = append(ps, ledgerentry.BookedOnGTE(Day(*p.From)))
	}
	if p.To != nil {
		ps = append(ps, ledgerentry.BookedOnLTE(Day(*p.To)))
	}
	return ps
}

// SumsByAccount sums the lines that match where, per account, in one query
// (GROUP BY account_id), as far as ctx may read them.
func SumsByAccount(ctx context.Context, c *ent.Client, where ...predicate.LedgerLine) (map[int]Sums, error) {
	var rows []Sums
	err := c.LedgerLine.Query().Where(where...).GroupBy(ledgerline.FieldAccountID).
		Aggregate(sum(ledgerline.FieldDebitCents, "debit"), sum(ledgerline.FieldCreditCents, "credit")).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := make(map[int]Sums, len(rows))
	for _, r := range rows {
		out[r.AccountID] = r
	}
	return out, nil
}

// SumLines sums the lines that match where in one query.
func SumLines(ctx context.Context, c *ent.Client, where ...predicate.LedgerLine) (debit, credit int64, err error) {
	var rows []struct {
		Debit  int64 `json:"debit"`
		Credit int64 `json:"credit"`
	}
	err = c.LedgerLine.Query().Where(where...).
		Aggregate(sum(ledgerline.FieldDebitCents, "debit"), sum(ledgerline.FieldCreditCents, "credit")).Scan(ctx, &rows)
	if err != nil || len(rows) == 0 {
		return 0, 0, err
	}
	return rows[0].Debit, rows[0].Credit, nil
}

// InPeriod is the lines of entries booked in p (and matching the entry
// predicates more).
func InPeriod(p Period, more ...predicate.LedgerEntry) predicate.LedgerLine {
	ps := append(p.entry(), more...)
	if len(ps) == 0 {
		return func(*sql.Selector) {}
	}
	return ledgerline.HasEntryWith(ps...)
}

// TypeOf is the type of an account code (ASSET, LIABILITY, ...).
func TypeOf(code ledgeraccount.Code) plan.Type {
	a, _ := plan.Lookup(plan.Code(code))
	return a.Type
}

// Signed is the balance of an account of type t with these sums: debits -
// credits for ASSET and EXPENSE, credits - debits otherwise, so the normal
// balance is positive.
func Signed(t plan.Type, debit, credit int64) int64 { return t.Sign() * (debit - credit) }

// Balance is account a's balance over the entries booked in p.
func Balance(ctx context.Context, c *ent.Client, a *ent.LedgerAccount, p Period) (money.Money, error) {
	d, cr, err := SumLines(ctx, c, ledgerline.AccountID(a.ID), InPeriod(p))
	if err != nil {
		return money.Money{}, err
	}
	return money.Money{Cents: Signed(TypeOf(a.Code), d, cr), Currency: a.Currency}, nil
}

// TrialBalance is the coop's books in one currency up to a day: every
// account's debits, credits and balance, totals per account type, and the
// check that all debits equal all credits.
type TrialBalance struct {
	AsOf     time.Time
	Currency string
	// Debits and Credits are the totals of all lines up to AsOf.
	Debits, Credits money.Money
	Accounts        []*TrialBalanceAccount
	Types           []*TypeTotal
}

// Balanced reports whether the debits equal the credits (always, unless the
// books are broken).
func (tb *TrialBalance) Balanced() bool { return tb.Debits.Cents == tb.Credits.Cents }

// TrialBalanceAccount is one account's line in the trial balance.
type TrialBalanceAccount struct {
	Account                  *ent.LedgerAccount
	Type                     plan.Type
	Debits, Credits, Balance money.Money
}

// TypeTotal is the sum of the balances of one account type.
type TypeTotal struct {
	Type    plan.Type
	Balance money.Money
}

// ComputeTrialBalance reads the trial balance of coopID in currency up to
// asOf: one GROUP BY over the lines and one read of the accounts.
func ComputeTrialBalance(ctx context.Context, c *ent.Client, coopID int, currency string, asOf time.Time) (*TrialBalance, error) {
	asOf = Day(asOf)
	sums, err := SumsByAccount(ctx, c, ledgerline.CoopID(coopID),
		InPeriod(Period{To: &asOf}, ledgerentry.Currency(currency)))
	if err != nil {
		return nil, err
	}
	ids := make([]int, 0, len(sums))
	for id := range sums {
		ids = append(ids, id)
	}
	accounts, err := c.LedgerAccount.Query().Where(ledgeraccount.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	order := map[plan.Code]int{}
	for i, a := range plan.Accounts {
		order[a.Code] = i
	}
	slices.SortFunc(accounts, func(a, b *ent.LedgerAccount) int {
		if d := order[plan.Code(a.Code)] - order[plan.Code(b.Code)]; d != 0 {
			return d
		}
		return a.ID - b.ID
	})
	m := func(c int64) money.Money { return money.Money{Cents: c, Currency: currency} }
	tb := &TrialBalance{AsOf: asOf, Currency: currency, Debits: m(0), Credits: m(0)}
	byType := map[plan.Type]int64{}
	for _, a := range accounts {
		s := sums[a.ID]
		t := TypeOf(a.Code)
		bal := Signed(t, s.Debit, s.Credit)
		tb.Accounts = append(tb.Accounts, &TrialBalanceAccount{Account: a, Type: t, Debits: m(s.Debit), Credits: m(s.Credit), Balance: m(bal)})
		tb.Debits.Cents += s.Debit
		tb.Credits.Cents += s.Credit
		byType[t] += bal
	}
	for _, t := range []plan.Type{plan.Asset, plan.Liability, plan.Equity, plan.Income, plan.Expense} {
		tb.Types = append(tb.Types, &TypeTotal{Type: t, Balance: m(byType[t])})
	}
	return tb, nil
}

// Report is a coop's money in a period, in one currency, from its books.
type Report struct {
	From, To time.Time
	Currency string
	// Invoiced: the gross of invoices issued in the period, less credit notes.
	Invoiced money.Money
	// Received: client payments received in the period.
	Received money.Money
	// Outstanding: what clients owe at the end of the period.
	Outstanding money.Money
	// OwedToPartners: what the coop owes partner coops and persons at the
	// end of the period (COOP_PAYABLE and PERSON_PAYABLE).
	OwedToPartners money.Money
	// Payouts: money paid out to coops and persons in the period.
	Payouts money.Money
	// Dues: dues and overhead levy charged in the period.
	Dues money.Money
	// Income, Expenses and Result (income - expenses) of the period, not
	// counting the year-closing entries.
	Income, Expenses, Result money.Money
}

// ComputeReport reads the period report of coopID in currency: a few SQL
// sums over the lines, per account and entry kind.
func ComputeReport(ctx context.Context, c *ent.Client, coopID int, currency string, from, to time.Time) (*Report, error) {
	from, to = Day(from), Day(to)
	p := Period{From: &from, To: &to}
	cur := ledgerentry.Currency(currency)
	r := &Report{From: from, To: to, Currency: currency}
	m := func(c int64) money.Money { return money.Money{Cents: c, Currency: currency} }
	code := func(codes ...ledgeraccount.Code) predicate.LedgerLine {
		return ledgerline.HasAccountWith(ledgeraccount.CodeIn(codes...))
	}
	inCoop := ledgerline.CoopID(coopID)
	kinds := func(ks ...plan.EntryKind) predicate.LedgerEntry {
		out := make([]ledgerentry.Kind, len(ks))
		for i, k := range ks {
			out[i] = ledgerentry.Kind(k)
		}
		return ledgerentry.KindIn(out...)
	}
	// Invoiced: the receivable's movements by invoices and credit notes.
	d, cr, err := SumLines(ctx, c, inCoop, code(ledgeraccount.CodeCLIENT_RECEIVABLE),
		InPeriod(p, cur, kinds(plan.InvoiceIssued, plan.CreditNote)))
	if err != nil {
		return nil, err
	}
	r.Invoiced = m(d - cr)
	d, _, err = SumLines(ctx, c, inCoop, code(ledgeraccount.CodeBANK), InPeriod(p, cur, kinds(plan.ClientPayment)))
	if err != nil {
		return nil, err
	}
	r.Received = m(d)
	_, cr, err = SumLines(ctx, c, inCoop, code(ledgeraccount.CodeBANK), InPeriod(p, cur, kinds(plan.Payout)))
	if err != nil {
		return nil, err
	}
	r.Payouts = m(cr)
	// Balances at the end of the period.
	end, err := SumsByAccount(ctx, c, inCoop, code(ledgeraccount.CodeCLIENT_RECEIVABLE, ledgeraccount.CodeCOOP_PAYABLE, ledgeraccount.CodePERSON_PAYABLE),
		InPeriod(Period{To: &to}, cur))
	if err != nil {
		return nil, err
	}
	// Movements of the income and expense accounts in the period.
	moves, err := SumsByAccount(ctx, c, inCoop, InPeriod(p, cur, ledgerentry.KindNEQ(ledgerentry.Kind(plan.YearClose))))
	if err != nil {
		return nil, err
	}
	ids := make([]int, 0, len(end)+len(moves))
	for id := range end {
		ids = append(ids, id)
	}
	for id := range moves {
		ids = append(ids, id)
	}
	accounts, err := c.LedgerAccount.Query().Where(ledgeraccount.IDIn(ids...)).
		Select(ledgeraccount.FieldID, ledgeraccount.FieldCode).All(ctx)
	if err != nil {
		return nil, err
	}
	var outstanding, owed, income, expenses, dues int64
	for _, a := range accounts {
		t := TypeOf(a.Code)
		if s, ok := end[a.ID]; ok {
			switch a.Code {
			case ledgeraccount.CodeCLIENT_RECEIVABLE:
				outstanding += Signed(t, s.Debit, s.Credit)
			case ledgeraccount.CodeCOOP_PAYABLE, ledgeraccount.CodePERSON_PAYABLE:
				owed += Signed(t, s.Debit, s.Credit)
			}
		}
		if s, ok := moves[a.ID]; ok {
			switch t {
			case plan.Income:
				income += Signed(t, s.Debit, s.Credit)
			case plan.Expense:
				expenses += Signed(t, s.Debit, s.Credit)
			}
			if a.Code == ledgeraccount.CodeDUES_INCOME || a.Code == ledgeraccount.CodeLEVY_INCOME {
				dues += Signed(t, s.Debit, s.Credit)
			}
		}
	}
	r.Outstanding, r.OwedToPartners, r.Dues = m(outstanding), m(owed), m(dues)
	r.Income, r.Expenses, r.Result = m(income), m(expenses), m(income-expenses)
	return r, nil
}

// MembersTrialBalance is Coop.trialBalance: the coop's members (MEMBER or
// PAUSED) only, nil for others; asOf defaults to today, currency to the
// coop's.
func MembersTrialBalance(ctx context.Context, c *ent.Client, co *ent.Coop, asOf *time.Time, currency *string, now time.Time) (*TrialBalance, error) {
	if !viewer.FromContext(ctx).IsMember(co.ID) {
		return nil, nil
	}
	day, cur := now, co.Currency
	if asOf != nil {
		day = *asOf
	}
	if currency != nil {
		cur = *currency
	}
	return ComputeTrialBalance(ctx, c, co.ID, cur, day)
}

// MembersReport is Coop.moneyReport: the coop's members (MEMBER or PAUSED)
// only, nil for others; currency defaults to the coop's.
func MembersReport(ctx context.Context, c *ent.Client, co *ent.Coop, from, to time.Time, currency *string) (*Report, error) {
	if !viewer.FromContext(ctx).IsMember(co.ID) {
		return nil, nil
	}
	if Day(to).Before(Day(from)) {
		return nil, apperr.InvalidField("to", "to: must not be before from")
	}
	cur := co.Currency
	if currency != nil {
		cur = *currency
	}
	return ComputeReport(ctx, c, co.ID, cur, from, to)
}

// EntryFilter is the filter of Coop.ledgerEntries: booked from..to (days,
// inclusive), of a kind, with a line on an account.
func EntryFilter(from, to *time.Time, kind *ledgerentry.Kind, accountID *int) []predicate.LedgerEntry {
	ps := Period{From: from, To: to}.entry()
	if kind != nil {
		ps = append(ps, ledgerentry.KindEQ(*kind))
	}
	if accountID != nil {
		ps = append(ps, ledgerentry.HasLinesWith(ledgerline.AccountID(*accountID)))
	}
	return ps
}
