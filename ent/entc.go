//go:build ignore

// Command entc generates the ent client and the entgql GraphQL schema.
// Run it from the repository root (go generate ./... does): entgql reads and
// writes root-relative paths, so running it from ent/ would make it mistake
// its own earlier output for a hand-written schema.
package main

import (
	"log"
	"text/template"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/internal/schemadoc"
	"github.com/coopnetwork/cockpit/internal/schemarelay"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/schema/ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
		entgql.WithSchemaHook(includeArchivedArgs, schemadoc.Hook), // schemadoc: descriptions (issue 18)
		entgql.WithSchemaHook(schemarelay.Hook),                    // non-null connection edges and nodes
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
	}, entc.Extensions(ex), cockpitTemplates(
		"ent/template/driver.tmpl", "ent/template/m2morder.tmpl",
		// Archive (issue 16): archived objects leave lists unless asked for.
		"ent/template/archive.tmpl", "ent/template/archive_collection.tmpl", "ent/template/archive_edge.tmpl",
		// Page and totalCount in one statement (issue 19).
		"ent/template/pagination_count.tmpl", "ent/template/pagetotal.tmpl",
	))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// cockpitTemplates parses Cockpit's templates with entgql's template
// functions (the overrides of entgql's templates use them) and "archivable".
// They come after entgql's, so their definitions win.
func cockpitTemplates(files ...string) entc.Option {
	return func(cfg *gen.Config) error {
		funcs := template.FuncMap{"archivable": archivable}
		for k, v := range entgql.TemplateFuncs {
			funcs[k] = v
		}
		t, err := gen.NewTemplate("external").Funcs(funcs).ParseFiles(files...)
		if err != nil {
			return err
		}
		cfg.Templates = append(cfg.Templates, t)
		return nil
	}
}

// archivable tells the types archived instead of deleted: those with the
// archived_at field of ent/schema/archive.go's ArchiveMixin.
func archivable(t *gen.Type) bool {
	for _, f := range t.Fields {
		if f.Name == "archived_at" {
			return true
		}
	}
	return false
}

// includeArchivedArgs gives every connection of an archivable type, at the
// root and nested, the argument includeArchived: Boolean = false. The
// templates (ent/template/archive*.tmpl) apply it per list.
func includeArchivedArgs(g *gen.Graph, s *ast.Schema) error {
	conns := map[string]string{}
	for _, n := range g.Nodes {
		if archivable(n) {
			conns[n.Name+"Connection"] = n.Name
		}
	}
	for _, def := range s.Types {
		if def.Kind != ast.Object {
			continue
		}
		for _, f := range def.Fields {
			name, ok := conns[f.Type.Name()]
			if !ok || f.Arguments.ForName("includeArchived") != nil {
				continue
			}
			f.Arguments = append(f.Arguments, &ast.ArgumentDefinition{
				Name:         "includeArchived",
				Description:  "Whether archived " + name + " objects are listed too (they are left out by default; node(id:) finds them either way).",
				Type:         ast.NamedType("Boolean", nil),
				DefaultValue: &ast.Value{Kind: ast.BooleanValue, Raw: "false"},
			})
		}
	}
	return nil
}
