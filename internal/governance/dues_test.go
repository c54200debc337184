package governance_test

// Buy-in instalments (issue 17, part dues): instalments accumulate until
// they reach the bylaws' buy-in, each booked; only then does the buy-in
// count for the pathway.

import (
	"slices"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/ledgeraccount"
	"github.com/coopnetwork/cockpit/ent/ledgerentry"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// duBalance checks the coop's books balance and returns the balance of
// the person's account of code (0 when none).
func (e *gtEnv) duBalance(c *gtCoop, person int, code plan.Code) int64 {
	e.t.Helper()
	tb := testkit.Must(ledger.ComputeTrialBalance(e.ctx, e.ec, c.ID, "EUR", e.clk.Now()))(e.t)
	if !tb.Balanced() {
		e.t.Fatalf("books do not balance: %+v", tb)
	}
	a, err := e.ec.LedgerAccount.Query().Where(ledgeraccount.CoopID(c.ID),
		ledgeraccount.Key(ledger.Key(ledger.Account{Code: code, PersonID: person}, "EUR"))).Only(e.ctx)
	if ent.IsNotFound(err) {
		return 0
	}
	return testkit.Must(ledger.Balance(e.ctx, e.ec, testkit.Must(a, err)(e.t), ledger.Period{}))(e.t).Cents
}

const duWaiverQ = `mutation($in: ProposeBuyInWaiverInput!) { proposeBuyInWaiver(input: $in) { proposal { id kind status } } }`

// TestBuyInWaiver: a BUY_IN_WAIVER decision waives the unpaid rest of a
// candidate's buy-in when it passes: booked, and the buy-in counts for the
// pathway; it is opened only for a candidate's unrecorded buy-in.
func TestBuyInWaiver(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 3)
	m0, m1 := c.Members[0], c.Members[1]
	p, ms := e.readyCandidate(c, gtReady{noBuyIn: true})
	testkit.OK(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(30_000)}), nil)
	in := func(id int) map[string]any {
		return map[string]any{"in": map[string]any{"membershipID": testkit.ID(id), "closesAt": e.clk.Now().AddDate(0, 0, 14).Format(time.RFC3339)}}
	}
	other := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	memberMs := e.ec.Membership.Query().Where(membership.PersonID(m1.ID), membership.CoopID(c.ID)).OnlyX(e.ctx)
	before := e.snap(ms.ID)
	testkit.OnlyError(t, e.as(other.Members[0]).Do(duWaiverQ, in(ms.ID)), "NOT_FOUND", "membershipID")
	testkit.OnlyError(t, e.as(p).Do(duWaiverQ, in(ms.ID)), "FORBIDDEN", "")
	testkit.OnlyError(t, e.as(m0).Do(duWaiverQ, in(memberMs.ID)), "BAD_USER_INPUT", "membershipID")
	testkit.OnlyError(t, e.as(m0).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "BUY_IN_WAIVER", nil)}), "BAD_USER_INPUT", "kind")
	e.assertUnchanged(before, ms.ID)

	var out struct {
		ProposeBuyInWaiver struct {
			Proposal struct{ ID, Kind, Status string }
		}
	}
	testkit.OK(t, e.as(m0).Do(duWaiverQ, in(ms.ID)), &out)
	pr := out.ProposeBuyInWaiver.Proposal
	if pr.Kind != "BUY_IN_WAIVER" || pr.Status != "OPEN" {
		t.Fatalf("proposal %+v", pr)
	}
	if row := e.ec.Proposal.Query().Where(proposal.KindEQ(proposal.KindBUY_IN_WAIVER)).OnlyX(e.ctx); row.WaiverMembershipID == nil || *row.WaiverMembershipID != ms.ID {
		t.Errorf("the proposal names membership %v, want %d", row.WaiverMembershipID, ms.ID)
	}
	e.voteAll(c, pr.ID, "YES", "YES", "YES")
	e.clk.AdvanceDays(1)
	if res := e.closeOK(c, pr.ID); !res.Outcome.Passed {
		t.Fatalf("the waiver failed: %+v", res.Outcome)
	}
	got := e.ec.Membership.GetX(e.ctx, ms.ID)
	if got.BuyInWaivedAt == nil || got.BuyInWaiverProposalID == nil || testkit.ID(*got.BuyInWaiverProposalID) != pr.ID {
		t.Errorf("membership after the waiver: waived %v by %v", got.BuyInWaivedAt, got.BuyInWaiverProposalID)
	}
	if slices.Contains(e.pathwayOf(e.as(p), ms.ID).option("ADMIT").missingKinds(), "BUY_IN") {
		t.Errorf("a waived buy-in still missing")
	}
	if owed, capital := e.duBalance(c, p.ID, plan.MemberReceivable), e.duBalance(c, p.ID, plan.MemberCapital); owed != 0 || capital != 30_000 {
		t.Errorf("after the waiver: receivable %d, capital %d; want 0 and 300.00", owed, capital)
	}
	if n := e.ec.LedgerEntry.Query().Where(ledgerentry.KindEQ(ledgerentry.KindBUY_IN_WAIVER), ledgerentry.MembershipID(ms.ID)).CountX(e.ctx); n != 1 {
		t.Errorf("%d BUY_IN_WAIVER entries", n)
	}
	testkit.OnlyError(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(1)}), "CONFLICT", "")
	testkit.OnlyError(t, e.as(m0).Do(duWaiverQ, in(ms.ID)), "CONFLICT", "")
}

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

const duPayRefundQ = `mutation($in: PayBuyInRefundInput!) { payBuyInRefund(input: $in) { membership { id buyInRefundOwed { amount currency } buyInRefundPaid { amount currency } } } }`

// TestBuyInRefund: leaving books the buy-in refund owed in the same
// transaction; paying it out accumulates up to what is owed, never above,
// each payment booked; the books balance throughout.
func TestBuyInRefund(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 2)
	m0 := c.Members[0]
	p := e.person("Leaver")
	ms := e.withBuyIn(e.membership(p, c, "MEMBER", gtT0.AddDate(0, 0, -gtLongAgoDays)))
	testkit.OK(t, gtTransition(e.as(p), ms.ID, "LEAVE", "moving on"), nil)
	if n := e.ec.LedgerEntry.Query().Where(ledgerentry.KindEQ(ledgerentry.KindBUY_IN_REFUND), ledgerentry.MembershipID(ms.ID)).CountX(e.ctx); n != 1 {
		t.Fatalf("%d BUY_IN_REFUND entries after leaving", n)
	}
	if owed := e.duBalance(c, p.ID, plan.PersonPayable); owed != gtBuyInCents {
		t.Errorf("person payable %d after leaving, want %d", owed, gtBuyInCents)
	}
	pay := func(as *ent.Person, cents int64, currency string, on time.Time) *testkit.Response {
		return e.as(as).Do(duPayRefundQ, map[string]any{"in": map[string]any{"membershipID": testkit.ID(ms.ID),
			"amount": map[string]any{"amount": cents, "currency": currency}, "paidOn": on.Format(time.RFC3339)}})
	}
	today := e.clk.Now()
	other := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	before := e.snap(ms.ID)
	testkit.OnlyError(t, pay(other.Members[0], 1_000, "EUR", today), "NOT_FOUND", "membershipID")
	testkit.OnlyError(t, pay(p, 1_000, "EUR", today), "FORBIDDEN", "")
	testkit.OnlyError(t, pay(m0, gtBuyInCents+1, "EUR", today), "BAD_USER_INPUT", "amount")
	testkit.OnlyError(t, pay(m0, 0, "EUR", today), "BAD_USER_INPUT", "amount")
	testkit.OnlyError(t, pay(m0, 1_000, "CHF", today), "BAD_USER_INPUT", "amount")
	testkit.OnlyError(t, pay(m0, 1_000, "EUR", today.AddDate(0, 0, 2)), "BAD_USER_INPUT", "paidOn")
	e.assertUnchanged(before, ms.ID)

	var out struct {
		PayBuyInRefund struct {
			Membership struct{ BuyInRefundOwed, BuyInRefundPaid *gtMoney }
		}
	}
	testkit.OK(t, pay(m0, 40_000, "EUR", today), &out)
	if got := out.PayBuyInRefund.Membership; got.BuyInRefundPaid == nil || got.BuyInRefundPaid.Amount != 40_000 || got.BuyInRefundOwed.Amount != gtBuyInCents {
		t.Fatalf("after paying 400.00: %+v", got)
	}
	testkit.OnlyError(t, pay(m0, gtBuyInCents-40_000+1, "EUR", today), "BAD_USER_INPUT", "amount")
	testkit.OK(t, pay(m0, gtBuyInCents-40_000, "EUR", today), &out)
	if owed := e.duBalance(c, p.ID, plan.PersonPayable); owed != 0 {
		t.Errorf("person payable %d after paying all", owed)
	}
	testkit.OnlyError(t, pay(m0, 1, "EUR", today), "BAD_USER_INPUT", "amount")
}
