package governance

import (
	"context"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/budgets"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/coopmoney"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/pathway"
)

// NewProposal is what a member proposes.
type NewProposal struct {
	CoopID       int
	Kind         proposal.Kind
	Title, Body  string
	ClosesAt     time.Time
	MembershipID *int                  // ADMISSION: the candidate's membership
	ProjectID    *int                  // BUDGET: the project
	Surplus      *budgets.SurplusTerms // SURPLUS: the distribution decided (ProposeSurplusDistribution)
	ParentID     *int                  // COOP_VOTE: the network or project proposal the coop decides its vote on
	Bylaws       *bylaws.Change        // BYLAWS: the change decided (ProposeBylawsChange)
	// Electorate: SHARE_HOLDERS for a project decision its share holders
	// take (projectvotes.go); MEMBERS (the default) otherwise.
	Electorate proposal.Electorate
	// CLOSE_BOOKS: the period whose books close when it passes (coopmoney.go).
	BooksPeriod *coopmoney.Period
	// BUY_IN_WAIVER: the candidate's membership whose buy-in is waived (dues.go).
	WaiverMembershipID *int
}

// CreateProposal opens a decision in a coop. The rule and quorum are copied
// from the bylaws now, so later bylaws changes apply to later proposals only.
func (svc *Service) CreateProposal(ctx context.Context, in NewProposal) (*ent.Proposal, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	coop, err := o.C.Coop.Get(o.Ctx, in.CoopID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanOpenProposal(o.V, coop.ID); err != nil {
		return nil, err
	}
	if !in.ClosesAt.After(o.Now) {
		return nil, apperr.InvalidField("closesAt", "closesAt must lie in the future")
	}
	switch {
	case slices.Contains(NetworkKinds, string(in.Kind)):
		return nil, apperr.InvalidField("kind", "a network's member coops decide %s: open it with proposeNetworkDecision, applyToNetwork or proposeNetworkBylawsChange", in.Kind)
	case in.Kind == proposal.KindSURPLUS:
		return nil, apperr.InvalidField("kind", "a SURPLUS proposal names its year and surplus: open it with proposeSurplusDistribution")
	case in.Kind == proposal.KindEXCLUSION:
		return nil, apperr.InvalidField("kind", "an EXCLUSION proposal names the member to exclude: open it with proposeExclusion")
	case in.Kind == proposal.KindPROJECT_GENERAL:
		return nil, apperr.InvalidField("kind", "a PROJECT_GENERAL decision is the project's: open it with proposeProjectDecision")
	case in.Kind == proposal.KindBYLAWS:
		return nil, apperr.InvalidField("kind", "a BYLAWS proposal carries the change it decides: open it with proposeBylawsChange")
	case in.Kind == proposal.KindCLOSE_BOOKS:
		return nil, apperr.InvalidField("kind", "a CLOSE_BOOKS proposal names the period: open it with proposeCloseBooks")
	case in.Kind == proposal.KindBUY_IN_WAIVER:
		return nil, apperr.InvalidField("kind", "a BUY_IN_WAIVER proposal names the membership: open it with proposeBuyInWaiver")
	case in.Kind == proposal.KindADMISSION && in.MembershipID == nil:
		return nil, apperr.InvalidField("membershipID", "an ADMISSION proposal names the candidate's membership")
	case in.Kind != proposal.KindADMISSION && in.MembershipID != nil:
		return nil, apperr.InvalidField("membershipID", "only ADMISSION proposals name a membership")
	case in.Kind == proposal.KindBUDGET && in.ProjectID == nil:
		return nil, apperr.InvalidField("projectID", "a BUDGET proposal names the project")
	case in.Kind != proposal.KindBUDGET && in.ProjectID != nil:
		return nil, apperr.InvalidField("projectID", "only BUDGET proposals name a project")
	}
	if in.MembershipID != nil {
		ms, err := o.C.Membership.Get(o.Ctx, *in.MembershipID)
		if err == nil && ms.CoopID != coop.ID {
			err = &ent.NotFoundError{} // another coop's membership is as unknown as a missing one
		}
		if err != nil {
			return nil, apperr.FieldNotFound(err, "membershipID", "membershipID: not found")
		}
		// Everything but the vote must be in place before members vote.
		f, err := o.facts(ms)
		if err != nil {
			return nil, err
		}
		f.AdmissionPassed = true
		if _, err := pathway.Check(f, pathway.Admit); err != nil {
			return nil, invalidTransition(err)
		}
		// Serialize admission proposals of one membership, so two racing
		// requests cannot both find none open.
		if _, err := o.C.Membership.Query().Where(membership.ID(ms.ID)).Unique(false).
			Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
			return nil, err
		}
		open, err := o.C.Proposal.Query().Where(proposal.MembershipID(ms.ID), proposal.StatusEQ(proposal.StatusOPEN)).Exist(o.Sys)
		if err != nil {
			return nil, err
		}
		if open {
			return nil, apperr.New(apperr.Conflict, "an admission proposal for this membership is already open")
		}
	}
	if in.ProjectID != nil {
		if _, err := o.C.Project.Get(o.Ctx, *in.ProjectID); err != nil {
			return nil, apperr.FieldNotFound(err, "projectID", "projectID: not found")
		}
	}
	return o.open(authz.OpenProposal, coop, in, nil)
}

// open opens a proposal in coop with the rule and quorum its bylaws say now.
func (o *op) open(rule *authz.Rule, coop *ent.Coop, in NewProposal, motionID *int) (*ent.Proposal, error) {
	c := o.C.Proposal.Create().
		SetCoopID(coop.ID).SetKind(in.Kind).SetTitle(in.Title).SetBody(in.Body).
		SetOpenedAt(o.Now).SetClosesAt(in.ClosesAt).SetAuthorID(o.V.PersonID).
		SetNillableMembershipID(in.MembershipID).SetNillableProjectID(in.ProjectID).
		SetNillableBudgetMotionID(motionID).SetNillableParentID(in.ParentID)
	if err := freezeRule(c, CoopRule(coop, in.Kind), o.Now, in.ClosesAt); err != nil {
		return nil, err
	}
	in.Surplus.Set(c)
	if in.Bylaws != nil {
		c.SetBylawsChange(*in.Bylaws)
	}
	c.SetNillableWaiverMembershipID(in.WaiverMembershipID)
	if in.BooksPeriod != nil {
		c.SetBooksPeriodStart(in.BooksPeriod.Start).SetBooksPeriodEnd(in.BooksPeriod.End)
	}
	if in.Electorate != "" {
		c.SetElectorate(in.Electorate)
		if err := o.freezeVoters(c, &ent.Proposal{Electorate: in.Electorate, ProjectID: in.ProjectID}); err != nil {
			return nil, err
		}
	}
	p, err := c.Save(o.As(rule))
	if err == nil {
		o.proposalChanged(coop.ID, p.ID, ProposalOpened)
	}
	return p, err
}

// CastVote records or changes the viewer's vote while the proposal is open.
func (svc *Service) CastVote(ctx context.Context, proposalID int, choice vote.Choice, reason string) (*ent.Vote, error) {
	o, p, err := svc.beginOnProposal(ctx, proposalID)
	if err != nil {
		return nil, err
	}
	if err := o.mayVoteInPerson(p); err != nil {
		return nil, err
	}
	if err := o.votable(p, choice, reason); err != nil {
		return nil, err
	}
	if err := o.mayVoteOnExclusion(p); err != nil { // exclusion.go
		return nil, err
	}
	// Vote under the proposal's row lock (see lockOpen): a close running
	// now counts this vote, or this vote waits and finds the proposal closed.
	if err := o.lockOpen(p.ID, "voting on this proposal has ended"); err != nil {
		return nil, err
	}
	o.announce(p, VoteCast)
	existing, err := o.C.Vote.Query().Where(vote.ProposalID(p.ID), vote.VoterID(o.V.PersonID), vote.VoterCoopIDIsNil()).Only(o.Sys)
	switch {
	case err == nil:
		return existing.Update().SetChoice(choice).SetReason(reason).SetCastAt(o.Now).Save(o.As(authz.CastVote))
	case !ent.IsNotFound(err):
		return nil, err
	}
	return o.C.Vote.Create().SetProposalID(p.ID).SetVoterID(o.V.PersonID).
		SetChoice(choice).SetReason(reason).SetCastAt(o.Now).Save(o.As(authz.CastVote))
}

// Closed is a proposal after closing, with how the votes were counted.
type Closed struct {
	Proposal *ent.Proposal
	Count    decision.Count
	Eligible int
	Outcome  decision.Outcome
}

// CloseProposal counts the votes as they stood when voting ended (see
// tally), decides by the proposal's rule and quorum and applies the effect
// (an admission moves the candidate), all in one transaction. A close that
// may happen always completes and records its outcome; an admission that
// has become impossible is withdrawn with the reason instead. A proposal
// closes exactly once: of two racing requests the second gets CONFLICT.
func (svc *Service) CloseProposal(ctx context.Context, proposalID int) (*Closed, error) {
	o, p, err := svc.beginOnProposal(ctx, proposalID)
	if err != nil {
		return nil, err
	}
	if err := o.mayClose(p); err != nil {
		return nil, err
	}
	return o.close(authz.CloseProposal, p)
}

// close is the close itself, once rule has allowed it: a member's close
// (CloseProposal, after authz.CanCloseProposal) or Cockpit's own at the
// deadline (CloseDue, under authz.CloseProposalAtDeadline). The proposal's
// status and its effects are written under rule.
func (o *op) close(rule *authz.Rule, p *ent.Proposal) (*Closed, error) {
	if p.Status != proposal.StatusOPEN {
		return nil, apperr.New(apperr.Conflict, "the proposal is already closed (%s)", p.Status)
	}
	// Count under the proposal's row lock: votes committed before it are
	// counted, votes arriving later wait and then find the proposal closed.
	if err := o.lockOpen(p.ID, "the proposal was closed meanwhile"); err != nil {
		return nil, err
	}
	count, eligible, err := o.tally(p)
	if err != nil {
		return nil, err
	}
	if o.Now.Before(p.ClosesAt) && count.Cast() < eligible {
		return nil, apperr.New(apperr.Conflict, "voting is open until %s and %d of %d members have voted",
			p.ClosesAt.Format(time.RFC3339), count.Cast(), eligible)
	}
	if minEnds := votingMinimumEnds(p.OpenedAt, p.MinVotingDays); o.Now.Before(p.ClosesAt) && o.Now.Before(minEnds) {
		return nil, apperr.New(apperr.Conflict, "everyone has voted, but the minimum voting period of %d day(s) runs until %s",
			p.MinVotingDays, minEnds.Format(time.RFC3339))
	}
	outcome, err := decision.Decide(RuleOf(p), eligible, count)
	if err != nil {
		return nil, err
	}
	status := proposal.StatusREJECTED
	if outcome.Passed {
		status = proposal.StatusPASSED
	}
	// An admission that cannot happen any more is withdrawn, not decided.
	if why, err := o.admissionImpossible(p); err != nil {
		return nil, err
	} else if why != "" {
		status, outcome.Passed, outcome.Reason = proposal.StatusWITHDRAWN, false, why
	}
	// So is an exclusion of someone who is no longer a member (exclusion.go).
	if why, err := o.exclusionImpossible(p); err != nil {
		return nil, err
	} else if why != "" {
		status, outcome.Passed, outcome.Reason = proposal.StatusWITHDRAWN, false, why
	}
	if err := o.castCoopVoteByDecision(p, &outcome); err != nil {
		return nil, err
	}
	if err := o.applyCoopMembershipDecision(p, &outcome); err != nil {
		return nil, err
	}
	if status == proposal.StatusPASSED {
		if err := o.applyProjectDecision(p, &outcome); err != nil {
			return nil, err
		}
	}
	n, err := o.C.Proposal.Update().Where(proposal.ID(p.ID), proposal.StatusEQ(proposal.StatusOPEN)).
		SetStatus(status).SetClosedAt(o.Now).SetCloseReason(outcome.Reason).Save(o.As(rule))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.New(apperr.Conflict, "the proposal was closed meanwhile")
	}
	o.announce(p, ProposalClosed)
	if p.Kind == proposal.KindADMISSION && p.MembershipID != nil && status != proposal.StatusWITHDRAWN {
		if err := o.admit(rule, *p.MembershipID, p.ID, outcome); err != nil {
			return nil, err
		}
	}
	if err := o.applyExclusion(p, status, outcome); err != nil { // exclusion.go
		return nil, err
	}
	if p.BudgetMotionID != nil {
		if err := budgets.Settle(o.Op, *p.BudgetMotionID, &p.ID, outcome.Passed); err != nil {
			return nil, err
		}
	}
	if p.Kind == proposal.KindSURPLUS {
		if err := o.applySurplus(p, outcome.Passed, &outcome.Reason); err != nil {
			return nil, err
		}
	}
	if p.Kind == proposal.KindBYLAWS || p.Kind == proposal.KindNETWORK_BYLAWS {
		if err := o.applyBylawsChange(p, outcome.Passed); err != nil {
			return nil, err
		}
	}
	if err := o.applyCoopMoneyDecision(p, outcome.Passed, &outcome.Reason); err != nil { // coopmoney.go
		return nil, err
	}
	if p, err = o.C.Proposal.Get(o.Ctx, p.ID); err != nil {
		return nil, err
	}
	return &Closed{Proposal: p, Count: count, Eligible: eligible, Outcome: outcome}, nil
}

// lockOpen holds the row lock of an OPEN proposal for the rest of the
// transaction, so that votes and closes of one proposal run one after the
// other; CONFLICT with msg when it is no longer open.
func (o *op) lockOpen(proposalID int, msg string) error {
	_, err := o.C.Proposal.Query().Where(proposal.ID(proposalID), proposal.StatusEQ(proposal.StatusOPEN)).
		Unique(false).Modify(domainop.LockRows).OnlyID(o.Sys)
	if ent.IsNotFound(err) {
		return apperr.New(apperr.Conflict, "%s", msg)
	}
	return err
}

// tally counts the votes as they stood when voting ended, so that the
// outcome does not depend on when, or by whom, closeProposal is called.
// Voting ends at closesAt, or earlier when a member closes the proposal once
// every eligible member has voted (CloseProposal refuses an early close
// before). The electorate is the coop's MEMBERs at that moment: now for an
// early close, and for a close after closesAt the state each membership had
// just before closesAt, replayed from its append-only PathwayEvent history
// (pausing, resuming, leaving or being admitted after closesAt changes
// nothing). Only the votes of that electorate count; votes are refused from
// closesAt on, so every stored vote was cast while voting was open.
func (o *op) tally(p *ent.Proposal) (count decision.Count, eligible int, err error) {
	voters, err := o.electorate(p)
	if err != nil {
		return count, 0, err
	}
	coops, err := o.coopElectorate(p)
	if err != nil {
		return count, 0, err
	}
	votes, err := o.C.Vote.Query().Where(vote.ProposalID(p.ID)).All(o.Sys)
	if err != nil {
		return count, 0, err
	}
	for _, v := range votes {
		switch {
		case v.VoterCoopID != nil && coops[*v.VoterCoopID]:
		case v.VoterCoopID == nil && v.VoterID != nil && voters[*v.VoterID]:
		default:
			continue
		}
		if err := count.Add(decision.Choice(v.Choice)); err != nil {
			return count, 0, err
		}
	}
	return count, len(voters) + len(coops), nil
}

// electorate returns the persons who may decide p as voting ended (see
// tally), without the member an EXCLUSION proposal is about: for a project
// decided by its share holders the freelancers holding a share
// (coopElectorate gives the coops), for a network proposal nobody in person.
func (o *op) electorate(p *ent.Proposal) (map[int]bool, error) {
	if p.Electorate != proposal.ElectorateMEMBERS {
		return o.shareHolderPersons(p)
	}
	voters := map[int]bool{}
	if o.Now.Before(p.ClosesAt) {
		ids, err := o.C.Membership.Query().
			Where(membership.CoopID(p.CoopID), membership.StateEQ(membership.StateMEMBER)).
			Select(membership.FieldPersonID).Ints(o.Sys)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			voters[id] = true
		}
		return voters, o.withoutExclusionSubject(p, voters) // exclusion.go
	}
	// Memberships that were ever MEMBERs; times are compared here rather
	// than in SQL, where SQLite compares them as text.
	mss, err := o.C.Membership.Query().Where(membership.CoopID(p.CoopID),
		membership.HasEventsWith(pathwayevent.ToStateEQ(pathwayevent.ToStateMEMBER))).
		WithEvents().All(o.Sys)
	if err != nil {
		return nil, err
	}
	for _, ms := range mss {
		var last *ent.PathwayEvent
		for _, ev := range ms.Edges.Events {
			if !ev.At.Before(p.ClosesAt) {
				continue
			}
			if last == nil || ev.At.After(last.At) || (ev.At.Equal(last.At) && ev.ID > last.ID) {
				last = ev
			}
		}
		if last != nil && last.ToState == pathwayevent.ToStateMEMBER {
			voters[ms.PersonID] = true
		}
	}
	return voters, o.withoutExclusionSubject(p, voters) // exclusion.go
}

// admissionImpossible says why an ADMISSION proposal can no longer take
// effect (its candidate is not a CANDIDATE any more), or "" when it can.
// Leaving withdraws the open proposal at once (move), so this is the
// safety net for a candidacy that ended any other way.
func (o *op) admissionImpossible(p *ent.Proposal) (string, error) {
	if p.Kind != proposal.KindADMISSION || p.MembershipID == nil {
		return "", nil
	}
	ms, err := o.C.Membership.Get(o.Sys, *p.MembershipID)
	if err != nil {
		return "", err
	}
	if ms.State != membership.StateCANDIDATE {
		return withdrawnReason(pathway.State(ms.State)), nil
	}
	return "", nil
}

// admit applies an admission's effect: MEMBER when it passed, back to
// FREELANCER when it failed. The guards other than the vote were checked
// when the proposal opened (CreateProposal) and are frozen with it: a buddy
// pausing, a milestone template or bylaws change meanwhile does not undo
// the members' decision, nor wedge the proposal open. rule is the close's.
func (o *op) admit(rule *authz.Rule, membershipID, proposalID int, outcome decision.Outcome) error {
	ms, err := o.C.Membership.Get(o.Sys, membershipID)
	if err != nil {
		return err
	}
	f, err := o.facts(ms)
	if err != nil {
		return err
	}
	t := pathway.Decline
	f.AdmissionFailed = !outcome.Passed
	f.AdmissionPassed = outcome.Passed
	f.GuardsFrozen = true
	if outcome.Passed {
		t = pathway.Admit
	}
	to, err := pathway.Check(f, t)
	if err != nil {
		return invalidTransition(err)
	}
	_, err = o.move(rule, ms, to, "admission decided: "+outcome.Reason, &proposalID)
	return err
}
