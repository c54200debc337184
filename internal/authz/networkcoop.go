package authz

import (
	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/networkcoop"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// NetworkCoopPolicy: the rows of network_coops, a coop's membership in a
// network (the edge schema of Network.coops, issue 19). They are read as the
// network's directory is, by the network's participants. Coops join and
// leave networks only through the Network's coops edge, under
// AdmitCoopToNetwork and ExcludeCoopFromNetwork (internal/governance), never
// as NetworkCoop rows of their own.
func NetworkCoopPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.NetworkCoopQueryRuleFunc(filter[*ent.NetworkCoopQuery](NetworkCoopReadable))},
		Mutation: systemOnly("coops join and leave networks through the network's coops edge"),
	}
}

// NetworkCoopReadable: the coop memberships of the viewer's networks.
func NetworkCoopReadable(v *viewer.Viewer) predicate.NetworkCoop {
	if !v.Authenticated() {
		return nothing[predicate.NetworkCoop]()
	}
	return networkcoop.NetworkIDIn(v.NetworkIDs()...)
}
