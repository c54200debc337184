package authz

import (
	"entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/invitation"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Invitations (DESIGN.md, "Invitation"): an address reserves nothing until a
// person accepts, so an invitation is seen only by those it concerns, and it
// is written only by the operations of internal/people, each of which names
// the rule below that allowed it.

// InvitationPolicy: read by the inviting network's admins and by the person
// the invitation is addressed to (their current, verified e-mail) or who
// accepted it; written only by inviteToNetwork, acceptInvitation,
// declineInvitation and revokeInvitation.
func InvitationPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.InvitationQueryRuleFunc(filter[*ent.InvitationQuery](InvitationReadable))},
		Mutation: systemOnly("invitations change only through inviteToNetwork, acceptInvitation, declineInvitation and revokeInvitation"),
	}
}

// InvitationReadable: invitations of the networks the viewer administers,
// those addressed to the viewer's e-mail, and those the viewer accepted.
// Admins of other networks and everyone else see none (NOT_FOUND).
func InvitationReadable(v *viewer.Viewer) predicate.Invitation {
	if !v.Authenticated() {
		return nothing[predicate.Invitation]()
	}
	return invitation.Or(
		invitation.NetworkIDIn(v.AdminNetworkIDs()...),
		invitation.AcceptedByID(v.PersonID),
		func(s *sql.Selector) {
			own := sql.Select(person.FieldEmail).From(sql.Table(person.Table)).
				Where(sql.And(sql.EQ(person.FieldID, v.PersonID), sql.NotNull(person.FieldEmail)))
			s.Where(sql.In(s.C(invitation.FieldEmail), own))
		},
	)
}

// CanInviteToNetwork: only an admin of the network invites to it.
func CanInviteToNetwork(v *viewer.Viewer, networkID int) bool { return v.IsAdmin(networkID) }

// CanRevokeInvitation: only the inviting network's admins revoke its invitations.
func CanRevokeInvitation(v *viewer.Viewer, inv *ent.Invitation) bool {
	return v.IsAdmin(inv.NetworkID)
}

// CanAnswerInvitationAsAddressee: the signed-in person whose current e-mail
// (always one a login verified) is the invited address accepts or declines
// it. personEmail is that person's stored e-mail, nil when they have none.
func CanAnswerInvitationAsAddressee(v *viewer.Viewer, personEmail *string, inv *ent.Invitation) bool {
	return v.Authenticated() && personEmail != nil && *personEmail == inv.Email
}

// CanAcceptInvitationByToken: whoever presents the invitation's one-time
// token (checked by hash) accepts it, signed in or on their first login:
// the token is what the inviting admin sent to the address.
func CanAcceptInvitationByToken(tokenHash string, inv *ent.Invitation) bool {
	return tokenHash != "" && inv.TokenHash != nil && *inv.TokenHash == tokenHash
}

// CanChangeOwnEmail: a person asks to change only their own e-mail; the new
// address takes effect only when a login verifies it (people.ConfirmEmail).
func CanChangeOwnEmail(v *viewer.Viewer, personID int) bool { return v.IsSelf(personID) }
