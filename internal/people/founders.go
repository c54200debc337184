package people

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/hook"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Founders receive the rights that make their new object manageable: whoever
// creates a network becomes its first admin, whoever founds a coop its first
// member (with a pathway event saying so). Both happen in the creating
// transaction, and the request's viewer learns the new rights at once.

// CreatorAdministersNetwork is a Network hook.
func CreatorAdministersNetwork() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.NetworkFunc(func(ctx context.Context, m *ent.NetworkMutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			vw := viewer.FromContext(ctx)
			if err != nil || authz.IsSystem(ctx) || !vw.Authenticated() {
				return v, err
			}
			n := v.(*ent.Network)
			err = m.Client().NetworkMembership.Create().
				SetNetworkID(n.ID).SetPersonID(vw.PersonID).SetRole(networkmembership.RoleADMIN).
				Exec(authz.Under(ctx, authz.AdministerFoundedNetwork))
			if err != nil {
				return nil, err
			}
			vw.Networks[n.ID], vw.AdminOf[n.ID] = true, true
			return v, nil
		})
	}, ent.OpCreate)
}

// FounderJoinsCoop is a Coop hook.
func FounderJoinsCoop() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.CoopFunc(func(ctx context.Context, m *ent.CoopMutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			vw := viewer.FromContext(ctx)
			if err != nil || authz.IsSystem(ctx) || !vw.Authenticated() {
				return v, err
			}
			c := v.(*ent.Coop)
			sys := authz.Under(ctx, authz.JoinFoundedCoop)
			ms, err := m.Client().Membership.Create().
				SetCoopID(c.ID).SetPersonID(vw.PersonID).SetState(membership.StateMEMBER).Save(sys)
			if err != nil {
				return nil, err
			}
			err = m.Client().PathwayEvent.Create().
				SetMembershipID(ms.ID).SetToState("MEMBER").SetActorID(vw.PersonID).
				SetReason("founded the coop").Exec(sys)
			if err != nil {
				return nil, err
			}
			vw.Memberships[c.ID] = membership.StateMEMBER.String()
			vw.CoopMates[vw.PersonID] = true
			return v, nil
		})
	}, ent.OpCreate)
}
