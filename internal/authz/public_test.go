package authz_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/consent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/migrate"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/outboxevent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/webhookdelivery"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/rights"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The public face (issue 18, item 1; internal/publicface): its write cases
// in the operation matrix, and the anonymous-access test.

func (f *fixture) publicOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	const (
		setMine = `mutation { setMyPublicProfile(input: {name: true, skills: true}) { name skills } }`
		setCoop = `mutation($c: ID!) { setCoopPublicProfile(coopID: $c, input: {published: true, services: "Web"}) { published } }`
		setNet  = `mutation($n: ID!) { setNetworkPublicDirectory(networkID: $n, published: true) { publicDirectory } }`
	)
	netState := func(id func(f *fixture) int) func(f *fixture) string {
		return func(f *fixture) string {
			return fmt.Sprint(testkit.MustOrPanic(c.Network.Query().Where(network.ID(id(f))).Only(ctx)).PublicDirectory)
		}
	}
	return []writeCase{
		{
			name:  "setMyPublicProfile",
			query: setMine,
			vars:  func(string) map[string]any { return map[string]any{} },
			want:  expect(ok, anonymous, "UNAUTHENTICATED"),
			state: func(f *fixture) string { return f.count(c.Person.Query().Where(person.PublicName(true))) },
		},
		{
			name:  "setCoopPublicProfile of A",
			query: setCoop,
			vars:  func(string) map[string]any { return map[string]any{"c": testkit.ID(f.A.ID)} },
			want:  expect("FORBIDDEN", memberOfA, ok, outsider, "NOT_FOUND"),
			field: "coopID",
			state: func(f *fixture) string {
				a := testkit.MustOrPanic(c.Coop.Query().Where(coop.ID(f.A.ID)).Only(ctx))
				return fmt.Sprint(a.PublicProfile, a.PublicServices)
			},
		},
		{
			name:  "setNetworkPublicDirectory of N",
			query: setNet,
			vars:  func(string) map[string]any { return map[string]any{"n": testkit.ID(f.N.ID)} },
			want:  expect("FORBIDDEN", netAdmin, ok, outsider, "NOT_FOUND"),
			field: "networkID",
			state: netState(func(f *fixture) int { return f.N.ID }),
		},
		{
			name:  "setNetworkPublicDirectory of N2 (another network)",
			query: setNet,
			vars:  func(string) map[string]any { return map[string]any{"n": testkit.ID(f.N2.ID)} },
			want:  expect("NOT_FOUND"),
			field: "networkID",
			state: netState(func(f *fixture) int { return f.N2.ID }),
		},
	}
}

// publish opts memberA in fully (consent and every switch), publishes N's
// directory and A's profile; everyone else stays private.
func (f *fixture) publish(t *testing.T) {
	c, ctx := f.db.Client, f.ctx
	testkit.Must(c.Network.UpdateOne(f.N).SetPublicDirectory(true).Save(ctx))(t)
	testkit.Must(c.Coop.UpdateOne(f.A).SetPublicProfile(true).SetPublicServices("Web apps").Save(ctx))(t)
	testkit.Must(c.Person.UpdateOne(f.MemberA).SetPublicName(true).SetPublicCity(true).SetPublicSkills(true).
		SetPublicAvailability(true).SetPublicCoops(true).Save(ctx))(t)
	testkit.Must(c.Consent.Create().SetPersonID(f.MemberA.ID).SetKind(consent.KindPUBLIC_PROFILE).
		SetVersion(rights.PublicProfileVersion).SetAcceptedAt(f.MemberA.CreatedAt).Save(ctx))(t)
	// The participant switched everything on but never consented: nothing
	// of them is public.
	testkit.Must(c.Person.UpdateOne(f.Participant).SetPublicName(true).SetPublicSkills(true).Save(ctx))(t)
}

// rootFieldClass classifies every root Query field for the anonymous-access
// test. A new root field fails the test until it is classified here.
//
//	private: anonymous callers get nothing: null, empty lists and
//	         connections, or NOT_FOUND / UNAUTHENTICATED / FORBIDDEN
//	node:    node(id:) / nodes(ids:), tried with an object of every type
//	entities: the federation router's _entities, tried the same way
//	service: the router's _service { sdl }: the schema, no rows
//	public:  the public face: only opted-in data (checked below)
var rootFieldClass = map[string]string{
	"node": "node", "nodes": "node", "_entities": "entities", "_service": "service",
	"publicDirectory": "public", "publicTalentSearch": "public",
	"viewer": "private", "pathway": "private", "surplusDistribution": "private", "auditLog": "private",
	"exportMyData": "private", "suggestTeam": "private",
	"coops": "private", "groups": "private", "invitations": "private", "memberships": "private", "networks": "private",
	"persons": "private", "projects": "private", "proposals": "private", "skills": "private",
}

// TestAnonymousAccess (issue 18, "Done when"): nothing private is reachable
// without a token. The schema is read by introspection, so new types and
// fields are covered without touching this test: every root Query field is
// asked for anonymously with every field of its type (three levels deep),
// node/nodes/_entities with an object of every Node type, and the public
// fields return only opted-in data, also compared with the same query
// with a token.
func TestAnonymousAccess(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.publish(t)
	// The router's endpoint serves the public schema plus federation's
	// _entities and _service (/graphql hides them): asking there covers
	// both endpoints, their root fields and node types.
	anon := f.as(anonymous).At(server.SubgraphPath)
	s := introspect(t, anon)

	// Every root field is classified, and every class entry still exists.
	var roots []string
	for _, fd := range s.types["Query"].Fields {
		roots = append(roots, fd.Name)
		if rootFieldClass[fd.Name] == "" {
			t.Errorf("root field Query.%s is not classified in rootFieldClass (public_test.go)", fd.Name)
		}
	}
	for name := range rootFieldClass {
		if !slices.Contains(roots, name) {
			t.Errorf("rootFieldClass lists Query.%s, which the schema no longer has", name)
		}
	}

	ids := map[string]int{"id": f.P.ID, "ids": f.P.ID, "projectID": f.P.ID, "membershipID": f.MsMemberA.ID, "coopID": f.A.ID,
		"networkID": f.N.ID, "personID": f.MemberA.ID, "proposalID": f.PropGeneral.ID}
	for _, fd := range s.types["Query"].Fields {
		if rootFieldClass[fd.Name] != "private" {
			continue
		}
		q, vars := s.query(fd, ids, 2)
		res := anon.Do(q, vars)
		for _, e := range res.Errors {
			if !slices.Contains([]string{"NOT_FOUND", "UNAUTHENTICATED", "FORBIDDEN"}, e.Code()) {
				t.Errorf("Query.%s anonymously: error %s %q\n%s", fd.Name, e.Code(), e.Message, q)
			}
		}
		var data map[string]any
		_ = json.Unmarshal(res.Data, &data)
		if v := data[fd.Name]; !empty(v) {
			t.Errorf("Query.%s anonymously answers data: %s\n%s", fd.Name, res.Data, q)
		}
	}

	// node, nodes and _entities on one object of every Node type.
	nodeTypes := map[string]bool{}
	for _, typ := range s.types {
		if typ.Kind == "OBJECT" && slices.ContainsFunc(typ.Interfaces, func(i typeRef) bool { return i.Name == "Node" }) {
			nodeTypes[typ.Name] = true
		}
	}
	tried := map[string]bool{}
	entityTypes := map[string]bool{}
	if u, ok := s.types["_Entity"]; ok {
		for _, p := range u.PossibleTypes {
			entityTypes[p.Name] = true
		}
	}
	// One object of every table: the fixture's, and the demo network's
	// (seeded next to it) for what the fixture does not hold.
	if err := demo.Seed(authz.Under(context.Background(), authz.SeedDemo), f.db.Client); err != nil {
		t.Fatal(err)
	}
	// Objects of the types neither holds (webhooks and profile listings too).
	c, now := f.db.Client, time.Now().UTC()
	testkit.Must(c.Invitation.Create().SetNetwork(f.N).SetEmail("invited@example.org").SetExpiresAt(now.AddDate(0, 0, 7)).Save(f.ctx))(t)
	testkit.Must(c.GroupInvitation.Create().SetGroupID(f.Group.ID).SetPersonID(f.MemberA.ID).Save(f.ctx))(t)
	testkit.Must(c.CoopTimeEntry.Create().SetCoop(f.A).SetPerson(f.MemberA).SetKind("INTERNAL").SetDate(day(2026, 1, 5)).SetMinutes(60).Save(f.ctx))(t)
	testkit.Must(c.BooksClosure.Create().SetCoop(f.A).SetPeriodStart(day(2025, 1, 1)).SetPeriodEnd(day(2026, 1, 1)).
		SetReason("BOOKS_CLOSED").SetClosedAt(now).Save(f.ctx))(t)
	testkit.Must(c.ProfileProjectListing.Create().SetPersonID(f.Freelancer.ID).SetProjectID(f.P.ID).Save(f.ctx))(t)
	hook := testkit.MustOrPanic(c.WebhookEndpoint.Create().SetCoopID(f.A.ID).SetURL("https://hooks.example.org/a").
		SetEventTypes([]string{"VOTE_CAST"}).SetSecret("a-secret-of-coop-a").Save(authz.Under(f.ctx, authz.ManageWebhooks)))
	ev := testkit.MustOrPanic(c.OutboxEvent.Create().SetType(outboxevent.TypeVOTE_CAST).SetTopicKind("proposals").
		SetTopicID(f.A.ID).SetCoopID(f.A.ID).Save(authz.Under(f.ctx, authz.RecordOutbox)))
	testkit.Must(c.WebhookDelivery.Create().SetEndpointID(hook.ID).SetEventID(ev.ID).
		SetEventType(webhookdelivery.EventTypeVOTE_CAST).SetOccurredAt(now).Save(authz.Under(f.ctx, authz.RecordOutbox)))(t)
	for _, table := range migrate.Tables {
		if len(table.PrimaryKey) != 1 || table.PrimaryKey[0].Name != "id" {
			continue // join tables: not objects of their own
		}
		var id sql.NullInt64
		if err := f.db.SQL.QueryRowContext(context.Background(), "SELECT MIN(id) FROM "+table.Name).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if !id.Valid {
			continue
		}
		n, err := f.db.Client.Noder(f.ctx, int(id.Int64))
		if err != nil {
			continue // not a Node type
		}
		typ := reflect.TypeOf(n).Elem().Name()
		tried[typ] = true
		gid := testkit.ID(int(id.Int64))
		res := anon.Do(`query($id: ID!) { node(id: $id) { __typename id } }`, map[string]any{"id": gid})
		if string(res.Data) != `{"node":null}` || (len(res.Errors) > 0 && res.Errors[0].Code() != "NOT_FOUND") {
			t.Errorf("node(%s %d) anonymously: %s %+v", typ, id.Int64, res.Data, res.Errors)
		}
		res = anon.Do(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": []string{gid}})
		if string(res.Data) != `{"nodes":[null]}` {
			t.Errorf("nodes(%s %d) anonymously: %s %+v", typ, id.Int64, res.Data, res.Errors)
		}
		if entityTypes[typ] {
			res = anon.Do(`query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
				map[string]any{"r": []any{map[string]any{"__typename": typ, "id": gid}}})
			if string(res.Data) != `{"_entities":[null]}` {
				t.Errorf("_entities(%s %d) anonymously: %s %+v", typ, id.Int64, res.Data, res.Errors)
			}
		}
	}
	for typ := range nodeTypes {
		if !tried[typ] {
			t.Errorf("Node type %s has no object in the fixture nor in the demo: node/nodes were not tried anonymously", typ)
		}
	}

	// The public fields: every type they reach is a public one.
	for _, name := range []string{"publicDirectory", "publicTalentSearch"} {
		for _, typ := range s.reachable(s.types["Query"].field(name).Type.named()) {
			if !strings.HasPrefix(typ, "Public") && typ != "PageInfo" {
				t.Errorf("Query.%s reaches %s, which is not a public type: a private object would be reachable anonymously", name, typ)
			}
		}
	}
	// What they answer: memberA, A and N's skills, nothing of anyone else.
	dirQ, _ := s.query(s.types["Query"].field("publicDirectory"), nil, 6)
	dirVars := map[string]any{"network": f.N.Slug}
	searchQ, _ := s.query(s.types["Query"].field("publicTalentSearch"), nil, 6)
	searchVars := map[string]any{"network": f.N.Slug, "input": map[string]any{"requirements": []any{map[string]any{"skill": f.Skill.Name, "minLevel": 1}}}}
	var answers []string
	for _, q := range []struct {
		q    string
		vars map[string]any
	}{{dirQ, dirVars}, {searchQ, searchVars}} {
		res := anon.Do(q.q, q.vars)
		if len(res.Errors) > 0 {
			t.Fatalf("public query: %+v\n%s", res.Errors, q.q)
		}
		answers = append(answers, string(res.Data))
		// With a token: the same answer.
		if with := f.as(memberOfB).Do(q.q, q.vars); string(with.Data) != string(res.Data) {
			t.Errorf("a token changes the public answer:\n anonymous: %s\n memberB:   %s", res.Data, with.Data)
		}
	}
	all := strings.Join(answers, "\n")
	if !strings.Contains(all, f.MemberA.Name) || !strings.Contains(all, f.A.Name) {
		t.Fatalf("the opted-in person and coop are missing from the public answers: %s", all)
	}
	persons := testkit.Must(f.db.Client.Person.Query().All(f.ctx))(t)
	for _, p := range persons {
		if p.Email != nil && strings.Contains(all, *p.Email) {
			t.Errorf("public answers show the e-mail of %s", p.Name)
		}
		if p.ID != f.MemberA.ID && strings.Contains(all, p.Name) {
			t.Errorf("public answers show %s, who did not opt in", p.Name)
		}
	}
	for _, co := range []string{f.B.Name, f.C.Name} {
		if strings.Contains(all, co) {
			t.Errorf("public answers show coop %s, which has no public profile", co)
		}
	}
	// Another network did not publish: nothing.
	res := anon.Do(dirQ, map[string]any{"network": f.N2.Slug})
	if string(res.Data) != `{"publicDirectory":null}` {
		t.Errorf("publicDirectory of N2 (not published): %s %+v", res.Data, res.Errors)
	}
	testkit.OnlyError(t, anon.Do(searchQ, map[string]any{"network": f.N2.Slug, "input": searchVars["input"]}), "NOT_FOUND", "network")
}

// empty: null, false, 0, "", an empty list, or an object holding only
// empty values (a connection without edges and a zero count).
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case float64:
		return x == 0
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		for k, e := range x {
			if k != "__typename" && !empty(e) {
				return false
			}
		}
		return true
	}
	return false
}

// schema is what introspection tells about the served schema.
type schema struct{ types map[string]*typeDef }

type typeRef struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	OfType *typeRef `json:"ofType"`
}

func (r typeRef) named() string {
	p := &r
	for p.OfType != nil {
		p = p.OfType
	}
	return p.Name
}

func (r typeRef) nonNull() bool { return r.Kind == "NON_NULL" }

type inputDef struct {
	Name         string  `json:"name"`
	Type         typeRef `json:"type"`
	DefaultValue *string `json:"defaultValue"`
}

type fieldDef struct {
	Name string     `json:"name"`
	Args []inputDef `json:"args"`
	Type typeRef    `json:"type"`
}

type typeDef struct {
	Kind          string     `json:"kind"`
	Name          string     `json:"name"`
	Fields        []fieldDef `json:"fields"`
	InputFields   []inputDef `json:"inputFields"`
	Interfaces    []typeRef  `json:"interfaces"`
	PossibleTypes []typeRef  `json:"possibleTypes"`
	EnumValues    []struct {
		Name string `json:"name"`
	} `json:"enumValues"`
}

func (t *typeDef) field(name string) fieldDef {
	for _, f := range t.Fields {
		if f.Name == name {
			return f
		}
	}
	panic("no field " + name)
}

const typeRefSel = `kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`

func introspect(t *testing.T, c *testkit.Client) *schema {
	t.Helper()
	q := `{ __schema { types { kind name interfaces { name } possibleTypes { name } enumValues { name }
	  inputFields { name defaultValue type { ` + typeRefSel + ` } }
	  fields { name type { ` + typeRefSel + ` } args { name defaultValue type { ` + typeRefSel + ` } } } } } }`
	var out struct {
		Schema struct {
			Types []*typeDef `json:"types"`
		} `json:"__schema"`
	}
	testkit.OK(t, c.Do(q, nil), &out)
	s := &schema{types: map[string]*typeDef{}}
	for _, typ := range out.Schema.Types {
		s.types[typ.Name] = typ
	}
	return s
}

// query builds a query of the root field with its required arguments (IDs
// from ids by argument name, else dummies) as variables, selecting every
// field depth levels deep.
func (s *schema) query(fd fieldDef, ids map[string]int, depth int) (string, map[string]any) {
	vars := map[string]any{}
	var decl, args []string
	for _, a := range fd.Args {
		if !a.Type.nonNull() || a.DefaultValue != nil {
			continue
		}
		decl = append(decl, "$"+a.Name+": "+typeString(&a.Type))
		args = append(args, a.Name+": $"+a.Name)
		vars[a.Name] = s.value(&a.Type, a.Name, ids)
	}
	q := "query"
	if len(decl) > 0 {
		q += "(" + strings.Join(decl, ", ") + ")"
	}
	q += " { " + fd.Name
	if len(args) > 0 {
		q += "(" + strings.Join(args, ", ") + ")"
	}
	return q + s.selection(fd.Type.named(), depth) + " }", vars
}

func typeString(r *typeRef) string {
	switch r.Kind {
	case "NON_NULL":
		return typeString(r.OfType) + "!"
	case "LIST":
		return "[" + typeString(r.OfType) + "]"
	}
	return r.Name
}

// value is a value of the input type: the ID of a real object (by
// argument name), or a dummy.
func (s *schema) value(r *typeRef, name string, ids map[string]int) any {
	switch r.Kind {
	case "NON_NULL":
		return s.value(r.OfType, name, ids)
	case "LIST":
		return []any{s.value(r.OfType, name, ids)}
	}
	typ := s.types[r.Name]
	switch {
	case r.Name == "ID":
		if id, ok := ids[name]; ok {
			return testkit.ID(id)
		}
		return testkit.ID(ids["id"])
	case r.Name == "Int":
		return 1
	case name == "amount":
		return "100"
	case name == "currency":
		return "EUR"
	case r.Name == "Boolean":
		return false
	case r.Name == "Time":
		return "2026-01-01T00:00:00Z"
	case r.Name == "Date":
		return "2026-01-01"
	case typ != nil && typ.Kind == "ENUM":
		return typ.EnumValues[0].Name
	case typ != nil && typ.Kind == "INPUT_OBJECT":
		out := map[string]any{}
		for _, in := range typ.InputFields {
			if in.Type.nonNull() && in.DefaultValue == nil {
				out[in.Name] = s.value(&in.Type, in.Name, ids)
			}
		}
		return out
	}
	return "x"
}

// selection selects every field of the type without required arguments,
// depth levels deep (objects beyond it: __typename only).
func (s *schema) selection(name string, depth int) string {
	typ := s.types[name]
	if typ == nil || (typ.Kind != "OBJECT" && typ.Kind != "INTERFACE" && typ.Kind != "UNION") {
		return ""
	}
	if depth == 0 || typ.Kind == "UNION" {
		return " { __typename }"
	}
	fields := []string{"__typename"}
	for _, f := range typ.Fields {
		if slices.ContainsFunc(f.Args, func(a inputDef) bool { return a.Type.nonNull() && a.DefaultValue == nil }) {
			continue
		}
		fields = append(fields, f.Name+s.selection(f.Type.named(), depth-1))
	}
	sort.Strings(fields[1:])
	return " { " + strings.Join(fields, " ") + " }"
}

// reachable lists the object types reachable from the type through fields.
func (s *schema) reachable(from string) []string {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(name string) {
		typ := s.types[name]
		if seen[name] || typ == nil || (typ.Kind != "OBJECT" && typ.Kind != "INTERFACE" && typ.Kind != "UNION") {
			return
		}
		seen[name] = true
		for _, f := range typ.Fields {
			walk(f.Type.named())
		}
		for _, p := range typ.PossibleTypes {
			walk(p.Name)
		}
	}
	walk(from)
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
