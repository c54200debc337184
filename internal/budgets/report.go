package budgets

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Report is a budget report with the currency it is in.
type Report struct {
	money.Report
	Currency string
}

// AllocatedMoney is Allocated in the report's currency (and so on below:
// the GraphQL BudgetReport shows every amount as Money).
func (r *Report) AllocatedMoney() money.Money { return r.m(r.Allocated) }

// SpentMoney is Spent as Money.
func (r *Report) SpentMoney() money.Money { return r.m(r.Spent) }

// RemainingMoney is Remaining as Money.
func (r *Report) RemainingMoney() money.Money { return r.m(r.Remaining) }

// SpentLast4WeeksMoney is SpentLast4Weeks as Money.
func (r *Report) SpentLast4WeeksMoney() money.Money { return r.m(r.SpentLast4Weeks) }

// BurnRatePerWeekMoney is BurnRatePerWeek as Money.
func (r *Report) BurnRatePerWeekMoney() money.Money { return r.m(r.BurnRatePerWeek) }

func (r *Report) m(cents int64) money.Money { return money.Money{Cents: cents, Currency: r.Currency} }

// reports computes the report of each share from its time entries, read
// with the viewer's rights, in one query for all shares.
func reports(ctx context.Context, c *ent.Client, shares []*ent.BudgetShare, now time.Time) (map[int]money.Report, error) {
	ids := make([]int, len(shares))
	for i, s := range shares {
		ids[i] = s.ID
	}
	entries, err := c.TimeEntry.Query().Where(timeentry.ShareIDIn(ids...)).
		Select(timeentry.FieldShareID, timeentry.FieldDate, timeentry.FieldMinutes).All(ctx)
	if err != nil {
		return nil, err
	}
	byShare := map[int][]money.Entry{}
	for _, e := range entries {
		byShare[e.ShareID] = append(byShare[e.ShareID], money.Entry{Date: e.Date, Minutes: e.Minutes})
	}
	out := make(map[int]money.Report, len(shares))
	for _, s := range shares {
		r, err := money.ShareReport(s.AmountCents, s.HourlyRateCents, byShare[s.ID], now)
		if err != nil {
			return nil, err
		}
		out[s.ID] = r
	}
	return out, nil
}

// ShareReport reports on one budget share: allocated, spent (hours × rate),
// remaining, burn rate over the last four weeks, the forecast date it runs
// out and whether it is over budget.
func (svc *Service) ShareReport(ctx context.Context, c *ent.Client, s *ent.BudgetShare) (*Report, error) {
	rs, err := reports(ctx, c, []*ent.BudgetShare{s}, svc.Env.Now())
	if err != nil {
		return nil, err
	}
	return &Report{Report: rs[s.ID], Currency: s.Currency}, nil
}

// ProjectReport sums the reports of the project's shares the viewer may
// read (a freelancer: their own share only).
func (svc *Service) ProjectReport(ctx context.Context, c *ent.Client, p *ent.Project) (*Report, error) {
	shares, err := c.BudgetShare.Query().Where(budgetshare.ProjectID(p.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	return sum(ctx, c, shares, p.Currency, svc.Env.Now())
}

func sum(ctx context.Context, c *ent.Client, shares []*ent.BudgetShare, currency string, now time.Time) (*Report, error) {
	rs, err := reports(ctx, c, shares, now)
	if err != nil {
		return nil, err
	}
	parts := make([]money.Report, 0, len(shares))
	for _, s := range shares {
		parts = append(parts, rs[s.ID])
	}
	return total(parts, currency, now)
}

// total adds share reports up; with none it is an empty report as of today.
func total(parts []money.Report, currency string, now time.Time) (*Report, error) {
	t, err := money.Sum(parts...)
	if err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		t.AsOf = money.Day(now)
	}
	return &Report{Report: t, Currency: currency}, nil
}

// PipelineLine is one open project in a coop's pipeline, with the coop's
// own part of it.
type PipelineLine struct {
	Project *ent.Project
	Lead    bool
	Report  *Report
}

// Pipeline is "what our coop has in the pipeline": every PROPOSED or ACTIVE
// project the coop leads or holds a share in, with the report of the coop's
// own shares. Only the coop's members see it; for others it is empty.
func (svc *Service) Pipeline(ctx context.Context, c *ent.Client, coopID int) ([]*PipelineLine, error) {
	if !viewer.FromContext(ctx).IsMember(coopID) {
		return nil, nil
	}
	projects, err := c.Project.Query().Where(
		project.StatusIn(project.StatusPROPOSED, project.StatusACTIVE),
		project.Or(project.LeadCoopID(coopID), project.HasBudgetSharesWith(budgetshare.CoopID(coopID))),
	).Order(ent.Asc(project.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int, len(projects))
	for i, p := range projects {
		ids[i] = p.ID
	}
	// The coop's shares of all these projects and their reports, in two
	// queries whatever the pipeline's length.
	shares, err := c.BudgetShare.Query().Where(budgetshare.ProjectIDIn(ids...), budgetshare.CoopID(coopID)).All(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := reports(ctx, c, shares, svc.Env.Now())
	if err != nil {
		return nil, err
	}
	byProject := map[int][]money.Report{}
	for _, sh := range shares {
		byProject[sh.ProjectID] = append(byProject[sh.ProjectID], rs[sh.ID])
	}
	lines := make([]*PipelineLine, 0, len(projects))
	for _, p := range projects {
		r, err := total(byProject[p.ID], p.Currency, svc.Env.Now())
		if err != nil {
			return nil, err
		}
		lines = append(lines, &PipelineLine{Project: p, Lead: p.LeadCoopID == coopID, Report: r})
	}
	return lines, nil
}
