package authz

import (
	"context"
	"fmt"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// LoadViewer gathers what the privacy rules need to know about a person. It
// runs a fixed number of small queries, whatever the person's size.
func LoadViewer(ctx context.Context, client *ent.Client, personID int) (*viewer.Viewer, error) {
	ctx = SystemContext(ctx)
	v := &viewer.Viewer{
		PersonID:       personID,
		Memberships:    map[int]string{},
		Networks:       map[int]bool{},
		AdminOf:        map[int]bool{},
		DirectoryCoops: map[int]bool{},
		CoopMates:      map[int]bool{},
	}
	ms, err := client.Membership.Query().Where(membership.PersonID(personID)).
		Select(membership.FieldCoopID, membership.FieldState).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading memberships: %w", err)
	}
	for _, m := range ms {
		v.Memberships[m.CoopID] = m.State.String()
	}
	nms, err := client.NetworkMembership.Query().Where(networkmembership.PersonID(personID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading network memberships: %w", err)
	}
	for _, nm := range nms {
		v.Networks[nm.NetworkID] = true
		if nm.Role == networkmembership.RoleADMIN {
			v.AdminOf[nm.NetworkID] = true
		}
	}
	// Persons take part in the networks of their coops too.
	if related := v.RelatedCoops(); len(related) > 0 {
		ids, err := client.Coop.Query().Where(coop.IDIn(related...)).QueryNetworks().IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("loading networks of coops: %w", err)
		}
		for _, id := range ids {
			v.Networks[id] = true
		}
	}
	if len(v.Networks) > 0 {
		ids, err := client.Network.Query().Where(network.IDIn(v.NetworkIDs()...)).QueryCoops().IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("loading directory coops: %w", err)
		}
		for _, id := range ids {
			v.DirectoryCoops[id] = true
		}
	}
	if members := v.MemberCoops(); len(members) > 0 {
		mates, err := client.Membership.Query().
			Where(membership.CoopIDIn(members...), membership.StateNEQ(membership.StateLEFT)).
			Select(membership.FieldPersonID).Ints(ctx)
		if err != nil {
			return nil, fmt.Errorf("loading coop-mates: %w", err)
		}
		for _, id := range mates {
			v.CoopMates[id] = true
		}
	}
	return v, nil
}
