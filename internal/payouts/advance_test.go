package payouts_test

import (
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestAdvanceOnlyAgainstAShare: an advance (more than is owed) is paid on a
// project to one of its share holders; a member of the lead coop cannot book
// money into the books of a coop, or to a person, that holds no share of it
// (found in review: any visible coop could be "advanced" any amount).
func TestAdvanceOnlyAgainstAShare(t *testing.T) {
	e := newEnv(t)
	lead := e.c.As(e.lead.ID)
	cases := []struct {
		name  string
		vars  map[string]any
		field string
	}{
		{"unrelated coop, no project", map[string]any{"to": testkit.ID(e.X.ID), "coop": testkit.ID(e.L.ID), "kind": "SHARE",
			"amount": eur(1_000_000), "on": t0.Format(time.RFC3339), "advance": true}, "projectID"},
		{"unrelated coop on the project", e.payoutVars(e.X.ID, 1_000_000, true), "to"},
		{"person without a share", e.payoutVars(e.outsider.ID, 50_000, true), "to"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := testkit.RowCounts(t, e.db)
			testkit.OnlyError(t, lead.Do(recordPayout, tc.vars), "BAD_USER_INPUT", tc.field)
			testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
		})
	}
	if got := e.balance(e.X.ID, ledger.Account{Code: plan.Bank}); got != 0 {
		t.Errorf("the unrelated coop's bank: %d, want 0", got)
	}
	// A share holder can be advanced, explicitly.
	testkit.OK(t, lead.Do(recordPayout, e.payoutVars(e.P.ID, 50_000, true)), nil)
	e.balanced()
}

// TestSettlingAfterAnAdvance: an advance to a partner is recovered from its
// later earnings, not by settlement; with nothing owed either way the pair
// has nothing to settle (BAD_USER_INPUT on otherCoopID, not a validator's
// error on a computed amount), and what the partner owes from elsewhere
// still settles.
func TestSettlingAfterAnAdvance(t *testing.T) {
	e := newEnv(t)
	lead, partner := e.c.As(e.lead.ID), e.c.As(e.partner.ID)
	testkit.OK(t, lead.Do(recordPayout, e.payoutVars(e.P.ID, 50_000, true)), nil)
	const propose = `mutation($n: ID!, $o: ID!, $d: Date!) { proposeSettlement(networkID: $n, otherCoopID: $o, upTo: $d) {
		settlement { id payerCoopID net { amount } } } }`
	vars := map[string]any{"n": testkit.ID(e.net.ID), "o": testkit.ID(e.P.ID), "d": t0.Format(time.DateOnly)}
	testkit.OnlyError(t, lead.Do(propose, vars), "BAD_USER_INPUT", "otherCoopID")
	// P owes L 300.00 from another project: it settles, the advance stays.
	e.book(ledger.Entry{CoopID: e.P.ID, Kind: plan.ExpenseBooked, BookedOn: t0, Currency: "EUR", Description: "P's share of L's costs",
		Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.OtherExpenses}, 30_000), ledger.Credit(ledger.Account{Code: plan.CoopPayable, CoopID: e.L.ID}, 30_000)}})
	e.book(ledger.Entry{CoopID: e.L.ID, Kind: plan.ExpenseBooked, BookedOn: t0, Currency: "EUR", Description: "L's receivable from P",
		Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.CoopReceivable, CoopID: e.P.ID}, 30_000), ledger.Credit(ledger.Account{Code: plan.OtherExpenses}, 30_000)}})
	var out struct {
		ProposeSettlement struct {
			Settlement struct {
				ID, PayerCoopID string
				Net             struct{ Amount int64 }
			}
		}
	}
	testkit.OK(t, partner.Do(propose, map[string]any{"n": testkit.ID(e.net.ID), "o": testkit.ID(e.L.ID), "d": t0.Format(time.DateOnly)}), &out)
	if s := out.ProposeSettlement.Settlement; s.PayerCoopID != testkit.ID(e.P.ID) || s.Net.Amount != 30_000 {
		t.Errorf("settlement %+v, want P pays 300.00", s)
	}
	e.balanced()
}
