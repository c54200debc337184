// Package budgets carries out the operations on federated project budgets
// (DESIGN.md, "Federated project budgets"): the project lifecycle, budget
// shares under the invariant "shares + PM charge ≤ total", the record of every
// change, and time tracking. Resolvers call these functions and nothing else.
package budgets

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/invariant"
	"github.com/coopnetwork/cockpit/internal/money"
)

// lifecycle lists the statuses a project may move to from each status.
var lifecycle = map[project.Status][]project.Status{
	project.StatusPROPOSED: {project.StatusACTIVE, project.StatusCANCELLED},
	project.StatusACTIVE:   {project.StatusCOMPLETED, project.StatusCANCELLED},
}

// SetStatus moves a project along PROPOSED → ACTIVE → COMPLETED or CANCELLED.
func (svc *Service) SetStatus(ctx context.Context, projectID int, to project.Status) (*ent.Project, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	p, err := o.C.Project.Get(o.Ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanSetProjectStatus(o.V, p.LeadCoopID); err != nil {
		return nil, err
	}
	allowed := lifecycle[p.Status]
	if !slices.Contains(allowed, to) {
		return nil, &apperr.Error{Code: apperr.InvalidTransition,
			Message: fmt.Sprintf("a %s project cannot become %s (allowed: %v)", p.Status, to, allowed),
			Extra:   map[string]any{"currentState": p.Status.String(), "allowedTransitions": statusNames(allowed)}}
	}
	n, err := o.C.Project.Update().Where(project.ID(p.ID), project.StatusEQ(p.Status)).SetStatus(to).Save(o.As(authz.SetProjectStatus))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.New(apperr.Conflict, "the project changed meanwhile; reload it and try again")
	}
	return o.C.Project.Get(o.Ctx, p.ID)
}

func statusNames(ss []project.Status) []string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.String()
	}
	return names
}

// budgetLock loads a project for a budget change (first with the viewer's
// rights, then fresh under its row lock, held for the rest of the
// transaction), so concurrent changes of one budget are checked one after
// the other and none can overdraw it.
func budgetLock(o *domainop.Op, projectID int) (*ent.Project, error) {
	p, err := o.C.Project.Get(o.Ctx, projectID)
	if err != nil {
		return nil, err
	}
	return o.C.Project.Query().Where(project.ID(p.ID)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
}

// committed is what a project's budget already carries: all shares plus the
// PM charge (invariant.Committed).
func committed(o *domainop.Op, p *ent.Project) (int64, error) {
	return invariant.Committed(o.Sys, o.C, p)
}

// NewShare is a share a lead-coop member gives to a partner coop or a freelancer.
type NewShare struct {
	ProjectID       int
	CoopID          *int
	PersonID        *int
	AmountCents     int64
	HourlyRateCents int64
	PlannedMinutes  int
	Currency        string // of the amount; must be the project currency
	RateCurrency    string // of the hourly rate; must be the project currency
	Description     string
	Reason          string
}

// by is who makes a budget change and on which decision.
type by struct {
	actorID    int
	proposalID *int
	reason     string
	rule       *authz.Rule // the rule that allowed the change
}

// CreateShare adds a budget share. It keeps the invariant, also against
// concurrent writers (the loser gets CONFLICT with the remaining amount),
// and records the change. Changes above the lead coop's threshold need a
// BUDGET proposal (see ProposeChange).
func (svc *Service) CreateShare(ctx context.Context, in NewShare) (*ent.BudgetShare, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := validNewShare(o, in); err != nil {
		return nil, err
	}
	p, err := budgetLock(o, in.ProjectID)
	if err != nil {
		return nil, err
	}
	if err := leadMayChange(o, p); err != nil {
		return nil, err
	}
	if err := shareCurrencies(p, in); err != nil {
		return nil, err
	}
	if err := withinThreshold(o, p, in.AmountCents); err != nil {
		return nil, err
	}
	s, _, err := addShare(o, p, in, by{o.V.PersonID, nil, in.Reason, authz.ChangeBudget})
	if err != nil {
		return nil, err
	}
	return o.C.BudgetShare.Get(o.Ctx, s.ID)
}

// validNewShare checks a new share's input and that its recipient exists for
// the viewer.
func validNewShare(o *domainop.Op, in NewShare) error {
	if (in.CoopID == nil) == (in.PersonID == nil) {
		return apperr.InvalidField("coopID", "a share goes to exactly one partner coop or freelancer person")
	}
	if in.AmountCents < 0 {
		return apperr.InvalidField("amount", "must not be negative")
	}
	if in.HourlyRateCents < 0 {
		return apperr.InvalidField("hourlyRate", "must not be negative")
	}
	if in.HourlyRateCents > money.MaxHourlyRate {
		return apperr.InvalidField("hourlyRate", "must be at most %d minor units an hour (a day of work at it must stay within %d)",
			int64(money.MaxHourlyRate), int64(money.MaxAmount))
	}
	if in.PlannedMinutes < 0 {
		return apperr.InvalidField("plannedMinutes", "must not be negative")
	}
	if in.CoopID != nil {
		if _, err := o.C.Coop.Get(o.Ctx, *in.CoopID); err != nil {
			return apperr.FieldNotFound(err, "coopID", "coopID: not found")
		}
	}
	if in.PersonID != nil {
		if _, err := o.C.Person.Get(o.Ctx, *in.PersonID); err != nil {
			return apperr.FieldNotFound(err, "personID", "personID: not found")
		}
	}
	return nil
}

// sameCurrency refuses amounts in another currency than the project's:
// Cockpit never converts money.
func sameCurrency(p *ent.Project, field, currency string) error {
	if currency != "" && currency != p.Currency {
		return apperr.InvalidField(field, "the project is budgeted in %s, not %s", p.Currency, currency)
	}
	return nil
}

// shareCurrencies: a share's amount and rate are in the project currency.
func shareCurrencies(p *ent.Project, in NewShare) error {
	if err := sameCurrency(p, "amount", in.Currency); err != nil {
		return err
	}
	return sameCurrency(p, "hourlyRate", in.RateCurrency)
}

// addShare creates a share on a locked project if it fits, and records it.
func addShare(o *domainop.Op, p *ent.Project, in NewShare, b by) (*ent.BudgetShare, int, error) {
	if err := fits(o, p, in.AmountCents); err != nil {
		return nil, 0, err
	}
	s, err := o.C.BudgetShare.Create().
		SetProjectID(p.ID).SetNillableCoopID(in.CoopID).SetNillablePersonID(in.PersonID).
		SetAmountCents(in.AmountCents).SetHourlyRateCents(in.HourlyRateCents).
		SetPlannedMinutes(in.PlannedMinutes).SetCurrency(p.Currency).SetDescription(in.Description).
		Save(o.As(b.rule))
	if err != nil {
		return nil, 0, err
	}
	id, err := record(o, p, &s.ID, budgetchange.KindSHARE_CREATED, 0, in.AmountCents, b)
	return s, id, err
}

// ResizeShare changes a share's amount under the same rules. No share is
// cut below what was already worked on it (CONFLICT naming the amount).
// Reducing a partner coop's share needs that coop's consent: directly only
// when its bylaws let one member consent and the viewer is that member;
// reducing a freelancer's share needs the freelancer's: directly only when
// the viewer is that freelancer (and a lead-coop member); otherwise through
// ProposeChange.
func (svc *Service) ResizeShare(ctx context.Context, shareID int, amountCents int64, currency, reason string) (*ent.BudgetShare, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if amountCents < 0 {
		return nil, apperr.InvalidField("amount", "must not be negative")
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
	if err := leadMayChange(o, p); err != nil {
		return nil, err
	}
	if err := sameCurrency(p, "amount", currency); err != nil {
		return nil, err
	}
	delta := amountCents - s.AmountCents
	if delta == 0 {
		return o.C.BudgetShare.Get(o.Ctx, s.ID) // nothing changes, nothing to record
	}
	// No share is cut below what was already worked on it: the invariant
	// (the BudgetShare hook) decides at the write; asked first here, under
	// the project's lock, so this refusal comes before any other.
	if err := invariant.NotBelowSpent(o.Sys, o.C, s, amountCents, s.HourlyRateCents); err != nil {
		return nil, err
	}
	if err := withinThreshold(o, p, abs(delta)); err != nil {
		return nil, err
	}
	if err := freelancerConsents(o, s, amountCents); err != nil {
		return nil, err
	}
	if partner, ok := consentNeeded(p, s, amountCents); ok {
		c, err := o.C.Coop.Get(o.Sys, partner)
		if err != nil {
			return nil, err
		}
		if c.ShareReductionConsent != coop.ShareReductionConsentMEMBER || !o.V.IsActiveMember(partner) {
			return nil, domainop.Forbidden("reducing the share of %s needs that coop's consent (%s): propose the change with proposeBudgetChange",
				c.Name, strings.ToLower(c.ShareReductionConsent.String()))
		}
	}
	if _, err := setShareAmount(o, p, s, amountCents, by{o.V.PersonID, nil, reason, authz.ChangeBudget}); err != nil {
		return nil, err
	}
	return o.C.BudgetShare.Get(o.Ctx, s.ID)
}

// consentNeeded tells whether resizing a share to amount reduces a partner
// coop's share, and which coop must consent.
func consentNeeded(p *ent.Project, s *ent.BudgetShare, amount int64) (int, bool) {
	if amount < s.AmountCents && s.CoopID != nil && *s.CoopID != p.LeadCoopID {
		return *s.CoopID, true
	}
	return 0, false
}

// setShareAmount resizes a share of a locked project if it fits, and records it.
func setShareAmount(o *domainop.Op, p *ent.Project, s *ent.BudgetShare, amount int64, b by) (int, error) {
	if delta := amount - s.AmountCents; delta > 0 {
		if err := fits(o, p, delta); err != nil {
			return 0, err
		}
	}
	if err := o.C.BudgetShare.UpdateOneID(s.ID).SetAmountCents(amount).Exec(o.As(b.rule)); err != nil {
		return 0, err
	}
	return record(o, p, &s.ID, budgetchange.KindSHARE_RESIZED, s.AmountCents, amount, b)
}

// leadMayChange: only active members of the lead coop change a budget, and
// closed projects take no new money.
func leadMayChange(o *domainop.Op, p *ent.Project) error {
	if err := authz.CanChangeBudget(o.V, p.LeadCoopID); err != nil {
		return err
	}
	return open(p)
}

func open(p *ent.Project) error {
	if p.Status == project.StatusCOMPLETED || p.Status == project.StatusCANCELLED {
		return &apperr.Error{Code: apperr.InvalidTransition, Message: fmt.Sprintf("the project is %s: its budget is closed", p.Status),
			Extra: map[string]any{"currentState": p.Status.String(), "allowedTransitions": []string{}}}
	}
	return nil
}

// withinThreshold: lead-coop members change budgets directly as long as
// the money moved by direct changes since the project's last budget decision
// (SinceDecision), this change included, stays within the lead coop's
// threshold; beyond it the change needs a passed BUDGET proposal. The sum
// is absolute: raising and lowering both move money, so +5,000 then −5,000
// counts 10,000 (slicing a change, or shifting money between shares in
// steps, never gets past the threshold). A change that moves no money needs
// no decision.
func withinThreshold(o *domainop.Op, p *ent.Project, change int64) error {
	if change == 0 {
		return nil // moves no money (e.g. a share of 0), whatever was moved before
	}
	threshold, lead, err := leadThreshold(o, p)
	if err != nil {
		return err
	}
	used, err := SinceDecision(o, p)
	if err != nil {
		return err
	}
	total, err := money.AddCents(used, change)
	if err != nil || total > threshold {
		why := fmt.Sprintf("it exceeds the lead coop's threshold of %s", money.Format(threshold, p.Currency))
		if used > 0 {
			why = fmt.Sprintf("the direct changes since the project's last budget decision moved %s, with it %s, beyond the lead coop's threshold of %s",
				money.Format(used, p.Currency), money.Format(total, p.Currency), money.Format(threshold, p.Currency))
		}
		if lead.Currency != p.Currency {
			why = fmt.Sprintf("the project is in %s while the lead coop's threshold is in %s, so every change needs one", p.Currency, lead.Currency)
		}
		if p.Deciders == project.DecidersSHARE_HOLDERS {
			why = "the project's share holders decide its budget, so every change that moves money needs their decision"
		}
		return &apperr.Error{Code: apperr.Forbidden,
			Message: fmt.Sprintf("a change of %s needs a passed BUDGET proposal (%s): propose it with proposeBudgetChange",
				money.Format(change, p.Currency), why),
			Extra: map[string]any{"threshold": map[string]any{"amount": threshold, "currency": p.Currency},
				"sinceDecision": map[string]any{"amount": used, "currency": p.Currency}}}
	}
	return nil
}

// SinceDecision is the money moved by the project's budget changes since
// its last decided change (the change a passed BUDGET motion of the lead
// coop applied, decided by the lead coop's members or, when the project's
// share holders decide it, by them: either is the project's decision;
// since the project began if there is none): the sum of
// |after − before| of every change recorded after it (a PM charge change
// counts the money its room moved). These are the changes no lead-coop
// decision covers: direct ones and those a partner coop's consent alone
// applied. Changes are ordered by id, which follows the order they were
// written in under the project's budget lock.
func SinceDecision(o *domainop.Op, p *ent.Project) (int64, error) {
	last, err := o.C.BudgetMotion.Query().
		Where(budgetmotion.ProjectID(p.ID), budgetmotion.StatusEQ(budgetmotion.StatusAPPLIED),
			budgetmotion.NeedsLeadDecision(true), budgetmotion.AppliedChangeIDNotNil()).
		Order(ent.Desc(budgetmotion.FieldAppliedChangeID)).First(o.Sys)
	if err != nil && !ent.IsNotFound(err) {
		return 0, err
	}
	q := o.C.BudgetChange.Query().Where(budgetchange.ProjectID(p.ID))
	if last != nil {
		q.Where(budgetchange.IDGT(*last.AppliedChangeID))
	}
	changes, err := q.Select(budgetchange.FieldBeforeCents, budgetchange.FieldAfterCents).All(o.Sys)
	if err != nil {
		return 0, err
	}
	var used int64
	for _, c := range changes {
		if used, err = money.AddCents(used, abs(c.AfterCents-c.BeforeCents)); err != nil {
			return 0, err
		}
	}
	return used, nil
}

// leadThreshold is the lead coop (returned too) and its threshold in the project's currency. The
// bylaws state it in the coop's currency, and Cockpit never converts: for a
// project in another currency there is no threshold to compare with, so every
// change goes through a BUDGET proposal. When the project's share holders
// decide its budget (deciders SHARE_HOLDERS) the lead coop's threshold does
// not apply: every change that moves money is theirs to decide.
func leadThreshold(o *domainop.Op, p *ent.Project) (int64, *ent.Coop, error) {
	lead, err := o.C.Coop.Get(o.Sys, p.LeadCoopID)
	if err != nil {
		return 0, nil, err
	}
	if lead.Currency != p.Currency || p.Deciders == project.DecidersSHARE_HOLDERS {
		return 0, lead, nil
	}
	return *lead.BudgetChangeThresholdCents, lead, nil
}

// fits checks the invariant "shares + PM charge ≤ total" for additional
// money early; the BudgetShare hook checks it again at the write.
func fits(o *domainop.Op, p *ent.Project, extra int64) error {
	return invariant.Fits(o.Sys, o.C, p, extra)
}

// record appends a budget change and returns its id.
func record(o *domainop.Op, p *ent.Project, shareID *int, kind budgetchange.Kind, before, after int64, b by) (int, error) {
	return recordChange(o, p, o.C.BudgetChange.Create().SetNillableShareID(shareID).SetKind(kind).
		SetBeforeCents(before).SetAfterCents(after), b)
}

// recordPM appends a change of the PM charge: the percent before and after,
// and the PM charge in money before and after (the room it takes from the
// shares).
func recordPM(o *domainop.Op, p *ent.Project, beforePct, afterPct int, before, after int64, b by) (int, error) {
	return recordChange(o, p, o.C.BudgetChange.Create().SetKind(budgetchange.KindPM_CHARGE_CHANGED).
		SetBeforeCents(before).SetAfterCents(after).
		SetPmChargePercentBefore(beforePct).SetPmChargePercentAfter(afterPct), b)
}

func recordChange(o *domainop.Op, p *ent.Project, cc *ent.BudgetChangeCreate, b by) (int, error) {
	c, err := cc.SetProjectID(p.ID).SetCurrency(p.Currency).
		SetAt(o.Now).SetActorID(b.actorID).SetNillableProposalID(b.proposalID).SetReason(b.reason).Save(o.As(b.rule))
	if err != nil {
		return 0, err
	}
	share := 0
	if c.ShareID != nil {
		share = *c.ShareID
	}
	budgetChanged(o, p.ID, share, changeOfKind[c.Kind])
	return c.ID, nil
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
func (svc *Service) LogTime(ctx context.Context, in NewTimeEntry) (*ent.TimeEntry, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	s, err := o.C.BudgetShare.Get(o.Ctx, in.ShareID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanLogTime(o.V, s.CoopID, s.PersonID); err != nil {
		return nil, err
	}
	p, err := o.C.Project.Get(o.Sys, s.ProjectID)
	if err != nil {
		return nil, err
	}
	day := in.Date.UTC().Truncate(24 * time.Hour)
	if err := validEntry(o, p, day, in.Minutes); err != nil {
		return nil, err
	}
	if err := entryPeriodOpen(o, p, s, day, true, day); err != nil { // periods.go
		return nil, err
	}
	e, err := o.C.TimeEntry.Create().
		SetProjectID(p.ID).SetShareID(s.ID).SetPersonID(o.V.PersonID).
		SetDate(day).SetMinutes(in.Minutes).SetNote(in.Note).Save(o.As(authz.LogTime))
	if err != nil {
		return nil, err
	}
	budgetChanged(o, p.ID, s.ID, TimeRecorded)
	return o.C.TimeEntry.Get(o.Ctx, e.ID)
}

// UpdateTimeEntry lets the author correct an entry while the project is ACTIVE.
func (svc *Service) UpdateTimeEntry(ctx context.Context, entryID int, date *time.Time, minutes *int, note *string) (*ent.TimeEntry, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	e, err := o.C.TimeEntry.Get(o.Ctx, entryID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanEditTimeEntry(o.V, e.PersonID); err != nil {
		return nil, err
	}
	// The author edits within the rules of logging: someone who no longer
	// holds the share (left or paused the coop holding it) changes nothing
	// on it.
	s, err := o.C.BudgetShare.Get(o.Sys, e.ShareID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanLogTime(o.V, s.CoopID, s.PersonID); err != nil {
		return nil, err
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
	if err := validEntry(o, p, day, mins); err != nil {
		return nil, err
	}
	// Neither the period it was in nor the one it moves to may be closed.
	if err := entryPeriodOpen(o, p, s, day, !day.Equal(e.Date), e.Date, day); err != nil { // periods.go
		return nil, err
	}
	// An invoiced entry keeps its day and minutes: the invoice line bills
	// exactly its entries (issue 17). The condition holds against a draft
	// taking the entry at the same time; its note may still change.
	moved := !day.Equal(e.Date) || mins != e.Minutes
	if moved && e.InvoiceLineID != nil {
		return nil, invoicedEntry()
	}
	u := o.C.TimeEntry.UpdateOneID(e.ID).SetDate(day).SetMinutes(mins)
	if moved {
		u.Where(timeentry.InvoiceLineIDIsNil())
	}
	if note != nil {
		u.SetNote(*note)
	}
	if err := u.Exec(o.As(authz.EditTimeEntry)); err != nil {
		if ent.IsNotFound(err) {
			return nil, invoicedEntry()
		}
		return nil, err
	}
	budgetChanged(o, p.ID, e.ShareID, TimeRecorded)
	return o.C.TimeEntry.Get(o.Ctx, e.ID)
}

func validEntry(o *domainop.Op, p *ent.Project, day time.Time, minutes int) error {
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
	// The invariants of a time entry (within the project's dates, at most
	// 24 hours per person and day) are checked by the TimeEntry hook at the
	// write; the dates early here with the same function.
	return invariant.WithinProjectDates(p, day)
}

// ChangeTotal changes a project's total budget and PM charge. The new total
// must still carry every share plus the new PM charge; the change counts
// against the lead coop's threshold like any other and is recorded.
func (svc *Service) ChangeTotal(ctx context.Context, projectID int, totalCents int64, currency string, pmChargePercent *int, reason string) (*ent.Project, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := validTotal(totalCents, pmChargePercent); err != nil {
		return nil, err
	}
	p, err := budgetLock(o, projectID)
	if err != nil {
		return nil, err
	}
	if err := leadMayChange(o, p); err != nil {
		return nil, err
	}
	if err := sameCurrency(p, "totalBudget", currency); err != nil {
		return nil, err
	}
	size := totalChangeSize(p, totalCents, pmChargePercent)
	if totalCents == p.TotalBudgetCents && (pmChargePercent == nil || *pmChargePercent == p.PmChargePercent) {
		return o.C.Project.Get(o.Ctx, p.ID) // nothing changes, nothing to record
	}
	if err := withinThreshold(o, p, size); err != nil {
		return nil, err
	}
	if _, err := setTotal(o, p, totalCents, pmChargePercent, by{o.V.PersonID, nil, reason, authz.ChangeBudget}); err != nil {
		return nil, err
	}
	return o.C.Project.Get(o.Ctx, p.ID)
}

func validTotal(totalCents int64, pmChargePercent *int) error {
	if totalCents < 0 {
		return apperr.InvalidField("totalBudget", "must not be negative")
	}
	if pmChargePercent != nil && (*pmChargePercent < 0 || *pmChargePercent > 100) {
		return apperr.InvalidField("pmChargePercent", "must be between 0 and 100")
	}
	return nil
}

// totalChangeSize is how much money a change of total and PM charge moves,
// as measured against the threshold: the change of the total plus, when the
// PM percent changes, the change of the PM charge in money (raising only the
// PM percentage moves money from the shares' room to project management).
// It is the sum of what the changes it records show (TOTAL_CHANGED and
// PM_CHARGE_CHANGED).
func totalChangeSize(p *ent.Project, totalCents int64, pmChargePercent *int) int64 {
	size := abs(totalCents - p.TotalBudgetCents)
	if pmChargePercent != nil && *pmChargePercent != p.PmChargePercent {
		size += abs(money.PercentOf(totalCents, *pmChargePercent) - money.PercentOf(p.TotalBudgetCents, p.PmChargePercent))
	}
	return size
}

// setTotal changes the total and PM charge of a locked project if every
// share still fits, and records it.
func setTotal(o *domainop.Op, p *ent.Project, totalCents int64, pmChargePercent *int, b by) (int, error) {
	next := *p
	next.TotalBudgetCents = totalCents
	if pmChargePercent != nil {
		next.PmChargePercent = *pmChargePercent
	}
	if err := invariant.Carries(o.Sys, o.C, &next); err != nil {
		return 0, err
	}
	if err := o.C.Project.UpdateOneID(p.ID).SetTotalBudgetCents(totalCents).SetPmChargePercent(next.PmChargePercent).Exec(o.As(b.rule)); err != nil {
		return 0, err
	}
	// Each change gets its own record: the PM charge first, then the total,
	// so that the id returned (a motion's applied change) is the last one.
	id := 0
	if next.PmChargePercent != p.PmChargePercent {
		var err error
		id, err = recordPM(o, p, p.PmChargePercent, next.PmChargePercent,
			money.PercentOf(p.TotalBudgetCents, p.PmChargePercent), money.PercentOf(totalCents, next.PmChargePercent), b)
		if err != nil {
			return 0, err
		}
	}
	if totalCents != p.TotalBudgetCents {
		return record(o, p, nil, budgetchange.KindTOTAL_CHANGED, p.TotalBudgetCents, totalCents, b)
	}
	return id, nil
}

func invoicedEntry() error {
	return apperr.New(apperr.Conflict, "the time entry is on an invoice; remove its line from the draft or cancel the invoice before changing its day or minutes")
}
