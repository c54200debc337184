package governance_test

// Regression tests of issue 21, items 2, 3, 5 and 8: sequences of allowed
// operations that broke a decision or the pathway, each replayed over HTTP
// with tokens of the persons involved and the fake clock.

import (
	"github.com/coopnetwork/cockpit/internal/testkit"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/milestoneprogress"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
)

// gtMembershipOf returns p's membership in c.
func (e *gtEnv) membershipOf(p *ent.Person, c *gtCoop) *ent.Membership {
	e.t.Helper()
	return testkit.MustOrPanic(e.ec.Membership.Query().Where(membership.PersonID(p.ID), membership.CoopID(c.ID)).Only(e.ctx))
}

// gtProposalStatus reads a proposal's status and close reason over HTTP.
func (e *gtEnv) proposalStatus(as *ent.Person, id string) (status, reason string) {
	e.t.Helper()
	var out struct {
		Node struct {
			Status      string  `json:"status"`
			CloseReason *string `json:"closeReason"`
		} `json:"node"`
	}
	testkit.OK(e.t, e.as(as).Do(`query($id: ID!) { node(id: $id) { ... on Proposal { status closeReason } } }`,
		map[string]any{"id": id}), &out)
	if out.Node.CloseReason != nil {
		reason = *out.Node.CloseReason
	}
	return out.Node.Status, reason
}

// TestGTIssue21ElectorateFixedWhenVotingEnds (item 2): a GENERAL proposal
// has 5 of 6 YES under CONSENSUS with a 75 % quorum; after closesAt a paused
// member resumes (her own vote is refused) and a YES voter pauses. Whoever
// closes, and whenever, the members at closesAt decide: 5 of 6, PASSED.
func TestGTIssue21ElectorateFixedWhenVotingEnds(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("CONSENSUS", 75, 6)
	paula := e.person("Paula Paused")
	paused := e.membership(paula, c, "PAUSED", gtT0.AddDate(0, 0, -10))
	p := e.propose(c, "GENERAL", nil)
	e.votes(c, p.ID, "YES", "YES", "YES", "YES", "YES")
	e.clk.AdvanceDays(gtProposalLength)
	e.clk.Advance(3600e9) // an hour past closesAt

	testkit.OK(t, gtTransition(e.as(paula), paused.ID, "RESUME", "back from sabbatical"), nil)
	testkit.OnlyError(t, gtVote(e.as(paula), p.ID, "BLOCK"), "CONFLICT", "") // voting has ended
	yesVoter := e.membershipOf(c.Members[1], c)
	testkit.OK(t, gtTransition(e.as(c.Members[1]), yesVoter.ID, "PAUSE", "parental leave"), nil)

	// Closed by the member who just resumed: her resuming changes nothing.
	var out struct {
		CloseProposal gtProposalPayload `json:"closeProposal"`
	}
	testkit.OK(t, gtClose(e.as(paula), p.ID), &out)
	o := out.CloseProposal.Outcome
	if o == nil || !o.Passed || o.EligibleVoters != 6 || o.Yes != 5 || out.CloseProposal.Proposal.Status != "PASSED" {
		t.Fatalf("outcome %+v, status %s; want PASSED with 5 YES of the 6 members at closesAt", o, out.CloseProposal.Proposal.Status)
	}
	if status, reason := e.proposalStatus(c.Members[0], p.ID); status != "PASSED" || !strings.Contains(reason, "5") {
		t.Errorf("stored %s with reason %q, want PASSED with the count's reason", status, reason)
	}
}

// TestGTIssue21AdmissionGuardsFrozen (item 3): the guards other than the
// vote are checked when the admission proposal opens; a buddy pausing or
// the bylaws asking for more meanwhile neither wedge the vote nor undo it,
// and an admission that became impossible is withdrawn with the reason.
func TestGTIssue21AdmissionGuardsFrozen(t *testing.T) {
	e := gtNewEnv(t)

	t.Run("the buddy pauses while the vote is open", func(t *testing.T) {
		defer e.use(t)()
		c := e.coop("CONSENSUS", 75, 6)
		priya, ms := e.readyCandidate(c, gtReady{}) // buddy: Members[0]
		prop := e.propose(c, "ADMISSION", ms)
		buddy := e.membershipOf(c.Members[0], c)
		testkit.OK(t, gtTransition(e.as(c.Members[0]), buddy.ID, "PAUSE", "sabbatical"), nil)
		e.votes(c, prop.ID, "", "YES", "YES", "YES", "YES", "YES")
		closed := e.closeOK(c.withFirst(1), prop.ID) // every current member voted: closes now
		if !closed.Outcome.Passed || closed.Proposal.Status != "PASSED" {
			t.Fatalf("outcome %+v, status %s", closed.Outcome, closed.Proposal.Status)
		}
		if got := e.reload(ms.ID); got.State != "MEMBER" {
			t.Fatalf("Priya is %s after a passed admission, want MEMBER", got.State)
		}
		pid := testkit.DecodeID(t, prop.ID)
		e.assertEvent(e.lastEvent(ms.ID), "CANDIDATE", "MEMBER", c.Members[1], "admission", &pid)
		if pw := e.pathwayOf(e.as(priya), ms.ID); pw.State != "MEMBER" {
			t.Errorf("pathway says %s", pw.State)
		}
	})

	t.Run("the bylaws ask for more while the vote is open", func(t *testing.T) {
		defer e.use(t)()
		c := e.coop("SIMPLE_MAJORITY", 50, 3)
		_, ms := e.readyCandidate(c, gtReady{candidacyDays: gtCandidacyDays})
		prop := e.propose(c, "ADMISSION", ms)
		testkit.MustOrPanic(e.ec.Coop.UpdateOneID(c.ID).SetCandidacyDays(365).SetBuyInCents(10 * gtBuyInCents).Save(e.ctx))
		testkit.MustOrPanic(e.ec.MilestoneTemplate.Create().SetCoop(c.Coop).SetName("New requirement").SetPosition(9).Save(e.ctx))
		e.votes(c, prop.ID, "YES", "YES", "NO")
		closed := e.closeOK(c, prop.ID)
		if !closed.Outcome.Passed || e.reload(ms.ID).State != "MEMBER" {
			t.Fatalf("outcome %+v, candidate %s; want admitted under the guards as they were at open", closed.Outcome, e.reload(ms.ID).State)
		}
	})

	t.Run("a failed vote still declines", func(t *testing.T) {
		defer e.use(t)()
		c := e.coop("CONSENSUS", 50, 3)
		_, ms := e.readyCandidate(c, gtReady{})
		prop := e.propose(c, "ADMISSION", ms)
		buddy := e.membershipOf(c.Members[0], c)
		testkit.OK(t, gtTransition(e.as(c.Members[0]), buddy.ID, "PAUSE", "sabbatical"), nil)
		e.votes(c, prop.ID, "", "YES", "BLOCK")
		closed := e.closeOK(c.withFirst(1), prop.ID)
		if closed.Outcome.Passed || closed.Proposal.Status != "REJECTED" || e.reload(ms.ID).State != "FREELANCER" {
			t.Fatalf("outcome %+v, status %s, candidate %s", closed.Outcome, closed.Proposal.Status, e.reload(ms.ID).State)
		}
	})

	t.Run("the candidate left: withdrawn with the reason", func(t *testing.T) {
		defer e.use(t)()
		c := e.coop("CONSENSUS", 50, 2)
		priya, ms := e.readyCandidate(c, gtReady{})
		prop := e.propose(c, "ADMISSION", ms)
		e.votes(c, prop.ID, "YES")
		testkit.OK(t, gtTransition(e.as(priya), ms.ID, "LEAVE", "moving abroad"), nil)
		status, reason := e.proposalStatus(c.Members[0], prop.ID)
		if status != "WITHDRAWN" || !strings.Contains(reason, "left") {
			t.Errorf("proposal %s with reason %q, want WITHDRAWN saying the candidate left", status, reason)
		}
		testkit.OnlyError(t, gtClose(e.as(c.Members[0]), prop.ID), "CONFLICT", "")
		if row := e.proposalRow(testkit.DecodeID(t, prop.ID)); row.Status != proposal.StatusWITHDRAWN {
			t.Errorf("row %s", row.Status)
		}
	})
}

// withFirst is c with member i first, so that helpers act as that member.
func (c *gtCoop) withFirst(i int) *gtCoop {
	d := *c
	d.Members = append([]*ent.Person{c.Members[i]}, c.Members[:i]...)
	d.Members = append(d.Members, c.Members[i+1:]...)
	return &d
}

// TestGTIssue21RejoinStartsNewPathway (item 8): Priya, a ready candidate,
// leaves, rejoins, is set freelancing and applies: her new ADMIT lists
// everything again; the earlier milestones stay in the history, and doing
// it all again on the new pathway makes her admissible.
func TestGTIssue21RejoinStartsNewPathway(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("CONSENSUS", 50, 3)
	priya, ms := e.readyCandidate(c, gtReady{})
	m0, m1 := c.Members[0], c.Members[1]

	testkit.OK(t, gtTransition(e.as(priya), ms.ID, "LEAVE", "moving abroad"), nil)
	testkit.OK(t, gtTransition(e.as(priya), ms.ID, "REJOIN", "back again"), nil)
	testkit.OK(t, gtTransition(e.as(m0), ms.ID, "START_FREELANCING", ""), nil)
	e.clk.AdvanceDays(gtRightToJoin)
	testkit.OK(t, gtTransition(e.as(priya), ms.ID, "APPLY", "once more"), nil)
	e.clk.AdvanceDays(gtCandidacyDays)

	missing := func() string {
		return strings.Join(e.pathwayOf(e.as(priya), ms.ID).option("ADMIT").missingKinds(), ",")
	}
	if got := missing(); got != "MILESTONES,BUY_IN,BUDDY,ADMISSION_VOTE" {
		t.Fatalf("after a rejoin ADMIT misses %s, want MILESTONES,BUY_IN,BUDDY,ADMISSION_VOTE", got)
	}
	gtInvalid(t, e.as(m0).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "ADMISSION", ms)}),
		"CANDIDATE", []string{"LEAVE"})

	// The new pathway, done again: milestones reported and verified anew,
	// the buy-in paid again (leaving refunded it), a buddy assigned.
	for _, tpl := range c.Required {
		var out struct {
			CompleteMilestone struct {
				MilestoneProgress gtProgressJSON `json:"milestoneProgress"`
			} `json:"completeMilestone"`
		}
		testkit.OK(t, e.as(priya).Do(gtCompleteQ, map[string]any{"m": testkit.ID(ms.ID), "tpl": testkit.ID(tpl.ID), "n": "again"}), &out)
		testkit.OK(t, e.as(m1).Do(gtVerifyQ, map[string]any{"p": out.CompleteMilestone.MilestoneProgress.ID}), nil)
	}
	testkit.OK(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(gtBuyInCents)}), nil)
	testkit.OnlyError(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(ms.ID), "a": gtEUR(gtBuyInCents)}), "CONFLICT", "")
	testkit.OK(t, e.as(m1).Do(gtBuddyQ, map[string]any{"m": testkit.ID(ms.ID), "b": testkit.ID(m0.ID)}), nil)
	if got := missing(); got != "ADMISSION_VOTE" {
		t.Fatalf("after doing it all again ADMIT misses %s, want only ADMISSION_VOTE", got)
	}
	// The first pathway's milestones stay in the history.
	if n := testkit.MustOrPanic(e.ec.MilestoneProgress.Query().Where(milestoneprogress.MembershipID(ms.ID),
		milestoneprogress.VerifiedAtNotNil()).Count(e.ctx)); n != 2*len(c.Required) {
		t.Errorf("%d verified milestone rows, want %d (both pathways)", n, 2*len(c.Required))
	}
	prop := e.propose(c, "ADMISSION", ms)
	e.votes(c, prop.ID, "YES", "YES", "YES")
	if closed := e.closeOK(c, prop.ID); !closed.Outcome.Passed || e.reload(ms.ID).State != "MEMBER" {
		t.Errorf("outcome %+v, Priya %s", closed.Outcome, e.reload(ms.ID).State)
	}
}

// TestGTIssue21RightsRereadBetweenMutations (item 5): in one request Anna
// leaves her coop, then changes a project budget of that coop (+4,000 EUR,
// within the threshold) and opens a proposal. The later two are decided on
// her rights after leaving: the project is no longer hers to see
// (NOT_FOUND), proposals are for members (FORBIDDEN), and the request
// writes nothing.
func TestGTIssue21RightsRereadBetweenMutations(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("CONSENSUS", 50, 3)
	testkit.MustOrPanic(e.ec.Coop.UpdateOneID(c.ID).SetBudgetChangeThresholdCents(500_000).Save(e.ctx))
	prj := testkit.MustOrPanic(e.ec.Project.Create().SetLeadCoopID(c.ID).SetNetworkID(e.net.ID).SetName("Stadtteil-App").
		SetClientName("Client GmbH").SetTotalBudgetCents(8_400_000).SetPmChargePercent(10).
		SetStatus(project.StatusACTIVE).Save(e.ctx))
	anna := c.Members[0]
	ms := e.membershipOf(anna, c)
	vars := map[string]any{"m": testkit.ID(ms.ID), "p": testkit.ID(prj.ID), "b": gtEUR(8_800_000), "in": e.proposalInput(c, "GENERAL", nil)}
	const q = `mutation($m: ID!, $p: ID!, $b: MoneyInput!, $in: CreateProposalInput!) {
		leave: transitionMembership(membershipID: $m, transition: LEAVE, reason: "leaving") { membership { state } }
		budget: changeProjectBudget(projectID: $p, totalBudget: $b, reason: "more") { project { id } }
		proposal: createProposal(input: $in) { proposal { id } }
	}`

	res := e.as(anna).Do(q, vars)
	codes := map[string]string{}
	for _, er := range res.Errors {
		if len(er.Path) > 0 {
			codes[er.Path[0].(string)] = er.Code()
		}
	}
	if codes["leave"] != "" || codes["budget"] != "NOT_FOUND" || codes["proposal"] != "FORBIDDEN" || len(res.Errors) != 2 {
		t.Fatalf("errors by field %v (all: %+v); want LEAVE to succeed, the budget change NOT_FOUND and the proposal FORBIDDEN", codes, res.Errors)
	}
	// A failed field rolls the request back: Anna is still a member, and
	// neither the budget nor the proposals changed.
	if got := e.reload(ms.ID); got.State != "MEMBER" {
		t.Errorf("Anna is %s", got.State)
	}
	if got := testkit.MustOrPanic(e.ec.Project.Get(e.ctx, prj.ID)); got.TotalBudgetCents != 8_400_000 {
		t.Errorf("total budget %d", got.TotalBudgetCents)
	}
	if n := testkit.MustOrPanic(e.ec.BudgetChange.Query().Where(budgetchange.ProjectID(prj.ID)).Count(e.ctx)); n != 0 {
		t.Errorf("%d budget changes", n)
	}
	if n := testkit.MustOrPanic(e.ec.Proposal.Query().Count(e.ctx)); n != 0 {
		t.Errorf("%d proposals", n)
	}
	// Before leaving, the same two mutations pass in one request.
	const q2 = `mutation($p: ID!, $b: MoneyInput!, $in: CreateProposalInput!) {
		budget: changeProjectBudget(projectID: $p, totalBudget: $b, reason: "more") { project { id } }
		proposal: createProposal(input: $in) { proposal { id } }
	}`
	testkit.OK(t, e.as(anna).Do(q2, vars), nil)
	if got := testkit.MustOrPanic(e.ec.Project.Get(e.ctx, prj.ID)); got.TotalBudgetCents != 8_800_000 {
		t.Errorf("total budget %d after the allowed change", got.TotalBudgetCents)
	}
}
