package budgets_test

import (
	"testing"

	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestDatabaseErrorsAreNotNotFound: when the database fails to read an
// object an input names, the answer is INTERNAL, not NOT_FOUND (regression:
// any error of the lookup was reported as "shareID: not found in this
// project", and so on). The same request succeeds once the database is back,
// so the fault, not the input, made the difference.
func TestDatabaseErrorsAreNotNotFound(t *testing.T) {
	fault := &testkit.FaultDriver{}
	e := btNewEnvWith(t, store.Options{WrapDriver: fault.Wrap()})
	lead := e.coop(1_000_000, 1)
	partner := e.coop(0, 1)
	freelancer := e.person("Freelancer")
	p := e.project(lead, 500_000, 0, project.StatusACTIVE)
	s := e.shareFixture(p, partner, 100_000, 9_000)
	c := e.as(lead.Members[0])

	for _, tc := range []struct {
		name, table string
		query       string
		vars        map[string]any
	}{
		{"createBudgetShare coopID", "coops", btCreateShareQ, map[string]any{"in": shareInput(p, partner, 1_000)}},
		{"createBudgetShare personID", "persons", btCreateShareQ, map[string]any{"in": shareInput(p, freelancer, 1_000)}},
		{"proposeBudgetChange resizeShare.shareID", "budget_shares", mtProposeQ, map[string]any{"in": mtInput(p,
			map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(s.ID), "amount": btEUR(90_000)}})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fault.Fail(tc.table)
			res := c.Do(tc.query, tc.vars)
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
			testkit.OK(t, c.Do(tc.query, tc.vars), nil)
		})
	}
}
