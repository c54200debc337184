package governance

import (
	"context"
	"fmt"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/milestoneprogress"
	"github.com/coopnetwork/cockpit/ent/milestonetemplate"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/coopmoney"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/ledger"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/pathway"
)

// facts gathers what the state machine's guards read about a membership.
func (o *op) facts(ms *ent.Membership) (pathway.Facts, error) {
	coop, err := o.C.Coop.Get(o.Sys, ms.CoopID)
	if err != nil {
		return pathway.Facts{}, err
	}
	// A retired (archived) milestone is no longer required nor open;
	// progress on it is kept, without counting (milestones.go).
	required, err := o.C.MilestoneTemplate.Query().
		Where(milestonetemplate.CoopID(ms.CoopID), milestonetemplate.Required(true), milestonetemplate.ArchivedAtIsNil()).Count(o.Sys)
	if err != nil {
		return pathway.Facts{}, err
	}
	// Verified by a member other than the candidate, on this pathway: a
	// rejoin starts a new one, and what an earlier one achieved stays in
	// the history without counting.
	verified, err := o.C.MilestoneProgress.Query().Where(
		milestoneprogress.MembershipID(ms.ID),
		milestoneprogress.Pathway(ms.Pathway),
		milestoneprogress.VerifiedAtNotNil(),
		milestoneprogress.VerifiedByIDNEQ(ms.PersonID),
		milestoneprogress.HasTemplateWith(milestonetemplate.Required(true), milestonetemplate.ArchivedAtIsNil()),
	).Count(o.Sys)
	if err != nil {
		return pathway.Facts{}, err
	}
	// A buddy counts while they are a member of the coop, for the pathway
	// they were assigned in.
	buddy := false
	if ms.BuddyID != nil && ms.BuddyPathway == ms.Pathway {
		buddy, err = o.C.Membership.Query().Where(membership.PersonID(*ms.BuddyID),
			membership.CoopID(ms.CoopID), membership.StateEQ(membership.StateMEMBER)).Exist(o.Sys)
		if err != nil {
			return pathway.Facts{}, err
		}
	}
	var buyIn int64
	if coop.BuyInCents != nil {
		buyIn = *coop.BuyInCents
	}
	return pathway.Facts{
		State:      pathway.State(ms.State),
		StateSince: ms.StateSince,
		Now:        o.Now,
		Bylaws: pathway.Bylaws{
			CandidacyDays:             coop.CandidacyDays,
			FreelancerRightToJoinDays: coop.FreelancerRightToJoinDays,
			BuyInCents:                buyIn,
		},
		BuddyAssigned:      buddy,
		RequiredMilestones: required,
		VerifiedMilestones: verified,
		// Leaving refunds the buy-in (bylaws): one recorded on an earlier
		// pathway is no longer held.
		BuyInRecorded: buyInRecorded(ms),
	}, nil
}

// buyInRecorded is the one rule of a recorded buy-in (issue 17): on the
// current pathway, instalments reached the bylaws' buy-in (RecordBuyIn then
// sets buy_in_recorded_at) or a BUY_IN_WAIVER decision waived it.
func buyInRecorded(ms *ent.Membership) bool {
	return ms.BuyInPathway == ms.Pathway && (ms.BuyInRecordedAt != nil || ms.BuyInWaivedAt != nil)
}

// move changes the state and appends the event, in the caller's
// transaction. The update only succeeds from the state the decision was
// taken on, so two racing transitions cannot both apply.
func (o *op) move(rule *authz.Rule, ms *ent.Membership, to pathway.State, reason string, proposalID *int) (*ent.Membership, error) {
	if err := o.lockProposalsAbout(ms, proposalID); err != nil { // exclusion.go
		return nil, err
	}
	upd := o.C.Membership.Update().
		Where(membership.ID(ms.ID), membership.StateEQ(ms.State)).
		SetState(membership.State(to)).SetStateSince(o.Now)
	if ms.State == membership.StateLEFT {
		upd.AddPathway(1) // a rejoin starts a new pathway
	}
	// Leaving records why and the buy-in refund owed (exclusion.go).
	if err := o.leaving(upd, ms, to, proposalID); err != nil {
		return nil, err
	}
	n, err := upd.Save(o.As(rule))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.New(apperr.Conflict, "the membership changed meanwhile; reload it and try again")
	}
	// A candidacy that ends other than by its vote (the candidate leaves)
	// withdraws its open admission proposals: votes about it must not
	// decide a later candidacy.
	if ms.State == membership.StateCANDIDATE && proposalID == nil {
		open, err := o.C.Proposal.Query().
			Where(proposal.MembershipID(ms.ID), proposal.StatusEQ(proposal.StatusOPEN)).IDs(o.Sys)
		if err != nil {
			return nil, err
		}
		if len(open) > 0 {
			err = o.C.Proposal.Update().
				Where(proposal.IDIn(open...), proposal.StatusEQ(proposal.StatusOPEN)).
				SetStatus(proposal.StatusWITHDRAWN).SetClosedAt(o.Now).
				SetCloseReason(withdrawnReason(pathway.State(to))).Exec(o.As(rule))
			if err != nil {
				return nil, err
			}
		}
		for _, id := range open {
			o.proposalChanged(ms.CoopID, id, ProposalClosed)
		}
	}
	// A member who leaves withdraws the open exclusion about them (exclusion.go).
	if err := o.withdrawExclusions(rule, ms, to, proposalID); err != nil {
		return nil, err
	}
	from := pathwayevent.FromState(ms.State)
	err = o.C.PathwayEvent.Create().
		SetMembershipID(ms.ID).SetFromState(from).SetToState(pathwayevent.ToState(to)).
		SetAt(o.Now).SetNillableActorID(o.ActorID()).SetReason(reason).SetNillableProposalID(proposalID).
		Exec(o.As(rule))
	if err != nil {
		return nil, err
	}
	o.pathwayChanged(ms.ID)
	return o.C.Membership.Get(o.Ctx, ms.ID)
}

// withdrawnReason says why a candidacy's open admission proposal was
// withdrawn when the candidacy ended in state to.
func withdrawnReason(to pathway.State) string {
	if to == pathway.Left {
		return "withdrawn: the candidate left the coop, so admission is no longer possible"
	}
	return "withdrawn: the candidacy ended (" + string(to) + ")"
}

// mayRequest says who may ask for a transition: the coop's members record
// that it starts working with a freelancer; every other step is the person's
// own decision. ADMIT and DECLINE are effects of admission proposals only,
// EXCLUDE of a passed exclusion.
func (o *op) mayRequest(ms *ent.Membership, t pathway.Transition) bool {
	switch t {
	case pathway.StartFreelancing:
		return o.V.IsActiveMember(ms.CoopID)
	case pathway.Admit, pathway.Decline, pathway.Exclude:
		return true // the state machine refuses them without a closed proposal
	default:
		return o.V.IsSelf(ms.PersonID)
	}
}

// Transition requests a pathway transition for a membership.
func (svc *Service) Transition(ctx context.Context, membershipID int, t pathway.Transition, reason string) (*ent.Membership, error) {
	o, ms, err := svc.beginOnMembership(ctx, membershipID)
	if err != nil {
		return nil, err
	}
	if !o.mayRequest(ms, t) {
		return nil, forbidden("only the person themself may request %s; coop members record START_FREELANCING", t)
	}
	if t == pathway.Rejoin {
		if err := o.lockLiving(); err != nil {
			return nil, err
		}
	}
	f, err := o.facts(ms)
	if err != nil {
		return nil, err
	}
	to, err := pathway.Check(f, t)
	if err != nil {
		return nil, invalidTransition(err)
	}
	return o.move(authz.TransitionMembership, ms, to, reason, nil)
}

// lockLiving locks the viewer's person row, as an erasure does
// (internal/rights), and refuses an erased person: a person's own join or
// rejoin and the erasure of their data run one after the other, so an
// erased person never holds a current relation with a coop (the erasure
// refuses while one exists, and a join after it finds the person erased).
// The participation refresh at commit locks the same row, so taking it now
// adds no new lock order.
func (o *op) lockLiving() error {
	p, err := o.C.Person.Query().Where(person.ID(o.V.PersonID)).Modify(domainop.LockRows).Only(o.Sys)
	if err != nil {
		return err
	}
	if p.ErasedAt != nil {
		return apperr.New(apperr.Unauthenticated, "this login's person has been erased")
	}
	return nil
}

// JoinCoop makes the viewer INTERESTED in a coop, or takes them back there
// after they left.
func (svc *Service) JoinCoop(ctx context.Context, coopID int, reason string) (*ent.Membership, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := o.C.Coop.Get(o.Ctx, coopID); err != nil {
		return nil, err
	}
	if err := o.lockLiving(); err != nil {
		return nil, err
	}
	existing, err := o.C.Membership.Query().
		Where(membership.PersonID(o.V.PersonID), membership.CoopID(coopID)).Only(o.Sys)
	switch {
	case err == nil && existing.State == membership.StateLEFT:
		return svc.Transition(ctx, existing.ID, pathway.Rejoin, reason)
	case err == nil:
		return nil, apperr.New(apperr.Conflict, "you are already on this coop's pathway (%s)", existing.State)
	case !ent.IsNotFound(err):
		return nil, err
	}
	ms, err := o.C.Membership.Create().
		SetPersonID(o.V.PersonID).SetCoopID(coopID).
		SetState(membership.StateINTERESTED).SetStateSince(o.Now).SetJoinedAt(o.Now).
		Save(o.As(authz.JoinCoop))
	if err != nil {
		return nil, err
	}
	err = o.C.PathwayEvent.Create().
		SetMembershipID(ms.ID).SetToState(pathwayevent.ToStateINTERESTED).
		SetAt(o.Now).SetActorID(o.V.PersonID).SetReason(reason).Exec(o.As(authz.JoinCoop))
	if err != nil {
		return nil, err
	}
	o.pathwayChanged(ms.ID)
	o.V.Memberships[coopID] = string(membership.StateINTERESTED)
	return o.C.Membership.Get(o.Ctx, ms.ID)
}

// Pathway is where a membership stands: its history and every next step.
type Pathway struct {
	Membership *ent.Membership
	History    []*ent.PathwayEvent
	Next       []pathway.Option
	// EventID is the outbox event a pathwayChanged payload was sent for;
	// nil when the pathway is read by a query.
	EventID *int
}

// Describe returns the pathway of a membership the viewer may read.
func (svc *Service) Describe(ctx context.Context, client *ent.Client, membershipID int) (*Pathway, error) {
	o := &op{svc.Env.Read(ctx, client)}
	ms, err := client.Membership.Get(ctx, membershipID)
	if err != nil {
		return nil, err
	}
	history, err := ms.QueryEvents().Order(ent.Asc(pathwayevent.FieldAt), ent.Asc(pathwayevent.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	f, err := o.facts(ms)
	if err != nil {
		return nil, err
	}
	return &Pathway{Membership: ms, History: history, Next: pathway.Options(f)}, nil
}

// AssignBuddy makes an active member of the coop the person's buddy.
func (svc *Service) AssignBuddy(ctx context.Context, membershipID, buddyID int) (*ent.Membership, error) {
	o, ms, err := svc.beginOnMembership(ctx, membershipID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanAssignBuddy(o.V, ms.CoopID); err != nil {
		return nil, err
	}
	if ms.State != membership.StateFREELANCER && ms.State != membership.StateCANDIDATE {
		return nil, apperr.InvalidField("membershipID", "buddies accompany freelancers and candidates, not %s", ms.State)
	}
	isMember, err := o.C.Membership.Query().Where(membership.PersonID(buddyID), membership.CoopID(ms.CoopID),
		membership.StateEQ(membership.StateMEMBER)).Exist(o.Sys)
	if err != nil {
		return nil, err
	}
	if !isMember || buddyID == ms.PersonID {
		return nil, apperr.InvalidField("buddyID", "the buddy must be a current member of the coop other than the person")
	}
	o.pathwayChanged(ms.ID)
	return o.C.Membership.UpdateOneID(ms.ID).SetBuddyID(buddyID).SetBuddyPathway(ms.Pathway).Save(o.As(authz.AssignBuddy))
}

// RecordBuyIn records an instalment of the buy-in a candidate paid in
// (issue 17): instalments accumulate on the pathway (buy_in_paid_cents)
// and the buy-in counts as recorded (buy_in_recorded_at, buyInRecorded)
// once they reach the bylaws' buy-in. An instalment is positive and at
// most what is outstanding (BAD_USER_INPUT naming amount); with no buy-in
// in the bylaws, recording 0 records it. Each is booked in the coop's books
// (coopmoney.BookBuyInInstalment), under the coop's books lock, which also
// serialises instalments racing on one membership.
func (svc *Service) RecordBuyIn(ctx context.Context, membershipID int, amount money.Money) (*ent.Membership, error) {
	o, ms, err := svc.beginOnMembership(ctx, membershipID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanRecordBuyIn(o.V, ms.CoopID, ms.PersonID); err != nil {
		return nil, err
	}
	if err := ledger.LockBooks(o.Op, ms.CoopID); err != nil {
		return nil, err
	}
	if ms, err = o.C.Membership.Get(o.Sys, ms.ID); err != nil { // read again under the lock
		return nil, err
	}
	if ms.State != membership.StateCANDIDATE {
		return nil, apperr.InvalidField("membershipID", "the buy-in is recorded for candidates, not %s", ms.State)
	}
	if buyInRecorded(ms) {
		return nil, apperr.New(apperr.Conflict, "the buy-in is already recorded")
	}
	coop, err := o.C.Coop.Get(o.Sys, ms.CoopID)
	if err != nil {
		return nil, err
	}
	if amount.Currency != coop.Currency {
		return nil, apperr.InvalidField("amount", "the coop keeps its books in %s, not %s", coop.Currency, amount.Currency)
	}
	due, paid := *coop.BuyInCents, coopmoney.BuyInPaid(ms)
	outstanding := max(due-paid, 0)
	if amount.Cents < 0 || amount.Cents > outstanding || (amount.Cents == 0 && outstanding > 0) {
		return nil, &apperr.Error{Code: apperr.BadUserInput, Field: "amount",
			Message: fmt.Sprintf("the bylaws ask for a buy-in of %s, of which %s is outstanding: an instalment is positive and at most that",
				money.Format(due, coop.Currency), money.Format(outstanding, coop.Currency)),
			Extra: map[string]any{"outstanding": outstanding}}
	}
	if err := coopmoney.BookBuyInInstalment(o.Op, authz.RecordBuyIn, ms, coop.Currency, due, amount.Cents); err != nil {
		return nil, err
	}
	upd := o.C.Membership.UpdateOneID(ms.ID).SetBuyInPathway(ms.Pathway).
		SetBuyInPaidCents(paid + amount.Cents).SetBuyInCurrency(coop.Currency)
	newPathway := ms.BuyInPathway != ms.Pathway // what an earlier pathway recorded or waived does not count
	if newPathway {
		upd.ClearBuyInWaivedAt().ClearBuyInWaiverProposalID()
	}
	o.pathwayChanged(ms.ID)
	switch {
	case paid+amount.Cents >= due:
		upd.SetBuyInRecordedAt(o.Now)
	case newPathway:
		upd.ClearBuyInRecordedAt()
	}
	return upd.Save(o.As(authz.RecordBuyIn))
}

// CompleteMilestone lets a person report a milestone of their pathway done.
func (svc *Service) CompleteMilestone(ctx context.Context, membershipID, templateID int, note string) (*ent.MilestoneProgress, error) {
	o, ms, err := svc.beginOnMembership(ctx, membershipID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanCompleteMilestone(o.V, ms.PersonID); err != nil {
		return nil, err
	}
	tpl, err := o.C.MilestoneTemplate.Get(o.Ctx, templateID)
	if err == nil && tpl.CoopID != ms.CoopID {
		err = &ent.NotFoundError{} // another coop's template is as unknown as a missing one
	}
	if err != nil {
		return nil, apperr.FieldNotFound(err, "templateID", "templateID: not found")
	}
	if ms.State != membership.StateFREELANCER && ms.State != membership.StateCANDIDATE {
		return nil, apperr.InvalidField("membershipID", "milestones belong to the way to membership, not to %s", ms.State)
	}
	if tpl.ArchivedAt != nil {
		// CONFLICT like every new reference to an archived object (internal/archive).
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "templateID", Message: fmt.Sprintf("milestone %q is retired: the coop no longer asks for it", tpl.Name)}
	}
	p, err := o.C.MilestoneProgress.Query().
		Where(milestoneprogress.MembershipID(ms.ID), milestoneprogress.TemplateID(tpl.ID),
			milestoneprogress.Pathway(ms.Pathway)).Only(o.Sys)
	switch {
	case err == nil && p.CompletedAt != nil:
		return nil, apperr.New(apperr.Conflict, "milestone %q is already reported done", tpl.Name)
	case err == nil:
		o.pathwayChanged(ms.ID)
		return p.Update().SetCompletedAt(o.Now).SetNote(note).Save(o.As(authz.CompleteMilestone))
	case !ent.IsNotFound(err):
		return nil, err
	}
	o.pathwayChanged(ms.ID)
	return o.C.MilestoneProgress.Create().SetMembershipID(ms.ID).SetTemplateID(tpl.ID).SetPathway(ms.Pathway).
		SetCompletedAt(o.Now).SetNote(note).Save(o.As(authz.CompleteMilestone))
}

// VerifyMilestone confirms a reported milestone; the person cannot verify their own.
func (svc *Service) VerifyMilestone(ctx context.Context, progressID int) (*ent.MilestoneProgress, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	p, err := o.C.MilestoneProgress.Query().Where(milestoneprogress.ID(progressID)).WithMembership().Only(o.Ctx)
	if err != nil {
		return nil, err
	}
	ms := p.Edges.Membership
	if ms == nil {
		return nil, notFound("membership")
	}
	if err := authz.CanVerifyMilestone(o.V, ms.CoopID, ms.PersonID); err != nil {
		return nil, err
	}
	if ms.State != membership.StateFREELANCER && ms.State != membership.StateCANDIDATE {
		return nil, apperr.InvalidField("progressID", "milestones belong to the way to membership, not to %s", ms.State)
	}
	if p.Pathway != ms.Pathway {
		return nil, apperr.InvalidField("progressID", "the milestone belongs to an earlier pathway; a rejoin starts a new one")
	}
	if p.CompletedAt == nil {
		return nil, apperr.InvalidField("progressID", "the milestone is not reported done yet")
	}
	if p.VerifiedAt != nil {
		return nil, apperr.New(apperr.Conflict, "the milestone is already verified")
	}
	o.pathwayChanged(ms.ID)
	return p.Update().SetVerifiedAt(o.Now).SetVerifiedByID(o.V.PersonID).Save(o.As(authz.VerifyMilestone))
}
