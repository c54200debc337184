//go:build ignore

// Command entc generates the ent client and the entgql GraphQL schema.
// Run it from the repository root (go generate ./... does): entgql reads and
// writes root-relative paths, so running it from ent/ would make it mistake
// its own earlier output for a hand-written schema.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/schema/ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Target:  "./ent",
		Package: "github.com/coopnetwork/cockpit/ent",
		Features: []gen.Feature{
			gen.FeatureGlobalID,
			gen.FeatureNamedEdges,
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureIntercept,
			gen.FeatureLock,
			gen.FeatureModifier,
			gen.FeatureVersionedMigration,
		},
	}, entc.Extensions(ex), entc.TemplateFiles("ent/template/driver.tmpl", "ent/template/m2morder.tmpl"))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
