// Package governance carries out the coop's democratic operations on the
// database: pathway transitions (internal/pathway decides which are allowed),
// milestones, buddies and buy-ins, proposals and votes (internal/decision
// counts them). Each operation checks who may do it, then writes with
// the rule's context (domainop.Op.As) in the caller's transaction, appending a PathwayEvent
// for every state change. Resolvers call these functions and nothing else.
package governance

import (
	"context"
	"errors"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/pathway"
)

// op is one governance operation (see internal/domainop).
type op struct{ *domainop.Op }

func (svc *Service) begin(ctx context.Context) (*op, error) {
	o, err := svc.Env.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return &op{o}, nil
}

// beginOnMembership begins an operation on a membership the viewer can read.
func (svc *Service) beginOnMembership(ctx context.Context, id int) (*op, *ent.Membership, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	ms, err := o.C.Membership.Get(o.Ctx, id)
	return o, ms, err
}

// beginOnProposal begins an operation on a proposal the viewer can read.
func (svc *Service) beginOnProposal(ctx context.Context, id int) (*op, *ent.Proposal, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	p, err := o.C.Proposal.Get(o.Ctx, id)
	return o, p, err
}

var forbidden = domainop.Forbidden

// invalidTransition turns the state machine's refusal into the API error,
// naming the current state and the transitions allowed now.
func invalidTransition(err error) error {
	var ite *pathway.InvalidTransitionError
	if !errors.As(err, &ite) {
		return err
	}
	allowed := make([]string, len(ite.Allowed))
	for i, t := range ite.Allowed {
		allowed[i] = string(t)
	}
	missing := make([]string, len(ite.Missing))
	for i, m := range ite.Missing {
		missing[i] = m.Message
	}
	return &apperr.Error{Code: apperr.InvalidTransition, Message: ite.Error(), Err: err,
		Extra: map[string]any{"currentState": string(ite.Current), "allowedTransitions": allowed, "missing": missing}}
}

func notFound(what string) error { return apperr.New(apperr.NotFound, "%s not found", what) }
