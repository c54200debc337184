package governance

import (
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/decision"
)

// CoopKinds are the proposal kinds a coop's bylaws give rules to.
var CoopKinds = []string{
	string(proposal.KindADMISSION), string(proposal.KindBUDGET), string(proposal.KindBYLAWS),
	string(proposal.KindEXCLUSION), string(proposal.KindGENERAL), string(proposal.KindSURPLUS),
	string(proposal.KindCOOP_VOTE), string(proposal.KindPROJECT_GENERAL),
	string(proposal.KindCLOSE_BOOKS), string(proposal.KindBUY_IN_WAIVER),
}

// NetworkKinds are the proposal kinds a network's bylaws give rules to.
var NetworkKinds = []string{
	string(proposal.KindNETWORK_GENERAL), string(proposal.KindCOOP_ADMISSION),
	string(proposal.KindCOOP_EXCLUSION), string(proposal.KindNETWORK_BYLAWS),
}

// CoopRule is the rule a coop's bylaws give proposals of kind: the kind's
// own entry of decision_rules, or the default method and quorum.
func CoopRule(c *ent.Coop, kind proposal.Kind) decision.Rule {
	return c.DecisionRules.For(string(kind), decision.Rule{
		Method: decision.Method(c.AdmissionRule), QuorumPercent: c.QuorumPercent,
	})
}

// NetworkRule is the rule a network's bylaws give proposals of kind.
func NetworkRule(n *ent.Network, kind proposal.Kind) decision.Rule {
	return n.DecisionRules.For(string(kind), decision.Rule{
		Method: decision.Method(n.DefaultRule), QuorumPercent: n.QuorumPercent,
	})
}

// RuleOf is the rule frozen on p when it opened.
func RuleOf(p *ent.Proposal) decision.Rule {
	r := decision.Rule{
		Method:        decision.Method(p.Rule),
		QuorumPercent: p.QuorumPercent,
		MinVotingDays: p.MinVotingDays,
	}
	if p.ThresholdPercent != nil {
		r.ThresholdPercent = *p.ThresholdPercent
	}
	if p.BlockThreshold != nil {
		r.BlockThreshold = *p.BlockThreshold
	}
	if p.StandAsides != nil {
		r.StandAsides = decision.StandAsides(*p.StandAsides)
	}
	return r.Normalized()
}

// freezeRule copies r onto a proposal being opened at now, and checks that
// its deadline leaves the rule's minimum voting period.
func freezeRule(c *ent.ProposalCreate, r decision.Rule, now, closesAt time.Time) error {
	r = r.Normalized()
	if earliest := votingMinimumEnds(now, r.MinVotingDays); closesAt.Before(earliest) {
		return apperr.InvalidField("closesAt", "the bylaws give this kind of proposal at least %d day(s) of voting: closesAt must be %s or later",
			r.MinVotingDays, earliest.Format(time.RFC3339))
	}
	CopyRule(c, r)
	return nil
}

// CopyRule copies rule r onto a proposal being created (RuleOf reads it
// back); the demo seeder writes its proposals with it too.
func CopyRule(c *ent.ProposalCreate, r decision.Rule) {
	r = r.Normalized()
	c.SetRule(proposal.Rule(r.Method)).SetQuorumPercent(r.QuorumPercent).SetMinVotingDays(r.MinVotingDays)
	if r.ThresholdPercent != 0 {
		c.SetThresholdPercent(r.ThresholdPercent)
	}
	if r.BlockThreshold != 0 {
		c.SetBlockThreshold(r.BlockThreshold)
	}
	if r.StandAsides != "" {
		c.SetStandAsides(proposal.StandAsides(r.StandAsides))
	}
}

// votingMinimumEnds is when the minimum voting period of a proposal opened
// at openedAt ends.
func votingMinimumEnds(openedAt time.Time, minVotingDays int) time.Time {
	return openedAt.AddDate(0, 0, minVotingDays)
}
