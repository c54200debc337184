package server_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

type personConn struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   struct{ ID, Name, City string }
	}
}

func (c personConn) names() []string {
	var out []string
	for _, e := range c.Edges {
		out = append(out, e.Node.Name)
	}
	return out
}

func (c personConn) ids() []string {
	var out []string
	for _, e := range c.Edges {
		out = append(out, e.Node.ID)
	}
	return out
}

const personConnFields = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name city } }`

// connectionFixture: one network with 5 coops, 11 persons (cities repeat,
// so ordering by city needs the ID as tie-breaker), 6 skills in 3 areas.
// Every person takes part in the network, so each of them reads its whole
// directory; the returned client acts as one of them (Anna).
func connectionFixture(t *testing.T, e *env) (*ent.Network, []*ent.Person, *testkit.Client) {
	t.Helper()
	c := e.db.Client
	n := testkit.Must(c.Network.Create().SetName("IT-Kollektiv").SetSlug("it-kollektiv").Save(e.ctx))(t)
	for _, name := range []string{"Kollektiv Leipzig", "Datenwerk", "Kollektiv Berlin", "Codeschmiede", "Wolkenbau"} {
		testkit.Must(c.Coop.Create().SetName(name).SetSlug(slugOf(name)).AddNetworks(n).Save(e.ctx))(t)
	}
	skills := map[string]*ent.Skill{}
	for _, s := range [][2]string{{"Go", "Backend"}, {"Rust", "Backend"}, {"Kubernetes", "Infrastructure"},
		{"Terraform", "Infrastructure"}, {"PostgreSQL", "Infrastructure"}, {"Figma", "Design"}} {
		skills[s[0]] = testkit.Must(c.Skill.Create().SetNetwork(n).SetName(s[0]).SetCompetenceArea(s[1]).Save(e.ctx))(t)
	}
	cities := []string{"Leipzig", "Berlin", "Dresden"}
	var persons []*ent.Person
	// Created out of alphabetical order, so ID order and name order differ.
	for i, name := range []string{"Greta", "Anna", "Karl", "Dora", "Ben", "Ida", "Emil", "Carla", "Jonas", "Fritz", "Hans"} {
		p := testkit.Must(c.Person.Create().SetName(name).SetEmail(name + "@example.org").SetCity(cities[i%3]).Save(e.ctx))(t)
		persons = append(persons, p)
	}
	e.participate(n, persons...)
	// Go: Greta, Karl, Ben; Kubernetes: Anna, Karl.
	for _, ps := range []struct {
		p     *ent.Person
		skill string
		level int
	}{{persons[0], "Go", 5}, {persons[2], "Go", 3}, {persons[4], "Go", 2}, {persons[1], "Kubernetes", 4}, {persons[2], "Kubernetes", 1}} {
		testkit.Must(c.PersonSkill.Create().SetPersonID(ps.p.ID).SetSkillID(skills[ps.skill].ID).SetLevel(ps.level).Save(e.ctx))(t)
	}
	return n, persons, e.c.As(persons[1].ID)
}

func slugOf(name string) string {
	out := []rune{}
	for _, r := range name {
		switch {
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
		case r == ' ':
			out = append(out, '-')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

func TestConnectionFilters(t *testing.T) {
	e := newEnv(t, store.Options{})
	n, _, c := connectionFixture(t, e)

	type nameConn struct {
		TotalCount int
		Edges      []struct{ Node struct{ Name string } }
	}
	names := func(c nameConn) []string {
		var out []string
		for _, e := range c.Edges {
			out = append(out, e.Node.Name)
		}
		sort.Strings(out)
		return out
	}
	cases := []struct {
		name  string
		query string
		want  []string
	}{
		{"coops nameContains", `{ c: coops(where: {nameContains: "Kollektiv"}) { totalCount edges { node { name } } } }`,
			[]string{"Kollektiv Berlin", "Kollektiv Leipzig"}},
		{"coops nameContainsFold", `{ c: coops(where: {nameContainsFold: "KOLLEKTIV"}) { totalCount edges { node { name } } } }`,
			[]string{"Kollektiv Berlin", "Kollektiv Leipzig"}},
		{"coops or", `{ c: coops(where: {or: [{name: "Datenwerk"}, {slug: "wolkenbau"}]}) { totalCount edges { node { name } } } }`,
			[]string{"Datenwerk", "Wolkenbau"}},
		{"skills by competence area", `{ c: skills(where: {competenceArea: "Infrastructure"}) { totalCount edges { node { name } } } }`,
			[]string{"Kubernetes", "PostgreSQL", "Terraform"}},
		{"skills not in area", `{ c: skills(where: {not: {competenceAreaIn: ["Infrastructure", "Backend"]}}) { totalCount edges { node { name } } } }`,
			[]string{"Figma"}},
		{"persons by city", `{ c: persons(where: {city: "Dresden"}) { totalCount edges { node { name } } } }`,
			[]string{"Ida", "Jonas", "Karl"}},
		// Persons offer no edge filters (their skills may lie in networks
		// the viewer cannot see); skills filter by the people who have them.
		{"skills someone has (edge filter)", `{ c: skills(where: {hasPeopleWith: {name: "Karl"}}) { totalCount edges { node { name } } } }`,
			[]string{"Go", "Kubernetes"}},
		{"skills someone has at level 3+", `{ c: skills(where: {hasPersonSkillsWith: {levelGTE: 3}}) { totalCount edges { node { name } } } }`,
			[]string{"Go", "Kubernetes"}},
		{"nothing matches", `{ c: coops(where: {nameContains: "Nirgendwo"}) { totalCount edges { node { name } } } }`,
			nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got struct{ C nameConn }
			decode(t, c.Do(tc.query, nil), &got)
			if !slices.Equal(names(got.C), tc.want) || got.C.TotalCount != len(tc.want) {
				t.Errorf("got %v (totalCount %d), want %v", names(got.C), got.C.TotalCount, tc.want)
			}
		})
	}

	t.Run("nested connection filter", func(t *testing.T) {
		var got struct {
			Node struct {
				Kollektive nameConn
				All        struct{ TotalCount int }
			}
		}
		decode(t, c.Do(`query($n: ID!) { node(id: $n) { ... on Network {
			kollektive: coops(where: {nameHasPrefix: "Kollektiv"}) { totalCount edges { node { name } } }
			all: coops(first: 1) { totalCount } } } }`, map[string]any{"n": testkit.ID(n.ID)}), &got)
		if got.Node.Kollektive.TotalCount != 2 || len(got.Node.Kollektive.Edges) != 2 || got.Node.All.TotalCount != 5 {
			t.Errorf("got %+v", got.Node)
		}
	})
}

func TestConnectionOrder(t *testing.T) {
	e := newEnv(t, store.Options{})
	_, persons, c := connectionFixture(t, e)
	var all []string
	for _, p := range persons {
		all = append(all, p.Name)
	}
	asc := slices.Sorted(slices.Values(all))
	desc := slices.Clone(asc)
	slices.Reverse(desc)

	for _, tc := range []struct {
		order string
		want  []string
	}{
		{`{field: NAME, direction: DESC}`, desc},
		{`{field: NAME, direction: ASC}`, asc},
		{`{field: NAME}`, asc},
	} {
		var got struct{ Persons personConn }
		decode(t, c.Do(`{ persons(orderBy: `+tc.order+`) { `+personConnFields+` } }`, nil), &got)
		if !slices.Equal(got.Persons.names(), tc.want) {
			t.Errorf("orderBy %s: got %v, want %v", tc.order, got.Persons.names(), tc.want)
		}
	}

	// Ordered by a field with ties: cities are ordered, the order is stable.
	var byCity struct{ Persons personConn }
	decode(t, c.Do(`{ persons(orderBy: {field: CITY, direction: DESC}) { `+personConnFields+` } }`, nil), &byCity)
	for i := 1; i < len(byCity.Persons.Edges); i++ {
		if byCity.Persons.Edges[i-1].Node.City < byCity.Persons.Edges[i].Node.City {
			t.Errorf("not ordered by city DESC: %+v", byCity.Persons.Edges)
			break
		}
	}

	// Nested connections are ordered too.
	var nested struct {
		Skills struct {
			Edges []struct {
				Node struct {
					Name         string
					PersonSkills struct {
						Edges []struct{ Node struct{ Level int } }
					}
				}
			}
		}
	}
	decode(t, c.Do(`{ skills(where: {name: "Go"}) { edges { node { name personSkills(orderBy: {field: LEVEL, direction: DESC}) { edges { node { level } } } } } } }`, nil), &nested)
	var levels []int
	for _, ed := range nested.Skills.Edges[0].Node.PersonSkills.Edges {
		levels = append(levels, ed.Node.Level)
	}
	if !slices.Equal(levels, []int{5, 3, 2}) {
		t.Errorf("Go levels DESC: got %v, want [5 3 2]", levels)
	}
}

// TestPagination walks every connection page by page, forwards and
// backwards, under several orders, and compares with the unpaginated list.
func TestPagination(t *testing.T) {
	e := newEnv(t, store.Options{})
	_, persons, c := connectionFixture(t, e)
	total := len(persons)

	for _, order := range []string{"", `, orderBy: {field: NAME, direction: DESC}`, `, orderBy: {field: CITY}`, `, orderBy: {field: CITY, direction: DESC}`} {
		for _, size := range []int{1, 3, 4, 11, 20} {
			var full struct{ Persons personConn }
			decode(t, c.Do(`{ persons(first: 100`+order+`) { `+personConnFields+` } }`, nil), &full)
			if len(full.Persons.Edges) != total || full.Persons.TotalCount != total {
				t.Fatalf("%s: unpaginated list has %d of %d", order, len(full.Persons.Edges), total)
			}

			// Forwards.
			var seen []string
			var after any
			for page := 0; ; page++ {
				if page > total {
					t.Fatalf("%s first %d: pagination does not end", order, size)
				}
				var got struct{ Persons personConn }
				decode(t, c.Do(`query($first: Int, $after: Cursor) { persons(first: $first, after: $after `+order+`) { `+personConnFields+` } }`,
					map[string]any{"first": size, "after": after}), &got)
				p := got.Persons
				if p.TotalCount != total {
					t.Errorf("%s first %d page %d: totalCount %d, want %d (first must not change it)", order, size, page, p.TotalCount, total)
				}
				if len(p.Edges) > size {
					t.Errorf("%s first %d: page of %d", order, size, len(p.Edges))
				}
				seen = append(seen, p.ids()...)
				if !p.PageInfo.HasNextPage {
					break
				}
				if len(p.Edges) == 0 || p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != p.Edges[len(p.Edges)-1].Cursor {
					t.Fatalf("%s first %d: hasNextPage without a usable endCursor: %+v", order, size, p.PageInfo)
				}
				after = *p.PageInfo.EndCursor
			}
			if !slices.Equal(seen, full.Persons.ids()) {
				t.Errorf("%s first %d: pages give %v, want %v (duplicates or gaps)", order, size, seen, full.Persons.ids())
			}

			// Backwards.
			seen = nil
			var before any
			for page := 0; ; page++ {
				if page > total {
					t.Fatalf("%s last %d: pagination does not end", order, size)
				}
				var got struct{ Persons personConn }
				decode(t, c.Do(`query($last: Int, $before: Cursor) { persons(last: $last, before: $before `+order+`) { `+personConnFields+` } }`,
					map[string]any{"last": size, "before": before}), &got)
				p := got.Persons
				if p.TotalCount != total {
					t.Errorf("%s last %d page %d: totalCount %d, want %d", order, size, page, p.TotalCount, total)
				}
				seen = append(p.ids(), seen...)
				if !p.PageInfo.HasPreviousPage {
					break
				}
				before = *p.PageInfo.StartCursor
			}
			if !slices.Equal(seen, full.Persons.ids()) {
				t.Errorf("%s last %d: pages give %v, want %v", order, size, seen, full.Persons.ids())
			}
		}
	}

	t.Run("filter and pagination together", func(t *testing.T) {
		var got struct{ Persons personConn }
		decode(t, c.Do(`{ persons(first: 2, where: {city: "Leipzig"}, orderBy: {field: NAME}) { `+personConnFields+` } }`, nil), &got)
		if got.Persons.TotalCount != 4 || !slices.Equal(got.Persons.names(), []string{"Dora", "Emil"}) || !got.Persons.PageInfo.HasNextPage {
			t.Errorf("got %d %v %+v", got.Persons.TotalCount, got.Persons.names(), got.Persons.PageInfo)
		}
	})

	t.Run("bad cursor", func(t *testing.T) {
		expectError(t, c.Do(`{ persons(first: 2, after: "not-a-cursor") { totalCount } }`, nil), "BAD_USER_INPUT", "after")
		expectError(t, c.Do(`query($b: Cursor) { persons(last: 2, before: $b) { totalCount } }`, map[string]any{"b": 42}), "BAD_USER_INPUT", "before")
	})
	t.Run("bad page sizes", func(t *testing.T) {
		expectError(t, c.Do(`{ persons(first: -1) { totalCount } }`, nil), "BAD_USER_INPUT", "")
		expectError(t, c.Do(`{ persons(first: 1, last: 1) { totalCount } }`, nil), "BAD_USER_INPUT", "")
	})
}
