package authz

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/availability"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/bylawsversion"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/endorsement"
	"github.com/coopnetwork/cockpit/ent/group"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/milestoneprogress"
	"github.com/coopnetwork/cockpit/ent/milestonetemplate"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/projectskillneed"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/ent/surplusdistribution"
	"github.com/coopnetwork/cockpit/ent/surpluspart"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Read filters: one predicate per type saying which rows the viewer may read.
// They compose (a budget share is readable when its project is), so each rule
// of DESIGN.md's table is written once.

// nothing matches no row; the anonymous viewer reads nothing.
func nothing[P ~func(*sql.Selector)]() P {
	return P(func(s *sql.Selector) { s.Where(sql.False()) })
}

// NetworkReadable: networks the viewer takes part in.
func NetworkReadable(v *viewer.Viewer) predicate.Network {
	if !v.Authenticated() {
		return nothing[predicate.Network]()
	}
	return network.IDIn(v.NetworkIDs()...)
}

// GroupReadable: the groups of the viewer's networks.
func GroupReadable(v *viewer.Viewer) predicate.Group {
	if !v.Authenticated() {
		return nothing[predicate.Group]()
	}
	return group.NetworkIDIn(v.NetworkIDs()...)
}

// NetworkMembershipReadable: who takes part in the viewer's networks.
func NetworkMembershipReadable(v *viewer.Viewer) predicate.NetworkMembership {
	if !v.Authenticated() {
		return nothing[predicate.NetworkMembership]()
	}
	return networkmembership.NetworkIDIn(v.NetworkIDs()...)
}

// SkillReadable: the taxonomy of the viewer's networks.
func SkillReadable(v *viewer.Viewer) predicate.Skill {
	if !v.Authenticated() {
		return nothing[predicate.Skill]()
	}
	return skill.NetworkIDIn(v.NetworkIDs()...)
}

// CoopReadable: coops of the viewer's networks and coops the viewer relates
// to, including through a past (LEFT) membership, and the lead coops of the
// projects the viewer reads through a share (their own or their coops'), so
// that the coop of a readable membership or project (a non-null field) never
// breaks the readable row.
func CoopReadable(v *viewer.Viewer) predicate.Coop {
	if !v.Authenticated() {
		return nothing[predicate.Coop]()
	}
	ids := v.VisibleCoops()
	for id := range v.Memberships {
		ids = append(ids, id)
	}
	return coop.Or(
		coop.IDIn(ids...),
		coop.HasLedProjectsWith(project.HasBudgetSharesWith(
			budgetshare.Or(budgetshare.CoopIDIn(v.MemberCoops()...), budgetshare.PersonID(v.PersonID)))),
	)
}

// leadOrPartnerProject: projects where the viewer is a member of the lead
// coop or of a partner coop holding a share.
func leadOrPartnerProject(v *viewer.Viewer) predicate.Project {
	members := v.MemberCoops()
	return project.Or(
		project.LeadCoopIDIn(members...),
		project.HasBudgetSharesWith(budgetshare.CoopIDIn(members...)),
	)
}

// wholeBudgetProject: projects whose whole budget the viewer reads (every
// share, its time and changes, the motions): the lead coop's and the
// partner coops' members, and, when the project's settings make its share
// holders its deciders (deciders SHARE_HOLDERS), a freelancer holding a
// share too, who decides the budget with them. A freelancer of a project
// its lead coop decides sees only their own share (DESIGN.md, "Settled
// visibility choices"). The one place that says who reads a project's
// budget in full.
func wholeBudgetProject(v *viewer.Viewer) predicate.Project {
	return project.Or(
		leadOrPartnerProject(v),
		project.And(project.DecidersEQ(project.DecidersSHARE_HOLDERS), project.HasBudgetSharesWith(budgetshare.PersonID(v.PersonID))),
	)
}

// PersonReadable: the public profile of the viewer, of everyone in the
// viewer's networks and coops, and of everyone working on the viewer's
// coops' projects.
func PersonReadable(v *viewer.Viewer) predicate.Person {
	if !v.Authenticated() {
		return nothing[predicate.Person]()
	}
	members := v.MemberCoops()
	return person.Or(
		person.ID(v.PersonID),
		person.HasNetworkMembershipsWith(networkmembership.NetworkIDIn(v.NetworkIDs()...)),
		person.HasMembershipsWith(membership.CoopIDIn(v.VisibleCoops()...), membership.StateNEQ(membership.StateLEFT)),
		person.HasMembershipsWith(membership.CoopIDIn(members...)),
		person.HasBudgetSharesWith(budgetshare.HasProjectWith(wholeBudgetProject(v))),
		person.HasTimeEntriesWith(timeentry.HasProjectWith(wholeBudgetProject(v))),
	)
}

// PersonSkillReadable: skills of readable persons in the viewer's networks.
func PersonSkillReadable(v *viewer.Viewer) predicate.PersonSkill {
	if !v.Authenticated() {
		return nothing[predicate.PersonSkill]()
	}
	return personskill.Or(
		personskill.PersonID(v.PersonID),
		personskill.And(
			personskill.HasSkillWith(skill.NetworkIDIn(v.NetworkIDs()...)),
			personskill.HasPersonWith(PersonReadable(v)),
		),
	)
}

// EndorsementReadable: with the endorsed person skill, for those who may
// also read the endorser.
func EndorsementReadable(v *viewer.Viewer) predicate.Endorsement {
	if !v.Authenticated() {
		return nothing[predicate.Endorsement]()
	}
	// The endorser must be readable too: an endorsement outlives the
	// endorser's participation (and keeps counting in endorsementCount), but
	// who gave it is shown only to those who may still see that person, and
	// the non-null endorser field never fails.
	return endorsement.And(
		endorsement.HasPersonSkillWith(PersonSkillReadable(v)),
		endorsement.HasEndorserWith(PersonReadable(v)),
	)
}

// AvailabilityReadable: the viewer's own and their coop-mates'.
func AvailabilityReadable(v *viewer.Viewer) predicate.Availability {
	if !v.Authenticated() {
		return nothing[predicate.Availability]()
	}
	return availability.PersonIDIn(v.PrivateProfileIDs()...)
}

// MembershipReadable: the viewer's own memberships and all memberships of
// coops where the viewer is a member. Talent search's coop and pathway
// filters apply this same predicate inside their SQL (talent/search.go).
func MembershipReadable(v *viewer.Viewer) predicate.Membership {
	if !v.Authenticated() {
		return nothing[predicate.Membership]()
	}
	return membership.Or(membership.PersonID(v.PersonID), membership.CoopIDIn(v.MemberCoops()...))
}

// PathwayEventReadable: the history of readable memberships.
func PathwayEventReadable(v *viewer.Viewer) predicate.PathwayEvent {
	if !v.Authenticated() {
		return nothing[predicate.PathwayEvent]()
	}
	return pathwayevent.HasMembershipWith(MembershipReadable(v))
}

// MilestoneTemplateReadable: the milestones of coops the viewer is on the pathway with.
func MilestoneTemplateReadable(v *viewer.Viewer) predicate.MilestoneTemplate {
	if !v.Authenticated() {
		return nothing[predicate.MilestoneTemplate]()
	}
	return milestonetemplate.CoopIDIn(v.RelatedCoops()...)
}

// MilestoneProgressReadable: progress on readable memberships.
func MilestoneProgressReadable(v *viewer.Viewer) predicate.MilestoneProgress {
	if !v.Authenticated() {
		return nothing[predicate.MilestoneProgress]()
	}
	return milestoneprogress.HasMembershipWith(MembershipReadable(v))
}

// ProposalReadable: decisions of the viewer's coops, the admission and
// exclusion proposals about the viewer's own membership (an excluded person
// keeps reading the decision that excluded them), decisions of the networks
// the viewer takes part in, network decisions about one of the viewer's
// coops (its application to join a network, its exclusion), and decisions
// of projects the viewer can read that the project's share holders take.
func ProposalReadable(v *viewer.Viewer) predicate.Proposal {
	if !v.Authenticated() {
		return nothing[predicate.Proposal]()
	}
	return proposal.Or(
		proposal.CoopIDIn(v.MemberCoops()...),
		proposal.And(proposal.KindIn(proposal.KindADMISSION, proposal.KindEXCLUSION), proposal.HasMembershipWith(membership.PersonID(v.PersonID))),
		proposal.NetworkIDIn(v.NetworkIDs()...),
		proposal.SubjectCoopIDIn(v.MemberCoops()...),
		proposal.And(proposal.ElectorateEQ(proposal.ElectorateSHARE_HOLDERS), proposal.HasProjectWith(ProjectReadable(v))),
	)
}

// CanReadVotes tells whether the viewer reads the votes of coop's own
// proposals (VoteReadable's first case): its members, active or paused.
func CanReadVotes(v *viewer.Viewer, coop int) bool { return v.IsMember(coop) }

// VoteReadable: votes on the decisions of the viewer's coops; on network
// and project decisions, where coops and share holders vote, every vote is
// as readable as the decision itself, so that everyone deciding sees how
// the others voted.
func VoteReadable(v *viewer.Viewer) predicate.Vote {
	if !v.Authenticated() {
		return nothing[predicate.Vote]()
	}
	return vote.HasProposalWith(proposal.Or(
		proposal.CoopIDIn(v.MemberCoops()...),
		proposal.And(proposal.ElectorateNEQ(proposal.ElectorateMEMBERS), ProposalReadable(v)),
	))
}

// ProjectReadable: projects of the viewer's coops (lead or partner) and
// projects where the viewer holds a share as a freelancer.
func ProjectReadable(v *viewer.Viewer) predicate.Project {
	if !v.Authenticated() {
		return nothing[predicate.Project]()
	}
	return project.Or(leadOrPartnerProject(v), project.HasBudgetSharesWith(budgetshare.PersonID(v.PersonID)))
}

// ProjectSkillNeedReadable: needs of readable projects.
func ProjectSkillNeedReadable(v *viewer.Viewer) predicate.ProjectSkillNeed {
	if !v.Authenticated() {
		return nothing[predicate.ProjectSkillNeed]()
	}
	return projectskillneed.HasProjectWith(ProjectReadable(v))
}

// BudgetShareReadable: every share of the viewer's coops' projects; a
// freelancer sees only their own share, unless the project's share holders
// decide it (wholeBudgetProject).
func BudgetShareReadable(v *viewer.Viewer) predicate.BudgetShare {
	if !v.Authenticated() {
		return nothing[predicate.BudgetShare]()
	}
	return budgetshare.Or(budgetshare.HasProjectWith(wholeBudgetProject(v)), budgetshare.PersonID(v.PersonID))
}

// TimeEntryReadable: time on the viewer's coops' projects; a freelancer sees
// the entries on their own share and their own entries.
func TimeEntryReadable(v *viewer.Viewer) predicate.TimeEntry {
	if !v.Authenticated() {
		return nothing[predicate.TimeEntry]()
	}
	return timeentry.Or(
		timeentry.HasProjectWith(wholeBudgetProject(v)),
		timeentry.HasShareWith(budgetshare.PersonID(v.PersonID)),
		timeentry.PersonID(v.PersonID),
	)
}

// filter turns a read predicate into a privacy query rule that narrows every
// query of the type and then allows it.
func filter[Q interface{ Where(...P) Q }, P any](read func(*viewer.Viewer) P) func(context.Context, Q) error {
	return func(ctx context.Context, q Q) error {
		if IsSystem(ctx) {
			return privacy.Allow
		}
		q.Where(read(viewerOf(ctx)))
		return privacy.Allow
	}
}

var _ = ent.IsNotFound

// BudgetChangeReadable: with the budget — the lead and partner coops'
// members; a freelancer the changes of their own share.
func BudgetChangeReadable(v *viewer.Viewer) predicate.BudgetChange {
	if !v.Authenticated() {
		return nothing[predicate.BudgetChange]()
	}
	return budgetchange.Or(
		budgetchange.HasProjectWith(wholeBudgetProject(v)),
		budgetchange.HasShareWith(budgetshare.PersonID(v.PersonID)),
	)
}

// BudgetMotionReadable: with the budget — the lead and partner coops'
// members; a freelancer the motions about their own share or offering them one.
func BudgetMotionReadable(v *viewer.Viewer) predicate.BudgetMotion {
	if !v.Authenticated() {
		return nothing[predicate.BudgetMotion]()
	}
	return budgetmotion.Or(
		budgetmotion.HasProjectWith(wholeBudgetProject(v)),
		budgetmotion.HasShareWith(budgetshare.PersonID(v.PersonID)),
		budgetmotion.PersonID(v.PersonID),
	)
}

// SurplusDistributionReadable: a coop's finances, to its members.
func SurplusDistributionReadable(v *viewer.Viewer) predicate.SurplusDistribution {
	if !v.Authenticated() {
		return nothing[predicate.SurplusDistribution]()
	}
	return surplusdistribution.CoopIDIn(v.MemberCoops()...)
}

// SurplusPartReadable: with the distribution.
func SurplusPartReadable(v *viewer.Viewer) predicate.SurplusPart {
	if !v.Authenticated() {
		return nothing[predicate.SurplusPart]()
	}
	return surpluspart.HasDistributionWith(SurplusDistributionReadable(v))
}

// BylawsVersionReadable: a coop's bylaws history to its members (it holds
// the members-only bylaws fields), a network's to its participants.
func BylawsVersionReadable(v *viewer.Viewer) predicate.BylawsVersion {
	if !v.Authenticated() {
		return nothing[predicate.BylawsVersion]()
	}
	return bylawsversion.Or(
		bylawsversion.CoopIDIn(v.MemberCoops()...),
		bylawsversion.NetworkIDIn(v.NetworkIDs()...),
	)
}
