package budgets

// Cuts of a share (issue 15, item 4). Whatever the project's deciders, a
// share is cut only with the consent of whoever holds it and never below
// what was already worked on it:
//
//   - the spent floor is the invariant "a share's amount is never lowered
//     below what was spent on it" (internal/invariant: NotBelowSpent, run by
//     the BudgetShare hook on every write, whichever path makes it; the
//     operations ask it first for the friendlier, earlier refusal). Every
//     path that writes a share's amount and every time entry lock the
//     project row first, so the spent amount it reads is the one the write
//     is checked against. A motion that would cut below it is refused when
//     proposed; one that time logged meanwhile makes impossible is settled
//     NOT_APPLIED with the reason when its last decision passes.
//   - a partner coop consents as its bylaws say (motion.go).
//   - a freelancer consents in person: the simplest safe rule is that the
//     person whose share shrinks gives their consent themselves, on top of
//     the lead coop's decision as for any change. A lead-coop member who
//     holds the share cuts it directly (their resize is their consent);
//     anyone else proposes the cut (proposeBudgetChange) and the freelancer
//     consents (consentToBudgetMotion) or declines (declineBudgetMotion).
//     Proposing a cut of one's own share is consenting to it.

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// freelancerCut tells whether resizing share s to amount cuts a
// freelancer's share, and whose.
func freelancerCut(s *ent.BudgetShare, amount int64) (int, bool) {
	if amount < s.AmountCents && s.PersonID != nil {
		return *s.PersonID, true
	}
	return 0, false
}

// freelancerConsents refuses a direct cut of a freelancer's share by anyone
// but that freelancer.
func freelancerConsents(o *domainop.Op, s *ent.BudgetShare, amount int64) error {
	if person, ok := freelancerCut(s, amount); ok && !o.V.IsSelf(person) {
		return domainop.Forbidden("reducing a freelancer's share needs that freelancer's consent: propose the change with proposeBudgetChange, and they consent with consentToBudgetMotion")
	}
	return nil
}

// consentByProposing records the consent of a freelancer who proposes a
// cut of their own share: proposing it is consenting to it.
func consentByProposing(o *domainop.Op, m *ent.BudgetMotion) (*ent.BudgetMotion, error) {
	if m.ConsentPersonID == nil || !o.V.IsSelf(*m.ConsentPersonID) {
		return m, nil
	}
	if err := authz.CanConsentToOwnShareCut(o.V, *m.ConsentPersonID); err != nil {
		return nil, err
	}
	return o.C.BudgetMotion.UpdateOneID(m.ID).SetConsentedByID(o.V.PersonID).SetConsentedAt(o.Now).Save(o.As(authz.ConsentToOwnShareCut))
}

// mayConsent checks that the viewer may consent to motion m and returns the
// rule the consent is written under.
func mayConsent(o *domainop.Op, m *ent.BudgetMotion) (*authz.Rule, error) {
	switch {
	case m.ConsentPersonID != nil:
		return authz.ConsentToOwnShareCut, authz.CanConsentToOwnShareCut(o.V, *m.ConsentPersonID)
	case m.ConsentCoopID == nil || m.ConsentBy == nil:
		return nil, apperr.InvalidField("motionID", "this motion needs nobody's consent: only its proposals decide it")
	case *m.ConsentBy != budgetmotion.ConsentByMEMBER:
		return nil, domainop.Forbidden("the partner coop consents by a BUDGET proposal, as its bylaws say; vote on that proposal")
	}
	return authz.ConsentToBudgetMotion, authz.CanConsentToBudgetMotion(o.V, *m.ConsentCoopID)
}

// Decline refuses the consent a motion cutting a share waits for, in the
// name of whoever holds the share: the freelancer holding it, or a member
// of the partner coop whose bylaws let one member consent (a coop deciding
// by proposal declines by voting NO on it). The motion is REJECTED, its
// open proposals withdrawn, and the share stays as it is. A consent already
// given stands (CONFLICT).
func (svc *Service) Decline(ctx context.Context, motionID int, reason string) (*ent.BudgetMotion, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	m, err := o.C.BudgetMotion.Get(o.Ctx, motionID)
	if err != nil {
		return nil, err
	}
	if _, err := mayConsent(o, m); err != nil {
		return nil, err
	}
	if err := authz.CanDeclineBudgetMotion(o.V, m.ConsentPersonID, m.ConsentCoopID); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(reason) > 500 {
		return nil, apperr.InvalidField("reason", "must be at most 500 characters")
	}
	if m, err = lockMotion(o, m.ID); err != nil {
		return nil, err
	}
	if m.Status != budgetmotion.StatusPENDING {
		return nil, apperr.New(apperr.Conflict, "the motion is already %s", m.Status)
	}
	if m.ConsentedAt != nil {
		return nil, apperr.New(apperr.Conflict, "the cut was already consented to; the consent stands")
	}
	if err := o.C.BudgetMotion.UpdateOneID(m.ID).SetDeclinedByID(o.V.PersonID).Exec(o.As(authz.DeclineBudgetMotion)); err != nil {
		return nil, err
	}
	who := "the freelancer holding the share"
	if m.ConsentPersonID == nil {
		who = "the partner coop"
	}
	outcome := fmt.Sprintf("declined by %s", who)
	if reason != "" {
		outcome += ": " + reason
	}
	if err := withdrawOpen(o, m.ID); err != nil {
		return nil, err
	}
	if err := settleAs(o, m.ID, budgetmotion.StatusREJECTED, outcome, nil); err != nil {
		return nil, err
	}
	return o.C.BudgetMotion.Get(o.Ctx, m.ID)
}
