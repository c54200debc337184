package graph

import (
	"github.com/coopnetwork/cockpit/graph/model"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/decision"
)

// networkBylawsChange is the bylaws.Change a NetworkBylawsChangeInput asks
// for; governance.ValidateNetworkBylawsChange checks it.
func networkBylawsChange(in *model.NetworkBylawsChangeInput) *bylaws.Change {
	if in == nil {
		return nil
	}
	ch := &bylaws.Change{QuorumPercent: in.QuorumPercent, Text: in.Text}
	if in.DefaultRule != nil {
		s := string(*in.DefaultRule)
		ch.DefaultRule = &s
	}
	if in.ParticipantVoice != nil {
		s := string(*in.ParticipantVoice)
		ch.ParticipantVoice = &s
	}
	if in.DecisionRules != nil {
		rules := decision.Rules{}
		for _, r := range in.DecisionRules {
			kr := decision.KindRule{Kind: string(r.Kind), Rule: decision.Rule{
				Method: decision.Method(r.Method), ThresholdPercent: derefInt(r.ThresholdPercent),
				BlockThreshold: derefInt(r.BlockThreshold), QuorumPercent: r.QuorumPercent,
				MinVotingDays: derefInt(r.MinVotingDays),
			}}
			if r.StandAsides != nil {
				kr.StandAsides = decision.StandAsides(*r.StandAsides)
			}
			rules = append(rules, kr)
		}
		ch.DecisionRules = &rules
	}
	return ch
}
