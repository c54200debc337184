package authz_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestReadMatrixWhenShareHoldersDecide is the read matrix with project P's
// settings making its share holders its deciders (deciders SHARE_HOLDERS):
// the freelancer holding a share of P then reads P's whole budget like the
// partner coops' members (every share, the time on it, every change and
// motion: DESIGN.md's "unless the project's settings make share holders
// deciders"); every other row reads as in TestReadMatrix, Q's budget
// included.
func TestReadMatrixWhenShareHoldersDecide(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	testkit.MustOrPanic(f.db.Client.Project.UpdateOneID(f.P.ID).SetDeciders("SHARE_HOLDERS").Save(f.ctx))
	rows := f.rows()
	budget := []string{"BudgetShare", "TimeEntry", "BudgetChange", "BudgetMotion"}
	widened := 0
	for i, row := range rows {
		if !slices.Contains(budget, row.typ) {
			continue
		}
		for j, o := range row.objects {
			// P's budget is what both partners read; Q's is B's alone.
			if o.who.has(memberOfA) && o.who.has(memberOfB) && !o.who.has(freelancer) {
				rows[i].objects[j].who = append(slices.Clone(o.who), freelancer)
				widened++
			}
		}
	}
	if widened < 6 {
		t.Fatalf("only %d objects of P's budget found in the matrix rows", widened)
	}
	for _, row := range rows {
		t.Run(row.typ, func(t *testing.T) {
			for _, o := range row.objects {
				for _, actor := range actors {
					res := f.as(actor).Do(`query($id: ID!) { node(id: $id) { matrixID: id __typename } }`,
						map[string]any{"id": testkit.ID(o.id)})
					checkNode(t, fmt.Sprintf("%s reads %s by id", actor, o.name), res, o, row.typ, actor)
				}
			}
			for _, q := range row.queries {
				for _, actor := range actors {
					checkList(t, f, rows, row, q, actor)
				}
			}
		})
	}

	// The budget report sums the shares the viewer reads: P's whole
	// budget for the freelancer now.
	var out struct {
		Node struct {
			BudgetReport struct {
				Allocated struct{ Amount int64 } `json:"allocated"`
			} `json:"budgetReport"`
		} `json:"node"`
	}
	q := `query($id: ID!) { node(id: $id) { ... on Project { budgetReport { allocated { amount } } } } }`
	testkit.OK(t, f.as(freelancer).Do(q, map[string]any{"id": testkit.ID(f.P.ID)}), &out)
	want := f.ShareA.AmountCents + f.ShareB.AmountCents + f.ShareF.AmountCents
	if got := out.Node.BudgetReport.Allocated.Amount; got != want {
		t.Errorf("the freelancer's budget report of P allocates %d, want every share: %d", got, want)
	}
}
