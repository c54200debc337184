package demo_test

import (
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/ledger"
)

// TestOptionsShift: the calendar moves by whole weeks, rounded down, so the
// shifted reference date is in the week up to the anchor, on its weekday.
func TestOptionsShift(t *testing.T) {
	for _, tc := range []struct {
		anchor string
		want   string // shifted reference date
	}{
		{"", "2026-11-01"},
		{"2026-11-01", "2026-11-01"},
		{"2026-11-07", "2026-11-01"},
		{"2026-11-08", "2026-11-08"},
		{"2026-12-07", "2026-12-06"},
		{"2026-10-31", "2026-10-25"},
		{"2026-10-25", "2026-10-25"},
		{"2028-02-29", "2028-02-27"},
	} {
		var opt demo.Options
		if tc.anchor != "" {
			opt.Anchor, _ = time.Parse(time.DateOnly, tc.anchor)
		}
		got := opt.ReferenceDate()
		if got.Format(time.DateOnly) != tc.want || got.Weekday() != demo.ReferenceDate.Weekday() {
			t.Errorf("anchor %q: reference date %s (%s), want %s", tc.anchor, got.Format(time.DateOnly), got.Weekday(), tc.want)
		}
	}
}

// TestSeedAnchoredAnyDay seeds the demo anchored at several days (today,
// month and year ends, a leap day) with the clock standing at the anchor,
// as cockpit serve --demo does: the seed keeps its rules and invariants
// (Seed checks them before writing), nothing lies in the future, open
// proposals are open, the books balance, and the demo project's burn rate
// is not 0: Stadtteilnetz has time logged in the four weeks before the anchor.
func TestSeedAnchoredAnyDay(t *testing.T) {
	anchors := []time.Time{time.Now().UTC().Truncate(24 * time.Hour)}
	for _, s := range []string{"2026-12-07", "2027-02-28", "2027-12-31", "2028-02-29"} {
		if a, _ := time.Parse(time.DateOnly, s); !a.Equal(anchors[0]) {
			anchors = append(anchors, a)
		}
	}
	for _, anchor := range anchors {
		t.Run(anchor.Format(time.DateOnly), func(t *testing.T) {
			now := anchor.Add(15 * time.Hour)
			ctx := clock.NewContext(systemCtx(), clock.NewFake(now))
			c := newClient(t, "")
			opt := demo.Options{Anchor: anchor}
			if err := demo.SeedWith(ctx, c, opt); err != nil {
				t.Fatalf("seed anchored at %s: %v", anchor.Format(time.DateOnly), err)
			}
			ref := opt.ReferenceDate()
			if ref.After(anchor) || !ref.After(anchor.AddDate(0, 0, -7)) {
				t.Fatalf("reference date %s not in the week up to %s", ref, anchor)
			}
			if n := c.TimeEntry.Query().Where(timeentry.DateGTE(ref)).CountX(ctx); n != 0 {
				t.Errorf("%d time entries on or after the reference date %s", n, ref.Format(time.DateOnly))
			}
			if n := c.PathwayEvent.Query().Where(pathwayevent.AtGTE(ref)).CountX(ctx); n != 0 {
				t.Errorf("%d pathway events on or after the reference date", n)
			}
			for _, e := range c.TimeEntry.Query().WithProject().AllX(ctx) {
				if wd := e.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
					t.Fatalf("time entry on a %s: %s", wd, e.Date)
				}
				if pr := e.Edges.Project; pr.StartsOn == nil || pr.EndsOn == nil || e.Date.Before(*pr.StartsOn) || e.Date.After(*pr.EndsOn) {
					t.Fatalf("time entry %s outside its project %v..%v", e.Date, pr.StartsOn, pr.EndsOn)
				}
			}
			for _, p := range c.Proposal.Query().AllX(ctx) {
				if open := p.Status == proposal.StatusOPEN; open != p.ClosesAt.After(now) || open != (p.ClosedAt == nil) {
					t.Errorf("proposal %q (%s) closes %s, closed %v, now %s", p.Title, p.Status, p.ClosesAt, p.ClosedAt, now)
				}
				if p.OpenedAt.After(ref) {
					t.Errorf("proposal %q opened %s, after the reference date", p.Title, p.OpenedAt)
				}
			}
			st := c.Project.Query().Where(project.Name("Stadtteilnetz")).OnlyX(ctx)
			recent := c.TimeEntry.Query().Where(timeentry.ProjectID(st.ID), timeentry.DateGTE(anchor.AddDate(0, 0, -28))).CountX(ctx)
			if recent == 0 {
				t.Errorf("Stadtteilnetz: no time in the four weeks before %s (burn rate 0)", anchor.Format(time.DateOnly))
			}
			for _, co := range c.Coop.Query().AllX(ctx) {
				tb, err := ledger.ComputeTrialBalance(ctx, c, co.ID, "EUR", anchor.AddDate(1, 0, 0))
				if err != nil {
					t.Fatal(err)
				}
				if !tb.Balanced() {
					t.Errorf("%s: books not balanced: debits %d, credits %d", co.Name, tb.Debits.Cents, tb.Credits.Cents)
				}
			}
		})
	}
}
