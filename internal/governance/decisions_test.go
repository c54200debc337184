package governance_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestGTProposalCopiesBylaws: rule and quorum come from the bylaws when the
// proposal opens; a later bylaws change applies only to proposals opened
// after it (a BYLAWS decision), also when they are counted.
func TestGTProposalCopiesBylaws(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("CONSENSUS", 50, 3)

	before := e.propose(c, "GENERAL", nil)
	if before.Rule != "CONSENSUS" || before.QuorumPercent != 50 || before.Status != "OPEN" || before.Kind != "GENERAL" ||
		!before.OpenedAt.Equal(e.clk.Now()) || before.AuthorID == nil || *before.AuthorID != testkit.ID(c.Members[0].ID) ||
		before.CoopID != testkit.ID(c.ID) || before.ClosedAt != nil {
		t.Fatalf("proposal %+v", before)
	}

	// The members change the bylaws by a BYLAWS decision.
	change := e.proposeBylawsOK(c, map[string]any{"admissionRule": "SIMPLE_MAJORITY", "quorumPercent": 100})
	e.votes(c, change, "YES", "YES", "YES")
	e.closeOK(c, change)
	if co := testkit.Must(e.ec.Coop.Get(e.ctx, c.ID))(t); co.AdmissionRule != "SIMPLE_MAJORITY" || co.QuorumPercent != 100 {
		t.Fatalf("after the bylaws decision the coop has %s %d", co.AdmissionRule, co.QuorumPercent)
	}
	if row := e.proposalRow(testkit.DecodeID(t, before.ID)); row.Rule != proposal.RuleCONSENSUS || row.QuorumPercent != 50 {
		t.Fatalf("the open proposal changed with the bylaws: %s %d", row.Rule, row.QuorumPercent)
	}
	after := e.propose(c, "GENERAL", nil)
	if after.Rule != "SIMPLE_MAJORITY" || after.QuorumPercent != 100 {
		t.Fatalf("proposal opened after the change: %s %d", after.Rule, after.QuorumPercent)
	}

	// The same votes decide differently under the two rules.
	e.votes(c, before.ID, "YES", "YES", "BLOCK")
	e.votes(c, after.ID, "YES", "YES", "BLOCK")
	old := e.closeOK(c, before.ID)
	if old.Outcome.Passed || old.Proposal.Status != "REJECTED" || old.Outcome.RequiredVotes != 2 || old.Outcome.Block != 1 {
		t.Errorf("proposal under CONSENSUS/50: %+v %s", old.Outcome, old.Proposal.Status)
	}
	newer := e.closeOK(c, after.ID)
	if !newer.Outcome.Passed || newer.Proposal.Status != "PASSED" || newer.Outcome.RequiredVotes != 3 {
		t.Errorf("proposal under SIMPLE_MAJORITY/100: %+v %s", newer.Outcome, newer.Proposal.Status)
	}
}

// TestGTCreateProposalChecks: only active members propose, closesAt lies in
// the future, the kind decides which object is named.
func TestGTCreateProposalChecks(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 2)
	other := e.coop("SIMPLE_MAJORITY", 50, 1)
	long := gtT0.AddDate(0, 0, -gtLongAgoDays)
	cand, msCand := e.readyCandidate(c, gtReady{})
	_, msOther := e.readyCandidate(other, gtReady{})
	paused := e.person("Paula Paused")
	e.membership(paused, c, "PAUSED", long)
	freelancer := e.person("Fred Freelancer")
	e.membership(freelancer, c, "FREELANCER", long)

	with := func(kind string, ms *ent.Membership, edit func(map[string]any)) map[string]any {
		in := e.proposalInput(c, kind, ms)
		if edit != nil {
			edit(in)
		}
		return map[string]any{"in": in}
	}
	cases := []struct {
		name  string
		actor *ent.Person
		vars  map[string]any
		code  string
		field string
	}{
		{"candidate", cand, with("GENERAL", nil, nil), "FORBIDDEN", ""},
		{"freelancer", freelancer, with("GENERAL", nil, nil), "FORBIDDEN", ""},
		{"paused member", paused, with("GENERAL", nil, nil), "FORBIDDEN", ""},
		{"member of another coop", other.Members[0], with("GENERAL", nil, nil), "FORBIDDEN", ""},
		{"closesAt now", c.Members[0], with("GENERAL", nil, func(in map[string]any) {
			in["closesAt"] = e.clk.Now().Format(time.RFC3339)
		}), "BAD_USER_INPUT", "closesAt"},
		{"admission without membership", c.Members[0], with("ADMISSION", nil, nil), "BAD_USER_INPUT", "membershipID"},
		{"general naming a membership", c.Members[0], with("GENERAL", msCand, nil), "BAD_USER_INPUT", "membershipID"},
		{"admission of another coop's candidate", c.Members[0], with("ADMISSION", msOther, nil), "NOT_FOUND", "membershipID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			rows := e.rowCounts()
			err := testkit.OnlyError(t, e.as(tc.actor).Do(gtCreateProposalQ, tc.vars), tc.code, "")
			if f, _ := err.Extensions["field"].(string); tc.field != "" && f != tc.field {
				t.Errorf("extensions.field %q, want %q", f, tc.field)
			}
			if after := e.rowCounts(); after["proposals"] != rows["proposals"] {
				t.Errorf("%d proposals before, %d after", rows["proposals"], after["proposals"])
			}
		})
	}
	testkit.OnlyError(t, e.c.Anonymous().Do(gtCreateProposalQ, with("GENERAL", nil, nil)), "UNAUTHENTICATED", "")
}

// TestGTOnlyCurrentMembersVote: candidates, freelancers, paused and former
// members and members of other coops cannot vote; what they may read
// decides between FORBIDDEN and NOT_FOUND. Nothing is written.
func TestGTOnlyCurrentMembersVote(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 2)
	other := e.coop("SIMPLE_MAJORITY", 50, 1)
	long := gtT0.AddDate(0, 0, -gtLongAgoDays)
	cand, msCand := e.readyCandidate(c, gtReady{})
	freelancer := e.person("Fred Freelancer")
	e.membership(freelancer, c, "FREELANCER", long)
	paused := e.person("Paula Paused")
	e.membership(paused, c, "PAUSED", long)
	former := e.person("Lea Left")
	e.membership(former, c, "LEFT", long)
	outsider := e.person("Otto Outsider")

	admission := e.propose(c, "ADMISSION", msCand)
	general := e.propose(c, "GENERAL", nil)

	cases := []struct {
		name  string
		actor *ent.Person
		prop  string
		code  string
	}{
		{"the candidate on their own admission (which they may read)", cand, admission.ID, "FORBIDDEN"},
		{"the candidate on a general proposal", cand, general.ID, "NOT_FOUND"},
		{"a freelancer", freelancer, general.ID, "NOT_FOUND"},
		{"a paused member (who may read)", paused, general.ID, "FORBIDDEN"},
		{"a paused member on an admission", paused, admission.ID, "FORBIDDEN"},
		{"a former member", former, general.ID, "NOT_FOUND"},
		{"a member of another coop", other.Members[0], general.ID, "NOT_FOUND"},
		{"an outsider", outsider, admission.ID, "NOT_FOUND"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			rows := e.rowCounts()
			for _, choice := range []string{"YES", "BLOCK"} {
				testkit.OnlyError(t, gtVote(e.as(tc.actor), tc.prop, choice), tc.code, "")
			}
			if after := e.rowCounts(); after["votes"] != rows["votes"] {
				t.Errorf("%d votes before, %d after", rows["votes"], after["votes"])
			}
		})
	}
	testkit.OnlyError(t, gtVote(e.c.Anonymous(), general.ID, "YES"), "UNAUTHENTICATED", "")
	// Closing is for active members too.
	testkit.OnlyError(t, gtClose(e.as(paused), general.ID), "FORBIDDEN", "")
	testkit.OnlyError(t, gtClose(e.as(cand), admission.ID), "FORBIDDEN", "")
	testkit.OnlyError(t, gtClose(e.as(other.Members[0]), general.ID), "NOT_FOUND", "")
	if n := len(e.voteRows(testkit.DecodeID(t, general.ID))) + len(e.voteRows(testkit.DecodeID(t, admission.ID))); n != 0 {
		t.Errorf("%d votes written", n)
	}
}

// TestGTChangeVote: one vote per member, changeable until close; the last
// choice counts.
func TestGTChangeVote(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 2)
	p := e.propose(c, "GENERAL", nil)
	pid := testkit.DecodeID(t, p.ID)
	me := e.as(c.Members[0])

	cast := func(choice, reason string) gtVoteJSON {
		t.Helper()
		var out struct {
			CastVote struct {
				Vote gtVoteJSON `json:"vote"`
			} `json:"castVote"`
		}
		testkit.OK(t, me.Do(gtVoteQ, map[string]any{"p": p.ID, "c": choice, "r": reason}), &out)
		return out.CastVote.Vote
	}
	first := cast("YES", "sounds good")
	if first.Choice != "YES" || first.Reason == nil || *first.Reason != "sounds good" || first.VoterID != testkit.ID(c.Members[0].ID) ||
		first.ProposalID != p.ID || !first.CastAt.Equal(e.clk.Now()) {
		t.Fatalf("vote %+v", first)
	}
	e.clk.Advance(time.Hour)
	second := cast("NO", "read the small print")
	if second.ID != first.ID || second.Choice != "NO" || *second.Reason != "read the small print" || !second.CastAt.Equal(e.clk.Now()) {
		t.Fatalf("changed vote %+v (first %+v)", second, first)
	}
	rows := e.voteRows(pid)
	if len(rows) != 1 || rows[0].Choice != "NO" || rows[0].Reason != "read the small print" {
		t.Fatalf("vote rows %+v", rows)
	}
	e.votes(c, p.ID, "", "YES")
	closed := e.closeOK(c, p.ID)
	if closed.Outcome.Yes != 1 || closed.Outcome.No != 1 || closed.Outcome.Passed {
		t.Errorf("outcome %+v, want the changed vote counted: 1 YES, 1 NO, a tie", closed.Outcome)
	}
}

// TestGTVotingEnds: votes are taken until closesAt, not at or after it.
func TestGTVotingEnds(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 3)
	p := e.propose(c, "GENERAL", nil)
	e.clk.Advance(p.ClosesAt.Sub(e.clk.Now()) - time.Second)
	testkit.OK(t, gtVote(e.as(c.Members[0]), p.ID, "YES"), nil)
	e.clk.Advance(time.Second)
	rows := e.rowCounts()
	testkit.OnlyError(t, gtVote(e.as(c.Members[1]), p.ID, "YES"), "CONFLICT", "")
	testkit.OnlyError(t, gtVote(e.as(c.Members[0]), p.ID, "NO"), "CONFLICT", "") // no changing either
	e.clk.AdvanceDays(1)
	testkit.OnlyError(t, gtVote(e.as(c.Members[2]), p.ID, "NO"), "CONFLICT", "")
	if after := e.rowCounts(); after["votes"] != rows["votes"] {
		t.Errorf("votes after closesAt were written: %d → %d", rows["votes"], after["votes"])
	}
	if v := e.voteRows(testkit.DecodeID(t, p.ID)); len(v) != 1 || v[0].Choice != "YES" {
		t.Errorf("votes %+v", v)
	}
}

// TestGTCloseTiming: before closesAt a proposal closes only once every
// current member voted; after closesAt it closes with whatever was cast.
func TestGTCloseTiming(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 3)
	p := e.propose(c, "GENERAL", nil)
	pid := testkit.DecodeID(t, p.ID)

	for i, choice := range []string{"", "YES", "NO"} {
		if choice != "" {
			testkit.OK(t, gtVote(e.as(c.Members[i-1]), p.ID, choice), nil)
		}
		err := testkit.OnlyError(t, gtClose(e.as(c.Members[0]), p.ID), "CONFLICT", "")
		if want := fmt.Sprintf("%d of 3 members have voted", i); !strings.Contains(err.Message, want) {
			t.Errorf("message %q, want it to say %q", err.Message, want)
		}
		if row := e.proposalRow(pid); row.Status != proposal.StatusOPEN || row.ClosedAt != nil {
			t.Fatalf("refused close changed the proposal: %s", row.Status)
		}
	}
	testkit.OK(t, gtVote(e.as(c.Members[2]), p.ID, "YES"), nil)
	e.clk.Advance(time.Hour)
	closed := e.closeOK(c, p.ID)
	if !closed.Outcome.Passed || closed.Proposal.ClosedAt == nil || !closed.Proposal.ClosedAt.Equal(e.clk.Now()) {
		t.Errorf("closed early with every vote: %+v closedAt %v", closed.Outcome, closed.Proposal.ClosedAt)
	}

	// After closesAt: one vote of three is enough to close (and misses the quorum).
	q := e.propose(c, "GENERAL", nil)
	e.votes(c, q.ID, "YES")
	e.clk.AdvanceDays(gtProposalLength)
	late := e.closeOK(c, q.ID)
	if late.Outcome.Passed || late.Outcome.QuorumReached || late.Proposal.Status != "REJECTED" || late.Outcome.RequiredVotes != 2 {
		t.Errorf("closed after closesAt with 1 of 3 votes: %+v %s", late.Outcome, late.Proposal.Status)
	}
}

// TestGTVoteArithmetic decides proposals end to end: votes over the API,
// closing over the API, and the outcome in the payload and the database.
func TestGTVoteArithmetic(t *testing.T) {
	e := gtNewEnv(t)
	cases := []struct {
		name    string
		rule    string
		quorum  int
		members int
		votes   []string // one per member in order; "" does not vote
		passed  bool
		quorumR bool
		require int
	}{
		{"tie under SIMPLE_MAJORITY fails", "SIMPLE_MAJORITY", 50, 4, []string{"YES", "YES", "NO", "NO"}, false, true, 2},
		{"majority by one under SIMPLE_MAJORITY passes", "SIMPLE_MAJORITY", 50, 3, []string{"YES", "YES", "NO"}, true, true, 2},
		{"BLOCK counts against under SIMPLE_MAJORITY", "SIMPLE_MAJORITY", 50, 4, []string{"YES", "YES", "BLOCK", "NO"}, false, true, 2},
		{"quorum missed by one", "SIMPLE_MAJORITY", 60, 5, []string{"YES", "YES", "", "", ""}, false, false, 3},
		{"quorum reached exactly", "SIMPLE_MAJORITY", 60, 5, []string{"YES", "YES", "YES", "", ""}, true, true, 3},
		{"quorum rounds up", "SIMPLE_MAJORITY", 50, 5, []string{"YES", "YES", "", "", ""}, false, false, 3},
		{"abstentions count for the quorum", "SIMPLE_MAJORITY", 60, 5, []string{"YES", "ABSTAIN", "ABSTAIN", "", ""}, true, true, 3},
		{"abstentions alone do not pass", "SIMPLE_MAJORITY", 50, 2, []string{"ABSTAIN", "ABSTAIN"}, false, true, 1},
		{"abstentions do not count for the ratio", "TWO_THIRDS", 50, 6, []string{"YES", "YES", "NO", "ABSTAIN", "ABSTAIN", "ABSTAIN"}, true, true, 3},
		{"TWO_THIRDS exactly passes", "TWO_THIRDS", 50, 3, []string{"YES", "YES", "NO"}, true, true, 2},
		{"TWO_THIRDS exactly, larger", "TWO_THIRDS", 50, 6, []string{"YES", "YES", "YES", "YES", "NO", "NO"}, true, true, 3},
		{"just under TWO_THIRDS fails", "TWO_THIRDS", 50, 5, []string{"YES", "YES", "YES", "NO", "NO"}, false, true, 3},
		{"BLOCK counts as NO under TWO_THIRDS", "TWO_THIRDS", 50, 4, []string{"YES", "YES", "BLOCK", "BLOCK"}, false, true, 2},
		{"TWO_THIRDS with only abstentions fails", "TWO_THIRDS", 50, 2, []string{"ABSTAIN", "ABSTAIN"}, false, true, 1},
		{"a single BLOCK under CONSENSUS fails", "CONSENSUS", 50, 5, []string{"YES", "YES", "YES", "YES", "BLOCK"}, false, true, 3},
		{"CONSENSUS without a block passes", "CONSENSUS", 50, 5, []string{"YES", "YES", "YES", "NO", "ABSTAIN"}, true, true, 3},
		{"CONSENSUS needs quorum YES, abstentions do not help", "CONSENSUS", 60, 5, []string{"YES", "YES", "ABSTAIN", "", ""}, false, true, 3},
		{"CONSENSUS with a single member", "CONSENSUS", 100, 1, []string{"YES"}, true, true, 1},
		{"quorum 0 still needs a vote", "SIMPLE_MAJORITY", 0, 2, []string{"", ""}, false, false, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			c := e.coop(tc.rule, tc.quorum, tc.members)
			p := e.propose(c, "GENERAL", nil)
			if p.Rule != tc.rule || p.QuorumPercent != tc.quorum {
				t.Fatalf("proposal %s/%d, coop %s/%d", p.Rule, p.QuorumPercent, tc.rule, tc.quorum)
			}
			e.votes(c, p.ID, tc.votes...)
			var want gtOutcomeJSON
			all := true
			for _, v := range tc.votes {
				switch v {
				case "YES":
					want.Yes++
				case "NO":
					want.No++
				case "ABSTAIN":
					want.Abstain++
				case "BLOCK":
					want.Block++
				default:
					all = false
				}
			}
			if !all {
				e.clk.AdvanceDays(gtProposalLength)
			}
			closed := e.closeOK(c, p.ID)
			got := *closed.Outcome
			want.Passed, want.QuorumReached, want.EligibleVoters, want.RequiredVotes = tc.passed, tc.quorumR, tc.members, tc.require
			want.Reason = got.Reason
			if got != want {
				t.Errorf("outcome %+v\n      want %+v", got, want)
			}
			if strings.TrimSpace(got.Reason) == "" {
				t.Errorf("outcome without a reason")
			}
			status := "REJECTED"
			if tc.passed {
				status = "PASSED"
			}
			row := e.proposalRow(testkit.DecodeID(t, p.ID))
			if closed.Proposal.Status != status || string(row.Status) != status || row.ClosedAt == nil || !row.ClosedAt.Equal(e.clk.Now()) {
				t.Errorf("status %s (stored %s, closedAt %v), want %s at %s", closed.Proposal.Status, row.Status, row.ClosedAt, status, e.clk.Now())
			}
		})
	}
}

// TestGTVotesOfFormerMembersDontCount: a member who votes and then pauses
// is no longer a current member: their vote does not count and they are no
// longer among the eligible.
func TestGTVotesOfFormerMembersDontCount(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 3)
	p := e.propose(c, "GENERAL", nil)
	e.votes(c, p.ID, "", "", "NO")
	msPaused := testkit.Must(c.Coop.QueryMemberships().Where().All(e.ctx))(t)
	var paused *ent.Membership
	for _, ms := range msPaused {
		if ms.PersonID == c.Members[2].ID {
			paused = ms
		}
	}
	testkit.OK(t, gtTransition(e.as(c.Members[2]), paused.ID, "PAUSE", "sabbatical"), nil)
	e.votes(c, p.ID, "YES", "YES")
	closed := e.closeOK(c, p.ID) // every current member voted: closes early
	if o := closed.Outcome; o.EligibleVoters != 2 || o.Yes != 2 || o.No != 0 || !o.Passed {
		t.Errorf("outcome %+v, want 2 eligible, 2 YES and the paused member's NO not counted", o)
	}
}

// TestGTAdmissionOutcome: closing an ADMISSION proposal applies its effect
// in the same request: MEMBER when it passes, back to FREELANCER when it
// fails, each with one PathwayEvent naming the proposal.
func TestGTAdmissionOutcome(t *testing.T) {
	e := gtNewEnv(t)

	t.Run("passes", func(t *testing.T) {
		defer e.use(t)()
		c := e.coop("CONSENSUS", 50, 3)
		p, ms := e.readyCandidate(c, gtReady{})
		prop := e.propose(c, "ADMISSION", ms)
		e.votes(c, prop.ID, "YES", "YES", "ABSTAIN")
		before := e.eventCount(ms.ID)
		closer := c.Members[1]
		var out struct {
			CloseProposal gtProposalPayload `json:"closeProposal"`
		}
		testkit.OK(t, gtClose(e.as(closer), prop.ID), &out)
		if !out.CloseProposal.Outcome.Passed || out.CloseProposal.Proposal.Status != "PASSED" {
			t.Fatalf("outcome %+v", out.CloseProposal.Outcome)
		}
		if got := e.reload(ms.ID); got.State != "MEMBER" || !got.StateSince.Equal(e.clk.Now()) {
			t.Fatalf("candidate is %s since %s", got.State, got.StateSince)
		}
		if n := e.eventCount(ms.ID); n != before+1 {
			t.Fatalf("%d events, want %d", n, before+1)
		}
		pid := testkit.DecodeID(t, prop.ID)
		e.assertEvent(e.lastEvent(ms.ID), "CANDIDATE", "MEMBER", closer, "admission", &pid)
		// The pathway shows it, with the proposal.
		pw := e.pathwayOf(e.as(p), ms.ID)
		last := pw.History[len(pw.History)-1]
		if pw.State != "MEMBER" || last.ProposalID == nil || *last.ProposalID != prop.ID || last.ToState != "MEMBER" {
			t.Errorf("pathway %s, last event %+v", pw.State, last)
		}
		// The new member now votes and counts.
		q := e.propose(c, "GENERAL", nil)
		testkit.OK(t, gtVote(e.as(p), q.ID, "YES"), nil)
		e.votes(c, q.ID, "YES", "YES", "YES")
		if o := e.closeOK(c, q.ID).Outcome; o.EligibleVoters != 4 || o.Yes != 4 {
			t.Errorf("after admission: %+v, want 4 eligible voters", o)
		}
	})

	for _, tc := range []struct {
		name  string
		votes []string
	}{
		{"fails by a block", []string{"YES", "YES", "BLOCK"}},
		{"fails by the quorum", []string{"YES", "", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			c := e.coop("CONSENSUS", 50, 3)
			p, ms := e.readyCandidate(c, gtReady{})
			prop := e.propose(c, "ADMISSION", ms)
			e.votes(c, prop.ID, tc.votes...)
			e.clk.AdvanceDays(gtProposalLength)
			before := e.eventCount(ms.ID)
			closed := e.closeOK(c, prop.ID)
			if closed.Outcome.Passed || closed.Proposal.Status != "REJECTED" {
				t.Fatalf("outcome %+v", closed.Outcome)
			}
			if got := e.reload(ms.ID); got.State != "FREELANCER" || !got.StateSince.Equal(e.clk.Now()) {
				t.Fatalf("candidate is %s since %s, want FREELANCER now", got.State, got.StateSince)
			}
			if n := e.eventCount(ms.ID); n != before+1 {
				t.Fatalf("%d events, want %d", n, before+1)
			}
			pid := testkit.DecodeID(t, prop.ID)
			e.assertEvent(e.lastEvent(ms.ID), "CANDIDATE", "FREELANCER", c.Members[0], "admission", &pid)
			// Back on the freelancer's way: APPLY waits again.
			gtInvalid(t, gtTransition(e.as(p), ms.ID, "APPLY", ""), "FREELANCER", []string{"LEAVE"})
		})
	}

	t.Run("the candidate left meanwhile", func(t *testing.T) {
		defer e.use(t)()
		c := e.coop("CONSENSUS", 50, 2)
		p, ms := e.readyCandidate(c, gtReady{})
		prop := e.propose(c, "ADMISSION", ms)
		e.votes(c, prop.ID, "YES", "YES")
		// Leaving ends the candidacy: its open admission proposal is
		// withdrawn, so its votes cannot decide a later candidacy.
		testkit.OK(t, gtTransition(e.as(p), ms.ID, "LEAVE", "changed my mind"), nil)
		before := e.eventCount(ms.ID)
		if row := e.proposalRow(testkit.DecodeID(t, prop.ID)); row.Status != "WITHDRAWN" || row.ClosedAt == nil {
			t.Errorf("proposal after the candidate left: %s, closed %v", row.Status, row.ClosedAt)
		}
		testkit.OnlyError(t, gtClose(e.as(c.Members[0]), prop.ID), "CONFLICT", "")
		if got := e.reload(ms.ID); got.State != "LEFT" || e.eventCount(ms.ID) != before {
			t.Errorf("the decision moved a person who left: %s, %d events (before %d)", got.State, e.eventCount(ms.ID), before)
		}
	})
}

// TestGTClosedIsFinal: a closed proposal cannot be closed again nor voted on.
func TestGTClosedIsFinal(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 2)
	_, ms := e.readyCandidate(c, gtReady{})
	prop := e.propose(c, "ADMISSION", ms)
	e.votes(c, prop.ID, "YES", "YES")
	e.closeOK(c, prop.ID)
	pid := testkit.DecodeID(t, prop.ID)
	row := e.proposalRow(pid)
	before := e.snap(ms.ID)
	for _, m := range c.Members {
		testkit.OnlyError(t, gtClose(e.as(m), prop.ID), "CONFLICT", "")
		testkit.OnlyError(t, gtVote(e.as(m), prop.ID, "NO"), "CONFLICT", "")
	}
	e.clk.AdvanceDays(30)
	testkit.OnlyError(t, gtClose(e.as(c.Members[0]), prop.ID), "CONFLICT", "")
	testkit.OnlyError(t, gtVote(e.as(c.Members[1]), prop.ID, "BLOCK"), "CONFLICT", "")
	e.assertUnchanged(before, ms.ID)
	after := e.proposalRow(pid)
	if after.Status != row.Status || !after.ClosedAt.Equal(*row.ClosedAt) {
		t.Errorf("proposal changed: %s %v → %s %v", row.Status, row.ClosedAt, after.Status, after.ClosedAt)
	}
	for _, v := range e.voteRows(pid) {
		if v.Choice != "YES" {
			t.Errorf("vote changed after close: %+v", v)
		}
	}
	// A new admission proposal for the same (now member) membership is refused.
	gtInvalid(t, e.as(c.Members[0]).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "ADMISSION", ms)}),
		"MEMBER", []string{"PAUSE", "LEAVE"})
}
