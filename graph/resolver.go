// Package graph holds Cockpit's GraphQL resolvers. They stay thin: each turns
// a GraphQL field into one ent or domain call; rules live below them.
package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/graph/generated"
	"github.com/coopnetwork/cockpit/internal/talent"
)

// Resolver is the root resolver; it carries the dependencies of all resolvers.
type Resolver struct {
	client *ent.Client
	// taxonomies keeps skill taxonomies for talent search.
	taxonomies *talent.TaxonomyCache
}

// NewSchema returns the executable GraphQL schema backed by client.
func NewSchema(client *ent.Client) graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{
		Resolvers: &Resolver{client: client, taxonomies: talent.NewTaxonomyCache()},
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
