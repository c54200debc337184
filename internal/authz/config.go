package authz

import "github.com/coopnetwork/cockpit/internal/viewer"

// Configuration of a network through the API (issue 16, item 2): a coop's
// pathway milestones, a project's skill needs, network admins, and groups'
// membership with the consent of those added. Each write is a domain
// operation (internal/governance milestones.go, internal/talent needs.go,
// roles.go, groupinvitations.go) that checks the rule below and writes
// under it.
var (
	ManageMilestones       = rule("ManageMilestones", "current members of a coop create, change and reorder its pathway milestones (retiring one is archiving it: the progress of those who completed it is kept)")
	ManageSkillNeeds       = rule("ManageSkillNeeds", "current members of a project's lead coop add, change and remove its skill needs, of skills of the lead coop's networks")
	GrantNetworkAdmin      = rule("GrantNetworkAdmin", "admins of a network make a person who takes part in it an admin too")
	RevokeNetworkAdmin     = rule("RevokeNetworkAdmin", "admins of a network take the admin role from one of its admins (themselves too), never from its last admin")
	InviteToGroup          = rule("InviteToGroup", "admins of a group's network invite a person taking part in the network, or a coop belonging to it, into the group; nobody is added before they accept")
	AcceptGroupInvitation  = rule("AcceptGroupInvitation", "the person invited, or a current member of the coop invited, accepts an open group invitation, which adds them to the group")
	DeclineGroupInvitation = rule("DeclineGroupInvitation", "the person invited, or a current member of the coop invited, declines an open group invitation")
	RevokeGroupInvitation  = rule("RevokeGroupInvitation", "admins of the group's network revoke an open group invitation")
)

// CanManageMilestones (ManageMilestones): current members of the coop.
func CanManageMilestones(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop change its pathway milestones")
}

// CanManageSkillNeeds (ManageSkillNeeds): current members of the project's
// lead coop.
func CanManageSkillNeeds(v *viewer.Viewer, leadCoop int) error {
	return allowedIf(v.IsActiveMember(leadCoop), "only current members of the lead coop change the project's skill needs")
}

// CanGrantNetworkAdmin (GrantNetworkAdmin): admins of the network.
func CanGrantNetworkAdmin(v *viewer.Viewer, network int) error {
	return allowedIf(v.IsAdmin(network), "only admins of the network make others admins")
}

// CanRevokeNetworkAdmin (RevokeNetworkAdmin): admins of the network.
func CanRevokeNetworkAdmin(v *viewer.Viewer, network int) error {
	return allowedIf(v.IsAdmin(network), "only admins of the network take the admin role from someone")
}

// CanInviteToGroup (InviteToGroup): admins of the group's network.
func CanInviteToGroup(v *viewer.Viewer, network int) error {
	return allowedIf(v.IsAdmin(network), "only admins of the group's network invite into the group")
}

// CanAnswerGroupInvitation (AcceptGroupInvitation, DeclineGroupInvitation):
// the person invited, or a current member of the coop invited.
func CanAnswerGroupInvitation(v *viewer.Viewer, person, coop *int) error {
	ok := (person != nil && v.IsSelf(*person)) || (coop != nil && v.IsActiveMember(*coop))
	return allowedIf(ok, "only the person invited, or a current member of the coop invited, answers a group invitation")
}

// CanRevokeGroupInvitation (RevokeGroupInvitation): admins of the group's
// network.
func CanRevokeGroupInvitation(v *viewer.Viewer, network int) error {
	return allowedIf(v.IsAdmin(network), "only admins of the group's network revoke its invitations")
}
