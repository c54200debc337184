package budgets_test

import (
	"github.com/coopnetwork/cockpit/internal/testkit"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/money"
)

// Issue 21 (rules over sequences), items 4, 6, 7 and 10: each test replays
// the issue's sequence of allowed-looking steps over HTTP and checks that
// the sequence no longer breaks the rule.

// TestIssue21ThresholdIsNotSliced (item 4): on a project like Stadtteilnetz
// (threshold 5,000 EUR) +10,000 EUR directly is FORBIDDEN, and so is
// +5,000 EUR twice: the threshold holds for the sum of the direct changes
// since the last budget decision, counted absolutely. A passed BUDGET
// decision starts the count afresh.
func TestIssue21ThresholdIsNotSliced(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	lead := e.coop(500_000, 3)
	anna := lead.Members[0]
	c := e.as(anna)
	p := e.project(lead, 8_400_000, 10, project.StatusACTIVE)
	freelancer := e.person("Nora")

	forbidden := func(t *testing.T, total int64, wantSince int64) {
		t.Helper()
		before := e.snap()
		fe := testkit.OnlyError(t, btTotal(c, p.ID, total, nil, "sliced"), "FORBIDDEN", "")
		if !strings.Contains(fe.Message, "proposeBudgetChange") || !strings.Contains(fe.Message, "5000.00 EUR") {
			t.Errorf("message %q should name the threshold and proposeBudgetChange", fe.Message)
		}
		if got := btMoneyExt(t, fe, "sinceDecision"); got != wantSince {
			t.Errorf("extensions.sinceDecision %d, want %d", got, wantSince)
		}
		e.unchanged(before)
	}

	forbidden(t, 9_400_000, 0)                                     // +10,000 EUR at once
	testkit.OK(t, btTotal(c, p.ID, 8_900_000, nil, "+5,000"), nil) // the first half
	forbidden(t, 9_400_000, 500_000)                               // the second half
	forbidden(t, 8_899_999, 500_000)                               // lowering moves money too: counted absolutely

	// A share given and then resized counts the same way.
	q := e.project(lead, 8_400_000, 10, project.StatusACTIVE)
	s := e.createShareOK(c, shareInput(q, freelancer, 300_000))
	before := e.snap()
	testkit.OnlyError(t, btResize(c, testkit.DecodeID(t, s.ID), 600_000, "second slice"), "FORBIDDEN", "")
	e.unchanged(before)
	testkit.OK(t, btResize(c, testkit.DecodeID(t, s.ID), 500_000, "up to the threshold"), nil)

	// The coop decides +10,000 EUR; the count starts again after it.
	m := e.propose(c, p, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(9_900_000)}})
	if !m.NeedsLeadDecision {
		t.Fatalf("a motion beyond the threshold needs the lead coop's decision: %+v", m)
	}
	e.decide(lead, e.proposalOf(m, lead), "YES")
	if row := e.motionRow(m.ID); row.Status.String() != "APPLIED" {
		t.Fatalf("motion %s: %s (%v)", m.ID, row.Status, row.Outcome)
	}
	testkit.OK(t, btTotal(c, p.ID, 10_400_000, nil, "+5,000 after the decision"), nil)
	forbidden(t, 10_400_001, 500_000)
}

// TestIssue21LeftMemberCannotChangeOldEntries (item 6): Lena leaves her
// coop; her new logTime is refused, and so is raising one of her old
// entries (150 → 1,440 minutes) with updateTimeEntry: changing an entry
// needs the right to log it now. And an update lies within an open period
// as logTime does: the project ACTIVE, the day not in the future, within
// the project's dates.
func TestIssue21LeftMemberCannotChangeOldEntries(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	quelltext := e.coop(500_000, 2)
	lena, jonas := quelltext.Members[0], quelltext.Members[1]
	p := e.project(quelltext, 8_400_000, 10, project.StatusACTIVE)
	testkit.MustOrPanic(e.ec.Project.UpdateOneID(p.ID).SetStartsOn(btDay(-30)).SetEndsOn(btDay(30)).Save(e.ctx))
	share := e.shareFixture(p, quelltext, 3_000_000, 8_500)
	entry := e.logOK(e.as(lena), share.ID, btDay(-3), 150)
	mine := e.logOK(e.as(jonas), share.ID, btDay(-3), 60)

	ms := testkit.MustOrPanic(e.ec.Membership.Query().Where(membership.PersonID(lena.ID), membership.CoopID(quelltext.ID)).Only(e.ctx))
	testkit.OK(t, e.as(lena).Do(`mutation($m: ID!) { transitionMembership(membershipID: $m, transition: LEAVE, reason: "moving away") { membership { id state } } }`,
		map[string]any{"m": testkit.ID(ms.ID)}), nil)

	before := e.snap()
	// Having left, Lena no longer reads the project's share (NOT_FOUND);
	// she still reads her own entry, and may not change it (FORBIDDEN).
	testkit.OnlyError(t, btLog(e.as(lena), share.ID, btDay(-2), 60, "after leaving"), "NOT_FOUND", "")
	testkit.OnlyError(t, btUpdateEntry(e.as(lena), testkit.DecodeID(t, entry.ID), map[string]any{"minutes": 1440}), "FORBIDDEN", "")
	testkit.OnlyError(t, btUpdateEntry(e.as(lena), testkit.DecodeID(t, entry.ID), map[string]any{"date": btDay(-1).Format("2006-01-02T15:04:05Z07:00")}), "FORBIDDEN", "")
	e.unchanged(before)
	if got := testkit.MustOrPanic(e.ec.TimeEntry.Get(e.ctx, testkit.DecodeID(t, entry.ID))); got.Minutes != 150 {
		t.Errorf("Lena's entry has %d minutes, want 150", got.Minutes)
	}

	// The open period, for someone who still holds the right.
	jc := e.as(jonas)
	id := testkit.DecodeID(t, mine.ID)
	testkit.OnlyError(t, btUpdateEntry(jc, id, map[string]any{"date": btDay(1).Format("2006-01-02T15:04:05Z07:00")}), "BAD_USER_INPUT", "date")
	testkit.OnlyError(t, btUpdateEntry(jc, id, map[string]any{"date": btDay(-31).Format("2006-01-02T15:04:05Z07:00")}), "BAD_USER_INPUT", "date")
	e.setStatus(p, project.StatusCOMPLETED)
	before = e.snap()
	testkit.OnlyError(t, btUpdateEntry(jc, id, map[string]any{"minutes": 90}), "INVALID_TRANSITION", "")
	e.unchanged(before)
}

// TestIssue21PMChargeHasItsOwnKind (item 7): a PM charge change 10 → 15 %
// on 84,000 EUR is recorded as PM_CHARGE_CHANGED with the percentages and
// the money it takes (8,400 → 12,600 EUR), not as TOTAL_CHANGED 84,000 →
// 84,000; a change of both in one call records both, and so does a decided
// one.
func TestIssue21PMChargeHasItsOwnKind(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	lead := e.coop(5_000_000, 2)
	anna := lead.Members[0]
	c := e.as(anna)
	p := e.project(lead, 8_400_000, 10, project.StatusACTIVE)

	pm := 15
	testkit.OK(t, btTotal(c, p.ID, 8_400_000, &pm, "more coordination"), nil)
	pm = 12
	testkit.OK(t, btTotal(c, p.ID, 9_000_000, &pm, "client extends"), nil)

	const q = `query($id: ID!) { node(id: $id) { ... on Project { budgetChanges(first: 10, orderBy: {field: AT}) { edges { node {
		kind before { amount } after { amount } pmChargePercentBefore pmChargePercentAfter reason } } } } } }`
	var out struct {
		Node struct {
			BudgetChanges struct {
				Edges []struct {
					Node struct {
						Kind   string `json:"kind"`
						Before struct {
							Amount int64 `json:"amount"`
						} `json:"before"`
						After struct {
							Amount int64 `json:"amount"`
						} `json:"after"`
						PmBefore *int   `json:"pmChargePercentBefore"`
						PmAfter  *int   `json:"pmChargePercentAfter"`
						Reason   string `json:"reason"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"budgetChanges"`
		} `json:"node"`
	}
	testkit.OK(t, c.Do(q, map[string]any{"id": testkit.ID(p.ID)}), &out)
	type row struct {
		kind            string
		before, after   int64
		pmBefore, pmAft int
	}
	var got []row
	for _, ed := range out.Node.BudgetChanges.Edges {
		n := ed.Node
		r := row{kind: n.Kind, before: n.Before.Amount, after: n.After.Amount}
		if n.PmBefore != nil && n.PmAfter != nil {
			r.pmBefore, r.pmAft = *n.PmBefore, *n.PmAfter
		} else if n.Kind == "PM_CHARGE_CHANGED" || n.PmBefore != nil || n.PmAfter != nil {
			t.Errorf("change %+v: PM percentages %v → %v", n, n.PmBefore, n.PmAfter)
		}
		got = append(got, r)
	}
	want := []row{
		{"PM_CHARGE_CHANGED", 840_000, 1_260_000, 10, 15},
		{"PM_CHARGE_CHANGED", 1_260_000, 1_080_000, 15, 12},
		{"TOTAL_CHANGED", 8_400_000, 9_000_000, 0, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("changes %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: %+v, want %+v", i, got[i], want[i])
		}
	}

	// Decided: both kinds, both naming the proposal; the applied change is the total.
	m := e.propose(c, p, map[string]any{"changeTotal": map[string]any{"totalBudget": btEUR(9_500_000), "pmChargePercent": 10}})
	e.decide(lead, e.proposalOf(m, lead), "YES")
	mr := e.motionRow(m.ID)
	if mr.AppliedChangeID == nil {
		t.Fatalf("motion not applied: %s %v", mr.Status, mr.Outcome)
	}
	changes := e.changesOf(p.ID)
	last2 := changes[len(changes)-2:]
	if last2[0].Kind != budgetchange.KindPM_CHARGE_CHANGED || last2[1].Kind != budgetchange.KindTOTAL_CHANGED ||
		*mr.AppliedChangeID != last2[1].ID || last2[0].ProposalID == nil || last2[1].ProposalID == nil ||
		*last2[0].ProposalID != *last2[1].ProposalID || last2[0].BeforeCents != 1_080_000 || last2[0].AfterCents != 950_000 {
		t.Errorf("decided change recorded as %+v and %+v (applied %v)", last2[0], last2[1], *mr.AppliedChangeID)
	}
}

// TestIssue21NumbersInRange (item 10): a 0 EUR share at 2^53−1 cents an hour
// is refused (BAD_USER_INPUT hourlyRate); at the highest rate one day of
// work fits, and time that would bring what was spent on the project past
// 2^53−1 is refused (BAD_USER_INPUT minutes); the budget report answers
// within the MinorUnits range, also 44 days later.
func TestIssue21NumbersInRange(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	lead := e.coop(money.MaxAmount, 1)
	c := e.as(lead.Members[0])
	p := e.project(lead, 1_000_000, 0, project.StatusACTIVE)
	nora, daniel := e.person("Nora"), e.person("Daniel")

	in := shareInput(p, nora, 0)
	in["hourlyRate"] = btEUR(money.MaxAmount)
	before := e.snap()
	testkit.OnlyError(t, btCreateShare(c, in), "BAD_USER_INPUT", "hourlyRate")
	in["hourlyRate"] = btEUR(money.MaxHourlyRate + 1)
	testkit.OnlyError(t, btCreateShare(c, in), "BAD_USER_INPUT", "hourlyRate")
	e.unchanged(before)

	in["hourlyRate"] = btEUR(money.MaxHourlyRate)
	ns := e.createShareOK(c, in)
	e.logOK(e.as(nora), testkit.DecodeID(t, ns.ID), btDay(0), 1440)
	dayCost := int64(24 * money.MaxHourlyRate)

	// 1 cent a minute: 7 more minutes reach 2^53−1 exactly, the 8th is refused.
	din := shareInput(p, daniel, 0)
	din["hourlyRate"] = btEUR(60)
	ds := testkit.DecodeID(t, e.createShareOK(c, din).ID)
	if money.MaxAmount-dayCost != 7 {
		t.Fatalf("the test assumes 7 cents of room, have %d", money.MaxAmount-dayCost)
	}
	entry := e.logOK(e.as(daniel), ds, btDay(0), 7)
	before = e.snap()
	testkit.OnlyError(t, btLog(e.as(daniel), ds, btDay(0), 1, "one minute too many"), "BAD_USER_INPUT", "minutes")
	testkit.OnlyError(t, btUpdateEntry(e.as(daniel), testkit.DecodeID(t, entry.ID), map[string]any{"minutes": 8}), "BAD_USER_INPUT", "minutes")
	e.unchanged(before)

	const q = `query($id: ID!) { node(id: $id) { ... on Project { budgetReport { allocated { amount } spent { amount } remaining { amount }
		spentLast4Weeks { amount } burnRatePerWeek { amount } overBudget } } } }`
	type amount struct {
		Amount int64 `json:"amount"`
	}
	var out struct {
		Node struct {
			BudgetReport struct {
				Allocated, Spent, Remaining, SpentLast4Weeks, BurnRatePerWeek amount
				OverBudget                                                    bool `json:"overBudget"`
			} `json:"budgetReport"`
		} `json:"node"`
	}
	for _, days := range []int{0, 44} {
		e.clk.AdvanceDays(days)
		testkit.OK(t, c.Do(q, map[string]any{"id": testkit.ID(p.ID)}), &out)
		r := out.Node.BudgetReport
		if r.Spent.Amount != money.MaxAmount || r.Remaining.Amount != -money.MaxAmount || !r.OverBudget {
			t.Errorf("after %d days: report %+v", days, r)
		}
		for _, v := range []int64{r.Allocated.Amount, r.Spent.Amount, r.Remaining.Amount, r.SpentLast4Weeks.Amount, r.BurnRatePerWeek.Amount} {
			if v > money.MaxAmount || v < -money.MaxAmount {
				t.Errorf("after %d days: %d is beyond MinorUnits", days, v)
			}
		}
	}
}
