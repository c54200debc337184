package budgets_test

import (
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Budget decisions: changes above the lead coop's threshold and reductions
// of a partner coop's share are put to the decisions they need with
// proposeBudgetChange, and applied by the last decision that passes.

const (
	mtMotionSel = `budgetMotion { id kind status needsLeadDecision consentBy outcome
		amount { amount currency } before { amount currency }
		proposals { id status coop { id } } appliedChange { id proposal { id } } }`
	mtProposeQ = `mutation($in: ProposeBudgetChangeInput!) { proposeBudgetChange(input: $in) { ` + mtMotionSel + ` } }`
	mtConsentQ = `mutation($m: ID!) { consentToBudgetMotion(motionID: $m) { ` + mtMotionSel + ` } }`
	mtVoteQ    = `mutation($p: ID!, $c: VoteChoice!) { castVote(proposalID: $p, choice: $c) { vote { id } } }`
	mtCloseQ   = `mutation($p: ID!) { closeProposal(proposalID: $p) { proposal { id status } } }`
	mtMotionQ  = `query($id: ID!) { node(id: $id) { ... on BudgetMotion { id status } } }`
)

type mtMotion struct {
	ID                string  `json:"id"`
	Kind              string  `json:"kind"`
	Status            string  `json:"status"`
	NeedsLeadDecision bool    `json:"needsLeadDecision"`
	ConsentBy         *string `json:"consentBy"`
	Outcome           *string `json:"outcome"`
	Amount            btMoney `json:"amount"`
	Before            btMoney `json:"before"`
	Proposals         []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Coop   struct {
			ID string `json:"id"`
		} `json:"coop"`
	} `json:"proposals"`
	AppliedChange *struct {
		ID       string `json:"id"`
		Proposal *struct {
			ID string `json:"id"`
		} `json:"proposal"`
	} `json:"appliedChange"`
}

// propose puts a change to a decision and returns the motion.
func (e *btEnv) propose(c *testkit.Client, p *ent.Project, change map[string]any) mtMotion {
	e.t.Helper()
	var out struct {
		ProposeBudgetChange struct {
			BudgetMotion mtMotion `json:"budgetMotion"`
		} `json:"proposeBudgetChange"`
	}
	testkit.OK(e.t, c.Do(mtProposeQ, map[string]any{"in": mtInput(p, change)}), &out)
	return out.ProposeBudgetChange.BudgetMotion
}

func mtInput(p *ent.Project, change map[string]any) map[string]any {
	in := map[string]any{"projectID": testkit.ID(p.ID), "title": "Budget change", "reason": "decided together",
		"closesAt": btT0.Add(7 * 24 * time.Hour).Format(time.RFC3339)}
	for k, v := range change {
		in[k] = v
	}
	return in
}

// decide has every member of coop vote choice on the proposal and closes it.
func (e *btEnv) decide(coop *btCoop, proposalID string, choice string) {
	e.t.Helper()
	for _, m := range coop.Members {
		testkit.OK(e.t, e.as(m).Do(mtVoteQ, map[string]any{"p": proposalID, "c": choice}), nil)
	}
	testkit.OK(e.t, e.as(coop.Members[0]).Do(mtCloseQ, map[string]any{"p": proposalID}), nil)
}

// motionRow reads a motion straight from the database.
func (e *btEnv) motionRow(id string) *ent.BudgetMotion {
	e.t.Helper()
	return testkit.Must(e.ec.BudgetMotion.Get(e.ctx, testkit.DecodeID(e.t, id)))(e.t)
}

// proposalOf finds the motion's proposal in coop c (from the database: the
// proposer does not see another coop's proposals).
func (e *btEnv) proposalOf(m mtMotion, c *btCoop) string {
	e.t.Helper()
	id, err := e.ec.Proposal.Query().Where(proposal.BudgetMotionID(testkit.DecodeID(e.t, m.ID)), proposal.CoopID(c.ID)).OnlyID(e.ctx)
	if err != nil {
		e.t.Fatalf("motion %s has no proposal in coop %d: %v", m.ID, c.ID, err)
	}
	return testkit.ID(id)
}

// proposals counts the motion's proposals.
func (e *btEnv) proposals(m mtMotion) int {
	e.t.Helper()
	return testkit.Must(e.ec.Proposal.Query().Where(proposal.BudgetMotionID(testkit.DecodeID(e.t, m.ID))).Count(e.ctx))(e.t)
}

func TestBudgetMotionsThroughLeadProposals(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	lead := e.coop(btThreshold, 3)
	partner := e.coop(0, 2)
	freelancer := e.person("Freelancer")
	author := lead.Members[0]
	c := e.as(author)
	p := e.project(lead, 200_000, 10, project.StatusACTIVE)

	t.Run("a new share above the threshold passes and is applied", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		m := e.propose(c, p, map[string]any{"createShare": map[string]any{
			"personID": testkit.ID(freelancer.ID), "amount": btEUR(50_000), "hourlyRate": btEUR(8_000), "plannedMinutes": 3_000}})
		if m.Status != "PENDING" || !m.NeedsLeadDecision || m.ConsentBy != nil || m.Kind != "SHARE_CREATED" ||
			m.Amount != 50_000 || m.Before != 0 || len(m.Proposals) != 1 || m.Proposals[0].Status != "OPEN" {
			t.Fatalf("motion %+v", m)
		}
		// Proposing changes no budget: only the motion and its proposal are new.
		if after := e.snap(); after.Rows["budget_shares"] != before.Rows["budget_shares"] || after.Rows["budget_changes"] != before.Rows["budget_changes"] {
			t.Errorf("proposing changed the budget: %v → %v", before.Rows, after.Rows)
		}
		pid := e.proposalOf(m, lead)
		e.decide(lead, pid, "YES")
		row := e.motionRow(m.ID)
		if row.Status != budgetmotion.StatusAPPLIED || row.AppliedChangeID == nil || row.SettledAt == nil {
			t.Fatalf("motion after the decision: %+v", row)
		}
		ch := testkit.Must(e.ec.BudgetChange.Get(e.ctx, *row.AppliedChangeID))(t)
		if ch.Kind != budgetchange.KindSHARE_CREATED || ch.AfterCents != 50_000 || ch.ProposalID == nil ||
			testkit.ID(*ch.ProposalID) != pid || ch.ActorID == nil || *ch.ActorID != author.ID || ch.Reason != "decided together" {
			t.Errorf("recorded change %+v", ch)
		}
		s := testkit.Must(e.ec.BudgetShare.Get(e.ctx, *ch.ShareID))(t)
		if s.PersonID == nil || *s.PersonID != freelancer.ID || s.AmountCents != 50_000 || s.HourlyRateCents != 8_000 || s.PlannedMinutes != 3_000 {
			t.Errorf("share %+v", s)
		}
		shares, pm, total := e.committed(p.ID)
		if shares+pm > total {
			t.Errorf("overdrawn: %d + %d > %d", shares, pm, total)
		}
	})

	t.Run("a rejected decision changes nothing", func(t *testing.T) {
		defer e.use(t)()
		m := e.propose(c, p, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(300_000)}})
		before := e.snap()
		e.decide(lead, e.proposalOf(m, lead), "NO")
		row := e.motionRow(m.ID)
		if row.Status != budgetmotion.StatusREJECTED || row.AppliedChangeID != nil {
			t.Errorf("motion %+v", row)
		}
		if got := testkit.Must(e.ec.Project.Get(e.ctx, p.ID))(t).TotalBudgetCents; got != 200_000 {
			t.Errorf("total %d after a rejected motion", got)
		}
		after := e.snap()
		if after.Rows["budget_changes"] != before.Rows["budget_changes"] || after.Rows["budget_shares"] != before.Rows["budget_shares"] {
			t.Errorf("a rejected motion wrote budget rows: %v → %v", before.Rows, after.Rows)
		}
	})

	t.Run("a change that no longer fits ends NOT_APPLIED and the decision stands", func(t *testing.T) {
		defer e.use(t)()
		// 200 000 − PM 20 000 − 50 000 = 130 000 free: ask 125 000, then
		// use 10 000 of it directly (the whole threshold) meanwhile.
		m := e.propose(c, p, map[string]any{"createShare": map[string]any{
			"coopID": testkit.ID(partner.ID), "amount": btEUR(125_000), "hourlyRate": btEUR(9_000)}})
		e.createShareOK(c, shareInput(p, partner, btThreshold))
		pid := e.proposalOf(m, lead)
		e.decide(lead, pid, "YES")
		row := e.motionRow(m.ID)
		if row.Status != budgetmotion.StatusNOT_APPLIED || !strings.Contains(row.Outcome, "left") {
			t.Errorf("motion %+v", row)
		}
		if pr := testkit.Must(e.ec.Proposal.Get(e.ctx, testkit.DecodeID(t, pid)))(t); pr.Status != proposal.StatusPASSED {
			t.Errorf("proposal %s, want PASSED", pr.Status)
		}
		shares, pm, total := e.committed(p.ID)
		if shares+pm > total {
			t.Errorf("overdrawn: %d + %d > %d", shares, pm, total)
		}
	})

	t.Run("refused proposals change nothing", func(t *testing.T) {
		defer e.use(t)()
		share := e.shareFixture(p, freelancer, 1_000, 8_000)
		cases := []struct {
			name   string
			c      *testkit.Client
			change map[string]any
			code   string
			field  string
		}{
			{"no change", c, map[string]any{}, "BAD_USER_INPUT", "change"},
			{"two changes", c, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(300_000)},
				"resizeShare": map[string]any{"shareID": testkit.ID(share.ID), "amount": btEUR(2_000)}}, "BAD_USER_INPUT", "change"},
			{"another currency", c, map[string]any{"changeTotal": map[string]any{"totalBudget": map[string]any{"amount": 300_000, "currency": "USD"}}},
				"BAD_USER_INPUT", "totalBudget"},
			{"the same total", c, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(200_000)}}, "BAD_USER_INPUT", "totalBudget"},
			{"does not fit now", c, map[string]any{"createShare": map[string]any{"personID": testkit.ID(freelancer.ID),
				"amount": btEUR(500_000), "hourlyRate": btEUR(1)}}, "CONFLICT", ""},
			{"a partner's member", e.as(partner.Members[0]), map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(300_000)}}, "FORBIDDEN", ""},
			{"the freelancer", e.as(freelancer), map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(300_000)}}, "FORBIDDEN", ""},
			{"an outsider", e.as(e.coop(0, 1).Members[0]), map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(300_000)}}, "NOT_FOUND", ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				defer e.use(t)()
				before := e.snap()
				testkit.OnlyError(t, tc.c.Do(mtProposeQ, map[string]any{"in": mtInput(p, tc.change)}), tc.code, tc.field)
				e.unchanged(before)
			})
		}
		t.Run("closesAt in the past", func(t *testing.T) {
			defer e.use(t)()
			before := e.snap()
			in := mtInput(p, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(300_000)}})
			in["closesAt"] = btT0.Add(-time.Hour).Format(time.RFC3339)
			testkit.OnlyError(t, c.Do(mtProposeQ, map[string]any{"in": in}), "BAD_USER_INPUT", "closesAt")
			e.unchanged(before)
		})
	})

	t.Run("who sees the motion", func(t *testing.T) {
		defer e.use(t)()
		m := e.propose(c, p, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(400_000)}})
		outsider := e.coop(0, 1).Members[0]
		for _, who := range []struct {
			name string
			p    *ent.Person
			sees bool
		}{{"lead member", lead.Members[1], true}, {"partner member", partner.Members[0], true},
			{"outsider", outsider, false}, {"freelancer (not their share)", freelancer, false}} {
			res := e.as(who.p).Do(mtMotionQ, map[string]any{"id": m.ID})
			if who.sees {
				testkit.OK(t, res, nil)
				continue
			}
			// Denied looks exactly like missing.
			if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" || string(res.Data) != `{"node":null}` {
				t.Errorf("%s: %+v %s, want NOT_FOUND and a null node", who.name, res.Errors, res.Data)
			}
		}
	})
}

func TestBudgetMotionsPartnerConsent(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	lead := e.coop(btThreshold, 2)
	partner := e.coop(0, 2)
	c := e.as(lead.Members[0])
	p := e.project(lead, 500_000, 0, project.StatusACTIVE)

	t.Run("by a proposal in the partner coop", func(t *testing.T) {
		defer e.use(t)()
		s := e.shareFixture(p, partner, 100_000, 9_000)
		// Within the lead's threshold: only the partner decides.
		m := e.propose(c, p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(s.ID), "amount": btEUR(100_000 - btThreshold)}})
		if m.NeedsLeadDecision || m.ConsentBy == nil || *m.ConsentBy != "PROPOSAL" || e.proposals(m) != 1 || m.Before != 100_000 {
			t.Fatalf("motion %+v", m)
		}
		e.decide(partner, e.proposalOf(m, partner), "YES")
		if row := e.motionRow(m.ID); row.Status != budgetmotion.StatusAPPLIED {
			t.Fatalf("motion %+v", row)
		}
		if got := testkit.Must(e.ec.BudgetShare.Get(e.ctx, s.ID))(t).AmountCents; got != 100_000-btThreshold {
			t.Errorf("share %d", got)
		}
	})

	t.Run("above the threshold: both coops decide, the last decision applies", func(t *testing.T) {
		defer e.use(t)()
		s := e.shareFixture(p, partner, 100_000, 9_000)
		m := e.propose(c, p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(s.ID), "amount": btEUR(40_000)}})
		// The proposer sees the lead coop's proposal; the partner's is the partner's.
		if !m.NeedsLeadDecision || e.proposals(m) != 2 || len(m.Proposals) != 1 {
			t.Fatalf("motion %+v", m)
		}
		e.decide(lead, e.proposalOf(m, lead), "YES")
		if row := e.motionRow(m.ID); row.Status != budgetmotion.StatusPENDING {
			t.Fatalf("applied before the partner consented: %+v", row)
		}
		if got := testkit.Must(e.ec.BudgetShare.Get(e.ctx, s.ID))(t).AmountCents; got != 100_000 {
			t.Errorf("share %d before consent", got)
		}
		partnerProposal := e.proposalOf(m, partner)
		e.decide(partner, partnerProposal, "YES")
		row := e.motionRow(m.ID)
		if row.Status != budgetmotion.StatusAPPLIED {
			t.Fatalf("motion %+v", row)
		}
		ch := testkit.Must(e.ec.BudgetChange.Get(e.ctx, *row.AppliedChangeID))(t)
		if ch.BeforeCents != 100_000 || ch.AfterCents != 40_000 || ch.ProposalID == nil || testkit.ID(*ch.ProposalID) != partnerProposal {
			t.Errorf("change %+v", ch)
		}
	})

	t.Run("the partner refuses: rejected, the lead's proposal withdrawn", func(t *testing.T) {
		defer e.use(t)()
		s := e.shareFixture(p, partner, 100_000, 9_000)
		m := e.propose(c, p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(s.ID), "amount": btEUR(40_000)}})
		before := e.snap()
		e.decide(partner, e.proposalOf(m, partner), "NO")
		row := e.motionRow(m.ID)
		if row.Status != budgetmotion.StatusREJECTED {
			t.Fatalf("motion %+v", row)
		}
		if lp := testkit.Must(e.ec.Proposal.Get(e.ctx, testkit.DecodeID(t, e.proposalOf(m, lead))))(t); lp.Status != proposal.StatusWITHDRAWN {
			t.Errorf("lead proposal %s, want WITHDRAWN", lp.Status)
		}
		if got := testkit.Must(e.ec.BudgetShare.Get(e.ctx, s.ID))(t).AmountCents; got != 100_000 {
			t.Errorf("share %d after refusal", got)
		}
		if after := e.snap(); after.Rows["budget_changes"] != before.Rows["budget_changes"] {
			t.Error("a refused motion recorded a budget change")
		}
	})

	t.Run("by one member's approval when the bylaws say MEMBER", func(t *testing.T) {
		defer e.use(t)()
		testkit.Must(e.ec.Coop.UpdateOneID(partner.ID).SetShareReductionConsent(coop.ShareReductionConsentMEMBER).Save(e.ctx))(t)
		defer func() {
			testkit.Must(e.ec.Coop.UpdateOneID(partner.ID).SetShareReductionConsent(coop.ShareReductionConsentPROPOSAL).Save(e.ctx))(t)
		}()
		s := e.shareFixture(p, partner, 100_000, 9_000)
		m := e.propose(c, p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(s.ID), "amount": btEUR(95_000)}})
		if m.NeedsLeadDecision || e.proposals(m) != 0 || m.ConsentBy == nil || *m.ConsentBy != "MEMBER" || m.Status != "PENDING" {
			t.Fatalf("motion %+v", m)
		}
		outsider := e.as(e.coop(0, 1).Members[0])
		before := e.snap()
		testkit.OnlyError(t, c.Do(mtConsentQ, map[string]any{"m": m.ID}), "FORBIDDEN", "")
		testkit.OnlyError(t, outsider.Do(mtConsentQ, map[string]any{"m": m.ID}), "NOT_FOUND", "")
		e.unchanged(before)
		var out struct {
			ConsentToBudgetMotion struct {
				BudgetMotion mtMotion `json:"budgetMotion"`
			} `json:"consentToBudgetMotion"`
		}
		testkit.OK(t, e.as(partner.Members[1]).Do(mtConsentQ, map[string]any{"m": m.ID}), &out)
		if got := out.ConsentToBudgetMotion.BudgetMotion; got.Status != "APPLIED" || got.AppliedChange == nil {
			t.Fatalf("motion %+v", got)
		}
		if row := e.motionRow(m.ID); row.ConsentedByID == nil || *row.ConsentedByID != partner.Members[1].ID {
			t.Errorf("consent by %v", row.ConsentedByID)
		}
		if got := testkit.Must(e.ec.BudgetShare.Get(e.ctx, s.ID))(t).AmountCents; got != 95_000 {
			t.Errorf("share %d", got)
		}
		testkit.OnlyError(t, e.as(partner.Members[0]).Do(mtConsentQ, map[string]any{"m": m.ID}), "CONFLICT", "")
	})
}

// TestBudgetMotionsRacingDecisions closes the lead's and the partner's
// proposals at the same moment: the change is applied exactly once.
func TestBudgetMotionsRacingDecisions(t *testing.T) {
	e := btNewEnv(t)
	lead := e.coop(btThreshold, 1)
	partner := e.coop(0, 1)
	c := e.as(lead.Members[0])
	p := e.project(lead, 500_000, 0, project.StatusACTIVE)
	for round := range 5 {
		s := e.shareFixture(p, partner, 100_000, 9_000)
		m := e.propose(c, p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(s.ID), "amount": btEUR(int64(50_000 + round))}})
		lp, pp := e.proposalOf(m, lead), e.proposalOf(m, partner)
		testkit.OK(t, c.Do(mtVoteQ, map[string]any{"p": lp, "c": "YES"}), nil)
		pc := e.as(partner.Members[0])
		testkit.OK(t, pc.Do(mtVoteQ, map[string]any{"p": pp, "c": "YES"}), nil)
		res := testkit.Race(t,
			func() (*testkit.Response, error) { return c.Post(mtCloseQ, map[string]any{"p": lp}) },
			func() (*testkit.Response, error) { return pc.Post(mtCloseQ, map[string]any{"p": pp}) },
		)
		for _, r := range res {
			testkit.OK(t, r, nil)
		}
		row := e.motionRow(m.ID)
		if row.Status != budgetmotion.StatusAPPLIED {
			t.Fatalf("round %d: motion %+v", round, row)
		}
		n := testkit.Must(e.ec.BudgetChange.Query().Where(budgetchange.ShareID(s.ID), budgetchange.KindEQ(budgetchange.KindSHARE_RESIZED)).Count(e.ctx))(t)
		if n != 1 {
			t.Errorf("round %d: %d resize records, want exactly 1", round, n)
		}
		if got := testkit.Must(e.ec.BudgetShare.Get(e.ctx, s.ID))(t).AmountCents; got != int64(50_000+round) {
			t.Errorf("round %d: share %d", round, got)
		}
	}
}

// TestBudgetMotionsDecidedOnStaleAmounts: a motion is decided on the amount
// a share or the total had when it was proposed (who must consent, whether
// the threshold applies); if that amount changed meanwhile, the decision
// does not apply to the new one (regression: a raise decided by the lead
// coop alone was applied after a direct raise, cutting the partner's share
// without its consent).
func TestBudgetMotionsDecidedOnStaleAmounts(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	lead := e.coop(btThreshold, 2)
	partner := e.coop(0, 1)
	c := e.as(lead.Members[0])
	p := e.project(lead, 500_000, 0, project.StatusACTIVE)

	s := e.shareFixture(p, partner, 100_000, 9_000)
	m := e.propose(c, p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(s.ID), "amount": btEUR(150_000)}})
	testkit.OK(t, btResize(c, s.ID, 100_000+btThreshold, "direct raise"), nil)
	e.decide(lead, e.proposalOf(m, lead), "YES")
	row := e.motionRow(m.ID)
	if row.Status != budgetmotion.StatusNOT_APPLIED || !strings.Contains(row.Outcome, "changed since") {
		t.Errorf("motion %+v", row)
	}
	if got := testkit.Must(e.ec.BudgetShare.Get(e.ctx, s.ID))(t).AmountCents; got != 100_000+btThreshold {
		t.Errorf("share %d, want the direct raise kept", got)
	}

	// Another project: the direct raise above used this one's threshold.
	p = e.project(lead, 500_000, 0, project.StatusACTIVE)
	m = e.propose(c, p, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(700_000)}})
	testkit.OK(t, btTotal(c, p.ID, 500_000+btThreshold, nil, "direct raise"), nil)
	e.decide(lead, e.proposalOf(m, lead), "YES")
	if row := e.motionRow(m.ID); row.Status != budgetmotion.StatusNOT_APPLIED {
		t.Errorf("total motion %+v", row)
	}
	if got := testkit.Must(e.ec.Project.Get(e.ctx, p.ID))(t).TotalBudgetCents; got != 500_000+btThreshold {
		t.Errorf("total %d", got)
	}
}

// TestBudgetThresholdInAnotherCurrency: the bylaws' threshold is in the lead
// coop's currency and Cockpit never converts, so for a project in another
// currency every change needs a decision (regression: raw minor units were
// compared across currencies).
func TestBudgetThresholdInAnotherCurrency(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	lead := e.coop(btThreshold, 1) // EUR
	freelancer := e.person("Freelancer")
	c := e.as(lead.Members[0])
	p := testkit.Must(e.ec.Project.Create().SetLeadCoopID(lead.ID).SetNetworkID(e.net.ID).SetName("Dollar project").
		SetClientName("Client Inc").SetTotalBudgetCents(500_000).SetCurrency("USD").SetStatus(project.StatusACTIVE).Save(e.ctx))(t)
	in := shareInput(p, freelancer, 1)
	in["amount"] = map[string]any{"amount": 1, "currency": "USD"}
	in["hourlyRate"] = map[string]any{"amount": 9_000, "currency": "USD"}
	before := e.snap()
	fe := testkit.OnlyError(t, btCreateShare(c, in), "FORBIDDEN", "")
	if !strings.Contains(fe.Message, "every change") {
		t.Errorf("message %q should say every change needs a decision", fe.Message)
	}
	e.unchanged(before)
	var out struct {
		ProposeBudgetChange struct {
			BudgetMotion struct {
				ID                string `json:"id"`
				NeedsLeadDecision bool   `json:"needsLeadDecision"`
			} `json:"budgetMotion"`
		} `json:"proposeBudgetChange"`
	}
	testkit.OK(t, c.Do(`mutation($in: ProposeBudgetChangeInput!) { proposeBudgetChange(input: $in) { budgetMotion { id needsLeadDecision } } }`,
		map[string]any{"in": mtInput(p, map[string]any{"createShare": map[string]any{"personID": testkit.ID(freelancer.ID),
			"amount": map[string]any{"amount": 1, "currency": "USD"}, "hourlyRate": map[string]any{"amount": 9_000, "currency": "USD"}}})}), &out)
	m := out.ProposeBudgetChange.BudgetMotion
	if !m.NeedsLeadDecision || e.proposals(mtMotion{ID: m.ID}) != 1 {
		t.Errorf("motion %+v", m)
	}
}

// TestBudgetMotionConsentLastNamesTheProposal: when a partner member's
// consent is the last decision, the recorded change still names the lead
// coop's proposal that decided it.
func TestBudgetMotionConsentLastNamesTheProposal(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	lead := e.coop(btThreshold, 1)
	partner := e.coop(0, 1)
	testkit.Must(e.ec.Coop.UpdateOneID(partner.ID).SetShareReductionConsent(coop.ShareReductionConsentMEMBER).Save(e.ctx))(t)
	c := e.as(lead.Members[0])
	p := e.project(lead, 500_000, 0, project.StatusACTIVE)
	s := e.shareFixture(p, partner, 100_000, 9_000)
	m := e.propose(c, p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(s.ID), "amount": btEUR(30_000)}})
	lp := e.proposalOf(m, lead)
	e.decide(lead, lp, "YES")
	if row := e.motionRow(m.ID); row.Status != budgetmotion.StatusPENDING {
		t.Fatalf("applied before consent: %+v", row)
	}
	testkit.OK(t, e.as(partner.Members[0]).Do(mtConsentQ, map[string]any{"m": m.ID}), nil)
	row := e.motionRow(m.ID)
	if row.Status != budgetmotion.StatusAPPLIED {
		t.Fatalf("motion %+v", row)
	}
	ch := testkit.Must(e.ec.BudgetChange.Get(e.ctx, *row.AppliedChangeID))(t)
	if ch.ProposalID == nil || testkit.ID(*ch.ProposalID) != lp {
		t.Errorf("change names proposal %v, want the lead's %s", ch.ProposalID, lp)
	}
}
