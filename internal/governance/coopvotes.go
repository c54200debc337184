package governance

// Decisions where coops vote (DESIGN.md, "Decisions"): in a network each
// member coop has one vote; on a project whose settings make every share
// holder a decider, the lead coop and each partner coop have one vote and
// each freelancer one. A coop's vote is cast by the delegate its bylaws
// name, or by an internal COOP_VOTE proposal of its members whose outcome
// becomes the coop's vote when it closes.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/decision"
)

// coopElectorate returns the coops that vote on p, one vote each, as
// fixed when p opened (Proposal.voters; see freezeVoters). A proposal
// opened before voters were recorded has them taken now (liveVoters).
func (o *op) coopElectorate(p *ent.Proposal) (map[int]bool, error) {
	v, err := o.votersOf(p)
	return set(v.Coops), err
}

// shareHolderPersons returns the persons who vote in person on p: on a
// project decided by its share holders, the freelancers holding a share
// (see liveVoters), as fixed when p opened.
func (o *op) shareHolderPersons(p *ent.Proposal) (map[int]bool, error) {
	v, err := o.votersOf(p)
	return set(v.Persons), err
}

func (o *op) votersOf(p *ent.Proposal) (decision.Voters, error) {
	if p.Electorate == proposal.ElectorateMEMBERS {
		return decision.Voters{}, nil
	}
	if p.Voters != nil {
		return *p.Voters, nil
	}
	return o.liveVoters(p)
}

// freezeVoters records on a network or project proposal being opened who
// decides it: the electorate is fixed when it opens, so neither a share
// created nor a coop admitted or leaving during the vote, nor the moment
// of the close, changes who decides. (A coop's own decisions replay their
// MEMBERs at closesAt from the pathway history instead; network membership
// and shares keep no such history.)
func (o *op) freezeVoters(c *ent.ProposalCreate, p *ent.Proposal) error {
	v, err := o.liveVoters(p)
	if err == nil {
		c.SetVoters(&v)
	}
	return err
}

// liveVoters computes who decides p now: for a network proposal the
// network's member coops except the coop it is about (an applicant or a
// coop facing exclusion does not vote on itself); for a project decided by
// its share holders the lead coop and every partner coop holding a share,
// one vote each, and every person holding a share who is not a current
// member of one of those coops (whose coop votes for them) in person.
func (o *op) liveVoters(p *ent.Proposal) (decision.Voters, error) {
	var v decision.Voters
	var err error
	switch p.Electorate {
	case proposal.ElectorateCOOPS:
		if p.NetworkID == nil {
			return v, nil
		}
		v.Coops, err = o.C.Coop.Query().Where(coop.HasNetworksWith(network.ID(*p.NetworkID))).IDs(o.Sys)
	case proposal.ElectorateSHARE_HOLDERS:
		if p.ProjectID == nil {
			return v, nil
		}
		var pr *ent.Project
		if pr, err = o.C.Project.Get(o.Sys, *p.ProjectID); err != nil {
			return v, err
		}
		if v.Coops, err = o.C.BudgetShare.Query().Where(budgetshare.ProjectID(pr.ID), budgetshare.CoopIDNotNil()).
			Select(budgetshare.FieldCoopID).Ints(o.Sys); err != nil {
			return v, err
		}
		v.Coops = append(v.Coops, pr.LeadCoopID)
		if v.Persons, err = o.C.BudgetShare.Query().Where(budgetshare.ProjectID(pr.ID), budgetshare.PersonIDNotNil(),
			budgetshare.Not(budgetshare.HasPersonWith(person.HasMembershipsWith(
				membership.CoopIDIn(v.Coops...), membership.StateEQ(membership.StateMEMBER))))).
			Select(budgetshare.FieldPersonID).Ints(o.Sys); err != nil {
			return v, err
		}
	}
	if p.SubjectCoopID != nil {
		v.Coops = slices.DeleteFunc(v.Coops, func(id int) bool { return id == *p.SubjectCoopID })
	}
	slices.Sort(v.Coops)
	v.Coops = slices.Compact(v.Coops)
	slices.Sort(v.Persons)
	v.Persons = slices.Compact(v.Persons)
	return v, err
}

func set(ids []int) map[int]bool {
	m := make(map[int]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// CastCoopVote records or changes coopID's vote on a network or project
// proposal, cast by the delegate the coop's bylaws name.
func (svc *Service) CastCoopVote(ctx context.Context, proposalID, coopID int, choice vote.Choice, reason string) (*ent.Vote, error) {
	o, p, err := svc.beginOnProposal(ctx, proposalID)
	if err != nil {
		return nil, err
	}
	c, err := o.C.Coop.Get(o.Ctx, coopID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanCastCoopVote(o.V, c.ID, c.NetworkDelegateID); err != nil {
		return nil, err
	}
	if c.NetworkVotes != coop.NetworkVotesDELEGATE {
		return nil, forbidden("the coop's bylaws have its vote decided by its members: open a COOP_VOTE proposal (proposeCoopVote)")
	}
	if err := o.votable(p, choice, reason); err != nil {
		return nil, err
	}
	if err := o.mayVoteAsCoop(p, c.ID); err != nil {
		return nil, err
	}
	return o.recordCoopVote(p, c.ID, choice, reason, &o.V.PersonID, nil, authz.CastCoopVote)
}

// votable checks that p takes votes now and that the choice is complete.
func (o *op) votable(p *ent.Proposal, choice vote.Choice, reason string) error {
	if p.Status != proposal.StatusOPEN || !o.Now.Before(p.ClosesAt) {
		return apperr.New(apperr.Conflict, "voting on this proposal has ended")
	}
	if p.Rule == proposal.RuleCONSENT && choice == vote.ChoiceBLOCK && strings.TrimSpace(reason) == "" {
		return apperr.InvalidField("reason", "an objection (BLOCK) to a CONSENT proposal gives its reason")
	}
	return nil
}

// mayVoteAsCoop says whether coopID is one of the coops voting on p.
func (o *op) mayVoteAsCoop(p *ent.Proposal, coopID int) error {
	coops, err := o.coopElectorate(p)
	if err != nil {
		return err
	}
	if !coops[coopID] {
		return forbidden("this coop does not vote on this proposal")
	}
	return nil
}

// recordCoopVote records or replaces coopID's one vote under p's row lock
// (see lockOpen), cast by a delegate (by) or a COOP_VOTE decision.
func (o *op) recordCoopVote(p *ent.Proposal, coopID int, choice vote.Choice, reason string, by, decidedBy *int, rule *authz.Rule) (*ent.Vote, error) {
	if err := o.lockOpen(p.ID, "voting on this proposal has ended"); err != nil {
		return nil, err
	}
	o.announce(p, VoteCast)
	existing, err := o.C.Vote.Query().Where(vote.ProposalID(p.ID), vote.VoterCoopID(coopID)).Only(o.Sys)
	switch {
	case err == nil:
		u := existing.Update().SetChoice(choice).SetReason(reason).SetCastAt(o.Now).ClearVoterID().ClearDecidedByID()
		return u.SetNillableVoterID(by).SetNillableDecidedByID(decidedBy).Save(o.As(rule))
	case !ent.IsNotFound(err):
		return nil, err
	}
	return o.C.Vote.Create().SetProposalID(p.ID).SetVoterCoopID(coopID).SetNillableVoterID(by).
		SetNillableDecidedByID(decidedBy).SetChoice(choice).SetReason(reason).SetCastAt(o.Now).Save(o.As(rule))
}

// NewCoopVote is an internal decision of a coop on its vote.
type NewCoopVote struct {
	ParentID, CoopID int
	Title, Body      string
	ClosesAt         time.Time
}

// ProposeCoopVote opens a COOP_VOTE proposal: the members of a coop that
// votes on a network or project proposal decide the coop's vote by the
// bylaws' COOP_VOTE rule. When it closes, PASSED casts YES, REJECTED NO and
// a missed quorum ABSTAIN, if the parent still takes votes. It must close
// before the parent does.
func (svc *Service) ProposeCoopVote(ctx context.Context, in NewCoopVote) (*ent.Proposal, error) {
	o, parent, err := svc.beginOnProposal(ctx, in.ParentID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "proposalID", "proposalID: not found")
	}
	c, err := o.C.Coop.Get(o.Ctx, in.CoopID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if err := authz.CanOpenProposal(o.V, c.ID); err != nil {
		return nil, err
	}
	if c.NetworkVotes != coop.NetworkVotesINTERNAL_PROPOSAL {
		return nil, forbidden("the coop's bylaws have its delegate cast its vote")
	}
	if err := o.votable(parent, vote.ChoiceYES, ""); err != nil {
		return nil, err
	}
	if err := o.mayVoteAsCoop(parent, c.ID); err != nil {
		return nil, err
	}
	if !in.ClosesAt.After(o.Now) || !in.ClosesAt.Before(parent.ClosesAt) {
		return nil, apperr.InvalidField("closesAt", "the coop decides its vote before the proposal closes: closesAt lies between now and %s",
			parent.ClosesAt.Format(time.RFC3339))
	}
	if in.Title == "" {
		in.Title = "Our vote: " + parent.Title
	}
	p, err := o.open(authz.OpenCoopVote, c, NewProposal{CoopID: c.ID, Kind: proposal.KindCOOP_VOTE,
		Title: in.Title, Body: in.Body, ClosesAt: in.ClosesAt, ParentID: &parent.ID}, nil)
	if ent.IsConstraintError(err) {
		return nil, apperr.New(apperr.Conflict, "the coop is already deciding its vote on this proposal")
	}
	return p, err
}

// castCoopVoteByDecision casts the coop vote a COOP_VOTE proposal p decided
// on its parent, in p's closing transaction, before p's outcome is written.
// A parent that no longer takes votes keeps its votes; the reason says so.
func (o *op) castCoopVoteByDecision(p *ent.Proposal, outcome *decision.Outcome) error {
	if p.Kind != proposal.KindCOOP_VOTE || p.ParentID == nil {
		return nil
	}
	parent, err := o.C.Proposal.Get(o.Sys, *p.ParentID)
	if err != nil {
		return err
	}
	choice := vote.ChoiceNO
	switch {
	case !outcome.QuorumReached:
		choice = vote.ChoiceABSTAIN
	case outcome.Passed:
		choice = vote.ChoiceYES
	}
	if err := o.votable(parent, choice, ""); err != nil {
		outcome.Reason += "; the coop's vote was not cast: " + err.Error()
		return nil
	}
	if err := o.mayVoteAsCoop(parent, p.CoopID); err != nil {
		outcome.Reason += "; the coop's vote was not cast: " + err.Error()
		return nil
	}
	// The reason names no internal tally: the coop's own votes stay the
	// coop's (decidedBy is readable by its members only).
	if _, err := o.recordCoopVote(parent, p.CoopID, choice, "decided by the coop's members",
		nil, &p.ID, authz.CastCoopVoteByDecision); err != nil {
		return err
	}
	outcome.Reason += fmt.Sprintf("; the coop votes %s", choice)
	return nil
}

// mayVoteInPerson says whether the viewer votes on p themself: a current
// member on a coop's own proposal, a freelancer holding a share on a
// project decided by its share holders. Members of a voting coop vote
// through their coop.
func (o *op) mayVoteInPerson(p *ent.Proposal) error {
	switch p.Electorate {
	case proposal.ElectorateMEMBERS:
		return authz.CanCastVote(o.V, p.CoopID)
	case proposal.ElectorateSHARE_HOLDERS:
		persons, err := o.shareHolderPersons(p)
		if err != nil || persons[o.V.PersonID] {
			return err
		}
	}
	return forbidden("coops vote on this proposal, one vote each: a coop's vote is cast by its delegate (castCoopVote) or decided by its members (proposeCoopVote)")
}

// mayClose says whether the viewer may close p (once voting ended, or
// everyone voted): a current member of its coop for a coop's own proposal;
// for a network or project proposal anyone who takes part in deciding it (a
// member of a voting coop, a freelancer share holder) or, for a network
// proposal, an admin of the network.
func (o *op) mayClose(p *ent.Proposal) error {
	if p.Electorate == proposal.ElectorateMEMBERS {
		return authz.CanCloseProposal(o.V, p.CoopID)
	}
	if p.NetworkID != nil && o.V.IsAdmin(*p.NetworkID) {
		return nil
	}
	persons, err := o.shareHolderPersons(p)
	if err != nil || persons[o.V.PersonID] {
		return err
	}
	if in, err := o.inVotingCoop(p); err != nil || in {
		return err
	}
	return forbidden("only those who decide this proposal close it")
}

// inVotingCoop says whether the viewer is a current member of a coop that
// votes on p.
func (o *op) inVotingCoop(p *ent.Proposal) (bool, error) {
	coops, err := o.coopElectorate(p)
	if err != nil {
		return false, err
	}
	for c := range coops {
		if o.V.IsActiveMember(c) {
			return true, nil
		}
	}
	return false, nil
}
