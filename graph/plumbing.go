package graph

import (
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/graph/generated"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/publicschema"
)

// PublicSchema is the schema /graphql serves: the generated subgraph schema
// without gqlgen's and federation's plumbing and without unreachable types
// (internal/publicschema). The root schema.graphql is its SDL
// ("cockpit schema").
var PublicSchema = sync.OnceValue(func() *ast.Schema {
	return publicschema.Filter(SubgraphSchema())
})

// SubgraphSchema is the full schema gqlgen generated, with the Apollo
// Federation v2 root fields (_entities, _service) and directives a router
// needs.
func SubgraphSchema() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{}).Schema()
}

// NewSubgraphSchema is NewSchema with the full subgraph schema: what a
// federation router talks to (served on /subgraph/graphql).
func NewSubgraphSchema(client *ent.Client, env domainop.Env) graphql.ExecutableSchema {
	return newExecutableSchema(client, env, SubgraphSchema())
}
