package governance

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
)

// ApplyBylawsChangeForTest runs applyBylawsChange in the transaction and as
// the viewer of ctx, for network bylaws proposals, which no operation on
// this branch opens or closes yet.
func (svc *Service) ApplyBylawsChangeForTest(ctx context.Context, p *ent.Proposal, passed bool) error {
	o, err := svc.begin(ctx)
	if err != nil {
		return err
	}
	return o.applyBylawsChange(p, passed)
}
