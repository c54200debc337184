package governance

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/budgets"
)

// BudgetDecision is a budget change put to the decisions it needs.
type BudgetDecision struct {
	Change      budgets.Motion
	Title, Body string
	ClosesAt    time.Time
}

// ProposeBudgetChange puts a budget change to a decision: it stores the
// change as a motion (internal/budgets decides which decisions it needs)
// and opens the BUDGET proposals: the project's (its lead coop's members
// decide, or all its share holders when the project's deciders are
// SHARE_HOLDERS: one proposal of the lead coop with electorate
// SHARE_HOLDERS, under the lead coop's BUDGET rule), and the partner
// coop's when its share shrinks and its bylaws ask for a proposal (a cut
// of a share needs its holder's consent whoever decides the project). When the
// partner consents by one member's approval and the proposer is such a
// member, their proposing is that consent. The change is applied when the
// last decision passes, in that decision's transaction.
func (svc *Service) ProposeBudgetChange(ctx context.Context, in BudgetDecision) (*ent.BudgetMotion, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	if !in.ClosesAt.After(o.Now) {
		return nil, apperr.InvalidField("closesAt", "closesAt must lie in the future")
	}
	m, lead, err := budgets.PlanMotion(o.Op, in.Change)
	if err != nil {
		return nil, err
	}
	np := NewProposal{Kind: proposal.KindBUDGET, Title: in.Title, Body: in.Body, ClosesAt: in.ClosesAt, ProjectID: &m.ProjectID}
	if m.NeedsLeadDecision {
		// The project's decision: its lead coop's members, or all its
		// share holders when its settings say so (projectvotes.go).
		lp := np
		lp.CoopID = lead.ID
		if lp.Electorate, err = o.projectElectorate(m.ProjectID); err != nil {
			return nil, err
		}
		if _, err := o.open(authz.ProposeBudgetChange, lead, lp, &m.ID); err != nil {
			return nil, err
		}
	}
	if m.ConsentCoopID != nil && m.ConsentBy != nil {
		switch *m.ConsentBy {
		case budgetmotion.ConsentByPROPOSAL:
			partner, err := o.C.Coop.Get(o.Sys, *m.ConsentCoopID)
			if err != nil {
				return nil, err
			}
			np.CoopID = partner.ID
			if _, err := o.open(authz.ProposeBudgetChange, partner, np, &m.ID); err != nil {
				return nil, err
			}
		case budgetmotion.ConsentByMEMBER:
			if o.V.IsActiveMember(*m.ConsentCoopID) {
				if err := o.C.BudgetMotion.UpdateOneID(m.ID).SetConsentedByID(o.V.PersonID).SetConsentedAt(o.Now).Exec(o.As(authz.ConsentToBudgetMotion)); err != nil {
					return nil, err
				}
			}
		}
	}
	// Nothing may be left to wait for (a member of both coops consenting to
	// a change within the threshold): then it applies now.
	if err := budgets.Settle(o.Op, m.ID, nil, true); err != nil {
		return nil, err
	}
	return o.C.BudgetMotion.Get(o.Ctx, m.ID)
}
