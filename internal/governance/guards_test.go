package governance_test

import (
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/milestoneprogress"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestGTApplyGuard: APPLY waits for freelancerRightToJoinDays, counted from
// when the person became a FREELANCER, then succeeds.
func TestGTApplyGuard(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	p := e.person("Fred Freelancer")
	since := e.clk.Now().AddDate(0, 0, -10)
	ms := e.membership(p, c, "FREELANCER", since)
	me := e.as(p)

	before := e.snap(ms.ID)
	ite := gtInvalid(t, gtTransition(me, ms.ID, "APPLY", ""), "FREELANCER", []string{"LEAVE"})
	if m := gtMissing(ite); len(m) != 1 || !strings.Contains(m[0], "50 day(s)") {
		t.Errorf("extensions.missing = %v, want 50 day(s) left", m)
	}
	e.assertUnchanged(before, ms.ID)
	apply := e.pathwayOf(me, ms.ID).option("APPLY")
	if want := since.AddDate(0, 0, gtRightToJoin); apply.EligibleOn == nil || !apply.EligibleOn.Equal(want) {
		t.Errorf("eligibleOn %v, want %s", apply.EligibleOn, want)
	}

	// One second before the day: still refused, one day left.
	e.clk.AdvanceDays(gtRightToJoin - 10)
	e.clk.Advance(-1e9)
	ite = gtInvalid(t, gtTransition(me, ms.ID, "APPLY", ""), "FREELANCER", []string{"LEAVE"})
	if m := gtMissing(ite); len(m) != 1 || !strings.Contains(m[0], "1 day(s)") {
		t.Errorf("extensions.missing = %v, want 1 day(s) left", m)
	}
	e.assertUnchanged(before, ms.ID)
	e.clk.Advance(1e9)
	testkit.OK(t, gtTransition(me, ms.ID, "APPLY", "now"), nil)
	if s := e.reload(ms.ID).State; s != "CANDIDATE" {
		t.Fatalf("state %s after APPLY", s)
	}
	e.assertEvent(e.lastEvent(ms.ID), "FREELANCER", "CANDIDATE", p, "now", nil)
}

// TestGTAdmissionGuards: createProposal(ADMISSION) is refused with
// INVALID_TRANSITION listing exactly what is missing until every guard but
// the vote holds; each guard failing alone is enough to refuse it, and
// fixing it over the API is enough to allow it.
func TestGTAdmissionGuards(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 3)
	m0, m1 := c.Members[0], c.Members[1]

	// refused asks for the admission proposal and checks the refusal.
	refused := func(t *testing.T, ms *ent.Membership, wantMissing ...string) {
		t.Helper()
		before := e.snap(ms.ID)
		ite := gtInvalid(t, e.as(m0).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "ADMISSION", ms)}),
			"CANDIDATE", []string{"LEAVE"})
		got := gtMissing(ite)
		if len(got) != len(wantMissing) {
			t.Fatalf("extensions.missing = %v, want %d items like %v", got, len(wantMissing), wantMissing)
		}
		for i, w := range wantMissing {
			if !strings.Contains(got[i], w) {
				t.Errorf("missing[%d] = %q, want it to say %q", i, got[i], w)
			}
			if !strings.Contains(ite.Message, w) {
				t.Errorf("message %q does not say %q", ite.Message, w)
			}
		}
		e.assertUnchanged(before, ms.ID)
	}
	// admissible: the proposal opens once the guard holds.
	admissible := func(t *testing.T, ms *ent.Membership) {
		t.Helper()
		p := e.propose(c, "ADMISSION", ms)
		if p.Status != "OPEN" || p.Kind != "ADMISSION" || p.MembershipID == nil || *p.MembershipID != testkit.ID(ms.ID) {
			t.Errorf("proposal %+v", p)
		}
		// A second admission proposal for the same candidate while one is open: CONFLICT.
		testkit.OnlyError(t, e.as(m1).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "ADMISSION", ms)}), "CONFLICT", "")
	}
	pathwayMissing := func(t *testing.T, ms *ent.Membership, p *ent.Person) string {
		t.Helper()
		return strings.Join(e.pathwayOf(e.as(p), ms.ID).option("ADMIT").missingKinds(), ",")
	}

	t.Run("everything missing", func(t *testing.T) {
		defer e.use(t)()
		p := e.person("Fresh Candidate")
		ms := e.membership(p, c, "CANDIDATE", e.clk.Now())
		refused(t, ms, "30 day(s) of candidacy left", "2 required milestone(s) not verified", "buy-in not recorded", "no buddy assigned")
		if got := pathwayMissing(t, ms, p); got != "WAITING_PERIOD,MILESTONES,BUY_IN,BUDDY,ADMISSION_VOTE" {
			t.Errorf("pathway ADMIT missing %s", got)
		}
	})

	t.Run("candidacy days", func(t *testing.T) {
		defer e.use(t)()
		p, ms := e.readyCandidate(c, gtReady{candidacyDays: gtCandidacyDays - 1})
		refused(t, ms, "1 day(s) of candidacy left")
		opt := e.pathwayOf(e.as(p), ms.ID).option("ADMIT")
		if got := strings.Join(opt.missingKinds(), ","); got != "WAITING_PERIOD,ADMISSION_VOTE" {
			t.Errorf("pathway ADMIT missing %s", got)
		}
		if opt.Missing[0].DaysLeft == nil || *opt.Missing[0].DaysLeft != 1 {
			t.Errorf("days left %v, want 1", opt.Missing[0].DaysLeft)
		}
		e.clk.AdvanceDays(1)
		admissible(t, ms)
	})

	t.Run("a required milestone not verified", func(t *testing.T) {
		defer e.use(t)()
		p, ms := e.readyCandidate(c, gtReady{verified: 1})
		refused(t, ms, "1 required milestone(s) not verified")
		opt := e.pathwayOf(e.as(p), ms.ID).option("ADMIT")
		if opt.Missing[0].Kind != "MILESTONES" || opt.Missing[0].OpenMilestones == nil || *opt.Missing[0].OpenMilestones != 1 {
			t.Errorf("pathway ADMIT missing %+v", opt.Missing)
		}
		open := testkit.Must(e.ec.MilestoneProgress.Query().Where(milestoneprogress.MembershipID(ms.ID),
			milestoneprogress.VerifiedAtIsNil()).Only(e.ctx))(t)
		// The candidate cannot verify it; a member of another coop cannot see it.
		testkit.OnlyError(t, e.as(p).Do(gtVerifyQ, map[string]any{"p": testkit.ID(open.ID)}), "FORBIDDEN", "")
		other := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
		testkit.OnlyError(t, e.as(other.Members[0]).Do(gtVerifyQ, map[string]any{"p": testkit.ID(open.ID)}), "NOT_FOUND", "")
		refused(t, ms, "1 required milestone(s) not verified")
		testkit.OK(t, e.as(m1).Do(gtVerifyQ, map[string]any{"p": testkit.ID(open.ID)}), nil)
		admissible(t, ms)
	})

	t.Run("an optional milestone is not needed", func(t *testing.T) {
		defer e.use(t)()
		_, ms := e.readyCandidate(c, gtReady{})
		testkit.Must(e.ec.MilestoneProgress.Create().SetMembership(ms).SetTemplate(c.Optional).SetCompletedAt(gtT0).Save(e.ctx))(t)
		admissible(t, ms)
	})

	t.Run("a milestone verified by the candidate themself does not count", func(t *testing.T) {
		defer e.use(t)()
		// Only members verify and never their own, so such a row can only
		// come from elsewhere (an import): the guard still ignores it.
		p, ms := e.readyCandidate(c, gtReady{verified: 1})
		open := testkit.Must(e.ec.MilestoneProgress.Query().Where(milestoneprogress.MembershipID(ms.ID),
			milestoneprogress.VerifiedAtIsNil()).Only(e.ctx))(t)
		testkit.Must(open.Update().SetVerifiedAt(gtT0).SetVerifiedByID(p.ID).Save(e.ctx))(t)
		refused(t, ms, "1 required milestone(s) not verified")
		if got := pathwayMissing(t, ms, p); got != "MILESTONES,ADMISSION_VOTE" {
			t.Errorf("pathway ADMIT missing %s", got)
		}
	})

	t.Run("buy-in missing", func(t *testing.T) {
		defer e.use(t)()
		p, ms := e.readyCandidate(c, gtReady{noBuyIn: true})
		refused(t, ms, "buy-in not recorded")
		if got := pathwayMissing(t, ms, p); got != "BUY_IN,ADMISSION_VOTE" {
			t.Errorf("pathway ADMIT missing %s", got)
		}
		// Only a member other than the candidate records it, and not less than the bylaws ask.
		testkit.OnlyError(t, e.as(p).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(gtBuyInCents)}), "FORBIDDEN", "")
		// Instalments (issue 17): never above what is outstanding, never zero.
		testkit.OnlyError(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(gtBuyInCents + 1)}), "BAD_USER_INPUT", "amount")
		testkit.OnlyError(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(0)}), "BAD_USER_INPUT", "amount")
		// The buy-in is paid in the coop's currency: enough francs are still refused (nothing is converted).
		chf := map[string]any{"amount": 10 * gtBuyInCents, "currency": "CHF"}
		if ge := testkit.OnlyError(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": chf}), "BAD_USER_INPUT", ""); ge.Extensions["field"] != "amount" {
			t.Errorf("buy-in in CHF: want extensions.field amount, got %+v", ge)
		}
		refused(t, ms, "buy-in not recorded")
		var out struct {
			RecordBuyIn struct {
				Membership gtMembershipJSON `json:"membership"`
			} `json:"recordBuyIn"`
		}
		testkit.OK(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(gtBuyInCents)}), &out)
		got := out.RecordBuyIn.Membership
		if got.BuyInPaid == nil || *got.BuyInPaid != (gtMoney{Amount: gtBuyInCents, Currency: "EUR"}) || got.BuyInRecordedAt == nil || !got.BuyInRecordedAt.Equal(e.clk.Now()) {
			t.Errorf("buy-in recorded as %+v", got)
		}
		testkit.OnlyError(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(gtBuyInCents)}), "CONFLICT", "")
		admissible(t, ms)
	})

	t.Run("buddy missing", func(t *testing.T) {
		defer e.use(t)()
		p, ms := e.readyCandidate(c, gtReady{noBuddy: true})
		refused(t, ms, "no buddy assigned")
		if got := pathwayMissing(t, ms, p); got != "BUDDY,ADMISSION_VOTE" {
			t.Errorf("pathway ADMIT missing %s", got)
		}
		// The buddy is a current member other than the person; members assign.
		other := e.person("Not A Member")
		testkit.OnlyError(t, e.as(m1).Do(gtBuddyQ, map[string]any{"m": testkit.ID(ms.ID), "b": testkit.ID(other.ID)}), "BAD_USER_INPUT", "")
		testkit.OnlyError(t, e.as(m1).Do(gtBuddyQ, map[string]any{"m": testkit.ID(ms.ID), "b": testkit.ID(p.ID)}), "BAD_USER_INPUT", "")
		testkit.OnlyError(t, e.as(p).Do(gtBuddyQ, map[string]any{"m": testkit.ID(ms.ID), "b": testkit.ID(m0.ID)}), "FORBIDDEN", "")
		refused(t, ms, "no buddy assigned")
		var out struct {
			AssignBuddy struct {
				Membership gtMembershipJSON `json:"membership"`
			} `json:"assignBuddy"`
		}
		testkit.OK(t, e.as(m1).Do(gtBuddyQ, map[string]any{"m": testkit.ID(ms.ID), "b": testkit.ID(m0.ID)}), &out)
		if b := out.AssignBuddy.Membership.BuddyID; b == nil || *b != testkit.ID(m0.ID) {
			t.Errorf("buddy %v, want %d", b, m0.ID)
		}
		admissible(t, ms)
	})

	t.Run("no buy-in needed when the bylaws ask for none", func(t *testing.T) {
		defer e.use(t)()
		free := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 2)
		testkit.Must(free.Update().SetBuyInCents(0).Save(e.ctx))(t)
		_, ms := e.readyCandidate(free, gtReady{noBuyIn: true})
		var out struct {
			CreateProposal gtProposalPayload `json:"createProposal"`
		}
		testkit.OK(t, e.as(free.Members[0]).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(free, "ADMISSION", ms)}), &out)
	})

	t.Run("only candidates", func(t *testing.T) {
		defer e.use(t)()
		p := e.person("Fred Freelancer")
		ms := e.membership(p, c, "FREELANCER", gtT0.AddDate(0, 0, -gtLongAgoDays))
		before := e.snap(ms.ID)
		gtInvalid(t, e.as(m0).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "ADMISSION", ms)}),
			"FREELANCER", []string{"APPLY", "LEAVE"})
		e.assertUnchanged(before, ms.ID)
	})
}
