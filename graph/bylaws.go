package graph

import (
	"context"

	"entgo.io/contrib/entgql"

	"github.com/coopnetwork/cockpit/ent"

	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/graph/model"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/governance"
)

// Conversions between the bylaws' decision rules and their GraphQL types
// (graph/schema/bylaws.graphql). The rules themselves are checked below the
// resolvers (internal/governance: decision.Rules.Validate).

// rulesIn turns DecisionRuleInputs into bylaws rules (not yet validated).
func rulesIn(in []*model.DecisionRuleInput) decision.Rules {
	out := make(decision.Rules, 0, len(in))
	for _, r := range in {
		kr := decision.KindRule{Kind: string(r.Kind), Rule: decision.Rule{
			Method: decision.Method(r.Method), QuorumPercent: r.QuorumPercent,
			ThresholdPercent: derefInt(r.ThresholdPercent), BlockThreshold: derefInt(r.BlockThreshold),
			MinVotingDays: derefInt(r.MinVotingDays),
		}}
		if r.StandAsides != nil {
			kr.StandAsides = decision.StandAsides(*r.StandAsides)
		}
		out = append(out, kr)
	}
	return out
}

// rulesOut shows rules as DecisionRules, each normalized (the defaults of
// its method filled in, the parameters it does not use null).
func rulesOut(rs decision.Rules) []*model.DecisionRule {
	out := make([]*model.DecisionRule, len(rs))
	for i, kr := range rs {
		r := kr.Rule.Normalized()
		dr := &model.DecisionRule{Kind: proposal.Kind(kr.Kind), Method: model.DecisionMethod(r.Method),
			QuorumPercent: r.QuorumPercent, MinVotingDays: r.MinVotingDays}
		if r.ThresholdPercent != 0 {
			dr.ThresholdPercent = &r.ThresholdPercent
		}
		if r.BlockThreshold != 0 {
			dr.BlockThreshold = &r.BlockThreshold
		}
		if r.StandAsides != "" {
			sa := model.StandAsideCounting(r.StandAsides)
			dr.StandAsides = &sa
		}
		out[i] = dr
	}
	return out
}

// putRules keeps the decision rules of a generated input for the mutation
// resolver, like putMoney.
func putRules(ctx context.Context, field string, in []*model.DecisionRuleInput) error {
	h, _ := ctx.Value(moneyInputsKey{}).(*moneyInputs)
	if h == nil {
		return apperr.New(apperr.Internal, "inputs are not set up")
	}
	if in == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rules == nil {
		h.rules = map[string]decision.Rules{}
	}
	h.rules[field] = rulesIn(in)
	return nil
}

// takeRules returns the decision rules given for field, if any.
func takeRules(ctx context.Context, field string) (decision.Rules, bool) {
	h, _ := ctx.Value(moneyInputsKey{}).(*moneyInputs)
	if h == nil {
		return nil, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	rs, ok := h.rules[field]
	return rs, ok
}

// bylawsDecision turns proposeBylawsChange's input into the domain's terms.
func bylawsDecision(in model.ProposeBylawsChangeInput) governance.BylawsDecision {
	d := governance.BylawsDecision{CoopID: in.CoopID, Title: in.Title, Body: deref(in.Body), ClosesAt: in.ClosesAt,
		Currencies: map[string]string{}}
	c := in.Change
	if c == nil {
		return d
	}
	ch := bylaws.Change{
		CandidacyDays: c.CandidacyDays, FreelancerRightToJoinDays: c.FreelancerRightToJoinDays,
		QuorumPercent: c.QuorumPercent, SurplusSharePercent: c.SurplusSharePercent,
		SurplusIncludesFormerMembers: c.SurplusIncludesFormerMembers, NetworkDelegateID: c.NetworkDelegateID,
		Text: c.Text,
	}
	if c.AdmissionRule != nil {
		s := string(*c.AdmissionRule)
		ch.DefaultRule = &s
	}
	if c.ShareReductionConsent != nil {
		s := string(*c.ShareReductionConsent)
		ch.ShareReductionConsent = &s
	}
	if c.NetworkVotes != nil {
		s := string(*c.NetworkVotes)
		ch.NetworkVotes = &s
	}
	if c.BuyIn != nil {
		ch.BuyInCents = &c.BuyIn.Cents
		d.Currencies["buyIn"] = c.BuyIn.Currency
	}
	if c.BudgetChangeThreshold != nil {
		ch.BudgetChangeThresholdCents = &c.BudgetChangeThreshold.Cents
		d.Currencies["budgetChangeThreshold"] = c.BudgetChangeThreshold.Currency
	}
	if c.DecisionRules != nil {
		rs := rulesIn(c.DecisionRules)
		ch.DecisionRules = &rs
	}
	coopMoneyBylawsIn(c, &ch, d.Currencies) // coopmoney.go
	d.Change = ch
	return d
}

// newestFirst is a bylaws history's order: as asked, or by version from the
// newest.
func newestFirst(o *ent.BylawsVersionOrder) *ent.BylawsVersionOrder {
	if o != nil {
		return o
	}
	return &ent.BylawsVersionOrder{Direction: entgql.OrderDirectionDesc, Field: ent.BylawsVersionOrderFieldVersion}
}
