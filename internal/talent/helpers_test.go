// Package talent_test checks issue 7's skill database and talent search end
// to end: real HTTP requests with real tokens against the real handler, on
// SQLite and (with COCKPIT_TEST_DATABASE) on PostgreSQL, with a fake clock.
package talent_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// t0 is the fake "now" of every test (whole seconds, so both databases keep it exactly).
var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// day is the day n days from t0's day.
func day(n int) time.Time { return time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n) }

// env is a migrated database with the handler on top and one network.
type env struct {
	t     *testing.T
	ctx   context.Context // system: fixtures bypass the privacy rules
	db    *store.DB
	ec    *ent.Client
	c     *testkit.Client
	count *testkit.CountingDriver
	net   *ent.Network
	seq   int
}

func newEnv(t *testing.T) *env {
	t.Helper()
	count := &testkit.CountingDriver{}
	db := testkit.NewDB(t, store.Options{WrapDriver: count.Wrap()})
	e := &env{t: t, ctx: testkit.System(context.Background()), db: db, ec: db.Client, count: count,
		c: testkit.NewServerWithClock(t, db, clock.NewFake(t0))}
	e.net = testkit.Must(e.ec.Network.Create().SetName("Netz").SetSlug("netz").Save(e.ctx))(t)
	return e
}

func (e *env) next() int { e.seq++; return e.seq }

// person creates a participant of the network (directly).
func (e *env) person(name, city string) *ent.Person {
	p := e.outsider(name, city)
	testkit.Must(e.ec.NetworkMembership.Create().SetNetwork(e.net).SetPerson(p).SetRole(networkmembership.RolePARTICIPANT).Save(e.ctx))(e.t)
	return p
}

// outsider creates a person who takes part in no network.
func (e *env) outsider(name, city string) *ent.Person {
	return testkit.Must(e.ec.Person.Create().SetName(name).SetCity(city).
		SetEmail(fmt.Sprintf("p%d@example.org", e.next())).SetPhone("+49 30 123").Save(e.ctx))(e.t)
}

func (e *env) admin(p *ent.Person) {
	testkit.Must(e.ec.NetworkMembership.Update().Where(networkmembership.PersonID(p.ID), networkmembership.NetworkID(e.net.ID)).
		SetRole(networkmembership.RoleADMIN).Save(e.ctx))(e.t)
}

func (e *env) coop(name string) *ent.Coop {
	return testkit.Must(e.ec.Coop.Create().SetName(name).SetSlug(fmt.Sprintf("coop-%d", e.next())).AddNetworks(e.net).Save(e.ctx))(e.t)
}

func (e *env) join(p *ent.Person, c *ent.Coop, state membership.State) {
	since := t0.AddDate(-2, 0, 0)
	testkit.Must(e.ec.Membership.Create().SetPerson(p).SetCoop(c).SetState(state).SetStateSince(since).SetJoinedAt(since).Save(e.ctx))(e.t)
}

// skill adds a skill to the network's taxonomy.
func (e *env) skill(name string, parent *ent.Skill, aliases ...string) *ent.Skill {
	b := e.ec.Skill.Create().SetNetwork(e.net).SetName(name).SetCompetenceArea("Tech").SetAliases(aliases)
	if parent != nil {
		b.SetParent(parent)
	}
	return testkit.Must(b.Save(e.ctx))(e.t)
}

// has gives p a skill; wants marks it wants-to-learn.
func (e *env) has(p *ent.Person, s *ent.Skill, level int, wants bool) *ent.PersonSkill {
	return testkit.Must(e.ec.PersonSkill.Create().SetPerson(p).SetSkill(s).SetLevel(level).SetYears(level).SetWantsToLearn(wants).Save(e.ctx))(e.t)
}

// offers gives p an availability window (until zero: open-ended).
func (e *env) offers(p *ent.Person, hours int, from, until time.Time) {
	b := e.ec.Availability.Create().SetPerson(p).SetHoursPerWeek(hours).SetAvailableFrom(from).SetNote("private note")
	if !until.IsZero() {
		b.SetAvailableUntil(until)
	}
	testkit.Must(b.Save(e.ctx))(e.t)
}

// as returns a client acting for p.
func (e *env) as(p *ent.Person) *testkit.Client { return e.c.As(p.ID) }

// Search results as decoded from JSON.
type match struct {
	Score  int
	Person struct {
		ID, Name string
		Email    *string
		Phone    *string
	}
	Matched []struct {
		Requirement struct{ Skill struct{ Name string } }
		PersonSkill struct {
			Level            int
			EndorsementCount int
			Skill            struct{ Name string }
		}
		ViaChildSkill bool
		Points        int
	}
	Missing      []struct{ Skill struct{ Name string } }
	Availability []struct {
		HoursPerWeek int
		From         time.Time
		Until        *time.Time
	}
}

type page struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage bool
		EndCursor   *string
	}
	Requirements []struct {
		Skill    struct{ Name string }
		MinLevel int
	}
	Edges []struct {
		Cursor string
		Node   match
	}
}

const searchQuery = `query($net: ID!, $in: TalentSearchInput!, $first: Int, $after: Cursor) {
  node(id: $net) { ... on Network { talentSearch(input: $in, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    requirements { skill { name } minLevel }
    edges { cursor node {
      score person { id name email phone }
      matched { requirement { skill { name } } personSkill { level endorsementCount skill { name } } viaChildSkill points }
      missing { skill { name } }
      availability { hoursPerWeek from until }
    } }
  } } } }`

// search runs a talent search and fails the test on errors.
func (e *env) search(c *testkit.Client, in map[string]any, first int, after *string) page {
	e.t.Helper()
	vars := map[string]any{"net": testkit.ID(e.net.ID), "in": in, "first": first}
	if after != nil {
		vars["after"] = *after
	}
	var out struct {
		Node *struct{ TalentSearch page }
	}
	c.MustDo(searchQuery, vars, &out)
	if out.Node == nil {
		e.t.Fatalf("network not readable")
	}
	return out.Node.TalentSearch
}

// names lists the names of a page's persons, in order.
func (p page) names() []string {
	var out []string
	for _, ed := range p.Edges {
		out = append(out, ed.Node.Person.Name)
	}
	return out
}

func (p page) match(name string) *match {
	for _, ed := range p.Edges {
		if ed.Node.Person.Name == name {
			return &ed.Node
		}
	}
	return nil
}

func req(skill string, minLevel int) map[string]any {
	return map[string]any{"skill": skill, "minLevel": minLevel}
}

func reqs(rs ...map[string]any) map[string]any {
	if rs == nil {
		rs = []map[string]any{}
	}
	return map[string]any{"requirements": rs}
}

func with(in map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range in {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}

func codes(t *testing.T, res *testkit.Response) []string {
	t.Helper()
	return res.Codes()
}

func decode(t *testing.T, res *testkit.Response, out any) {
	t.Helper()
	if len(res.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", res.Errors)
	}
	if err := json.Unmarshal(res.Data, out); err != nil {
		t.Fatal(err)
	}
}
