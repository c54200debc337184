package rights

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/availability"
	"github.com/coopnetwork/cockpit/ent/consent"
	"github.com/coopnetwork/cockpit/ent/endorsement"
	"github.com/coopnetwork/cockpit/ent/groupinvitation"
	"github.com/coopnetwork/cockpit/ent/invitation"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/profileprojectlisting"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/gid"
)

// FormerParticipant is the name an erased person is shown with in the
// records the coops keep.
const FormerParticipant = "Former participant"

// MaxReasonLength bounds erasePerson's reason.
const MaxReasonLength = 2000

// Erasure is what an erasure did.
type Erasure struct {
	PersonID int
	ErasedAt time.Time
}

// EraseMe erases the viewer's personal data (GDPR article 17), confirmed by
// their e-mail or name. See erase for what is erased and what is kept.
func (svc *Service) EraseMe(ctx context.Context, confirm string) (*Erasure, error) {
	o, err := svc.Env.Begin(audit.Redacted(ctx))
	if err != nil {
		return nil, err
	}
	p, err := lockPerson(o, o.V.PersonID)
	if err != nil {
		return nil, err
	}
	if err := authz.CanEraseSelf(o.V, p.ID, p.Email, p.Name, confirm); err != nil {
		return nil, err
	}
	return erase(o, authz.EraseOwnData, p)
}

// ErasePerson is the erasure an admin of a network the person takes part in
// makes for a person who asked by other means (a letter, an e-mail). The
// reason is required; it is kept with the erasure's audit record (not with
// the erased person).
func (svc *Service) ErasePerson(ctx context.Context, personID int, reason string) (*Erasure, error) {
	o, err := svc.Env.Begin(audit.Redacted(ctx))
	if err != nil {
		return nil, err
	}
	if r := strings.TrimSpace(reason); r == "" || len(r) > MaxReasonLength {
		return nil, apperr.InvalidField("reason", "give the reason of the erasure (how the person asked), at most %d characters", MaxReasonLength)
	}
	p, err := lockPerson(o, personID)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "personID", Message: "personID: not found"}
	}
	if err != nil {
		return nil, err
	}
	networks, err := o.C.NetworkMembership.Query().Where(networkmembership.PersonID(p.ID)).
		Select(networkmembership.FieldNetworkID).Ints(o.Sys)
	if err != nil {
		return nil, err
	}
	if err := authz.CanErasePerson(o.V, p.ID, networks); err != nil {
		return nil, err
	}
	audit.NoteReason(ctx, reason)
	return erase(o, authz.ErasePersonByAdmin, p)
}

// lockPerson reads and locks the person to erase; an erased person is
// NOT_FOUND (there is nobody left to erase).
func lockPerson(o *domainop.Op, id int) (*ent.Person, error) {
	p, err := o.C.Person.Query().Where(person.ID(id), person.ErasedAtIsNil()).Modify(domainop.LockRows).Only(o.Sys)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// erase carries out an erasure allowed by rule, in the operation's
// transaction, with the audit log recording which fields changed but not
// their values (audit.Redacted).
//
// Refused (CONFLICT, nothing changes) while the person has a current
// relation with a coop (any state but LEFT: a coop's register of members
// and its pathway records are legal records; the person leaves first, which
// the coop sees as a pathway event), or is the only admin of a network.
//
// Erased or removed: name (becomes "Former participant"), e-mail, pending
// e-mail, phone, bio, city, hourly rate; the login subject (replaced by a
// one-way hash, so the same login is refused and never provisioned again);
// availability windows; skills with the endorsements they received;
// participation in networks and groups; votes on proposals still open; the
// address, name and message of invitations to their address or accepted by
// them (open ones are revoked); open group invitations to them (revoked);
// consents are withdrawn, and so are the projects listed on the exported
// profile (setProjectListedOnProfile). The audit log's values of these fields become
// "[erased]".
//
// Kept, showing a former participant: memberships and their pathway
// history, milestones, time entries, budget shares and their history,
// votes on closed proposals, comments, proposals authored, surplus parts,
// endorsements given, and the audit log's records (without the values).
func erase(o *domainop.Op, rule *authz.Rule, p *ent.Person) (*Erasure, error) {
	w := o.As(rule)
	current, err := o.C.Membership.Query().Where(membership.PersonID(p.ID), membership.StateNEQ(membership.StateLEFT)).
		WithCoop().All(o.Sys)
	if err != nil {
		return nil, err
	}
	if len(current) > 0 {
		names := make([]string, len(current))
		for i, m := range current {
			names[i] = fmt.Sprintf("%s (%s)", m.Edges.Coop.Name, m.State)
		}
		return nil, apperr.New(apperr.Conflict, "the person still has a current relation with %s: a coop's register of members is a legal record, so they leave first (transitionMembership LEAVE), then their data can be erased", strings.Join(names, ", "))
	}
	adminOf, err := o.C.NetworkMembership.Query().
		Where(networkmembership.PersonID(p.ID), networkmembership.RoleEQ(networkmembership.RoleADMIN)).
		Select(networkmembership.FieldNetworkID).Ints(o.Sys)
	if err != nil {
		return nil, err
	}
	// The networks' rows are locked before their other admins are counted,
	// as grantNetworkAdmin and revokeNetworkAdmin do (people/roles.go): two
	// admins erasing themselves, or an erasure and a revoke, at the same
	// moment cannot leave a network without an admin.
	if len(adminOf) > 0 {
		if _, err := o.C.Network.Query().Where(network.IDIn(adminOf...)).Order(ent.Asc(network.FieldID)).
			Modify(domainop.LockRows).IDs(o.Sys); err != nil {
			return nil, err
		}
	}
	for _, n := range adminOf {
		others, err := o.C.NetworkMembership.Query().Where(networkmembership.NetworkID(n),
			networkmembership.RoleEQ(networkmembership.RoleADMIN), networkmembership.PersonIDNEQ(p.ID)).Exist(o.Sys)
		if err != nil {
			return nil, err
		}
		if !others {
			return nil, apperr.New(apperr.Conflict, "the person is the only admin of network %s: grant another admin first", gid.Encode(n))
		}
	}

	// Invitations to the person's address or accepted by them: open ones
	// are revoked, and the address, name and message are scrubbed.
	mine := invitation.AcceptedByID(p.ID)
	if p.Email != nil {
		mine = invitation.Or(invitation.Email(*p.Email), mine)
	}
	invIDs, err := o.C.Invitation.Query().Where(mine).IDs(o.Sys)
	if err != nil {
		return nil, err
	}
	if len(invIDs) > 0 {
		if err := o.C.Invitation.Update().Where(invitation.IDIn(invIDs...), invitation.StateEQ(invitation.StateOPEN)).
			SetState(invitation.StateREVOKED).SetClosedAt(o.Now).Exec(w); err != nil {
			return nil, err
		}
		// The address is immutable in ent (an invitation never changes its
		// addressee): one statement scrubs it, on the transaction.
		for _, id := range invIDs {
			q, args := entsql.Dialect(o.C.Driver().Dialect()).Update(invitation.Table).
				Set(invitation.FieldEmail, fmt.Sprintf("erased-%d@erased.invalid", id)).
				Set(invitation.FieldName, "").Set(invitation.FieldMessage, "").
				Where(entsql.EQ(invitation.FieldID, id)).Query()
			var res sql.Result
			if err := o.C.Driver().Exec(w, q, args, &res); err != nil {
				return nil, err
			}
		}
		if err := audit.ScrubObjects(w, o.C, "Invitation", invIDs); err != nil {
			return nil, err
		}
	}

	// Group invitations to the person still open are revoked.
	if err := o.C.GroupInvitation.Update().
		Where(groupinvitation.PersonID(p.ID), groupinvitation.StateEQ(groupinvitation.StateOPEN)).
		SetState(groupinvitation.StateREVOKED).SetAnsweredAt(o.Now).Exec(w); err != nil {
		return nil, err
	}
	// Votes on proposals still open are withdrawn (a vote can be changed
	// until the close; the erased person no longer takes part).
	if _, err := o.C.Vote.Delete().Where(vote.VoterID(p.ID), vote.VoterCoopIDIsNil(),
		vote.HasProposalWith(proposal.StatusEQ(proposal.StatusOPEN))).Exec(w); err != nil {
		return nil, err
	}
	// Skills, with the endorsements they received, and availability.
	skills, err := o.C.PersonSkill.Query().Where(personskill.PersonID(p.ID)).IDs(o.Sys)
	if err != nil {
		return nil, err
	}
	if len(skills) > 0 {
		if _, err := o.C.Endorsement.Delete().Where(endorsement.PersonSkillIDIn(skills...)).Exec(w); err != nil {
			return nil, err
		}
		if _, err := o.C.PersonSkill.Delete().Where(personskill.IDIn(skills...)).Exec(w); err != nil {
			return nil, err
		}
	}
	if _, err := o.C.Availability.Delete().Where(availability.PersonID(p.ID)).Exec(w); err != nil {
		return nil, err
	}
	// Consents are withdrawn (the record that they were given stays).
	if err := o.C.Consent.Update().Where(consent.PersonID(p.ID), consent.WithdrawnAtIsNil()).
		SetWithdrawnAt(o.Now).Exec(w); err != nil {
		return nil, err
	}
	// Projects listed on the exported profile are unlisted (the record
	// that they were listed stays, like a consent's).
	if err := o.C.ProfileProjectListing.Update().Where(profileprojectlisting.PersonID(p.ID), profileprojectlisting.WithdrawnAtIsNil()).
		SetWithdrawnAt(o.Now).Exec(w); err != nil {
		return nil, err
	}
	// Participation in networks and groups ends.
	if _, err := o.C.NetworkMembership.Delete().Where(networkmembership.PersonID(p.ID)).Exec(w); err != nil {
		return nil, err
	}
	upd := o.C.Person.UpdateOneID(p.ID).ClearGroups().
		SetName(FormerParticipant).ClearEmail().ClearPendingEmail().ClearPhone().
		SetBio("").SetCity("").ClearHourlyRateCents().
		SetErasedAt(o.Now).SetClaimOnFirstLogin(false)
	if p.Subject != nil {
		upd.SetSubject(audit.ErasedSubject(*p.Subject))
	}
	if err := upd.Exec(w); err != nil {
		return nil, err
	}
	if err := audit.ErasePerson(w, o.C, p.ID); err != nil {
		return nil, err
	}
	return &Erasure{PersonID: p.ID, ErasedAt: o.Now}, nil
}
