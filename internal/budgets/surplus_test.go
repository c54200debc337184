package budgets_test

import (
	"testing"

	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const (
	spPlanQ = `query($c: ID!, $y: Int!, $s: MinorUnits!, $p: Int) { surplusDistribution(coopID: $c, fiscalYear: $y, surplus: {amount: $s, currency: "EUR"}, distributedPercent: $p) {
		fiscalYear currency: surplus { currency } surplusCents: surplus { amount currency } distributedPercent distributedCents: distributed { amount currency }
		retainedCents: retained { amount currency } parts { person { id } minutes amountCents: amount { amount currency } } } }`
	spRecordQ = `mutation($c: ID!, $y: Int!, $s: MinorUnits!, $p: Int) { recordSurplusDistribution(coopID: $c, fiscalYear: $y, surplus: {amount: $s, currency: "EUR"}, distributedPercent: $p) {
		surplusDistribution { id fiscalYear surplusCents: surplus { amount currency } distributedCents: distributed { amount currency } retainedCents: retained { amount currency }
		parts { totalCount edges { node { person { id } minutes amountCents: amount { amount currency } } } } } } }`
)

type spPlan struct {
	SurplusDistribution struct {
		FiscalYear, DistributedPercent                int
		Currency                                      btCurrency
		SurplusCents, DistributedCents, RetainedCents btMoney
		Parts                                         []struct {
			Person      struct{ ID string }
			Minutes     int64
			AmountCents btMoney
		}
	}
}

// TestSurplusDistribution: the distributed part splits by minutes worked for
// the coop in the year, exactly to the cent; it is recorded once and only
// members see or record it.
func TestSurplusDistribution(t *testing.T) {
	e := btNewEnv(t)
	q := e.coop(1_000_000, 3)
	other := e.coop(1_000_000, 1)
	p := e.project(q, 10_000_000, 0, project.StatusACTIVE)
	qShare := e.shareFixture(p, q, 1_000_000, 9_000)
	otherShare := e.shareFixture(p, other, 1_000_000, 9_000)
	m1, m2, m3 := q.Members[0], q.Members[1], q.Members[2]
	e.entryFixture(qShare, m1, btDay(-100), 400) // 2025
	e.entryFixture(qShare, m1, btDay(-90), 200)  // 2025
	e.entryFixture(qShare, m2, btDay(-95), 300)  // 2025
	e.entryFixture(qShare, m2, btDay(-500), 900) // 2024: another year
	e.entryFixture(otherShare, m3, btDay(-95), 600)
	vars := map[string]any{"c": testkit.ID(q.ID), "y": 2025, "s": 100_001}

	// 75 % (the bylaws' default) of 100 001 is 75 000.75 → 75 001; split
	// 600 : 300 : 0 → 50 000.67, 25 000.33, 0 → the spare cent to the
	// largest remainder.
	var plan spPlan
	testkit.OK(t, e.as(m3).Do(spPlanQ, vars), &plan)
	got := plan.SurplusDistribution
	if got.DistributedPercent != 75 || got.DistributedCents != 75_001 || got.RetainedCents != 25_000 || got.Currency != "EUR" {
		t.Fatalf("plan %+v", got)
	}
	want := map[string][2]int64{testkit.ID(m1.ID): {600, 50_001}, testkit.ID(m2.ID): {300, 25_000}, testkit.ID(m3.ID): {0, 0}}
	var sum int64
	for _, part := range got.Parts {
		if w := want[part.Person.ID]; part.Minutes != w[0] || int64(part.AmountCents) != w[1] {
			t.Errorf("part of %s: %d min, %d cents; want %v", part.Person.ID, part.Minutes, part.AmountCents, w)
		}
		sum += int64(part.AmountCents)
	}
	if len(got.Parts) != 3 || sum != int64(got.DistributedCents) {
		t.Fatalf("parts %+v sum to %d", got.Parts, sum)
	}

	// Only members of the coop see and record it.
	testkit.OnlyError(t, e.as(other.Members[0]).Do(spPlanQ, vars), "FORBIDDEN", "")
	testkit.OnlyError(t, e.as(other.Members[0]).Do(spRecordQ, vars), "FORBIDDEN", "")

	// Bad input changes nothing.
	for _, bad := range []map[string]any{
		{"c": testkit.ID(q.ID), "y": 2025, "s": -1},
		{"c": testkit.ID(q.ID), "y": 2025, "s": 100, "p": 101},
		{"c": testkit.ID(q.ID), "y": 2019, "s": 100}, // nobody worked: no basis
	} {
		testkit.OnlyError(t, e.as(m1).Do(spRecordQ, bad), "BAD_USER_INPUT", "")
	}
	before := e.snap()

	// Recorded once, with 50 % instead of the default; immutable afterwards.
	vars["p"] = 50
	var rec struct {
		RecordSurplusDistribution struct {
			SurplusDistribution struct {
				DistributedCents, RetainedCents btMoney
				Parts                           struct{ TotalCount int }
			}
		}
	}
	testkit.OK(t, e.as(m1).Do(spRecordQ, vars), &rec)
	d := rec.RecordSurplusDistribution.SurplusDistribution
	if d.DistributedCents != 50_001 || d.RetainedCents != 50_000 || d.Parts.TotalCount != 3 {
		t.Fatalf("recorded %+v", d)
	}
	if e.rowCounts()["surplus_distributions"] != before.Rows["surplus_distributions"]+1 {
		t.Fatalf("row counts %v", e.rowCounts())
	}
	testkit.OnlyError(t, e.as(m2).Do(spRecordQ, vars), "CONFLICT", "")
}
