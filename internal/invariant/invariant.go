// Package invariant holds the rules that are true of Cockpit's stored data,
// whichever operation writes it: a domain operation, a generic mutation, the
// demo seeder or a direct ent write with the system context. Each rule is
// stated once here and enforced where every write passes: an ent hook
// registered in the entity's ent/schema file (the code below), or a database
// constraint. Operations may check the same rule early, by calling the same
// function, for a friendlier error; the hook or constraint decides.
//
// | entity | invariant | enforced by | refusal | test |
// |---|---|---|---|---|
// | Project | shares + PM charge ≤ total budget | hooks ProjectHook (total, PM %) and BudgetShareHook (create, amount); operations call Fits/Carries first | CONFLICT with `remaining` / `committed` Money | budgets: TestInvariantBudgetTotal, TestInvariantBypass, TestRandomBudgetSequences |
// | Project | ends_on ≥ starts_on when both are set | CHECK project_dates_ordered, periodHook | BAD_USER_INPUT endsOn | existing project tests |
// | Project | its dates enclose every time entry logged on it | ProjectHook (starts_on, ends_on) | BAD_USER_INPUT startsOn / endsOn | TestInvariantProjectDatesKeepEntries, TestInvariantBypass |
// | Project | total ≥ 0, PM charge 0–100 % | field validators, CHECKs project_budget_non_negative, project_pm_charge_range | BAD_USER_INPUT | existing |
// | BudgetShare | exactly one holder (coop or person); amount, rate, planned minutes ≥ 0 | CHECKs share_holder_exactly_one, share_money_non_negative | BAD_USER_INPUT | existing |
// | BudgetShare | its amount is never lowered (nor its rate raised) below what was spent on it (minutes × rate) | BudgetShareHook | CONFLICT field amount, `spent` Money | TestInvariantShareNotBelowSpent, TestInvariantBypass |
// | Project | what was spent on it (Σ shares: minutes × rate, rounded once per share) ≤ money.MaxAmount, so no report leaves the MinorUnits range | TimeEntryHook, BudgetShareHook (rate raised) via spendWithinRange | BAD_USER_INPUT minutes / hourlyRate | budgets: TestIssue21NumbersInRange, TestRandomBudgetSequences |
// | BudgetShare | hourly rate ≤ money.MaxHourlyRate, amount ≤ money.MaxAmount (a project's total too) | BudgetShareHook, ProjectHook; operations check first | BAD_USER_INPUT hourlyRate / amount / totalBudget | budgets: TestIssue21NumbersInRange |
// | TimeEntry | minutes 1–1440 | field validator, CHECK time_entry_minutes_range | BAD_USER_INPUT minutes | TestInvariantBypass |
// | TimeEntry | date within its project's starts_on..ends_on (when set) | TimeEntryHook | BAD_USER_INPUT date | TestInvariantTimeEntryWithinProjectDates, TestInvariantBypass |
// | TimeEntry | billed on a share of its own project; a freelancer's share only by that freelancer | TimeEntryHook | BAD_USER_INPUT shareID | TestInvariantBypass |
// | TimeEntry | a person's entries of one day add up to ≤ 24 h | TimeEntryHook (person row lock) | BAD_USER_INPUT minutes | existing 24 h tests, TestInvariantBypass |
// | Proposal | at most one open (closed_at NULL) proposal per membership: one admission vote at a time | partial unique index proposals_open_per_membership | CONFLICT field membershipID | server: TestUpgradeAddsOneOpenProposalPerMembership (SQL and ent); the friendly check in governance.CreateProposal |
//
// Rules of operations, not of the data (they depend on who asks and when,
// and history written earlier legitimately breaks them later): time is
// logged on ACTIVE projects only, never in the future, by the share holder
// or a member of the holding coop (internal/budgets); a change above the
// threshold needs a BUDGET proposal. Time logged past a share's amount is
// allowed and reported as overBudget, so "spent ≤ amount" is not a state
// invariant: only lowering the amount below what was spent is refused.
//
// A BudgetShare has no dates of its own: its lifetime is its project's, so a
// time entry within the project's dates lies within its share's lifetime.
// (Its created_at is a wall-clock record of the row, not a domain date: work
// is often logged before the share is written down.)
//
// Concurrency: the hooks lock the project row (FOR NO KEY UPDATE on
// PostgreSQL, the same lock internal/budgets takes as budgetLock) before
// reading the shares or entries they sum, and time entries then lock the
// person row; SQLite runs one writing transaction at a time. Locks are taken
// in the order project, then person. The checks run before the write, so a
// write outside a transaction is refused as well; rows of one CreateBulk are
// checked against the stored rows, not against each other (only the demo
// seeder writes in bulk, and its test checks the result).
package invariant

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/hook"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/money"
)

// ---- budget: shares + PM charge ≤ total -----------------------------------

// Committed is what project p carries: all its shares plus its PM charge
// (of p's total and percent, which may be the values about to be written).
func Committed(ctx context.Context, c *ent.Client, p *ent.Project) (int64, error) {
	amounts, err := c.BudgetShare.Query().Where(budgetshare.ProjectID(p.ID)).
		Select(budgetshare.FieldAmountCents).Ints(authz.SystemRead(ctx))
	if err != nil {
		return 0, err
	}
	var shares int64
	for _, a := range amounts {
		if shares, err = money.AddCents(shares, int64(a)); err != nil {
			return 0, err
		}
	}
	return money.AddCents(shares, money.PercentOf(p.TotalBudgetCents, p.PmChargePercent))
}

// Fits refuses extra money on project p (CONFLICT with the remaining amount)
// when the shares and PM charge would then exceed the total.
func Fits(ctx context.Context, c *ent.Client, p *ent.Project, extra int64) error {
	used, err := Committed(ctx, c, p)
	if err != nil {
		return err
	}
	if remaining := p.TotalBudgetCents - used; extra > remaining {
		remaining = max(remaining, 0)
		return &apperr.Error{Code: apperr.Conflict,
			Message: fmt.Sprintf("the budget has %s left, %s asked", money.Format(remaining, p.Currency), money.Format(extra, p.Currency)),
			Extra:   map[string]any{"remaining": moneyExt(remaining, p.Currency)}}
	}
	return nil
}

// Carries refuses a total and PM charge (those of next) that no longer carry
// the project's shares (CONFLICT with the committed amount).
func Carries(ctx context.Context, c *ent.Client, next *ent.Project) error {
	used, err := Committed(ctx, c, next)
	if err != nil {
		return err
	}
	if used > next.TotalBudgetCents {
		return &apperr.Error{Code: apperr.Conflict, Field: "totalBudget",
			Message: fmt.Sprintf("shares and PM charge need %s; the total cannot be lower", money.Format(used, next.Currency)),
			Extra:   map[string]any{"committed": moneyExt(used, next.Currency)}}
	}
	return nil
}

func moneyExt(cents int64, currency string) map[string]any {
	return map[string]any{"amount": cents, "currency": currency}
}

// lockProject reads a project under its row lock (held until the
// transaction ends), with the system context: the hook runs after the
// write's own privacy rule allowed it.
func lockProject(ctx context.Context, c *ent.Client, id int) (*ent.Project, error) {
	return c.Project.Query().Where(project.ID(id)).Unique(false).Modify(domainop.LockRows).Only(authz.SystemRead(ctx))
}

// ---- a share is never lowered below what was spent on it ------------------

// Spent is what was spent on share s at hourly rate: all its minutes times
// the rate, rounded once.
func Spent(ctx context.Context, c *ent.Client, shareID int, rateCents int64) (minutes int64, spent int64, err error) {
	ms, err := c.TimeEntry.Query().Where(timeentry.ShareID(shareID)).
		Select(timeentry.FieldMinutes).Ints(authz.SystemRead(ctx))
	if err != nil {
		return 0, 0, err
	}
	for _, m := range ms {
		minutes += int64(m)
	}
	spent, err = money.CostOfMinutes(minutes, rateCents)
	return minutes, spent, err
}

// NotBelowSpent refuses to set share s to amount and rate when that leaves
// the amount below what was spent on it and the change makes it worse (a
// lower amount or a higher rate). Time logged past the amount stays
// allowed (it is reported as overBudget); raising the amount is always fine.
func NotBelowSpent(ctx context.Context, c *ent.Client, s *ent.BudgetShare, amount, rate int64) error {
	if amount >= s.AmountCents && rate <= s.HourlyRateCents {
		return nil
	}
	minutes, spent, err := Spent(ctx, c, s.ID, rate)
	if err != nil {
		return err
	}
	if amount < spent {
		return &apperr.Error{Code: apperr.Conflict, Field: "amount",
			Message: fmt.Sprintf("%s already worked on this share (%d minutes at %s an hour): its amount cannot be less than %s",
				money.Format(spent, s.Currency), minutes, money.Format(rate, s.Currency), money.Format(spent, s.Currency)),
			Extra: map[string]any{"spent": moneyExt(spent, s.Currency), "spentMinutes": minutes}}
	}
	return nil
}

// ---- hooks ----------------------------------------------------------------

// BudgetShareHook keeps, for every share written: its project's shares plus
// PM charge within the total, and its amount not below what was spent on it.
func BudgetShareHook() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.BudgetShareFunc(func(ctx context.Context, m *ent.BudgetShareMutation) (ent.Value, error) {
			if err := checkShares(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}

func checkShares(ctx context.Context, m *ent.BudgetShareMutation) error {
	c := m.Client()
	if rate, ok := m.HourlyRateCents(); ok && rate > money.MaxHourlyRate {
		return apperr.InvalidField("hourlyRate", "must be at most %d minor units an hour", int64(money.MaxHourlyRate))
	}
	if amount, ok := m.AmountCents(); ok && amount > money.MaxAmount {
		return apperr.InvalidField("amount", "must be at most %d minor units", int64(money.MaxAmount))
	}
	if m.Op().Is(ent.OpCreate) {
		projectID, ok := m.ProjectID()
		if !ok {
			return nil // the required edge's own error follows
		}
		amount, _ := m.AmountCents()
		p, err := lockProject(ctx, c, projectID)
		if err != nil {
			return err
		}
		return Fits(ctx, c, p, amount)
	}
	_, amountSet := m.AmountCents()
	_, amountAdded := m.AddedAmountCents()
	_, rateSet := m.HourlyRateCents()
	_, rateAdded := m.AddedHourlyRateCents()
	if !amountSet && !amountAdded && !rateSet && !rateAdded {
		return nil
	}
	shares, err := mutated(ctx, m, c)
	if err != nil {
		return err
	}
	delta := map[int]int64{} // project → more money its shares take
	locked := map[int]*ent.Project{}
	for _, s := range shares {
		if _, ok := locked[s.ProjectID]; !ok {
			if locked[s.ProjectID], err = lockProject(ctx, c, s.ProjectID); err != nil {
				return err
			}
		}
		amount, rate := newInt64(s.AmountCents, m.AmountCents, m.AddedAmountCents), newInt64(s.HourlyRateCents, m.HourlyRateCents, m.AddedHourlyRateCents)
		if err := NotBelowSpent(ctx, c, s, amount, rate); err != nil {
			return err
		}
		if rate > s.HourlyRateCents {
			if rate > money.MaxHourlyRate {
				return apperr.InvalidField("hourlyRate", "must be at most %d minor units an hour", int64(money.MaxHourlyRate))
			}
			if err := spendWithinRange(ctx, c, s.ProjectID, nil, nil, map[int]int64{s.ID: rate}, "hourlyRate"); err != nil {
				return err
			}
		}
		delta[s.ProjectID] += amount - s.AmountCents
	}
	for id, d := range delta {
		if d > 0 {
			if err := Fits(ctx, c, locked[id], d); err != nil {
				return err
			}
		}
	}
	return nil
}

// mutated loads the shares an update will change, as they are now.
func mutated(ctx context.Context, m *ent.BudgetShareMutation, c *ent.Client) ([]*ent.BudgetShare, error) {
	ids, err := m.IDs(authz.SystemRead(ctx))
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return c.BudgetShare.Query().Where(budgetshare.IDIn(ids...)).Order(ent.Asc(budgetshare.FieldID)).All(authz.SystemRead(ctx))
}

func newInt64(old int64, set, added func() (int64, bool)) int64 {
	if v, ok := set(); ok {
		return v
	}
	if v, ok := added(); ok {
		return old + v
	}
	return old
}

// ProjectHook keeps, for every project update: shares plus PM charge within
// the (new) total, and the (new) dates around every time entry of the
// project.
func ProjectHook() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ProjectFunc(func(ctx context.Context, m *ent.ProjectMutation) (ent.Value, error) {
			if err := checkProjects(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpUpdate|ent.OpUpdateOne)
}

func checkProjects(ctx context.Context, m *ent.ProjectMutation) error {
	_, totalSet := m.TotalBudgetCents()
	_, totalAdded := m.AddedTotalBudgetCents()
	_, pmSet := m.PmChargePercent()
	_, pmAdded := m.AddedPmChargePercent()
	_, startSet := m.StartsOn()
	_, endSet := m.EndsOn()
	budget := totalSet || totalAdded || pmSet || pmAdded
	dates := startSet || endSet || m.StartsOnCleared() || m.EndsOnCleared()
	if !budget && !dates {
		return nil
	}
	c := m.Client()
	ids, err := m.IDs(authz.SystemRead(ctx))
	if err != nil {
		return err
	}
	for _, id := range ids {
		p, err := lockProject(ctx, c, id)
		if err != nil {
			return err
		}
		next := *p
		if v, ok := m.TotalBudgetCents(); ok {
			next.TotalBudgetCents = v
		} else if v, ok := m.AddedTotalBudgetCents(); ok {
			next.TotalBudgetCents += v
		}
		if v, ok := m.PmChargePercent(); ok {
			next.PmChargePercent = v
		} else if v, ok := m.AddedPmChargePercent(); ok {
			next.PmChargePercent += v
		}
		if budget {
			if next.TotalBudgetCents > money.MaxAmount {
				return apperr.InvalidField("totalBudget", "must be at most %d minor units", int64(money.MaxAmount))
			}
			if err := money.ValidatePercent(next.PmChargePercent); err != nil {
				return apperr.InvalidField("pmChargePercent", "%v", err)
			}
			if err := Carries(ctx, c, &next); err != nil {
				return err
			}
		}
		if !dates {
			continue
		}
		if v, ok := m.StartsOn(); ok {
			next.StartsOn = &v
		} else if m.StartsOnCleared() {
			next.StartsOn = nil
		}
		if v, ok := m.EndsOn(); ok {
			next.EndsOn = &v
		} else if m.EndsOnCleared() {
			next.EndsOn = nil
		}
		if err := datesKeepEntries(ctx, c, &next); err != nil {
			return err
		}
	}
	return nil
}

// datesKeepEntries refuses project dates that leave a logged time entry outside.
func datesKeepEntries(ctx context.Context, c *ent.Client, p *ent.Project) error {
	sys := authz.SystemRead(ctx)
	q := c.TimeEntry.Query().Where(timeentry.ProjectID(p.ID))
	if p.StartsOn != nil {
		first, err := q.Clone().Where(timeentry.DateLT(Day(*p.StartsOn))).Order(ent.Asc(timeentry.FieldDate)).First(sys)
		if err != nil && !ent.IsNotFound(err) {
			return err
		}
		if first != nil {
			return apperr.InvalidField("startsOn", "time is logged on %s, before %s: the project cannot start later than its first time entry",
				dateOf(first.Date), dateOf(*p.StartsOn))
		}
	}
	if p.EndsOn != nil {
		last, err := q.Clone().Where(timeentry.DateGTE(Day(*p.EndsOn).AddDate(0, 0, 1))).Order(ent.Desc(timeentry.FieldDate)).First(sys)
		if err != nil && !ent.IsNotFound(err) {
			return err
		}
		if last != nil {
			return apperr.InvalidField("endsOn", "time is logged on %s, after %s: the project cannot end before its last time entry",
				dateOf(last.Date), dateOf(*p.EndsOn))
		}
	}
	return nil
}

// Day is the UTC day of t (time entries are stored as days).
func Day(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }

func dateOf(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// WithinProjectDates refuses a time entry's day outside project p's dates.
func WithinProjectDates(p *ent.Project, day time.Time) error {
	day = Day(day)
	if p.StartsOn != nil && day.Before(Day(*p.StartsOn)) {
		return apperr.InvalidField("date", "the project starts on %s; %s lies before it", dateOf(*p.StartsOn), dateOf(day))
	}
	if p.EndsOn != nil && day.After(Day(*p.EndsOn)) {
		return apperr.InvalidField("date", "the project ended on %s; %s lies after it", dateOf(*p.EndsOn), dateOf(day))
	}
	return nil
}

// entryState is a time entry as a write would leave it.
type entryState struct {
	id                           int // 0 when new
	projectID, shareID, personID int
	day                          time.Time
	minutes                      int
}

// TimeEntryHook keeps, for every time entry written: its share belongs to
// its project (and, for a freelancer's share, the entry to that freelancer),
// its day lies within the project's dates, and its person's entries of that
// day add up to at most 24 hours.
func TimeEntryHook() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.TimeEntryFunc(func(ctx context.Context, m *ent.TimeEntryMutation) (ent.Value, error) {
			if err := checkEntries(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}

func checkEntries(ctx context.Context, m *ent.TimeEntryMutation) error {
	c, sys := m.Client(), authz.SystemRead(ctx)
	var states []entryState
	if m.Op().Is(ent.OpCreate) {
		var s entryState
		var ok [5]bool
		s.projectID, ok[0] = m.ProjectID()
		s.shareID, ok[1] = m.ShareID()
		s.personID, ok[2] = m.PersonID()
		s.day, ok[3] = m.Date()
		s.minutes, ok[4] = m.Minutes()
		if ok != [5]bool{true, true, true, true, true} {
			return nil // the missing field's own error follows
		}
		s.day = Day(s.day)
		states = append(states, s)
	} else {
		_, dateSet := m.Date()
		_, minSet := m.Minutes()
		_, minAdded := m.AddedMinutes()
		if !dateSet && !minSet && !minAdded {
			return nil
		}
		ids, err := m.IDs(sys)
		if err != nil || len(ids) == 0 {
			return err
		}
		olds, err := c.TimeEntry.Query().Where(timeentry.IDIn(ids...)).Order(ent.Asc(timeentry.FieldID)).All(sys)
		if err != nil {
			return err
		}
		for _, e := range olds {
			s := entryState{id: e.ID, projectID: e.ProjectID, shareID: e.ShareID, personID: e.PersonID, day: Day(e.Date), minutes: e.Minutes}
			if v, ok := m.Date(); ok {
				s.day = Day(v)
			}
			if v, ok := m.Minutes(); ok {
				s.minutes = v
			} else if v, ok := m.AddedMinutes(); ok {
				s.minutes += v
			}
			states = append(states, s)
		}
	}
	projects := map[int]*ent.Project{}
	for _, s := range states {
		sh, err := c.BudgetShare.Get(sys, s.shareID)
		if err != nil {
			return err
		}
		if sh.ProjectID != s.projectID {
			return apperr.InvalidField("shareID", "the share belongs to another project")
		}
		if sh.PersonID != nil && *sh.PersonID != s.personID {
			return apperr.InvalidField("shareID", "a freelancer's share is billed by that freelancer only")
		}
		p, ok := projects[s.projectID]
		if !ok {
			if p, err = lockProject(ctx, c, s.projectID); err != nil {
				return err
			}
			projects[s.projectID] = p
		}
		if err := WithinProjectDates(p, s.day); err != nil {
			return err
		}
	}
	if err := withinDay(ctx, c, states); err != nil {
		return err
	}
	// What was spent on each project stays a MinorUnits amount (money.MaxAmount).
	type change struct {
		except []int
		add    map[int]int64
	}
	byProject := map[int]*change{}
	for _, s := range states {
		ch := byProject[s.projectID]
		if ch == nil {
			ch = &change{add: map[int]int64{}}
			byProject[s.projectID] = ch
		}
		if s.id != 0 {
			ch.except = append(ch.except, s.id)
		}
		ch.add[s.shareID] += int64(s.minutes)
	}
	for projectID, ch := range byProject {
		if err := spendWithinRange(ctx, c, projectID, ch.except, ch.add, nil, "minutes"); err != nil {
			return err
		}
	}
	return nil
}

// spendWithinRange refuses a write (naming field) after which what was spent
// on the project would exceed money.MaxAmount: per share, its minutes (but
// the entries except, plus add) × its rate (or the one in rates), rounded
// once, summed over the project's shares. The caller holds the project's
// row lock.
func spendWithinRange(ctx context.Context, c *ent.Client, projectID int, except []int, add, rates map[int]int64, field string) error {
	sys := authz.SystemRead(ctx)
	shares, err := c.BudgetShare.Query().Where(budgetshare.ProjectID(projectID)).
		Select(budgetshare.FieldHourlyRateCents, budgetshare.FieldCurrency).All(sys)
	if err != nil {
		return err
	}
	var sums []struct {
		ShareID int   `json:"share_id"`
		Sum     int64 `json:"sum"`
	}
	if err := c.TimeEntry.Query().Where(timeentry.ProjectID(projectID), timeentry.IDNotIn(except...)).
		GroupBy(timeentry.FieldShareID).Aggregate(ent.Sum(timeentry.FieldMinutes)).Scan(sys, &sums); err != nil {
		return err
	}
	minutes := make(map[int]int64, len(shares))
	for id, m := range add {
		minutes[id] += m
	}
	for _, s := range sums {
		minutes[s.ShareID] += s.Sum
	}
	var spent int64
	currency := ""
	for _, s := range shares {
		rate := s.HourlyRateCents
		if r, ok := rates[s.ID]; ok {
			rate = r
		}
		currency = s.Currency
		cost, err := money.CostOfMinutes(minutes[s.ID], rate)
		if err == nil {
			spent, err = money.AddCents(spent, cost)
		}
		if err != nil || spent > money.MaxAmount {
			return apperr.InvalidField(field, "this would bring what was spent on the project beyond %s, the largest amount Cockpit keeps",
				money.Format(money.MaxAmount, currency))
		}
	}
	return nil
}

// withinDay refuses entries that would put more than 24 hours on one
// person's day, under the person's row lock (after the project's).
func withinDay(ctx context.Context, c *ent.Client, states []entryState) error {
	sys := authz.SystemRead(ctx)
	type key struct {
		person int
		day    time.Time
	}
	adding := map[key]int{}
	var except []int
	var keys []key
	for _, s := range states {
		k := key{s.personID, s.day}
		if _, ok := adding[k]; !ok {
			keys = append(keys, k)
		}
		adding[k] += s.minutes
		if s.id != 0 {
			except = append(except, s.id)
		}
	}
	for _, k := range keys {
		if _, err := c.Person.Query().Where(person.ID(k.person)).Unique(false).Modify(domainop.LockRows).OnlyID(sys); err != nil {
			return err
		}
		logged, err := c.TimeEntry.Query().
			Where(timeentry.PersonID(k.person), timeentry.Date(k.day), timeentry.IDNotIn(except...)).
			Select(timeentry.FieldMinutes).Ints(sys)
		if err != nil {
			return err
		}
		sum := 0
		for _, m := range logged {
			sum += m
		}
		if sum+adding[k] > 24*60 {
			return apperr.InvalidField("minutes", "%s would hold more than 24 hours (already %d minutes)", dateOf(k.day), sum)
		}
	}
	return nil
}
