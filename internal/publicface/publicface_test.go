// Package publicface_test checks the public face end to end: real HTTP
// requests, anonymous and with real tokens, against the real handler on the
// demo network, on SQLite and (with COCKPIT_TEST_DATABASE) on PostgreSQL.
package publicface_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/publicface"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

type env struct {
	t   *testing.T
	ctx context.Context
	ec  *ent.Client
	c   *testkit.Client // anonymous
	net *ent.Network
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	if err := demo.Seed(authz.Under(context.Background(), authz.SeedDemo), db.Client); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: testkit.System(context.Background()), ec: db.Client, c: testkit.NewServer(t, db)}
	e.net = testkit.Must(e.ec.Network.Query().Where(network.Slug(demo.Slug)).Only(e.ctx))(t)
	return e
}

func (e *env) person(name string) *ent.Person {
	e.t.Helper()
	return testkit.Must(e.ec.Person.Query().Where(person.Name(name)).Only(e.ctx))(e.t)
}

// as is a client with the token of the demo person with this name.
func (e *env) as(name string) *testkit.Client { return e.c.As(e.person(name).ID) }

type pubPerson struct {
	Name   string  `json:"name"`
	City   *string `json:"city"`
	Skills *[]struct {
		Skill struct{ Name string } `json:"skill"`
		Level int                   `json:"level"`
	} `json:"skills"`
	Availability *[]struct {
		HoursPerWeek int `json:"hoursPerWeek"`
	} `json:"availability"`
	Coops *[]struct{ Name, Slug string } `json:"coops"`
}

type pageInfo struct {
	HasNextPage bool    `json:"hasNextPage"`
	EndCursor   *string `json:"endCursor"`
}

const personSel = `name city skills { skill { name } level } availability { hoursPerWeek } coops { name slug }`

const directoryQ = `query($n: String!, $first: Int, $after: Cursor) { publicDirectory(network: $n) {
  network { name slug }
  coops { totalCount edges { node { name slug services contactEmail website skillsOffered { name } } } }
  persons(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ` + personSel + ` } } }
  skills { name slug } } }`

type directory struct {
	PublicDirectory *struct {
		Network struct{ Name, Slug string }
		Coops   struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Name, Slug, Services string
					ContactEmail         *string
					Website              *string
					SkillsOffered        []struct{ Name string }
				}
			}
		}
		Persons struct {
			TotalCount int
			PageInfo   pageInfo
			Edges      []struct {
				Cursor string
				Node   pubPerson
			}
		}
		Skills []struct{ Name, Slug string }
	} `json:"publicDirectory"`
}

func (e *env) directory(c *testkit.Client, first *int, after *string) directory {
	e.t.Helper()
	var out directory
	vars := map[string]any{"n": e.net.Slug}
	if first != nil {
		vars["first"] = *first
	}
	if after != nil {
		vars["after"] = *after
	}
	c.MustDo(directoryQ, vars, &out)
	return out
}

// persons maps the directory's persons by name (all pages of 50).
func (e *env) persons() map[string]pubPerson {
	e.t.Helper()
	d := e.directory(e.c, intp(publicface.MaxFirst), nil)
	if d.PublicDirectory == nil {
		return nil
	}
	out := map[string]pubPerson{}
	for _, ed := range d.PublicDirectory.Persons.Edges {
		out[ed.Node.Name] = ed.Node
	}
	return out
}

func intp(n int) *int { return &n }

func names(m map[string]pubPerson) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

const searchQ = `query($n: String!, $in: PublicTalentSearchInput!, $first: Int, $after: Cursor) {
  publicTalentSearch(network: $n, input: $in, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { person { ` + personSel + ` } matched { requirement { name } skill { name } level viaChildSkill } missing { name } } } } }`

func (e *env) search(skill string, level int) []string {
	e.t.Helper()
	var out struct {
		PublicTalentSearch struct {
			Edges []struct {
				Node struct {
					Person  pubPerson
					Matched []struct {
						Level int
					}
				}
			}
		}
	}
	e.c.MustDo(searchQ, map[string]any{"n": e.net.Slug, "in": map[string]any{"requirements": []any{map[string]any{"skill": skill, "minLevel": level}}}}, &out)
	var found []string
	for _, ed := range out.PublicTalentSearch.Edges {
		found = append(found, ed.Node.Person.Name)
	}
	slices.Sort(found)
	return found
}

// TestDemoDirectory: the demo publishes its network, Kollektiv Quelltext and
// five persons, each with their own choices; Lukas switched his profile on
// but never consented, so nothing of him is public.
func TestDemoDirectory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.directory(e.c, nil, nil)
	if d.PublicDirectory == nil {
		t.Fatal("the demo network's directory is not published")
	}
	got := e.persons()
	want := []string{"Anna Schubert", "Jonas Becker", "Julia Schmidt", "Lena Hoffmann", "Mehmet Yılmaz"}
	if !slices.Equal(names(got), want) {
		t.Fatalf("public persons = %v, want %v", names(got), want)
	}
	anna, jonas := got["Anna Schubert"], got["Jonas Becker"]
	if anna.City == nil || *anna.City != "Leipzig" || anna.Skills == nil || len(*anna.Skills) == 0 || anna.Availability == nil || anna.Coops == nil {
		t.Errorf("Anna shows everything: %+v", anna)
	}
	if anna.Coops != nil && !slices.ContainsFunc(*anna.Coops, func(c struct{ Name, Slug string }) bool { return c.Slug == "kollektiv-quelltext" }) {
		t.Errorf("Anna's coops miss Kollektiv Quelltext: %+v", *anna.Coops)
	}
	if jonas.City != nil || jonas.Availability != nil || jonas.Skills == nil {
		t.Errorf("Jonas shows name, skills and coops only: %+v", jonas)
	}
	coops := d.PublicDirectory.Coops
	if coops.TotalCount != 1 || len(coops.Edges) != 1 || coops.Edges[0].Node.Slug != "kollektiv-quelltext" {
		t.Fatalf("public coops: %+v", coops)
	}
	qt := coops.Edges[0].Node
	if qt.Services == "" || qt.ContactEmail == nil || qt.Website == nil || len(qt.SkillsOffered) == 0 {
		t.Errorf("Kollektiv Quelltext's public profile: %+v", qt)
	}
	if len(d.PublicDirectory.Skills) == 0 {
		t.Error("the taxonomy is missing")
	}
	// A token changes nothing.
	with := e.directory(e.as("Tobias Krüger"), nil, nil)
	if a, b := testkit.Must(jsonOf(d))(t), testkit.Must(jsonOf(with))(t); a != b {
		t.Errorf("with a token:\n%s\nanonymous:\n%s", b, a)
	}
}

// TestSwitches: each switch, the consent and the network's flag, switched
// off by their owners through the API.
func TestSwitches(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		who   string // acting person
		query string
		check func(t *testing.T, e *env)
	}{
		{"city off", "Lena Hoffmann", `mutation { setMyPublicProfile(input: {city: false}) { city } }`, func(t *testing.T, e *env) {
			if p := e.persons()["Lena Hoffmann"]; p.City != nil || p.Skills == nil {
				t.Errorf("Lena: %+v", p)
			}
		}},
		{"skills off", "Lena Hoffmann", `mutation { setMyPublicProfile(input: {skills: false}) { skills } }`, func(t *testing.T, e *env) {
			if p := e.persons()["Lena Hoffmann"]; p.Skills != nil || p.City == nil {
				t.Errorf("Lena: %+v", p)
			}
			if found := e.search("UX Design", 1); slices.Contains(found, "Lena Hoffmann") {
				t.Errorf("publicTalentSearch still finds Lena: %v", found)
			}
		}},
		{"availability off", "Julia Schmidt", `mutation { setMyPublicProfile(input: {availability: false}) { availability } }`, func(t *testing.T, e *env) {
			if p := e.persons()["Julia Schmidt"]; p.Availability != nil {
				t.Errorf("Julia: %+v", p)
			}
		}},
		{"coops off", "Anna Schubert", `mutation { setMyPublicProfile(input: {coops: false}) { coops } }`, func(t *testing.T, e *env) {
			if p := e.persons()["Anna Schubert"]; p.Coops != nil || p.City == nil {
				t.Errorf("Anna: %+v", p)
			}
		}},
		{"name off", "Mehmet Yılmaz", `mutation { setMyPublicProfile(input: {name: false}) { listed } }`, func(t *testing.T, e *env) {
			if _, ok := e.persons()["Mehmet Yılmaz"]; ok {
				t.Error("Mehmet is still listed")
			}
		}},
		{"consent withdrawn", "Mehmet Yılmaz", `mutation { setPublicProfileConsent(given: false) { consent { withdrawnAt } } }`, func(t *testing.T, e *env) {
			if _, ok := e.persons()["Mehmet Yılmaz"]; ok {
				t.Error("Mehmet is still listed")
			}
			if found := e.search("React", 1); len(found) != 0 {
				t.Errorf("publicTalentSearch still finds %v", found)
			}
		}},
		{"coop withdrawn", "Anna Schubert", `mutation($c: ID!) { setCoopPublicProfile(coopID: $c, input: {published: false}) { published } }`, func(t *testing.T, e *env) {
			d := e.directory(e.c, nil, nil)
			if d.PublicDirectory.Coops.TotalCount != 0 {
				t.Errorf("coops: %+v", d.PublicDirectory.Coops)
			}
			if p := e.persons()["Anna Schubert"]; p.Coops == nil || len(*p.Coops) != 0 {
				t.Errorf("Anna's coops: %+v", p.Coops)
			}
		}},
		{"network withdrawn", "Anna Schubert", `mutation($n: ID!) { setNetworkPublicDirectory(networkID: $n, published: false) { publicDirectory } }`, func(t *testing.T, e *env) {
			if d := e.directory(e.c, nil, nil); d.PublicDirectory != nil {
				t.Errorf("directory: %+v", d.PublicDirectory)
			}
			testkit.OnlyError(t, e.c.Do(searchQ, map[string]any{"n": e.net.Slug, "in": map[string]any{"requirements": []any{map[string]any{"skill": "Go", "minLevel": 1}}}}),
				"NOT_FOUND", "network")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			e.t = t
			qt := testkit.Must(e.ec.Coop.Query().Where(coop.Slug("kollektiv-quelltext")).Only(e.ctx))(t)
			e.as(tc.who).MustDo(tc.query, map[string]any{"c": testkit.ID(qt.ID), "n": testkit.ID(e.net.ID)}, nil)
			tc.check(t, e)
		})
	}
}

// TestLeftAndErased: a LEFT membership is no public affiliation; an erased
// person is not shown at all.
func TestLeftAndErased(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	jonas, lena := e.person("Jonas Becker"), e.person("Lena Hoffmann")
	// Jonas also takes part in the network directly, so he stays listed.
	if !testkit.Must(jonas.QueryNetworkMemberships().Exist(e.ctx))(t) {
		testkit.Must(e.ec.NetworkMembership.Create().SetNetworkID(e.net.ID).SetPersonID(jonas.ID).Save(e.ctx))(t)
	}
	testkit.Must(e.ec.Membership.Update().Where(membership.PersonID(jonas.ID), membership.HasCoopWith(coop.Slug("kollektiv-quelltext"))).
		SetState(membership.StateLEFT).Save(e.ctx))(t)
	testkit.Must(e.ec.Person.UpdateOne(lena).SetErasedAt(time.Now()).Save(e.ctx))(t)
	got := e.persons()
	if p, ok := got["Jonas Becker"]; !ok || p.Coops == nil || len(*p.Coops) != 0 {
		t.Errorf("Jonas after leaving: %+v (listed %v)", p, ok)
	}
	if _, ok := got["Lena Hoffmann"]; ok {
		t.Error("an erased person is listed")
	}
	if found := e.search("UX Design", 1); slices.Contains(found, "Lena Hoffmann") {
		t.Errorf("publicTalentSearch finds an erased person: %v", found)
	}
}

// TestArchivedCoopLeaves: an archived coop leaves the public directory and
// its members' public affiliations, even with its public profile on.
func TestArchivedCoopLeaves(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if d := e.directory(e.c, nil, nil); d.PublicDirectory.Coops.TotalCount == 0 {
		t.Fatal("the demo publishes no coop: nothing to archive")
	}
	testkit.Must(e.ec.Coop.Update().Where(coop.Slug("kollektiv-quelltext")).SetArchivedAt(time.Now()).Save(e.ctx))(t)
	if d := e.directory(e.c, nil, nil); d.PublicDirectory.Coops.TotalCount != 0 {
		t.Errorf("an archived coop is listed: %+v", d.PublicDirectory.Coops)
	}
	if p := e.persons()["Anna Schubert"]; p.Coops == nil || len(*p.Coops) != 0 {
		t.Errorf("Anna's public coops after her coop was archived: %+v", p.Coops)
	}
}

// TestArchivedSkillLeaves: an archived skill leaves the public taxonomy,
// the persons' public skills and the coops' skills offered, as it leaves
// the API's lists.
func TestArchivedSkillLeaves(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	anna := e.persons()["Anna Schubert"]
	if anna.Skills == nil || len(*anna.Skills) == 0 {
		t.Fatal("Anna shows no public skill: nothing to archive")
	}
	name := (*anna.Skills)[0].Skill.Name
	shown := func(d directory) []string {
		var where []string
		for _, sk := range d.PublicDirectory.Skills {
			if sk.Name == name {
				where = append(where, "taxonomy")
			}
		}
		for _, ed := range d.PublicDirectory.Coops.Edges {
			for _, sk := range ed.Node.SkillsOffered {
				if sk.Name == name {
					where = append(where, ed.Node.Slug+" offers it")
				}
			}
		}
		for _, ed := range d.PublicDirectory.Persons.Edges {
			for _, sk := range derefSkills(ed.Node) {
				if sk == name {
					where = append(where, ed.Node.Name+" shows it")
				}
			}
		}
		return where
	}
	if where := shown(e.directory(e.c, intp(publicface.MaxFirst), nil)); len(where) < 3 {
		t.Fatalf("before archiving, %q is shown only in %v (want the taxonomy, a coop and Anna)", name, where)
	}
	testkit.Must(e.ec.Skill.Update().Where(skill.Name(name), skill.NetworkID(e.net.ID)).SetArchivedAt(time.Now()).Save(e.ctx))(t)
	if where := shown(e.directory(e.c, intp(publicface.MaxFirst), nil)); len(where) > 0 {
		t.Errorf("the archived skill %q is still shown: %v", name, where)
	}
}

func derefSkills(p pubPerson) []string {
	if p.Skills == nil {
		return nil
	}
	var out []string
	for _, s := range *p.Skills {
		out = append(out, s.Skill.Name)
	}
	return out
}

// TestPagination: pages of the directory and of the search neither repeat
// nor skip; first is capped.
func TestPagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var seen []string
	var after *string
	for page := 0; ; page++ {
		d := e.directory(e.c, intp(2), after)
		p := d.PublicDirectory.Persons
		if p.TotalCount != 5 || len(p.Edges) > 2 {
			t.Fatalf("page %d: %+v", page, p)
		}
		for _, ed := range p.Edges {
			seen = append(seen, ed.Node.Name)
		}
		if !p.PageInfo.HasNextPage {
			break
		}
		after = p.PageInfo.EndCursor
	}
	all := names(e.persons())
	slices.Sort(seen)
	if !slices.Equal(seen, all) {
		t.Errorf("pages gave %v, all are %v", seen, all)
	}
	// first is capped at MaxFirst, not refused; a negative one is.
	if d := e.directory(e.c, intp(publicface.MaxFirst+1), nil); len(d.PublicDirectory.Persons.Edges) != 5 {
		t.Errorf("first above the cap: %+v", d.PublicDirectory.Persons)
	}
	testkit.OnlyError(t, e.c.Do(directoryQ, map[string]any{"n": e.net.Slug, "first": -1}), "BAD_USER_INPUT", "first")

	// The search, one match a page.
	var found []string
	var cur any
	for page := 0; page < 10; page++ {
		var out struct {
			PublicTalentSearch struct {
				TotalCount int
				PageInfo   pageInfo
				Edges      []struct{ Node struct{ Person pubPerson } }
			}
		}
		e.c.MustDo(searchQ, map[string]any{"n": e.net.Slug, "first": 1, "after": cur,
			"in": map[string]any{"requirements": []any{map[string]any{"skill": "Facilitation", "minLevel": 3}}}}, &out)
		for _, ed := range out.PublicTalentSearch.Edges {
			found = append(found, ed.Node.Person.Name)
		}
		if !out.PublicTalentSearch.PageInfo.HasNextPage {
			break
		}
		cur = *out.PublicTalentSearch.PageInfo.EndCursor
	}
	slices.Sort(found)
	if want := e.search("Facilitation", 3); !slices.Equal(found, want) {
		t.Errorf("search pages gave %v, one page %v", found, want)
	}
}

// TestPublicSearchFindsOnlyOptedIn: the members' own talentSearch finds
// more persons with the skill than the public one, which finds only those
// who show their skills.
func TestPublicSearchFindsOnlyOptedIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	public := e.search("Facilitation", 3)
	if want := []string{"Anna Schubert", "Julia Schmidt", "Lena Hoffmann"}; !slices.Equal(public, want) {
		t.Errorf("public search = %v, want %v", public, want)
	}
	var out struct {
		Node struct {
			TalentSearch struct {
				Edges []struct {
					Node struct{ Person struct{ Name string } }
				}
			}
		}
	}
	e.as("Anna Schubert").MustDo(`query($n: ID!) { node(id: $n) { ... on Network { talentSearch(input: {requirements: [{skill: "Facilitation", minLevel: 3}]}, first: 100) {
	  edges { node { person { name } } } } } } }`, map[string]any{"n": testkit.ID(e.net.ID)}, &out)
	var private []string
	for _, ed := range out.Node.TalentSearch.Edges {
		private = append(private, ed.Node.Person.Name)
	}
	if len(private) <= len(public) {
		t.Fatalf("the members' search finds %v: the demo should hold persons with the skill who keep it private", private)
	}
	// A filter on an item a person does not show does not find them: Lena
	// does not show her availability.
	var withAvail struct {
		PublicTalentSearch struct {
			Edges []struct{ Node struct{ Person pubPerson } }
		}
	}
	e.c.MustDo(searchQ, map[string]any{"n": e.net.Slug, "in": map[string]any{"minHoursPerWeek": 1,
		"requirements": []any{map[string]any{"skill": "Facilitation", "minLevel": 3}}}}, &withAvail)
	for _, ed := range withAvail.PublicTalentSearch.Edges {
		if ed.Node.Person.Name == "Lena Hoffmann" || ed.Node.Person.Availability == nil {
			t.Errorf("an availability filter found %+v, who does not show it", ed.Node.Person)
		}
	}
	if s := strings.Join(public, ","); strings.Contains(s, "Lukas") {
		t.Error("Lukas never consented")
	}
}

func jsonOf(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
