package authz_test

import (
	"fmt"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Issue 4, "Done when": global IDs of another coop's private objects give
// the same answer as random IDs. For every object an actor may not read, the
// answer to its real ID equals the answer to a well-formed ID of the same
// type that exists nowhere: same HTTP status, same data, same errors.

// fakeID returns an ID of the same type as real (ent gives every type its
// own range) that names no object.
func (f *fixture) fakeID(t *testing.T, real int) int {
	t.Helper()
	fake := real + 1000
	if _, err := f.db.Client.Noder(f.ctx, fake); !ent.IsNotFound(err) {
		t.Fatalf("ID %d should name no object, got err %v", fake, err)
	}
	return fake
}

// assertSameAnswer compares the answers to the real and the fake ID.
func assertSameAnswer(t *testing.T, what string, real, fake *testkit.Response) {
	t.Helper()
	if !sameResponse(real, fake) {
		t.Errorf("%s: a hidden object answers differently from a missing one:\n  hidden:  HTTP %d %s %+v\n  missing: HTTP %d %s %+v",
			what, real.Status, real.Data, real.Errors, fake.Status, fake.Data, fake.Errors)
	}
}

func TestHiddenIDsLookLikeRandomIDs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const node = `query($id: ID!) { node(id: $id) { id __typename } }`
	const nodes = `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`
	checked := 0
	for _, row := range f.rows() {
		for _, o := range row.objects {
			fake := f.fakeID(t, o.id)
			for _, actor := range actors {
				if o.who.has(actor) {
					continue
				}
				c := f.as(actor)
				what := fmt.Sprintf("%s: %s %q", actor, row.typ, o.name)
				assertSameAnswer(t, what+" node(id:)",
					c.Do(node, map[string]any{"id": testkit.ID(o.id)}),
					c.Do(node, map[string]any{"id": testkit.ID(fake)}))
				// nodes(ids:) alone and next to an object the actor reads.
				assertSameAnswer(t, what+" nodes(ids:)",
					c.Do(nodes, map[string]any{"ids": []string{testkit.ID(o.id)}}),
					c.Do(nodes, map[string]any{"ids": []string{testkit.ID(fake)}}))
				visible := f.A.ID
				if p := f.person(actor); p != nil {
					visible = p.ID
				}
				assertSameAnswer(t, what+" nodes(ids:) with a visible one",
					c.Do(nodes, map[string]any{"ids": []string{testkit.ID(visible), testkit.ID(o.id)}}),
					c.Do(nodes, map[string]any{"ids": []string{testkit.ID(visible), testkit.ID(fake)}}))
				checked++
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d hidden (object, actor) pairs checked", checked)
	}
}

func TestHiddenIDsLookLikeRandomIDsInWrites(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		actor string
		query string
		vars  map[string]any
		key   string // the variable holding the hidden ID
	}{
		{participant, `mutation($id: ID!) { updateProject(id: $id, input: {description: "x"}) { project { id } } }`,
			map[string]any{"id": f.P.ID}, "id"},
		{candidate, `mutation($id: ID!) { updateProject(id: $id, input: {description: "x"}) { project { id } } }`,
			map[string]any{"id": f.P.ID}, "id"},
		{netAdmin, `mutation($id: ID!) { updateProject(id: $id, input: {description: "x"}) { project { id } } }`,
			map[string]any{"id": f.P.ID}, "id"},
		{memberOfA, `mutation($id: ID!) { updateProject(id: $id, input: {description: "x"}) { project { id } } }`,
			map[string]any{"id": f.Q.ID}, "id"},
		{anonymous, `mutation($id: ID!) { updateProject(id: $id, input: {description: "x"}) { project { id } } }`,
			map[string]any{"id": f.P.ID}, "id"},
		{memberOfB, `mutation($id: ID!) { updateAvailability(id: $id, input: {hoursPerWeek: 1}) { availability { id } } }`,
			map[string]any{"id": f.AvailMemberA.ID}, "id"},
		{freelancer, `mutation($id: ID!) { updateAvailability(id: $id, input: {hoursPerWeek: 1}) { availability { id } } }`,
			map[string]any{"id": f.AvailMemberA.ID}, "id"},
		{memberOfA, `mutation($id: ID!) { updateCoop(id: $id, input: {city: "x"}) { coop { id } } }`,
			map[string]any{"id": f.C.ID}, "id"},
		{outsider, `mutation($id: ID!) { updateCoop(id: $id, input: {city: "x"}) { coop { id } } }`,
			map[string]any{"id": f.A.ID}, "id"},
		{outsider, `mutation($id: ID!) { updatePerson(id: $id, input: {phone: "1"}) { person { id } } }`,
			map[string]any{"id": f.MemberA.ID}, "id"},
		{outsider, `mutation($id: ID!) { updatePersonSkill(id: $id, input: {level: 1}) { personSkill { id } } }`,
			map[string]any{"id": f.PersonSkillA.ID}, "id"},
		{memberOfA, `mutation($c: ID!) { createProject(input: {leadCoopID: $c, name: "x", clientName: "y", totalBudget: {amount: 1, currency: "EUR"}}) { project { id } } }`,
			map[string]any{"c": f.C.ID}, "c"},
		{outsider, `mutation($p: ID!) { createAvailability(input: {personID: $p, hoursPerWeek: 1, availableFrom: "2027-01-01T00:00:00Z"}) { availability { id } } }`,
			map[string]any{"p": f.MemberA.ID}, "p"},
		{netAdmin, `mutation($n: ID!) { createSkill(input: {networkID: $n, name: "Zig", competenceArea: "Systems"}) { skill { id } } }`,
			map[string]any{"n": f.N2.ID}, "n"},
		{outsider, `mutation($n: ID!) { createGroup(input: {networkID: $n, kind: CITY, name: "Dresden"}) { group { id } } }`,
			map[string]any{"n": f.N.ID}, "n"},
	} {
		real, fake := map[string]any{}, map[string]any{}
		for k, v := range tc.vars {
			real[k], fake[k] = testkit.ID(v.(int)), testkit.ID(v.(int))
		}
		fake[tc.key] = testkit.ID(f.fakeID(t, tc.vars[tc.key].(int)))
		before := f.rowCounts()
		c := f.as(tc.actor)
		r1, r2 := c.Do(tc.query, real), c.Do(tc.query, fake)
		assertSameAnswer(t, tc.actor+" "+tc.query, r1, r2)
		want := "NOT_FOUND"
		if tc.actor == anonymous {
			want = "UNAUTHENTICATED"
		}
		if len(r1.Errors) != 1 || r1.Errors[0].Code() != want {
			t.Errorf("%s %s: want %s, got %+v", tc.actor, tc.query, want, r1.Errors)
		}
		testkit.NothingWritten(t, before, f.rowCounts())
	}

	// The contrast: an object the actor reads but may not change is
	// FORBIDDEN, which is allowed to differ from a missing one.
	for _, tc := range []struct {
		actor string
		query string
		id    int
	}{
		{memberOfB, `mutation($id: ID!) { updateProject(id: $id, input: {description: "x"}) { project { id } } }`, f.P.ID},
		{freelancer, `mutation($id: ID!) { updateProject(id: $id, input: {description: "x"}) { project { id } } }`, f.P.ID},
		{participant, `mutation($id: ID!) { updatePerson(id: $id, input: {phone: "1"}) { person { id } } }`, f.MemberA.ID},
		{memberOfA, `mutation($id: ID!) { updateCoop(id: $id, input: {city: "x"}) { coop { id } } }`, f.B.ID},
	} {
		c := f.as(tc.actor)
		expectCode(t, c.Do(tc.query, map[string]any{"id": testkit.ID(tc.id)}), "FORBIDDEN")
		expectCode(t, c.Do(tc.query, map[string]any{"id": testkit.ID(f.fakeID(t, tc.id))}), "NOT_FOUND")
	}
	// And the lead coop's member changes the project.
	testkit.OK(t, f.as(memberOfA).Do(`mutation($id: ID!) { updateProject(id: $id, input: {description: "ok"}) { project { description } } }`,
		map[string]any{"id": testkit.ID(f.P.ID)}), nil)
}
