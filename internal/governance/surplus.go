package governance

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/budgets"
	"github.com/coopnetwork/cockpit/internal/money"
)

// SurplusDecision is a fiscal year's surplus distribution put to the coop.
type SurplusDecision struct {
	CoopID     int
	FiscalYear int
	// Surplus overrides the year's result in the books (nil: the books'
	// result), with OverrideReason saying why.
	Surplus        *money.Money
	OverrideReason *string
	// DistributedPercent overrides the bylaws' surplusSharePercent.
	DistributedPercent *int
	Title, Body        string
	ClosesAt           time.Time
}

// ProposeSurplusDistribution opens a SURPLUS proposal: recording how a
// year's surplus is distributed is a decision of the coop. The terms (year,
// surplus, percent: the bylaws' unless the proposal says otherwise) are
// frozen on the proposal; internal/budgets checks them (the year has ended,
// is not distributed, has no other open SURPLUS proposal) and records the
// distribution when the proposal passes (applySurplus, in CloseProposal).
func (svc *Service) ProposeSurplusDistribution(ctx context.Context, in SurplusDecision) (*ent.Proposal, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	coop, err := o.C.Coop.Get(o.Ctx, in.CoopID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanProposeSurplus(o.V, coop.ID); err != nil {
		return nil, err
	}
	if !in.ClosesAt.After(o.Now) {
		return nil, apperr.InvalidField("closesAt", "closesAt must lie in the future")
	}
	terms, err := budgets.CheckSurplusProposal(o.Op, coop, in.FiscalYear, in.Surplus, in.DistributedPercent, in.OverrideReason)
	if err != nil {
		return nil, err
	}
	if in.Title == "" {
		in.Title = fmt.Sprintf("Surplus distribution %d", in.FiscalYear)
	}
	return o.open(authz.ProposeSurplus, coop, NewProposal{CoopID: coop.ID, Kind: proposal.KindSURPLUS,
		Title: in.Title, Body: in.Body, ClosesAt: in.ClosesAt, Surplus: &terms}, nil)
}

// applySurplus is the effect of a closed SURPLUS proposal; a passed
// decision that can no longer take effect says why in the outcome.
func (o *op) applySurplus(p *ent.Proposal, passed bool, reason *string) error {
	note, err := budgets.ApplySurplusDecision(o.Op, p, passed)
	if note != "" {
		*reason += "; " + note
	}
	return err
}
