// Package schemadoc makes the schema's documentation a checked property
// (issue 18): Hook describes what entgql generates without a description
// (entity types, connections, edges, orderings, filters, mutation inputs,
// enum values, the Time and Cursor scalars), and Missing lists what a schema
// still leaves undescribed (the test in this package runs it on the served
// schema; tools/schemalint runs graphql-eslint on the printed SDL in CI).
//
// Descriptions of ent fields and edges come from Comment() in ent/schema;
// an entity type's description from its schema.Comment annotation, else
// from typeDocs (types.go); enum values of ent enum fields from enumDocs
// (enums.go). Everything else generated is described here by rule.
//
// The package must not import the generated ent packages: entc.go runs the
// hook while generating them.
package schemadoc

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

// Spec URLs of the scalars (@specifiedBy).
const (
	TimeSpec   = "https://www.rfc-editor.org/rfc/rfc3339"
	CursorSpec = "https://relay.dev/graphql/connections.htm#sec-Cursor"
)

// Hook is an entgql schema hook (entgql.WithSchemaHook): it fills every
// empty or generic description of the generated schema. Descriptions
// already written (Comment() in ent/schema) are kept.
func Hook(g *gen.Graph, s *ast.Schema) error {
	nodes := map[string]*gen.Type{}
	for _, n := range g.Nodes {
		nodes[n.Name] = n
	}
	for _, n := range g.Nodes {
		def := s.Types[n.Name]
		if def == nil {
			continue
		}
		if c, ok := n.Annotations["Comment"].(map[string]any); ok && def.Description == "" {
			if text, _ := c["Text"].(string); text != "" {
				def.Description = text
			}
		}
		if def.Description == "" {
			def.Description = typeDocs[n.Name]
		}
		for _, f := range def.Fields {
			if f.Description == "" {
				f.Description = fieldDocs[n.Name+"."+f.Name]
			}
		}
		// An edge and its foreign-key field describe one relation: either
		// comment serves both (Vote.voter and Vote.voterID).
		for _, e := range n.Edges {
			// entgql drops the comment of a Relay connection edge.
			if f := def.Fields.ForName(camel(e.Name)); f != nil && f.Description == "" {
				f.Description = e.Comment()
			}
			ef := e.Field()
			if ef == nil {
				continue
			}
			edge, id := def.Fields.ForName(camel(e.Name)), def.Fields.ForName(camel(ef.Name))
			if edge != nil && edge.Description == "" {
				edge.Description = ef.Comment()
			}
			if id != nil && id.Description == "" {
				id.Description = e.Comment()
			}
		}
		for _, f := range n.Fields {
			if !f.IsEnum() {
				continue
			}
			enum := s.Types[n.Name+pascal(f.Name)]
			if enum == nil || enum.Kind != ast.Enum {
				continue
			}
			if enum.Description == "" || strings.Contains(enum.Description, "is enum for the field") {
				enum.Description = fmt.Sprintf("The values of %s.%s.", n.Name, camel(f.Name))
			}
		}
	}
	for _, n := range g.Nodes {
		describeOrderFields(n, s.Types[n.Name+"OrderField"])
	}
	for _, def := range s.Types {
		describeType(s, nodes, def)
	}
	if q := s.Types["Query"]; q != nil {
		if q.Description == "" {
			q.Description = "Cockpit's reads. Every answer holds only what the viewer may read; anything else is absent (null, or left out of lists), as if it did not exist."
		}
		for _, f := range q.Fields {
			if of := strings.TrimSuffix(f.Type.Name(), "Connection"); f.Description == "" && nodes[of] != nil && of != f.Type.Name() {
				f.Description = fmt.Sprintf("The %s objects the viewer may read, a page at a time.", of)
			}
		}
	}
	if t := s.Types["Time"]; t != nil {
		t.Description = "An instant, written as an RFC 3339 date-time string; always UTC on output (e.g. \"2026-12-07T17:30:00Z\"); input may carry any offset."
		specifiedBy(t, TimeSpec)
	}
	if t := s.Types["Cursor"]; t != nil {
		t.Description = "An opaque pagination cursor (Relay connections): pass an edge's cursor or pageInfo's start/endCursor as after or before; do not build or parse it."
		specifiedBy(t, CursorSpec)
	}
	return nil
}

// describeOrderFields names the field each value of an OrderField enum
// orders by (entgql.OrderField annotations of n's fields).
func describeOrderFields(n *gen.Type, enum *ast.Definition) {
	if enum == nil {
		return
	}
	by := map[string]string{}
	for _, f := range n.Fields {
		if a, ok := f.Annotations["EntGQL"].(map[string]any); ok {
			if name, _ := a["OrderField"].(string); name != "" {
				by[name] = camel(f.Name)
			}
		}
	}
	for _, v := range enum.EnumValues {
		if v.Description != "" {
			continue
		}
		switch v.Name {
		case "CREATED_AT":
			v.Description = "Orders by createdAt, when the object was created."
		case "UPDATED_AT":
			v.Description = "Orders by updatedAt, when the object last changed."
		default:
			if f, ok := by[v.Name]; ok {
				v.Description = "Orders by " + f + "."
			}
		}
	}
}

func specifiedBy(t *ast.Definition, url string) {
	if t.Directives.ForName("specifiedBy") != nil {
		return
	}
	t.Directives = append(t.Directives, &ast.Directive{
		Name: "specifiedBy",
		Arguments: ast.ArgumentList{{
			Name:  "url",
			Value: &ast.Value{Kind: ast.StringValue, Raw: url},
		}},
	})
}

func describeType(s *ast.Schema, nodes map[string]*gen.Type, def *ast.Definition) {
	name := def.Name
	switch {
	case def.Kind == ast.Enum && strings.HasSuffix(name, "OrderField"):
		for _, v := range def.EnumValues {
			if v.Description == "" {
				v.Description = "Orders by " + strings.ToLower(strings.ReplaceAll(v.Name, "_", " ")) + "."
			}
		}
	case def.Kind == ast.Enum:
		for _, v := range def.EnumValues {
			if v.Description == "" {
				v.Description = enumDocs[name+"."+v.Name]
			}
		}
	case def.Kind == ast.Object && strings.HasSuffix(name, "Connection") && nodes[strings.TrimSuffix(name, "Connection")] != nil:
		of := strings.TrimSuffix(name, "Connection")
		setDesc(&def.Description, fmt.Sprintf("A page of %s objects (a Relay connection), with the total count.", of))
	case def.Kind == ast.Object && strings.HasSuffix(name, "Edge") && nodes[strings.TrimSuffix(name, "Edge")] != nil:
		of := strings.TrimSuffix(name, "Edge")
		setDesc(&def.Description, fmt.Sprintf("One %s of a page, with its cursor.", of))
	case def.Kind == ast.InputObject && strings.HasSuffix(name, "WhereInput"):
		describeWhere(def, nodes[strings.TrimSuffix(name, "WhereInput")])
	case def.Kind == ast.InputObject && (strings.HasPrefix(name, "Create") || strings.HasPrefix(name, "Update")) && strings.HasSuffix(name, "Input"):
		of := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(name, "Create"), "Update"), "Input")
		if strings.Contains(def.Description, "Input was generated by ent.") && nodes[of] != nil {
			if strings.HasPrefix(name, "Create") {
				def.Description = fmt.Sprintf("The fields of a new %s (create%s).", of, of)
			} else {
				def.Description = fmt.Sprintf("Changes to one %s object (update%s); fields left out stay as they are.", of, of)
			}
		}
		describeMutationInput(def, s.Types[of])
	}
	if nodes[name] != nil && def.Kind == ast.Object {
		words := words(name)
		for _, f := range def.Fields {
			switch {
			case f.Description != "":
			case f.Name == "id":
				f.Description = fmt.Sprintf("The global ID of this %s: opaque, unique across types; node(id:) takes it.", words)
			case strings.HasSuffix(f.Name, "ID") && def.Fields.ForName(strings.TrimSuffix(f.Name, "ID")) != nil:
				f.Description = fmt.Sprintf("The ID of this %s's %s (the object itself is %s).", words, lowerWords(strings.TrimSuffix(f.Name, "ID")), strings.TrimSuffix(f.Name, "ID"))
			}
		}
	}
	for _, f := range def.Fields {
		for _, a := range f.Arguments {
			if a.Description != "" {
				continue
			}
			switch a.Name {
			case "after":
				a.Description = "Returns the elements in the list that come after the specified cursor."
			case "before":
				a.Description = "Returns the elements in the list that come before the specified cursor."
			case "first":
				a.Description = "Returns the first _n_ elements from the list."
			case "last":
				a.Description = "Returns the last _n_ elements from the list."
			case "orderBy":
				a.Description = "The order of the returned list."
			case "where":
				a.Description = "Returns only the elements matching these conditions."
			}
		}
	}
}

func setDesc(d *string, text string) {
	if *d == "" || *d == "A connection to a list of items." || *d == "An edge in a connection." {
		*d = text
	}
}

// predicate suffixes of entgql's where inputs, longest first where one is a
// suffix of another.
var predicates = []struct{ suffix, text string }{
	{"ContainsFold", "contains the given text, ignoring case"},
	{"EqualFold", "equals the given text, ignoring case"},
	{"HasPrefix", "starts with the given text"},
	{"HasSuffix", "ends with the given text"},
	{"Contains", "contains the given text"},
	{"NotNil", "is set"},
	{"IsNil", "is not set"},
	{"NotIn", "is none of the given values"},
	{"In", "is one of the given values"},
	{"NEQ", "differs from the given value"},
	{"GTE", "is greater than or equal to the given value"},
	{"GT", "is greater than the given value"},
	{"LTE", "is less than or equal to the given value"},
	{"LT", "is less than the given value"},
}

func describeWhere(def *ast.Definition, n *gen.Type) {
	of := strings.TrimSuffix(def.Name, "WhereInput")
	def.Description = fmt.Sprintf("Conditions on %s objects; all given conditions must hold (see and, or, not).", of)
	bases := map[string]bool{"id": true}
	edges := map[string]bool{}
	if n != nil {
		for _, f := range n.Fields {
			bases[camel(f.Name)] = true
		}
		for _, e := range n.Edges {
			edges[camel(e.Name)] = true
		}
	}
	for _, f := range def.Fields {
		if f.Description != "" && !strings.HasSuffix(f.Description, " field predicates") && !strings.HasSuffix(f.Description, " edge predicates") {
			continue
		}
		f.Description = wherePredicate(of, f.Name, bases, edges)
	}
}

func wherePredicate(of, name string, bases, edges map[string]bool) string {
	switch name {
	case "not":
		return fmt.Sprintf("Matches the %s objects the given conditions do not match.", of)
	case "and":
		return fmt.Sprintf("Matches the %s objects that match every one of the given conditions.", of)
	case "or":
		return fmt.Sprintf("Matches the %s objects that match at least one of the given conditions.", of)
	}
	if strings.HasPrefix(name, "has") {
		e := strings.TrimPrefix(name, "has")
		if strings.HasSuffix(e, "With") {
			if eb := lowerFirst(strings.TrimSuffix(e, "With")); edges[eb] {
				return fmt.Sprintf("Matches the %s objects with at least one %s matching all the given conditions.", of, eb)
			}
		}
		if eb := lowerFirst(e); edges[eb] {
			return fmt.Sprintf("Matches the %s objects that have at least one %s.", of, eb)
		}
	}
	for _, p := range predicates {
		if base, ok := strings.CutSuffix(name, p.suffix); ok && bases[base] {
			return fmt.Sprintf("Matches the %s objects whose %s %s.", of, base, p.text)
		}
	}
	return fmt.Sprintf("Matches the %s objects whose %s equals the given value.", of, name)
}

func describeMutationInput(def, obj *ast.Definition) {
	for _, f := range def.Fields {
		if f.Description != "" {
			continue
		}
		if obj != nil {
			if of := obj.Fields.ForName(f.Name); of != nil && of.Description != "" {
				f.Description = of.Description
				continue
			}
		}
		switch {
		case strings.HasPrefix(f.Name, "clear"):
			f.Description = fmt.Sprintf("Unsets %s (true clears it).", lowerFirst(strings.TrimPrefix(f.Name, "clear")))
		case strings.HasPrefix(f.Name, "add") && strings.HasSuffix(f.Name, "IDs"):
			f.Description = fmt.Sprintf("Adds the objects with these IDs to %s.", edgeOf(strings.TrimSuffix(strings.TrimPrefix(f.Name, "add"), "IDs"), obj))
		case strings.HasPrefix(f.Name, "remove") && strings.HasSuffix(f.Name, "IDs"):
			f.Description = fmt.Sprintf("Removes the objects with these IDs from %s.", edgeOf(strings.TrimSuffix(strings.TrimPrefix(f.Name, "remove"), "IDs"), obj))
		case strings.HasPrefix(f.Name, "append"):
			f.Description = fmt.Sprintf("Appends these values to %s.", lowerFirst(strings.TrimPrefix(f.Name, "append")))
		case strings.HasSuffix(f.Name, "IDs") && obj != nil && obj.Fields.ForName(strings.TrimSuffix(f.Name, "IDs")+"s") != nil:
			f.Description = fmt.Sprintf("The IDs of the objects of %ss.", strings.TrimSuffix(f.Name, "IDs"))
		case strings.HasSuffix(f.Name, "ID") && obj != nil:
			e := strings.TrimSuffix(f.Name, "ID")
			if of := obj.Fields.ForName(e); of != nil && of.Description != "" {
				f.Description = "The ID of the object of " + e + ": " + lowerFirst(of.Description)
			} else {
				f.Description = fmt.Sprintf("The ID of the %s.", lowerWords(e))
			}
		}
	}
}

// edgeOf names an edge of obj from a pascal-case name.
func edgeOf(pascalName string, obj *ast.Definition) string {
	n := lowerFirst(pascalName)
	if obj != nil && obj.Fields.ForName(n) == nil && obj.Fields.ForName(n+"s") != nil {
		n += "s"
	}
	return n
}

// Missing lists, sorted, every type, field, argument, enum value, input
// field and directive of s without a description, skipping the built-ins of
// GraphQL (gqlparser's prelude) and the names in exempt. Entries read
// "Type", "Type.field", "Type.field(arg)", "Enum.VALUE", "@directive",
// "@directive(arg)".
func Missing(s *ast.Schema, exempt map[string]bool) []string {
	var out []string
	miss := func(key, desc string) {
		if strings.TrimSpace(desc) == "" && !exempt[key] {
			out = append(out, key)
		}
	}
	for name, def := range s.Types {
		if def.BuiltIn || exempt[name] {
			continue
		}
		miss(name, def.Description)
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			key := name + "." + f.Name
			if exempt[key] {
				continue
			}
			miss(key, f.Description)
			for _, a := range f.Arguments {
				miss(key+"("+a.Name+")", a.Description)
			}
		}
		for _, v := range def.EnumValues {
			miss(name+"."+v.Name, v.Description)
		}
	}
	for name, d := range s.Directives {
		if d.Position != nil && d.Position.Src != nil && d.Position.Src.BuiltIn || exempt["@"+name] {
			continue
		}
		miss("@"+name, d.Description)
		for _, a := range d.Arguments {
			miss("@"+name+"("+a.Name+")", a.Description)
		}
	}
	sort.Strings(out)
	return out
}

// camel turns an ent snake_case name into GraphQL's camelCase, with entgql's
// initialisms (id -> ID).
func camel(s string) string {
	parts := strings.Split(s, "_")
	for i, p := range parts {
		if i == 0 {
			continue
		}
		if p == "id" || p == "ids" {
			parts[i] = strings.ToUpper(p[:2]) + p[2:]
			if p == "ids" {
				parts[i] = "IDs"
			}
			continue
		}
		parts[i] = upperFirst(p)
	}
	return strings.Join(parts, "")
}

func pascal(s string) string { return upperFirst(camel(s)) }

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// words splits a PascalCase or camelCase name into lower-case words:
// "BudgetShare" -> "budget share".
func words(s string) string { return lowerWords(s) }

func lowerWords(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i, c := range r {
		if i > 0 && unicode.IsUpper(c) && (unicode.IsLower(r[i-1]) || i+1 < len(r) && unicode.IsLower(r[i+1])) {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	out := strings.ToLower(b.String())
	return strings.ReplaceAll(out, "pm ", "PM ")
}
