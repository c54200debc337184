package payouts_test

import (
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

type payoutOut struct {
	RecordPayout struct {
		Payout struct {
			ID      string
			Amount  struct{ Amount int64 }
			Advance bool
			Kind    string
		}
	}
}

// TestPayoutsNeverExceedOwedUnlessAdvanced: a payout above what the lead
// coop owes the payee on the project is a CONFLICT carrying the amount
// owed; up to it passes and is booked in both coops' books (which keep
// mirroring each other); above it with advance: true passes, marked.
func TestPayoutsNeverExceedOwedUnlessAdvanced(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareP, net: 10_000}, line{share: e.shareF, net: 20_000}, line{pm: true, net: 1_000})
	e.pay(inv, inv.GrossCents/2)
	owedP := e.balance(e.L.ID, ledger.Account{Code: plan.CoopPayable, CoopID: e.P.ID})
	owedF := e.balance(e.L.ID, ledger.Account{Code: plan.PersonPayable, PersonID: e.fl.ID})
	if owedP != 5_000 || owedF != 10_000 {
		t.Fatalf("owed after half the gross: P %d, F %d; want 5000, 10000", owedP, owedF)
	}
	lead := e.c.As(e.lead.ID)

	before := testkit.RowCounts(t, e.db)
	er := testkit.OnlyError(t, lead.Do(recordPayout, e.payoutVars(e.P.ID, owedP+1, false)), "CONFLICT", "amount")
	if o, _ := er.Extensions["owed"].(map[string]any); o["amount"] != float64(owedP) || o["currency"] != "EUR" {
		t.Errorf("extensions.owed = %v, want %d EUR", er.Extensions["owed"], owedP)
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))

	var out payoutOut
	testkit.OK(t, lead.Do(recordPayout, e.payoutVars(e.P.ID, 3_000, false)), &out)
	if out.RecordPayout.Payout.Advance || out.RecordPayout.Payout.Amount.Amount != 3_000 {
		t.Errorf("payout %+v", out.RecordPayout.Payout)
	}
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"L owes P", e.balance(e.L.ID, ledger.Account{Code: plan.CoopPayable, CoopID: e.P.ID}), 2_000},
		{"P is owed by L", e.balance(e.P.ID, ledger.Account{Code: plan.CoopReceivable, CoopID: e.L.ID}), 2_000},
		{"P's bank", e.balance(e.P.ID, ledger.Account{Code: plan.Bank}), 3_000},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	// What is left, exactly, passes; one cent more does not.
	testkit.OnlyError(t, lead.Do(recordPayout, e.payoutVars(e.P.ID, 2_001, false)), "CONFLICT", "amount")
	testkit.OK(t, lead.Do(recordPayout, e.payoutVars(e.P.ID, 2_000, false)), nil)

	// The freelancer, in advance.
	testkit.OnlyError(t, lead.Do(recordPayout, e.payoutVars(e.fl.ID, 15_000, false)), "CONFLICT", "amount")
	out = payoutOut{}
	testkit.OK(t, lead.Do(recordPayout, e.payoutVars(e.fl.ID, 15_000, true)), &out)
	if !out.RecordPayout.Payout.Advance {
		t.Errorf("a payout above what is owed is not marked advance: %+v", out.RecordPayout.Payout)
	}
	if got := e.balance(e.L.ID, ledger.Account{Code: plan.PersonPayable, PersonID: e.fl.ID}); got != -5_000 {
		t.Errorf("L owes F %d after the advance, want -5000", got)
	}
	// An advance within what is owed is not an advance.
	out = payoutOut{}
	pm := e.payoutVars(e.pmp.ID, 500, true)
	pm["kind"] = "PM_CHARGE"
	testkit.OK(t, lead.Do(recordPayout, pm), &out)
	if out.RecordPayout.Payout.Advance || out.RecordPayout.Payout.Kind != "PM_CHARGE" {
		t.Errorf("PM charge payout %+v", out.RecordPayout.Payout)
	}
	e.balanced()
}

// TestRecordPayoutRefusals: wrong actors, payees, kinds, amounts and dates
// write nothing.
func TestRecordPayoutRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareP, net: 10_000})
	e.pay(inv, inv.GrossCents)
	with := func(kv ...any) map[string]any {
		v := e.payoutVars(e.P.ID, 100, false)
		for i := 0; i+1 < len(kv); i += 2 {
			v[kv[i].(string)] = kv[i+1]
		}
		return v
	}
	cases := []struct {
		name  string
		as    *testkit.Client
		vars  map[string]any
		code  string
		field string
	}{
		{"partner pays itself from L's project", e.c.As(e.partner.ID), with(), "FORBIDDEN", ""},
		{"freelancer pays", e.c.As(e.fl.ID), with("to", testkit.ID(e.fl.ID)), "FORBIDDEN", ""},
		{"outsider pays for a project it cannot see", e.c.As(e.outsider.ID), with(), "NOT_FOUND", "projectID"},
		{"outsider names L as the payer", e.c.As(e.outsider.ID), with("project", nil, "coop", testkit.ID(e.L.ID)), "FORBIDDEN", ""},
		{"lead member names another payer of L's project", e.c.As(e.lead.ID), with("coop", testkit.ID(e.X.ID)), "BAD_USER_INPUT", "coopID"},
		{"anonymous", e.c.Anonymous(), with(), "UNAUTHENTICATED", ""},
		{"payee is not a coop or person", e.c.As(e.lead.ID), with("to", testkit.ID(e.project.ID)), "NOT_FOUND", "to"},
		{"coop pays itself", e.c.As(e.lead.ID), with("to", testkit.ID(e.L.ID)), "BAD_USER_INPUT", "to"},
		{"unknown project", e.c.As(e.lead.ID), with("project", testkit.ID(e.client.ID)), "NOT_FOUND", "projectID"},
		{"no project, no coop", e.c.As(e.lead.ID), with("project", nil), "BAD_USER_INPUT", "coopID"},
		{"PM charge without project", e.c.As(e.lead.ID), with("project", nil, "coop", testkit.ID(e.L.ID), "kind", "PM_CHARGE"), "BAD_USER_INPUT", "projectID"},
		{"surplus kind", e.c.As(e.lead.ID), with("kind", "SURPLUS"), "BAD_USER_INPUT", "kind"},
		{"zero", e.c.As(e.lead.ID), with("amount", eur(0)), "BAD_USER_INPUT", "amount"},
		{"other currency", e.c.As(e.lead.ID), with("amount", map[string]any{"amount": 100, "currency": "CHF"}), "BAD_USER_INPUT", "amount"},
		{"future", e.c.As(e.lead.ID), with("on", t0.AddDate(0, 0, 2).Format(time.RFC3339)), "BAD_USER_INPUT", "paidOn"},
		{"outsider's coop pays without owing", e.c.As(e.outsider.ID), with("project", nil, "coop", testkit.ID(e.X.ID)), "CONFLICT", "amount"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := testkit.RowCounts(t, e.db)
			testkit.OnlyError(t, c.as.Do(recordPayout, c.vars), c.code, c.field)
			testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
		})
	}
	// Without a project, the coop's whole balance with the payee counts.
	testkit.OK(t, e.c.As(e.lead.ID).Do(recordPayout, with("project", nil, "coop", testkit.ID(e.L.ID), "amount", eur(10_000))), nil)
	if got := e.balance(e.L.ID, ledger.Account{Code: plan.CoopPayable, CoopID: e.P.ID}); got != 0 {
		t.Errorf("L owes P %d, want 0", got)
	}
}

// TestRacingPayoutsNeverExceedOwed: six payouts of 40 % of what is owed,
// at once: two pass, the others are CONFLICTs, and the lead coop never owes
// less than zero.
func TestRacingPayoutsNeverExceedOwed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareP, net: 10_000})
	e.pay(inv, inv.GrossCents)
	lead := e.c.As(e.lead.ID)
	reqs := make([]func() (*testkit.Response, error), 6)
	for i := range reqs {
		reqs[i] = func() (*testkit.Response, error) { return lead.Post(recordPayout, e.payoutVars(e.P.ID, 4_000, false)) }
	}
	passed := 0
	for _, res := range testkit.Race(t, reqs...) {
		if len(res.Errors) == 0 {
			passed++
		} else if code := res.Errors[0].Code(); code != "CONFLICT" {
			t.Errorf("a losing payout failed with %s: %+v", code, res.Errors)
		}
	}
	if passed != 2 {
		t.Errorf("%d racing payouts passed, want 2", passed)
	}
	if got := e.balance(e.L.ID, ledger.Account{Code: plan.CoopPayable, CoopID: e.P.ID}); got != 2_000 {
		t.Errorf("L owes P %d, want 2000", got)
	}
	if got := e.balance(e.P.ID, ledger.Account{Code: plan.CoopReceivable, CoopID: e.L.ID}); got != 2_000 {
		t.Errorf("P is owed %d by L, want 2000", got)
	}
	e.balanced()
}

// TestProjectPayoutCappedByTheAccount: what was owed on the project but
// offset outside it (a settlement, booked without a project) is no longer
// owed: a payout on the project is capped by the account's whole balance.
func TestProjectPayoutCappedByTheAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inv := e.issuedInvoice(line{share: e.shareP, net: 10_000})
	e.pay(inv, inv.GrossCents)
	// 4,000 of it paid outside the project (as a settlement pays the net),
	// booked in L's books only: this test reads L's.
	e.book(ledger.Entry{CoopID: e.L.ID, Kind: plan.Settlement, BookedOn: t0, Currency: "EUR", Description: "offset",
		Lines: []ledger.Line{
			ledger.Debit(ledger.Account{Code: plan.CoopPayable, CoopID: e.P.ID}, 4_000),
			ledger.Credit(ledger.Account{Code: plan.Bank}, 4_000),
		}})
	er := testkit.OnlyError(t, e.c.As(e.lead.ID).Do(recordPayout, e.payoutVars(e.P.ID, 6_001, false)), "CONFLICT", "amount")
	if o, _ := er.Extensions["owed"].(map[string]any); o["amount"] != float64(6_000) {
		t.Errorf("extensions.owed = %v, want 6000", er.Extensions["owed"])
	}
	testkit.OK(t, e.c.As(e.lead.ID).Do(recordPayout, e.payoutVars(e.P.ID, 6_000, false)), nil)
}
