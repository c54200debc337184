package server_test

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/graph"
	"github.com/coopnetwork/cockpit/internal/publicschema"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Issue 18 items 3 and 4: the public schema (/graphql) without gqlgen's and
// federation's plumbing, every type reachable, non-null connection edges,
// and the committed schema.graphql equal to what is served.

// fullSchemaQuery introspects enough to walk the schema from its roots.
const fullSchemaQuery = `{ __schema {
	queryType { name } mutationType { name } subscriptionType { name }
	directives { name args { type { ...ref } } }
	types { name kind
		fields(includeDeprecated: true) { name type { ...ref } args { type { ...ref } } }
		inputFields { name type { ...ref } }
		interfaces { name } possibleTypes { name } } } }
fragment ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`

type schemaType struct {
	Name, Kind string
	Fields     []struct {
		Name string
		Type typeRef
		Args []struct{ Type typeRef }
	}
	InputFields []struct {
		Name string
		Type typeRef
	}
	Interfaces, PossibleTypes []struct{ Name string }
}

type servedSchema struct {
	QueryType, MutationType, SubscriptionType *struct{ Name string }
	Directives                                []struct {
		Name string
		Args []struct{ Type typeRef }
	}
	Types []schemaType
}

func introspectAt(t *testing.T, c *testkit.Client) (servedSchema, map[string]schemaType) {
	t.Helper()
	var got struct {
		Schema servedSchema `json:"__schema"`
	}
	c.MustDo(fullSchemaQuery, nil, &got)
	types := map[string]schemaType{}
	for _, typ := range got.Schema.Types {
		types[typ.Name] = typ
	}
	return got.Schema, types
}

// plumbing is every name of gqlgen's and Apollo Federation's machinery: none
// may appear in the public schema.
var (
	plumbingTypes      = []string{"_Any", "_Entity", "_Service", "Entity", "FieldSet", "federation__Policy", "federation__Scope", "federation__ContextFieldValue", "link__Import", "link__Purpose"}
	plumbingPrefixes   = []string{"federation__", "link__", "_"} // "__" is introspection's
	plumbingSuffixes   = []string{"ByIDsInput"}
	plumbingDirectives = []string{"goModel", "goField", "goTag", "goExtraField", "goEnum", "key", "link", "shareable", "external",
		"requires", "provides", "extends", "tag", "inaccessible", "override", "composeDirective", "interfaceObject",
		"authenticated", "requiresScopes", "policy", "entityResolver", "federation__key"}
	plumbingRootFields = []string{"_entities", "_service"}
)

func isPlumbingType(name string) bool {
	if strings.HasPrefix(name, "__") {
		return false
	}
	if slices.Contains(plumbingTypes, name) {
		return true
	}
	for _, p := range plumbingPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	for _, s := range plumbingSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// TestPublicSchemaHasNoPlumbing: introspection of /graphql shows none of the
// plumbing; a request for it fails validation there; the subgraph endpoint
// still has all of it (so the list above does name what the filter drops).
func TestPublicSchemaHasNoPlumbing(t *testing.T) {
	e := newEnv(t, store.Options{})
	schema, types := introspectAt(t, e.c)
	for name := range types {
		if isPlumbingType(name) {
			t.Errorf("the public schema has the plumbing type %s", name)
		}
	}
	for _, d := range schema.Directives {
		if slices.Contains(plumbingDirectives, d.Name) || strings.HasPrefix(d.Name, "go") || strings.Contains(d.Name, "__") {
			t.Errorf("the public schema has the directive @%s", d.Name)
		}
	}
	for _, f := range types["Query"].Fields {
		if slices.Contains(plumbingRootFields, f.Name) || (strings.HasPrefix(f.Name, "_") && !strings.HasPrefix(f.Name, "__")) {
			t.Errorf("Query.%s is in the public schema", f.Name)
		}
	}
	for _, q := range []string{`{ _service { sdl } }`, entitiesQuery} {
		res := e.c.Do(q, map[string]any{"reps": []any{}})
		codes := slices.Compact(res.Codes())
		if !slices.Equal(codes, []string{"GRAPHQL_VALIDATION_FAILED"}) || string(res.Data) != "" && string(res.Data) != "null" {
			t.Errorf("%s on /graphql: codes %v, data %s; want a validation error", q, res.Codes(), res.Data)
		}
	}

	// The router's endpoint keeps everything federation needs.
	sub, subTypes := introspectAt(t, e.c.At(server.SubgraphPath))
	for _, name := range []string{"_Any", "_Entity", "_Service", "FieldSet"} {
		if _, ok := subTypes[name]; !ok {
			t.Errorf("the subgraph schema lacks %s", name)
		}
	}
	if !slices.ContainsFunc(sub.Directives, func(d struct {
		Name string
		Args []struct{ Type typeRef }
	}) bool {
		return d.Name == "key"
	}) {
		t.Error("the subgraph schema lacks @key")
	}
	var fields []string
	for _, f := range subTypes["Query"].Fields {
		fields = append(fields, f.Name)
	}
	for _, f := range plumbingRootFields {
		if !slices.Contains(fields, f) {
			t.Errorf("the subgraph schema's Query lacks %s", f)
		}
	}
	var sdl struct {
		Service struct{ SDL string } `json:"_service"`
	}
	e.c.At(server.SubgraphPath).MustDo(`{ _service { sdl } }`, nil, &sdl)
	if !strings.Contains(sdl.Service.SDL, `@key(fields: "id")`) {
		t.Errorf("_service { sdl } on %s has no @key: %.200s", server.SubgraphPath, sdl.Service.SDL)
	}
}

// TestPublicSchemaTypesAreReachable: every type of the public schema is
// reachable from Query, Mutation and Subscription (through field types,
// arguments, input fields, interfaces, possible types) or from the
// arguments of a directive; nothing generated and unused is left over.
func TestPublicSchemaTypesAreReachable(t *testing.T) {
	e := newEnv(t, store.Options{})
	schema, types := introspectAt(t, e.c)
	reached := map[string]bool{}
	var queue []string
	reach := func(name string) {
		if !reached[name] {
			reached[name] = true
			queue = append(queue, name)
		}
	}
	for _, root := range []*struct{ Name string }{schema.QueryType, schema.MutationType, schema.SubscriptionType} {
		if root != nil {
			reach(root.Name)
		}
	}
	for _, d := range schema.Directives {
		for _, a := range d.Args {
			reach(a.Type.named())
		}
	}
	for name := range types {
		if strings.HasPrefix(name, "__") {
			reach(name) // introspection's own types
		}
	}
	for len(queue) > 0 {
		typ := types[queue[0]]
		queue = queue[1:]
		for _, f := range typ.Fields {
			reach(f.Type.named())
			for _, a := range f.Args {
				reach(a.Type.named())
			}
		}
		for _, f := range typ.InputFields {
			reach(f.Type.named())
		}
		for _, i := range typ.Interfaces {
			reach(i.Name)
		}
		for _, p := range typ.PossibleTypes {
			reach(p.Name)
		}
	}
	for name := range reached {
		if _, ok := types[name]; !ok {
			t.Errorf("%s is referenced but not in the schema", name)
		}
	}
	var unreachable []string
	for name := range types {
		if !reached[name] {
			unreachable = append(unreachable, name)
		}
	}
	sort.Strings(unreachable)
	if len(unreachable) > 0 {
		t.Errorf("%d types of the public schema are unreachable from its roots: %v", len(unreachable), unreachable)
	}
	// The examples issue 18 named are gone.
	for _, name := range []string{"AvailabilityWhereInput", "BudgetChangeWhereInput", "VoteWhereInput", "SurplusDistributionConnection"} {
		if _, ok := types[name]; ok {
			t.Errorf("%s is still in the public schema", name)
		}
	}
	if len(types) < 100 {
		t.Errorf("only %d types: the filter dropped too much", len(types))
	}
}

// TestConnectionEdgesAndNodesAreNonNull: every connection of the public
// schema has `edges: [XEdge!]!` and every edge `node: X!`.
func TestConnectionEdgesAndNodesAreNonNull(t *testing.T) {
	e := newEnv(t, store.Options{})
	_, types := introspectAt(t, e.c)
	conns := 0
	for name, typ := range types {
		if typ.Kind != "OBJECT" {
			continue
		}
		for _, f := range typ.Fields {
			switch {
			case strings.HasSuffix(name, "Connection") && f.Name == "edges":
				conns++
				r := f.Type
				if r.Kind != "NON_NULL" || r.OfType == nil || r.OfType.Kind != "LIST" || r.OfType.OfType == nil || r.OfType.OfType.Kind != "NON_NULL" {
					t.Errorf("%s.edges is %s, want [%s!]!", name, describe(r), r.named())
				}
			case strings.HasSuffix(name, "Edge") && f.Name == "node":
				if f.Type.Kind != "NON_NULL" {
					t.Errorf("%s.node is %s, want %s!", name, describe(f.Type), f.Type.named())
				}
			}
		}
	}
	if conns < 30 {
		t.Errorf("only %d connections found", conns)
	}
}

func describe(r typeRef) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// TestEmptyConnectionsHaveEmptyEdges: a page without rows answers `edges:
// []` (not null, no error) on entgql's connections at the root and nested,
// on first: 0, and on the hand-written talent search and audit log pages.
func TestEmptyConnectionsHaveEmptyEdges(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	cases := []struct {
		name   string
		client *testkit.Client
		query  string
		vars   map[string]any
		path   []string // to the connection
	}{
		{"root, anonymous", e.c, `{ coops(first: 5) { totalCount edges { cursor node { id } } } }`, nil, []string{"coops"}},
		{"root, no match", e.insider(w), `{ projects(first: 5, where: {name: "no such project"}) { edges { node { id } } } }`, nil, []string{"projects"}},
		{"root, first 0", e.insider(w), `{ persons(first: 0) { totalCount edges { node { id } } } }`, nil, []string{"persons"}},
		{"nested, no match", e.insider(w), `query($id: ID!) { node(id: $id) { ... on Network { conn: skills(first: 5, where: {name: "no such skill"}) { edges { node { id } } } } } }`,
			map[string]any{"id": testkit.ID(w.Network.ID)}, []string{"node", "conn"}},
		{"talent search, nobody qualifies", e.insider(w), `query($id: ID!) { node(id: $id) { ... on Network { conn: talentSearch(input: {requirements: [{skill: "Go", minLevel: 5}]}) { totalCount edges { node { score } } } } } }`,
			map[string]any{"id": testkit.ID(w.Network.ID)}, []string{"node", "conn"}},
		{"audit log, nothing that late", e.insider(w), `{ auditLog(first: 5, filter: {since: "2099-01-01T00:00:00Z"}) { edges { node { operation } } } }`, nil, []string{"auditLog"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.client.Do(tc.query, tc.vars)
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %+v", res.Errors)
			}
			var data any
			if err := json.Unmarshal(res.Data, &data); err != nil {
				t.Fatal(err)
			}
			for _, p := range tc.path {
				m, ok := data.(map[string]any)
				if !ok {
					t.Fatalf("no object at %s in %s", p, res.Data)
				}
				data = m[p]
			}
			conn, _ := data.(map[string]any)
			edges, ok := conn["edges"].([]any)
			if !ok || len(edges) != 0 {
				t.Errorf("edges = %#v, want [] (%s)", conn["edges"], res.Data)
			}
		})
	}
}

// TestSchemaFileIsServed: the committed schema.graphql is what
// "cockpit schema" prints, and it describes exactly the schema /graphql
// serves: the same types, fields, arguments and directives.
func TestSchemaFileIsServed(t *testing.T) {
	file, err := os.ReadFile("../../schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	if want := publicschema.Print(graph.PublicSchema()); string(file) != want {
		t.Fatal("schema.graphql is not current: run go generate ./... (or go run ./cmd/cockpit schema -o schema.graphql)")
	}
	loaded, gqlErr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(file)})
	if gqlErr != nil {
		t.Fatalf("schema.graphql is not a valid schema: %v", gqlErr)
	}
	fromFile := signature(func(yield func(string)) {
		for name, def := range loaded.Types {
			yield(name + " " + string(def.Kind))
			for _, f := range def.Fields {
				yield(name + "." + f.Name + ": " + f.Type.String())
				for _, a := range f.Arguments {
					yield(name + "." + f.Name + "(" + a.Name + ": " + a.Type.String() + ")")
				}
			}
			for _, v := range def.EnumValues {
				yield(name + " = " + v.Name)
			}
		}
		for name := range loaded.Directives {
			yield("@" + name)
		}
	})
	e := newEnv(t, store.Options{})
	var got struct {
		Schema struct {
			Directives []struct{ Name string }
			Types      []struct {
				Name, Kind string
				Fields     []struct {
					Name string
					Type typeRef
					Args []struct {
						Name string
						Type typeRef
					}
				} `json:"fields"`
				InputFields []struct {
					Name string
					Type typeRef
				}
				EnumValues []struct{ Name string }
			}
		} `json:"__schema"`
	}
	e.c.MustDo(`{ __schema { directives { name } types { name kind
		fields(includeDeprecated: true) { name type { ...ref } args { name type { ...ref } } }
		inputFields { name type { ...ref } } enumValues(includeDeprecated: true) { name } } } }
		fragment ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`, nil, &got)
	served := signature(func(yield func(string)) {
		for _, typ := range got.Schema.Types {
			yield(typ.Name + " " + typ.Kind)
			for _, f := range typ.Fields {
				yield(typ.Name + "." + f.Name + ": " + f.Type.sdl())
				for _, a := range f.Args {
					yield(typ.Name + "." + f.Name + "(" + a.Name + ": " + a.Type.sdl() + ")")
				}
			}
			for _, f := range typ.InputFields {
				yield(typ.Name + "." + f.Name + ": " + f.Type.sdl())
			}
			for _, v := range typ.EnumValues {
				yield(typ.Name + " = " + v.Name)
			}
		}
		for _, d := range got.Schema.Directives {
			yield("@" + d.Name)
		}
	})
	// gqlparser's LoadSchema adds its built-in definitions, introspection
	// adds __schema/__type to Query in neither: compare what both have.
	for _, line := range fromFile {
		if !slices.Contains(served, line) {
			t.Errorf("in schema.graphql, not served: %s", line)
		}
	}
	for _, line := range served {
		if !slices.Contains(fromFile, line) {
			t.Errorf("served, not in schema.graphql: %s", line)
		}
	}
}

// signature lists the lines each yields, sorted, without GraphQL's built-in
// scalars and introspection's types and fields (gqlparser's LoadSchema adds
// all of them to a schema read from SDL, the server only those it uses).
func signature(each func(yield func(string))) []string {
	var out []string
	each(func(s string) {
		name, _, _ := strings.Cut(s, " ")
		name, _, _ = strings.Cut(name, "(")
		typ, field, _ := strings.Cut(strings.TrimSuffix(name, ":"), ".")
		if slices.Contains([]string{"String", "Int", "Float", "Boolean", "ID"}, typ) || strings.HasPrefix(typ, "__") || strings.HasPrefix(field, "__") {
			return
		}
		out = append(out, s)
	})
	sort.Strings(out)
	return out
}

// sdl writes the type reference as SDL: [X!]!.
func (r typeRef) sdl() string {
	switch r.Kind {
	case "NON_NULL":
		return r.OfType.sdl() + "!"
	case "LIST":
		return "[" + r.OfType.sdl() + "]"
	}
	return *r.Name
}
