package authz

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

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
		// An ID names one object of one type: an ID of another type is as
		// unknown as a missing one, and must not reach the permission below
		// (which would judge, say, a coop's ID as a person's).
		if m.Op().Is(ent.OpUpdateOne) {
			if id, ok := cm.ID(); ok {
				n, err := cm.Client().Noder(lookup, id)
				if err == nil && nodeType(n) != m.Type() {
					err = &ent.NotFoundError{}
				}
				if err != nil {
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
				n, err := cm.Client().Noder(lookup, id)
				if want := edgeType(m, edge); err == nil && want != "" && nodeType(n) != want {
					err = &ent.NotFoundError{}
				}
				if err != nil {
					return notFound(err, referenceField(m, edge))
				}
			}
		}
		for _, edge := range m.RemovedEdges() {
			for _, v := range m.RemovedIDs(edge) {
				id, ok := v.(int)
				if !ok {
					continue
				}
				if _, err := cm.Client().Noder(lookup, id); err != nil {
					return notFound(err, "remove"+upperFirst(listField(edge)))
				}
			}
		}
		return privacy.Skip
	})
}

// nodeType is the ent type name of a node (*ent.Coop: "Coop").
func nodeType(n ent.Noder) string {
	t := reflect.TypeOf(n)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

var edgeTypes sync.Map // "Type.edge" -> target type name

// edgeType returns the type of the nodes an edge of m's type links to, or ""
// when unknown. It is read from the entql filter ent generates for the type,
// whose WhereHas<Edge>With takes predicates of the target type.
func edgeType(m ent.Mutation, edge string) string {
	key := m.Type() + "." + edge
	if t, ok := edgeTypes.Load(key); ok {
		return t.(string)
	}
	target := ""
	if filter := reflect.ValueOf(m).MethodByName("Filter"); filter.IsValid() && filter.Type().NumIn() == 0 && filter.Type().NumOut() == 1 {
		ft := filter.Type().Out(0)
		want := "wherehas" + strings.ReplaceAll(edge, "_", "") + "with"
		for i := range ft.NumMethod() {
			meth := ft.Method(i)
			if strings.ToLower(meth.Name) != want || !meth.Type.IsVariadic() {
				continue
			}
			target = meth.Type.In(meth.Type.NumIn() - 1).Elem().Name()
		}
	}
	edgeTypes.Store(key, target)
	return target
}

func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	base := viewer.NewContext(context.Background(), viewerOf(ctx))
	if d, ok := ctx.Deadline(); ok {
		return context.WithDeadline(base, d)
	}
	return context.WithCancel(base)
}

func notFound(err error, field string) error {
	if !ent.IsNotFound(err) && !errors.Is(err, privacy.Deny) {
		return err
	}
	if field == "" {
		return apperr.New(apperr.NotFound, "not found")
	}
	return &apperr.Error{Code: apperr.NotFound, Field: field, Message: field + ": not found"}
}

// referenceField names the input field that set an edge, as entgql names it:
// "leadCoopID" for an edge held in a foreign-key field, "groupIDs" (create)
// or "addGroupIDs" (update) for a list edge.
func referenceField(m ent.Mutation, edge string) string {
	if _, ok := m.Field(edge + "_id"); ok {
		return apperr.GraphQLName(edge + "_id")
	}
	field := listField(edge)
	if m.Op().Is(ent.OpUpdateOne) {
		field = "add" + upperFirst(field)
	}
	return field
}

// listField is entgql's name of a list edge's IDs: "groupIDs".
func listField(edge string) string {
	singular := strings.TrimSuffix(edge, "s")
	if edge == "children" {
		singular = "child"
	}
	return apperr.GraphQLName(singular) + "IDs"
}

// allowIf ends a policy: check names the rule that decides the write and
// whether it allows it; a refusal is FORBIDDEN with the rule's sentence.
func allowIf[M ent.Mutation](check func(context.Context, *viewer.Viewer, M) (*Rule, bool, error)) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		tm, ok := m.(M)
		if !ok {
			return fmt.Errorf("authz: unexpected mutation %T", m)
		}
		r, allowed, err := check(ctx, viewerOf(ctx), tm)
		if err != nil {
			return notFound(err, "")
		}
		if !allowed {
			return forbidden("%s", r.Allows)
		}
		noteRule(ctx, r) // the audit log records the rule (audit.go)
		return privacy.Allow
	})
}

// byOp picks the rule of a create or of an update.
func byOp(m ent.Mutation, create, update *Rule) *Rule {
	if m.Op().Is(ent.OpCreate) {
		return create
	}
	return update
}

// writePolicy assembles a type's mutation policy around its own permission:
// a write under a named rule passes; otherwise sign-in, no bulk or delete,
// readable targets and references, the edge rules, then the permission.
func writePolicy(permission privacy.MutationRule) privacy.MutationPolicy {
	return privacy.MutationPolicy{allowUnderRule(), requireViewer(), onlyCreateAndUpdateOne(), referencesReadable(), edgesByRule(), permission}
}

// systemOnly is the mutation policy of types changed only through domain
// operations, which check their rule and write under it (Under).
func systemOnly(what string) privacy.MutationPolicy {
	return privacy.MutationPolicy{allowUnderRule(), requireViewer(), privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		return forbidden("%s", what)
	})}
}
