package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/internal/store"
)

type introspectedField struct {
	Name        string
	Description *string
	Type        typeRef
}

type introspectedType struct {
	Name        string
	Kind        string
	Description *string
	Fields      []introspectedField
	InputFields []struct {
		Name        string
		Description *string
	}
	PossibleTypes []struct{ Name string }
}

type typeRef struct {
	Kind   string
	Name   *string
	OfType *typeRef
}

func (r typeRef) named() string {
	for t := &r; t != nil; t = t.OfType {
		if t.Name != nil {
			return *t.Name
		}
	}
	return ""
}

func introspect(t *testing.T, e *env) map[string]introspectedType {
	t.Helper()
	var got struct {
		Schema struct{ Types []introspectedType } `json:"__schema"`
	}
	e.c.MustDo(`{ __schema { types { name kind description
		fields { name description type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
		inputFields { name description }
		possibleTypes { name } } } }`, nil, &got)
	types := map[string]introspectedType{}
	for _, typ := range got.Schema.Types {
		types[typ.Name] = typ
	}
	return types
}

// TestFieldDescriptionsComeFromTheEntSchema: Comment() on an ent field is the
// description of the GraphQL field, visible through introspection.
func TestFieldDescriptionsComeFromTheEntSchema(t *testing.T) {
	e := newEnv(t, store.Options{})
	types := introspect(t, e)
	cases := []struct{ typ, field, mentions string }{
		{"Coop", "candidacyDays", "candidacy"},
		{"Coop", "freelancerRightToJoinDays", "freelancer"},
		{"Coop", "quorumPercent", "votes"},
		{"Coop", "currency", "ISO-4217"},
		{"Person", "email", "e-mail"},
		{"PersonSkill", "level", "level"},
		{"Project", "currency", "every amount of this project"},
		{"Membership", "state", "pathway"},
		{"Skill", "slug", "unique"},
		{"Mutation", "createCoop", "bylaws"},
	}
	for _, tc := range cases {
		typ, ok := types[tc.typ]
		if !ok {
			t.Errorf("type %s missing from the schema", tc.typ)
			continue
		}
		i := slices.IndexFunc(typ.Fields, func(f introspectedField) bool { return f.Name == tc.field })
		if i < 0 {
			t.Errorf("%s.%s missing", tc.typ, tc.field)
			continue
		}
		d := typ.Fields[i].Description
		if d == nil || strings.TrimSpace(*d) == "" {
			t.Errorf("%s.%s has no description", tc.typ, tc.field)
			continue
		}
		if !strings.Contains(strings.ToLower(*d), strings.ToLower(tc.mentions)) {
			t.Errorf("%s.%s: description %q should mention %q", tc.typ, tc.field, *d, tc.mentions)
		}
	}
}

// TestRelaySchema checks the Relay conventions on the schema itself: every
// entity of DESIGN.md implements Node, and every connection has totalCount,
// pageInfo and edges, and takes first/after/last/before.
func TestRelaySchema(t *testing.T) {
	e := newEnv(t, store.Options{})
	types := introspect(t, e)

	var nodes []string
	for _, p := range types["Node"].PossibleTypes {
		nodes = append(nodes, p.Name)
	}
	slices.Sort(nodes)
	want := []string{"Availability", "BooksClosure", "BudgetChange", "BudgetMotion", "BudgetShare", "BylawsVersion", "ClientOrganisation", "Consent", "Coop", "CoopTimeEntry", "DuesCharge", "Endorsement", "Group", "GroupInvitation", "Invitation", "Invoice", "InvoiceLine",
		"LedgerAccount", "LedgerEntry", "LedgerLine", "Membership", "MilestoneProgress", "MilestoneTemplate",
		"Network", "NetworkMembership", "PathwayEvent", "Payment", "Payout", "Person", "PersonSkill", "ProfileProjectListing", "Project", "ProjectSkillNeed", "Proposal", "ProposalComment",
		"Settlement", "Skill", "SurplusDistribution", "SurplusPart", "TimeEntry", "Vote",
		"WebhookDelivery", "WebhookEndpoint"} // issue 18, webhooks
	if !slices.Equal(nodes, want) {
		t.Errorf("Node is implemented by %v, want %v", nodes, want)
	}

	connections := 0
	for name, typ := range types {
		if !strings.HasSuffix(name, "Connection") || typ.Kind != "OBJECT" {
			continue
		}
		connections++
		var fields []string
		for _, f := range typ.Fields {
			fields = append(fields, f.Name)
			if f.Name == "totalCount" && (f.Type.Kind != "NON_NULL" || f.Type.named() != "Int") {
				t.Errorf("%s.totalCount is not Int!", name)
			}
		}
		for _, f := range []string{"totalCount", "pageInfo", "edges"} {
			if !slices.Contains(fields, f) {
				t.Errorf("%s has no %s", name, f)
			}
		}
	}
	// Every node type has its connection, except those no field lists:
	// unreachable types are not in the public schema (issue 18).
	unlisted := []string{"Consent", "GroupInvitation", "ProfileProjectListing", "Settlement", "SurplusDistribution"}
	for _, n := range want {
		if _, ok := types[n+"Connection"]; ok == slices.Contains(unlisted, n) {
			t.Errorf("%sConnection in the schema: %v, want %v", n, ok, !ok)
		}
	}
	if connections < len(want)-len(unlisted) {
		t.Errorf("only %d connection types for %d node types", connections, len(want))
	}

	// Every field returning a connection takes the pagination arguments
	// (checked through the query type, whose lists are the entry points).
	var q struct {
		Type struct {
			Fields []struct {
				Name string
				Args []struct{ Name string }
				Type typeRef
			}
		} `json:"__type"`
	}
	e.c.MustDo(`{ __type(name: "Query") { fields { name args { name } type { kind name ofType { kind name } } } } }`, nil, &q)
	lists := 0
	for _, f := range q.Type.Fields {
		if !strings.HasSuffix(f.Type.named(), "Connection") {
			continue
		}
		lists++
		var args []string
		for _, a := range f.Args {
			args = append(args, a.Name)
		}
		want := []string{"first", "after", "last", "before", "where", "orderBy"}
		if f.Name == "auditLog" {
			// The audit log is always newest first, narrowed by its own
			// filter (internal/audit: conditions only on what the reader sees).
			want = []string{"first", "after", "last", "before", "filter"}
		}
		if f.Name == "publicTalentSearch" {
			// Ranked best first, forward only, like Network.talentSearch
			// (internal/publicface).
			want = []string{"first", "after"}
		}
		for _, a := range want {
			if !slices.Contains(args, a) {
				t.Errorf("Query.%s has no %s argument", f.Name, a)
			}
		}
	}
	if lists < 6 {
		t.Errorf("Query has %d connections, want at least networks, coops, groups, persons, skills, projects", lists)
	}
}
