package governance

// Exclusion of a member by decision (issue 15, item 5).
//
// A member proposes to exclude another MEMBER or PAUSED member of their coop
// (ProposeExclusion): an EXCLUSION proposal naming the membership, decided
// by the coop's members under the bylaws' rule for EXCLUSION. The member
// concerned reads it and may comment, but does not vote and does not count
// in the electorate (exclusionSubject). When it passes, the transaction that
// closes it moves the membership to LEFT with leftReason EXCLUDED through
// the pathway's EXCLUDE transition (ApplyExclusionDecision), with a
// PathwayEvent naming the proposal; everything a leave does happens too, and
// the buy-in refund is recorded as owed (BuyInRefundOwed, the money side's
// hook). A member who leaves meanwhile withdraws the proposal.

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/coopmoney"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/pathway"
)

// NewExclusion is what a member proposes: to exclude the person of
// MembershipID from its coop.
type NewExclusion struct {
	MembershipID int
	Title, Body  string
	ClosesAt     time.Time
}

// ProposeExclusion opens an EXCLUSION proposal in the coop of the
// membership. Refused: a membership the viewer cannot read (another coop's:
// NOT_FOUND), a proposer who is not an active member of the coop
// (FORBIDDEN), the proposer's own membership (leaving is their own step),
// a person who is not a MEMBER or PAUSED member, and a second open proposal
// about the membership (CONFLICT).
func (svc *Service) ProposeExclusion(ctx context.Context, in NewExclusion) (*ent.Proposal, error) {
	o, ms, err := svc.beginOnMembership(ctx, in.MembershipID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "membershipID", "membershipID: not found")
	}
	if err := authz.CanProposeExclusion(o.V, ms.CoopID); err != nil {
		return nil, err
	}
	if o.V.IsSelf(ms.PersonID) {
		return nil, apperr.InvalidField("membershipID", "you cannot propose your own exclusion: leave the coop instead (transitionMembership LEAVE)")
	}
	if !in.ClosesAt.After(o.Now) {
		return nil, apperr.InvalidField("closesAt", "closesAt must lie in the future")
	}
	// Serialize proposals about one membership and its leaving: the state
	// read under the lock is the one the proposal opens on.
	ms, err = o.C.Membership.Query().Where(membership.ID(ms.ID)).Unique(false).Modify(domainop.LockRows).Only(o.Sys)
	if err != nil {
		return nil, err
	}
	if !excludable(ms.State) {
		return nil, apperr.InvalidField("membershipID", "only a MEMBER or PAUSED member is excluded by decision, not a %s", ms.State)
	}
	open, err := o.C.Proposal.Query().Where(proposal.MembershipID(ms.ID), proposal.StatusEQ(proposal.StatusOPEN)).Exist(o.Sys)
	if err != nil {
		return nil, err
	}
	if open {
		return nil, errExclusionOpen
	}
	coop, err := o.C.Coop.Get(o.Sys, ms.CoopID)
	if err != nil {
		return nil, err
	}
	p, err := o.open(authz.ProposeExclusion, coop, NewProposal{
		CoopID: coop.ID, Kind: proposal.KindEXCLUSION, Title: in.Title, Body: in.Body,
		ClosesAt: in.ClosesAt, MembershipID: &ms.ID,
	}, nil)
	// The partial unique index proposals_open_per_membership is the last
	// word on "one open proposal per membership".
	if ent.IsConstraintError(err) {
		return nil, errExclusionOpen
	}
	return p, err
}

var errExclusionOpen = apperr.New(apperr.Conflict, "a proposal about this membership is already open: decide or withdraw it first")

// excludable: the states an exclusion applies to.
func excludable(s membership.State) bool {
	return s == membership.StateMEMBER || s == membership.StatePAUSED
}

// exclusionSubject is the person an EXCLUSION proposal is about (0 for
// other kinds): they do not vote on it and do not count in its electorate.
func (o *op) exclusionSubject(p *ent.Proposal) (int, error) {
	if p.Kind != proposal.KindEXCLUSION || p.MembershipID == nil {
		return 0, nil
	}
	ms, err := o.C.Membership.Get(o.Sys, *p.MembershipID)
	if err != nil {
		return 0, err
	}
	return ms.PersonID, nil
}

// withoutExclusionSubject takes the person an EXCLUSION proposal is about
// out of its electorate (electorate calls it, for an early close and for
// the replay after closesAt alike).
func (o *op) withoutExclusionSubject(p *ent.Proposal, voters map[int]bool) error {
	subject, err := o.exclusionSubject(p)
	if err == nil && subject != 0 {
		delete(voters, subject)
	}
	return err
}

// mayVoteOnExclusion refuses the vote of the person an EXCLUSION proposal
// is about (CastVote).
func (o *op) mayVoteOnExclusion(p *ent.Proposal) error {
	subject, err := o.exclusionSubject(p)
	if err != nil {
		return err
	}
	if subject != 0 && o.V.IsSelf(subject) {
		return forbidden("you do not vote on your own exclusion; you can comment on it")
	}
	return nil
}

// exclusionImpossible says why an EXCLUSION proposal can no longer take
// effect (the person is not a MEMBER or PAUSED member any more), or "" when
// it can. Leaving withdraws the open proposal at once (withdrawExclusions),
// so this is the safety net at close, like admissionImpossible.
func (o *op) exclusionImpossible(p *ent.Proposal) (string, error) {
	if p.Kind != proposal.KindEXCLUSION || p.MembershipID == nil {
		return "", nil
	}
	ms, err := o.C.Membership.Get(o.Sys, *p.MembershipID)
	if err != nil {
		return "", err
	}
	if !excludable(ms.State) {
		return exclusionWithdrawnReason(pathway.State(ms.State)), nil
	}
	return "", nil
}

func exclusionWithdrawnReason(s pathway.State) string {
	if s == pathway.Left {
		return "withdrawn: the member left the coop, so exclusion is no longer possible"
	}
	return "withdrawn: the person is no longer a member (" + string(s) + "), so exclusion is no longer possible"
}

// applyExclusion is the effect of a closed EXCLUSION proposal
// (ApplyExclusionDecision): when it passed, the membership takes the EXCLUDE
// transition to LEFT, with leftReason EXCLUDED and a PathwayEvent naming
// the decision; when it failed, nothing changes.
func (o *op) applyExclusion(p *ent.Proposal, status proposal.Status, outcome decision.Outcome) error {
	if p.Kind != proposal.KindEXCLUSION || p.MembershipID == nil || status != proposal.StatusPASSED {
		return nil
	}
	ms, err := o.C.Membership.Get(o.Sys, *p.MembershipID)
	if err != nil {
		return err
	}
	f, err := o.facts(ms)
	if err != nil {
		return err
	}
	f.ExclusionPassed = true
	to, err := pathway.Check(f, pathway.Exclude)
	if err != nil {
		return invalidTransition(err)
	}
	_, err = o.move(authz.ApplyExclusionDecision, ms, to, "excluded by decision: "+outcome.Reason, &p.ID)
	return err
}

// BuyInRefundOwed is the one place that says what the coop owes back of a
// membership's buy-in when the membership ends now, by leaving or by
// exclusion: what was paid of the buy-in on the current pathway, in full
// (the bylaws refund it on leaving and know no deduction yet, e.g. a
// retention on exclusion), also instalments short of the whole buy-in
// (issue 17), and nothing when nothing was paid on this pathway (what was
// paid on an earlier pathway was owed when that pathway ended). The amount is in the membership's buy_in_currency. Moving to LEFT
// adds it to Membership.buy_in_refund_owed_cents (leaving); paying it out
// and booking it is the money side's, which reads and settles that field.
func BuyInRefundOwed(ms *ent.Membership) int64 {
	// What was paid on this pathway, also in instalments short of the
	// whole buy-in (issue 17): coopmoney.BuyInPaid.
	return coopmoney.BuyInPaid(ms)
}

// leaving completes move's update of ms to state to: moving to LEFT records
// why (EXCLUDED when a decision moves it, which only a passed EXCLUSION
// does; LEFT when the person leaves) and the buy-in refund owed; a rejoin
// clears the reason (the refund stays owed until the money side pays it).
func (o *op) leaving(upd *ent.MembershipUpdate, ms *ent.Membership, to pathway.State, proposalID *int) error {
	switch {
	case to == pathway.Left:
		reason := membership.LeftReasonLEFT
		if proposalID != nil {
			reason = membership.LeftReasonEXCLUDED
		}
		upd.SetLeftReason(reason)
		if owed := BuyInRefundOwed(ms); owed > 0 {
			upd.AddBuyInRefundOwedCents(owed)
			currency := ""
			if ms.BuyInCurrency != nil {
				currency = *ms.BuyInCurrency
			} else { // recorded without one: the coop's currency
				coop, err := o.C.Coop.Get(o.Sys, ms.CoopID)
				if err != nil {
					return err
				}
				currency = coop.Currency
				upd.SetBuyInCurrency(coop.Currency)
			}
			// Booked with it (issue 17): Dr MEMBER_CAPITAL / Cr PERSON_PAYABLE.
			if err := coopmoney.BookBuyInRefundOwed(o.Op, ms, currency, owed); err != nil {
				return err
			}
		}
	case ms.State == membership.StateLEFT:
		upd.ClearLeftReason()
	}
	return nil
}

// lockProposalsAbout takes the row locks of the open proposals naming ms
// before a step the person asks for changes it, in the order a close takes
// them (the proposal, then the membership), so that a leave racing a close
// waits for it instead of deadlocking with it.
func (o *op) lockProposalsAbout(ms *ent.Membership, proposalID *int) error {
	if proposalID != nil {
		return nil // a close's effect: it holds its proposal's lock already
	}
	_, err := o.C.Proposal.Query().Where(proposal.MembershipID(ms.ID), proposal.StatusEQ(proposal.StatusOPEN)).
		Unique(false).Modify(domainop.LockRows).IDs(o.Sys)
	return err
}

// withdrawExclusions withdraws the open EXCLUSION proposals about a member
// who leaves by themself (or whose membership otherwise ends other than by
// the decision): excluding them is no longer possible, and the votes must
// not decide a later membership after a rejoin.
func (o *op) withdrawExclusions(rule *authz.Rule, ms *ent.Membership, to pathway.State, proposalID *int) error {
	if proposalID != nil || !excludable(ms.State) || excludable(membership.State(to)) {
		return nil
	}
	open, err := o.C.Proposal.Query().Where(proposal.MembershipID(ms.ID), proposal.KindEQ(proposal.KindEXCLUSION),
		proposal.StatusEQ(proposal.StatusOPEN)).IDs(o.Sys)
	if err != nil || len(open) == 0 {
		return err
	}
	err = o.C.Proposal.Update().Where(proposal.IDIn(open...), proposal.StatusEQ(proposal.StatusOPEN)).
		SetStatus(proposal.StatusWITHDRAWN).SetClosedAt(o.Now).
		SetCloseReason(exclusionWithdrawnReason(to)).Exec(o.As(rule))
	if err != nil {
		return err
	}
	for _, id := range open {
		o.proposalChanged(ms.CoopID, id, ProposalClosed)
	}
	return nil
}
