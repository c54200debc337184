package authz

import (
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// The checks of the domain operations' rules: each says whether the viewer
// may make the write its rule (ruletable.go) covers, nil or FORBIDDEN with
// the reason. An operation calls the check, then writes under the same rule
// (domainop.Op.As), so both are one step from each other. Checks that
// need more than the viewer and the object's owners (the state machine,
// the budget's invariants) stay in the operation's domain package.

func allowedIf(ok bool, why string) error {
	if ok {
		return nil
	}
	return apperr.New(apperr.Forbidden, "%s", why)
}

// CanOpenProposal (OpenProposal): members of the coop.
func CanOpenProposal(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only members of the coop make proposals")
}

// CanProposeExclusion (ProposeExclusion): current members of the coop.
func CanProposeExclusion(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop propose to exclude a member")
}

// CanCastVote (CastVote): current members of the proposal's coop.
func CanCastVote(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop vote")
}

// CanCastCoopVote (CastCoopVote): the delegate named by the coop's bylaws,
// while a current member of it.
func CanCastCoopVote(v *viewer.Viewer, coop int, delegate *int) error {
	return allowedIf(v.IsActiveMember(coop) && delegate != nil && v.IsSelf(*delegate),
		"only the delegate the coop's bylaws name casts its vote")
}

// CanOpenNetworkProposal (OpenNetworkProposal): current members of one of
// the network's member coops (coops decide in a network: its admins and
// individual participants open no proposals of their own).
func CanOpenNetworkProposal(v *viewer.Viewer, memberCoops []int) error {
	for _, c := range memberCoops {
		if v.IsActiveMember(c) {
			return nil
		}
	}
	return apperr.New(apperr.Forbidden, "only current members of the network's member coops open its proposals")
}

// CanApplyToNetwork (ApplyToNetwork): current members of the applying coop.
func CanApplyToNetwork(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop apply for it to join a network")
}

// CanCloseProposal (CloseProposal): current members of the proposal's coop.
func CanCloseProposal(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop close proposals")
}

// CanAssignBuddy (AssignBuddy): members of the coop.
func CanAssignBuddy(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only members of the coop assign buddies")
}

// CanRecordBuyIn (RecordBuyIn): a member of the coop other than the
// candidate.
func CanRecordBuyIn(v *viewer.Viewer, coop, candidate int) error {
	return allowedIf(v.IsActiveMember(coop) && !v.IsSelf(candidate), "a member of the coop other than the candidate records the buy-in")
}

// CanCompleteMilestone (CompleteMilestone): the person on the pathway.
func CanCompleteMilestone(v *viewer.Viewer, person int) error {
	return allowedIf(v.IsSelf(person), "persons report their own milestones")
}

// CanVerifyMilestone (VerifyMilestone): a member of the coop other than the
// person.
func CanVerifyMilestone(v *viewer.Viewer, coop, person int) error {
	return allowedIf(v.IsActiveMember(coop) && !v.IsSelf(person), "a member of the coop other than the person verifies milestones")
}

// CanSetProjectStatus (SetProjectStatus): members of the lead coop.
func CanSetProjectStatus(v *viewer.Viewer, leadCoop int) error {
	return allowedIf(v.IsActiveMember(leadCoop), "only members of the lead coop change the project's status")
}

// CanChangeBudget (ChangeBudget, ProposeBudgetChange): members of the lead
// coop.
func CanChangeBudget(v *viewer.Viewer, leadCoop int) error {
	return allowedIf(v.IsActiveMember(leadCoop), "only members of the lead coop change the project's budget")
}

// CanLogTime (LogTime): the freelancer holding the share, or a member of
// the coop holding it.
func CanLogTime(v *viewer.Viewer, shareCoop, shareHolder *int) error {
	belongs := (shareHolder != nil && v.IsSelf(*shareHolder)) || (shareCoop != nil && v.IsActiveMember(*shareCoop))
	return allowedIf(belongs, "time is logged by the freelancer holding the share or by members of the coop holding it")
}

// CanEditTimeEntry (EditTimeEntry): the entry's author.
func CanEditTimeEntry(v *viewer.Viewer, author int) error {
	return allowedIf(v.IsSelf(author), "only the author edits a time entry")
}

// CanConsentToBudgetMotion (ConsentToBudgetMotion): members of the partner
// coop whose share the motion cuts.
func CanConsentToBudgetMotion(v *viewer.Viewer, partner int) error {
	return allowedIf(v.IsActiveMember(partner), "only members of the partner coop consent to reducing its share")
}

// CanConsentToOwnShareCut (ConsentToOwnShareCut): the freelancer holding
// the share the motion cuts.
func CanConsentToOwnShareCut(v *viewer.Viewer, holder int) error {
	return allowedIf(v.IsSelf(holder), "only the freelancer holding the share consents to reducing it")
}

// CanDeclineBudgetMotion (DeclineBudgetMotion): whoever may consent to the
// cut: the freelancer holding the share (holder), or a member of the
// partner coop (partner) whose bylaws let one member consent.
func CanDeclineBudgetMotion(v *viewer.Viewer, holder, partner *int) error {
	ok := (holder != nil && v.IsSelf(*holder)) || (partner != nil && v.IsActiveMember(*partner))
	return allowedIf(ok, "only the one whose consent the cut needs declines it")
}

// CanProposeSurplus (ProposeSurplus): members of the coop.
func CanProposeSurplus(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only members of the coop propose its surplus distribution")
}

// CanEndorseSkill (EndorseSkill): another participant of the skill's
// network than the person whose skill it is.
func CanEndorseSkill(v *viewer.Viewer, owner, network int) error {
	if v.IsSelf(owner) {
		return allowedIf(false, "you cannot endorse your own skill")
	}
	return allowedIf(v.InNetwork(network), "only participants of the skill's network endorse it")
}

// CanMergeSkills (MergeSkills): admins of the skills' network.
func CanMergeSkills(v *viewer.Viewer, network int) error {
	return allowedIf(v.IsAdmin(network), "only admins of the network may merge its skills")
}

// CanWidenProjectDeciders (WidenProjectDeciders): members of the lead coop.
func CanWidenProjectDeciders(v *viewer.Viewer, leadCoop int) error {
	return allowedIf(v.IsActiveMember(leadCoop), "only members of the lead coop let the project's share holders decide it")
}

// CanOpenProjectDecision (OpenProjectDecision): members of the lead coop;
// when the project's share holders decide it, also a share holder
// (shareHolder: the viewer holds a share, in person or through a partner
// coop they are a current member of).
func CanOpenProjectDecision(v *viewer.Viewer, leadCoop int, shareHolders, shareHolder bool) error {
	if shareHolders {
		return allowedIf(v.IsActiveMember(leadCoop) || shareHolder, "only members of the lead coop and the project's share holders propose its decisions")
	}
	return allowedIf(v.IsActiveMember(leadCoop), "only members of the lead coop propose the project's decisions (its lead coop decides it)")
}

// CanProposeBylawsChange (ProposeBylawsChange): members of the coop.
func CanProposeBylawsChange(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only members of the coop propose changes of its bylaws")
}
