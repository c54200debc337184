package governance

// Buy-in waiver by decision (issue 17, part dues): a BUY_IN_WAIVER
// proposal names a candidate's membership; when it passes, the unpaid rest
// of the pathway's buy-in is waived (booked Dr MEMBER_CAPITAL / Cr
// MEMBER_RECEIVABLE when the buy-in owed was booked by an instalment) and
// the buy-in counts as recorded for the pathway (buyInRecorded).

import (
	"context"
	"fmt"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/coopmoney"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/ledger/plan"
)

// BuyInWaiverDecision is waiving a candidate's buy-in put to their coop.
type BuyInWaiverDecision struct {
	MembershipID int
	Title, Body  string
	ClosesAt     time.Time
}

// ProposeBuyInWaiver opens a BUY_IN_WAIVER proposal naming a candidate's
// membership whose buy-in (the bylaws ask for one) is not recorded yet on
// its pathway, decided by the bylaws' rule for BUY_IN_WAIVER.
func (svc *Service) ProposeBuyInWaiver(ctx context.Context, in BuyInWaiverDecision) (*ent.Proposal, error) {
	o, ms, err := svc.beginOnMembership(ctx, in.MembershipID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "membershipID", "membershipID: not found")
	}
	if err := authz.CanProposeBuyInWaiver(o.V, ms.CoopID); err != nil {
		return nil, err
	}
	if !in.ClosesAt.After(o.Now) {
		return nil, apperr.InvalidField("closesAt", "closesAt must lie in the future")
	}
	c, err := o.C.Coop.Get(o.Sys, ms.CoopID)
	if err != nil {
		return nil, err
	}
	if err := waivable(ms, c); err != nil {
		return nil, err
	}
	if in.Title == "" {
		in.Title = "Waive the buy-in of a candidate"
	}
	return o.open(authz.ProposeBuyInWaiver, c, NewProposal{CoopID: c.ID, Kind: proposal.KindBUY_IN_WAIVER,
		Title: in.Title, Body: in.Body, ClosesAt: in.ClosesAt, WaiverMembershipID: &ms.ID}, nil)
}

// waivable: a candidate whose buy-in the bylaws ask for and is not
// recorded on the pathway.
func waivable(ms *ent.Membership, c *ent.Coop) error {
	if ms.State != membership.StateCANDIDATE {
		return apperr.InvalidField("membershipID", "a buy-in is waived for candidates, not %s", ms.State)
	}
	if c.BuyInCents == nil || *c.BuyInCents == 0 {
		return apperr.InvalidField("membershipID", "the bylaws ask for no buy-in")
	}
	if buyInRecorded(ms) {
		return apperr.New(apperr.Conflict, "the buy-in is already recorded")
	}
	return nil
}

// applyBuyInWaiver is the effect of a closed BUY_IN_WAIVER proposal; a
// passed decision that can no longer take effect (the buy-in was paid
// meanwhile, the candidate moved on) stands without effect and says why.
func (o *op) applyBuyInWaiver(p *ent.Proposal, passed bool, reason *string) error {
	if !passed || p.WaiverMembershipID == nil {
		return nil
	}
	if err := ledger.LockBooks(o.Op, p.CoopID); err != nil {
		return err
	}
	ms, err := o.C.Membership.Get(o.Sys, *p.WaiverMembershipID)
	if err != nil {
		return err
	}
	c, err := o.C.Coop.Get(o.Sys, ms.CoopID)
	if err != nil {
		return err
	}
	if err := waivable(ms, c); err != nil {
		*reason += "; no effect: " + err.Error()
		return nil
	}
	paid := coopmoney.BuyInPaid(ms)
	if rest := *c.BuyInCents - paid; paid > 0 && rest > 0 { // the first instalment booked the buy-in owed
		if _, err := ledger.Post(o.Op, authz.ApplyBuyInWaiver, ledger.Entry{CoopID: c.ID, Kind: plan.BuyInWaiver, BookedOn: o.Now,
			Currency: c.Currency, Description: fmt.Sprintf("Buy-in waived by decision %d (pathway %d)", p.ID, ms.Pathway), MembershipID: &ms.ID,
			Lines: []ledger.Line{ledger.Debit(ledger.Account{Code: plan.MemberCapital, PersonID: ms.PersonID}, rest),
				ledger.Credit(ledger.Account{Code: plan.MemberReceivable, PersonID: ms.PersonID}, rest)}}); err != nil {
			return err
		}
	}
	upd := o.C.Membership.UpdateOneID(ms.ID).SetBuyInWaivedAt(o.Now).SetBuyInWaiverProposalID(p.ID).SetBuyInPathway(ms.Pathway)
	if ms.BuyInPathway != ms.Pathway { // what an earlier pathway recorded does not count
		upd.ClearBuyInRecordedAt().ClearBuyInPaidCents()
	}
	o.pathwayChanged(ms.ID)
	return upd.Exec(o.As(authz.ApplyBuyInWaiver))
}
