package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/audit"
)

// auditRootField starts the audit record of every root field of a mutation
// request, in the request's transaction (entgql.Transactioner): the field's
// writes go to it, and a mutation that commits without writing a row still
// gets its one record (internal/audit).
func auditRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return next(ctx)
	}
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		return next(ctx)
	}
	return next(audit.Mutation(ctx, tx, graphql.GetRootFieldContext(ctx).Field.Name))
}
