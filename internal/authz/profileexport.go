package authz

import (
	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/ent/profileprojectlisting"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Profile export (issue 18, item 6; internal/profileexport): a person lists
// projects they worked on in their exported profile (JSON Resume, printable
// page), one consent per project. The export itself is a read of the
// viewer's own data through their privacy-filtered client.
var (
	ListProjectOnProfile = rule("ListProjectOnProfile", "a person lists a project they worked on (held a budget share or logged time on it, and can still read it) in their exported profile, or withdraws that listing")
)

// CanListProjectOnProfile (ListProjectOnProfile): the signed-in person, for
// a project they read (checked by the caller: others are NOT_FOUND) and
// worked on.
func CanListProjectOnProfile(v *viewer.Viewer, worked bool) error {
	if !v.Authenticated() {
		return apperr.New(apperr.Unauthenticated, "sign in to list projects on your profile")
	}
	return allowedIf(worked, "you list only projects you worked on (held a budget share or logged time)")
}

// ProfileProjectListingReadable: a person's listings are their own.
func ProfileProjectListingReadable(v *viewer.Viewer) predicate.ProfileProjectListing {
	if !v.Authenticated() {
		return nothing[predicate.ProfileProjectListing]()
	}
	return profileprojectlisting.PersonID(v.PersonID)
}

// ProfileProjectListingPolicy: read by the person only; written only by
// setProjectListedOnProfile (ListProjectOnProfile) and by the erasure.
func ProfileProjectListingPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.ProfileProjectListingQueryRuleFunc(filter[*ent.ProfileProjectListingQuery](ProfileProjectListingReadable))},
		Mutation: systemOnly("a project is listed on a profile only by its person, with setProjectListedOnProfile"),
	}
}
