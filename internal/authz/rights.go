package authz

import (
	"strings"

	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Each person's data rights (issue 16, item 5; internal/rights): the export
// is a read of the viewer's own data; the erasure and the consents are
// writes, each under one of the rules below.
var (
	EraseOwnData          = rule("EraseOwnData", "a person erases their own personal data (eraseMe, confirmed by typing their e-mail or name); records the coops must keep stay, showing a former participant")
	ErasePersonByAdmin    = rule("ErasePersonByAdmin", "an admin of a network the person takes part in erases that person's personal data at their request made by other means (erasePerson, with a reason); records the coops must keep stay, showing a former participant")
	AcceptEtiquette       = rule("AcceptEtiquette", "a participant of a network accepts its etiquette at its current version")
	KeepOwnConsents       = rule("KeepOwnConsents", "a person gives or withdraws their own public-profile consent")
	RaiseEtiquetteVersion = rule("RaiseEtiquetteVersion", "a change of a network's etiquette text raises its etiquette version in the same write, so participants are asked to accept it again")
)

// CanEraseSelf (EraseOwnData): the signed-in person, confirming with their
// own e-mail (any case) or their exact name.
func CanEraseSelf(v *viewer.Viewer, personID int, email *string, name, confirm string) error {
	if !v.IsSelf(personID) {
		return forbidden("only you erase your own data")
	}
	c := strings.TrimSpace(confirm)
	if c != "" && (c == strings.TrimSpace(name) || (email != nil && strings.EqualFold(c, *email))) {
		return nil
	}
	return apperr.InvalidField("confirm", "type your e-mail address or your name exactly to confirm")
}

// CanErasePerson (ErasePersonByAdmin): an admin of a network the person
// takes part in directly (networkIDs: the person's network memberships).
// Admins erase others only: a person erases themself with eraseMe. A person
// the admin administers no network of is NOT_FOUND, like a missing one.
func CanErasePerson(v *viewer.Viewer, personID int, networkIDs []int) error {
	if v.IsSelf(personID) {
		return apperr.New(apperr.Forbidden, "erase your own data with eraseMe")
	}
	for _, n := range networkIDs {
		if v.IsAdmin(n) {
			return nil
		}
	}
	return &apperr.Error{Code: apperr.NotFound, Field: "personID", Message: "personID: not found"}
}

// CanAcceptEtiquette (AcceptEtiquette): a participant of the network,
// directly or through a coop. Others get NOT_FOUND.
func CanAcceptEtiquette(v *viewer.Viewer, networkID int) error {
	if v.InNetwork(networkID) {
		return nil
	}
	return &apperr.Error{Code: apperr.NotFound, Field: "networkID", Message: "networkID: not found"}
}

// CanKeepOwnConsents (KeepOwnConsents): anyone signed in, for themself.
func CanKeepOwnConsents(v *viewer.Viewer) error {
	return allowedIf(v.Authenticated(), "sign in to give or withdraw a consent")
}
