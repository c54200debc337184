package publicschema_test

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/internal/publicschema"
)

const sdl = `
directive @goModel(model: String) on OBJECT | INPUT_OBJECT | SCALAR | ENUM | INTERFACE | UNION
directive @goField(forceResolver: Boolean) on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
directive @key(fields: FieldSet!) repeatable on OBJECT | INTERFACE
directive @cost(weight: Int!) on FIELD
scalar FieldSet
scalar _Any
scalar Time @specifiedBy(url: "https://scalars.graphql.org/andimarek/date-time")
type _Service { sdl: String }
union _Entity = Coop
type Entity { findManyCoopByIDs(reps: [CoopByIDsInput!]!): [Coop]! }
input CoopByIDsInput { id: ID! }
interface Node @goModel(model: "ent.Noder") { id: ID! }
type Coop implements Node @key(fields: "id") {
  id: ID!
  name: String! @goField(forceResolver: true)
  old: String @deprecated(reason: "use name")
  founded: Time
  members(where: MemberWhereInput): [Person!]!
}
type Person implements Node { id: ID! kind: Kind! }
"Only a query names it: kept."
enum Kind { A B @deprecated }
input MemberWhereInput { name: String }
input VoteWhereInput { choice: String }
type VoteConnection { edges: [String!]! }
type Query {
  node(id: ID!): Node
  coops: [Coop!]!
  _entities(representations: [_Any!]!): [_Entity]!
  _service: _Service!
}
`

func TestFilter(t *testing.T) {
	full, err := gqlparser.LoadSchema(&ast.Source{Name: "test.graphql", Input: sdl})
	if err != nil {
		t.Fatal(err)
	}
	pub := publicschema.Filter(full)

	for _, name := range []string{"Query", "Node", "Coop", "Person", "Kind", "MemberWhereInput", "Time", "String", "ID", "Boolean", "__Schema", "__Type"} {
		if pub.Types[name] == nil {
			t.Errorf("%s is missing", name)
		}
	}
	// Person is reachable only as an implementation of Node (and the
	// members list); Kind through Person.
	for _, name := range []string{"FieldSet", "_Any", "_Service", "_Entity", "Entity", "CoopByIDsInput", "VoteWhereInput", "VoteConnection"} {
		if pub.Types[name] != nil {
			t.Errorf("%s is in the public schema", name)
		}
	}
	for _, name := range []string{"goModel", "goField", "key"} {
		if pub.Directives[name] != nil {
			t.Errorf("@%s is in the public schema", name)
		}
	}
	for _, name := range []string{"cost", "deprecated", "specifiedBy", "skip", "include"} {
		if pub.Directives[name] == nil {
			t.Errorf("@%s was dropped", name)
		}
	}
	if f := pub.Query.Fields.ForName("_entities"); f != nil {
		t.Error("Query._entities is public")
	}
	if pub.Types["Coop"].Directives.ForName("key") != nil || pub.Types["Coop"].Fields.ForName("name").Directives.ForName("goField") != nil {
		t.Error("uses of plumbing directives are left")
	}
	if pub.Types["Coop"].Fields.ForName("old").Directives.ForName("deprecated") == nil ||
		pub.Types["Kind"].EnumValues.ForName("B").Directives.ForName("deprecated") == nil {
		t.Error("@deprecated was dropped")
	}
	if got := pub.PossibleTypes["Node"]; len(got) != 2 || got[0] != pub.Types[got[0].Name] {
		t.Errorf("PossibleTypes[Node] = %v, want the public Coop and Person", got)
	}

	// The full schema is untouched: the subgraph endpoint serves it.
	if full.Query.Fields.ForName("_entities") == nil || full.Types["Coop"].Directives.ForName("key") == nil ||
		full.Types["Coop"].Fields.ForName("name").Directives.ForName("goField") == nil || full.Directives["goModel"] == nil || full.Types["_Any"] == nil {
		t.Error("Filter changed the full schema")
	}

	out := publicschema.Print(pub)
	for _, unwanted := range []string{"goModel", "goField", "@key", "_entities", "FieldSet", "VoteWhereInput"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("the printed schema contains %q", unwanted)
		}
	}
	if out != publicschema.Print(publicschema.Filter(full)) {
		t.Error("Print is not deterministic")
	}
	if _, err := gqlparser.LoadSchema(&ast.Source{Name: "public.graphql", Input: out}); err != nil {
		t.Errorf("the printed public schema does not load: %v\n%s", err, out)
	}
}
