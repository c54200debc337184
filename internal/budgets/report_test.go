package budgets_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const (
	repReportSel = `report: budgetReport { allocatedCents: allocated { amount currency } spentCents: spent { amount currency }
		remainingCents: remaining { amount currency } minutesWorked spentLast4WeeksCents: spentLast4Weeks { amount currency }
		burnRatePerWeekCents: burnRatePerWeek { amount currency } currency: allocated { currency } runsOutOn overBudget }`
	repShareQ   = `query($id: ID!) { node(id: $id) { ... on BudgetShare { id ` + repShareSel + ` } } }`
	repShareSel = `report { allocatedCents: allocated { amount currency } spentCents: spent { amount currency }
		remainingCents: remaining { amount currency } minutesWorked spentLast4WeeksCents: spentLast4Weeks { amount currency }
		burnRatePerWeekCents: burnRatePerWeek { amount currency } currency: allocated { currency } runsOutOn overBudget }`
	repProjectQ  = `query($id: ID!) { node(id: $id) { ... on Project { id ` + repReportSel + ` } } }`
	repPipelineQ = `query($id: ID!) { node(id: $id) { ... on Coop { id pipeline { project { id status } lead ` + repShareSel + ` } } } }`
)

// repReport is a BudgetReport as the API returns it.
type repReport struct {
	Currency             btCurrency `json:"currency"`
	AllocatedCents       btMoney    `json:"allocatedCents"`
	SpentCents           btMoney    `json:"spentCents"`
	RemainingCents       btMoney    `json:"remainingCents"`
	MinutesWorked        int64      `json:"minutesWorked"`
	SpentLast4WeeksCents btMoney    `json:"spentLast4WeeksCents"`
	BurnRatePerWeekCents btMoney    `json:"burnRatePerWeekCents"`
	RunsOutOn            *time.Time `json:"runsOutOn"`
	OverBudget           bool       `json:"overBudget"`
}

// repWant builds an expected report in EUR; runsOutOn is nil or a day
// offset from btToday.
func repWant(alloc, spent, minutes, last4w, burn int64, runsOutIn *int) repReport {
	r := repReport{Currency: "EUR", AllocatedCents: btMoney(alloc), SpentCents: btMoney(spent), RemainingCents: btMoney(alloc - spent),
		MinutesWorked: minutes, SpentLast4WeeksCents: btMoney(last4w), BurnRatePerWeekCents: btMoney(burn), OverBudget: spent > alloc}
	if runsOutIn != nil {
		d := btDay(*runsOutIn)
		r.RunsOutOn = &d
	}
	return r
}

func repDays(n int) *int { return &n }

func repCheck(t *testing.T, what string, got, want repReport) {
	t.Helper()
	same := got.RunsOutOn == nil && want.RunsOutOn == nil ||
		got.RunsOutOn != nil && want.RunsOutOn != nil && got.RunsOutOn.Equal(*want.RunsOutOn)
	g, w := got, want
	g.RunsOutOn, w.RunsOutOn = nil, nil
	if g != w || !same {
		t.Errorf("%s:\n got %+v runsOutOn %s\nwant %+v runsOutOn %s", what, g, repDay(got.RunsOutOn), w, repDay(want.RunsOutOn))
	}
}

func repDay(d *time.Time) string {
	if d == nil {
		return "null"
	}
	return d.UTC().Format(time.RFC3339)
}

func (e *btEnv) repShare(c *testkit.Client, shareID int) repReport {
	e.t.Helper()
	var out struct {
		Node *struct {
			Report repReport `json:"report"`
		} `json:"node"`
	}
	testkit.OK(e.t, c.Do(repShareQ, map[string]any{"id": testkit.ID(shareID)}), &out)
	if out.Node == nil {
		e.t.Fatalf("share %d: node is null", shareID)
	}
	return out.Node.Report
}

func (e *btEnv) repProject(c *testkit.Client, projectID int) repReport {
	e.t.Helper()
	var out struct {
		Node *struct {
			Report repReport `json:"report"`
		} `json:"node"`
	}
	testkit.OK(e.t, c.Do(repProjectQ, map[string]any{"id": testkit.ID(projectID)}), &out)
	if out.Node == nil {
		e.t.Fatalf("project %d: node is null", projectID)
	}
	return out.Node.Report
}

type repLine struct {
	Project struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	} `json:"project"`
	Lead   bool      `json:"lead"`
	Report repReport `json:"report"`
}

// repPipeline returns the pipeline of coop as c sees it; nil node (coop
// not readable) reads as an empty pipeline.
func (e *btEnv) repPipeline(c *testkit.Client, coopID int) []repLine {
	e.t.Helper()
	res := c.Do(repPipelineQ, map[string]any{"id": testkit.ID(coopID)})
	var out struct {
		Node *struct {
			Pipeline []repLine `json:"pipeline"`
		} `json:"node"`
	}
	if len(res.Data) > 0 {
		if err := json.Unmarshal(res.Data, &out); err != nil {
			e.t.Fatalf("decoding %s: %v", res.Data, err)
		}
	}
	if out.Node == nil {
		if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" {
			e.t.Fatalf("coop %d: node null with errors %+v", coopID, res.Errors)
		}
		return nil
	}
	if len(res.Errors) > 0 {
		e.t.Fatalf("coop %d: errors %+v (data %s)", coopID, res.Errors, res.Data)
	}
	if out.Node.Pipeline == nil {
		e.t.Fatalf("coop %d: pipeline is null, want a list", coopID)
	}
	return out.Node.Pipeline
}

// repWorld: project P (ACTIVE, led by L) with shares of partner coop Q
// (500 000 at 9 000/h), of L (exactly used up) and of freelancer F (over
// budget, with per-entry rounding that differs from rounding once); Q leads
// P2 (PROPOSED, no shares) and P3 (ACTIVE, Q and L share), Q's COMPLETED
// P4 and CANCELLED P5 and L's P6 without Q stay out of Q's pipeline.
type repWorld struct {
	lead, partner, outsider *btCoop
	f, leftQ                *ent.Person
	p, p2, p3, p4, p5, p6   *ent.Project
	qs, ls, fs, q3, l3      *ent.BudgetShare
}

func (e *btEnv) repWorld() *repWorld {
	e.t.Helper()
	w := &repWorld{lead: e.coop(btRoomy, 1), partner: e.coop(0, 1), outsider: e.coop(0, 1),
		f: e.person("Freelancer F"), leftQ: e.person("Former member of Q")}
	e.join(w.leftQ, w.partner, membership.StateLEFT)
	qm, lm := w.partner.Members[0], w.lead.Members[0]

	w.p = e.project(w.lead, 1_000_000, 10, project.StatusACTIVE)
	w.qs = e.shareFixture(w.p, w.partner, 500_000, 9_000)
	e.entryFixture(w.qs, qm, btDay(-1), 480)
	e.entryFixture(w.qs, qm, btDay(-10), 300)
	e.entryFixture(w.qs, qm, btDay(-40), 600)
	w.ls = e.shareFixture(w.p, w.lead, 9_000, 9_000)
	e.entryFixture(w.ls, lm, btDay(-3), 60)
	w.fs = e.shareFixture(w.p, w.f, 20, 100)
	e.entryFixture(w.fs, w.f, btDay(-2), 7)
	e.entryFixture(w.fs, w.f, btDay(-5), 7)

	w.p2 = e.project(w.partner, 200_000, 0, project.StatusPROPOSED)
	w.p3 = e.project(w.partner, 300_000, 0, project.StatusACTIVE)
	w.q3 = e.shareFixture(w.p3, w.partner, 100_000, 12_000)
	e.entryFixture(w.q3, qm, btDay(-5), 90)
	w.l3 = e.shareFixture(w.p3, w.lead, 50_000, 9_000)
	e.entryFixture(w.l3, lm, btDay(-1), 600)
	w.p4 = e.project(w.partner, 100_000, 0, project.StatusACTIVE)
	e.entryFixture(e.shareFixture(w.p4, w.partner, 10_000, 9_000), qm, btDay(-20), 60)
	e.setStatus(w.p4, project.StatusCOMPLETED)
	w.p5 = e.project(w.lead, 100_000, 0, project.StatusACTIVE)
	e.shareFixture(w.p5, w.partner, 10_000, 9_000)
	e.setStatus(w.p5, project.StatusCANCELLED)
	w.p6 = e.project(w.lead, 100_000, 0, project.StatusPROPOSED)
	e.shareFixture(w.p6, w.f, 1_000, 9_000)
	return w
}

// Hand-computed expectations (today = btToday, window = days -27..0):
//
//	Q's share of P: 1 380 min × 9 000/h = 207 000 spent; window 780 min =
//	117 000, burn 29 250/week; 293 000 left at 117 000/28 days lasts
//	ceil(70.12) = 71 days.
//	L's share of P: 60 min = 9 000 = allocated: not over, nothing left, no date.
//	F's share of P: 14 min × 100/h = 23.33 → 23 (per entry it would be 12 + 12);
//	over 20, remaining −3; burn 23/4 = 5.75 → 6.
//	P as a whole: 509 020 allocated, 216 023 spent, 1 454 min, window 126 023,
//	burn 31 506, 292 997 left lasts ceil(65.1) = 66 days.
//	Q's share of P3: 90 min × 12 000/h = 18 000, burn 4 500, 82 000 left
//	lasts ceil(127.6) = 128 days.
var (
	repQS  = repWant(500_000, 207_000, 1_380, 117_000, 29_250, repDays(71))
	repLS  = repWant(9_000, 9_000, 60, 9_000, 2_250, nil)
	repFS  = repWant(20, 23, 14, 23, 6, nil)
	repP   = repWant(509_020, 216_023, 1_454, 126_023, 31_506, repDays(66))
	repQ3  = repWant(100_000, 18_000, 90, 18_000, 4_500, repDays(128))
	repL3  = repWant(50_000, 90_000, 600, 90_000, 22_500, nil)
	repNil = repWant(0, 0, 0, 0, 0, nil)
)

func TestRepShareAndProjectReports(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.repWorld()

	t.Run("share reports", func(t *testing.T) {
		defer e.use(t)()
		lc, qc, fc := e.as(w.lead.Members[0]), e.as(w.partner.Members[0]), e.as(w.f)
		for _, c := range []*testkit.Client{lc, qc} {
			repCheck(t, "Q's share", e.repShare(c, w.qs.ID), repQS)
			repCheck(t, "L's share (exactly used up)", e.repShare(c, w.ls.ID), repLS)
			repCheck(t, "F's share (over budget)", e.repShare(c, w.fs.ID), repFS)
		}
		repCheck(t, "F's own share as F", e.repShare(fc, w.fs.ID), repFS)
		repCheck(t, "L's share of P3 (over budget, as L)", e.repShare(lc, w.l3.ID), repL3)
		e.nodeHidden(fc, w.qs.ID, "Q's share as F")
	})

	t.Run("project report sums the readable shares", func(t *testing.T) {
		defer e.use(t)()
		repCheck(t, "P as lead member", e.repProject(e.as(w.lead.Members[0]), w.p.ID), repP)
		repCheck(t, "P as partner member", e.repProject(e.as(w.partner.Members[0]), w.p.ID), repP)
		repCheck(t, "P as freelancer F (own share only)", e.repProject(e.as(w.f), w.p.ID), repFS)
		repCheck(t, "P2 without shares", e.repProject(e.as(w.partner.Members[0]), w.p2.ID), repNil)
		e.nodeHidden(e.as(w.outsider.Members[0]), w.p.ID, "P as outsider")
	})

	t.Run("the window follows the clock", func(t *testing.T) {
		defer e.use(t)()
		e.clk.AdvanceDays(20)
		defer e.clk.AdvanceDays(-20)
		// Today is day 20: the entry of day -10 is now 30 days old and out of
		// the window; 480 min = 72 000, burn 18 000, 293 000 left lasts
		// ceil(113.9) = 114 days from day 20.
		repCheck(t, "Q's share 20 days later", e.repShare(e.as(w.partner.Members[0]), w.qs.ID),
			repWant(500_000, 207_000, 1_380, 72_000, 18_000, repDays(134)))
	})
}

func TestRepPipeline(t *testing.T) {
	t.Parallel()
	e := btNewEnv(t)
	w := e.repWorld()

	check := func(t *testing.T, got []repLine, want []repLine) {
		t.Helper()
		if len(got) != len(want) {
			var ids []string
			for _, l := range got {
				ids = append(ids, l.Project.ID+" "+l.Project.Status)
			}
			t.Fatalf("pipeline has %d projects %v, want %d", len(got), ids, len(want))
		}
		for i := range want {
			if got[i].Project.ID != want[i].Project.ID || got[i].Lead != want[i].Lead {
				t.Errorf("line %d: project %s lead %v, want %s lead %v", i, got[i].Project.ID, got[i].Lead, want[i].Project.ID, want[i].Lead)
			}
			repCheck(t, "line "+want[i].Project.ID, got[i].Report, want[i].Report)
		}
	}
	line := func(p *ent.Project, lead bool, r repReport) repLine {
		var l repLine
		l.Project.ID, l.Lead, l.Report = testkit.ID(p.ID), lead, r
		return l
	}

	t.Run("partner coop's member", func(t *testing.T) {
		defer e.use(t)()
		check(t, e.repPipeline(e.as(w.partner.Members[0]), w.partner.ID), []repLine{
			line(w.p, false, repQS), line(w.p2, true, repNil), line(w.p3, true, repQ3)})
	})
	t.Run("lead coop's member", func(t *testing.T) {
		defer e.use(t)()
		check(t, e.repPipeline(e.as(w.lead.Members[0]), w.lead.ID), []repLine{
			line(w.p, true, repLS), line(w.p3, false, repL3), line(w.p6, true, repNil)})
	})
	t.Run("paused member still sees it", func(t *testing.T) {
		defer e.use(t)()
		p := e.person("Paused member of Q")
		e.join(p, w.partner, membership.StatePAUSED)
		if got := e.repPipeline(e.as(p), w.partner.ID); len(got) != 3 {
			t.Errorf("paused member: %d projects, want 3", len(got))
		}
	})
	for name, who := range map[string]func() *ent.Person{
		"member of another coop sharing in its projects": func() *ent.Person { return w.lead.Members[0] },
		"outsider coop's member":                         func() *ent.Person { return w.outsider.Members[0] },
		"freelancer":                                     func() *ent.Person { return w.f },
		"former member":                                  func() *ent.Person { return w.leftQ },
	} {
		t.Run("empty for a "+name, func(t *testing.T) {
			defer e.use(t)()
			if got := e.repPipeline(e.as(who()), w.partner.ID); len(got) != 0 {
				t.Errorf("LEAK: %d pipeline lines: %+v", len(got), got)
			}
		})
	}
	t.Run("empty for anonymous", func(t *testing.T) {
		defer e.use(t)()
		if got := e.repPipeline(e.c, w.partner.ID); len(got) != 0 {
			t.Errorf("LEAK: %d pipeline lines: %+v", len(got), got)
		}
	})
}
