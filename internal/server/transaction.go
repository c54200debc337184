package server

import (
	"context"
	"sync"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// transactioner runs every mutation operation in one database transaction,
// as entgql.Transactioner does (its resolvers take the transaction from the
// context, ent.FromContext), with one difference: a transaction that cannot
// begin or commit fails with a classified error (extensions.code; a
// deadlock or serialization failure is CONFLICT, "retry") through the
// server's error presenter, instead of entgql's bare "cannot commit
// transaction: <driver message>". Commit-time work can fail there: the
// audit log's and talent participation's before-commit steps, and
// PostgreSQL's own conflict detection.
type transactioner struct {
	opener  entgql.TxOpener
	present graphql.ErrorPresenterFunc
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = transactioner{}

func (transactioner) ExtensionName() string { return "CockpitTransactioner" }

func (transactioner) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext runs a mutation's root fields one after the other:
// they share one transaction, which is not safe for concurrent use.
func (transactioner) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if !isMutation(oc.Operation) {
		return nil
	}
	previous := oc.ResolverMiddleware
	var mu sync.Mutex
	oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		return previous(ctx, next)
	}
	return nil
}

// InterceptResponse opens the transaction, runs the operation, and commits
// when it answered without errors (else rolls back: nothing is written).
func (t transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !isMutation(graphql.GetOperationContext(ctx).Operation) {
		return next(ctx)
	}
	txCtx, tx, err := t.opener.OpenTx(ctx)
	if err != nil {
		return &graphql.Response{Errors: gqlerror.List{t.present(ctx, err)}}
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	rsp := next(txCtx)
	if len(rsp.Errors) > 0 {
		return &graphql.Response{Errors: rsp.Errors}
	}
	committed = true // a failed Commit has ended the transaction too
	if err := tx.Commit(); err != nil {
		return &graphql.Response{Errors: gqlerror.List{t.present(ctx, err)}}
	}
	return rsp
}

func isMutation(op *ast.OperationDefinition) bool { return op != nil && op.Operation == ast.Mutation }
