package money

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func dayPtr(s string) *time.Time { d := day(s); return &d }

func sameDay(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b) && a.Location() == time.UTC && b.Location() == time.UTC
}

func checkReport(t *testing.T, got, want Report) {
	t.Helper()
	if got.Allocated != want.Allocated || got.Spent != want.Spent || got.Remaining != want.Remaining ||
		got.MinutesTotal != want.MinutesTotal || got.SpentLast4Weeks != want.SpentLast4Weeks ||
		got.BurnRatePerWeek != want.BurnRatePerWeek || got.OverBudget != want.OverBudget ||
		!got.AsOf.Equal(want.AsOf) || !sameDay(got.RunsOutOn, want.RunsOutOn) {
		t.Fatalf("report\n got %+v (runs out %v)\nwant %+v (runs out %v)", got, got.RunsOutOn, want, want.RunsOutOn)
	}
}

// The hand-computed dataset: a share of 5,000.00 EUR at 90.00 EUR/h, today
// 2025-03-28. The burn window is (2025-02-28, 2025-03-28].
var (
	today  = time.Date(2025, 3, 29, 1, 0, 0, 0, time.FixedZone("CEST", 2*3600)) // 2025-03-28 23:00 UTC
	shareA = []Entry{
		{day("2025-01-10"), 600}, // old
		{day("2025-02-28"), 480}, // exactly 28 days ago: outside the window
		{day("2025-03-01"), 450}, // first day of the window
		{day("2025-03-15"), 300},
		{time.Date(2025, 3, 28, 22, 0, 0, 0, time.FixedZone("X", -5*3600)), 90}, // 2025-03-29 03:00 UTC: tomorrow
	}
	shareAEntries = append(shareA[:4:4], Entry{time.Date(2025, 3, 28, 23, 59, 0, 0, time.UTC), 90}) // today
)

func TestShareReport(t *testing.T) {
	// 1920 min = 32 h × 90.00 = 2,880.00 spent; window 450+300+90 = 840 min
	// = 14 h = 1,260.00 → 315.00/week, 45.00/day; 2,120.00 remaining last
	// ceil(2120/45 = 47.1) = 48 days → 2025-05-15.
	got, err := ShareReport(500000, 9000, shareAEntries, today)
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, got, Report{
		Allocated: 500000, Spent: 288000, Remaining: 212000, MinutesTotal: 1920,
		SpentLast4Weeks: 126000, BurnRatePerWeek: 31500,
		RunsOutOn: dayPtr("2025-05-15"), AsOf: day("2025-03-28"),
	})

	// The same work logged late in the evening of 2025-03-28 in New York is
	// 2025-03-29 in UTC: spent, but after today, so not part of the pace.
	got, err = ShareReport(500000, 9000, shareA, today)
	if err != nil {
		t.Fatal(err)
	}
	// window 750 min = 1,125.00 → 281.25/week → 28125; ceil(212000×28/112500 = 52.76) = 53 days.
	checkReport(t, got, Report{
		Allocated: 500000, Spent: 288000, Remaining: 212000, MinutesTotal: 1920,
		SpentLast4Weeks: 112500, BurnRatePerWeek: 28125,
		RunsOutOn: dayPtr("2025-05-20"), AsOf: day("2025-03-28"),
	})
}

func TestShareReportEdges(t *testing.T) {
	asOf := day("2025-03-28")
	for _, tc := range []struct {
		name      string
		allocated int64
		rate      int64
		entries   []Entry
		want      Report
		err       error
	}{
		{
			name: "no entries", allocated: 100000, rate: 9000,
			want: Report{Allocated: 100000, Remaining: 100000, AsOf: asOf},
		},
		{
			name: "no work in the window: no forecast", allocated: 100000, rate: 9000,
			entries: []Entry{{day("2025-02-01"), 60}},
			want:    Report{Allocated: 100000, Spent: 9000, Remaining: 91000, MinutesTotal: 60, AsOf: asOf},
		},
		{
			name: "over budget", allocated: 100000, rate: 12000,
			entries: []Entry{{day("2025-03-20"), 300}, {day("2025-03-21"), 300}},
			want: Report{Allocated: 100000, Spent: 120000, Remaining: -20000, MinutesTotal: 600,
				SpentLast4Weeks: 120000, BurnRatePerWeek: 30000, OverBudget: true, AsOf: asOf},
		},
		{
			name: "exactly at budget is not over, and has no forecast", allocated: 9000, rate: 9000,
			entries: []Entry{{day("2025-03-27"), 60}},
			want: Report{Allocated: 9000, Spent: 9000, MinutesTotal: 60,
				SpentLast4Weeks: 9000, BurnRatePerWeek: 2250, AsOf: asOf},
		},
		{
			// 3 × 1 min at 1.00/h: rounded once = 5 cents, not 3 × 2.
			name: "round once per sum of minutes", allocated: 100, rate: 100,
			entries: []Entry{{day("2025-03-26"), 1}, {day("2025-03-27"), 1}, {day("2025-03-28"), 1}},
			// burn 5/4 = 1.25 → 1; ceil(95 × 28 / 5 = 532) = 532 days
			want: Report{Allocated: 100, Spent: 5, Remaining: 95, MinutesTotal: 3,
				SpentLast4Weeks: 5, BurnRatePerWeek: 1, RunsOutOn: dayPtr("2026-09-11"), AsOf: asOf},
		},
		{
			// window 6 min at 1.00/h = 10 cents: 10/4 = 2.5 → 3 (half up); 28 × 90 / 10 = 252 days exactly
			name: "burn rate half up, forecast on an exact day", allocated: 100, rate: 100,
			entries: []Entry{{day("2025-03-10"), 6}},
			want: Report{Allocated: 100, Spent: 10, Remaining: 90, MinutesTotal: 6,
				SpentLast4Weeks: 10, BurnRatePerWeek: 3, RunsOutOn: dayPtr("2025-12-05"), AsOf: asOf},
		},
		{
			// 1 cent in 4 weeks: burn rate 0.25 → 0 per week, but the exact pace
			// still forecasts: 999 × 28 = 27972 days
			name: "tiny pace", allocated: 1000, rate: 60,
			entries: []Entry{{day("2025-03-28"), 1}},
			want: Report{Allocated: 1000, Spent: 1, Remaining: 999, MinutesTotal: 1,
				SpentLast4Weeks: 1, BurnRatePerWeek: 0, RunsOutOn: dayPtr("2101-10-28"), AsOf: asOf},
		},
		{
			name: "forecast too far ahead", allocated: math.MaxInt64, rate: 60,
			entries: []Entry{{day("2025-03-28"), 1}},
			want: Report{Allocated: math.MaxInt64, Spent: 1, Remaining: math.MaxInt64 - 1, MinutesTotal: 1,
				SpentLast4Weeks: 1, AsOf: asOf},
		},
		{
			name: "zero rate", allocated: 1000, rate: 0,
			entries: []Entry{{day("2025-03-28"), 600}},
			want:    Report{Allocated: 1000, Remaining: 1000, MinutesTotal: 600, AsOf: asOf},
		},
		{name: "negative minutes", allocated: 1000, rate: 100, entries: []Entry{{day("2025-03-28"), -1}}, err: ErrNegative},
		{name: "negative rate", allocated: 1000, rate: -1, err: ErrNegative},
		{name: "negative allocation", allocated: -1, rate: 1, err: ErrNegative},
		{name: "cost overflow", allocated: 1, rate: math.MaxInt64, entries: []Entry{{day("2025-03-28"), 61}}, err: ErrOverflow},
		{name: "minutes overflow", allocated: 1, rate: 1, entries: []Entry{{day("2025-03-28"), math.MaxInt}, {day("2025-03-28"), 1}}, err: ErrOverflow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ShareReport(tc.allocated, tc.rate, tc.entries, time.Date(2025, 3, 28, 12, 0, 0, 0, time.UTC))
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkReport(t, got, tc.want)
		})
	}
}

func TestSum(t *testing.T) {
	a, err := ShareReport(500000, 9000, shareAEntries, today)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ShareReport(100000, 12000, []Entry{{day("2025-03-20"), 300}, {day("2025-03-21"), 300}}, today)
	if err != nil {
		t.Fatal(err)
	}
	// Project: 6,000.00 allocated, 4,080.00 spent, 1,920.00 left; pace
	// 1,260.00 + 1,200.00 = 2,460.00 in 4 weeks; ceil(192000 × 28 / 246000
	// = 21.85) = 22 days → 2025-04-19. Share b is over budget, the project is not.
	got, err := Sum(a, b)
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, got, Report{
		Allocated: 600000, Spent: 408000, Remaining: 192000, MinutesTotal: 2520,
		SpentLast4Weeks: 246000, BurnRatePerWeek: 61500,
		RunsOutOn: dayPtr("2025-04-19"), AsOf: day("2025-03-28"),
	})
	if !b.OverBudget || got.OverBudget {
		t.Errorf("over budget: share %v, project %v", b.OverBudget, got.OverBudget)
	}

	// Burn rates add as displayed: 10 cents in 4 weeks is 3 a week (2.5
	// rounded up); two such shares show 3 + 3 = 6, although 20/4 would be 5.
	c, _ := ShareReport(100, 100, []Entry{{day("2025-03-10"), 6}}, today)
	if s, _ := Sum(c, c); s.BurnRatePerWeek != 2*c.BurnRatePerWeek || s.SpentLast4Weeks != 20 {
		t.Errorf("burn rates: %d, %d", s.BurnRatePerWeek, s.SpentLast4Weeks)
	}

	if s, err := Sum(a); err != nil || !sameDay(s.RunsOutOn, a.RunsOutOn) || s.Remaining != a.Remaining {
		t.Errorf("Sum(a) = %+v, %v", s, err)
	}
	if s, err := Sum(); err != nil || s.RunsOutOn != nil || s.Allocated != 0 || s.OverBudget {
		t.Errorf("Sum() = %+v, %v", s, err)
	}
	other, _ := ShareReport(1, 1, nil, today.AddDate(0, 0, 1))
	if _, err := Sum(a, other); !errors.Is(err, ErrAsOfMismatch) {
		t.Errorf("Sum across days: %v", err)
	}
	huge, _ := ShareReport(math.MaxInt64, 0, nil, today)
	if _, err := Sum(huge, a); !errors.Is(err, ErrOverflow) {
		t.Errorf("Sum overflow: %v", err)
	}
}

// TestReportRandom checks the report's invariants on random shares: the
// parts add up, the burn window is the last 28 UTC days, and the forecast
// is the first day by which the remaining budget is used up at that pace.
func TestReportRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 3000 {
		now := day("2024-01-01").Add(time.Duration(rng.Int64N(800*24)) * time.Hour)
		asOf := Day(now)
		rate := rng.Int64N(20000)
		allocated := rng.Int64N(5_000_000)
		entries := make([]Entry, rng.IntN(40))
		var minutes, window int64
		for i := range entries {
			d := asOf.AddDate(0, 0, -rng.IntN(60))
			entries[i] = Entry{d.Add(time.Duration(rng.Int64N(24*60)) * time.Minute), rng.IntN(12 * 60)}
			minutes += int64(entries[i].Minutes)
			if asOf.Sub(d) < 28*24*time.Hour {
				window += int64(entries[i].Minutes)
			}
		}
		r, err := ShareReport(allocated, rate, entries, now)
		if err != nil {
			t.Fatal(err)
		}
		spent, _ := CostOfMinutes(minutes, rate)
		win, _ := CostOfMinutes(window, rate)
		if r.MinutesTotal != minutes || r.Spent != spent || r.SpentLast4Weeks != win ||
			r.Remaining != allocated-spent || r.OverBudget != (spent > allocated) ||
			r.BurnRatePerWeek != PercentOf(win, 25) {
			t.Fatalf("report %+v; minutes %d, window %d", r, minutes, window)
		}
		if r.Remaining <= 0 || win == 0 {
			if r.RunsOutOn != nil {
				t.Fatalf("forecast %v with remaining %d, window %d", r.RunsOutOn, r.Remaining, win)
			}
			continue
		}
		if r.RunsOutOn == nil {
			if 28*r.Remaining <= MaxForecastDays*win {
				t.Fatalf("no forecast for remaining %d, window %d", r.Remaining, win)
			}
			continue
		}
		// Spending win/28 a day, the budget lasts until day n with
		// n × win ≥ 28 × remaining > (n−1) × win.
		n := (r.RunsOutOn.Unix() - asOf.Unix()) / 86400 // Sub saturates at 292 years
		if n*win < 28*r.Remaining || (n-1)*win >= 28*r.Remaining {
			t.Fatalf("remaining %d, window %d: runs out after %d days", r.Remaining, win, n)
		}
	}
}
