package budgets

import (
	"context"
	"errors"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// SurplusPlan is how a coop's surplus of a fiscal year splits: the
// distributed part goes to members in proportion to the minutes they worked
// for the coop that year (largest-remainder rounding, exact to the cent),
// the rest is retained.
type SurplusPlan struct {
	Coop                            *ent.Coop
	FiscalYear                      int
	Currency                        string
	SurplusCents                    int64
	DistributedPercent              int
	DistributedCents, RetainedCents int64
	Parts                           []*SurplusPlanPart
}

// SurplusPlanPart is one member's part and its basis.
type SurplusPlanPart struct {
	Person      *ent.Person
	Minutes     int64
	AmountCents int64
	Currency    string
}

// Surplus is the year's surplus.
func (p *SurplusPlan) Surplus() money.Money {
	return money.Money{Cents: p.SurplusCents, Currency: p.Currency}
}

// Distributed is the part paid out to members.
func (p *SurplusPlan) Distributed() money.Money {
	return money.Money{Cents: p.DistributedCents, Currency: p.Currency}
}

// Retained is the part the coop keeps.
func (p *SurplusPlan) Retained() money.Money {
	return money.Money{Cents: p.RetainedCents, Currency: p.Currency}
}

// Amount is the member's part.
func (p *SurplusPlanPart) Amount() money.Money {
	return money.Money{Cents: p.AmountCents, Currency: p.Currency}
}

// PlanSurplus computes a distribution without recording it. percent
// defaults to the bylaws' surplus share. Members of the coop only.
func (svc *Service) PlanSurplus(ctx context.Context, c *ent.Client, coopID, year int, surplus money.Money, percent *int) (*SurplusPlan, error) {
	coop, err := c.Coop.Get(ctx, coopID)
	if err != nil {
		return nil, err
	}
	if !viewer.FromContext(ctx).IsMember(coopID) {
		return nil, domainop.Forbidden("only members of the coop see its surplus")
	}
	if surplus.Currency != coop.Currency {
		return nil, apperr.InvalidField("surplus", "the coop keeps its books in %s, not %s", coop.Currency, surplus.Currency)
	}
	surplusCents := surplus.Cents
	if year < 1900 || year > 9999 {
		return nil, apperr.InvalidField("fiscalYear", "must be a year such as 2026")
	}
	if surplusCents < 0 {
		return nil, apperr.InvalidField("surplus", "a loss is not distributed")
	}
	pct := *coop.SurplusSharePercent
	if percent != nil {
		pct = *percent
	}
	if money.ValidatePercent(pct) != nil {
		return nil, apperr.InvalidField("distributedPercent", "must be between 0 and 100")
	}
	sys := authz.SystemRead(ctx)
	members, err := c.Membership.Query().Where(membership.CoopID(coopID),
		membership.StateIn(membership.StateMEMBER, membership.StatePAUSED)).
		Order(ent.Asc(membership.FieldPersonID)).All(sys)
	if err != nil {
		return nil, err
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	entries, err := c.TimeEntry.Query().Where(
		timeentry.DateGTE(from), timeentry.DateLT(from.AddDate(1, 0, 0)),
		timeentry.HasShareWith(budgetshare.CoopID(coopID)),
	).Select(timeentry.FieldPersonID, timeentry.FieldMinutes).All(sys)
	if err != nil {
		return nil, err
	}
	worked := map[int]int64{}
	for _, e := range entries {
		worked[e.PersonID] += int64(e.Minutes)
	}
	basis := make([]int64, len(members))
	for i, m := range members {
		basis[i] = worked[m.PersonID]
	}
	parts, distributed, retained, err := money.Distribute(surplusCents, pct, basis)
	if errors.Is(err, money.ErrNoBasis) {
		return nil, apperr.InvalidField("fiscalYear", "no member worked for the coop in %d: there is no basis to distribute on", year)
	}
	if err != nil {
		return nil, err
	}
	plan := &SurplusPlan{Coop: coop, FiscalYear: year, Currency: coop.Currency, SurplusCents: surplusCents,
		DistributedPercent: pct, DistributedCents: distributed, RetainedCents: retained}
	// Persons are read with the viewer's rights (private fields stay private).
	ids := make([]int, len(members))
	for i, m := range members {
		ids[i] = m.PersonID
	}
	persons, err := c.Person.Query().Where(person.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int]*ent.Person{}
	for _, p := range persons {
		byID[p.ID] = p
	}
	for i, m := range members {
		if byID[m.PersonID] == nil {
			return nil, errors.New("budgets: a member of the coop is not readable by a fellow member")
		}
		plan.Parts = append(plan.Parts, &SurplusPlanPart{Person: byID[m.PersonID], Minutes: basis[i], AmountCents: parts[i], Currency: coop.Currency})
	}
	return plan, nil
}

// RecordSurplus records a coop's distribution of a fiscal year, once:
// recorded distributions are immutable, a second one for the year is CONFLICT.
func (svc *Service) RecordSurplus(ctx context.Context, coopID, year int, surplus money.Money, percent *int) (*ent.SurplusDistribution, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	plan, err := svc.PlanSurplus(o.Ctx, o.C, coopID, year, surplus, percent)
	if err != nil {
		return nil, err
	}
	if err := authz.CanRecordSurplus(o.V, coopID); err != nil {
		return nil, err
	}
	d, err := o.C.SurplusDistribution.Create().
		SetCoopID(coopID).SetFiscalYear(year).SetSurplusCents(plan.SurplusCents).
		SetDistributedPercent(plan.DistributedPercent).SetDistributedCents(plan.DistributedCents).
		SetRetainedCents(plan.RetainedCents).SetCurrency(plan.Currency).
		SetRecordedAt(o.Now).SetRecordedByID(o.V.PersonID).Save(o.As(authz.RecordSurplus))
	if ent.IsConstraintError(err) {
		return nil, apperr.New(apperr.Conflict, "the surplus of %d is already distributed", year)
	}
	if err != nil {
		return nil, err
	}
	bulk := make([]*ent.SurplusPartCreate, 0, len(plan.Parts))
	for _, p := range plan.Parts {
		bulk = append(bulk, o.C.SurplusPart.Create().SetDistributionID(d.ID).SetPersonID(p.Person.ID).
			SetMinutes(p.Minutes).SetAmountCents(p.AmountCents).SetCurrency(plan.Currency))
	}
	if err := o.C.SurplusPart.CreateBulk(bulk...).Exec(o.As(authz.RecordSurplus)); err != nil {
		return nil, err
	}
	return o.C.SurplusDistribution.Get(o.Ctx, d.ID)
}
