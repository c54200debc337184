// Package budgets carries out the operations on federated project budgets
// (DESIGN.md, "Federated project budgets"): the project lifecycle, budget
// shares under the invariant "shares + PM charge ≤ total", the record of every
// change, and time tracking. Resolvers call these functions and nothing else.
package budgets

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/operation"
)

// lifecycle lists the statuses a project may move to from each status.
var lifecycle = map[project.Status][]project.Status{
	project.StatusPROPOSED: {project.StatusACTIVE, project.StatusCANCELLED},
	project.StatusACTIVE:   {project.StatusCOMPLETED, project.StatusCANCELLED},
}

// SetStatus moves a project along PROPOSED → ACTIVE → COMPLETED or CANCELLED.
func SetStatus(ctx context.Context, projectID int, to project.Status) (*ent.Project, error) {
	o, err := operation.Begin(ctx)
	if err != nil {
		return nil, err
	}
	p, err := o.C.Project.Get(o.Ctx, projectID)
	if err != nil {
		return nil, err
	}
	if !o.V.IsActiveMember(p.LeadCoopID) {
		return nil, operation.Forbidden("only members of the lead coop change the project's status")
	}
	allowed := lifecycle[p.Status]
	if !slices.Contains(allowed, to) {
		return nil, &apperr.Error{Code: apperr.InvalidTransition,
			Message: fmt.Sprintf("a %s project cannot become %s (allowed: %v)", p.Status, to, allowed),
			Extra:   map[string]any{"currentState": p.Status.String()}}
	}
	n, err := o.C.Project.Update().Where(project.ID(p.ID), project.StatusEQ(p.Status)).SetStatus(to).Save(o.Sys)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.New(apperr.Conflict, "the project changed meanwhile; reload it and try again")
	}
	return o.C.Project.Get(o.Ctx, p.ID)
}

// budgetLock loads a project for a budget change (first with the viewer's
// rights, then fresh under its row lock, held for the rest of the
// transaction), so concurrent changes of one budget are checked one after
// the other and none can overdraw it.
func budgetLock(o *operation.Op, projectID int) (*ent.Project, error) {
	p, err := o.C.Project.Get(o.Ctx, projectID)
	if err != nil {
		return nil, err
	}
	return o.C.Project.Query().Where(project.ID(p.ID)).Unique(false).Modify(operation.LockRows).Only(o.Sys)
}

// committed is what a project's budget already carries: all shares plus the
// PM charge.
func committed(o *operation.Op, p *ent.Project) (int64, error) {
	amounts, err := o.C.BudgetShare.Query().Where(budgetshare.ProjectID(p.ID)).
		Select(budgetshare.FieldAmountCents).Ints(o.Sys)
	if err != nil {
		return 0, err
	}
	var shares int64
	for _, a := range amounts {
		shares += int64(a)
	}
	return shares + money.PercentOf(p.TotalBudgetCents, p.PmChargePercent), nil
}

// NewShare is a share a lead-coop member gives to a partner coop or a freelancer.
type NewShare struct {
	ProjectID       int
	CoopID          *int
	PersonID        *int
	AmountCents     int64
	HourlyRateCents int64
	PlannedMinutes  int
	Currency        string // optional; must be the project currency
	Description     string
	Reason          string
}

// CreateShare adds a budget share. It keeps the invariant, also against
// concurrent writers (the loser gets CONFLICT with the remaining amount),
// and records the change. Changes above the lead coop's threshold need a
// BUDGET proposal.
func CreateShare(ctx context.Context, in NewShare) (*ent.BudgetShare, error) {
	o, err := operation.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if (in.CoopID == nil) == (in.PersonID == nil) {
		return nil, apperr.InvalidField("coopID", "a share goes to exactly one partner coop or freelancer person")
	}
	if in.AmountCents < 0 {
		return nil, apperr.InvalidField("amountCents", "must not be negative")
	}
	if in.HourlyRateCents < 0 {
		return nil, apperr.InvalidField("hourlyRateCents", "must not be negative")
	}
	if in.PlannedMinutes < 0 {
		return nil, apperr.InvalidField("plannedMinutes", "must not be negative")
	}
	p, err := budgetLock(o, in.ProjectID)
	if err != nil {
		return nil, err
	}
	if err := mayChangeBudget(o, p, in.AmountCents); err != nil {
		return nil, err
	}
	if in.Currency != "" && in.Currency != p.Currency {
		return nil, apperr.InvalidField("currency", "the project is budgeted in %s, not %s", p.Currency, in.Currency)
	}
	if in.CoopID != nil {
		if _, err := o.C.Coop.Get(o.Ctx, *in.CoopID); err != nil {
			return nil, &apperr.Error{Code: apperr.NotFound, Field: "coopID", Message: "coopID: not found"}
		}
	}
	if in.PersonID != nil {
		if _, err := o.C.Person.Get(o.Ctx, *in.PersonID); err != nil {
			return nil, &apperr.Error{Code: apperr.NotFound, Field: "personID", Message: "personID: not found"}
		}
	}
	if err := fits(o, p, in.AmountCents); err != nil {
		return nil, err
	}
	s, err := o.C.BudgetShare.Create().
		SetProjectID(p.ID).SetNillableCoopID(in.CoopID).SetNillablePersonID(in.PersonID).
		SetAmountCents(in.AmountCents).SetHourlyRateCents(in.HourlyRateCents).
		SetPlannedMinutes(in.PlannedMinutes).SetCurrency(p.Currency).SetDescription(in.Description).
		Save(o.Sys)
	if err != nil {
		return nil, err
	}
	if err := record(o, p, &s.ID, budgetchange.KindSHARE_CREATED, 0, in.AmountCents, in.Reason); err != nil {
		return nil, err
	}
	return o.C.BudgetShare.Get(o.Ctx, s.ID)
}

// ResizeShare changes a share's amount under the same rules. Reducing a
// partner coop's share needs that coop's consent, which Cockpit cannot
// record yet: only its own members may reduce it.
func ResizeShare(ctx context.Context, shareID int, amountCents int64, reason string) (*ent.BudgetShare, error) {
	o, err := operation.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if amountCents < 0 {
		return nil, apperr.InvalidField("amountCents", "must not be negative")
	}
	s, err := o.C.BudgetShare.Get(o.Ctx, shareID)
	if err != nil {
		return nil, err
	}
	p, err := budgetLock(o, s.ProjectID)
	if err != nil {
		return nil, err
	}
	if s, err = o.C.BudgetShare.Get(o.Sys, shareID); err != nil { // re-read under the lock
		return nil, err
	}
	delta := amountCents - s.AmountCents
	if err := mayChangeBudget(o, p, abs(delta)); err != nil {
		return nil, err
	}
	if delta < 0 && s.CoopID != nil && *s.CoopID != p.LeadCoopID && !o.V.IsActiveMember(*s.CoopID) {
		return nil, operation.Forbidden("reducing a partner coop's share needs that coop's consent: a member of the partner coop must make the change")
	}
	if delta > 0 {
		if err := fits(o, p, delta); err != nil {
			return nil, err
		}
	}
	if err := o.C.BudgetShare.UpdateOneID(s.ID).SetAmountCents(amountCents).Exec(o.Sys); err != nil {
		return nil, err
	}
	if err := record(o, p, &s.ID, budgetchange.KindSHARE_RESIZED, s.AmountCents, amountCents, reason); err != nil {
		return nil, err
	}
	return o.C.BudgetShare.Get(o.Ctx, s.ID)
}

// mayChangeBudget: lead-coop members change budgets directly up to the lead
// coop's threshold; larger changes need a passed BUDGET proposal, which is
// not connected yet, so they are refused with that reason. Closed projects
// take no new money.
func mayChangeBudget(o *operation.Op, p *ent.Project, change int64) error {
	if !o.V.IsActiveMember(p.LeadCoopID) {
		return operation.Forbidden("only members of the lead coop change the project's budget")
	}
	if p.Status == project.StatusCOMPLETED || p.Status == project.StatusCANCELLED {
		return &apperr.Error{Code: apperr.InvalidTransition, Message: fmt.Sprintf("the project is %s: its budget is closed", p.Status),
			Extra: map[string]any{"currentState": p.Status.String()}}
	}
	lead, err := o.C.Coop.Get(o.Sys, p.LeadCoopID)
	if err != nil {
		return err
	}
	if threshold := *lead.BudgetChangeThresholdCents; change > threshold {
		return operation.Forbidden("a change of %d exceeds the lead coop's threshold of %d (minor units of %s) and needs a passed BUDGET proposal",
			change, threshold, p.Currency)
	}
	return nil
}

// fits checks the invariant for additional money.
func fits(o *operation.Op, p *ent.Project, extra int64) error {
	used, err := committed(o, p)
	if err != nil {
		return err
	}
	if remaining := p.TotalBudgetCents - used; extra > remaining {
		return &apperr.Error{Code: apperr.Conflict,
			Message: fmt.Sprintf("the budget has %d (minor units of %s) left, %d asked", max(remaining, 0), p.Currency, extra),
			Extra:   map[string]any{"remainingCents": max(remaining, 0), "currency": p.Currency}}
	}
	return nil
}

func record(o *operation.Op, p *ent.Project, shareID *int, kind budgetchange.Kind, before, after int64, reason string) error {
	return o.C.BudgetChange.Create().
		SetProjectID(p.ID).SetNillableShareID(shareID).SetKind(kind).
		SetBeforeCents(before).SetAfterCents(after).SetCurrency(p.Currency).
		SetAt(o.Now).SetActorID(o.V.PersonID).SetReason(reason).Exec(o.Sys)
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// NewTimeEntry is time a person logs on a share they belong to.
type NewTimeEntry struct {
	ShareID int
	Date    time.Time
	Minutes int
	Note    string
}

// LogTime records the viewer's working time on a share: the viewer holds
// the share (freelancer) or is a member of the coop holding it; the project
// is ACTIVE; the day is not in the future; a day has at most 24 hours.
func LogTime(ctx context.Context, in NewTimeEntry) (*ent.TimeEntry, error) {
	o, err := operation.Begin(ctx)
	if err != nil {
		return nil, err
	}
	s, err := o.C.BudgetShare.Get(o.Ctx, in.ShareID)
	if err != nil {
		return nil, err
	}
	belongs := (s.PersonID != nil && *s.PersonID == o.V.PersonID) || (s.CoopID != nil && o.V.IsActiveMember(*s.CoopID))
	if !belongs {
		return nil, operation.Forbidden("time is logged by the freelancer holding the share or by members of the coop holding it")
	}
	p, err := o.C.Project.Get(o.Sys, s.ProjectID)
	if err != nil {
		return nil, err
	}
	day := in.Date.UTC().Truncate(24 * time.Hour)
	if err := validEntry(o, p, day, in.Minutes, 0); err != nil {
		return nil, err
	}
	e, err := o.C.TimeEntry.Create().
		SetProjectID(p.ID).SetShareID(s.ID).SetPersonID(o.V.PersonID).
		SetDate(day).SetMinutes(in.Minutes).SetNote(in.Note).Save(o.Sys)
	if err != nil {
		return nil, err
	}
	return o.C.TimeEntry.Get(o.Ctx, e.ID)
}

// UpdateTimeEntry lets the author correct an entry while the project is ACTIVE.
func UpdateTimeEntry(ctx context.Context, entryID int, date *time.Time, minutes *int, note *string) (*ent.TimeEntry, error) {
	o, err := operation.Begin(ctx)
	if err != nil {
		return nil, err
	}
	e, err := o.C.TimeEntry.Get(o.Ctx, entryID)
	if err != nil {
		return nil, err
	}
	if e.PersonID != o.V.PersonID {
		return nil, operation.Forbidden("only the author edits a time entry")
	}
	p, err := o.C.Project.Get(o.Sys, e.ProjectID)
	if err != nil {
		return nil, err
	}
	day, mins := e.Date, e.Minutes
	if date != nil {
		day = date.UTC().Truncate(24 * time.Hour)
	}
	if minutes != nil {
		mins = *minutes
	}
	if err := validEntry(o, p, day, mins, e.ID); err != nil {
		return nil, err
	}
	u := o.C.TimeEntry.UpdateOneID(e.ID).SetDate(day).SetMinutes(mins)
	if note != nil {
		u.SetNote(*note)
	}
	if err := u.Exec(o.Sys); err != nil {
		return nil, err
	}
	return o.C.TimeEntry.Get(o.Ctx, e.ID)
}

func validEntry(o *operation.Op, p *ent.Project, day time.Time, minutes, exceptID int) error {
	if p.Status != project.StatusACTIVE {
		return &apperr.Error{Code: apperr.InvalidTransition, Message: fmt.Sprintf("time is logged on ACTIVE projects only; this one is %s", p.Status),
			Extra: map[string]any{"currentState": p.Status.String()}}
	}
	if minutes < 1 || minutes > 24*60 {
		return apperr.InvalidField("minutes", "must be between 1 and 1440 (24 hours)")
	}
	if day.After(o.Now) {
		return apperr.InvalidField("date", "must not lie in the future")
	}
	if err := personLock(o); err != nil {
		return err
	}
	logged, err := o.C.TimeEntry.Query().
		Where(timeentry.PersonID(o.V.PersonID), timeentry.Date(day), timeentry.IDNEQ(exceptID)).
		Select(timeentry.FieldMinutes).Ints(o.Sys)
	if err != nil {
		return err
	}
	sum := 0
	for _, m := range logged {
		sum += m
	}
	if sum+minutes > 24*60 {
		return apperr.InvalidField("minutes", "%s would hold more than 24 hours (already %d minutes)", day.Format(time.DateOnly), sum)
	}
	return nil
}

// ChangeTotal changes a project's total budget and PM charge. The new total
// must still carry every share plus the new PM charge; the change counts
// against the lead coop's threshold like any other and is recorded.
func ChangeTotal(ctx context.Context, projectID int, totalCents int64, pmChargePercent *int, reason string) (*ent.Project, error) {
	o, err := operation.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if totalCents < 0 {
		return nil, apperr.InvalidField("totalBudgetCents", "must not be negative")
	}
	if pmChargePercent != nil && (*pmChargePercent < 0 || *pmChargePercent > 100) {
		return nil, apperr.InvalidField("pmChargePercent", "must be between 0 and 100")
	}
	p, err := budgetLock(o, projectID)
	if err != nil {
		return nil, err
	}
	if err := mayChangeBudget(o, p, abs(totalCents-p.TotalBudgetCents)); err != nil {
		return nil, err
	}
	next := *p
	next.TotalBudgetCents = totalCents
	if pmChargePercent != nil {
		next.PmChargePercent = *pmChargePercent
	}
	used, err := committed(o, &next)
	if err != nil {
		return nil, err
	}
	if used > totalCents {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "totalBudgetCents",
			Message: fmt.Sprintf("shares and PM charge need %d (minor units of %s); the total cannot be lower", used, p.Currency),
			Extra:   map[string]any{"committedCents": used, "currency": p.Currency}}
	}
	if err := o.C.Project.UpdateOneID(p.ID).SetTotalBudgetCents(totalCents).SetPmChargePercent(next.PmChargePercent).Exec(o.Sys); err != nil {
		return nil, err
	}
	if err := record(o, p, nil, budgetchange.KindTOTAL_CHANGED, p.TotalBudgetCents, totalCents, reason); err != nil {
		return nil, err
	}
	return o.C.Project.Get(o.Ctx, p.ID)
}

// personLock holds the viewer's person row for the rest of the transaction,
// so that concurrent time entries of one person are checked against the 24
// hours of a day one after the other.
func personLock(o *operation.Op) error {
	_, err := o.C.Person.Query().Where(person.ID(o.V.PersonID)).Unique(false).Modify(operation.LockRows).OnlyID(o.Sys)
	return err
}
