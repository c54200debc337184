package governance_test

import (
	"testing"

	"github.com/coopnetwork/cockpit/internal/testkit"
)

const cmCoopQ = `query($id: ID!) { node(id: $id) { ... on Coop { monthlyDues { amount currency } overheadLevyBasisPoints surplusBasis booksClosedBy
	bylawsHistory(first: 1) { edges { node { values { monthlyDues { amount currency } overheadLevyBasisPoints surplusBasis booksClosedBy } } } } } } }`

type cmMoneyBylaws struct {
	MonthlyDues             *gtMoney
	OverheadLevyBasisPoints *int
	SurplusBasis            *string
	BooksClosedBy           *string
}

// TestCoopMoneyBylaws: the bylaws' money fields (issue 17) are decided like
// other bylaws: checked when proposed (BAD_USER_INPUT naming the field),
// applied when the BYLAWS proposal passes, kept in the history, and shown
// to members only (null for a participant of the network).
func TestCoopMoneyBylaws(t *testing.T) {
	e := blNewEnv(t)
	c, _ := e.found(map[string]any{"admissionRule": "CONSENSUS"}, 2)
	participant := e.person("Paul Participant")
	read := func(as *testkit.Client) (cmMoneyBylaws, cmMoneyBylaws) {
		t.Helper()
		var out struct {
			Node struct {
				cmMoneyBylaws
				BylawsHistory struct {
					Edges []struct {
						Node struct{ Values cmMoneyBylaws }
					}
				}
			}
		}
		testkit.OK(t, as.Do(cmCoopQ, map[string]any{"id": testkit.ID(c.ID)}), &out)
		var last cmMoneyBylaws
		if len(out.Node.BylawsHistory.Edges) > 0 {
			last = out.Node.BylawsHistory.Edges[0].Node.Values
		}
		return out.Node.cmMoneyBylaws, last
	}
	got, v1 := read(e.as(c.Members[1]))
	if got.MonthlyDues == nil || got.MonthlyDues.Amount != 0 || *got.OverheadLevyBasisPoints != 0 || *got.SurplusBasis != "BILLABLE_ONLY" ||
		*got.BooksClosedBy != "DECISION" || v1.SurplusBasis == nil || *v1.SurplusBasis != "BILLABLE_ONLY" {
		t.Fatalf("a founded coop's money bylaws: %+v, version 1 %+v", got, v1)
	}

	for field, change := range map[string]map[string]any{
		"monthlyDues":             {"monthlyDues": map[string]any{"amount": 100, "currency": "USD"}},
		"overheadLevyBasisPoints": {"overheadLevyBasisPoints": 10_001},
	} {
		testkit.OnlyError(t, e.proposeBylaws(c, change), "BAD_USER_INPUT", field)
	}
	id := e.proposeBylawsOK(c, map[string]any{"monthlyDues": gtEUR(2_500), "overheadLevyBasisPoints": 500,
		"surplusBasis": "ALL_WORK", "booksClosedBy": "MEMBER"})
	e.voteAll(c, id, "YES", "YES")
	e.clk.AdvanceDays(1)
	if out := e.closeOK(c, id); !out.Outcome.Passed {
		t.Fatalf("the change failed: %+v", out.Outcome)
	}
	got, v2 := read(e.as(c.Members[1]))
	for _, b := range []cmMoneyBylaws{got, v2} {
		if b.MonthlyDues == nil || b.MonthlyDues.Amount != 2_500 || b.OverheadLevyBasisPoints == nil || *b.OverheadLevyBasisPoints != 500 ||
			b.SurplusBasis == nil || *b.SurplusBasis != "ALL_WORK" || b.BooksClosedBy == nil || *b.BooksClosedBy != "MEMBER" {
			t.Errorf("after the decision: %+v", b)
		}
	}
	got, _ = read(e.as(participant))
	if got.MonthlyDues != nil || got.OverheadLevyBasisPoints != nil || got.SurplusBasis != nil || got.BooksClosedBy != nil {
		t.Errorf("LEAK: a participant reads the money bylaws %+v", got)
	}
}
