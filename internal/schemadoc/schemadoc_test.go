package schemadoc_test

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/graph"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/publicschema"
	"github.com/coopnetwork/cockpit/internal/schemadoc"
)

// exemptions reads undocumented.txt: the schema coordinates allowed to stay
// without a description (tools/schemalint reads the same file).
func exemptions(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open("undocumented.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out[l] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEverythingIsDescribed: every type, field, argument, enum value, input
// field, scalar and directive of the served schema has a description, but
// for the coordinates listed in undocumented.txt; and every listed
// coordinate still exists undescribed (the list only shrinks).
func TestEverythingIsDescribed(t *testing.T) {
	s := graph.NewSchema(nil, domainop.Env{}).Schema()
	exempt := exemptions(t)
	for _, m := range schemadoc.Missing(s, exempt) {
		t.Errorf("%s has no description: describe it in the SDL (graph/schema/*.graphql) or with Comment() in ent/schema", m)
	}
	all := schemadoc.Missing(s, nil)
	for k := range exempt {
		if !slices.Contains(all, k) {
			t.Errorf("%s is listed in undocumented.txt but is described now (or gone): remove it from the list", k)
		}
	}
}

// TestScalarsStateTheirFormat: every custom scalar says how it is written,
// and those with a public specification point at it (@specifiedBy).
func TestScalarsStateTheirFormat(t *testing.T) {
	s := graph.NewSchema(nil, domainop.Env{}).Schema()
	specs := map[string]string{
		"Time":   schemadoc.TimeSpec,
		"Cursor": schemadoc.CursorSpec,
		"Date":   "https://www.rfc-editor.org/rfc/rfc3339#section-5.6",
		"JSON":   "https://www.rfc-editor.org/rfc/rfc8259",
	}
	for name, def := range s.Types {
		if def.Kind != "SCALAR" || def.BuiltIn || plumbing(name) {
			continue
		}
		if strings.Contains(def.Description, "builtin") || len(def.Description) < 40 {
			t.Errorf("scalar %s: description %q does not state a wire format", name, def.Description)
		}
		want, ok := specs[name]
		if !ok {
			continue
		}
		d := def.Directives.ForName("specifiedBy")
		if d == nil || d.Arguments.ForName("url") == nil || d.Arguments.ForName("url").Value.Raw != want {
			t.Errorf("scalar %s: want @specifiedBy(url: %q)", name, want)
		}
	}
	for _, name := range []string{"Time", "Date", "MinorUnits", "JSON", "Cursor"} {
		if s.Types[name] == nil {
			t.Errorf("scalar %s is gone: update this test and the README's scalar list", name)
		}
	}
}

// plumbing: Apollo Federation's scalars, which the plumbing part hides from
// the public schema.
func plumbing(name string) bool {
	return name == "_Any" || name == "FieldSet" || strings.Contains(name, "__")
}

// TestPublicSchemaPrints: the SDL "cockpit schema" prints (schema.graphql, which CI lints) is a
// complete schema on its own, without gqlgen's or federation's plumbing, and
// keeps the descriptions and @specifiedBy.
func TestPublicSchemaPrints(t *testing.T) {
	sdl := publicschema.Print(graph.NewSchema(nil, domainop.Env{}).Schema())
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "public.graphql", Input: sdl})
	if err != nil {
		t.Fatalf("the printed SDL is not a schema on its own: %v", err)
	}
	for _, plumbing := range []string{"@goModel", "@goField", "@key", "@link", "_entities", "_service", "_Any", "FieldSet"} {
		if strings.Contains(sdl, plumbing) {
			t.Errorf("the public SDL shows %s", plumbing)
		}
	}
	if s.Types["Coop"] == nil || s.Types["Coop"].Description == "" || s.Mutation == nil || s.Subscription == nil {
		t.Errorf("the public SDL lost types or descriptions")
	}
	if d := s.Types["Time"].Directives.ForName("specifiedBy"); d == nil {
		t.Errorf("Time lost @specifiedBy")
	}
	if missing := schemadoc.Missing(s, nil); len(missing) > 0 {
		t.Errorf("undescribed in the public SDL: %v", missing)
	}
}
