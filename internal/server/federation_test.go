package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const entitiesQuery = `query($reps: [_Any!]!) { _entities(representations: $reps) {
	__typename
	... on Network { id name }
	... on Coop { id name }
	... on Person { id name }
	... on Skill { id name }
	... on Project { id name }
} }`

type entityResult struct {
	Entities []*struct {
		Typename string `json:"__typename"`
		ID       string
		Name     string
	} `json:"_entities"`
}

func rep(typename string, entID int) map[string]any {
	return map[string]any{"__typename": typename, "id": testkit.ID(entID)}
}

// TestFederationServiceSDL: _service { sdl } is the subgraph schema a router
// composes: the five entities keyed by their global ID, with the @link to
// Federation v2.
func TestFederationServiceSDL(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	var got struct {
		Service struct{ SDL string } `json:"_service"`
	}
	decode(t, e.insider(w).At(server.SubgraphPath).Do(`{ _service { sdl } }`, nil), &got)
	sdl := got.Service.SDL
	for _, want := range []string{
		`@link(url: "https://specs.apollo.dev/federation/v2.7"`,
		`extend type Network @key(fields: "id")`,
		`extend type Coop @key(fields: "id")`,
		`extend type Person @key(fields: "id")`,
		`extend type Skill @key(fields: "id")`,
		`extend type Project @key(fields: "id")`,
		`type Query {`,
	} {
		if !strings.Contains(sdl, want) {
			t.Errorf("_service.sdl lacks %q", want)
		}
	}
	// The federation plumbing gqlgen adds is not part of the subgraph SDL.
	for _, unwanted := range []string{"_entities(", "union _Entity", "findMany"} {
		if strings.Contains(sdl, unwanted) {
			t.Errorf("_service.sdl contains %q", unwanted)
		}
	}
}

// TestFederationEntities resolves representations of every entity type in
// one request, in the order sent; a representation the viewer may not read
// (another coop's project, an unknown ID) is null, exactly like node(id:).
func TestFederationEntities(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	c := e.db.Client
	// An outsider: member of another coop in another network.
	otherNet := testkit.Must(c.Network.Create().SetName("Elsewhere").SetSlug("elsewhere").Save(e.ctx))(t)
	otherCoop := testkit.Must(c.Coop.Create().SetName("Hafenbits").SetSlug("hafenbits").AddNetworks(otherNet).Save(e.ctx))(t)
	outsider := testkit.Must(c.Person.Create().SetName("Finn").SetEmail("finn@example.org").Save(e.ctx))(t)
	e.participate(otherNet, outsider)
	testkit.Must(c.Membership.Create().SetPerson(outsider).SetCoop(otherCoop).SetState("MEMBER").Save(e.ctx))(t)
	otherProject := testkit.Must(c.Project.Create().SetLeadCoop(otherCoop).SetNetwork(otherNet).SetName("Harbour app").
		SetClientName("Port").SetTotalBudgetCents(100_000).Save(e.ctx))(t)

	reps := []map[string]any{
		rep("Project", w.Project.ID), rep("Network", w.Network.ID), rep("Coop", w.Coop.ID),
		rep("Person", w.Person.ID), rep("Skill", w.Skill.ID),
		rep("Project", otherProject.ID), // another coop's private project
		rep("Person", 999_999),          // no such object
		rep("Project", w.Project.ID),    // the same representation twice
	}
	var got entityResult
	decode(t, e.insider(w).At(server.SubgraphPath).Do(entitiesQuery, map[string]any{"reps": reps}), &got)
	if len(got.Entities) != len(reps) {
		t.Fatalf("_entities returned %d entries for %d representations", len(got.Entities), len(reps))
	}
	for i, r := range reps {
		ent := got.Entities[i]
		switch i {
		case 5, 6:
			if ent != nil {
				t.Errorf("_entities[%d] (%v) = %+v, want null", i, r, ent)
			}
		default:
			if ent == nil || ent.Typename != r["__typename"] || ent.ID != r["id"] || ent.Name == "" {
				t.Errorf("_entities[%d] = %+v, want the %v", i, ent, r)
			}
		}
	}

	// The same answers as node(id:) for the outsider: the world's project
	// is missing for them, their own is there.
	var outs entityResult
	res := e.c.As(outsider.ID).At(server.SubgraphPath).Do(entitiesQuery, map[string]any{"reps": []map[string]any{
		rep("Project", w.Project.ID), rep("Project", otherProject.ID), rep("Coop", w.Coop.ID),
	}})
	decode(t, res, &outs)
	if outs.Entities[0] != nil || outs.Entities[1] == nil || outs.Entities[2] != nil {
		t.Errorf("outsider: _entities = %+v %+v %+v, want null, their project, null",
			outs.Entities[0], outs.Entities[1], outs.Entities[2])
	}
	nodeRes := e.c.As(outsider.ID).Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": testkit.ID(w.Project.ID)})
	if len(nodeRes.Errors) == 0 || nodeRes.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("outsider: node(id: project) errors %+v, want NOT_FOUND", nodeRes.Errors)
	}

	// Anonymous callers resolve nothing.
	var anon entityResult
	decode(t, e.c.At(server.SubgraphPath).Do(entitiesQuery, map[string]any{"reps": reps[:5]}), &anon)
	for i, ent := range anon.Entities {
		if ent != nil {
			t.Errorf("anonymous: _entities[%d] = %+v, want null", i, ent)
		}
	}
}

// TestFederationEntitiesBatch: 100 representations of one type, and 100
// spread over the five types, cost one SQL statement per type on top of
// loading the viewer, however many representations there are.
func TestFederationEntitiesBatch(t *testing.T) {
	counter := &testkit.CountingDriver{}
	e := newEnv(t, store.Options{WrapDriver: counter.Wrap()})
	w := seedWorld(t, e.ctx, e.db.Client)
	persons := testkit.Must(e.db.Client.Person.MapCreateBulk(make([]struct{}, 100), func(b *ent.PersonCreate, i int) {
		b.SetName(fmt.Sprintf("Person %d", i)).SetEmail(fmt.Sprintf("p%d@example.org", i))
	}).Save(e.ctx))(t)
	e.participate(w.Network, persons...)
	c := e.insider(w).At(server.SubgraphPath)

	c.MustDo(`{ __typename }`, nil, nil) // the token's person and viewer are cached from here on
	counter.Reset()
	c.MustDo(`{ __typename }`, nil, nil)
	viewerCost := counter.Count()

	var reps []map[string]any
	for _, p := range persons {
		reps = append(reps, rep("Person", p.ID))
	}
	counter.Reset()
	var got entityResult
	decode(t, c.Do(entitiesQuery, map[string]any{"reps": reps}), &got)
	n := counter.Count() - viewerCost
	t.Logf("100 Person representations: %d SQL statements (plus %d for the viewer)", n, viewerCost)
	for i, ent := range got.Entities {
		if ent == nil || ent.ID != testkit.ID(persons[i].ID) {
			t.Fatalf("_entities[%d] = %+v, want person %d", i, ent, persons[i].ID)
		}
	}
	if n != 1 {
		t.Errorf("100 Person representations cost %d SQL statements, want 1", n)
	}

	reps = reps[:0]
	types := []struct {
		name string
		id   int
	}{{"Network", w.Network.ID}, {"Coop", w.Coop.ID}, {"Skill", w.Skill.ID}, {"Project", w.Project.ID}}
	for i := range 100 {
		if i%5 == 4 {
			reps = append(reps, rep("Person", persons[i].ID))
			continue
		}
		reps = append(reps, rep(types[i%5].name, types[i%5].id))
	}
	counter.Reset()
	got = entityResult{}
	decode(t, c.Do(entitiesQuery, map[string]any{"reps": reps}), &got)
	n = counter.Count() - viewerCost
	t.Logf("100 representations of 5 types: %d SQL statements (plus %d for the viewer)", n, viewerCost)
	for i, ent := range got.Entities {
		if ent == nil || ent.Typename != reps[i]["__typename"] || ent.ID != reps[i]["id"] {
			t.Fatalf("_entities[%d] = %+v, want %v", i, ent, reps[i])
		}
	}
	if n != 5 {
		t.Errorf("100 representations of 5 types cost %d SQL statements, want 5", n)
	}
}
