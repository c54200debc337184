// Package archive_test checks archive instead of delete (issue 16) end to
// end: real HTTP requests with real tokens against the real handler, on
// SQLite and (with COCKPIT_TEST_DATABASE) on PostgreSQL.
package archive_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/internal/archive"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// world is a network with an admin, a coop with a member and a candidate,
// an outsider of the coop, and one object of every archivable type, each
// with history that must survive archiving.
type world struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	ec  *ent.Client
	c   *testkit.Client
	seq int

	net                                           *ent.Network
	admin, member, colleague, candidate, outsider *ent.Person
	coop, other                                   *ent.Coop
	project, proposed                             *ent.Project
	group                                         *ent.Group
	skill                                         *ent.Skill
	template                                      *ent.MilestoneTemplate
	avail                                         *ent.Availability
	candidacy                                     *ent.Membership
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	w := &world{t: t, ctx: testkit.System(context.Background()), db: db, ec: db.Client,
		c: testkit.NewServerWithClock(t, db, clock.NewFake(t0))}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	w.net = testkit.Must(w.ec.Network.Create().SetName("Netz").SetSlug("netz").Save(w.ctx))(t)
	w.admin = w.person("Admin", networkmembership.RoleADMIN)
	w.member = w.person("Member", networkmembership.RolePARTICIPANT)
	w.colleague = w.person("Colleague", networkmembership.RolePARTICIPANT)
	w.candidate = w.person("Candidate", networkmembership.RolePARTICIPANT)
	w.outsider = w.person("Outsider", networkmembership.RolePARTICIPANT)
	w.coop = testkit.Must(w.ec.Coop.Create().SetName("Kollektiv").SetSlug("kollektiv").AddNetworks(w.net).Save(w.ctx))(t)
	w.other = testkit.Must(w.ec.Coop.Create().SetName("Andere").SetSlug("andere").AddNetworks(w.net).Save(w.ctx))(t)
	since := t0.AddDate(-2, 0, 0)
	testkit.Must(w.ec.Membership.Create().SetPerson(w.member).SetCoop(w.coop).SetState(membership.StateMEMBER).SetStateSince(since).SetJoinedAt(since).Save(w.ctx))(t)
	testkit.Must(w.ec.Membership.Create().SetPerson(w.colleague).SetCoop(w.coop).SetState(membership.StateMEMBER).SetStateSince(since).SetJoinedAt(since).Save(w.ctx))(t)
	testkit.Must(w.ec.Membership.Create().SetPerson(w.outsider).SetCoop(w.other).SetState(membership.StateMEMBER).SetStateSince(since).SetJoinedAt(since).Save(w.ctx))(t)
	w.candidacy = testkit.Must(w.ec.Membership.Create().SetPerson(w.candidate).SetCoop(w.coop).SetState(membership.StateCANDIDATE).SetStateSince(since).SetJoinedAt(since).Save(w.ctx))(t)

	// A finished project with a share and logged time (its budget report).
	w.project = testkit.Must(w.ec.Project.Create().SetLeadCoop(w.coop).SetName("Shop").SetClientName("Kunde").
		SetTotalBudgetCents(100_000).SetStatus(project.StatusACTIVE).SetStartsOn(t0.AddDate(0, -2, 0)).Save(w.ctx))(t)
	share := testkit.Must(w.ec.BudgetShare.Create().SetProject(w.project).SetCoop(w.coop).SetAmountCents(50_000).
		SetHourlyRateCents(6_000).SetCurrency("EUR").Save(w.ctx))(t)
	// The other coop is a partner: its members read the project.
	testkit.Must(w.ec.BudgetShare.Create().SetProject(w.project).SetCoop(w.other).SetAmountCents(10_000).
		SetHourlyRateCents(6_000).SetCurrency("EUR").Save(w.ctx))(t)
	testkit.Must(w.ec.TimeEntry.Create().SetProject(w.project).SetShare(share).SetPersonID(w.member.ID).
		SetDate(t0.AddDate(0, 0, -10).Truncate(24 * time.Hour)).SetMinutes(120).Save(w.ctx))(t)
	must(w.ec.Project.UpdateOne(w.project).SetStatus(project.StatusCOMPLETED).Exec(w.ctx))
	w.proposed = testkit.Must(w.ec.Project.Create().SetLeadCoop(w.coop).SetName("Idee").SetClientName("Kunde").
		SetTotalBudgetCents(1_000).Save(w.ctx))(t)

	w.group = testkit.Must(w.ec.Group.Create().SetNetwork(w.net).SetName("Leipzig").SetSlug("leipzig").SetKind("CITY").AddMembers(w.member).Save(w.ctx))(t)
	w.skill = testkit.Must(w.ec.Skill.Create().SetNetwork(w.net).SetName("Go").SetCompetenceArea("Tech").Save(w.ctx))(t)
	testkit.Must(w.ec.PersonSkill.Create().SetPerson(w.member).SetSkill(w.skill).SetLevel(4).SetYears(4).Save(w.ctx))(t)
	w.template = testkit.Must(w.ec.MilestoneTemplate.Create().SetCoop(w.coop).SetName("Buddy talk").Save(w.ctx))(t)
	testkit.Must(w.ec.MilestoneProgress.Create().SetMembership(w.candidacy).SetTemplate(w.template).SetCompletedAt(t0.AddDate(0, 0, -3)).Save(w.ctx))(t)
	w.avail = testkit.Must(w.ec.Availability.Create().SetPerson(w.member).SetHoursPerWeek(20).SetAvailableFrom(t0).Save(w.ctx))(t)
	return w
}

func (w *world) person(name string, role networkmembership.Role) *ent.Person {
	w.seq++
	p := testkit.Must(w.ec.Person.Create().SetName(name).SetEmail(fmt.Sprintf("p%d@example.org", w.seq)).Save(w.ctx))(w.t)
	testkit.Must(w.ec.NetworkMembership.Create().SetNetwork(w.net).SetPerson(p).SetRole(role).Save(w.ctx))(w.t)
	return p
}

func (w *world) as(p *ent.Person) *testkit.Client { return w.c.As(p.ID) }

const (
	archiveQ = `mutation($id: ID!) { archive(id: $id) { node { id __typename
		... on Project { archivedAt } ... on Group { archivedAt } ... on Skill { archivedAt }
		... on MilestoneTemplate { archivedAt } ... on Availability { archivedAt } ... on Coop { archivedAt } } } }`
	restoreQ = `mutation($id: ID!) { restore(id: $id) { node { id } } }`
	nodeQ    = `query($id: ID!) { node(id: $id) { id } }`
)

// ids lists a connection's node IDs and checks totalCount agrees with them.
type conn struct {
	TotalCount int
	Edges      []struct{ Node struct{ ID string } }
}

func (c conn) ids() []string {
	var out []string
	for _, e := range c.Edges {
		out = append(out, e.Node.ID)
	}
	return out
}

// list reads one list field of a node (its parent), with includeArchived
// as given, and returns the IDs; totalCount must match the page.
func (w *world) list(cl *testkit.Client, parent int, typ, field string, include bool) []string {
	w.t.Helper()
	q := fmt.Sprintf(`query($p: ID!, $inc: Boolean) { node(id: $p) { ... on %s { l: %s(includeArchived: $inc) { totalCount edges { node { id } } } } } }`, typ, field)
	var out struct{ Node struct{ L conn } }
	testkit.OK(w.t, cl.Do(q, map[string]any{"p": testkit.ID(parent), "inc": include}), &out)
	if out.Node.L.TotalCount != len(out.Node.L.Edges) {
		w.t.Errorf("%s.%s: totalCount %d, %d edges", typ, field, out.Node.L.TotalCount, len(out.Node.L.Edges))
	}
	return out.Node.L.ids()
}

// rootList reads a root connection of Query.
func (w *world) rootList(cl *testkit.Client, field string, include bool) []string {
	w.t.Helper()
	q := fmt.Sprintf(`query($inc: Boolean) { l: %s(includeArchived: $inc) { totalCount edges { node { id } } } }`, field)
	var out struct{ L conn }
	testkit.OK(w.t, cl.Do(q, map[string]any{"inc": include}), &out)
	if out.L.TotalCount != len(out.L.Edges) {
		w.t.Errorf("%s: totalCount %d, %d edges", field, out.L.TotalCount, len(out.L.Edges))
	}
	return out.L.ids()
}

type listRef struct {
	parent     func(w *world) int // 0: a root field of Query
	typ, field string
}

// TestArchiveRestore archives and restores one object of every archivable
// type: refused actors change nothing, the allowed actor's archive takes
// the object out of its lists (in with includeArchived), node(id:) still
// finds it, its history stays, and restore brings it back.
func TestArchiveRestore(t *testing.T) {
	cases := []struct {
		name    string
		obj     func(w *world) int
		actor   func(w *world) *ent.Person
		refused map[string]func(w *world) *ent.Person // code → actor
		lists   []listRef
		history func(t *testing.T, w *world, cl *testkit.Client)
	}{
		{
			name: "project", obj: func(w *world) int { return w.project.ID },
			actor: func(w *world) *ent.Person { return w.member },
			refused: map[string]func(w *world) *ent.Person{
				"NOT_FOUND": func(w *world) *ent.Person { return w.candidate }, // cannot read the project
				"FORBIDDEN": func(w *world) *ent.Person { return w.outsider },  // a partner coop's member reads it
			},
			lists: []listRef{
				{func(w *world) int { return w.coop.ID }, "Coop", "ledProjects"},
				{nil, "", "projects"},
			},
			history: func(t *testing.T, w *world, cl *testkit.Client) {
				var out struct{ Node struct{ TimeEntries conn } }
				testkit.OK(t, cl.Do(`query($id: ID!) { node(id: $id) { ... on Project { timeEntries { totalCount edges { node { id } } } } } }`,
					map[string]any{"id": testkit.ID(w.project.ID)}), &out)
				if out.Node.TimeEntries.TotalCount != 1 {
					t.Errorf("archived project's time entries: %d, want 1", out.Node.TimeEntries.TotalCount)
				}
			},
		},
		{
			name: "group", obj: func(w *world) int { return w.group.ID },
			actor: func(w *world) *ent.Person { return w.admin },
			refused: map[string]func(w *world) *ent.Person{
				"FORBIDDEN": func(w *world) *ent.Person { return w.member },
			},
			lists: []listRef{
				{func(w *world) int { return w.net.ID }, "Network", "groups"},
				{func(w *world) int { return w.member.ID }, "Person", "groups"},
				{nil, "", "groups"},
			},
			history: func(t *testing.T, w *world, cl *testkit.Client) {
				var out struct{ Node struct{ Members conn } }
				testkit.OK(t, cl.Do(`query($id: ID!) { node(id: $id) { ... on Group { members { totalCount edges { node { id } } } } } }`,
					map[string]any{"id": testkit.ID(w.group.ID)}), &out)
				if out.Node.Members.TotalCount != 1 {
					t.Errorf("archived group's members: %d, want 1", out.Node.Members.TotalCount)
				}
			},
		},
		{
			name: "skill", obj: func(w *world) int { return w.skill.ID },
			actor: func(w *world) *ent.Person { return w.admin },
			refused: map[string]func(w *world) *ent.Person{
				"FORBIDDEN": func(w *world) *ent.Person { return w.member },
			},
			lists: []listRef{
				{func(w *world) int { return w.net.ID }, "Network", "skills"},
				{func(w *world) int { return w.member.ID }, "Person", "skills"},
				{nil, "", "skills"},
			},
			history: func(t *testing.T, w *world, cl *testkit.Client) {
				// The person keeps their level of the archived skill.
				var out struct{ Node struct{ PersonSkills conn } }
				testkit.OK(t, cl.Do(`query($id: ID!) { node(id: $id) { ... on Person { personSkills { totalCount edges { node { id } } } } } }`,
					map[string]any{"id": testkit.ID(w.member.ID)}), &out)
				if out.Node.PersonSkills.TotalCount != 1 {
					t.Errorf("person skills after archiving the skill: %d, want 1", out.Node.PersonSkills.TotalCount)
				}
			},
		},
		{
			name: "milestone template", obj: func(w *world) int { return w.template.ID },
			actor: func(w *world) *ent.Person { return w.member },
			refused: map[string]func(w *world) *ent.Person{
				"NOT_FOUND": func(w *world) *ent.Person { return w.outsider },
				"FORBIDDEN": func(w *world) *ent.Person { return w.candidate },
			},
			lists: []listRef{{func(w *world) int { return w.coop.ID }, "Coop", "milestoneTemplates"}},
			history: func(t *testing.T, w *world, cl *testkit.Client) {
				var out struct {
					Node struct {
						Milestones struct {
							Edges []struct{ Node struct{ CompletedAt *string } }
						}
					}
				}
				testkit.OK(t, cl.Do(`query($id: ID!) { node(id: $id) { ... on Membership { milestones { edges { node { completedAt } } } } } }`,
					map[string]any{"id": testkit.ID(w.candidacy.ID)}), &out)
				if m := out.Node.Milestones.Edges; len(m) != 1 || m[0].Node.CompletedAt == nil {
					t.Errorf("completed progress of the retired template: %+v, want it kept", out.Node.Milestones)
				}
			},
		},
		{
			name: "availability", obj: func(w *world) int { return w.avail.ID },
			actor: func(w *world) *ent.Person { return w.member },
			refused: map[string]func(w *world) *ent.Person{
				"NOT_FOUND": func(w *world) *ent.Person { return w.admin },
				"FORBIDDEN": func(w *world) *ent.Person { return w.colleague }, // reads the window, may not archive it
			},
			lists: []listRef{{func(w *world) int { return w.member.ID }, "Person", "availabilities"}},
		},
		{
			name: "coop", obj: func(w *world) int { return w.coop.ID },
			actor: func(w *world) *ent.Person { return w.member },
			refused: map[string]func(w *world) *ent.Person{
				"FORBIDDEN": func(w *world) *ent.Person { return w.candidate },
			},
			lists: []listRef{
				{func(w *world) int { return w.net.ID }, "Network", "coops"},
				{nil, "", "coops"},
			},
			history: func(t *testing.T, w *world, cl *testkit.Client) {
				var out struct{ Node struct{ LedProjects conn } }
				testkit.OK(t, cl.Do(`query($id: ID!) { node(id: $id) { ... on Coop { ledProjects { totalCount edges { node { id } } } } } }`,
					map[string]any{"id": testkit.ID(w.coop.ID)}), &out)
				if out.Node.LedProjects.TotalCount != 2 {
					t.Errorf("archived coop's projects: %d, want 2", out.Node.LedProjects.TotalCount)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			id := tc.obj(w)
			gid := testkit.ID(id)
			actor := w.as(tc.actor(w))
			read := func(l listRef, inc bool) []string {
				if l.parent == nil {
					return w.rootList(actor, l.field, inc)
				}
				return w.list(actor, l.parent(w), l.typ, l.field, inc)
			}
			for _, l := range tc.lists {
				if !slices.Contains(read(l, false), gid) {
					t.Fatalf("%s.%s lacks the object before archiving", l.typ, l.field)
				}
			}
			for code, who := range tc.refused {
				before := testkit.RowCounts(t, w.db)
				testkit.OnlyError(t, w.as(who(w)).Do(archiveQ, map[string]any{"id": gid}), code, "")
				testkit.NothingWritten(t, before, testkit.RowCounts(t, w.db))
			}
			before := testkit.RowCounts(t, w.db)
			var out struct {
				Archive struct {
					Node struct {
						ID, Typename string
						ArchivedAt   *string
					}
				}
			}
			testkit.OK(t, actor.Do(archiveQ, map[string]any{"id": gid}), &out)
			if out.Archive.Node.ID != gid || out.Archive.Node.ArchivedAt == nil {
				t.Fatalf("archive payload %+v", out.Archive.Node)
			}
			after := testkit.RowCounts(t, w.db)
			for table, n := range before {
				if after[table] < n {
					t.Errorf("archiving deleted rows of %s (%d → %d)", table, n, after[table])
				}
			}
			for _, l := range tc.lists {
				if slices.Contains(read(l, false), gid) {
					t.Errorf("%s.%s still lists the archived object", l.typ, l.field)
				}
				if !slices.Contains(read(l, true), gid) {
					t.Errorf("%s.%s(includeArchived: true) lacks the archived object", l.typ, l.field)
				}
			}
			var node struct{ Node *struct{ ID string } }
			testkit.OK(t, actor.Do(nodeQ, map[string]any{"id": gid}), &node)
			if node.Node == nil || node.Node.ID != gid {
				t.Errorf("node(id:) of the archived object: %+v", node.Node)
			}
			if tc.history != nil {
				tc.history(t, w, actor)
			}
			testkit.OnlyError(t, actor.Do(archiveQ, map[string]any{"id": gid}), "CONFLICT", "")
			for code, who := range tc.refused {
				testkit.OnlyError(t, w.as(who(w)).Do(restoreQ, map[string]any{"id": gid}), code, "")
			}
			testkit.OK(t, actor.Do(restoreQ, map[string]any{"id": gid}), nil)
			for _, l := range tc.lists {
				if !slices.Contains(read(l, false), gid) {
					t.Errorf("%s.%s lacks the restored object", l.typ, l.field)
				}
			}
			testkit.OnlyError(t, actor.Do(restoreQ, map[string]any{"id": gid}), "CONFLICT", "")
		})
	}
}

// TestTwoListsOneRequest: two lists of one type in ONE request, one with
// includeArchived and one without, each right; nested under a root list
// (eager-loaded in the parent's query) and under node(id:).
func TestTwoListsOneRequest(t *testing.T) {
	w := newWorld(t)
	testkit.OK(t, w.as(w.member).Do(archiveQ, map[string]any{"id": testkit.ID(w.template.ID)}), nil)
	keep := testkit.Must(w.ec.MilestoneTemplate.Create().SetCoop(w.coop).SetName("Intro").Save(w.ctx))(t)
	var out struct {
		Coops struct {
			Edges []struct {
				Node struct {
					ID       string
					Current  conn
					All      conn
					AllCount struct{ TotalCount int }
					CurCount struct{ TotalCount int }
				}
			}
		}
		Node struct{ Current, All conn }
	}
	testkit.OK(t, w.as(w.member).Do(`query($c: ID!) {
		coops(where: {id: $c}) { edges { node { id
			current: milestoneTemplates { totalCount edges { node { id } } }
			all: milestoneTemplates(includeArchived: true) { totalCount edges { node { id } } }
			curCount: milestoneTemplates(first: 1) { totalCount }
			allCount: milestoneTemplates(first: 1, includeArchived: true) { totalCount }
		} } }
		node(id: $c) { ... on Coop {
			current: milestoneTemplates(first: 10) { totalCount edges { node { id } } }
			all: milestoneTemplates(first: 10, includeArchived: true) { totalCount edges { node { id } } }
		} } }`, map[string]any{"c": testkit.ID(w.coop.ID)}), &out)
	if len(out.Coops.Edges) != 1 {
		t.Fatalf("coops: %+v", out.Coops)
	}
	n := out.Coops.Edges[0].Node
	check := func(where string, current, all conn) {
		t.Helper()
		if got := current.ids(); !slices.Equal(got, []string{testkit.ID(keep.ID)}) || current.TotalCount != 1 {
			t.Errorf("%s: default list %v (totalCount %d), want only the current template", where, got, current.TotalCount)
		}
		if got := all.ids(); len(got) != 2 || !slices.Contains(got, testkit.ID(w.template.ID)) || all.TotalCount != 2 {
			t.Errorf("%s: includeArchived list %v (totalCount %d), want both", where, got, all.TotalCount)
		}
	}
	check("coops { milestoneTemplates }", n.Current, n.All)
	check("node { milestoneTemplates }", out.Node.Current, out.Node.All)
	if n.CurCount.TotalCount != 1 || n.AllCount.TotalCount != 2 {
		t.Errorf("paged totalCounts: %d and %d, want 1 and 2", n.CurCount.TotalCount, n.AllCount.TotalCount)
	}
}

// TestArchivedRefusesNewReferences: an archived object takes no new
// references and no changes (CONFLICT), and nothing is written.
func TestArchivedRefusesNewReferences(t *testing.T) {
	w := newWorld(t)
	newcomer := w.person("Newcomer", networkmembership.RolePARTICIPANT)
	for _, a := range []struct {
		who *ent.Person
		id  int
	}{{w.member, w.proposed.ID}, {w.admin, w.group.ID}, {w.admin, w.skill.ID}, {w.member, w.template.ID}, {w.member, w.avail.ID}} {
		testkit.OK(t, w.as(a.who).Do(archiveQ, map[string]any{"id": testkit.ID(a.id)}), nil)
	}
	cases := []struct {
		name string
		who  *ent.Person
		q    string
		vars map[string]any
	}{
		{"a person skill of an archived skill", newcomer,
			`mutation($p: ID!, $s: ID!) { createPersonSkill(input: {personID: $p, skillID: $s, level: 3}) { personSkill { id } } }`,
			map[string]any{"p": testkit.ID(newcomer.ID), "s": testkit.ID(w.skill.ID)}},
		{"joining an archived group", newcomer,
			`mutation($p: ID!, $g: ID!) { updatePerson(id: $p, input: {addGroupIDs: [$g]}) { person { id } } }`,
			map[string]any{"p": testkit.ID(newcomer.ID), "g": testkit.ID(w.group.ID)}},
		{"completing a retired milestone", w.candidate,
			`mutation($m: ID!, $t: ID!) { completeMilestone(membershipID: $m, templateID: $t, note: "x") { milestoneProgress { id } } }`,
			map[string]any{"m": testkit.ID(w.candidacy.ID), "t": testkit.ID(w.template.ID)}},
		{"changing an archived availability window", w.member,
			`mutation($a: ID!) { updateAvailability(id: $a, input: {hoursPerWeek: 10}) { availability { id } } }`,
			map[string]any{"a": testkit.ID(w.avail.ID)}},
		{"starting an archived project", w.member,
			`mutation($p: ID!) { setProjectStatus(projectID: $p, status: ACTIVE) { project { id } } }`,
			map[string]any{"p": testkit.ID(w.proposed.ID)}},
		{"renaming an archived skill", w.admin,
			`mutation($s: ID!) { updateSkill(id: $s, input: {name: "Golang"}) { skill { id } } }`,
			map[string]any{"s": testkit.ID(w.skill.ID)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := testkit.RowCounts(t, w.db)
			res := w.as(tc.who).Do(tc.q, tc.vars)
			if len(res.Errors) != 1 || res.Errors[0].Code() != "CONFLICT" {
				t.Fatalf("want one CONFLICT, got %+v", res.Errors)
			}
			testkit.NothingWritten(t, before, testkit.RowCounts(t, w.db))
		})
	}

	// An archived coop: nobody joins it, no project is created under it.
	w2 := newWorld(t)
	testkit.OK(t, w2.as(w2.member).Do(`mutation($p: ID!) { setProjectStatus(projectID: $p, status: CANCELLED) { project { id } } }`,
		map[string]any{"p": testkit.ID(w2.proposed.ID)}), nil)
	testkit.OK(t, w2.as(w2.member).Do(archiveQ, map[string]any{"id": testkit.ID(w2.coop.ID)}), nil)
	before := testkit.RowCounts(t, w2.db)
	joiner := w2.person("Joiner", networkmembership.RolePARTICIPANT)
	before = testkit.RowCounts(t, w2.db)
	testkit.OnlyError(t, w2.as(joiner).Do(`mutation($c: ID!) { joinCoop(coopID: $c) { membership { id } } }`,
		map[string]any{"c": testkit.ID(w2.coop.ID)}), "CONFLICT", "")
	res := w2.as(w2.member).Do(`mutation($c: ID!) { createProject(input: {leadCoopID: $c, name: "P", clientName: "K", totalBudget: {amount: 1, currency: "EUR"}}) { project { id } } }`,
		map[string]any{"c": testkit.ID(w2.coop.ID)})
	if len(res.Errors) != 1 || res.Errors[0].Code() != "CONFLICT" {
		t.Fatalf("createProject under an archived coop: want one CONFLICT, got %+v", res.Errors)
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, w2.db))
}

// TestArchiveBlockedWhileRunning: an ACTIVE project, and a coop leading
// one, are not archived (CONFLICT naming what blocks), and nothing changes.
func TestArchiveBlockedWhileRunning(t *testing.T) {
	w := newWorld(t)
	testkit.Must(w.ec.Project.UpdateOne(w.proposed).SetStatus(project.StatusACTIVE).Save(w.ctx))(t)
	for _, tc := range []struct {
		name    string
		id      int
		blocker string
	}{{"active project", w.proposed.ID, "ACTIVE_PROJECT"}, {"coop leading an active project", w.coop.ID, "ACTIVE_PROJECTS"}} {
		t.Run(tc.name, func(t *testing.T) {
			before := testkit.RowCounts(t, w.db)
			e := testkit.OnlyError(t, w.as(w.member).Do(archiveQ, map[string]any{"id": testkit.ID(tc.id)}), "CONFLICT", "")
			b, _ := json.Marshal(e.Extensions["blockedBy"])
			if !json.Valid(b) || !slices.Contains(decodeStrings(b), tc.blocker) {
				t.Errorf("blockedBy %s, want %s (message %q)", b, tc.blocker, e.Message)
			}
			testkit.NothingWritten(t, before, testkit.RowCounts(t, w.db))
		})
	}
}

func decodeStrings(b []byte) []string {
	var s []string
	_ = json.Unmarshal(b, &s)
	return s
}

// TestDeleteAvailability: the person deletes their own mistaken window;
// others cannot, and another type's ID is not deleted.
func TestDeleteAvailability(t *testing.T) {
	w := newWorld(t)
	const del = `mutation($id: ID!) { deleteAvailability(id: $id) { deletedID } }`
	gid := testkit.ID(w.avail.ID)
	for code, who := range map[string]*ent.Person{"FORBIDDEN": w.admin, "NOT_FOUND": w.candidate} {
		before := testkit.RowCounts(t, w.db)
		res := w.as(who).Do(del, map[string]any{"id": gid})
		if len(res.Errors) != 1 || (res.Errors[0].Code() != code && res.Errors[0].Code() != "NOT_FOUND") {
			t.Fatalf("%s: want %s, got %+v", who.Name, code, res.Errors)
		}
		testkit.NothingWritten(t, before, testkit.RowCounts(t, w.db))
	}
	testkit.OnlyError(t, w.as(w.member).Do(del, map[string]any{"id": testkit.ID(w.project.ID)}), "NOT_FOUND", "id")
	var out struct{ DeleteAvailability struct{ DeletedID string } }
	testkit.OK(t, w.as(w.member).Do(del, map[string]any{"id": gid}), &out)
	if out.DeleteAvailability.DeletedID != gid {
		t.Errorf("deletedID %q, want %q", out.DeleteAvailability.DeletedID, gid)
	}
	testkit.OnlyError(t, w.as(w.member).Do(nodeQ, map[string]any{"id": gid}), "NOT_FOUND", "")
	testkit.OnlyError(t, w.as(w.member).Do(del, map[string]any{"id": gid}), "NOT_FOUND", "id")
}

// TestTalentSearchIgnoresArchivedAvailability: an archived availability
// window is no longer offered to the network's talent search.
func TestTalentSearchIgnoresArchivedAvailability(t *testing.T) {
	w := newWorld(t)
	search := func() int {
		t.Helper()
		var out struct {
			Node struct{ TalentSearch struct{ TotalCount int } }
		}
		testkit.OK(t, w.as(w.admin).Do(`query($n: ID!) { node(id: $n) { ... on Network {
			talentSearch(input: {requirements: [{skill: "Go", minLevel: 1}], minHoursPerWeek: 10}) { totalCount } } } }`,
			map[string]any{"n": testkit.ID(w.net.ID)}), &out)
		return out.Node.TalentSearch.TotalCount
	}
	if n := search(); n != 1 {
		t.Fatalf("before archiving: %d matches, want 1", n)
	}
	testkit.OK(t, w.as(w.member).Do(archiveQ, map[string]any{"id": testkit.ID(w.avail.ID)}), nil)
	if n := search(); n != 0 {
		t.Errorf("with the window archived: %d matches, want 0", n)
	}
	testkit.OK(t, w.as(w.member).Do(restoreQ, map[string]any{"id": testkit.ID(w.avail.ID)}), nil)
	if n := search(); n != 1 {
		t.Errorf("restored: %d matches, want 1", n)
	}
}

// TestMergeAndArchivedSkills: nothing is merged into an archived skill
// (CONFLICT, nothing changes); an archived skill is merged into a current
// one like any other, its persons moving over.
func TestMergeAndArchivedSkills(t *testing.T) {
	w := newWorld(t)
	const merge = `mutation($from: ID!, $into: ID!) { mergeSkills(fromID: $from, intoID: $into) { skill { id } } }`
	golang := testkit.Must(w.ec.Skill.Create().SetNetwork(w.net).SetName("Golang").SetCompetenceArea("Tech").Save(w.ctx))(t)
	testkit.OK(t, w.as(w.admin).Do(archiveQ, map[string]any{"id": testkit.ID(w.skill.ID)}), nil)
	before := testkit.RowCounts(t, w.db)
	testkit.OnlyError(t, w.as(w.admin).Do(merge, map[string]any{"from": testkit.ID(golang.ID), "into": testkit.ID(w.skill.ID)}), "CONFLICT", "")
	testkit.NothingWritten(t, before, testkit.RowCounts(t, w.db))
	testkit.OK(t, w.as(w.admin).Do(merge, map[string]any{"from": testkit.ID(w.skill.ID), "into": testkit.ID(golang.ID)}), nil)
	if ids := w.list(w.as(w.admin), w.member.ID, "Person", "skills", false); !slices.Equal(ids, []string{testkit.ID(golang.ID)}) {
		t.Errorf("after merging the archived skill: the person's skills %v, want Golang", ids)
	}
}

// TestArchiveReasonInTheAuditLog: the reason given to archive is kept with
// the archive's audit record, where the coop's members read it; a reason
// over the limit is refused and writes nothing.
func TestArchiveReasonInTheAuditLog(t *testing.T) {
	w := newWorld(t)
	const q = `mutation($id: ID!, $r: String) { archive(id: $id, reason: $r) { node { id } } }`
	gid := testkit.ID(w.project.ID)
	before := testkit.RowCounts(t, w.db)
	testkit.OnlyError(t, w.as(w.member).Do(q, map[string]any{"id": gid, "r": strings.Repeat("x", archive.MaxReasonLength+1)}), "BAD_USER_INPUT", "reason")
	testkit.NothingWritten(t, before, testkit.RowCounts(t, w.db))

	testkit.OK(t, w.as(w.member).Do(q, map[string]any{"id": gid, "r": "the client's shop went live; nothing left to do"}), nil)
	var log struct {
		AuditLog struct {
			Edges []struct {
				Node struct{ Operation, Reason string }
			}
		}
	}
	testkit.OK(t, w.as(w.colleague).Do(`query($o: ID!) { auditLog(first: 5, filter: {objectID: $o, operation: "archive"}) { edges { node { operation reason } } } }`,
		map[string]any{"o": gid}), &log)
	if len(log.AuditLog.Edges) != 1 || log.AuditLog.Edges[0].Node.Reason != "the client's shop went live; nothing left to do" {
		t.Errorf("the archive's audit record: %+v", log.AuditLog.Edges)
	}
}

// TestRestoredMilestoneComesBackLast: a milestone retired while the coop
// reordered the others comes back after them, not at its old place.
func TestRestoredMilestoneComesBackLast(t *testing.T) {
	w := newWorld(t)
	second := testkit.Must(w.ec.MilestoneTemplate.Create().SetCoop(w.coop).SetName("Met every member").SetPosition(1).Save(w.ctx))(t)
	testkit.OK(t, w.as(w.member).Do(archiveQ, map[string]any{"id": testkit.ID(w.template.ID)}), nil)
	testkit.OK(t, w.as(w.member).Do(`mutation($c: ID!, $ids: [ID!]!) { reorderMilestoneTemplates(coopID: $c, templateIDs: $ids) { milestoneTemplates { id } } }`,
		map[string]any{"c": testkit.ID(w.coop.ID), "ids": []string{testkit.ID(second.ID)}}), nil)
	testkit.OK(t, w.as(w.member).Do(restoreQ, map[string]any{"id": testkit.ID(w.template.ID)}), nil)
	var out struct {
		Node struct {
			MilestoneTemplates struct {
				Edges []struct{ Node struct{ Name string } }
			}
		}
	}
	testkit.OK(t, w.as(w.member).Do(`query($c: ID!) { node(id: $c) { ... on Coop { milestoneTemplates(orderBy: {field: POSITION}) { edges { node { name } } } } } }`,
		map[string]any{"c": testkit.ID(w.coop.ID)}), &out)
	var names []string
	for _, e := range out.Node.MilestoneTemplates.Edges {
		names = append(names, e.Node.Name)
	}
	if !slices.Equal(names, []string{"Met every member", "Buddy talk"}) {
		t.Errorf("milestones in order %v, want the restored one last", names)
	}
}
