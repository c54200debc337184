// Package governance carries out the coop's democratic operations on the
// database: pathway transitions (internal/pathway decides which are allowed),
// milestones, buddies and buy-ins, proposals and votes (internal/decision
// counts them). Each operation checks who may do it, then writes with
// authz.SystemContext in the caller's transaction, appending a PathwayEvent
// for every state change. Resolvers call these functions and nothing else.
package governance

import (
	"context"
	"errors"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/pathway"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// op is one operation's context: the viewer, the transaction's client, now.
type op struct {
	ctx context.Context // the viewer's: reads obey the privacy rules
	sys context.Context // for writes after the operation's own checks
	c   *ent.Client
	v   *viewer.Viewer
	now time.Time
}

func begin(ctx context.Context) (*op, error) {
	v := viewer.FromContext(ctx)
	if !v.Authenticated() {
		return nil, apperr.New(apperr.Unauthenticated, "sign in to change data")
	}
	c := ent.FromContext(ctx)
	if c == nil {
		return nil, errors.New("governance: no transaction in context")
	}
	return &op{ctx: ctx, sys: authz.SystemContext(ctx), c: c, v: v, now: clock.Now(ctx)}, nil
}

func forbidden(format string, args ...any) error {
	return apperr.New(apperr.Forbidden, format, args...)
}

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
