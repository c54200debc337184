package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

type size struct{ networks, coops, members int }

// seedNetworks creates networks × coops × members: every coop belongs to one
// network, every membership has its own person, and every person has 2 or 3
// of the network's 6 skills. It returns the expected skill count per person.
func seedNetworks(t testing.TB, ctx context.Context, c *ent.Client, s size) map[string]int {
	t.Helper()
	states := []string{"INTERESTED", "FREELANCER", "CANDIDATE", "MEMBER", "PAUSED", "LEFT"}
	want := map[string]int{}
	for n := range s.networks {
		network := must(c.Network.Create().SetName(fmt.Sprintf("Network %d", n)).SetSlug(fmt.Sprintf("network-%d", n)).Save(ctx))
		skills := must(c.Skill.MapCreateBulk(make([]struct{}, 6), func(b *ent.SkillCreate, i int) {
			b.SetNetworkID(network.ID).SetName(fmt.Sprintf("Skill %d", i)).SetCompetenceArea("Area")
		}).Save(ctx))
		coops := must(c.Coop.MapCreateBulk(make([]struct{}, s.coops), func(b *ent.CoopCreate, i int) {
			b.SetName(fmt.Sprintf("Coop %d.%d", n, i)).SetSlug(fmt.Sprintf("coop-%d-%d", n, i)).AddNetworkIDs(network.ID)
		}).Save(ctx))
		persons := must(c.Person.MapCreateBulk(make([]struct{}, s.coops*s.members), func(b *ent.PersonCreate, i int) {
			b.SetName(fmt.Sprintf("Person %d.%d", n, i)).SetEmail(fmt.Sprintf("p%d.%d@example.org", n, i))
		}).Save(ctx))
		must(c.Membership.MapCreateBulk(persons, func(b *ent.MembershipCreate, i int) {
			b.SetPersonID(persons[i].ID).SetCoopID(coops[i/s.members].ID).SetState(membership.State(states[i%len(states)]))
		}).Save(ctx))
		var personSkills []*ent.PersonSkillCreate
		for i, p := range persons {
			k := 2 + i%2
			want[p.Name] = k
			for j := range k {
				personSkills = append(personSkills, c.PersonSkill.Create().SetPersonID(p.ID).
					SetSkillID(skills[(i+j)%len(skills)].ID).SetLevel(1+(i+j)%5))
			}
		}
		must(c.PersonSkill.CreateBulk(personSkills...).Save(ctx))
	}
	return want
}

const nestedQuery = `{ networks { totalCount edges { node { name
	coops %s { totalCount edges { node { name
		memberships %s { totalCount edges { node { state
			person { name skills { totalCount edges { node { name } } } } } } } } } } } } } }`

type nestedResult struct {
	Networks struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				Name  string
				Coops struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Name        string
							Memberships struct {
								TotalCount int
								Edges      []struct {
									Node struct {
										State  string
										Person struct {
											Name   string
											Skills struct {
												TotalCount int
												Edges      []struct{ Node struct{ Name string } }
											}
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestNestedListsCostBoundedStatements runs networks → coops → memberships →
// person → skills over HTTP at two data sizes and checks that the data is
// complete and the number of SQL statements does not grow with the data.
func TestNestedListsCostBoundedStatements(t *testing.T) {
	sizes := []size{{2, 5, 3}, {10, 20, 5}}
	variants := []struct {
		name              string
		coopArgs, memArgs string
		coopPage, memPage int // 0: all
	}{
		{"all rows", "", "", 0, 0},
		{"nested pages", "(first: 4)", "(first: 2, orderBy: {field: STATE})", 4, 2},
	}
	counts := map[string][]int64{}
	for _, s := range sizes {
		counter := &testkit.CountingDriver{}
		e := newEnv(t, store.Options{WrapDriver: counter.Wrap()})
		want := seedNetworks(t, e.ctx, e.db.Client, s)
		for _, v := range variants {
			counter.Reset()
			var got nestedResult
			decode(t, e.c.Do(fmt.Sprintf(nestedQuery, v.coopArgs, v.memArgs), nil), &got)
			n := counter.Count()
			counts[v.name] = append(counts[v.name], n)
			t.Logf("%s, %d networks × %d coops × %d memberships: %d SQL statements", v.name, s.networks, s.coops, s.members, n)
			checkNested(t, got, s, want, v.coopPage, v.memPage)
		}
	}
	for name, c := range counts {
		if c[0] != c[1] {
			t.Errorf("%s: %d statements at the small size, %d at the large one: the query is N+1", name, c[0], c[1])
		}
		if c[0] == 0 {
			t.Errorf("%s: no statements counted; is the counting driver installed?", name)
		}
		if c[0] > 10 {
			t.Errorf("%s: %d statements for a 5-level query; expected about one per level", name, c[0])
		}
	}
}

func checkNested(t *testing.T, got nestedResult, s size, want map[string]int, coopPage, memPage int) {
	t.Helper()
	limit := func(n, page int) int {
		if page > 0 && page < n {
			return page
		}
		return n
	}
	nets := got.Networks
	if nets.TotalCount != s.networks || len(nets.Edges) != s.networks {
		t.Fatalf("networks: totalCount %d, %d edges; want %d", nets.TotalCount, len(nets.Edges), s.networks)
	}
	persons := 0
	for _, ne := range nets.Edges {
		coops := ne.Node.Coops
		if coops.TotalCount != s.coops || len(coops.Edges) != limit(s.coops, coopPage) {
			t.Fatalf("%s: coops totalCount %d, %d edges; want %d, %d", ne.Node.Name, coops.TotalCount, len(coops.Edges), s.coops, limit(s.coops, coopPage))
		}
		for _, ce := range coops.Edges {
			ms := ce.Node.Memberships
			if ms.TotalCount != s.members || len(ms.Edges) != limit(s.members, memPage) {
				t.Fatalf("%s: memberships totalCount %d, %d edges; want %d, %d", ce.Node.Name, ms.TotalCount, len(ms.Edges), s.members, limit(s.members, memPage))
			}
			for _, me := range ms.Edges {
				p := me.Node.Person
				k, ok := want[p.Name]
				if !ok || me.Node.State == "" {
					t.Fatalf("membership %+v: unknown person or no state", me.Node)
				}
				if p.Skills.TotalCount != k || len(p.Skills.Edges) != k {
					t.Fatalf("%s: skills totalCount %d, %d edges; want %d", p.Name, p.Skills.TotalCount, len(p.Skills.Edges), k)
				}
				for _, se := range p.Skills.Edges {
					if se.Node.Name == "" {
						t.Fatalf("%s: a skill without a name", p.Name)
					}
				}
				persons++
			}
		}
	}
	if wantPersons := s.networks * limit(s.coops, coopPage) * limit(s.members, memPage); persons != wantPersons {
		t.Errorf("saw %d persons, want %d", persons, wantPersons)
	}
}
