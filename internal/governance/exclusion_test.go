package governance_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Exclusion of a member by decision (issue 15, item 5): proposeExclusion,
// the member concerned neither voting nor counting, the effect on pass
// (LEFT, leftReason EXCLUDED, an event naming the proposal, the buy-in
// refund owed), withdrawal when the member left meanwhile, and racing
// closes, over HTTP.

const (
	gtProposeExclusionQ = `mutation($in: ProposeExclusionInput!) { proposeExclusion(input: $in) { ` + gtProposalSel + ` } }`
	gtExclMembershipQ   = `query($id: ID!) { node(id: $id) { ... on Membership {
		id state leftReason buyInPaid { amount currency } buyInRefundOwed { amount currency } } } }`
	gtExclProposalQ = `query($id: ID!) { node(id: $id) { ... on Proposal { id kind status closeReason membershipID } } }`
)

type gtExclMembershipJSON struct {
	ID              string   `json:"id"`
	State           string   `json:"state"`
	LeftReason      *string  `json:"leftReason"`
	BuyInPaid       *gtMoney `json:"buyInPaid"`
	BuyInRefundOwed *gtMoney `json:"buyInRefundOwed"`
}

type gtExclProposalJSON struct {
	ID           string  `json:"id"`
	Kind         string  `json:"kind"`
	Status       string  `json:"status"`
	CloseReason  *string `json:"closeReason"`
	MembershipID *string `json:"membershipID"`
}

// withBuyIn records the coop's buy-in on the membership's current pathway.
func (e *gtEnv) withBuyIn(ms *ent.Membership) *ent.Membership {
	e.t.Helper()
	return testkit.Must(ms.Update().SetBuyInRecordedAt(gtT0.AddDate(-1, 0, 0)).SetBuyInPaidCents(gtBuyInCents).
		SetBuyInCurrency("EUR").SetBuyInPathway(ms.Pathway).Save(e.ctx))(e.t)
}

// exclusionInput is a ProposeExclusionInput closing in gtProposalLength days.
func (e *gtEnv) exclusionInput(ms *ent.Membership) map[string]any {
	return map[string]any{
		"membershipID": testkit.ID(ms.ID), "title": fmt.Sprintf("Exclusion %d", e.next()),
		"body":     "Repeatedly broke the code of conduct.",
		"closesAt": e.clk.Now().AddDate(0, 0, gtProposalLength).Format(time.RFC3339),
	}
}

// proposeExclusion opens an exclusion of ms as the coop's first member.
func (e *gtEnv) proposeExclusion(c *gtCoop, ms *ent.Membership) gtProposalJSON {
	e.t.Helper()
	var out struct {
		ProposeExclusion gtProposalPayload `json:"proposeExclusion"`
	}
	testkit.OK(e.t, e.as(c.Members[0]).Do(gtProposeExclusionQ, map[string]any{"in": e.exclusionInput(ms)}), &out)
	return out.ProposeExclusion.Proposal
}

// readMembership reads a membership through the API as client c (nil: not
// readable, which the API answers with NOT_FOUND).
func (e *gtEnv) readMembership(c *testkit.Client, ms int) *gtExclMembershipJSON {
	e.t.Helper()
	var out struct {
		Node *gtExclMembershipJSON `json:"node"`
	}
	return gtReadNode(e.t, c.Do(gtExclMembershipQ, map[string]any{"id": testkit.ID(ms)}), &out, &out.Node)
}

// readProposal reads a proposal through the API as client c (nil: not readable).
func (e *gtEnv) readProposal(c *testkit.Client, id string) *gtExclProposalJSON {
	e.t.Helper()
	var out struct {
		Node *gtExclProposalJSON `json:"node"`
	}
	return gtReadNode(e.t, c.Do(gtExclProposalQ, map[string]any{"id": id}), &out, &out.Node)
}

// gtReadNode decodes a node(id:) answer into out and returns *node, or nil
// when the answer is NOT_FOUND.
func gtReadNode[T any](t testing.TB, res *testkit.Response, out any, node **T) *T {
	t.Helper()
	if len(res.Errors) > 0 {
		testkit.OnlyError(t, res, "NOT_FOUND", "")
		return nil
	}
	testkit.OK(t, res, out)
	return *node
}

// TestGTExclusionPasses: a passed exclusion moves the member to LEFT with
// leftReason EXCLUDED, an event naming the proposal and the buy-in refund
// owed; the member concerned read it, could not vote and did not count, and
// their vote on another open proposal no longer counts either.
func TestGTExclusionPasses(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 4)
	subject := c.Members[3]
	ms := e.withBuyIn(e.membershipOf(subject, c))
	other := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)

	// A GENERAL proposal the subject votes on before the exclusion.
	general := e.propose(c, "GENERAL", nil)
	testkit.OK(t, gtVote(e.as(subject), general.ID, "NO"), nil)

	prop := e.proposeExclusion(c, ms)
	if prop.Kind != "EXCLUSION" || prop.Status != "OPEN" || prop.MembershipID == nil || *prop.MembershipID != testkit.ID(ms.ID) || prop.CoopID != testkit.ID(c.ID) {
		t.Fatalf("opened %+v, want an OPEN EXCLUSION of membership %d in coop %d", prop, ms.ID, c.ID)
	}
	// The member concerned reads it; a member of another coop does not.
	if got := e.readProposal(e.as(subject), prop.ID); got == nil || got.Status != "OPEN" {
		t.Fatalf("the member concerned reads %+v, want the OPEN proposal", got)
	}
	if got := e.readProposal(e.as(other.Members[0]), prop.ID); got != nil {
		t.Fatalf("a member of another coop reads %+v", got)
	}
	// ... and does not vote on it.
	before := e.rowCounts()
	err := testkit.OnlyError(t, gtVote(e.as(subject), prop.ID, "NO"), "FORBIDDEN", "")
	if !strings.Contains(err.Message, "own exclusion") {
		t.Errorf("refusal %q does not say why", err.Message)
	}
	testkit.NothingWritten(t, before, e.rowCounts())

	// The three other members voting is everyone: the proposal closes early.
	e.votes(c, prop.ID, "YES", "YES", "NO")
	e.clk.Advance(time.Hour)
	closed := e.closeOK(c, prop.ID)
	if o := closed.Outcome; closed.Proposal.Status != "PASSED" || o.EligibleVoters != 3 || o.Yes != 2 || o.No != 1 {
		t.Fatalf("closed %s with %+v, want PASSED by 2 of 3 eligible", closed.Proposal.Status, o)
	}

	got := e.reload(ms.ID)
	if got.State != membership.StateLEFT || got.LeftReason == nil || *got.LeftReason != membership.LeftReasonEXCLUDED ||
		!got.StateSince.Equal(e.clk.Now()) {
		t.Fatalf("membership %s (reason %v) since %s, want LEFT (EXCLUDED) since now", got.State, got.LeftReason, got.StateSince)
	}
	if got.BuyInRefundOwedCents == nil || *got.BuyInRefundOwedCents != gtBuyInCents {
		t.Errorf("buy-in refund owed %v, want %d", got.BuyInRefundOwedCents, gtBuyInCents)
	}
	pid := testkit.DecodeID(t, prop.ID)
	e.assertEvent(e.lastEvent(ms.ID), "MEMBER", "LEFT", c.Members[0], "excluded by decision", &pid)

	// The excluded person reads their membership, the refund owed and the
	// decision; the coop's members too; a member of another coop nothing.
	for name, cl := range map[string]*testkit.Client{"the excluded person": e.as(subject), "a member": e.as(c.Members[1])} {
		m := e.readMembership(cl, ms.ID)
		if m == nil || m.State != "LEFT" || m.LeftReason == nil || *m.LeftReason != "EXCLUDED" ||
			m.BuyInRefundOwed == nil || *m.BuyInRefundOwed != (gtMoney{gtBuyInCents, "EUR"}) {
			t.Errorf("%s reads the membership as %+v, want LEFT, EXCLUDED, refund owed %d EUR", name, m, gtBuyInCents)
		}
	}
	if m := e.readMembership(e.as(other.Members[0]), ms.ID); m != nil {
		t.Errorf("a member of another coop reads the membership: %+v", m)
	}
	if p := e.readProposal(e.as(subject), prop.ID); p == nil || p.Status != "PASSED" {
		t.Errorf("the excluded person reads the decision as %+v, want PASSED", p)
	}

	// The subject's NO on the GENERAL proposal no longer counts: YES, YES
	// against NO passes (with it, 2:2 would be a tie and fail).
	e.votes(c, general.ID, "YES", "YES", "NO")
	gen := e.closeOK(c, general.ID)
	if o := gen.Outcome; gen.Proposal.Status != "PASSED" || o.EligibleVoters != 3 || o.No != 1 {
		t.Errorf("GENERAL closed %s with %+v, want PASSED, 3 eligible, one NO", gen.Proposal.Status, o)
	}
}

// TestGTExclusionFails: a failed exclusion changes nothing about the member.
func TestGTExclusionFails(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 3)
	ms := e.withBuyIn(e.membershipOf(c.Members[2], c))
	prop := e.proposeExclusion(c, ms)
	e.votes(c, prop.ID, "YES", "NO")
	events := e.eventCount(ms.ID)
	closed := e.closeOK(c, prop.ID)
	if closed.Proposal.Status != "REJECTED" || closed.Outcome.EligibleVoters != 2 {
		t.Fatalf("closed %s with %+v, want REJECTED (a tie) of 2 eligible", closed.Proposal.Status, closed.Outcome)
	}
	got := e.reload(ms.ID)
	if got.State != membership.StateMEMBER || got.LeftReason != nil || got.BuyInRefundOwedCents != nil || e.eventCount(ms.ID) != events {
		t.Errorf("after a failed exclusion: %s, reason %v, refund %v, %d events (was %d); want an unchanged MEMBER",
			got.State, got.LeftReason, got.BuyInRefundOwedCents, e.eventCount(ms.ID), events)
	}
}

// TestGTExclusionSubjectNotCounted: in a coop of three deciding by
// CONSENSUS, the member concerned's BLOCK would stop their exclusion. Their
// vote is refused, and a vote of theirs in the database (as if it slipped
// in) counts neither in an early close nor in the replay after closesAt.
func TestGTExclusionSubjectNotCounted(t *testing.T) {
	for _, early := range []bool{true, false} {
		t.Run(fmt.Sprintf("early=%v", early), func(t *testing.T) {
			e := gtNewEnv(t)
			c := e.coop("CONSENSUS", gtQuorumPercent, 3)
			subject := c.Members[2]
			ms := e.membershipOf(subject, c)
			prop := e.proposeExclusion(c, ms)
			pid := testkit.DecodeID(t, prop.ID)

			testkit.OnlyError(t, gtVote(e.as(subject), prop.ID, "BLOCK"), "FORBIDDEN", "")
			testkit.Must(e.ec.Vote.Create().SetProposalID(pid).SetVoterID(subject.ID).SetChoice(vote.ChoiceBLOCK).
				SetReason("slipped in").SetCastAt(e.clk.Now()).Save(e.ctx))(t)
			e.votes(c, prop.ID, "YES", "YES")

			if !early {
				// Voting ends at closesAt; the replay of the history finds
				// the subject a MEMBER then and still leaves them out.
				e.clk.AdvanceDays(gtProposalLength + 1)
			}
			closed := e.closeOK(c, prop.ID)
			if o := closed.Outcome; closed.Proposal.Status != "PASSED" || o.EligibleVoters != 2 || o.Block != 0 || o.Yes != 2 {
				t.Fatalf("closed %s with %+v, want PASSED by 2 of 2 eligible, the BLOCK not counted", closed.Proposal.Status, o)
			}
			if got := e.reload(ms.ID); got.State != membership.StateLEFT || *got.LeftReason != membership.LeftReasonEXCLUDED {
				t.Errorf("membership %s, want LEFT (EXCLUDED)", got.State)
			}
		})
	}
}

// TestGTExclusionRefusals: what proposeExclusion refuses, changing nothing.
func TestGTExclusionRefusals(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 3)
	other := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	long := gtT0.AddDate(0, 0, -gtLongAgoDays)
	_, candidate := e.readyCandidate(c, gtReady{})
	left := e.membership(e.person("Gone"), c, "LEFT", long)
	pausedPerson := e.person("Paused member")
	paused := e.membership(pausedPerson, c, "PAUSED", long)
	target := e.membershipOf(c.Members[2], c)
	already := e.membershipOf(c.Members[1], c)
	e.proposeExclusion(c, already)

	pastInput := e.exclusionInput(target)
	pastInput["closesAt"] = e.clk.Now().Add(-time.Minute).Format(time.RFC3339)
	noSuch := e.exclusionInput(target)
	noSuch["membershipID"] = testkit.ID(999_999)
	tests := []struct {
		name  string
		actor *ent.Person
		in    map[string]any
		code  string
		field string
		says  string
	}{
		{"another coop's member", c.Members[0], e.exclusionInput(e.membershipOf(other.Members[0], other)), "NOT_FOUND", "membershipID", "not found"},
		{"by a member of another coop", other.Members[0], e.exclusionInput(target), "NOT_FOUND", "membershipID", "not found"},
		{"no such membership", c.Members[0], noSuch, "NOT_FOUND", "membershipID", "not found"},
		{"a candidate", c.Members[0], e.exclusionInput(candidate), "BAD_USER_INPUT", "membershipID", "not a CANDIDATE"},
		{"someone who left", c.Members[0], e.exclusionInput(left), "BAD_USER_INPUT", "membershipID", "not a LEFT"},
		{"oneself", c.Members[2], e.exclusionInput(target), "BAD_USER_INPUT", "membershipID", "leave the coop instead"},
		{"by a paused member", pausedPerson, e.exclusionInput(target), "FORBIDDEN", "", "current members"},
		{"closesAt passed", c.Members[0], pastInput, "BAD_USER_INPUT", "closesAt", "future"},
		{"a second open exclusion", c.Members[2], e.exclusionInput(already), "CONFLICT", "", "already open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer e.use(t)()
			before := e.rowCounts()
			err := testkit.OnlyError(t, e.as(tt.actor).Do(gtProposeExclusionQ, map[string]any{"in": tt.in}), tt.code, tt.field)
			if !strings.Contains(err.Message, tt.says) {
				t.Errorf("message %q does not say %q", err.Message, tt.says)
			}
			testkit.NothingWritten(t, before, e.rowCounts())
		})
	}

	t.Run("createProposal EXCLUSION", func(t *testing.T) {
		defer e.use(t)()
		before := e.rowCounts()
		testkit.OnlyError(t, e.as(c.Members[0]).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "EXCLUSION", target)}),
			"BAD_USER_INPUT", "")
		testkit.OnlyError(t, e.as(c.Members[0]).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "EXCLUSION", nil)}),
			"BAD_USER_INPUT", "kind")
		testkit.NothingWritten(t, before, e.rowCounts())
	})
	t.Run("a paused member can be excluded", func(t *testing.T) {
		defer e.use(t)()
		if p := e.proposeExclusion(c, paused); p.Status != "OPEN" {
			t.Errorf("exclusion of a PAUSED member: %+v", p)
		}
	})
	t.Run("the unique index holds one open proposal per membership", func(t *testing.T) {
		defer e.use(t)()
		// Straight to the database, past the operation's check: the
		// partial unique index proposals_open_per_membership refuses it.
		_, err := e.ec.Proposal.Create().SetCoopID(c.ID).SetKind(proposal.KindEXCLUSION).SetTitle("twice").
			SetRule(proposal.RuleSIMPLE_MAJORITY).SetQuorumPercent(50).SetClosesAt(e.clk.Now().AddDate(0, 0, 1)).
			SetMembershipID(already.ID).Save(e.ctx)
		if !ent.IsConstraintError(err) {
			t.Errorf("a second open proposal about the membership: %v, want a constraint error", err)
		}
	})
}

// TestGTExclusionSubjectLeftMeanwhile: a member who leaves while their
// exclusion is open withdraws it at once, with the reason; leaving records
// leftReason LEFT and the refund owed. The close's own check (the safety
// net for a membership that ended any other way) withdraws it too.
func TestGTExclusionSubjectLeftMeanwhile(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 4)

	t.Run("leave", func(t *testing.T) {
		defer e.use(t)()
		subject := c.Members[3]
		ms := e.withBuyIn(e.membershipOf(subject, c))
		prop := e.proposeExclusion(c, ms)
		e.votes(c, prop.ID, "YES", "YES")
		testkit.OK(t, gtTransition(e.as(subject), ms.ID, "LEAVE", "I go"), nil)

		p := e.proposalRow(testkit.DecodeID(t, prop.ID))
		if p.Status != proposal.StatusWITHDRAWN || p.ClosedAt == nil || p.CloseReason == nil || !strings.Contains(*p.CloseReason, "left the coop") {
			t.Fatalf("after the member left, the exclusion is %s (%v), want WITHDRAWN saying they left", p.Status, p.CloseReason)
		}
		got := e.reload(ms.ID)
		if got.LeftReason == nil || *got.LeftReason != membership.LeftReasonLEFT || got.BuyInRefundOwedCents == nil || *got.BuyInRefundOwedCents != gtBuyInCents {
			t.Errorf("after leaving: reason %v, refund owed %v; want LEFT and %d", got.LeftReason, got.BuyInRefundOwedCents, gtBuyInCents)
		}
		e.assertEvent(e.lastEvent(ms.ID), "MEMBER", "LEFT", subject, "I go", nil)
		testkit.OnlyError(t, gtClose(e.as(c.Members[0]), prop.ID), "CONFLICT", "")
	})

	t.Run("ended otherwise", func(t *testing.T) {
		defer e.use(t)()
		ms := e.membershipOf(c.Members[2], c)
		prop := e.proposeExclusion(c, ms)
		// The membership ends without a transition (a repair, say):
		// closing finds no member to exclude.
		testkit.Must(ms.Update().SetState(membership.StateLEFT).Save(e.ctx))(t)
		e.clk.AdvanceDays(gtProposalLength + 1)
		events := e.eventCount(ms.ID)
		closed := e.closeOK(c, prop.ID)
		if closed.Proposal.Status != "WITHDRAWN" || !strings.Contains(closed.Outcome.Reason, "no longer possible") {
			t.Fatalf("closed %s (%q), want WITHDRAWN saying exclusion is no longer possible", closed.Proposal.Status, closed.Outcome.Reason)
		}
		if got := e.reload(ms.ID); got.LeftReason != nil || e.eventCount(ms.ID) != events {
			t.Errorf("a withdrawn exclusion changed the membership: reason %v, %d events (was %d)", got.LeftReason, e.eventCount(ms.ID), events)
		}
	})
}

// TestGTLeavingRecordsReasonAndRefund: a voluntary leave records leftReason
// LEFT and owes back the buy-in of the current pathway only; a rejoin
// clears the reason, and the refund stays owed.
func TestGTLeavingRecordsReasonAndRefund(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	long := gtT0.AddDate(0, 0, -gtLongAgoDays)

	p := e.person("Leaver")
	ms := e.withBuyIn(e.membership(p, c, "MEMBER", long))
	testkit.OK(t, gtTransition(e.as(p), ms.ID, "LEAVE", "moving on"), nil)
	got := e.reload(ms.ID)
	if got.LeftReason == nil || *got.LeftReason != membership.LeftReasonLEFT || got.BuyInRefundOwedCents == nil || *got.BuyInRefundOwedCents != gtBuyInCents {
		t.Fatalf("after leaving: reason %v, refund owed %v; want LEFT and %d", got.LeftReason, got.BuyInRefundOwedCents, gtBuyInCents)
	}
	testkit.OK(t, gtJoin(e.as(p), c.ID, "back"), nil)
	got = e.reload(ms.ID)
	if got.LeftReason != nil || got.BuyInRefundOwedCents == nil || *got.BuyInRefundOwedCents != gtBuyInCents {
		t.Fatalf("after rejoining: reason %v, refund owed %v; want none and still %d", got.LeftReason, got.BuyInRefundOwedCents, gtBuyInCents)
	}
	// Leaving the new pathway, whose buy-in is not recorded, owes nothing more.
	testkit.OK(t, gtTransition(e.as(p), ms.ID, "LEAVE", "again"), nil)
	got = e.reload(ms.ID)
	if got.LeftReason == nil || *got.LeftReason != membership.LeftReasonLEFT || *got.BuyInRefundOwedCents != gtBuyInCents {
		t.Errorf("after leaving again: reason %v, refund owed %v; want LEFT and still %d", got.LeftReason, *got.BuyInRefundOwedCents, gtBuyInCents)
	}
	// Someone who never paid a buy-in is owed nothing.
	q := e.person("Interested")
	ms2 := e.membership(q, c, "INTERESTED", long)
	testkit.OK(t, gtTransition(e.as(q), ms2.ID, "LEAVE", "not for me"), nil)
	if got := e.reload(ms2.ID); got.LeftReason == nil || got.BuyInRefundOwedCents != nil {
		t.Errorf("leaving without a buy-in: reason %v, refund owed %v; want LEFT and none", got.LeftReason, got.BuyInRefundOwedCents)
	}
}

// TestGTExclusionRacingCloses: two members close a passing exclusion at the
// same moment: it applies once (one event, one refund), the other close is
// CONFLICT, never INTERNAL.
func TestGTExclusionRacingCloses(t *testing.T) {
	e := gtNewEnv(t)
	for i := range 6 {
		t.Run(fmt.Sprint("round ", i), func(t *testing.T) {
			defer e.use(t)()
			c := e.coop("SIMPLE_MAJORITY", 50, 3)
			ms := e.withBuyIn(e.membershipOf(c.Members[2], c))
			prop := e.proposeExclusion(c, ms)
			e.votes(c, prop.ID, "YES", "YES")
			events := e.eventCount(ms.ID)
			vars := map[string]any{"p": prop.ID}
			a, b := e.as(c.Members[0]), e.as(c.Members[1])
			res := testkit.Race(t,
				func() (*testkit.Response, error) { return a.Post(gtCloseQ, vars) },
				func() (*testkit.Response, error) { return b.Post(gtCloseQ, vars) },
			)
			won := 0
			for j, r := range res {
				if len(r.Errors) == 0 {
					won++
				} else if len(r.Errors) != 1 || r.Errors[0].Code() != "CONFLICT" {
					t.Errorf("request %d: %+v, want CONFLICT for the losing close", j, r.Errors)
				}
			}
			if won != 1 {
				t.Errorf("%d of 2 closes succeeded, want 1", won)
			}
			got := e.reload(ms.ID)
			if got.State != membership.StateLEFT || e.eventCount(ms.ID) != events+1 || *got.BuyInRefundOwedCents != gtBuyInCents {
				t.Errorf("after the race: %s, %d events (was %d), refund %d; want LEFT once with one refund",
					got.State, e.eventCount(ms.ID), events, *got.BuyInRefundOwedCents)
			}
		})
	}
}

// TestGTExclusionRacesLeave: the member leaves while the members close
// their exclusion: exactly one of the two happens (excluded, or left with
// the proposal withdrawn), never both, never INTERNAL (no deadlock on
// PostgreSQL: both take the proposal's lock before the membership's).
func TestGTExclusionRacesLeave(t *testing.T) {
	e := gtNewEnv(t)
	outcomes := map[string]int{}
	defer func() { t.Logf("outcomes: %v", outcomes) }()
	for i := range 6 {
		t.Run(fmt.Sprint("round ", i), func(t *testing.T) {
			defer e.use(t)()
			c := e.coop("SIMPLE_MAJORITY", 50, 3)
			subject := c.Members[2]
			ms := e.membershipOf(subject, c)
			prop := e.proposeExclusion(c, ms)
			e.votes(c, prop.ID, "YES", "YES")
			events := e.eventCount(ms.ID)
			closer, leaver := e.as(c.Members[0]), e.as(subject)
			res := testkit.Race(t,
				func() (*testkit.Response, error) { return closer.Post(gtCloseQ, map[string]any{"p": prop.ID}) },
				func() (*testkit.Response, error) {
					return leaver.Post(gtTransitionQ, map[string]any{"m": testkit.ID(ms.ID), "t": "LEAVE", "r": "race"})
				},
			)
			for j, r := range res {
				for _, er := range r.Errors {
					if er.Code() == "INTERNAL" || er.Code() == "" {
						t.Errorf("request %d: %s %q", j, er.Code(), er.Message)
					}
				}
			}
			closed, left := len(res[0].Errors) == 0, len(res[1].Errors) == 0
			got, p := e.reload(ms.ID), e.proposalRow(testkit.DecodeID(t, prop.ID))
			switch {
			case closed && !left:
				outcomes["excluded"]++
				if *got.LeftReason != membership.LeftReasonEXCLUDED || p.Status != proposal.StatusPASSED {
					t.Errorf("the close won, but the membership's reason is %v and the proposal %s", *got.LeftReason, p.Status)
				}
			case left && !closed:
				outcomes["left"]++
				if *got.LeftReason != membership.LeftReasonLEFT || p.Status != proposal.StatusWITHDRAWN {
					t.Errorf("the leave won, but the membership's reason is %v and the proposal %s", *got.LeftReason, p.Status)
				}
			default:
				t.Fatalf("close ok=%v, leave ok=%v: want exactly one (%+v / %+v)", closed, left, res[0].Errors, res[1].Errors)
			}
			if got.State != membership.StateLEFT || e.eventCount(ms.ID) != events+1 {
				t.Errorf("membership %s with %d events (was %d), want LEFT with one more", got.State, e.eventCount(ms.ID), events)
			}
		})
	}
}
