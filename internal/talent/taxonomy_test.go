package talent_test

import (
	"slices"
	"testing"

	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestSearchSeesTaxonomyChangesAtOnce: a server keeps each network's
// taxonomy in memory between searches. A change of the skills, made through
// the API on another replica of the same database, or past the API, must
// show in the very next search on a server whose cache is warm.
func TestSearchSeesTaxonomyChangesAtOnce(t *testing.T) {
	e := newEnv(t)
	viewer := e.person("Viewer", "Leipzig")
	admin := e.person("Admin", "Leipzig")
	e.admin(admin)
	goSkill := e.skill("Go", nil)
	e.has(e.person("Ana", "Leipzig"), goSkill, 4, false)
	ben := e.person("Ben", "Halle")

	// The admin's login subject is given here: given by the other replica
	// (As), it would flush this replica's cached viewers too, when its
	// NOTIFY arrives (internal/viewercache), and the counts below would
	// depend on when that is.
	e.as(admin)
	// Another replica on the same database, with a cache of its own.
	other := testkit.NewServerWithClock(t, testkit.NewReplica(t, e.db), clock.NewFake(t0))

	searchCodes := func(skill string) ([]string, []string) {
		t.Helper()
		res := e.as(viewer).Do(searchQuery, map[string]any{"net": testkit.ID(e.net.ID), "in": reqs(req(skill, 1)), "first": 10})
		if len(res.Errors) > 0 {
			return nil, res.Codes()
		}
		var out struct{ Node struct{ TalentSearch page } }
		decode(t, res, &out)
		return out.Node.TalentSearch.names(), nil
	}
	// Warm this server's cache; an unknown name is NOT_FOUND.
	if names, _ := searchCodes("Go"); !slices.Equal(names, []string{"Ana"}) {
		t.Fatalf("before: %q", names)
	}
	if _, codes := searchCodes("golang"); !slices.Equal(codes, []string{"NOT_FOUND"}) {
		t.Fatalf("an unknown skill: %q, want NOT_FOUND", codes)
	}

	// A cached search costs one statement less than one that reads the taxonomy.
	e.count.Reset()
	searchCodes("Go")
	warm := e.count.Count()

	update := `mutation($id: ID!, $in: UpdateSkillInput!) { updateSkill(id: $id, input: $in) { skill { name } } }`
	create := `mutation($in: CreateSkillInput!) { createSkill(input: $in) { skill { id } } }`
	steps := []struct {
		name   string
		change func()
		skill  string
		want   []string
	}{
		{"an alias added on the other replica", func() {
			other.As(admin.ID).MustDo(update, map[string]any{"id": testkit.ID(goSkill.ID), "in": map[string]any{"aliases": []string{"golang"}}}, nil)
		}, "golang", []string{"Ana"}},
		{"a child skill created on the other replica", func() {
			var out struct {
				CreateSkill struct{ Skill struct{ ID string } }
			}
			other.As(admin.ID).MustDo(create, map[string]any{"in": map[string]any{"networkID": testkit.ID(e.net.ID), "name": "Gin", "competenceArea": "Tech", "parentID": testkit.ID(goSkill.ID)}}, &out)
			gin := testkit.Must(e.ec.Skill.Get(e.ctx, testkit.Must(gid.Decode(out.CreateSkill.Skill.ID))(t)))(t)
			e.has(ben, gin, 5, false)
		}, "Go", []string{"Ben", "Ana"}},
		{"a rename through ent, not the API", func() {
			testkit.Must(e.ec.Skill.UpdateOneID(goSkill.ID).SetName("Golang").Save(e.ctx))(t)
		}, "Golang", []string{"Ben", "Ana"}},
	}
	for _, s := range steps {
		s.change()
		e.count.Reset()
		names, codes := searchCodes(s.skill)
		cold := e.count.Count()
		if !slices.Equal(names, s.want) {
			t.Errorf("%s: search for %q found %q (errors %q), want %q", s.name, s.skill, names, codes, s.want)
		}
		if cold != warm+1 {
			t.Errorf("%s: the first search after the change sent %d statements, a cached one %d: the taxonomy was not read again", s.name, cold, warm)
		}
	}
	e.count.Reset()
	searchCodes("Golang")
	if n := e.count.Count(); n != warm {
		t.Errorf("a repeated search sent %d statements, want %d (served from the cache)", n, warm)
	}
}

// TestMutationPayloadDoesNotFillTheCache: a mutation's payload may run a
// search inside the mutation's transaction. It reads the transaction's
// skills (the new alias), but must not cache them: read outside the
// transaction, the old skills were cached under the new version; and a
// transaction that rolls back would leave its skills cached under a version
// the next real change reaches.
func TestMutationPayloadDoesNotFillTheCache(t *testing.T) {
	e := newEnv(t)
	viewer := e.person("Viewer", "Leipzig")
	admin := e.person("Admin", "Leipzig")
	e.admin(admin)
	goSkill := e.skill("Go", nil)
	e.has(e.person("Ana", "Leipzig"), goSkill, 4, false)
	equal(t, "before", e.search(e.as(viewer), reqs(req("Go", 1)), 10, nil).names(), []string{"Ana"})

	var out struct {
		UpdateSkill struct {
			Skill struct {
				Network struct{ TalentSearch struct{ TotalCount int } }
			}
		}
	}
	e.as(admin).MustDo(`mutation($id: ID!) { updateSkill(id: $id, input: {aliases: ["golang"]}) {
	  skill { network { talentSearch(input: {requirements: [{skill: "golang", minLevel: 1}]}) { totalCount } } } } }`,
		map[string]any{"id": testkit.ID(goSkill.ID)}, &out)
	if got := out.UpdateSkill.Skill.Network.TalentSearch.TotalCount; got != 1 {
		t.Errorf("the payload's search by the new alias found %d, want 1 (it reads the transaction's skills)", got)
	}
	equal(t, "after the commit, by the new alias", e.search(e.as(viewer), reqs(req("golang", 1)), 10, nil).names(), []string{"Ana"})

	// A mutation whose payload searches by a new alias and then fails is
	// rolled back: the alias never existed, whatever the payload saw.
	res := e.as(admin).Do(`mutation($id: ID!) { updateSkill(id: $id, input: {aliases: ["golang", "gopher"]}) {
	  skill { network {
	    found: talentSearch(input: {requirements: [{skill: "gopher", minLevel: 1}]}) { totalCount }
	    failed: talentSearch(input: {requirements: [{skill: "no such skill", minLevel: 1}]}) { totalCount } } } } }`,
		map[string]any{"id": testkit.ID(goSkill.ID)})
	if !slices.Contains(res.Codes(), "NOT_FOUND") {
		t.Fatalf("the failing payload: %q", res.Codes())
	}
	// Another change raises the version to the one the rolled-back
	// transaction had seen.
	testkit.Must(e.ec.Skill.Create().SetNetwork(e.net).SetName("Rust").SetCompetenceArea("Tech").Save(e.ctx))(t)
	r := e.as(viewer).Do(searchQuery, map[string]any{"net": testkit.ID(e.net.ID), "in": reqs(req("gopher", 1)), "first": 10})
	if !slices.Equal(r.Codes(), []string{"NOT_FOUND"}) {
		t.Errorf("a search by the rolled-back alias: %q, want NOT_FOUND", r.Codes())
	}
}
