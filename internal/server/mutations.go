package server

import (
	"context"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// mutationSeqKey holds the number of root fields a mutation request has
// started so far.
type mutationSeqKey struct{}

// rereadViewerBetweenMutations makes each mutation of a request see the
// effects of the ones before it: the viewer is loaded once when the request
// arrives, and a mutation may change what the caller may do (leaving a
// coop, pausing, being admitted to a network). So before every root field
// of a mutation request but the first, the viewer is read again inside the
// request's transaction (authz.LoadViewer sees its uncommitted writes) and
// replaced for the rest of the request (viewer.Replaceable: a payload
// already resolved keeps the viewer it was resolved with). A request with
// a single mutation pays nothing.
func rereadViewerBetweenMutations(srv *handler.Server) {
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		if oc != nil && oc.Operation != nil && oc.Operation.Operation == ast.Mutation {
			if v := viewer.FromContext(ctx); v.Authenticated() {
				// A clone: the viewer may come from the replica's cache,
				// shared with other requests, and mutations change theirs.
				ctx, _ = viewer.NewReplaceableContext(ctx, v.Clone())
				ctx = context.WithValue(ctx, mutationSeqKey{}, new(atomic.Int32))
			}
		}
		return next(ctx)
	})
	srv.AroundRootFields(func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		seq, _ := ctx.Value(mutationSeqKey{}).(*atomic.Int32)
		if seq == nil || seq.Add(1) == 1 {
			return next(ctx)
		}
		lv, c := viewer.ReplaceableFromContext(ctx), ent.FromContext(ctx)
		if lv == nil || c == nil {
			return next(ctx)
		}
		fresh, err := authz.LoadViewer(ctx, c, lv.Get().PersonID)
		if err != nil {
			graphql.AddError(ctx, err)
			return graphql.Null
		}
		lv.Set(fresh)
		return next(ctx)
	})
}
