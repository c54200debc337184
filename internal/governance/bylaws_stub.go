package governance

import "github.com/coopnetwork/cockpit/ent"

// applyBylawsChange applies a closed BYLAWS or NETWORK_BYLAWS proposal's
// change. Temporary stub on the network branch: replaced by bylaws.go at
// merge.
func (o *op) applyBylawsChange(p *ent.Proposal, passed bool) error { return nil }
