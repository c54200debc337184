package people

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/invitation"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/validate"
)

// Invitation validity, in days.
const (
	DefaultValidDays = 14
	MaxValidDays     = 90
)

// InviteInput is what an admin gives inviteToNetwork.
type InviteInput struct {
	NetworkID int
	Email     string
	Name      *string
	Message   *string
	ValidDays *int
}

// Invite records an admin's invitation of an address to a network and
// returns it with its one-time token, which is not stored (only its hash)
// and never shown again. The answer does not depend on whether someone holds
// the address. One open invitation per network and address (CONFLICT; two
// concurrent invitations of one address may both be made, which is harmless:
// neither reserves anything).
func (svc *Service) Invite(ctx context.Context, in InviteInput) (*ent.Invitation, string, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, "", err
	}
	if _, err := o.C.Network.Query().Where(network.ID(in.NetworkID)).OnlyID(o.Ctx); err != nil {
		return nil, "", notFound(err, "networkID")
	}
	if !authz.CanInviteToNetwork(o.V, in.NetworkID) {
		return nil, "", domainop.Forbidden("only admins of the network invite to it")
	}
	email := normalize(in.Email)
	if validate.Email(email) != nil {
		return nil, "", apperr.InvalidField("email", "invalid email: not an e-mail address")
	}
	days := DefaultValidDays
	if in.ValidDays != nil {
		days = *in.ValidDays
	}
	if days < 1 || days > MaxValidDays {
		return nil, "", apperr.InvalidField("validDays", "validDays must be between 1 and %d", MaxValidDays)
	}
	// authz.CanInviteToNetwork: open invitations past their expiry are
	// closed first, so that the address can be invited again.
	if err := o.C.Invitation.Update().
		Where(invitation.NetworkID(in.NetworkID), invitation.Email(email),
			invitation.StateEQ(invitation.StateOPEN), invitation.ExpiresAtLTE(o.Now)).
		SetState(invitation.StateEXPIRED).Exec(o.As(authz.InviteToNetwork)); err != nil {
		return nil, "", err
	}
	open, err := o.C.Invitation.Query().
		Where(invitation.NetworkID(in.NetworkID), invitation.Email(email), invitation.StateEQ(invitation.StateOPEN)).
		Exist(o.Sys)
	if err != nil {
		return nil, "", err
	}
	if open {
		return nil, "", apperr.New(apperr.Conflict, "this network already has an open invitation for this address; revoke it to invite again")
	}
	token, hash, err := newToken()
	if err != nil {
		return nil, "", err
	}
	c := o.C.Invitation.Create().SetNetworkID(in.NetworkID).SetEmail(email).
		SetExpiresAt(o.Now.Add(time.Duration(days) * 24 * time.Hour)).
		SetTokenHash(hash).SetInvitedByID(o.V.PersonID).
		SetCreatedAt(o.Now).SetUpdatedAt(o.Now)
	if in.Name != nil {
		c.SetName(*in.Name)
	}
	if in.Message != nil {
		c.SetMessage(*in.Message)
	}
	// authz.CanInviteToNetwork
	inv, err := c.Save(o.As(authz.InviteToNetwork))
	if err != nil {
		return nil, "", err
	}
	inv, err = o.C.Invitation.Get(o.Ctx, inv.ID)
	return inv, token, err
}

// Revoke closes an open invitation; only the inviting network's admins may.
func (svc *Service) Revoke(ctx context.Context, id int) (*ent.Invitation, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := o.C.Invitation.Get(o.Ctx, id)
	if err != nil {
		return nil, err
	}
	if !authz.CanRevokeInvitation(o.V, inv) {
		return nil, domainop.Forbidden("only admins of the inviting network revoke an invitation")
	}
	// authz.CanRevokeInvitation
	if err := closeInvitation(o.As(authz.RevokeInvitation), o.C, inv, invitation.StateREVOKED, o.Now); err != nil {
		return nil, err
	}
	return o.C.Invitation.Get(o.Ctx, id)
}

// Decline closes an open invitation addressed to the viewer's e-mail.
func (svc *Service) Decline(ctx context.Context, id int) (*ent.Invitation, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := addressed(o, id)
	if err != nil {
		return nil, err
	}
	// authz.CanAnswerInvitationAsAddressee
	if err := closeInvitation(o.As(authz.AnswerInvitation), o.C, inv, invitation.StateDECLINED, o.Now); err != nil {
		return nil, err
	}
	return o.C.Invitation.Get(o.Ctx, id)
}

// Accept makes the viewer take part in the invitation's network: by id, when
// the invitation is addressed to the viewer's e-mail, or by its one-time
// token (exactly one of the two).
func (svc *Service) Accept(ctx context.Context, id *int, token *string) (*ent.Invitation, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	var inv *ent.Invitation
	rule := authz.AnswerInvitation
	switch {
	case (id == nil) == (token == nil):
		return nil, apperr.InvalidField("id", "give exactly one of id and token")
	case id != nil:
		// authz.CanAnswerInvitationAsAddressee
		if inv, err = addressed(o, *id); err != nil {
			return nil, err
		}
	default:
		// authz.CanAcceptInvitationByToken
		if inv, err = invitationByToken(o.Sys, o.C, *token); err != nil {
			return nil, notFound(err, "token")
		}
		rule = authz.AcceptInvitationByToken
	}
	if err := accept(o.As(rule), o.C, inv, o.V.PersonID, o.Now); err != nil {
		return nil, err
	}
	o.V.Networks[inv.NetworkID] = true // the payload may read the network now
	return o.C.Invitation.Get(o.Ctx, inv.ID)
}

// addressed reads an invitation the viewer may read and checks that it is
// addressed to the viewer's own e-mail.
func addressed(o *domainop.Op, id int) (*ent.Invitation, error) {
	inv, err := o.C.Invitation.Get(o.Ctx, id)
	if err != nil {
		return nil, err
	}
	me, err := o.C.Person.Get(o.Sys, o.V.PersonID)
	if err != nil {
		return nil, err
	}
	if !authz.CanAnswerInvitationAsAddressee(o.V, me.Email, inv) {
		return nil, domainop.Forbidden("only the person the invitation is addressed to answers it")
	}
	return inv, nil
}

// StateAt is the invitation's state at now: an open invitation past its
// expiry is EXPIRED.
func StateAt(inv *ent.Invitation, now time.Time) invitation.State {
	if inv.State == invitation.StateOPEN && !now.Before(inv.ExpiresAt) {
		return invitation.StateEXPIRED
	}
	return inv.State
}

// State is the invitation's state now (domain time).
func (svc *Service) State(ctx context.Context, inv *ent.Invitation) invitation.State {
	return StateAt(inv, svc.Env.Now())
}

// Network is the inviting network when the viewer may read it, else nil
// (the invitee before accepting).
func Network(ctx context.Context, inv *ent.Invitation) (*ent.Network, error) {
	n, err := inv.QueryNetwork().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return n, err
}

// NetworkName is the inviting network's name: whoever reads the invitation
// (it was loaded through the read rule) may know whom it is from.
func NetworkName(ctx context.Context, inv *ent.Invitation) (string, error) {
	return inv.QueryNetwork().Select(network.FieldName).String(authz.SystemRead(ctx))
}

// accept closes an open, unexpired invitation as ACCEPTED by personID and
// adds the person to its network (if not there already). The conditional
// update makes a token single-use also under concurrent requests.
func accept(sys context.Context, c *ent.Client, inv *ent.Invitation, personID int, now time.Time) error {
	if st := StateAt(inv, now); st != invitation.StateOPEN {
		return invalidState(st)
	}
	n, err := c.Invitation.Update().
		Where(invitation.ID(inv.ID), invitation.StateEQ(invitation.StateOPEN), invitation.ExpiresAtGT(now)).
		SetState(invitation.StateACCEPTED).SetAcceptedByID(personID).SetClosedAt(now).SetUpdatedAt(now).
		Save(sys)
	if err != nil {
		return err
	}
	if n == 0 {
		return invalidState(invitation.StateACCEPTED) // taken by a concurrent request
	}
	in, err := c.NetworkMembership.Query().
		Where(networkmembership.NetworkID(inv.NetworkID), networkmembership.PersonID(personID)).Exist(sys)
	if err != nil || in {
		return err
	}
	return c.NetworkMembership.Create().SetNetworkID(inv.NetworkID).SetPersonID(personID).Exec(sys)
}

// closeInvitation ends an open invitation (declined or revoked).
func closeInvitation(sys context.Context, c *ent.Client, inv *ent.Invitation, to invitation.State, now time.Time) error {
	if st := StateAt(inv, now); st != invitation.StateOPEN {
		return invalidState(st)
	}
	n, err := c.Invitation.Update().
		Where(invitation.ID(inv.ID), invitation.StateEQ(invitation.StateOPEN)).
		SetState(to).SetClosedAt(now).SetUpdatedAt(now).Save(sys)
	if err != nil {
		return err
	}
	if n == 0 {
		return invalidState(invitation.StateACCEPTED)
	}
	return nil
}

func invalidState(st invitation.State) error {
	return &apperr.Error{Code: apperr.InvalidTransition,
		Message: "the invitation is " + st.String() + "; only an OPEN invitation can be answered or revoked",
		Extra:   map[string]any{"state": st.String()}}
}

// invitationByToken finds the invitation of a one-time token by its hash.
func invitationByToken(sys context.Context, c *ent.Client, token string) (*ent.Invitation, error) {
	hash := hashToken(token)
	inv, err := c.Invitation.Query().Where(invitation.TokenHash(hash)).Only(sys)
	if err != nil {
		return nil, err
	}
	if !authz.CanAcceptInvitationByToken(hash, inv) {
		return nil, &ent.NotFoundError{}
	}
	return inv, nil
}

// newToken returns a random one-time token and its stored hash.
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// notFound names field in a NOT_FOUND answer; other errors pass unchanged.
func notFound(err error, field string) error {
	if !ent.IsNotFound(err) {
		return err
	}
	return &apperr.Error{Code: apperr.NotFound, Field: field, Message: field + ": not found"}
}
