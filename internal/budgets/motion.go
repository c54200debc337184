package budgets

import (
	"context"
	"errors"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/invariant"
	"github.com/coopnetwork/cockpit/internal/money"
)

// Motion is a budget change proposed for decision: exactly one of Share,
// Resize or Total is set.
type Motion struct {
	ProjectID int
	Share     *NewShare
	Resize    *Resize
	Total     *Total
	Reason    string
}

// Resize is a share's new size.
type Resize struct {
	ShareID     int
	AmountCents int64
	Currency    string
}

// Total is a project's new total (and PM charge).
type Total struct {
	TotalCents      int64
	Currency        string
	PmChargePercent *int
}

// PlanMotion validates a proposed budget change as if it were made now and
// stores it as a PENDING motion, noting which decisions it needs: a BUDGET
// proposal of the lead coop when the change exceeds the lead coop's
// threshold (or when no other decision is needed: a member asking for a
// vote gets one), and the partner coop's consent when its share shrinks.
// The caller (internal/governance) opens the proposals; the lead coop is
// returned for that.
func PlanMotion(o *domainop.Op, in Motion) (*ent.BudgetMotion, *ent.Coop, error) {
	if n := btoi(in.Share != nil) + btoi(in.Resize != nil) + btoi(in.Total != nil); n != 1 {
		return nil, nil, apperr.InvalidField("change", "give exactly one of createShare, resizeShare or changeTotal")
	}
	p, err := o.C.Project.Get(o.Ctx, in.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	if err := leadMayChange(o, p); err != nil {
		return nil, nil, err
	}
	m := o.C.BudgetMotion.Create().SetProjectID(p.ID).SetCurrency(p.Currency).SetReason(in.Reason).
		SetAuthorID(o.V.PersonID).SetProposedAt(o.Now)
	var size int64
	var consentCoop *ent.Coop
	var consentPerson *int // the freelancer whose share is cut
	switch {
	case in.Share != nil:
		sh := *in.Share
		sh.ProjectID = p.ID
		if err := validNewShare(o, sh); err != nil {
			return nil, nil, err
		}
		if err := shareCurrencies(p, sh); err != nil {
			return nil, nil, err
		}
		if err := fits(o, p, sh.AmountCents); err != nil {
			return nil, nil, err
		}
		size = sh.AmountCents
		m.SetKind(budgetmotion.KindSHARE_CREATED).SetAmountCents(sh.AmountCents).SetBeforeCents(0).
			SetNillableCoopID(sh.CoopID).SetNillablePersonID(sh.PersonID).
			SetHourlyRateCents(sh.HourlyRateCents).SetPlannedMinutes(sh.PlannedMinutes).SetDescription(sh.Description)
	case in.Resize != nil:
		r := in.Resize
		if r.AmountCents < 0 {
			return nil, nil, apperr.InvalidField("amount", "must not be negative")
		}
		if err := sameCurrency(p, "amount", r.Currency); err != nil {
			return nil, nil, err
		}
		s, err := o.C.BudgetShare.Get(o.Ctx, r.ShareID)
		if err == nil && s.ProjectID != p.ID {
			err = &ent.NotFoundError{} // another project's share is as unknown as a missing one
		}
		if err != nil {
			return nil, nil, apperr.FieldNotFound(err, "shareID", "shareID: not found in this project")
		}
		if r.AmountCents == s.AmountCents {
			return nil, nil, apperr.InvalidField("amount", "the share already has this amount")
		}
		if delta := r.AmountCents - s.AmountCents; delta > 0 {
			if err := fits(o, p, delta); err != nil {
				return nil, nil, err
			}
		}
		if err := invariant.NotBelowSpent(o.Sys, o.C, s, r.AmountCents, s.HourlyRateCents); err != nil {
			return nil, nil, err
		}
		if partner, ok := consentNeeded(p, s, r.AmountCents); ok {
			if consentCoop, err = o.C.Coop.Get(o.Sys, partner); err != nil {
				return nil, nil, err
			}
		}
		if person, ok := freelancerCut(s, r.AmountCents); ok {
			consentPerson = &person
		}
		size = abs(r.AmountCents - s.AmountCents)
		m.SetKind(budgetmotion.KindSHARE_RESIZED).SetShareID(s.ID).SetAmountCents(r.AmountCents).SetBeforeCents(s.AmountCents)
	case in.Total != nil:
		t := in.Total
		if err := validTotal(t.TotalCents, t.PmChargePercent); err != nil {
			return nil, nil, err
		}
		if err := sameCurrency(p, "totalBudget", t.Currency); err != nil {
			return nil, nil, err
		}
		if t.TotalCents == p.TotalBudgetCents && (t.PmChargePercent == nil || *t.PmChargePercent == p.PmChargePercent) {
			return nil, nil, apperr.InvalidField("totalBudget", "the project already has this total and PM charge")
		}
		next := *p
		next.TotalBudgetCents = t.TotalCents
		if t.PmChargePercent != nil {
			next.PmChargePercent = *t.PmChargePercent
		}
		if err := invariant.Carries(o.Sys, o.C, &next); err != nil {
			return nil, nil, err
		}
		size = totalChangeSize(p, t.TotalCents, t.PmChargePercent)
		m.SetKind(budgetmotion.KindTOTAL_CHANGED).SetAmountCents(t.TotalCents).SetBeforeCents(p.TotalBudgetCents).
			SetNillablePmChargePercent(t.PmChargePercent)
	}
	threshold, lead, err := leadThreshold(o, p)
	if err != nil {
		return nil, nil, err
	}
	// The threshold counts the direct changes since the last decision
	// (withinThreshold): a motion beyond what is left of it needs the lead
	// coop's decision too.
	used, err := SinceDecision(o, p)
	if err != nil {
		return nil, nil, err
	}
	sum, err := money.AddCents(used, size)
	m.SetNeedsLeadDecision(err != nil || sum > threshold || (consentCoop == nil && consentPerson == nil))
	if consentCoop != nil {
		m.SetConsentCoopID(consentCoop.ID).SetConsentBy(budgetmotion.ConsentBy(consentCoop.ShareReductionConsent))
	}
	m.SetNillableConsentPersonID(consentPerson)
	saved, err := m.Save(o.As(authz.ProposeBudgetChange))
	if err != nil {
		return nil, nil, err
	}
	if saved, err = consentByProposing(o, saved); err != nil {
		return nil, nil, err
	}
	return saved, lead, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Consent records the consent to a motion reducing a share: of a partner
// coop's member, where the coop's bylaws let one member consent, or of the
// freelancer holding the share; and applies the motion when nothing else
// is awaited.
func (svc *Service) Consent(ctx context.Context, motionID int) (*ent.BudgetMotion, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	m, err := o.C.BudgetMotion.Get(o.Ctx, motionID)
	if err != nil {
		return nil, err
	}
	rule, err := mayConsent(o, m)
	if err != nil {
		return nil, err
	}
	if m, err = lockMotion(o, m.ID); err != nil {
		return nil, err
	}
	if m.Status != budgetmotion.StatusPENDING {
		return nil, apperr.New(apperr.Conflict, "the motion is already %s", m.Status)
	}
	if m.ConsentedAt == nil {
		if err := o.C.BudgetMotion.UpdateOneID(m.ID).SetConsentedByID(o.V.PersonID).SetConsentedAt(o.Now).Exec(o.As(rule)); err != nil {
			return nil, err
		}
	}
	if err := Settle(o, m.ID, nil, true); err != nil {
		return nil, err
	}
	return o.C.BudgetMotion.Get(o.Ctx, m.ID)
}

// lockMotion reads a motion under its row lock, so the decisions on one
// motion (two proposals closing, a consent) are settled one after the other
// and the change is applied at most once.
func lockMotion(o *domainop.Op, id int) (*ent.BudgetMotion, error) {
	return o.C.BudgetMotion.Query().Where(budgetmotion.ID(id)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
}

// Settle takes a decision on a motion into account, in the deciding
// transaction: a failed decision rejects the motion and withdraws its other
// open proposals; a passed one applies the change once every decision the
// motion needs is in. If the budget no longer allows the change (it changed
// since the motion was proposed), the motion ends NOT_APPLIED with the
// reason, and the decision stands.
func Settle(o *domainop.Op, motionID int, proposalID *int, passed bool) error {
	m, err := lockMotion(o, motionID)
	if err != nil {
		return err
	}
	if m.Status != budgetmotion.StatusPENDING {
		return nil
	}
	if !passed {
		if err := withdrawOpen(o, m.ID); err != nil {
			return err
		}
		return settleAs(o, m.ID, budgetmotion.StatusREJECTED, "the decision failed", nil)
	}
	waiting, err := o.C.Proposal.Query().
		Where(proposal.BudgetMotionID(m.ID), proposal.StatusNEQ(proposal.StatusPASSED)).Exist(o.Sys)
	if err != nil {
		return err
	}
	if waiting || (m.ConsentBy != nil && *m.ConsentBy == budgetmotion.ConsentByMEMBER && m.ConsentedAt == nil) ||
		(m.ConsentPersonID != nil && m.ConsentedAt == nil) {
		return nil
	}
	changeID, err := apply(o, m, proposalID)
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code != apperr.Internal {
		return settleAs(o, m.ID, budgetmotion.StatusNOT_APPLIED, "not applied: "+ae.Message, nil)
	}
	if err != nil {
		return err
	}
	return settleAs(o, m.ID, budgetmotion.StatusAPPLIED, "applied", &changeID)
}

func settleAs(o *domainop.Op, id int, status budgetmotion.Status, outcome string, changeID *int) error {
	return o.C.BudgetMotion.UpdateOneID(id).SetStatus(status).SetSettledAt(o.Now).SetOutcome(outcome).
		SetNillableAppliedChangeID(changeID).Exec(o.As(authz.ApplyBudgetMotion))
}

// withdrawOpen withdraws a rejected motion's proposals still open: there is
// nothing left for them to decide.
func withdrawOpen(o *domainop.Op, motionID int) error {
	open, err := o.C.Proposal.Query().
		Where(proposal.BudgetMotionID(motionID), proposal.StatusEQ(proposal.StatusOPEN)).All(o.Sys)
	if err != nil || len(open) == 0 {
		return err
	}
	closed := make(map[int]int, len(open))
	ids := make([]int, 0, len(open))
	for _, p := range open {
		closed[p.ID] = p.CoopID
		ids = append(ids, p.ID)
	}
	proposalsClosed(o, closed)
	return o.C.Proposal.Update().
		Where(proposal.IDIn(ids...), proposal.StatusEQ(proposal.StatusOPEN)).
		SetStatus(proposal.StatusWITHDRAWN).SetClosedAt(o.Now).Exec(o.As(authz.ApplyBudgetMotion))
}

// apply makes the motion's change under the project's budget lock, with the
// same invariant checks as a direct change, recorded with the deciding
// proposal and the motion's author.
func apply(o *domainop.Op, m *ent.BudgetMotion, proposalID *int) (int, error) {
	p, err := o.C.Project.Query().Where(project.ID(m.ProjectID)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
	if err != nil {
		return 0, err
	}
	if err := open(p); err != nil {
		return 0, err
	}
	if proposalID == nil {
		// The last decision was a partner member's consent: the change
		// still names the proposal that decided it, if one did.
		last, err := o.C.Proposal.Query().Where(proposal.BudgetMotionID(m.ID), proposal.StatusEQ(proposal.StatusPASSED)).
			Order(ent.Desc(proposal.FieldClosedAt), ent.Desc(proposal.FieldID)).First(o.Sys)
		if err != nil && !ent.IsNotFound(err) {
			return 0, err
		}
		if last != nil {
			proposalID = &last.ID
		}
	}
	b := by{actorID: derefOr(m.AuthorID), proposalID: proposalID, reason: m.Reason, rule: authz.ApplyBudgetMotion}
	switch m.Kind {
	case budgetmotion.KindSHARE_CREATED:
		_, id, err := addShare(o, p, NewShare{ProjectID: p.ID, CoopID: m.CoopID, PersonID: m.PersonID,
			AmountCents: m.AmountCents, HourlyRateCents: derefOr64(m.HourlyRateCents), PlannedMinutes: derefOr(m.PlannedMinutes),
			Description: m.Description}, b)
		return id, err
	case budgetmotion.KindSHARE_RESIZED:
		s, err := o.C.BudgetShare.Get(o.Sys, *m.ShareID)
		if err != nil {
			return 0, err
		}
		// The decisions were taken on the amount the share had then: who
		// must consent and whether the threshold applied depend on it.
		if s.AmountCents != m.BeforeCents {
			return 0, stale("share", m, s.AmountCents, p.Currency)
		}
		// Without the lead coop's decision the change counts against its
		// threshold like a direct one, as it stands now.
		if !m.NeedsLeadDecision {
			if err := withinThreshold(o, p, abs(m.AmountCents-m.BeforeCents)); err != nil {
				return 0, err
			}
		}
		return setShareAmount(o, p, s, m.AmountCents, b)
	default:
		if p.TotalBudgetCents != m.BeforeCents {
			return 0, stale("total", m, p.TotalBudgetCents, p.Currency)
		}
		return setTotal(o, p, m.AmountCents, m.PmChargePercent, b)
	}
}

// stale is the refusal of a change decided on an amount that has changed since.
func stale(what string, m *ent.BudgetMotion, now int64, currency string) error {
	return apperr.New(apperr.Conflict, "the %s changed since the motion was proposed (it was %s, it is %s); propose the change again",
		what, money.Format(m.BeforeCents, currency), money.Format(now, currency))
}

func derefOr(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func derefOr64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
