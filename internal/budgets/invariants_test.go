package budgets_test

// The invariants of internal/invariant, each attacked through the API (the
// attack of issue 14, item 10) and by a write that bypasses every operation
// (ent with the system context, as a seeder, an import or a future operation
// would write): both are refused with a clear code and change nothing.

import (
	"context"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// btDated is a project of the time world with dates: it started 30 days ago
// and ended 10 days ago (the clock is at btT0).
func (e *btEnv) dated(p *ent.Project) *ent.Project {
	e.t.Helper()
	return testkit.Must(e.ec.Project.UpdateOneID(p.ID).SetStartsOn(btDay(-30)).SetEndsOn(btDay(-10)).Save(e.ctx))(e.t)
}

// TestInvariantTimeEntryWithinProjectDates: logTime and updateTimeEntry
// outside the project's dates are refused (BAD_USER_INPUT date); the first
// and last day are inside.
func TestInvariantTimeEntryWithinProjectDates(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.timeWorld()
	e.dated(w.p)
	c := e.as(w.freelancer)
	for _, tc := range []struct {
		name string
		day  time.Time
		ok   bool
	}{
		{"years before the start (2019-03-01, the demo attack)", time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC), false},
		{"the day before the start", btDay(-31), false},
		{"the first day", btDay(-30), true},
		{"the last day", btDay(-10), true},
		{"the day after the end", btDay(-9), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			before := e.snap()
			res := btLog(c, w.fs.ID, tc.day, 60, "attack")
			if tc.ok {
				testkit.OK(t, res, nil)
				return
			}
			testkit.OnlyError(t, res, "BAD_USER_INPUT", "date")
			e.unchanged(before)
		})
	}
	t.Run("updateTimeEntry moves an entry out", func(t *testing.T) {
		defer e.use(t)()
		entry := e.logOK(c, w.fs.ID, btDay(-20), 60)
		for _, day := range []time.Time{btDay(-31), btDay(-9), time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)} {
			before := e.snap()
			testkit.OnlyError(t, btUpdateEntry(c, testkit.DecodeID(t, entry.ID), map[string]any{"date": day.Format(time.RFC3339)}), "BAD_USER_INPUT", "date")
			e.unchanged(before)
		}
		testkit.OK(t, btUpdateEntry(c, testkit.DecodeID(t, entry.ID), map[string]any{"date": btDay(-11).Format(time.RFC3339)}), nil)
	})
}

// TestInvariantProjectDatesKeepEntries: the generic updateProject cannot
// move a project's dates past time already logged on it.
func TestInvariantProjectDatesKeepEntries(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.timeWorld()
	e.entryFixture(w.fs, w.freelancer, btDay(-20), 60)
	lead := e.as(w.lead.Members[0])
	const q = `mutation($id: ID!, $in: UpdateProjectInput!) { updateProject(id: $id, input: $in) { project { id startsOn endsOn } } }`
	for _, tc := range []struct {
		name  string
		in    map[string]any
		field string // "" for success
	}{
		{"start after the first entry", map[string]any{"startsOn": btDay(-19).Format(time.RFC3339)}, "startsOn"},
		{"end before the last entry", map[string]any{"endsOn": btDay(-21).Format(time.RFC3339)}, "endsOn"},
		{"both around the entry", map[string]any{"startsOn": btDay(-20).Format(time.RFC3339), "endsOn": btDay(-20).Format(time.RFC3339)}, ""},
		{"clearing the end", map[string]any{"clearEndsOn": true}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			before := e.snap()
			res := lead.Do(q, map[string]any{"id": testkit.ID(w.p.ID), "in": tc.in})
			if tc.field == "" {
				testkit.OK(t, res, nil)
				return
			}
			testkit.OnlyError(t, res, "BAD_USER_INPUT", tc.field)
			e.unchanged(before)
			if p := testkit.Must(e.ec.Project.Get(e.ctx, w.p.ID))(t); p.StartsOn != nil && p.StartsOn.After(btDay(-20)) {
				t.Errorf("project starts on %s after the refusal", p.StartsOn)
			}
		})
	}
}

// TestInvariantShareNotBelowSpent: resizeBudgetShare (and a proposed resize)
// below what was already logged on a freelancer's share is CONFLICT with the
// spent amount; down to exactly the spent amount is fine (with the
// freelancer's consent).
func TestInvariantShareNotBelowSpent(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.timeWorld()
	e.logOK(e.as(w.freelancer), w.fs.ID, btDay(-1), 120) // 2 h at 70.00 = 140.00
	lead := e.as(w.lead.Members[0])
	before := e.snap()
	fe := testkit.OnlyError(t, btResize(lead, w.fs.ID, 13_999, "cut"), "CONFLICT", "amount")
	if got := btMoneyExt(t, fe, "spent"); got != 14_000 {
		t.Errorf("extensions.spent %d, want 14000", got)
	}
	e.unchanged(before)
	testkit.OnlyError(t, lead.Do(mtProposeQ, map[string]any{"in": mtInput(w.p, map[string]any{
		"resizeShare": map[string]any{"shareID": testkit.ID(w.fs.ID), "amount": btEUR(0)}})}), "CONFLICT", "amount")
	e.unchanged(before)
	// Down to exactly what was worked, with the freelancer's consent.
	m := e.propose(lead, w.p, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(w.fs.ID), "amount": btEUR(14_000)}})
	testkit.OK(t, e.as(w.freelancer).Do(mtConsentQ, map[string]any{"m": m.ID}), nil)
	if s := testkit.Must(e.ec.BudgetShare.Get(e.ctx, w.fs.ID))(t); s.AmountCents != 14_000 {
		t.Errorf("share amount %d, want 14000", s.AmountCents)
	}
	// Time logged past the amount stays allowed (it is reported as over
	// budget); only cutting the amount is refused.
	e.logOK(e.as(w.freelancer), w.fs.ID, btDay(-2), 60)
}

// TestInvariantBudgetTotal: the API refuses a share or a total that breaks
// shares + PM charge <= total.
func TestInvariantBudgetTotal(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	lead := e.coop(btRoomy, 1)
	p := e.project(lead, 10_000, 0, project.StatusACTIVE)
	e.shareFixture(p, e.person("Freelancer"), 9_000, 6_000) // 10.00 left
	c := e.as(lead.Members[0])
	late := e.person("Late freelancer")
	before := e.snap()
	fe := testkit.OnlyError(t, btCreateShare(c, shareInput(p, late, 1_001)), "CONFLICT", "")
	if got := btMoneyExt(t, fe, "remaining"); got != 1_000 {
		t.Errorf("extensions.remaining %d, want 1000", got)
	}
	testkit.OnlyError(t, btTotal(c, p.ID, 8_999, nil, "cut"), "CONFLICT", "totalBudget")
	pm := 11
	testkit.OnlyError(t, btTotal(c, p.ID, 10_000, &pm, "more PM"), "CONFLICT", "totalBudget")
	e.unchanged(before)
	pm = 10
	testkit.OK(t, btTotal(c, p.ID, 10_000, &pm, "PM up to the last cent"), nil)
}

// TestInvariantBypass: writes that bypass every operation (ent with the
// system context, in a transaction or not) are refused by the hooks with the
// same codes, and change nothing.
func TestInvariantBypass(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.timeWorld()
	e.dated(w.p)
	e.entryFixture(w.fs, w.freelancer, btDay(-20), 120) // 140.00 spent on the freelancer's share
	other := e.project(w.lead, 100_000, 0, project.StatusACTIVE)
	otherShare := e.shareFixture(other, w.partner, 10_000, 9_000)
	entry := func(c *ent.Client, s *ent.BudgetShare, projectID int, who *ent.Person, day time.Time, minutes int) error {
		return c.TimeEntry.Create().SetProjectID(projectID).SetShareID(s.ID).SetPersonID(who.ID).
			SetDate(day).SetMinutes(minutes).Exec(e.ctx)
	}
	cases := []struct {
		name  string
		write func(c *ent.Client) error
		code  apperr.Code
	}{
		{"time entry before the project's start", func(c *ent.Client) error {
			return entry(c, w.fs, w.p.ID, w.freelancer, time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC), 60)
		}, apperr.BadUserInput},
		{"time entry after the project's end", func(c *ent.Client) error { return entry(c, w.fs, w.p.ID, w.freelancer, btDay(-9), 60) }, apperr.BadUserInput},
		{"time entry moved before the start", func(c *ent.Client) error {
			id := testkit.Must(c.TimeEntry.Query().FirstID(e.ctx))(t)
			return c.TimeEntry.UpdateOneID(id).SetDate(btDay(-31)).Exec(e.ctx)
		}, apperr.BadUserInput},
		{"time entry on a share of another project", func(c *ent.Client) error {
			return entry(c, otherShare, w.p.ID, w.partner.Members[0], btDay(-20), 60)
		}, apperr.BadUserInput},
		{"time entry on a freelancer's share by someone else", func(c *ent.Client) error {
			return entry(c, w.fs, w.p.ID, w.other, btDay(-20), 60)
		}, apperr.BadUserInput},
		{"time entry of 0 minutes", func(c *ent.Client) error { return entry(c, w.fs, w.p.ID, w.freelancer, btDay(-20), 0) }, apperr.BadUserInput},
		{"more than 24 hours on one day", func(c *ent.Client) error {
			return entry(c, w.fs, w.p.ID, w.freelancer, btDay(-20), 24*60-119)
		}, apperr.BadUserInput},
		{"share cut below what was spent", func(c *ent.Client) error {
			return c.BudgetShare.UpdateOneID(w.fs.ID).SetAmountCents(13_999).Exec(e.ctx)
		}, apperr.Conflict},
		{"share rate raised above its amount", func(c *ent.Client) error {
			return c.BudgetShare.UpdateOneID(w.fs.ID).SetAmountCents(14_000).SetHourlyRateCents(1_000_000).Exec(e.ctx)
		}, apperr.Conflict},
		{"new share past the total", func(c *ent.Client) error {
			return c.BudgetShare.Create().SetProjectID(w.p.ID).SetPersonID(w.other.ID).SetAmountCents(20_001).
				SetHourlyRateCents(1).SetCurrency("EUR").Exec(e.ctx)
		}, apperr.Conflict},
		{"every share of the project raised at once", func(c *ent.Client) error {
			return c.BudgetShare.Update().Where(budgetshare.ProjectID(w.p.ID)).AddAmountCents(10_001).Exec(e.ctx)
		}, apperr.Conflict},
		{"total below the shares", func(c *ent.Client) error {
			return c.Project.UpdateOneID(w.p.ID).SetTotalBudgetCents(69_999).Exec(e.ctx)
		}, apperr.Conflict},
		{"PM charge eating the shares' room", func(c *ent.Client) error {
			return c.Project.Update().Where(project.ID(w.p.ID)).SetPmChargePercent(31).Exec(e.ctx)
		}, apperr.Conflict},
		{"project start after logged time", func(c *ent.Client) error {
			return c.Project.UpdateOneID(w.p.ID).SetStartsOn(btDay(-19)).Exec(e.ctx)
		}, apperr.BadUserInput},
	}
	for _, tc := range cases {
		for _, inTx := range []bool{false, true} {
			name := tc.name
			if inTx {
				name += " (in a transaction)"
			}
			t.Run(name, func(t *testing.T) {
				defer e.use(t)()
				before := e.snap()
				var err error
				if inTx {
					tx := testkit.Must(e.ec.Tx(context.Background()))(t)
					if err = tc.write(tx.Client()); err != nil {
						_ = tx.Rollback()
					} else {
						err = tx.Commit()
					}
				} else {
					err = tc.write(e.ec)
				}
				if err == nil {
					t.Fatal("the write went through")
				}
				if got := apperr.Classify(err); got.Code != tc.code || got.Message == "" {
					t.Errorf("refused with %s %q, want %s", got.Code, got.Message, tc.code)
				}
				e.unchanged(before)
			})
		}
	}
	// The same writes within the invariants go through.
	testkit.Must(0, entry(e.ec, w.fs, w.p.ID, w.freelancer, btDay(-10), 60))(t)
	testkit.Must(0, e.ec.BudgetShare.UpdateOneID(w.fs.ID).SetAmountCents(21_000).Exec(e.ctx))(t)
	testkit.Must(0, e.ec.Project.UpdateOneID(w.p.ID).SetTotalBudgetCents(100_000).SetStartsOn(btDay(-20)).Exec(e.ctx))(t)
}
