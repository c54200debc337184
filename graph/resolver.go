// Package graph holds Cockpit's GraphQL resolvers. They stay thin: each turns
// a GraphQL field into one ent or domain call; rules live below them.
package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/graph/generated"
	"github.com/coopnetwork/cockpit/internal/budgets"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/subscription"
	"github.com/coopnetwork/cockpit/internal/talent"
)

// Resolver is the root resolver; it carries the dependencies of all
// resolvers: the shared client and the domain services, built once.
type Resolver struct {
	client *ent.Client
	env    domainop.Env
	// taxonomies keeps skill taxonomies for talent search.
	taxonomies    *talent.TaxonomyCache
	governance    *governance.Service
	budgets       *budgets.Service
	talent        *talent.Service
	people        *people.Service
	subscriptions *subscription.Service
}

// NewSchema returns the executable GraphQL schema backed by client, whose
// domain operations publish live updates to env.Events and read env.Clock.
//
// Its schema is the public one (PublicSchema, plumbing.go); NewSubgraphSchema
// serves the full subgraph schema a federation router needs.
func NewSchema(client *ent.Client, env domainop.Env) graphql.ExecutableSchema {
	return newExecutableSchema(client, env, PublicSchema())
}

func newExecutableSchema(client *ent.Client, env domainop.Env, schema *ast.Schema) graphql.ExecutableSchema {
	gov := &governance.Service{Env: env}
	return generated.NewExecutableSchema(generated.Config{
		Schema: schema,
		Resolvers: &Resolver{
			client:        client,
			env:           env,
			taxonomies:    talent.NewTaxonomyCache(),
			governance:    gov,
			budgets:       &budgets.Service{Env: env},
			talent:        &talent.Service{Env: env},
			people:        &people.Service{Env: env},
			subscriptions: &subscription.Service{Client: client, Events: env.Events, Governance: gov},
		},
	})
}

// db is the request's transaction client inside a mutation (so a payload
// reads what the mutation wrote), else the shared client.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}
