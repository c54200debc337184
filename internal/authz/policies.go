package authz

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/consent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/group"
	"github.com/coopnetwork/cockpit/ent/groupinvitation"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// The policy of every type, attached by its ent schema's Policy method.

// NetworkPolicy: participants read; anyone signed in founds a network (and
// becomes its admin); admins manage it. Which coops belong to it is decided
// by the edge rules (edges.go): only a coop's members bring it in.
func NetworkPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.NetworkQueryRuleFunc(filter[*ent.NetworkQuery](NetworkReadable))},
		Mutation: writePolicy(allowIf(func(ctx context.Context, v *viewer.Viewer, m *ent.NetworkMutation) (*Rule, bool, error) {
			if m.Op().Is(ent.OpCreate) {
				return FoundNetwork, true, nil
			}
			id, _ := m.ID()
			return ManageNetwork, v.IsAdmin(id) && !changesAny(m, networkBylaws), nil
		})),
	}
}

// GroupPolicy: participants read; network admins manage groups.
func GroupPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.GroupQueryRuleFunc(filter[*ent.GroupQuery](GroupReadable))},
		Mutation: writePolicy(allowIf(func(ctx context.Context, v *viewer.Viewer, m *ent.GroupMutation) (*Rule, bool, error) {
			network, err := fieldOrOld(ctx, m.NetworkID, m.OldNetworkID)
			return ManageGroups, v.IsAdmin(network), err
		})),
	}
}

// SkillPolicy: participants read; network admins manage the taxonomy.
func SkillPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.SkillQueryRuleFunc(filter[*ent.SkillQuery](SkillReadable))},
		Mutation: writePolicy(allowIf(func(ctx context.Context, v *viewer.Viewer, m *ent.SkillMutation) (*Rule, bool, error) {
			network, err := fieldOrOld(ctx, m.NetworkID, m.OldNetworkID)
			return ManageTaxonomy, v.IsAdmin(network), err
		})),
	}
}

// NetworkMembershipPolicy: participants read; a person takes part in a
// network only by their own act (founding it, signing up, accepting an
// invitation), written under that act's rule; rows are never deleted.
func NetworkMembershipPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.NetworkMembershipQueryRuleFunc(filter[*ent.NetworkMembershipQuery](NetworkMembershipReadable))},
		Mutation: systemOnly("a person takes part in a network only by their own act"),
	}
}

// CoopPolicy: the network directory reads coops; anyone signed in founds a
// coop (and becomes its first member) with its first bylaws; members change
// its profile. Bylaws change only under ApplyBylawsDecision.
func CoopPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.CoopQueryRuleFunc(filter[*ent.CoopQuery](CoopReadable))},
		Mutation: writePolicy(allowIf(func(ctx context.Context, v *viewer.Viewer, m *ent.CoopMutation) (*Rule, bool, error) {
			if m.Op().Is(ent.OpCreate) {
				return FoundCoop, true, nil
			}
			id, _ := m.ID()
			return ChangeCoop, v.IsActiveMember(id) && !changesAny(m, coopBylaws), nil
		})),
	}
}

// PersonPolicy: public profiles to the network; each person edits their own
// profile, but not their e-mail (changeEmail, confirmed by a verified login).
// Persons are created only by their own login or by accepting an invitation
// (internal/people), never by another person.
func PersonPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.PersonQueryRuleFunc(filter[*ent.PersonQuery](PersonReadable))},
		Mutation: writePolicy(allowIf(func(ctx context.Context, v *viewer.Viewer, m *ent.PersonMutation) (*Rule, bool, error) {
			// Persons are created by their own login or an accepted
			// invitation, and e-mails change only with changeEmail: both
			// write under their own rules (internal/people).
			_, email := m.Email()
			_, pending := m.PendingEmail()
			if m.Op().Is(ent.OpCreate) || email || pending || m.EmailCleared() || m.PendingEmailCleared() {
				return EditOwnProfile, false, nil
			}
			id, _ := m.ID()
			return EditOwnProfile, v.IsSelf(id), nil
		})),
	}
}

// PersonSkillPolicy: readable with the profile; each person keeps their own skills.
func PersonSkillPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.PersonSkillQueryRuleFunc(filter[*ent.PersonSkillQuery](PersonSkillReadable))},
		Mutation: writePolicy(allowIf(func(ctx context.Context, v *viewer.Viewer, m *ent.PersonSkillMutation) (*Rule, bool, error) {
			p, err := fieldOrOld(ctx, m.PersonID, m.OldPersonID)
			return KeepOwnSkills, v.IsSelf(p), err
		})),
	}
}

// AvailabilityPolicy: private to the person and their coop-mates; each person
// keeps their own.
func AvailabilityPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.AvailabilityQueryRuleFunc(filter[*ent.AvailabilityQuery](AvailabilityReadable))},
		Mutation: writePolicy(allowIf(func(ctx context.Context, v *viewer.Viewer, m *ent.AvailabilityMutation) (*Rule, bool, error) {
			p, err := fieldOrOld(ctx, m.PersonID, m.OldPersonID)
			return KeepOwnAvailability, v.IsSelf(p), err
		})),
	}
}

// ProjectPolicy: read by the lead and partner coops' members and share
// holders; written by members of the lead coop.
func ProjectPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.ProjectQueryRuleFunc(filter[*ent.ProjectQuery](ProjectReadable))},
		Mutation: writePolicy(allowIf(func(ctx context.Context, v *viewer.Viewer, m *ent.ProjectMutation) (*Rule, bool, error) {
			// Who decides the project changes only under its own rules
			// (setProjectDeciders, a PROJECT_GENERAL decision), never by a
			// generic update.
			if _, set := m.Deciders(); set && !m.Op().Is(ent.OpCreate) {
				return WidenProjectDeciders, false, nil
			}
			lead, err := fieldOrOld(ctx, m.LeadCoopID, m.OldLeadCoopID)
			return byOp(m, CreateProject, ChangeProject), v.IsActiveMember(lead), err
		})),
	}
}

// Types below change only through domain operations (pathway transitions,
// decisions, budgets), which check their own rules.

// MembershipPolicy: a person's own memberships, and their coop's to members.
func MembershipPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.MembershipQueryRuleFunc(filter[*ent.MembershipQuery](MembershipReadable))},
		Mutation: systemOnly("memberships change only through pathway transitions"),
	}
}

// PathwayEventPolicy: history of readable memberships; written with transitions.
func PathwayEventPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.PathwayEventQueryRuleFunc(filter[*ent.PathwayEventQuery](PathwayEventReadable))},
		Mutation: systemOnly("pathway history is written only by pathway transitions"),
	}
}

// MilestoneTemplatePolicy: visible to everyone on the coop's pathway.
func MilestoneTemplatePolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.MilestoneTemplateQueryRuleFunc(filter[*ent.MilestoneTemplateQuery](MilestoneTemplateReadable))},
		Mutation: systemOnly("milestones change only through the coop's pathway operations"),
	}
}

// MilestoneProgressPolicy: progress of readable memberships.
func MilestoneProgressPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.MilestoneProgressQueryRuleFunc(filter[*ent.MilestoneProgressQuery](MilestoneProgressReadable))},
		Mutation: systemOnly("milestones change only through pathway operations"),
	}
}

// ProposalPolicy: the coop's members (and a candidate, their own admission).
func ProposalPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.ProposalQueryRuleFunc(filter[*ent.ProposalQuery](ProposalReadable))},
		Mutation: systemOnly("proposals change only through decision operations"),
	}
}

// VotePolicy: the coop's members.
func VotePolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.VoteQueryRuleFunc(filter[*ent.VoteQuery](VoteReadable))},
		Mutation: systemOnly("votes are cast only through decision operations"),
	}
}

// ProjectSkillNeedPolicy: with the project.
func ProjectSkillNeedPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.ProjectSkillNeedQueryRuleFunc(filter[*ent.ProjectSkillNeedQuery](ProjectSkillNeedReadable))},
		Mutation: systemOnly("project skill needs change only through project operations"),
	}
}

// BudgetSharePolicy: lead and partner coops' members; a freelancer their own share.
func BudgetSharePolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.BudgetShareQueryRuleFunc(filter[*ent.BudgetShareQuery](BudgetShareReadable))},
		Mutation: systemOnly("budget shares change only through budget operations"),
	}
}

// TimeEntryPolicy: with the share; each person logs their own time.
func TimeEntryPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.TimeEntryQueryRuleFunc(filter[*ent.TimeEntryQuery](TimeEntryReadable))},
		Mutation: systemOnly("time entries are recorded only through time tracking"),
	}
}

// fieldOrOld returns a field's new value on create and its stored value on
// update (these foreign keys are immutable).
func fieldOrOld(ctx context.Context, get func() (int, bool), old func(context.Context) (int, error)) (int, error) {
	if v, ok := get(); ok {
		return v, nil
	}
	return old(ctx)
}

// BudgetChangePolicy: with the budget; written only by budget operations.
func BudgetChangePolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.BudgetChangeQueryRuleFunc(filter[*ent.BudgetChangeQuery](BudgetChangeReadable))},
		Mutation: systemOnly("the budget history is written only by budget operations"),
	}
}

// BudgetMotionPolicy: with the budget; written only by budget decisions.
func BudgetMotionPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.BudgetMotionQueryRuleFunc(filter[*ent.BudgetMotionQuery](BudgetMotionReadable))},
		Mutation: systemOnly("budget motions are written only by proposeBudgetChange and the decisions on them"),
	}
}

// SurplusDistributionPolicy: the coop's members; recorded only by a passed
// SURPLUS decision (ApplySurplusDecision).
func SurplusDistributionPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.SurplusDistributionQueryRuleFunc(filter[*ent.SurplusDistributionQuery](SurplusDistributionReadable))},
		Mutation: systemOnly("surplus distributions are recorded only by a passed SURPLUS decision"),
	}
}

// SurplusPartPolicy: with the distribution.
func SurplusPartPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.SurplusPartQueryRuleFunc(filter[*ent.SurplusPartQuery](SurplusPartReadable))},
		Mutation: systemOnly("surplus distributions are recorded only by a passed SURPLUS decision"),
	}
}

// EndorsementPolicy: readable with the person skill; given and withdrawn only
// through the talent operations (not self, once per endorser, endorser in the
// skill's network), which keep PersonSkill.endorsementCount in step.
func EndorsementPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.EndorsementQueryRuleFunc(filter[*ent.EndorsementQuery](EndorsementReadable))},
		Mutation: systemOnly("endorsements are given only with endorseSkill and withdrawn only with withdrawEndorsement"),
	}
}

// BylawsVersionPolicy: with the bylaws: a coop's history to its members, a
// network's to its participants; recorded at founding and by passed bylaws
// decisions only.
func BylawsVersionPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.BylawsVersionQueryRuleFunc(filter[*ent.BylawsVersionQuery](BylawsVersionReadable))},
		Mutation: systemOnly("bylaws versions are recorded only at founding and by passed bylaws decisions"),
	}
}

// The bylaws fields of coops and networks: set at founding, changed only by
// a passed bylaws decision (ApplyBylawsDecision), never by a profile edit.
var (
	coopBylaws = []string{
		coop.FieldCandidacyDays, coop.FieldFreelancerRightToJoinDays, coop.FieldAdmissionRule, coop.FieldQuorumPercent,
		coop.FieldBuyInCents, coop.FieldSurplusSharePercent, coop.FieldBudgetChangeThresholdCents, coop.FieldCurrency,
		coop.FieldShareReductionConsent, coop.FieldDecisionRules, coop.FieldBylawsText, coop.FieldBylawsVersion,
		coop.FieldNetworkVotes, coop.FieldNetworkDelegateID, coop.FieldSurplusIncludesFormerMembers,
		coop.FieldMonthlyDuesCents, coop.FieldOverheadLevyBasisPoints, coop.FieldSurplusBasis, coop.FieldBooksClosedBy, // issue 17
	}
	networkBylaws = []string{
		network.FieldDefaultRule, network.FieldQuorumPercent, network.FieldDecisionRules, network.FieldParticipantVoice,
		network.FieldBylawsText, network.FieldBylawsVersion,
	}
)

// changesAny reports whether m sets or clears one of fields.
func changesAny(m ent.Mutation, fields []string) bool {
	for _, f := range fields {
		if _, set := m.Field(f); set || m.FieldCleared(f) {
			return true
		}
	}
	return false
}

// AuditRecordPolicy: the audit log is read only through internal/audit,
// which reads under SystemRead and applies its own visibility (coop
// members, network admins, the person concerned) and the field rules of
// AuditFieldReadable: a viewer's own query reads nothing. Records are
// written only by the recorder (RecordAudit) and never changed or deleted.
func AuditRecordPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AuditRecordQueryRuleFunc(filter[*ent.AuditRecordQuery](func(*viewer.Viewer) predicate.AuditRecord { return nothing[predicate.AuditRecord]() }))},
		Mutation: auditPolicy(false),
	}
}

// AuditObjectPolicy: with its record; only an erasure scrubs its values
// (ScrubErasedPersonFromAudit).
func AuditObjectPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AuditObjectQueryRuleFunc(filter[*ent.AuditObjectQuery](func(*viewer.Viewer) predicate.AuditObject { return nothing[predicate.AuditObject]() }))},
		Mutation: auditPolicy(true),
	}
}

// ConsentPolicy: a person's consents are their own.
func ConsentPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.ConsentQueryRuleFunc(filter[*ent.ConsentQuery](func(v *viewer.Viewer) predicate.Consent {
			if !v.Authenticated() {
				return nothing[predicate.Consent]()
			}
			return consent.PersonID(v.PersonID)
		}))},
		Mutation: systemOnly("consents are given and withdrawn only by the person, through the consent operations"),
	}
}

// GroupInvitationPolicy: read by the group's network admins (all of its
// invitations, answered ones too) and by those asked (the person, the
// invited coop's members, paused ones included); written only by
// inviteToGroup, acceptGroupInvitation, declineGroupInvitation and
// revokeGroupInvitation (internal/talent groupinvitations.go), under the
// rules of config.go.
func GroupInvitationPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.GroupInvitationQueryRuleFunc(filter[*ent.GroupInvitationQuery](func(v *viewer.Viewer) predicate.GroupInvitation {
			if !v.Authenticated() {
				return nothing[predicate.GroupInvitation]()
			}
			return groupinvitation.Or(
				groupinvitation.PersonID(v.PersonID),
				groupinvitation.CoopIDIn(v.MemberCoops()...),
				groupinvitation.HasGroupWith(group.NetworkIDIn(v.AdminNetworkIDs()...)),
			)
		}))},
		Mutation: systemOnly("group invitations change only through inviteToGroup, acceptGroupInvitation, declineGroupInvitation and revokeGroupInvitation"),
	}
}
