package people

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// Network roles (issue 16, item 2): admins of a network make others admins
// (authz.GrantNetworkAdmin) and take the role away (authz.RevokeNetworkAdmin,
// their own too), never from the network's last admin. Both lock the
// network's row and count its admins in the same transaction, so two admins
// revoking each other at once leave one of them.

// TakesPart reports whether the person takes part in the network: directly
// (a network membership) or through a current (not LEFT) membership of one
// of its coops. It reads past the viewer's filters (o.Sys).
func TakesPart(o *domainop.Op, networkID, personID int) (bool, error) {
	direct, err := o.C.NetworkMembership.Query().
		Where(networkmembership.NetworkID(networkID), networkmembership.PersonID(personID)).Exist(o.Sys)
	if err != nil || direct {
		return direct, err
	}
	return o.C.Membership.Query().Where(membership.PersonID(personID), membership.StateNEQ(membership.StateLEFT),
		membership.HasCoopWith(coop.HasNetworksWith(network.ID(networkID)))).Exist(o.Sys)
}

// lockNetworkAsAdmin reads the network the viewer may see, checks that the
// viewer administers it, locks its row, and checks again under the lock (an
// admin whose role was just revoked acts no more).
func lockNetworkAsAdmin(o *domainop.Op, networkID int, check func(int) error) error {
	if _, err := o.C.Network.Query().Where(network.ID(networkID)).OnlyID(o.Ctx); err != nil {
		return apperr.FieldNotFound(err, "networkID", "networkID: not found")
	}
	if err := check(networkID); err != nil {
		return err
	}
	if _, err := o.C.Network.Query().Where(network.ID(networkID)).Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
		return err
	}
	still, err := o.C.NetworkMembership.Query().Where(networkmembership.NetworkID(networkID),
		networkmembership.PersonID(o.V.PersonID), networkmembership.RoleEQ(networkmembership.RoleADMIN)).Exist(o.Sys)
	if err != nil {
		return err
	}
	if !still {
		return domainop.Forbidden("you are no longer an admin of the network")
	}
	return nil
}

// GrantNetworkAdmin makes a person who takes part in the network one of its
// admins, and returns their network membership.
func (svc *Service) GrantNetworkAdmin(ctx context.Context, networkID, personID int) (*ent.NetworkMembership, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := lockNetworkAsAdmin(o, networkID, func(n int) error { return authz.CanGrantNetworkAdmin(o.V, n) }); err != nil {
		return nil, err
	}
	if _, err := o.C.Person.Get(o.Ctx, personID); err != nil {
		return nil, apperr.FieldNotFound(err, "personID", "personID: not found")
	}
	nm, err := o.C.NetworkMembership.Query().
		Where(networkmembership.NetworkID(networkID), networkmembership.PersonID(personID)).Only(o.Sys)
	switch {
	case err == nil && nm.Role == networkmembership.RoleADMIN:
		return nil, &apperr.Error{Code: apperr.Conflict, Field: "personID", Message: "the person already administers the network"}
	case err == nil:
		if err := o.C.NetworkMembership.UpdateOneID(nm.ID).SetRole(networkmembership.RoleADMIN).Exec(o.As(authz.GrantNetworkAdmin)); err != nil {
			return nil, err
		}
		return o.C.NetworkMembership.Get(o.Ctx, nm.ID)
	case !ent.IsNotFound(err):
		return nil, err
	}
	// Taking part through a coop only: the role needs a network membership of their own.
	part, err := TakesPart(o, networkID, personID)
	if err != nil {
		return nil, err
	}
	if !part {
		return nil, apperr.InvalidField("personID", "the person takes no part in the network: invite them first")
	}
	nm, err = o.C.NetworkMembership.Create().SetNetworkID(networkID).SetPersonID(personID).
		SetRole(networkmembership.RoleADMIN).SetJoinedAt(o.Now).Save(o.As(authz.GrantNetworkAdmin))
	if err != nil {
		return nil, err
	}
	return o.C.NetworkMembership.Get(o.Ctx, nm.ID)
}

// RevokeNetworkAdmin takes the admin role from one of the network's admins
// (the viewer themselves too); the network keeps at least one admin.
func (svc *Service) RevokeNetworkAdmin(ctx context.Context, networkID, personID int) (*ent.NetworkMembership, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := lockNetworkAsAdmin(o, networkID, func(n int) error { return authz.CanRevokeNetworkAdmin(o.V, n) }); err != nil {
		return nil, err
	}
	if _, err := o.C.Person.Get(o.Ctx, personID); err != nil {
		return nil, apperr.FieldNotFound(err, "personID", "personID: not found")
	}
	nm, err := o.C.NetworkMembership.Query().Where(networkmembership.NetworkID(networkID),
		networkmembership.PersonID(personID), networkmembership.RoleEQ(networkmembership.RoleADMIN)).Only(o.Sys)
	if ent.IsNotFound(err) {
		return nil, apperr.InvalidField("personID", "the person is no admin of the network")
	}
	if err != nil {
		return nil, err
	}
	// Counted under the network's lock: every grant and revoke of this
	// network waits for it, so the count is the one the update changes.
	admins, err := o.C.NetworkMembership.Query().Where(networkmembership.NetworkID(networkID),
		networkmembership.RoleEQ(networkmembership.RoleADMIN)).Count(o.Sys)
	if err != nil {
		return nil, err
	}
	if admins <= 1 {
		return nil, apperr.New(apperr.Conflict, "the network's last admin keeps the role: make someone else admin first")
	}
	if err := o.C.NetworkMembership.UpdateOneID(nm.ID).SetRole(networkmembership.RolePARTICIPANT).Exec(o.As(authz.RevokeNetworkAdmin)); err != nil {
		return nil, err
	}
	return o.C.NetworkMembership.Get(o.Ctx, nm.ID)
}
