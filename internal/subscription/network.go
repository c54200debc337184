package subscription

import (
	"context"

	"github.com/coopnetwork/cockpit/internal/events"
)

// NetworkProposalChanged streams the decisions of a network as they open,
// get coop votes and close. Participants of the network (who read it) may
// subscribe; each receives the proposals they may read. A coop applying to
// the network, or facing exclusion, hears of that proposal on its own
// proposalChanged (governance.announce).
func (svc *Service) NetworkProposalChanged(ctx context.Context, networkID int, after *int) (<-chan *ProposalChange, error) {
	c, b := svc.Client, svc.Events
	access := func(ctx context.Context) error {
		_, err := c.Network.Get(ctx, networkID)
		return err
	}
	return watch(ctx, c, b, events.Topic{Kind: events.NetworkProposals, ID: networkID}, resume{after: after}, access,
		func(ctx context.Context, e events.Event) (*ProposalChange, error) { return proposalChange(ctx, c, e) })
}
