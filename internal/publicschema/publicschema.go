// Package publicschema derives Cockpit's public GraphQL schema, the one
// /graphql serves and introspects, from the full subgraph schema gqlgen
// generates (served to federation routers on /subgraph/graphql):
//
//   - no code-generation directives (@goModel, @goField, @goTag, ...) and no
//     federation plumbing: the root fields _entities and _service, the
//     directives @key, @link, @shareable, ... and what only they reach
//     (_Any, _Entity, _Service, Entity with its findMany...ByIDs fields,
//     ...ByIDsInput, FieldSet, federation__*, link__*);
//   - only the types reachable from Query, Mutation and Subscription (entgql
//     generates WhereInputs, orders and connections nobody can ask for).
//
// What remains is a valid schema: the executable schema validates public
// requests against it (a request for _entities on /graphql fails
// validation), introspection shows it and Print writes it to the committed
// schema.graphql.
package publicschema

import (
	"bytes"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// PlumbingRootFields are the root fields of federation a router uses and
// clients have no business with.
var PlumbingRootFields = []string{"_entities", "_service"}

// typeSystemDirectives are the type-system directives a client may see:
// GraphQL's own. Any other directive definition without an executable
// location (QUERY, FIELD, ...) is plumbing and is dropped, and so are its
// uses on types, fields, arguments and enum values.
var typeSystemDirectives = map[string]bool{"deprecated": true, "specifiedBy": true, "oneOf": true}

var executableLocations = map[ast.DirectiveLocation]bool{
	ast.LocationQuery: true, ast.LocationMutation: true, ast.LocationSubscription: true,
	ast.LocationField: true, ast.LocationFragmentDefinition: true, ast.LocationFragmentSpread: true,
	ast.LocationInlineFragment: true, ast.LocationVariableDefinition: true,
}

// Filter returns the public copy of full; full is not modified (the
// subgraph endpoint keeps serving it).
func Filter(full *ast.Schema) *ast.Schema {
	out := &ast.Schema{
		Description:   full.Description,
		Types:         map[string]*ast.Definition{},
		Directives:    map[string]*ast.DirectiveDefinition{},
		PossibleTypes: map[string][]*ast.Definition{},
		Implements:    map[string][]*ast.Definition{},
	}
	for name, d := range full.Directives {
		if typeSystemDirectives[name] || (!isPlumbingDirective(name) && slices.ContainsFunc(d.Locations, func(l ast.DirectiveLocation) bool { return executableLocations[l] })) {
			out.Directives[name] = d
		}
	}

	// Reachability from the roots, the introspection types and the
	// arguments of the directives kept.
	reached := map[string]bool{}
	var queue []string
	reach := func(name string) {
		if _, ok := full.Types[name]; ok && !reached[name] {
			reached[name] = true
			queue = append(queue, name)
		}
	}
	for _, root := range []*ast.Definition{full.Query, full.Mutation, full.Subscription} {
		if root != nil {
			reach(root.Name)
		}
	}
	for name := range full.Types {
		if strings.HasPrefix(name, "__") {
			reach(name)
		}
	}
	for _, d := range out.Directives {
		for _, a := range d.Arguments {
			reach(a.Type.Name())
		}
	}
	for len(queue) > 0 {
		def := full.Types[queue[0]]
		queue = queue[1:]
		for _, f := range publicFields(full, def) {
			reach(f.Type.Name())
			for _, a := range f.Arguments {
				reach(a.Type.Name())
			}
		}
		for _, i := range def.Interfaces {
			reach(i)
		}
		for _, t := range def.Types {
			reach(t)
		}
		if def.Kind == ast.Interface {
			for _, impl := range full.PossibleTypes[def.Name] {
				reach(impl.Name)
			}
		}
	}

	for name := range reached {
		out.Types[name] = copyDefinition(out, full, full.Types[name])
	}
	for name, defs := range full.PossibleTypes {
		if out.Types[name] == nil {
			continue
		}
		for _, d := range defs {
			if c := out.Types[d.Name]; c != nil {
				out.PossibleTypes[name] = append(out.PossibleTypes[name], c)
			}
		}
	}
	for name, defs := range full.Implements {
		if out.Types[name] == nil {
			continue
		}
		for _, d := range defs {
			if c := out.Types[d.Name]; c != nil {
				out.Implements[name] = append(out.Implements[name], c)
			}
		}
	}
	if full.Query != nil {
		out.Query = out.Types[full.Query.Name]
	}
	if full.Mutation != nil {
		out.Mutation = out.Types[full.Mutation.Name]
	}
	if full.Subscription != nil {
		out.Subscription = out.Types[full.Subscription.Name]
	}
	return out
}

func isPlumbingDirective(name string) bool {
	return strings.HasPrefix(name, "go") || strings.HasPrefix(name, "federation__") ||
		strings.HasPrefix(name, "link__") || name == "key" || name == "link" || name == "entityResolver"
}

// publicFields are def's fields without the federation root fields.
func publicFields(full *ast.Schema, def *ast.Definition) ast.FieldList {
	if full.Query == nil || def.Name != full.Query.Name {
		return def.Fields
	}
	var fields ast.FieldList
	for _, f := range def.Fields {
		if !slices.Contains(PlumbingRootFields, f.Name) {
			fields = append(fields, f)
		}
	}
	return fields
}

func copyDefinition(out, full *ast.Schema, def *ast.Definition) *ast.Definition {
	c := *def
	c.Directives = directives(out, def.Directives)
	c.Interfaces = slices.Clone(def.Interfaces) // all reached: the walk follows a type's interfaces
	c.Fields = nil
	for _, f := range publicFields(full, def) {
		fc := *f
		fc.Directives = directives(out, f.Directives)
		fc.Arguments = nil
		for _, a := range f.Arguments {
			ac := *a
			ac.Directives = directives(out, a.Directives)
			fc.Arguments = append(fc.Arguments, &ac)
		}
		c.Fields = append(c.Fields, &fc)
	}
	c.EnumValues = nil
	for _, v := range def.EnumValues {
		vc := *v
		vc.Directives = directives(out, v.Directives)
		c.EnumValues = append(c.EnumValues, &vc)
	}
	return &c
}

// directives keeps the uses of the directives out defines.
func directives(out *ast.Schema, list ast.DirectiveList) ast.DirectiveList {
	var kept ast.DirectiveList
	for _, d := range list {
		if out.Directives[d.Name] != nil {
			kept = append(kept, d)
		}
	}
	return kept
}

// Print writes s as SDL, types and directives sorted by name, GraphQL's
// built-in definitions left out: the text of the committed schema.graphql.
func Print(s *ast.Schema) string {
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithIndent("  ")).FormatSchema(s)
	return buf.String()
}
