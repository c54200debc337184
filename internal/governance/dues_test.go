package governance_test

// Buy-in instalments (issue 17, part dues): instalments accumulate until
// they reach the bylaws' buy-in, each booked; only then does the buy-in
// count for the pathway.

import (
	"slices"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

func TestBuyInInstalments(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 3)
	m1 := c.Members[1]
	p, ms := e.readyCandidate(c, gtReady{noBuyIn: true})
	pay := func(cents int64) *testkit.Response {
		return e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(cents)})
	}
	var out struct {
		RecordBuyIn struct{ Membership gtMembershipJSON }
	}
	missing := func() []string { return e.pathwayOf(e.as(p), ms.ID).option("ADMIT").missingKinds() }
	balance := func(code plan.Code) int64 {
		t.Helper()
		tb := testkit.Must(ledger.ComputeTrialBalance(e.ctx, e.ec, c.ID, "EUR", e.clk.Now()))(t)
		if !tb.Balanced() {
			t.Fatalf("books do not balance: %+v", tb)
		}
		a, err := e.ec.LedgerAccount.Query().Where(ledgeraccount.CoopID(c.ID),
			ledgeraccount.Key(ledger.Key(ledger.Account{Code: code, PersonID: p.ID}, "EUR"))).Only(e.ctx)
		if ent.IsNotFound(err) {
			return 0
		}
		return testkit.Must(ledger.Balance(e.ctx, e.ec, testkit.Must(a, err)(t), ledger.Period{}))(t).Cents
	}

	testkit.OK(t, pay(30_000), &out)
	got := out.RecordBuyIn.Membership
	if got.BuyInPaid == nil || got.BuyInPaid.Amount != 30_000 || got.BuyInRecordedAt != nil {
		t.Fatalf("after the first instalment: paid %+v, recorded %v", got.BuyInPaid, got.BuyInRecordedAt)
	}
	if !slices.Contains(missing(), "BUY_IN") {
		t.Errorf("a partly paid buy-in counts for the pathway: missing %v", missing())
	}
	if owed, capital := balance(plan.MemberReceivable), balance(plan.MemberCapital); owed != gtBuyInCents-30_000 || capital != gtBuyInCents {
		t.Errorf("after 300.00: receivable %d, capital %d", owed, capital)
	}
	// Never above what is outstanding; a refusal changes nothing.
	before := e.snap(ms.ID)
	entries := e.ec.LedgerEntry.Query().CountX(e.ctx)
	testkit.OnlyError(t, pay(gtBuyInCents-30_000+1), "BAD_USER_INPUT", "amount")
	e.assertUnchanged(before, ms.ID)
	if n := e.ec.LedgerEntry.Query().CountX(e.ctx); n != entries {
		t.Errorf("a refused instalment booked %d entries", n-entries)
	}

	testkit.OK(t, pay(gtBuyInCents-30_000), &out)
	got = out.RecordBuyIn.Membership
	if got.BuyInPaid == nil || got.BuyInPaid.Amount != gtBuyInCents || got.BuyInRecordedAt == nil || !got.BuyInRecordedAt.Equal(e.clk.Now()) {
		t.Fatalf("after the last instalment: paid %+v, recorded %v", got.BuyInPaid, got.BuyInRecordedAt)
	}
	if slices.Contains(missing(), "BUY_IN") {
		t.Errorf("a paid buy-in still missing: %v", missing())
	}
	if owed, capital := balance(plan.MemberReceivable), balance(plan.MemberCapital); owed != 0 || capital != gtBuyInCents {
		t.Errorf("after paying all: receivable %d, capital %d", owed, capital)
	}
	testkit.OnlyError(t, pay(1), "CONFLICT", "")
	buyIns := e.ec.LedgerEntry.Query().Where(ledgerentry.KindEQ(ledgerentry.KindBUY_IN), ledgerentry.MembershipID(ms.ID)).CountX(e.ctx)
	payments := e.ec.LedgerEntry.Query().Where(ledgerentry.KindEQ(ledgerentry.KindMEMBER_PAYMENT), ledgerentry.MembershipID(ms.ID)).CountX(e.ctx)
	if buyIns != 1 || payments != 2 {
		t.Errorf("%d BUY_IN and %d MEMBER_PAYMENT entries, want 1 and 2", buyIns, payments)
	}
}
