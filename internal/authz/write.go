package authz

import (
	"context"
	"errors"
	"fmt"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Write rules. Each type's mutation policy is: sign-in required, referenced
// objects must be readable, the target of an update must be readable, then
// the type's own permission; anything else is denied.

var (
	errSignIn = apperr.New(apperr.Unauthenticated, "sign in to change data")
)

func forbidden(format string, args ...any) error {
	return apperr.New(apperr.Forbidden, format, args...)
}

// requireViewer denies every write of the anonymous viewer.
func requireViewer() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !viewerOf(ctx).Authenticated() {
			return errSignIn
		}
		return privacy.Skip
	})
}

// onlyCreateAndUpdateOne denies bulk updates and all deletes: the API offers
// neither, and history must not be lost.
func onlyCreateAndUpdateOne() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
			return privacy.Skip
		}
		return forbidden("%s cannot be changed in bulk or deleted", m.Type())
	})
}

type clientMutation interface {
	ent.Mutation
	Client() *ent.Client
	ID() (int, bool)
}

// referencesReadable requires every object a mutation links to (and, on
// update, the object itself) to be readable by the viewer, so IDs of hidden
// objects behave like unknown IDs.
func referencesReadable() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		cm, ok := m.(clientMutation)
		if !ok {
			return fmt.Errorf("authz: unexpected mutation %T", m)
		}
		// Noder looks the object up with the viewer's read filters; it must
		// not see the GraphQL field being resolved (it would try to collect
		// that field's selections for the referenced type).
		lookup, cancel := detached(ctx)
		defer cancel()
		if m.Op().Is(ent.OpUpdateOne) {
			if id, ok := cm.ID(); ok {
				if _, err := cm.Client().Noder(lookup, id); err != nil {
					return notFound(err, "")
				}
			}
		}
		for _, edge := range m.AddedEdges() {
			for _, v := range m.AddedIDs(edge) {
				id, ok := v.(int)
				if !ok {
					continue
				}
				if _, err := cm.Client().Noder(lookup, id); err != nil {
					return notFound(err, edge)
				}
			}
		}
		return privacy.Skip
	})
}

func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	base := viewer.NewContext(context.Background(), viewerOf(ctx))
	if d, ok := ctx.Deadline(); ok {
		return context.WithDeadline(base, d)
	}
	return context.WithCancel(base)
}

func notFound(err error, edge string) error {
	if !ent.IsNotFound(err) && !errors.Is(err, privacy.Deny) {
		return err
	}
	if edge == "" {
		return apperr.New(apperr.NotFound, "not found")
	}
	field := apperr.GraphQLName(edge) + "ID"
	return &apperr.Error{Code: apperr.NotFound, Field: field, Message: field + ": not found"}
}

// allowIf ends a policy: the check decides, anything else is FORBIDDEN.
func allowIf[M ent.Mutation](check func(context.Context, *viewer.Viewer, M) (bool, error), why string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		tm, ok := m.(M)
		if !ok {
			return fmt.Errorf("authz: unexpected mutation %T", m)
		}
		allowed, err := check(ctx, viewerOf(ctx), tm)
		if err != nil {
			return notFound(err, "")
		}
		if !allowed {
			return forbidden("%s", why)
		}
		return privacy.Allow
	})
}

// writePolicy assembles a type's mutation policy around its own permission.
func writePolicy(permission privacy.MutationRule) privacy.MutationPolicy {
	return privacy.MutationPolicy{requireViewer(), onlyCreateAndUpdateOne(), referencesReadable(), permission}
}

// systemOnly is the mutation policy of types changed only through domain
// operations, which run with SystemContext after checking their own rules.
func systemOnly(what string) privacy.MutationPolicy {
	return privacy.MutationPolicy{requireViewer(), privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		return forbidden("%s", what)
	})}
}
