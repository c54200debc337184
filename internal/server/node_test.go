package server_test

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// entityCase is one object of one type of the domain, with a connection of
// its parent that lists it.
type entityCase struct {
	typ        string // GraphQL type
	entID      int
	parent     int    // node(id: parent) ...
	connection string // ... on <Parent> { <connection> { totalCount edges { node { id } } } }
}

// entities lists one object of every type of the domain.
func entities(w *world) []entityCase {
	return []entityCase{
		{"Network", w.Network.ID, w.Coop.ID, "Coop { networks"},
		{"Group", w.Group.ID, w.Network.ID, "Network { groups"},
		{"NetworkMembership", w.NetworkMembership.ID, w.Network.ID, "Network { memberships"},
		{"Coop", w.Coop.ID, w.Network.ID, "Network { coops"},
		{"Person", w.Person.ID, w.Group.ID, "Group { members"},
		{"Membership", w.Membership.ID, w.Person.ID, "Person { memberships"},
		{"PathwayEvent", w.PathwayEvent.ID, w.Membership.ID, "Membership { events"},
		{"MilestoneTemplate", w.MilestoneTemplate.ID, w.Coop.ID, "Coop { milestoneTemplates"},
		{"MilestoneProgress", w.MilestoneProgress.ID, w.Membership.ID, "Membership { milestones"},
		{"Skill", w.Skill.ID, w.Person.ID, "Person { skills"},
		{"PersonSkill", w.PersonSkill.ID, w.Skill.ID, "Skill { personSkills"},
		{"Availability", w.Availability.ID, w.Person.ID, "Person { availabilities"},
		{"Project", w.Project.ID, w.Coop.ID, "Coop { ledProjects"},
		{"ProjectSkillNeed", w.ProjectSkillNeed.ID, w.Project.ID, "Project { skillNeeds"},
		{"BudgetShare", w.BudgetShare.ID, w.Project.ID, "Project { budgetShares"},
		{"TimeEntry", w.TimeEntry.ID, w.BudgetShare.ID, "BudgetShare { timeEntries"},
		{"Proposal", w.Proposal.ID, w.Coop.ID, "Coop { proposals"},
		{"Vote", w.Vote.ID, w.Proposal.ID, "Proposal { votes"},
	}
}

// TestEveryEntityIsANode fetches one object of every type through node(id:),
// through nodes(ids:) in one request, and through a connection of its parent.
func TestEveryEntityIsANode(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	// The insider reads every object of the world.
	c := e.insider(w)
	all := entities(w)
	if len(all) != 18 {
		t.Fatalf("the domain has 18 entity types, the test lists %d", len(all))
	}

	var ids []string
	for _, en := range all {
		ids = append(ids, testkit.ID(en.entID))
		t.Run(en.typ, func(t *testing.T) {
			var got struct {
				Node *struct {
					Typename string `json:"__typename"`
					ID       string
				}
				Parent struct {
					Conn struct {
						TotalCount int
						Edges      []struct{ Node struct{ ID string } }
					}
				}
			}
			// The connection is aliased "conn" so that one struct decodes them all.
			q := `query($id: ID!, $parent: ID!) {
				node(id: $id) { __typename id }
				parent: node(id: $parent) { ... on ` + aliasConn(en.connection) + ` { totalCount edges { node { id } } } } }
			}`
			decode(t, c.Do(q, map[string]any{"id": testkit.ID(en.entID), "parent": testkit.ID(en.parent)}), &got)
			if got.Node == nil || got.Node.Typename != en.typ || got.Node.ID != testkit.ID(en.entID) {
				t.Fatalf("node(id:) = %+v, want a %s with id %s", got.Node, en.typ, testkit.ID(en.entID))
			}
			if _, err := strconv.Atoi(got.Node.ID); err == nil {
				t.Errorf("ID %q is a plain number, want an opaque string", got.Node.ID)
			}
			if decoded, err := gid.Decode(got.Node.ID); err != nil || decoded != en.entID {
				t.Errorf("ID %q decodes to %d, %v; want %d", got.Node.ID, decoded, err, en.entID)
			}
			found := false
			for _, edge := range got.Parent.Conn.Edges {
				found = found || edge.Node.ID == testkit.ID(en.entID)
			}
			if !found || got.Parent.Conn.TotalCount != len(got.Parent.Conn.Edges) || got.Parent.Conn.TotalCount == 0 {
				t.Errorf("connection %s: totalCount %d, edges %+v; want it to list %s", en.connection,
					got.Parent.Conn.TotalCount, got.Parent.Conn.Edges, testkit.ID(en.entID))
			}
		})
	}

	t.Run("nodes", func(t *testing.T) {
		var got struct {
			Nodes []*struct {
				Typename string `json:"__typename"`
				ID       string
			}
		}
		decode(t, c.Do(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": ids}), &got)
		if len(got.Nodes) != len(all) {
			t.Fatalf("nodes returned %d entries for %d IDs", len(got.Nodes), len(all))
		}
		for i, en := range all {
			if n := got.Nodes[i]; n == nil || n.Typename != en.typ || n.ID != ids[i] {
				t.Errorf("nodes[%d] = %+v, want %s %s", i, n, en.typ, ids[i])
			}
		}
	})

	t.Run("created through the API", func(t *testing.T) {
		var created struct {
			CreateNetwork struct {
				Network struct{ ID, Name, Slug string }
			}
		}
		decode(t, c.Do(`mutation { createNetwork(input: {name: "Kooperativ", slug: "kooperativ"}) { network { id name slug } } }`, nil), &created)
		var got struct {
			Node struct {
				Typename   string `json:"__typename"`
				Name, Slug string
			}
		}
		decode(t, c.Do(`query($id: ID!) { node(id: $id) { __typename ... on Network { name slug } } }`,
			map[string]any{"id": created.CreateNetwork.Network.ID}), &got)
		if got.Node.Typename != "Network" || got.Node.Name != "Kooperativ" || got.Node.Slug != "kooperativ" {
			t.Errorf("read back %+v", got.Node)
		}
	})

	t.Run("foreign keys are opaque IDs too", func(t *testing.T) {
		var got struct {
			Node struct {
				PersonID, CoopID string
				Person           struct{ ID string }
			}
		}
		decode(t, c.Do(`query($id: ID!) { node(id: $id) { ... on Membership { personID coopID person { id } } } }`,
			map[string]any{"id": testkit.ID(w.Membership.ID)}), &got)
		if got.Node.PersonID != testkit.ID(w.Person.ID) || got.Node.CoopID != testkit.ID(w.Coop.ID) || got.Node.Person.ID != testkit.ID(w.Person.ID) {
			t.Errorf("got %+v", got.Node)
		}
	})

	t.Run("top-level connections", func(t *testing.T) {
		var got map[string]struct{ TotalCount int }
		decode(t, c.Do(`{ networks { totalCount } coops { totalCount } persons { totalCount } skills { totalCount }
			groups { totalCount } projects { totalCount } }`, nil), &got)
		// Two networks: the seeded one and the one created through the API above.
		want := map[string]int{"networks": 2, "coops": 1, "persons": 2, "skills": 1, "groups": 1, "projects": 1}
		for k, n := range want {
			if got[k].TotalCount != n {
				t.Errorf("%s.totalCount = %d, want %d", k, got[k].TotalCount, n)
			}
		}
	})
}

// aliasConn turns "Coop { networks" into "Coop { conn: networks".
func aliasConn(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '{' {
			return s[:i+1] + " conn:" + s[i+1:]
		}
	}
	return s
}

// TestIDsAreTyped checks that an ID names one object of one type: an ID of
// another type is NOT_FOUND for every update mutation, and nothing changes.
func TestIDsAreTyped(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	// The insider may update the world's network, coop, group, skill and
	// project; the ID of another type must not reach those permissions.
	c := e.insider(w)
	cases := []struct {
		mutation string
		wrongID  int
		input    map[string]any
	}{
		{"updateNetwork", w.Coop.ID, map[string]any{"name": "Renamed"}},
		{"updateCoop", w.Network.ID, map[string]any{"name": "Renamed"}},
		{"updateGroup", w.Skill.ID, map[string]any{"name": "Renamed"}},
		{"updatePerson", w.Coop.ID, map[string]any{"name": "Renamed"}},
		{"updateSkill", w.Group.ID, map[string]any{"name": "Renamed"}},
		{"updatePersonSkill", w.Skill.ID, map[string]any{"level": 2}},
		{"updateAvailability", w.Person.ID, map[string]any{"hoursPerWeek": 2}},
		{"updateProject", w.BudgetShare.ID, map[string]any{"name": "Renamed"}},
	}
	for _, tc := range cases {
		t.Run(tc.mutation, func(t *testing.T) {
			before := e.rowCounts()
			res := c.Do(updateMutation(tc.mutation), map[string]any{"id": testkit.ID(tc.wrongID), "input": tc.input})
			expectError(t, res, "NOT_FOUND", "")
			testkit.NothingWritten(t, before, e.rowCounts())
		})
	}
	var got struct{ Node struct{ Name string } }
	decode(t, c.Do(`query($id: ID!) { node(id: $id) { ... on Network { name } } }`, map[string]any{"id": testkit.ID(w.Network.ID)}), &got)
	if got.Node.Name != "IT-Kollektiv" {
		t.Errorf("network renamed through a coop ID: %q", got.Node.Name)
	}
}

// TestMalformedAndUnknownIDs: malformed IDs are BAD_USER_INPUT; well-formed IDs
// of no object are NOT_FOUND with a null node; neither is ever INTERNAL.
func TestMalformedAndUnknownIDs(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	c := e.insider(w)

	malformed := []struct {
		name string
		id   any
	}{
		{"garbage", "xyz"},
		{"empty", ""},
		{"plain number string", strconv.Itoa(w.Coop.ID)},
		{"number literal", w.Coop.ID},
		{"base64 without prefix", "MTIz"},
		{"prefix with non-number", b64("ck1:abc")},
		{"prefix with zero", b64("ck1:0")},
		{"prefix with negative", b64("ck1:-5")},
		{"unknown version", b64("ck9:" + strconv.Itoa(w.Coop.ID))},
	}
	for _, tc := range malformed {
		t.Run("malformed/"+tc.name, func(t *testing.T) {
			idJSON, _ := json.Marshal(tc.id)
			// As a literal, so that non-string IDs reach the server too.
			res := c.Do(`{ node(id: `+string(idJSON)+`) { id } }`, nil)
			expectError(t, res, "BAD_USER_INPUT", "")
			res = c.Do(`mutation { updateCoop(id: `+string(idJSON)+`, input: {name: "X"}) { coop { id } } }`, nil)
			expectError(t, res, "BAD_USER_INPUT", "")
		})
	}

	unknown := []struct {
		name  string
		entID int
	}{
		{"in the coop range", w.Coop.ID + 1000},
		{"in the vote range", w.Vote.ID + 1000},
		{"in no type's range", 1 << 45},
	}
	for _, tc := range unknown {
		t.Run("unknown/"+tc.name, func(t *testing.T) {
			res := c.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": testkit.ID(tc.entID)})
			got := expectError(t, res, "NOT_FOUND", "")
			if strings.Contains(got.Message, strconv.Itoa(tc.entID)) {
				t.Errorf("message %q leaks the internal integer ID", got.Message)
			}
			var data struct{ Node *struct{ ID string } }
			if err := json.Unmarshal(res.Data, &data); err != nil || data.Node != nil {
				t.Errorf("want data.node null, got %s (%v)", res.Data, err)
			}
		})
	}

	t.Run("nodes with a missing ID", func(t *testing.T) {
		// One missing ID nulls its own entry, not the whole list.
		for _, ids := range [][]string{
			{testkit.ID(w.Coop.ID), testkit.ID(w.Coop.ID + 1000), testkit.ID(w.Person.ID)},
			{testkit.ID(w.Coop.ID + 1000)},
		} {
			res := c.Do(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
			var data struct{ Nodes []*struct{ ID string } }
			if err := json.Unmarshal(res.Data, &data); err != nil || len(data.Nodes) != len(ids) {
				t.Fatalf("want %d entries, got %s (%v) errors %+v", len(ids), res.Data, err, res.Errors)
			}
			for i, n := range data.Nodes {
				if missing := ids[i] == testkit.ID(w.Coop.ID+1000); missing != (n == nil) || (n != nil && n.ID != ids[i]) {
					t.Errorf("nodes[%d] = %+v for %s", i, n, ids[i])
				}
			}
			if codes := res.Codes(); len(codes) != 1 || codes[0] != "NOT_FOUND" {
				t.Fatalf("want one NOT_FOUND error, got %+v", res.Errors)
			}
			if msg := res.Errors[0].Message; strings.Contains(msg, strconv.Itoa(w.Coop.ID+1000)) {
				t.Errorf("message %q leaks the internal integer ID", msg)
			}
			if path := res.Errors[0].Path; len(path) != 2 || path[0] != "nodes" {
				t.Errorf("want the error at [nodes, index], got path %v", path)
			}
		}
	})
}

// b64 encodes like gid.Encode, for hand-made malformed IDs.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
