package governance_test

import (
	"testing"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestDatabaseErrorsAreNotNotFound: when the database fails to read an
// object an input names, the answer is INTERNAL, not NOT_FOUND (regression:
// any error of the lookup was reported as "membershipID: not found", and so
// on). The same request succeeds once the database is back, so the fault,
// not the input, made the difference.
func TestDatabaseErrorsAreNotNotFound(t *testing.T) {
	fault := &testkit.FaultDriver{}
	e := gtNewEnvWith(t, store.Options{WrapDriver: fault.Wrap()})
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 2)
	_, candidate := e.readyCandidate(c, gtReady{})
	freelancer := e.person("Freelancer")
	fms := e.membership(freelancer, c, "FREELANCER", gtT0.AddDate(0, 0, -gtLongAgoDays))
	prj := testkit.Must(e.ec.Project.Create().SetLeadCoopID(c.ID).SetNetworkID(e.net.ID).SetName("Shop").
		SetClientName("Client GmbH").SetTotalBudgetCents(1_000_000).Save(e.ctx))(t)
	budget := e.proposalInput(c, "BUDGET", nil)
	budget["projectID"] = testkit.ID(prj.ID)

	for _, tc := range []struct {
		name, table string
		client      *testkit.Client
		query       string
		vars        map[string]any
	}{
		{"createProposal membershipID", "memberships", e.as(c.Members[0]), gtCreateProposalQ,
			map[string]any{"in": e.proposalInput(c, "ADMISSION", candidate)}},
		{"createProposal projectID", "projects", e.as(c.Members[0]), gtCreateProposalQ,
			map[string]any{"in": budget}},
		{"completeMilestone templateID", "milestone_templates", e.as(freelancer), gtCompleteQ,
			map[string]any{"m": testkit.ID(fms.ID), "tpl": testkit.ID(c.Optional.ID)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fault.Fail(tc.table)
			res := tc.client.Do(tc.query, tc.vars)
			hits := fault.Hits()
			fault.Fail("")
			if hits == 0 {
				t.Fatalf("no statement on %s failed: the test does not reach the lookup", tc.table)
			}
			if len(res.Errors) != 1 || res.Errors[0].Code() != "INTERNAL" {
				t.Fatalf("a failing read of %s answered HTTP %d %+v, want INTERNAL", tc.table, res.Status, res.Errors)
			}
			if _, ok := res.Errors[0].Extensions["field"]; ok {
				t.Errorf("a database error blames an input field: %+v", res.Errors[0])
			}
			testkit.OK(t, tc.client.Do(tc.query, tc.vars), nil)
		})
	}
}
