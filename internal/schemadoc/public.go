package schemadoc

import (
	"io"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// plumbingDirectives are gqlgen's and Apollo Federation's directives: the
// public schema neither declares nor applies them (the subgraph SDL for the
// router keeps them).
func plumbingDirective(s *ast.Schema, name string) bool {
	switch name {
	case "deprecated", "specifiedBy", "oneOf", "include", "skip", "defer":
		return false
	case "goModel", "goField", "goTag", "goExtraField":
		return true
	}
	d := s.Directives[name]
	return d == nil || d.Position != nil && d.Position.Src != nil && d.Position.Src.BuiltIn
}

// PrintPublic writes the SDL of s as its public users see it: without
// gqlgen's and Apollo Federation's plumbing (their directives, the _entities
// and _service fields, their types) and without GraphQL's built-ins. It is
// self-contained: every type and directive it uses is declared.
func PrintPublic(w io.Writer, s *ast.Schema) {
	out := &ast.Schema{
		Query:        s.Query,
		Mutation:     s.Mutation,
		Subscription: s.Subscription,
		Types:        map[string]*ast.Definition{},
		Directives:   map[string]*ast.DirectiveDefinition{},
	}
	for name, def := range s.Types {
		if def.BuiltIn {
			continue
		}
		c := *def
		c.Directives = publicDirectives(s, def.Directives)
		c.Fields = nil
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "_") {
				continue // _entities, _service (federation)
			}
			fc := *f
			fc.Directives = publicDirectives(s, f.Directives)
			c.Fields = append(c.Fields, &fc)
		}
		switch def {
		case s.Query:
			out.Query = &c
		case s.Mutation:
			out.Mutation = &c
		case s.Subscription:
			out.Subscription = &c
		}
		out.Types[name] = &c
	}
	for name, d := range s.Directives {
		if !plumbingDirective(s, name) && !(d.Position != nil && d.Position.Src != nil && d.Position.Src.BuiltIn) {
			out.Directives[name] = d
		}
	}
	formatter.NewFormatter(w, formatter.WithIndent("  ")).FormatSchema(out)
}

func publicDirectives(s *ast.Schema, list ast.DirectiveList) ast.DirectiveList {
	var out ast.DirectiveList
	for _, d := range list {
		if !plumbingDirective(s, d.Name) {
			out = append(out, d)
		}
	}
	return out
}
