package budgets_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Project decisions with everyone on the project (issue 15, item 4): with
// deciders SHARE_HOLDERS the lead coop and each partner coop vote once (by
// delegate or by an internal COOP_VOTE decision) and each freelancer
// holding a share in person, on PROJECT_GENERAL decisions and on the
// project's budget motions; with LEAD_COOP everything stays the lead coop's.

const (
	pvCreateProjectQ = `mutation($in: CreateProjectInput!) { createProject(input: $in) { project { id deciders } } }`
	pvUpdateProjectQ = `mutation($id: ID!, $in: UpdateProjectInput!) { updateProject(id: $id, input: $in) { project { id deciders } } }`
	pvSetDecidersQ   = `mutation($p: ID!, $d: ProjectDeciders!) { setProjectDeciders(projectID: $p, deciders: $d) { project { id deciders } } }`
	pvProposalSel    = `proposal { id kind electorate status rule coopID projectID projectDeciders closeReason }
		outcome { passed eligibleVoters yes no abstain reason }`
	pvProposeQ    = `mutation($in: ProposeProjectDecisionInput!) { proposeProjectDecision(input: $in) { ` + pvProposalSel + ` } }`
	pvCoopVoteQ   = `mutation($p: ID!, $c: ID!, $ch: VoteChoice!) { castCoopVote(proposalID: $p, coopID: $c, choice: $ch) { vote { id } } }`
	pvOpenCoopQ   = `mutation($in: ProposeCoopVoteInput!) { proposeCoopVote(input: $in) { proposal { id kind } } }`
	pvVoteQ       = `mutation($p: ID!, $ch: VoteChoice!) { castVote(proposalID: $p, choice: $ch) { vote { id } } }`
	pvCloseQ      = `mutation($p: ID!) { closeProposal(proposalID: $p) { ` + pvProposalSel + ` } }`
	pvReadPropQ   = `query($id: ID!) { node(id: $id) { ... on Proposal { id votes { totalCount } budgetMotion { id } } } }`
	pvReadSharesQ = `query($id: ID!) { node(id: $id) { ... on Project { deciders budgetShares { totalCount }
		timeEntries { totalCount } budgetMotions { totalCount } budgetReport { allocated { amount } } } } }`
)

type pvProposal struct {
	ID              string  `json:"id"`
	Kind            string  `json:"kind"`
	Electorate      string  `json:"electorate"`
	Status          string  `json:"status"`
	Rule            string  `json:"rule"`
	CoopID          string  `json:"coopID"`
	ProjectID       *string `json:"projectID"`
	ProjectDeciders *string `json:"projectDeciders"`
	CloseReason     *string `json:"closeReason"`
}

type pvOutcome struct {
	Passed         bool   `json:"passed"`
	EligibleVoters int    `json:"eligibleVoters"`
	Yes            int    `json:"yes"`
	No             int    `json:"no"`
	Abstain        int    `json:"abstain"`
	Reason         string `json:"reason"`
}

type pvPayload struct {
	Proposal pvProposal `json:"proposal"`
	Outcome  *pvOutcome `json:"outcome"`
}

// pvWorld: lead coop A (its delegate casts its vote), partner coop B (its
// delegate too), partner coop C (its members decide its vote in a COOP_VOTE
// proposal) and freelancer F, on project P (share holders decide: B, C and
// F hold a share each, F logged time) and on project L (its lead coop A
// decides; F holds a share). Every coop decides by SIMPLE_MAJORITY with a
// quorum of 50 %.
type pvWorld struct {
	a, b, c *btCoop
	f       *ent.Person
	p, l    *ent.Project
	shares  int64 // the sum of P's shares
}

func (e *btEnv) pvCoop(delegate bool) *btCoop {
	c := e.coop(btThreshold, 2)
	u := e.ec.Coop.UpdateOneID(c.ID).SetAdmissionRule(coop.AdmissionRuleSIMPLE_MAJORITY).SetQuorumPercent(50)
	if delegate {
		u.SetNetworkVotes(coop.NetworkVotesDELEGATE).SetNetworkDelegateID(c.Members[0].ID)
	} else {
		u.SetNetworkVotes(coop.NetworkVotesINTERNAL_PROPOSAL)
	}
	c.Coop = testkit.Must(u.Save(e.ctx))(e.t)
	return c
}

func (e *btEnv) pvWorld() *pvWorld {
	e.t.Helper()
	w := &pvWorld{a: e.pvCoop(true), b: e.pvCoop(true), c: e.pvCoop(false), f: e.person("Freelancer F")}
	// P is created through the API with its deciders.
	var out struct {
		CreateProject struct {
			Project struct {
				ID       string `json:"id"`
				Deciders string `json:"deciders"`
			} `json:"project"`
		} `json:"createProject"`
	}
	testkit.OK(e.t, e.as(w.a.Members[0]).Do(pvCreateProjectQ, map[string]any{"in": map[string]any{
		"leadCoopID": testkit.ID(w.a.ID), "name": "Shared shop", "clientName": "Client GmbH",
		"totalBudget": btEUR(200_000), "deciders": "SHARE_HOLDERS"}}), &out)
	if out.CreateProject.Project.Deciders != "SHARE_HOLDERS" {
		e.t.Fatalf("createProject: deciders %q, want SHARE_HOLDERS", out.CreateProject.Project.Deciders)
	}
	w.p = testkit.Must(e.ec.Project.Get(e.ctx, testkit.DecodeID(e.t, out.CreateProject.Project.ID)))(e.t)
	for _, h := range []any{w.b, w.c, w.f} {
		w.shares += e.shareFixture(w.p, h, 20_000, 8_000).AmountCents
	}
	fs := testkit.Must(e.ec.BudgetShare.Query().Where(budgetshare.ProjectID(w.p.ID), budgetshare.PersonID(w.f.ID)).Only(e.ctx))(e.t)
	e.entryFixture(fs, w.f, btDay(-1), 60)
	w.l = e.project(w.a, 100_000, 0, project.StatusACTIVE)
	e.shareFixture(w.l, w.f, 10_000, 8_000)
	return w
}

// proposeProject opens a PROJECT_GENERAL decision on p as c.
func (e *btEnv) proposeProject(c *testkit.Client, p *ent.Project, deciders string) pvProposal {
	e.t.Helper()
	in := map[string]any{"projectID": testkit.ID(p.ID), "title": fmt.Sprintf("Decision %d", e.next()),
		"closesAt": e.clk.Now().AddDate(0, 0, 7).Format(time.RFC3339)}
	if deciders != "" {
		in["deciders"] = deciders
	}
	var out struct {
		ProposeProjectDecision pvPayload `json:"proposeProjectDecision"`
	}
	testkit.OK(e.t, c.Do(pvProposeQ, map[string]any{"in": in}), &out)
	return out.ProposeProjectDecision.Proposal
}

// shareHoldersVote has A's and B's delegates cast their coops' votes, C's
// members decide C's in a COOP_VOTE proposal (both vote cChoice), and F
// vote in person ("" leaves a voter out).
func (e *btEnv) shareHoldersVote(w *pvWorld, pid, aChoice, bChoice, cChoice, fChoice string) {
	e.t.Helper()
	for _, d := range []struct {
		c      *btCoop
		choice string
	}{{w.a, aChoice}, {w.b, bChoice}} {
		if d.choice != "" {
			testkit.OK(e.t, e.as(d.c.Members[0]).Do(pvCoopVoteQ, map[string]any{"p": pid, "c": testkit.ID(d.c.ID), "ch": d.choice}), nil)
		}
	}
	if cChoice != "" {
		var out struct {
			ProposeCoopVote struct {
				Proposal struct {
					ID string `json:"id"`
				} `json:"proposal"`
			} `json:"proposeCoopVote"`
		}
		testkit.OK(e.t, e.as(w.c.Members[0]).Do(pvOpenCoopQ, map[string]any{"in": map[string]any{"proposalID": pid,
			"coopID": testkit.ID(w.c.ID), "closesAt": e.clk.Now().AddDate(0, 0, 3).Format(time.RFC3339)}}), &out)
		internal := out.ProposeCoopVote.Proposal.ID
		for _, m := range w.c.Members {
			testkit.OK(e.t, e.as(m).Do(pvVoteQ, map[string]any{"p": internal, "ch": cChoice}), nil)
		}
		testkit.OK(e.t, e.as(w.c.Members[1]).Do(pvCloseQ, map[string]any{"p": internal}), nil)
	}
	if fChoice != "" {
		testkit.OK(e.t, e.as(w.f).Do(pvVoteQ, map[string]any{"p": pid, "ch": fChoice}), nil)
	}
}

// closeProject closes a proposal as c and returns the payload.
func (e *btEnv) closeProject(c *testkit.Client, pid string) pvPayload {
	e.t.Helper()
	var out struct {
		CloseProposal pvPayload `json:"closeProposal"`
	}
	testkit.OK(e.t, c.Do(pvCloseQ, map[string]any{"p": pid}), &out)
	if out.CloseProposal.Outcome == nil {
		e.t.Fatalf("closeProposal returned no outcome")
	}
	return out.CloseProposal
}

type pvProjectView struct {
	Deciders     string `json:"deciders"`
	BudgetShares struct {
		TotalCount int `json:"totalCount"`
	} `json:"budgetShares"`
	TimeEntries struct {
		TotalCount int `json:"totalCount"`
	} `json:"timeEntries"`
	BudgetMotions struct {
		TotalCount int `json:"totalCount"`
	} `json:"budgetMotions"`
	BudgetReport struct {
		Allocated struct {
			Amount int64 `json:"amount"`
		} `json:"allocated"`
	} `json:"budgetReport"`
}

func (e *btEnv) projectView(c *testkit.Client, p *ent.Project) pvProjectView {
	e.t.Helper()
	var out struct {
		Node *pvProjectView `json:"node"`
	}
	testkit.OK(e.t, c.Do(pvReadSharesQ, map[string]any{"id": testkit.ID(p.ID)}), &out)
	if out.Node == nil {
		e.t.Fatalf("project %d unreadable", p.ID)
	}
	return *out.Node
}

func TestProjectDecisionsWithShareHolders(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.pvWorld()
	f := e.as(w.f)

	t.Run("share holders read every share of a project they decide", func(t *testing.T) {
		defer e.use(t)()
		v := e.projectView(f, w.p)
		if v.Deciders != "SHARE_HOLDERS" || v.BudgetShares.TotalCount != 3 || v.TimeEntries.TotalCount != 1 ||
			v.BudgetReport.Allocated.Amount != w.shares {
			t.Errorf("F reads P as %+v, want every share (3, allocated %d)", v, w.shares)
		}
		// On L, which its lead coop decides, F reads their own share only.
		if v := e.projectView(f, w.l); v.Deciders != "LEAD_COOP" || v.BudgetShares.TotalCount != 1 {
			t.Errorf("F reads L as %+v, want their own share only", v)
		}
	})

	t.Run("a PROJECT_GENERAL decision counts each coop once and the freelancer in person", func(t *testing.T) {
		defer e.use(t)()
		for _, tc := range []struct {
			fChoice, status string
			yes, no         int
		}{
			// A YES, B NO, C YES (decided inside C): F's vote decides.
			{"YES", "PASSED", 3, 1},
			{"NO", "REJECTED", 2, 2}, // a tie fails
		} {
			pr := e.proposeProject(f, w.p, "") // a freelancer share holder proposes
			if pr.Kind != "PROJECT_GENERAL" || pr.Electorate != "SHARE_HOLDERS" || pr.CoopID != testkit.ID(w.a.ID) ||
				pr.ProjectID == nil || *pr.ProjectID != testkit.ID(w.p.ID) || pr.Rule != "SIMPLE_MAJORITY" || pr.ProjectDeciders != nil {
				t.Fatalf("proposal %+v", pr)
			}
			// Members of a voting coop vote through their coop, not in person.
			before := e.snap()
			testkit.OnlyError(t, e.as(w.b.Members[1]).Do(pvVoteQ, map[string]any{"p": pr.ID, "ch": "NO"}), "FORBIDDEN", "")
			testkit.OnlyError(t, e.as(w.a.Members[1]).Do(pvVoteQ, map[string]any{"p": pr.ID, "ch": "NO"}), "FORBIDDEN", "")
			e.unchanged(before)
			e.shareHoldersVote(w, pr.ID, "YES", "NO", "YES", tc.fChoice)
			// Everyone deciding sees every vote.
			var read struct {
				Node struct {
					Votes struct {
						TotalCount int `json:"totalCount"`
					} `json:"votes"`
				} `json:"node"`
			}
			testkit.OK(t, f.Do(pvReadPropQ, map[string]any{"id": pr.ID}), &read)
			if read.Node.Votes.TotalCount != 4 {
				t.Errorf("F reads %d votes, want 4", read.Node.Votes.TotalCount)
			}
			closed := e.closeProject(f, pr.ID) // every share holder voted: F may close early
			o := closed.Outcome
			if closed.Proposal.Status != tc.status || o.EligibleVoters != 4 || o.Yes != tc.yes || o.No != tc.no || o.Abstain != 0 {
				t.Errorf("F votes %s: %s %+v, want %s with %d YES and %d NO of 4", tc.fChoice, closed.Proposal.Status, *o, tc.status, tc.yes, tc.no)
			}
			rows := testkit.Must(e.ec.Vote.Query().Where(vote.ProposalID(testkit.DecodeID(t, pr.ID))).All(e.ctx))(t)
			coops, persons := map[int]bool{}, map[int]bool{}
			for _, v := range rows {
				if v.VoterCoopID != nil {
					coops[*v.VoterCoopID] = true
				} else if v.VoterID != nil {
					persons[*v.VoterID] = true
				}
			}
			if len(rows) != 4 || !coops[w.a.ID] || !coops[w.b.ID] || !coops[w.c.ID] || len(persons) != 1 || !persons[w.f.ID] {
				t.Errorf("votes stored: %d rows, coops %v, persons %v", len(rows), coops, persons)
			}
		}
	})

	t.Run("a budget motion is one share-holder decision, applied when it passes", func(t *testing.T) {
		defer e.use(t)()
		lead := e.as(w.a.Members[0])
		m := e.propose(lead, w.p, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(300_000)}})
		if m.Status != "PENDING" || !m.NeedsLeadDecision || len(m.Proposals) != 1 {
			t.Fatalf("motion %+v", m)
		}
		pid := m.Proposals[0].ID
		pr := testkit.Must(e.ec.Proposal.Get(e.ctx, testkit.DecodeID(t, pid)))(t)
		if pr.Electorate != proposal.ElectorateSHARE_HOLDERS || pr.CoopID != w.a.ID || pr.Kind != proposal.KindBUDGET ||
			pr.ProjectID == nil || *pr.ProjectID != w.p.ID || pr.Rule != proposal.RuleSIMPLE_MAJORITY {
			t.Fatalf("budget proposal %+v", pr)
		}
		// The freelancer reads the decision and the motion it decides.
		var read struct {
			Node struct {
				BudgetMotion *struct {
					ID string `json:"id"`
				} `json:"budgetMotion"`
			} `json:"node"`
		}
		testkit.OK(t, f.Do(pvReadPropQ, map[string]any{"id": pid}), &read)
		if read.Node.BudgetMotion == nil || read.Node.BudgetMotion.ID != m.ID {
			t.Errorf("F reads the budget proposal's motion as %+v", read.Node.BudgetMotion)
		}
		e.shareHoldersVote(w, pid, "YES", "YES", "NO", "YES")
		if c := e.closeProject(f, pid); c.Proposal.Status != "PASSED" || c.Outcome.EligibleVoters != 4 || c.Outcome.Yes != 3 {
			t.Fatalf("closed %+v %+v", c.Proposal, *c.Outcome)
		}
		row := e.motionRow(m.ID)
		if row.Status != budgetmotion.StatusAPPLIED || row.AppliedChangeID == nil {
			t.Fatalf("motion %+v", row)
		}
		ch := testkit.Must(e.ec.BudgetChange.Get(e.ctx, *row.AppliedChangeID))(t)
		if ch.Kind != budgetchange.KindTOTAL_CHANGED || ch.AfterCents != 300_000 || ch.ProposalID == nil || *ch.ProposalID != pr.ID {
			t.Errorf("applied change %+v", ch)
		}
		if got := testkit.Must(e.ec.Project.Get(e.ctx, w.p.ID))(t).TotalBudgetCents; got != 300_000 {
			t.Errorf("total %d, want 300000", got)
		}

		// Rejected: nothing changes but the motion's status.
		m = e.propose(lead, w.p, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(400_000)}})
		pid = m.Proposals[0].ID
		before := e.snap()
		e.shareHoldersVote(w, pid, "YES", "NO", "YES", "NO")
		if c := e.closeProject(e.as(w.b.Members[1]), pid); c.Proposal.Status != "REJECTED" || c.Outcome.No != 2 {
			t.Fatalf("closed %+v %+v", c.Proposal, *c.Outcome)
		}
		if row := e.motionRow(m.ID); row.Status != budgetmotion.StatusREJECTED || row.AppliedChangeID != nil {
			t.Errorf("motion %+v", row)
		}
		after := e.snap()
		if after.Budget != before.Budget || after.Rows["budget_changes"] != before.Rows["budget_changes"] {
			t.Errorf("a rejected motion changed the budget:\n%s\n%s", before.Budget, after.Budget)
		}
	})

	t.Run("with LEAD_COOP the lead coop decides alone, as before", func(t *testing.T) {
		defer e.use(t)()
		lead := e.as(w.a.Members[0])
		m := e.propose(lead, w.l, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(150_000)}})
		if len(m.Proposals) != 1 {
			t.Fatalf("motion %+v", m)
		}
		pid := m.Proposals[0].ID
		if pr := testkit.Must(e.ec.Proposal.Get(e.ctx, testkit.DecodeID(t, pid)))(t); pr.Electorate != proposal.ElectorateMEMBERS {
			t.Fatalf("L's budget proposal has electorate %s", pr.Electorate)
		}
		gen := e.proposeProject(lead, w.l, "")
		if gen.Electorate != "MEMBERS" || gen.CoopID != testkit.ID(w.a.ID) {
			t.Fatalf("L's PROJECT_GENERAL %+v", gen)
		}
		before := e.snap()
		for _, p := range []string{pid, gen.ID} {
			// The lead coop's decisions stay its own: F cannot read them.
			testkit.OnlyError(t, f.Do(pvVoteQ, map[string]any{"p": p, "ch": "NO"}), "NOT_FOUND", "")
			// The lead coop's members vote in person, not through its delegate.
			testkit.OnlyError(t, lead.Do(pvCoopVoteQ, map[string]any{"p": p, "c": testkit.ID(w.a.ID), "ch": "YES"}), "FORBIDDEN", "")
		}
		testkit.OnlyError(t, f.Do(pvProposeQ, map[string]any{"in": map[string]any{"projectID": testkit.ID(w.l.ID),
			"title": "x", "closesAt": e.clk.Now().AddDate(0, 0, 7).Format(time.RFC3339)}}), "FORBIDDEN", "")
		e.unchanged(before)
		for _, mb := range w.a.Members {
			testkit.OK(t, e.as(mb).Do(pvVoteQ, map[string]any{"p": pid, "ch": "YES"}), nil)
		}
		if c := e.closeProject(lead, pid); c.Proposal.Status != "PASSED" || c.Outcome.EligibleVoters != 2 {
			t.Fatalf("closed %+v %+v", c.Proposal, *c.Outcome)
		}
		if got := testkit.Must(e.ec.Project.Get(e.ctx, w.l.ID))(t).TotalBudgetCents; got != 150_000 {
			t.Errorf("L's total %d, want 150000", got)
		}
	})

	t.Run("who decides changes only by its rules", func(t *testing.T) {
		defer e.use(t)()
		lead := e.as(w.a.Members[0])
		before := e.snap()
		// updateProject has no deciders: the request is refused as invalid.
		res := lead.Do(pvUpdateProjectQ, map[string]any{"id": testkit.ID(w.p.ID), "in": map[string]any{"deciders": "LEAD_COOP"}})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(fmt.Sprint(res.Errors[0].Path), "deciders") {
			t.Errorf("updateProject with deciders: %+v (data %s)", res.Errors, res.Data)
		}
		testkit.OnlyError(t, lead.Do(pvSetDecidersQ, map[string]any{"p": testkit.ID(w.p.ID), "d": "LEAD_COOP"}), "FORBIDDEN", "")
		testkit.OnlyError(t, f.Do(pvSetDecidersQ, map[string]any{"p": testkit.ID(w.p.ID), "d": "LEAD_COOP"}), "FORBIDDEN", "")
		bad := testkit.OnlyError(t, lead.Do(pvSetDecidersQ, map[string]any{"p": testkit.ID(w.p.ID), "d": "SHARE_HOLDERS"}), "BAD_USER_INPUT", "")
		if bad.Extensions["field"] != "deciders" {
			t.Errorf("BAD_USER_INPUT names %v, want deciders", bad.Extensions["field"])
		}
		testkit.OnlyError(t, f.Do(pvSetDecidersQ, map[string]any{"p": testkit.ID(w.l.ID), "d": "SHARE_HOLDERS"}), "FORBIDDEN", "")
		e.unchanged(before)
		if d := testkit.Must(e.ec.Project.Get(e.ctx, w.p.ID))(t).Deciders; d != project.DecidersSHARE_HOLDERS {
			t.Fatalf("P's deciders %s after refused changes", d)
		}

		// The share holders decide to give the decision back to the lead coop.
		pr := e.proposeProject(e.as(w.b.Members[1]), w.p, "LEAD_COOP") // a member of a partner coop proposes
		if pr.ProjectDeciders == nil || *pr.ProjectDeciders != "LEAD_COOP" {
			t.Fatalf("proposal carries %v", pr.ProjectDeciders)
		}
		e.shareHoldersVote(w, pr.ID, "YES", "YES", "YES", "YES")
		c := e.closeProject(f, pr.ID)
		if c.Proposal.Status != "PASSED" || c.Proposal.CloseReason == nil || !strings.Contains(*c.Proposal.CloseReason, "lead coop") {
			t.Fatalf("closed %+v", c.Proposal)
		}
		if d := testkit.Must(e.ec.Project.Get(e.ctx, w.p.ID))(t).Deciders; d != project.DecidersLEAD_COOP {
			t.Fatalf("P's deciders %s after the decision, want LEAD_COOP", d)
		}
		// Now F reads only their own share of P, and decides nothing on it.
		if v := e.projectView(f, w.p); v.BudgetShares.TotalCount != 1 || v.BudgetMotions.TotalCount != 0 || v.BudgetReport.Allocated.Amount != 20_000 {
			t.Errorf("F reads P under LEAD_COOP as %+v", v)
		}
		testkit.OnlyError(t, f.Do(pvProposeQ, map[string]any{"in": map[string]any{"projectID": testkit.ID(w.p.ID),
			"title": "x", "closesAt": e.clk.Now().AddDate(0, 0, 7).Format(time.RFC3339)}}), "FORBIDDEN", "")

		// Widening is the lead coop members' to do directly.
		var out struct {
			SetProjectDeciders struct {
				Project struct {
					Deciders string `json:"deciders"`
				} `json:"project"`
			} `json:"setProjectDeciders"`
		}
		testkit.OK(t, lead.Do(pvSetDecidersQ, map[string]any{"p": testkit.ID(w.l.ID), "d": "SHARE_HOLDERS"}), &out)
		if out.SetProjectDeciders.Project.Deciders != "SHARE_HOLDERS" {
			t.Errorf("setProjectDeciders answered %+v", out)
		}
		if v := e.projectView(f, w.l); v.Deciders != "SHARE_HOLDERS" || v.BudgetShares.TotalCount != 1 {
			t.Errorf("F reads L as %+v", v)
		}
	})
}
