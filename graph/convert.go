package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/graph/model"
	"github.com/coopnetwork/cockpit/internal/budgets"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/pathway"
)

// Conversions from domain results to GraphQL models, kept out of the
// resolvers so those stay one call each.

func pathwayOptions(opts []pathway.Option) []*model.PathwayOption {
	out := make([]*model.PathwayOption, len(opts))
	for i, o := range opts {
		missing := make([]*model.PathwayRequirement, len(o.Missing))
		for j, m := range o.Missing {
			r := &model.PathwayRequirement{Kind: m.Kind, Message: m.Message}
			if m.Kind == "WAITING_PERIOD" {
				r.DaysLeft = &m.DaysLeft
			}
			if m.Kind == "MILESTONES" {
				r.OpenMilestones = &m.Open
			}
			missing[j] = r
		}
		out[i] = &model.PathwayOption{
			Transition: model.PathwayTransition(o.Transition),
			To:         membership.State(o.To),
			Allowed:    o.Allowed,
			Missing:    missing,
			EligibleOn: o.EligibleOn,
		}
	}
	return out
}

func closedPayload(c *governance.Closed) *model.ProposalPayload {
	return &model.ProposalPayload{Proposal: c.Proposal, Outcome: &model.DecisionOutcome{
		Passed:         c.Outcome.Passed,
		QuorumReached:  c.Outcome.QuorumReached,
		EligibleVoters: c.Eligible,
		RequiredVotes:  c.Outcome.Required,
		Yes:            c.Count.Yes,
		No:             c.Count.No,
		Abstain:        c.Count.Abstain,
		Block:          c.Count.Block,
		StandAside:     c.Count.StandAside,
		Reason:         c.Outcome.Reason,
	}}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func newShare(in model.CreateBudgetShareInput) budgets.NewShare {
	return budgets.NewShare{
		ProjectID: in.ProjectID, CoopID: in.CoopID, PersonID: in.PersonID,
		AmountCents: in.Amount.Cents, Currency: in.Amount.Currency,
		HourlyRateCents: in.HourlyRate.Cents, RateCurrency: in.HourlyRate.Currency,
		PlannedMinutes: derefInt(in.PlannedMinutes), Description: deref(in.Description), Reason: deref(in.Reason),
	}
}

func derefInt(i *int) int {
	if i == nil {
		return 0
	}
	return *i
}

// budgetDecision turns proposeBudgetChange's input into the domain's terms.
func budgetDecision(in model.ProposeBudgetChangeInput) governance.BudgetDecision {
	d := governance.BudgetDecision{Title: in.Title, Body: deref(in.Body), ClosesAt: in.ClosesAt,
		Change: budgets.Motion{ProjectID: in.ProjectID, Reason: deref(in.Reason)}}
	if sh := in.CreateShare; sh != nil {
		d.Change.Share = &budgets.NewShare{ProjectID: in.ProjectID, CoopID: sh.CoopID, PersonID: sh.PersonID,
			AmountCents: sh.Amount.Cents, Currency: sh.Amount.Currency,
			HourlyRateCents: sh.HourlyRate.Cents, RateCurrency: sh.HourlyRate.Currency,
			PlannedMinutes: derefInt(sh.PlannedMinutes), Description: deref(sh.Description), Reason: deref(in.Reason)}
	}
	if rs := in.ResizeShare; rs != nil {
		d.Change.Resize = &budgets.Resize{ShareID: rs.ShareID, AmountCents: rs.Amount.Cents, Currency: rs.Amount.Currency}
	}
	if t := in.ChangeTotal; t != nil {
		d.Change.Total = &budgets.Total{TotalCents: t.TotalBudget.Cents, Currency: t.TotalBudget.Currency, PmChargePercent: t.PmChargePercent}
	}
	return d
}

// selects tells whether the client asked for field directly below the field
// being resolved (e.g. a connection's totalCount, which costs a full count).
func selects(ctx context.Context, field string) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == field {
			return true
		}
	}
	return false
}
