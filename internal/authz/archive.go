package authz

import "github.com/coopnetwork/cockpit/internal/viewer"

// Archive instead of delete (issue 16; internal/archive). An archived object
// leaves the default lists, keeps its history and every reference to it,
// refuses new references and changes, and can be restored by those who
// archived it. Each archivable type has one rule for both directions.
var (
	ArchiveProject           = rule("ArchiveProject", "current members of the lead coop archive a project that is not ACTIVE and has no open proposal or budget motion, or restore it")
	ArchiveGroup             = rule("ArchiveGroup", "admins of the group's network archive it, or restore it")
	ArchiveSkill             = rule("ArchiveSkill", "admins of the skill's network archive it (it stays on the persons and needs that have it, and is added to no new ones), or restore it")
	ArchiveMilestoneTemplate = rule("ArchiveMilestoneTemplate", "current members of the coop retire one of its milestone templates (completed progress is kept), or restore it")
	ArchiveAvailability      = rule("ArchiveAvailability", "a person archives one of their own availability windows, or restores it")
	ArchiveCoop              = rule("ArchiveCoop", "current members of a coop that dissolves archive it when nothing is running (no open proposal of or about it, no ACTIVE project it leads, no open budget motion of its projects), or restore it")
	DeleteAvailability       = rule("DeleteAvailability", "a person deletes one of their own availability windows entered by mistake (nothing refers to one)")
)

// CanArchiveProject (ArchiveProject): current members of the lead coop.
func CanArchiveProject(v *viewer.Viewer, leadCoop int) error {
	return allowedIf(v.IsActiveMember(leadCoop), "only current members of the lead coop archive or restore a project")
}

// CanArchiveGroup (ArchiveGroup): admins of the group's network.
func CanArchiveGroup(v *viewer.Viewer, network int) error {
	return allowedIf(v.IsAdmin(network), "only admins of the network archive or restore its groups")
}

// CanArchiveSkill (ArchiveSkill): admins of the skill's network.
func CanArchiveSkill(v *viewer.Viewer, network int) error {
	return allowedIf(v.IsAdmin(network), "only admins of the network archive or restore its skills")
}

// CanArchiveMilestoneTemplate (ArchiveMilestoneTemplate): current members
// of the coop.
func CanArchiveMilestoneTemplate(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop retire or restore its milestone templates")
}

// CanArchiveAvailability (ArchiveAvailability): the person themself.
func CanArchiveAvailability(v *viewer.Viewer, person int) error {
	return allowedIf(v.IsSelf(person), "only the person archives or restores their availability")
}

// CanArchiveCoop (ArchiveCoop): current members of the coop.
func CanArchiveCoop(v *viewer.Viewer, coop int) error {
	return allowedIf(v.IsActiveMember(coop), "only current members of the coop archive or restore it")
}

// CanDeleteAvailability (DeleteAvailability): the person themself.
func CanDeleteAvailability(v *viewer.Viewer, person int) error {
	return allowedIf(v.IsSelf(person), "only the person deletes their availability")
}
