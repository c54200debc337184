package budgets_test

import (
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// btTimeWorld is a project with a partner coop's share and a freelancer's
// share, and everyone who might try to log time on them.
type btTimeWorld struct {
	lead, partner, outsider *btCoop
	freelancer, other       *ent.Person
	pausedPartner           *ent.Person
	candidate               *ent.Person
	p                       *ent.Project
	ps, fs                  *ent.BudgetShare // partner's and freelancer's share
}

func (e *btEnv) timeWorld() *btTimeWorld {
	w := &btTimeWorld{lead: e.coop(btRoomy, 1), partner: e.coop(0, 2), outsider: e.coop(0, 1),
		freelancer: e.person("Freelancer"), other: e.person("Other freelancer"),
		pausedPartner: e.person("Paused partner"), candidate: e.person("Candidate of the partner")}
	e.join(w.pausedPartner, w.partner, membership.StatePAUSED)
	e.join(w.candidate, w.partner, membership.StateCANDIDATE)
	w.p = e.project(w.lead, 100_000, 10, project.StatusACTIVE)
	w.ps = e.shareFixture(w.p, w.partner, 40_000, 9_000)
	w.fs = e.shareFixture(w.p, w.freelancer, 20_000, 7_000)
	e.shareFixture(w.p, w.other, 10_000, 7_000)
	return w
}

// TestBTLogTimeWho: time on a share is logged by the freelancer holding it
// or by active members of the coop holding it. Whoever else can read the
// share gets FORBIDDEN; whoever cannot gets NOT_FOUND. Nothing is written.
func TestBTLogTimeWho(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	w := e.timeWorld()
	cases := []struct {
		who   string
		as    func() *testkit.Client
		share func() int
		code  string // "" for success
	}{
		{"partner member on the partner's share", func() *testkit.Client { return e.as(w.partner.Members[0]) }, func() int { return w.ps.ID }, ""},
		{"second partner member on the partner's share", func() *testkit.Client { return e.as(w.partner.Members[1]) }, func() int { return w.ps.ID }, ""},
		{"freelancer on their share", func() *testkit.Client { return e.as(w.freelancer) }, func() int { return w.fs.ID }, ""},

		{"lead member on the partner's share", func() *testkit.Client { return e.as(w.lead.Members[0]) }, func() int { return w.ps.ID }, "FORBIDDEN"},
		{"lead member on the freelancer's share", func() *testkit.Client { return e.as(w.lead.Members[0]) }, func() int { return w.fs.ID }, "FORBIDDEN"},
		{"partner member on the freelancer's share", func() *testkit.Client { return e.as(w.partner.Members[0]) }, func() int { return w.fs.ID }, "FORBIDDEN"},
		{"paused partner member", func() *testkit.Client { return e.as(w.pausedPartner) }, func() int { return w.ps.ID }, "FORBIDDEN"},

		{"freelancer on the partner's share", func() *testkit.Client { return e.as(w.freelancer) }, func() int { return w.ps.ID }, "NOT_FOUND"},
		{"another freelancer on the freelancer's share", func() *testkit.Client { return e.as(w.other) }, func() int { return w.fs.ID }, "NOT_FOUND"},
		{"candidate of the partner", func() *testkit.Client { return e.as(w.candidate) }, func() int { return w.ps.ID }, "NOT_FOUND"},
		{"outsider on the partner's share", func() *testkit.Client { return e.as(w.outsider.Members[0]) }, func() int { return w.ps.ID }, "NOT_FOUND"},
		{"outsider on the freelancer's share", func() *testkit.Client { return e.as(w.outsider.Members[0]) }, func() int { return w.fs.ID }, "NOT_FOUND"},
		{"anonymous", func() *testkit.Client { return e.c.Anonymous() }, func() int { return w.ps.ID }, "UNAUTHENTICATED"},
	}
	for _, tc := range cases {
		t.Run(tc.who, func(t *testing.T) {
			defer e.use(t)()
			c := tc.as()
			before := e.snap()
			res := btLog(c, tc.share(), btDay(-1), 90, "pairing")
			if tc.code != "" {
				testkit.OnlyError(t, res, tc.code, "")
				e.unchanged(before)
				return
			}
			var out struct {
				LogTime struct {
					TimeEntry btEntryJSON `json:"timeEntry"`
				} `json:"logTime"`
			}
			testkit.OK(t, res, &out)
			got := out.LogTime.TimeEntry
			author := testkit.DecodeID(t, got.PersonID)
			if got.ShareID != testkit.ID(tc.share()) || got.ProjectID != testkit.ID(w.p.ID) || got.Minutes != 90 ||
				!got.Date.Equal(btDay(-1)) || got.Note == nil || *got.Note != "pairing" {
				t.Errorf("logged %+v", got)
			}
			row := testkit.Must(e.ec.TimeEntry.Get(e.ctx, testkit.DecodeID(t, got.ID)))(t)
			if row.PersonID != author || !row.Date.Equal(btDay(-1)) {
				t.Errorf("row %+v", row)
			}
		})
	}
}

// TestBTLogTimeValidation: the day is not in the future (by the server's
// clock; any time of today is today), a day's minutes are 1 to 1 440, and
// a person's entries of one day — on all shares and projects — add up to
// at most 24 hours. Refusals are BAD_USER_INPUT naming the field and write
// nothing.
func TestBTLogTimeValidation(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	w := e.timeWorld()
	worker := w.partner.Members[0]
	c := e.as(worker)
	second := e.project(w.lead, 100_000, 0, project.StatusACTIVE)
	ps2 := e.shareFixture(second, w.partner, 40_000, 9_000)

	refuse := func(t *testing.T, share int, day time.Time, minutes int, field string) {
		t.Helper()
		before := e.snap()
		testkit.OnlyError(t, btLog(c, share, day, minutes, ""), "BAD_USER_INPUT", field)
		e.unchanged(before)
	}

	t.Run("future", func(t *testing.T) {
		defer e.use(t)()
		refuse(t, w.ps.ID, btDay(1), 60, "date")
		refuse(t, w.ps.ID, btDay(30), 60, "date")
		// Later today is still today; the entry is kept as the day.
		got := e.logOK(c, w.ps.ID, btToday.Add(23*time.Hour+30*time.Minute), 30)
		if !got.Date.Equal(btToday) {
			t.Errorf("date %s, want %s", got.Date, btToday)
		}
		// Tomorrow becomes loggable when tomorrow comes.
		e.clk.AdvanceDays(1)
		defer e.clk.Advance(-24 * time.Hour)
		got = e.logOK(c, w.ps.ID, btDay(1), 30)
		if !got.Date.Equal(btDay(1)) {
			t.Errorf("date %s, want %s", got.Date, btDay(1))
		}
	})
	t.Run("minutes", func(t *testing.T) {
		defer e.use(t)()
		for _, m := range []int{0, -30, 1441, 100_000} {
			refuse(t, w.ps.ID, btDay(-2), m, "minutes")
		}
		e.logOK(c, w.ps.ID, btDay(-3), 1)
		e.logOK(c, w.ps.ID, btDay(-4), 1440)
	})
	t.Run("24 hours per person and day", func(t *testing.T) {
		defer e.use(t)()
		day := btDay(-5)
		e.logOK(c, w.ps.ID, day, 600)
		e.logOK(c, ps2.ID, day, 600) // another project, same day
		refuse(t, w.ps.ID, day, 241, "minutes")
		refuse(t, ps2.ID, day, 241, "minutes")
		e.logOK(c, w.ps.ID, day, 240)
		refuse(t, ps2.ID, day, 1, "minutes")
		// Other people and other days are not affected.
		e.logOK(e.as(w.partner.Members[1]), w.ps.ID, day, 1440)
		e.logOK(c, w.ps.ID, day.AddDate(0, 0, -1), 1440)
	})
	t.Run("malformed date", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		res := c.Do(btLogQ, map[string]any{"in": map[string]any{"shareID": testkit.ID(w.ps.ID), "date": "yesterday", "minutes": 60}})
		testkit.OnlyError(t, res, "BAD_USER_INPUT", "")
		e.unchanged(before)
	})
}

// TestBTUpdateTimeEntry: only the author corrects an entry, under the same
// rules as logging it (the entry itself does not count against its day);
// refusals write nothing.
func TestBTUpdateTimeEntry(t *testing.T) {
	t.Parallel() // own database; the concurrency tests run alone before these
	e := btNewEnv(t)
	w := e.timeWorld()
	author := w.partner.Members[0]
	c := e.as(author)
	day := btDay(-2)
	entry := testkit.DecodeID(t, e.logOK(c, w.ps.ID, day, 1000).ID)
	e.logOK(c, w.ps.ID, day, 400) // 1 400 minutes that day

	update := func(t *testing.T, in map[string]any) btEntryJSON {
		t.Helper()
		var out struct {
			UpdateTimeEntry struct {
				TimeEntry btEntryJSON `json:"timeEntry"`
			} `json:"updateTimeEntry"`
		}
		testkit.OK(t, btUpdateEntry(c, entry, in), &out)
		return out.UpdateTimeEntry.TimeEntry
	}

	t.Run("who", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		in := map[string]any{"minutes": 10}
		testkit.OnlyError(t, btUpdateEntry(e.as(w.partner.Members[1]), entry, in), "FORBIDDEN", "")
		testkit.OnlyError(t, btUpdateEntry(e.as(w.lead.Members[0]), entry, in), "FORBIDDEN", "")
		testkit.OnlyError(t, btUpdateEntry(e.as(w.freelancer), entry, in), "NOT_FOUND", "")
		testkit.OnlyError(t, btUpdateEntry(e.as(w.outsider.Members[0]), entry, in), "NOT_FOUND", "")
		testkit.OnlyError(t, btUpdateEntry(e.c.Anonymous(), entry, in), "UNAUTHENTICATED", "")
		e.unchanged(before)
	})
	t.Run("note only", func(t *testing.T) {
		defer e.use(t)()
		got := update(t, map[string]any{"note": "reviewed"})
		if got.Minutes != 1000 || !got.Date.Equal(day) || got.Note == nil || *got.Note != "reviewed" {
			t.Errorf("updated %+v", got)
		}
	})
	t.Run("the entry does not count twice", func(t *testing.T) {
		defer e.use(t)()
		got := update(t, map[string]any{"minutes": 1040}) // 1 040 + 400 = 1 440
		if got.Minutes != 1040 {
			t.Errorf("updated %+v", got)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap()
		for _, tc := range []struct {
			in    map[string]any
			field string
		}{
			{map[string]any{"minutes": 1041}, "minutes"}, // 1 441 that day
			{map[string]any{"minutes": 0}, "minutes"},
			{map[string]any{"minutes": 1441}, "minutes"},
			{map[string]any{"date": btDay(1).Format(time.RFC3339)}, "date"},
			{map[string]any{"note": "x", "minutes": -1}, "minutes"},
		} {
			testkit.OnlyError(t, btUpdateEntry(c, entry, tc.in), "BAD_USER_INPUT", tc.field)
		}
		e.unchanged(before)
		// Moving to a full day.
		full := btDay(-3)
		e.entryFixture(w.ps, author, full, 1000)
		before = e.snap()
		testkit.OnlyError(t, btUpdateEntry(c, entry, map[string]any{"date": full.Format(time.RFC3339)}), "BAD_USER_INPUT", "minutes")
		e.unchanged(before)
	})
	t.Run("move to another day", func(t *testing.T) {
		defer e.use(t)()
		got := update(t, map[string]any{"date": btDay(-10).Format(time.RFC3339), "minutes": 300})
		if !got.Date.Equal(btDay(-10)) || got.Minutes != 300 {
			t.Errorf("updated %+v", got)
		}
	})
}
