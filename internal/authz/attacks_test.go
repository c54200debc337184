package authz_test

import (
	"context"
	"errors"
	"github.com/coopnetwork/cockpit/internal/testkit"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Issue 14: the generic create/update inputs linked, unlinked or cleared
// rows of other types with only the mutated type's permission. Each attack
// below worked before; now the relation is either gone from the generic
// input (changed only by a domain operation) or decided by the edge rule of
// the other side (authz/edges.go). Nothing is written in either case.

// edgeAttack is one attack on a relation input: the actor, the request and
// the refusal it must get (extensions.field when set).
type edgeAttack struct {
	name, actor, query string
	vars               map[string]any
	code, field        string
}

// edgeAttacks builds what the attacks need in f and returns them.
func (f *fixture) edgeAttacks() []edgeAttack {
	c, ctx := f.db.Client, f.ctx
	// A second network founded by the network admin, and a skill tree in N.
	n3 := struct {
		CreateNetwork struct{ Network struct{ ID string } }
	}{}
	f.as(netAdmin).MustDo(`mutation { createNetwork(input: {name: "N3", slug: "n3"}) { network { id } } }`, nil, &n3)
	child := testkit.MustOrPanic(c.Skill.Create().SetNetwork(f.N).SetName("Gin").SetCompetenceArea("Backend").SetParent(f.Skill).Save(ctx))
	// memberA takes part in N3 in person (not with coop A), so N3 and its
	// groups are readable to them: refusals there are FORBIDDEN.
	n3ID := testkit.MustOrPanic(c.Network.Query().Where(network.Slug("n3")).OnlyID(ctx))
	testkit.MustOrPanic(c.NetworkMembership.Create().SetNetworkID(n3ID).SetPersonID(f.MemberA.ID).Save(ctx))
	groupN3 := testkit.MustOrPanic(c.Group.Create().SetNetworkID(n3ID).SetKind("CITY").SetName("Dresden").Save(ctx))
	// Coop D, of which the network admin is a MEMBER, outside N: N has
	// coops already, so D joins only by application and decision.
	coopD := testkit.MustOrPanic(c.Coop.Create().SetName("Coop D").SetSlug("coop-d").Save(ctx))
	testkit.MustOrPanic(c.Membership.Create().SetPersonID(f.Admin.ID).SetCoop(coopD).SetState("MEMBER").Save(ctx))
	// N4, administered by the network admin, whose only coop is D.
	n4 := testkit.MustOrPanic(c.Network.Create().SetName("N4").SetSlug("n4").AddCoops(coopD).Save(ctx))
	testkit.MustOrPanic(c.NetworkMembership.Create().SetNetworkID(n4.ID).SetPersonID(f.Admin.ID).SetRole("ADMIN").Save(ctx))
	projectOutside := testkit.MustOrPanic(c.Project.Create().SetLeadCoop(f.B).SetName("B's private project").SetClientName("Client").
		SetTotalBudgetCents(1000).Save(ctx))

	return []edgeAttack{
		// Relations removed from the generic inputs: the request is
		// refused before it runs.
		{name: "admin detaches other coops' projects", actor: netAdmin,
			query: `mutation($id: ID!, $p: ID!) { updateNetwork(id: $id, input: {removeProjectIDs: [$p]}) { network { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.N.ID), "p": testkit.ID(f.Q.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "admin clears the network's projects", actor: netAdmin,
			query: `mutation($id: ID!) { updateNetwork(id: $id, input: {clearProjects: true}) { network { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.N.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "new network takes another coop's project", actor: memberOfB,
			query: `mutation($p: ID!) { createNetwork(input: {name: "x", slug: "x-net", projectIDs: [$p]}) { network { id } } }`,
			vars:  map[string]any{"p": testkit.ID(projectOutside.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "new skill adopts another network's skill as child", actor: netAdmin,
			query: `mutation($n: ID!, $s: ID!) { createSkill(input: {networkID: $n, name: "Systems", competenceArea: "x", childIDs: [$s]}) { skill { id } } }`,
			vars:  map[string]any{"n": n3.CreateNetwork.Network.ID, "s": testkit.ID(f.Skill.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "updateSkill takes children", actor: netAdmin,
			query: `mutation($id: ID!, $s: ID!) { updateSkill(id: $id, input: {addChildIDs: [$s]}) { skill { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.Skill.ID), "s": testkit.ID(child.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "updateSkill clears children", actor: netAdmin,
			query: `mutation($id: ID!) { updateSkill(id: $id, input: {clearChildren: true}) { skill { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.Skill.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "new network enrols persons", actor: netAdmin,
			query: `mutation($p: ID!) { createNetwork(input: {name: "x", slug: "x-net", participantIDs: [$p]}) { network { id } } }`,
			vars:  map[string]any{"p": testkit.ID(f.MemberA.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "admin removes participants", actor: netAdmin,
			query: `mutation($id: ID!, $p: ID!) { updateNetwork(id: $id, input: {removeParticipantIDs: [$p]}) { network { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.N.ID), "p": testkit.ID(f.MemberA.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "admin clears participants", actor: netAdmin,
			query: `mutation($id: ID!) { updateNetwork(id: $id, input: {clearParticipants: true}) { network { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.N.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "admin moves a group into the network", actor: netAdmin,
			query: `mutation($id: ID!, $g: ID!) { updateNetwork(id: $id, input: {addGroupIDs: [$g]}) { network { id } } }`,
			vars:  map[string]any{"id": n3.CreateNetwork.Network.ID, "g": testkit.ID(f.Group.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "admin enrols persons in a group", actor: netAdmin,
			query: `mutation($id: ID!, $p: ID!) { updateGroup(id: $id, input: {addMemberIDs: [$p]}) { group { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.Group.ID), "p": testkit.ID(f.MemberA.ID)}, code: "GRAPHQL_VALIDATION_FAILED"},

		// Relations kept in the inputs, decided by the other side's rule.
		{name: "admin clears the network's coops", actor: netAdmin,
			query: `mutation($id: ID!) { updateNetwork(id: $id, input: {clearCoops: true}) { network { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.N.ID)}, code: "FORBIDDEN", field: "clearCoops"},
		{name: "admin takes the network's last coop out (its next coops would join without a decision)", actor: netAdmin,
			query: `mutation($id: ID!, $c: ID!) { updateNetwork(id: $id, input: {removeCoopIDs: [$c]}) { network { id } } }`,
			vars:  map[string]any{"id": testkit.ID(n4.ID), "c": testkit.ID(coopD.ID)}, code: "FORBIDDEN", field: "removeCoopIDs"},
		{name: "admin removes a coop that is not theirs", actor: netAdmin,
			query: `mutation($id: ID!, $c: ID!) { updateNetwork(id: $id, input: {removeCoopIDs: [$c]}) { network { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.N.ID), "c": testkit.ID(f.B.ID)}, code: "FORBIDDEN", field: "removeCoopIDs"},
		{name: "skill placed under another network's skill", actor: netAdmin,
			query: `mutation($n: ID!, $s: ID!) { createSkill(input: {networkID: $n, name: "Echo", competenceArea: "x", parentID: $s}) { skill { id } } }`,
			vars:  map[string]any{"n": n3.CreateNetwork.Network.ID, "s": testkit.ID(f.Skill.ID)}, code: "FORBIDDEN", field: "parentID"},
		{name: "skill placed under its own child (a cycle)", actor: netAdmin,
			query: `mutation($id: ID!, $s: ID!) { updateSkill(id: $id, input: {parentID: $s}) { skill { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.Skill.ID), "s": testkit.ID(child.ID)}, code: "FORBIDDEN", field: "parentID"},
		{name: "skill placed under itself", actor: netAdmin,
			query: `mutation($id: ID!) { updateSkill(id: $id, input: {parentID: $id}) { skill { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.Skill.ID)}, code: "FORBIDDEN", field: "parentID"},
		{name: "project announced in a hidden network", actor: memberOfA,
			query: `mutation($id: ID!, $n: ID!) { updateProject(id: $id, input: {networkID: $n}) { project { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.P.ID), "n": testkit.ID(f.N2.ID)}, code: "NOT_FOUND", field: "networkID"},
		{name: "project announced in a readable network its lead coop is not in", actor: memberOfA,
			query: `mutation($id: ID!, $n: ID!) { updateProject(id: $id, input: {networkID: $n}) { project { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.P.ID), "n": testkit.ID(n3ID)}, code: "FORBIDDEN", field: "networkID"},
		{name: "coop enters a readable group of a network it is not in", actor: memberOfA,
			query: `mutation($id: ID!, $g: ID!) { updateCoop(id: $id, input: {addGroupIDs: [$g]}) { coop { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.A.ID), "g": testkit.ID(groupN3.ID)}, code: "FORBIDDEN", field: "addGroupIDs"},
		{name: "coop enters a group of a network it is not in", actor: memberOfA,
			query: `mutation($id: ID!, $g: ID!) { updateCoop(id: $id, input: {addGroupIDs: [$g]}) { coop { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.A.ID), "g": testkit.ID(testkit.MustOrPanic(c.Group.Create().SetNetworkID(f.N2.ID).SetKind("CITY").SetName("Hamburg").Save(ctx)).ID)},
			code:  "NOT_FOUND", field: "addGroupIDs"},
		{name: "person joins a group of a network they are not in", actor: freelancer,
			query: `mutation($id: ID!, $g: ID!) { updatePerson(id: $id, input: {addGroupIDs: [$g]}) { person { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.Freelancer.ID), "g": testkit.ID(testkit.MustOrPanic(c.Group.Create().SetNetworkID(f.N2.ID).SetKind("WORKING").SetName("AG Infra").Save(ctx)).ID)},
			code:  "NOT_FOUND", field: "addGroupIDs"},
		{name: "new network takes a coop that is not the founder's", actor: memberOfB,
			query: `mutation($c: ID!) { createNetwork(input: {name: "x", slug: "x-net", coopIDs: [$c]}) { network { id } } }`,
			vars:  map[string]any{"c": testkit.ID(f.A.ID)}, code: "FORBIDDEN", field: "coopIDs"},
		{name: "admin adds a coop that is not theirs", actor: netAdmin,
			query: `mutation($id: ID!, $c: ID!) { updateNetwork(id: $id, input: {addCoopIDs: [$c]}) { network { id } } }`,
			vars:  map[string]any{"id": n3.CreateNetwork.Network.ID, "c": testkit.ID(f.B.ID)}, code: "FORBIDDEN", field: "addCoopIDs"},
		{name: "admin brings their own coop into a network that has coops (joining takes a decision)", actor: netAdmin,
			query: `mutation($id: ID!, $c: ID!) { updateNetwork(id: $id, input: {addCoopIDs: [$c]}) { network { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.N.ID), "c": testkit.ID(coopD.ID)}, code: "FORBIDDEN", field: "addCoopIDs"},
		{name: "person records a skill of another network", actor: memberOfA,
			query: `mutation($p: ID!, $s: ID!) { createPersonSkill(input: {personID: $p, skillID: $s, level: 2}) { personSkill { id } } }`,
			vars:  map[string]any{"p": testkit.ID(f.MemberA.ID), "s": testkit.ID(f.Skill2.ID)}, code: "NOT_FOUND", field: "skillID"},
		{name: "a non-member takes a coop out of its groups", actor: memberOfB,
			query: `mutation($id: ID!, $g: ID!) { updateCoop(id: $id, input: {removeGroupIDs: [$g]}) { coop { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.A.ID), "g": testkit.ID(f.Group.ID)}, code: "FORBIDDEN"},
		{name: "a non-member clears a coop's groups", actor: memberOfB,
			query: `mutation($id: ID!) { updateCoop(id: $id, input: {clearGroups: true}) { coop { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.A.ID)}, code: "FORBIDDEN"},
		{name: "someone takes another person out of a group", actor: netAdmin,
			query: `mutation($id: ID!, $g: ID!) { updatePerson(id: $id, input: {removeGroupIDs: [$g]}) { person { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.Participant.ID), "g": testkit.ID(f.Group.ID)}, code: "FORBIDDEN"},
		{name: "someone clears another person's groups", actor: netAdmin,
			query: `mutation($id: ID!) { updatePerson(id: $id, input: {clearGroups: true}) { person { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.Participant.ID)}, code: "FORBIDDEN"},
		{name: "a partner withdraws the lead coop's project from its network", actor: memberOfB,
			query: `mutation($id: ID!) { updateProject(id: $id, input: {clearNetwork: true}) { project { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.P.ID)}, code: "FORBIDDEN"},
		{name: "a participant takes a skill out of the tree", actor: participant,
			query: `mutation($id: ID!) { updateSkill(id: $id, input: {clearParent: true}) { skill { id } } }`,
			vars:  map[string]any{"id": testkit.ID(child.ID)}, code: "FORBIDDEN"},
		{name: "a participant renames a skill", actor: participant,
			query: `mutation($id: ID!) { updateSkill(id: $id, input: {name: "Golang"}) { skill { id } } }`,
			vars:  map[string]any{"id": testkit.ID(f.Skill.ID)}, code: "FORBIDDEN"},
	}
}

// TestEdgeInputAttacks runs every attack of the issue over HTTP.
func TestEdgeInputAttacks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c, ctx := f.db.Client, f.ctx
	for _, tc := range f.edgeAttacks() {
		t.Run(tc.name, func(t *testing.T) {
			before := f.rowCounts()
			res := f.as(tc.actor).Do(tc.query, tc.vars)
			e := expectCode(t, res, tc.code)
			if tc.field != "" && e.Extensions["field"] != tc.field {
				t.Errorf("extensions.field = %v, want %s (%s)", e.Extensions["field"], tc.field, e.Message)
			}
			testkit.NothingWritten(t, before, f.rowCounts())
		})
	}
	// The project outside any network stayed there, Q stayed in N.
	if p := testkit.MustOrPanic(c.Project.Query().Where(project.Name("B's private project")).Only(ctx)); p.NetworkID != nil {
		t.Errorf("project moved into network %d", *p.NetworkID)
	}
	if q := testkit.MustOrPanic(c.Project.Get(ctx, f.Q.ID)); q.NetworkID == nil || *q.NetworkID != f.N.ID {
		t.Errorf("Q left network N: %v", q.NetworkID)
	}
}

// TestEdgeRulesAllowTheOwnersAct: the relations kept in the inputs still
// work for those whose act they are.
func TestEdgeRulesAllowTheOwnersAct(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c, ctx := f.db.Client, f.ctx
	child := testkit.MustOrPanic(c.Skill.Create().SetNetwork(f.N).SetName("Gin").SetCompetenceArea("Backend").Save(ctx))
	g2 := testkit.MustOrPanic(c.Group.Create().SetNetworkID(f.N.ID).SetKind("WORKING").SetName("AG Web").Save(ctx))
	for _, tc := range []struct {
		name, actor, query string
		vars               map[string]any
	}{
		{"admin places a skill under another of the network", netAdmin,
			`mutation($id: ID!, $s: ID!) { updateSkill(id: $id, input: {parentID: $s}) { skill { id } } }`,
			map[string]any{"id": testkit.ID(child.ID), "s": testkit.ID(f.Skill.ID)}},
		{"admin takes a skill out of the tree", netAdmin,
			`mutation($id: ID!) { updateSkill(id: $id, input: {clearParent: true}) { skill { id } } }`,
			map[string]any{"id": testkit.ID(child.ID)}},
		{"a coop's member enters it into a group of its network", memberOfA,
			`mutation($id: ID!, $g: ID!) { updateCoop(id: $id, input: {addGroupIDs: [$g]}) { coop { id } } }`,
			map[string]any{"id": testkit.ID(f.A.ID), "g": testkit.ID(g2.ID)}},
		{"and takes it out again", memberOfA,
			`mutation($id: ID!, $g: ID!) { updateCoop(id: $id, input: {removeGroupIDs: [$g]}) { coop { id } } }`,
			map[string]any{"id": testkit.ID(f.A.ID), "g": testkit.ID(g2.ID)}},
		{"a participant joins a group", participant,
			`mutation($id: ID!, $g: ID!) { updatePerson(id: $id, input: {addGroupIDs: [$g]}) { person { id } } }`,
			map[string]any{"id": testkit.ID(f.Participant.ID), "g": testkit.ID(g2.ID)}},
		{"and leaves all groups", participant,
			`mutation($id: ID!) { updatePerson(id: $id, input: {clearGroups: true}) { person { id } } }`,
			map[string]any{"id": testkit.ID(f.Participant.ID)}},
		{"the lead coop withdraws its project from the network", memberOfA,
			`mutation($id: ID!) { updateProject(id: $id, input: {clearNetwork: true}) { project { id } } }`,
			map[string]any{"id": testkit.ID(f.P.ID)}},
		{"and announces it again", memberOfA,
			`mutation($id: ID!, $n: ID!) { updateProject(id: $id, input: {networkID: $n}) { project { id } } }`,
			map[string]any{"id": testkit.ID(f.P.ID), "n": testkit.ID(f.N.ID)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.OK(t, f.as(tc.actor).Do(tc.query, tc.vars), nil)
		})
	}
	if s := testkit.MustOrPanic(c.Skill.Get(ctx, child.ID)); s.ParentID != nil {
		t.Errorf("parent still set: %d", *s.ParentID)
	}
	if n := testkit.MustOrPanic(c.Person.QueryGroups(f.Participant).Count(ctx)); n != 0 {
		t.Errorf("%d group members left after clearGroups", n)
	}
}

// TestEdgeRulesHoldBelowTheAPI: the policy refuses the same writes from any
// code path that acts for a viewer, not just the generated inputs; a write
// under no rule and no permission is refused too.
func TestEdgeRulesHoldBelowTheAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.db.Client
	v, err := authz.LoadViewer(context.Background(), c, f.Admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	admin := viewer.NewContext(context.Background(), v)
	for name, write := range map[string]func() error{
		"clear projects":     func() error { return c.Network.UpdateOneID(f.N.ID).ClearProjects().Exec(admin) },
		"remove participant": func() error { return c.Network.UpdateOneID(f.N.ID).RemoveParticipantIDs(f.MemberA.ID).Exec(admin) },
		"add skill":          func() error { return c.Network.UpdateOneID(f.N.ID).AddSkillIDs(f.Skill2.ID).Exec(admin) },
		"group members":      func() error { return c.Group.UpdateOneID(f.Group.ID).AddMemberIDs(f.MemberA.ID).Exec(admin) },
		// A read past the filters is no licence to write.
		"vote under a system read": func() error {
			return c.Vote.UpdateOneID(f.VoteAdmA.ID).SetReason("x").Exec(authz.SystemRead(admin))
		},
	} {
		before := f.rowCounts()
		err := write()
		var ae *apperr.Error
		if err == nil || !ent.IsNotFound(err) && !errors.As(err, &ae) {
			t.Errorf("%s: want a refusal, got %v", name, err)
		}
		testkit.NothingWritten(t, before, f.rowCounts())
	}
}
