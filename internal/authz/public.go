package authz

import (
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// The public face (issue 18, item 1; internal/publicface): what persons,
// coops and networks choose to show to anyone without a login. Each choice
// is a write under one of these rules; the anonymous read model applies the
// opt-in rule in one place (publicface.Listed and friends).
var (
	SetOwnPublicProfile       = rule("SetOwnPublicProfile", "a person chooses which parts of their own profile are public (name, city, skills, availability summary, coops); nothing is shown without their current public-profile consent")
	SetCoopPublicProfile      = rule("SetCoopPublicProfile", "active members of a coop publish or withdraw its public profile and set its public services, contact e-mail and website")
	SetNetworkPublicDirectory = rule("SetNetworkPublicDirectory", "admins of a network publish or withdraw its public directory and public talent search")
)

// CanSetOwnPublicProfile (SetOwnPublicProfile): anyone signed in, for
// themself.
func CanSetOwnPublicProfile(v *viewer.Viewer) error {
	return allowedIf(v.Authenticated(), "sign in to choose what of your profile is public")
}

// CanSetCoopPublicProfile (SetCoopPublicProfile): the coop's active
// members. Others get NOT_FOUND when they cannot read the coop (the caller
// checked that), FORBIDDEN when they can.
func CanSetCoopPublicProfile(v *viewer.Viewer, coopID int) error {
	if v.IsActiveMember(coopID) {
		return nil
	}
	return apperr.New(apperr.Forbidden, "only members of the coop publish its public profile")
}

// CanSetNetworkPublicDirectory (SetNetworkPublicDirectory): the network's
// admins; participants get FORBIDDEN, others NOT_FOUND.
func CanSetNetworkPublicDirectory(v *viewer.Viewer, networkID int) error {
	if v.IsAdmin(networkID) {
		return nil
	}
	if v.InNetwork(networkID) {
		return apperr.New(apperr.Forbidden, "only admins of the network publish its directory")
	}
	return &apperr.Error{Code: apperr.NotFound, Field: "networkID", Message: "networkID: not found"}
}
