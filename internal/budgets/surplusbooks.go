package budgets

// The surplus from the books (issue 17, item 7): a SURPLUS proposal takes the
// year's result from the coop's ledger unless an amount is typed in with a
// reason, and recording the distribution books the year's close and the
// members' parts and closes the year, in the same transaction.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/booksclosure"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/ledgerline"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/money"
)

// surplusAmount is the surplus a proposal decides: the override with its
// reason (required, not blank), or the year's result in the books (a loss
// is not distributed: BAD_USER_INPUT surplus).
func surplusAmount(o *domainop.Op, c *ent.Coop, year int, override *money.Money, reason *string) (money.Money, *string, error) {
	if override != nil {
		if reason == nil || strings.TrimSpace(*reason) == "" {
			return money.Money{}, nil, apperr.InvalidField("overrideReason",
				"a surplus typed in instead of the books' result needs the reason for the override; leave surplus out to take the books' result")
		}
		r := strings.TrimSpace(*reason)
		return *override, &r, nil
	}
	if reason != nil {
		return money.Money{}, nil, apperr.InvalidField("overrideReason", "overrideReason goes with a surplus amount that overrides the books")
	}
	b, err := yearBalances(o, c.ID, year, c.Currency)
	if err != nil {
		return money.Money{}, nil, err
	}
	if b.result < 0 {
		return money.Money{}, nil, apperr.InvalidField("surplus", "the books of %d show a loss of %s: there is no surplus to distribute",
			year, money.Money{Cents: -b.result, Currency: c.Currency})
	}
	return money.Money{Cents: b.result, Currency: c.Currency}, nil, nil
}

// books is a year's income and expense accounts in a coop's books: the
// balance of each (income: credits - debits; expenses: debits - credits)
// and the result, income minus expenses.
type books struct {
	balances map[plan.Code]int64
	result   int64
}

// yearBalances reads the year's result from the coop's books in currency:
// every entry booked in the calendar year but the year's close itself.
func yearBalances(o *domainop.Op, coopID, year int, currency string) (books, error) {
	from, to := fiscalYear(year)
	lines, err := o.C.LedgerLine.Query().Where(ledgerline.CoopID(coopID), ledgerline.HasEntryWith(
		ledgerentry.BookedOnGTE(from), ledgerentry.BookedOnLT(to), ledgerentry.Currency(currency),
		ledgerentry.KindNEQ(ledgerentry.KindYEAR_CLOSE))).WithAccount().All(o.Sys)
	if err != nil {
		return books{}, err
	}
	b := books{balances: map[plan.Code]int64{}}
	for _, l := range lines {
		code := plan.Code(l.Edges.Account.Code)
		a, _ := plan.Lookup(code)
		switch a.Type {
		case plan.Income:
			b.balances[code] += l.CreditCents - l.DebitCents
			b.result += l.CreditCents - l.DebitCents
		case plan.Expense:
			b.balances[code] += l.DebitCents - l.CreditCents
			b.result -= l.DebitCents - l.CreditCents
		}
	}
	return b, nil
}

// bookSurplus books a recorded distribution: the YEAR_CLOSE entry moving
// the year's income and expenses to RETAINED_EARNINGS, then the SURPLUS
// entry Dr RETAINED_EARNINGS / Cr PERSON_PAYABLE(member) per part, both on
// 31 December of the year (or today, when the books of that day were
// closed before), and closes the year (BooksClosure reason SURPLUS; a
// closure of exactly the year that exists already stays the one).
func bookSurplus(o *domainop.Op, p *ent.Proposal, d *ent.SurplusDistribution, sp *SurplusPlan, b books) error {
	rule := authz.BookSurplus
	from, to := fiscalYear(d.FiscalYear)
	day := to.AddDate(0, 0, -1)
	if err := ledger.CheckOpen(o, day, d.CoopID); apperr.CodeOf(err) == apperr.Conflict {
		day = ledger.Day(o.Now)
	} else if err != nil {
		return err
	}
	var lines []ledger.Line
	codes := make([]plan.Code, 0, len(b.balances))
	for c := range b.balances {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, code := range codes {
		bal := b.balances[code]
		a, _ := plan.Lookup(code)
		acct := ledger.Account{Code: code}
		if a.Type == plan.Expense {
			bal = -bal // an expense closes with a credit
		}
		switch {
		case bal > 0:
			lines = append(lines, ledger.Debit(acct, bal))
		case bal < 0:
			lines = append(lines, ledger.Credit(acct, -bal))
		}
	}
	retained := ledger.Account{Code: plan.RetainedEarnings}
	switch {
	case b.result > 0:
		lines = append(lines, ledger.Credit(retained, b.result))
	case b.result < 0:
		lines = append(lines, ledger.Debit(retained, -b.result))
	}
	if len(lines) > 0 {
		if _, err := ledger.Post(o, rule, ledger.Entry{CoopID: d.CoopID, Kind: plan.YearClose, BookedOn: day,
			Currency: d.Currency, Description: fmt.Sprintf("Close of %d: the year's result to retained earnings", d.FiscalYear),
			Lines: lines, SurplusDistributionID: &d.ID}); err != nil {
			return err
		}
	}
	if sp.DistributedCents > 0 {
		parts := []ledger.Line{ledger.Debit(retained, sp.DistributedCents)}
		for _, part := range sp.Parts {
			if part.AmountCents > 0 {
				parts = append(parts, ledger.Credit(ledger.Account{Code: plan.PersonPayable, PersonID: part.Person.ID}, part.AmountCents))
			}
		}
		if _, err := ledger.Post(o, rule, ledger.Entry{CoopID: d.CoopID, Kind: plan.Surplus, BookedOn: day,
			Currency: d.Currency, Description: fmt.Sprintf("Surplus %d distributed to members", d.FiscalYear),
			Lines: parts, SurplusDistributionID: &d.ID}); err != nil {
			return err
		}
	}
	end := to.AddDate(0, 0, -1)
	exists, err := o.C.BooksClosure.Query().Where(booksclosure.CoopID(d.CoopID), booksclosure.PeriodStart(from),
		booksclosure.PeriodEnd(end)).Exist(o.Sys)
	if err != nil || exists {
		return err
	}
	return o.C.BooksClosure.Create().SetCoopID(d.CoopID).SetPeriodStart(from).SetPeriodEnd(end).
		SetReason(booksclosure.ReasonSURPLUS).SetClosedAt(o.Now).SetNillableClosedByID(o.ActorID()).
		SetProposalID(p.ID).Exec(o.As(rule))
}
