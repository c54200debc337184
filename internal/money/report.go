package money

import (
	"errors"
	"fmt"
	"math/bits"
	"time"
)

// BurnWindowDays is the length of the window the burn rate is averaged over:
// the last 4 weeks ending today, i.e. the days (today − 28 days, today].
const BurnWindowDays = 28

// MaxForecastDays bounds the run-out forecast: a budget that at the current
// pace lasts longer than this (about 2,700 years) gets no forecast date.
const MaxForecastDays = 1_000_000

// ErrAsOfMismatch is returned by Sum for reports computed for different days.
var ErrAsOfMismatch = errors.New("reports are for different days")

// Entry is a time entry as the report needs it: the day worked and the
// minutes worked that day. Only the UTC calendar day of Date counts.
type Entry struct {
	Date    time.Time
	Minutes int
}

// Report is the budget report of one budget share, or (via Sum) of several
// shares, e.g. a whole project or everything a coop has in the pipeline.
// All amounts are minor units of the share's currency; the report itself
// carries no currency, the caller attaches it.
type Report struct {
	// Allocated is the budget of the share(s).
	Allocated int64
	// Spent is what the time worked costs: CostOfMinutes(MinutesTotal, rate),
	// rounded once per share. For a sum, the sum of the shares' Spent.
	Spent int64
	// Remaining is Allocated − Spent; negative when over budget.
	Remaining int64
	// MinutesTotal is all minutes worked, whatever the day.
	MinutesTotal int64
	// SpentLast4Weeks is the cost of the minutes worked in the burn window
	// (AsOf − 28 days, AsOf], rounded once per share.
	SpentLast4Weeks int64
	// BurnRatePerWeek is SpentLast4Weeks / 4 rounded half up: the average
	// spend per week over the last 4 weeks. For a sum, the sum of the
	// shares' burn rates, so that the figures add up as displayed.
	BurnRatePerWeek int64
	// RunsOutOn is the forecast day (UTC midnight) by the end of which the
	// remaining budget is used up at the exact pace of the last 4 weeks:
	// AsOf + ceil(Remaining / (SpentLast4Weeks / 28)) days. Nil when
	// nothing was spent in the last 4 weeks (no pace to forecast from), when
	// nothing remains (Remaining ≤ 0: at or over budget, see OverBudget),
	// or when the forecast is more than MaxForecastDays ahead.
	RunsOutOn *time.Time
	// OverBudget reports Spent > Allocated (spending exactly the allocation
	// is not over budget).
	OverBudget bool
	// AsOf is "today" of the report, truncated to the UTC day.
	AsOf time.Time
}

// Day truncates t to its calendar day in UTC (midnight UTC).
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ShareReport computes the budget report of one budget share with allocated
// minor units and an hourly rate of rate minor units, from its time entries,
// as of today.
//
// Every entry counts towards MinutesTotal and Spent. Entries on the days
// (today − 28 days, today] (UTC days; today included, the day exactly four
// weeks ago not) also count towards SpentLast4Weeks and the burn rate; an
// entry dated after today (which time-entry validation should prevent) is
// spent but not part of the pace. Costs are rounded once per sum of minutes
// (CostOfMinutes), never per entry.
//
// Errors: ErrNegative for a negative allocation, rate or entry; ErrOverflow
// when a sum leaves the int64 range.
func ShareReport(allocated, rate int64, entries []Entry, today time.Time) (Report, error) {
	if allocated < 0 {
		return Report{}, fmt.Errorf("allocated %d: %w", allocated, ErrNegative)
	}
	if rate < 0 {
		return Report{}, fmt.Errorf("hourly rate %d: %w", rate, ErrNegative)
	}
	asOf := Day(today)
	windowStart := asOf.AddDate(0, 0, -BurnWindowDays) // exclusive
	var minutes, windowMinutes int64
	for i, e := range entries {
		if e.Minutes < 0 {
			return Report{}, fmt.Errorf("time entry %d: minutes %d: %w", i, e.Minutes, ErrNegative)
		}
		var err error
		if minutes, err = AddCents(minutes, int64(e.Minutes)); err != nil {
			return Report{}, err
		}
		if d := Day(e.Date); d.After(windowStart) && !d.After(asOf) {
			windowMinutes += int64(e.Minutes) // ≤ minutes, cannot overflow
		}
	}
	spent, err := CostOfMinutes(minutes, rate)
	if err != nil {
		return Report{}, err
	}
	window, err := CostOfMinutes(windowMinutes, rate) // ≤ spent
	if err != nil {
		return Report{}, err
	}
	r := Report{
		Allocated:       allocated,
		Spent:           spent,
		MinutesTotal:    minutes,
		SpentLast4Weeks: window,
		AsOf:            asOf,
	}
	if r.BurnRatePerWeek, err = burnRatePerWeek(window); err != nil {
		return Report{}, err
	}
	if err := r.finish(); err != nil {
		return Report{}, err
	}
	return r, nil
}

// Sum adds up share reports into one report, e.g. the shares of a project
// or of a coop across projects. Allocated, Spent, MinutesTotal,
// SpentLast4Weeks and BurnRatePerWeek are summed; Remaining, OverBudget and
// RunsOutOn are recomputed from the sums (so a project can be within budget
// while one of its shares is over). All reports must be for the same day
// (ErrAsOfMismatch); a sum of no reports is the zero Report.
//
// Whether Allocated should be the project's total budget or the sum of its
// shares (plus the PM charge) is the caller's choice: Sum only adds.
func Sum(reports ...Report) (Report, error) {
	var s Report
	for i, r := range reports {
		if i == 0 {
			s.AsOf = r.AsOf
		} else if !r.AsOf.Equal(s.AsOf) {
			return Report{}, fmt.Errorf("%w: %s and %s", ErrAsOfMismatch,
				s.AsOf.Format(time.DateOnly), r.AsOf.Format(time.DateOnly))
		}
		for _, f := range []struct{ sum, add *int64 }{
			{&s.Allocated, &r.Allocated},
			{&s.Spent, &r.Spent},
			{&s.MinutesTotal, &r.MinutesTotal},
			{&s.SpentLast4Weeks, &r.SpentLast4Weeks},
			{&s.BurnRatePerWeek, &r.BurnRatePerWeek},
		} {
			v, err := AddCents(*f.sum, *f.add)
			if err != nil {
				return Report{}, err
			}
			*f.sum = v
		}
	}
	if err := s.finish(); err != nil {
		return Report{}, err
	}
	return s, nil
}

// finish derives Remaining, OverBudget and RunsOutOn from the other fields.
func (r *Report) finish() error {
	rem, err := SubCents(r.Allocated, r.Spent)
	if err != nil {
		return err
	}
	r.Remaining = rem
	r.OverBudget = r.Spent > r.Allocated
	r.RunsOutOn = forecast(r.AsOf, r.Remaining, r.SpentLast4Weeks)
	return nil
}

// burnRatePerWeek is the 4-week spend divided by 4, rounded half up.
func burnRatePerWeek(window int64) (int64, error) {
	return mulDivHalfUp(window, 1, BurnWindowDays/7)
}

// forecast returns asOf + ceil(remaining × 28 / window) days, or nil when
// there is nothing left, no pace, or the date is too far ahead.
func forecast(asOf time.Time, remaining, window int64) *time.Time {
	if remaining <= 0 || window <= 0 {
		return nil
	}
	hi, lo := bits.Mul64(uint64(remaining), BurnWindowDays)
	if hi >= uint64(window) {
		return nil // more than 2^64 days
	}
	days, rest := bits.Div64(hi, lo, uint64(window))
	if rest != 0 {
		days++ // runs out during that day
	}
	if days > MaxForecastDays {
		return nil
	}
	d := asOf.AddDate(0, 0, int(days))
	return &d
}
