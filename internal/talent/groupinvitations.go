package talent

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/group"
	"github.com/coopnetwork/cockpit/ent/groupinvitation"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Groups' membership with the consent of those added (issue 16, item 2).
// Persons still join and leave groups themselves (PersonJoinsGroup) and a
// coop's members move their coop (CoopJoinsGroup); an admin of the group's
// network adds someone else only by inviting them (InviteToGroup), and they
// join when they accept (AcceptGroupInvitation): the person invited, or a
// current member of the coop invited.

// GroupInviteInput is what inviteToGroup takes: a person or a coop.
type GroupInviteInput struct {
	GroupID  int
	PersonID *int
	CoopID   *int
}

// InviteToGroup records an admin's invitation of a person taking part in
// the group's network, or of a coop belonging to it, into the group. One
// OPEN invitation per invitee and group; one already in the group: CONFLICT.
func (svc *Service) InviteToGroup(ctx context.Context, in GroupInviteInput) (*ent.GroupInvitation, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if (in.PersonID == nil) == (in.CoopID == nil) {
		return nil, apperr.InvalidField("personID", "invite either a person (personID) or a coop (coopID)")
	}
	g, err := o.C.Group.Get(o.Ctx, in.GroupID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "groupID", "groupID: not found")
	}
	if err := authz.CanInviteToGroup(o.V, g.NetworkID); err != nil {
		return nil, err
	}
	if g.ArchivedAt != nil {
		return nil, apperr.InvalidField("groupID", "the group is archived")
	}
	// One invitation decision per group at a time.
	if _, err := o.C.Group.Query().Where(group.ID(g.ID)).Modify(domainop.LockRows).OnlyID(o.Sys); err != nil {
		return nil, err
	}
	b := o.C.GroupInvitation.Create().SetGroupID(g.ID).SetInvitedByID(o.V.PersonID)
	open := o.C.GroupInvitation.Query().Where(groupinvitation.GroupID(g.ID), groupinvitation.StateEQ(groupinvitation.StateOPEN))
	field := "personID"
	if in.PersonID != nil {
		if _, err := o.C.Person.Get(o.Ctx, *in.PersonID); err != nil {
			return nil, apperr.FieldNotFound(err, "personID", "personID: not found")
		}
		part, err := people.TakesPart(o, g.NetworkID, *in.PersonID)
		if err != nil {
			return nil, err
		}
		if !part {
			return nil, apperr.InvalidField("personID", "the person takes no part in the group's network")
		}
		already, err := o.C.Group.Query().Where(group.ID(g.ID), group.HasMembersWith(person.ID(*in.PersonID))).Exist(o.Sys)
		if err != nil {
			return nil, err
		}
		if already {
			return nil, &apperr.Error{Code: apperr.Conflict, Field: "personID", Message: "the person is already in the group"}
		}
		b.SetPersonID(*in.PersonID)
		open.Where(groupinvitation.PersonID(*in.PersonID))
	} else {
		field = "coopID"
		if _, err := o.C.Coop.Get(o.Ctx, *in.CoopID); err != nil {
			return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
		}
		belongs, err := o.C.Coop.Query().Where(coop.ID(*in.CoopID), coop.HasNetworksWith(network.ID(g.NetworkID))).Exist(o.Sys)
		if err != nil {
			return nil, err
		}
		if !belongs {
			return nil, apperr.InvalidField("coopID", "the coop does not belong to the group's network")
		}
		already, err := o.C.Group.Query().Where(group.ID(g.ID), group.HasCoopsWith(coop.ID(*in.CoopID))).Exist(o.Sys)
		if err != nil {
			return nil, err
		}
		if already {
			return nil, &apperr.Error{Code: apperr.Conflict, Field: "coopID", Message: "the coop is already in the group"}
		}
		b.SetCoopID(*in.CoopID)
		open.Where(groupinvitation.CoopID(*in.CoopID))
	}
	dup, err := open.Exist(o.Sys)
	if err != nil {
		return nil, err
	}
	if dup {
		return nil, &apperr.Error{Code: apperr.Conflict, Field: field, Message: "an invitation into this group is already open: wait for the answer or revoke it"}
	}
	inv, err := b.Save(o.As(authz.InviteToGroup))
	if err != nil {
		return nil, err
	}
	return o.C.GroupInvitation.Get(o.Ctx, inv.ID)
}

// answer closes an open invitation the viewer reads, in state to, under
// rule; check decides who may. The update only succeeds from OPEN, so two
// answers at once cannot both apply.
func answer(o *domainop.Op, id int, to groupinvitation.State, rule *authz.Rule, check func(*ent.GroupInvitation, *ent.Group) error) (*ent.GroupInvitation, error) {
	inv, err := o.C.GroupInvitation.Query().Where(groupinvitation.ID(id)).WithGroup().Only(o.Ctx)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "id", "id: not found")
	}
	g := inv.Edges.Group
	if g == nil { // the group is read with the invitation's reader's rights
		if g, err = o.C.Group.Get(o.Sys, inv.GroupID); err != nil {
			return nil, err
		}
	}
	if err := check(inv, g); err != nil {
		return nil, err
	}
	if inv.State != groupinvitation.StateOPEN {
		return nil, apperr.New(apperr.Conflict, "the invitation is already %s", inv.State)
	}
	n, err := o.C.GroupInvitation.Update().
		Where(groupinvitation.ID(inv.ID), groupinvitation.StateEQ(groupinvitation.StateOPEN)).
		SetState(to).SetAnsweredByID(o.V.PersonID).SetAnsweredAt(o.Now).Save(o.As(rule))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.New(apperr.Conflict, "the invitation was answered meanwhile")
	}
	return inv, nil
}

// AcceptGroupInvitation: the person invited, or a current member of the
// coop invited, accepts; they are in the group in the same transaction.
func (svc *Service) AcceptGroupInvitation(ctx context.Context, id int) (*ent.GroupInvitation, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := answer(o, id, groupinvitation.StateACCEPTED, authz.AcceptGroupInvitation, func(inv *ent.GroupInvitation, g *ent.Group) error {
		if err := authz.CanAnswerGroupInvitation(o.V, inv.PersonID, inv.CoopID); err != nil {
			return err
		}
		if g.ArchivedAt != nil {
			return &apperr.Error{Code: apperr.Conflict, Field: "id", Message: "the group is archived"}
		}
		// Who was invited may have left the network since.
		if inv.PersonID != nil && !o.V.InNetwork(g.NetworkID) {
			return &apperr.Error{Code: apperr.Conflict, Field: "id", Message: "you no longer take part in the group's network"}
		}
		if inv.CoopID != nil {
			member, err := o.C.Network.Query().Where(network.ID(g.NetworkID), network.HasCoopsWith(coop.ID(*inv.CoopID))).Exist(o.Sys)
			if err != nil {
				return err
			}
			if !member {
				return &apperr.Error{Code: apperr.Conflict, Field: "id", Message: "the coop no longer belongs to the group's network"}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	upd := o.C.Group.UpdateOneID(inv.GroupID)
	if inv.PersonID != nil {
		in, err := o.C.Group.Query().Where(group.ID(inv.GroupID), group.HasMembersWith(person.ID(*inv.PersonID))).Exist(o.Sys)
		if err != nil {
			return nil, err
		}
		if !in {
			upd.AddMemberIDs(*inv.PersonID)
		}
	} else {
		in, err := o.C.Group.Query().Where(group.ID(inv.GroupID), group.HasCoopsWith(coop.ID(*inv.CoopID))).Exist(o.Sys)
		if err != nil {
			return nil, err
		}
		if !in {
			upd.AddCoopIDs(*inv.CoopID)
		}
	}
	if err := upd.Exec(o.As(authz.AcceptGroupInvitation)); err != nil {
		return nil, err
	}
	return o.C.GroupInvitation.Get(o.Ctx, inv.ID)
}

// DeclineGroupInvitation: the person invited, or a current member of the
// coop invited, declines.
func (svc *Service) DeclineGroupInvitation(ctx context.Context, id int) (*ent.GroupInvitation, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := answer(o, id, groupinvitation.StateDECLINED, authz.DeclineGroupInvitation, func(inv *ent.GroupInvitation, _ *ent.Group) error {
		return authz.CanAnswerGroupInvitation(o.V, inv.PersonID, inv.CoopID)
	})
	if err != nil {
		return nil, err
	}
	return o.C.GroupInvitation.Get(o.Ctx, inv.ID)
}

// RevokeGroupInvitation: an admin of the group's network withdraws an open
// invitation.
func (svc *Service) RevokeGroupInvitation(ctx context.Context, id int) (*ent.GroupInvitation, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	inv, err := answer(o, id, groupinvitation.StateREVOKED, authz.RevokeGroupInvitation, func(_ *ent.GroupInvitation, g *ent.Group) error {
		return authz.CanRevokeGroupInvitation(o.V, g.NetworkID)
	})
	if err != nil {
		return nil, err
	}
	return o.C.GroupInvitation.Get(o.Ctx, inv.ID)
}

// LeaveGroup takes the viewer (coopID nil, rule PersonJoinsGroup) or a coop
// the viewer is a current member of (rule CoopJoinsGroup) out of a group.
func (svc *Service) LeaveGroup(ctx context.Context, groupID int, coopID *int) (*ent.Group, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	g, err := o.C.Group.Get(o.Ctx, groupID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "groupID", "groupID: not found")
	}
	if coopID == nil {
		in, err := o.C.Group.Query().Where(group.ID(g.ID), group.HasMembersWith(person.ID(o.V.PersonID))).Exist(o.Sys)
		if err != nil {
			return nil, err
		}
		if !in {
			return nil, apperr.InvalidField("groupID", "you are not in the group")
		}
		if err := o.C.Group.UpdateOneID(g.ID).RemoveMemberIDs(o.V.PersonID).Exec(o.As(authz.PersonJoinsGroup)); err != nil {
			return nil, err
		}
		return o.C.Group.Get(o.Ctx, g.ID)
	}
	if _, err := o.C.Coop.Get(o.Ctx, *coopID); err != nil {
		return nil, apperr.FieldNotFound(err, "coopID", "coopID: not found")
	}
	if !o.V.IsActiveMember(*coopID) {
		return nil, domainop.Forbidden("only current members of the coop take it out of a group")
	}
	in, err := o.C.Group.Query().Where(group.ID(g.ID), group.HasCoopsWith(coop.ID(*coopID))).Exist(o.Sys)
	if err != nil {
		return nil, err
	}
	if !in {
		return nil, apperr.InvalidField("coopID", "the coop is not in the group")
	}
	if err := o.C.Group.UpdateOneID(g.ID).RemoveCoopIDs(*coopID).Exec(o.As(authz.CoopJoinsGroup)); err != nil {
		return nil, err
	}
	return o.C.Group.Get(o.Ctx, g.ID)
}

// OpenGroupInvitations lists open invitations the viewer reads (the policy
// decides: admins of the group's network, the person invited, members of
// the coop invited), filtered by group, person or coop (nil: any).
func OpenGroupInvitations(ctx context.Context, c *ent.Client, groupID, personID, coopID *int) ([]*ent.GroupInvitation, error) {
	q := c.GroupInvitation.Query().Where(groupinvitation.StateEQ(groupinvitation.StateOPEN))
	if groupID != nil {
		q.Where(groupinvitation.GroupID(*groupID))
	}
	if personID != nil {
		q.Where(groupinvitation.PersonID(*personID))
	}
	if coopID != nil {
		q.Where(groupinvitation.CoopID(*coopID))
	}
	return q.Order(ent.Asc(groupinvitation.FieldID)).All(ctx)
}

// ViewerGroupInvitations lists the open invitations the viewer answers:
// addressed to them, or to a coop they are a current member of.
func ViewerGroupInvitations(ctx context.Context, c *ent.Client, v *viewer.Viewer) ([]*ent.GroupInvitation, error) {
	var coops []int
	for _, id := range v.MemberCoops() {
		if v.IsActiveMember(id) {
			coops = append(coops, id)
		}
	}
	return c.GroupInvitation.Query().Where(groupinvitation.StateEQ(groupinvitation.StateOPEN),
		groupinvitation.Or(groupinvitation.PersonID(v.PersonID), groupinvitation.CoopIDIn(coops...))).
		Order(ent.Asc(groupinvitation.FieldID)).All(ctx)
}
