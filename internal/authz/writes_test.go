package authz_test

import (
	"fmt"
	"github.com/coopnetwork/cockpit/internal/testkit"
	"testing"

	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
)

// Writes: a denied write is FORBIDDEN (NOT_FOUND when the target or a
// referenced object is unreadable, UNAUTHENTICATED without a token), and
// nothing is written; an allowed one takes effect.

const ok = "" // the write succeeds

type writeCase struct {
	name  string
	query string
	vars  func(actor string) map[string]any
	// want maps every actor to the expected code.
	want map[string]string
	// field is extensions.field of NOT_FOUND (and BAD_USER_INPUT) answers
	// about a referenced object; fieldFor overrides it per actor.
	field    string
	fieldFor map[string]string
	// setup, if set, prepares what the case needs in f before any actor tries it.
	setup func(f *fixture)
	// state reads what the write would change, straight from the database.
	state func(f *fixture) string
}

// expect builds the want map: every actor gets def unless listed.
func expect(def string, overrides ...string) map[string]string {
	m := map[string]string{}
	for _, a := range actors {
		m[a] = def
	}
	m[anonymous] = "UNAUTHENTICATED"
	for i := 0; i+1 < len(overrides); i += 2 {
		m[overrides[i]] = overrides[i+1]
	}
	return m
}

func (f *fixture) writeCases() []writeCase {
	ctx := f.ctx
	c := f.db.Client
	str := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	return []writeCase{
		{
			name:  "updateProject on P (led by A)",
			query: `mutation($id: ID!, $d: String!) { updateProject(id: $id, input: {description: $d}) { project { id description } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": testkit.ID(f.P.ID), "d": "by " + a} },
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: func(f *fixture) string {
				return fmt.Sprint(testkit.MustOrPanic(c.Project.Get(ctx, f.P.ID)).Description)
			},
		},
		{
			name:  "updateProject on Q (led by B)",
			query: `mutation($id: ID!, $d: String!) { updateProject(id: $id, input: {description: $d}) { project { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": testkit.ID(f.Q.ID), "d": "by " + a} },
			want:  expect("NOT_FOUND", memberOfB, ok),
			state: func(f *fixture) string {
				return fmt.Sprint(testkit.MustOrPanic(c.Project.Get(ctx, f.Q.ID)).Description)
			},
		},
		{
			name:  "updateCoop A's profile",
			query: `mutation($id: ID!, $c: String!) { updateCoop(id: $id, input: {city: $c}) { coop { id city } } }`,
			vars: func(a string) map[string]any {
				return map[string]any{"id": testkit.ID(f.A.ID), "c": "City of " + a}
			},
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: func(f *fixture) string { return testkit.MustOrPanic(c.Coop.Get(ctx, f.A.ID)).City },
		},
		{
			name:  "updateCoop C (another network)",
			query: `mutation($id: ID!) { updateCoop(id: $id, input: {city: "Hamburg"}) { coop { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": testkit.ID(f.C.ID)} },
			want:  expect("NOT_FOUND"),
			state: func(f *fixture) string { return testkit.MustOrPanic(c.Coop.Get(ctx, f.C.ID)).City },
		},
		{
			name:  "updatePerson memberA's private profile",
			query: `mutation($id: ID!, $p: String!) { updatePerson(id: $id, input: {phone: $p}) { person { id phone } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": testkit.ID(f.MemberA.ID), "p": "+49 " + a} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: func(f *fixture) string { return str(testkit.MustOrPanic(c.Person.Get(ctx, f.MemberA.ID)).Phone) },
		},
		{
			name:  "updateAvailability memberA's",
			query: `mutation($id: ID!, $h: Int!) { updateAvailability(id: $id, input: {hoursPerWeek: $h}) { availability { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": testkit.ID(f.AvailMemberA.ID), "h": len(a)} },
			want:  expect("NOT_FOUND", memberOfA, ok),
			state: func(f *fixture) string {
				return fmt.Sprint(testkit.MustOrPanic(c.Availability.Get(ctx, f.AvailMemberA.ID)).HoursPerWeek)
			},
		},
		{
			name:  "updateAvailability the freelancer's (memberA reads it, may not change it)",
			query: `mutation($id: ID!, $h: Int!) { updateAvailability(id: $id, input: {hoursPerWeek: $h}) { availability { id } } }`,
			vars: func(a string) map[string]any {
				return map[string]any{"id": testkit.ID(f.AvailFreelancer.ID), "h": len(a)}
			},
			want: expect("NOT_FOUND", memberOfA, "FORBIDDEN", freelancer, ok),
			state: func(f *fixture) string {
				return fmt.Sprint(testkit.MustOrPanic(c.Availability.Get(ctx, f.AvailFreelancer.ID)).HoursPerWeek)
			},
		},
		{
			name:  "createAvailability for memberA",
			query: `mutation($p: ID!) { createAvailability(input: {personID: $p, hoursPerWeek: 8, availableFrom: "2027-01-01T00:00:00Z"}) { availability { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"p": testkit.ID(f.MemberA.ID)} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			field: "personID",
		},
		{
			name:  "createPersonSkill for memberA",
			query: `mutation($p: ID!, $s: ID!) { createPersonSkill(input: {personID: $p, skillID: $s, level: 3}) { personSkill { id } } }`,
			vars: func(a string) map[string]any {
				return map[string]any{"p": testkit.ID(f.MemberA.ID), "s": testkit.ID(f.SkillK.ID)}
			},
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			field: "personID",
		},
		{
			name:  "updatePersonSkill memberA's",
			query: `mutation($id: ID!, $l: Int!) { updatePersonSkill(id: $id, input: {level: $l}) { personSkill { id } } }`,
			vars: func(a string) map[string]any {
				return map[string]any{"id": testkit.ID(f.PersonSkillA.ID), "l": 1 + len(a)%5}
			},
			want: expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: func(f *fixture) string {
				return fmt.Sprint(testkit.MustOrPanic(c.PersonSkill.Get(ctx, f.PersonSkillA.ID)).Level)
			},
		},
		{
			name:  "updateNetwork N",
			query: `mutation($id: ID!, $d: String!) { updateNetwork(id: $id, input: {description: $d}) { network { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": testkit.ID(f.N.ID), "d": "by " + a} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			state: func(f *fixture) string { return testkit.MustOrPanic(c.Network.Get(ctx, f.N.ID)).Description },
		},
		{
			name:  "updateGroup of N",
			query: `mutation($id: ID!, $d: String!) { updateGroup(id: $id, input: {description: $d}) { group { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"id": testkit.ID(f.Group.ID), "d": "by " + a} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			state: func(f *fixture) string { return testkit.MustOrPanic(c.Group.Get(ctx, f.Group.ID)).Description },
		},
		{
			name:  "createGroup in N",
			query: `mutation($n: ID!, $name: String!) { createGroup(input: {networkID: $n, kind: WORKING, name: $name}) { group { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"n": testkit.ID(f.N.ID), "name": "AG " + a} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			field: "networkID",
		},
		{
			name:  "createSkill in N",
			query: `mutation($n: ID!, $name: String!) { createSkill(input: {networkID: $n, name: $name, competenceArea: "Frontend"}) { skill { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"n": testkit.ID(f.N.ID), "name": "Elm " + a} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			field: "networkID",
		},
		{
			name:  "createSkill in N2",
			query: `mutation($n: ID!) { createSkill(input: {networkID: $n, name: "Zig", competenceArea: "Systems"}) { skill { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"n": testkit.ID(f.N2.ID)} },
			want:  expect("NOT_FOUND"),
			field: "networkID",
		},
		{
			name:  "createProject led by A",
			query: `mutation($c: ID!, $n: String!) { createProject(input: {leadCoopID: $c, name: $n, clientName: "Client", totalBudget: {amount: 1000, currency: "EUR"}}) { project { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"c": testkit.ID(f.A.ID), "n": "by " + a} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			field: "leadCoopID",
		},
		{
			name:  "createProject led by B",
			query: `mutation($c: ID!, $n: String!) { createProject(input: {leadCoopID: $c, name: $n, clientName: "Client", totalBudget: {amount: 1000, currency: "EUR"}}) { project { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"c": testkit.ID(f.B.ID), "n": "by " + a} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfB, ok),
			field: "leadCoopID",
		},
		{
			name:  "createProject led by C (another network)",
			query: `mutation($c: ID!) { createProject(input: {leadCoopID: $c, name: "x", clientName: "Client", totalBudget: {amount: 1000, currency: "EUR"}}) { project { id } } }`,
			vars:  func(a string) map[string]any { return map[string]any{"c": testkit.ID(f.C.ID)} },
			want:  expect("NOT_FOUND"),
			field: "leadCoopID",
		},
		{
			name:  "createProject led by A, announced in N2",
			query: `mutation($c: ID!, $n: ID!) { createProject(input: {leadCoopID: $c, networkID: $n, name: "x", clientName: "Client", totalBudget: {amount: 1000, currency: "EUR"}}) { project { id } } }`,
			vars: func(a string) map[string]any {
				return map[string]any{"c": testkit.ID(f.A.ID), "n": testkit.ID(f.N2.ID)}
			},
			want: expect("NOT_FOUND"), // N2 is hidden from everyone, whatever else they may do
		},
	}
}

func TestWriteMatrix(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	runWriteCases(t, f, append(append(f.writeCases(), f.invitationWriteCases()...), f.auditWriteCases()...))
}

// runWriteCases runs each case as a subtest on f (see runWriteCase).
func runWriteCases(t *testing.T, f *fixture, cases []writeCase) {
	t.Helper()
	for _, wc := range cases {
		t.Run(wc.name, func(t *testing.T) { runWriteCase(t, f, wc) })
	}
}

// runWriteCase lets every actor try the write, denied actors first (so the
// allowed write does not change what the others try), and checks each
// answer against want: a denied write returns no data and changes neither
// a row count nor the case's state; an allowed one changes one of them.
func runWriteCase(t *testing.T, f *fixture, wc writeCase) {
	t.Helper()
	if wc.setup != nil {
		wc.setup(f)
	}
	order := append([]string{}, actors...)
	for i, a := range order {
		if wc.want[a] == ok {
			order = append(append(order[:i:i], order[i+1:]...), a)
			break
		}
	}
	for _, actor := range order {
		want, known := wc.want[actor]
		if !known {
			t.Fatalf("case %q states no expectation for %s", wc.name, actor)
		}
		before, stateBefore := f.rowCounts(), ""
		if wc.state != nil {
			stateBefore = wc.state(f)
		}
		res := f.as(actor).Do(wc.query, wc.vars(actor))
		after := f.rowCounts()
		stateAfter := ""
		if wc.state != nil {
			stateAfter = wc.state(f)
		}
		if want == ok {
			if res.Status != 200 || len(res.Errors) > 0 {
				t.Errorf("%s: want success, got %+v (data %s)", actor, res.Errors, res.Data)
				continue
			}
			if wc.state != nil && stateAfter == stateBefore {
				t.Errorf("%s: the write succeeded but changed nothing (%s)", actor, stateAfter)
			}
			f.assertAudited(t, actor, wc.query, before, after) // audit_test.go
			if wc.state == nil && fmt.Sprint(withoutAudit(before)) == fmt.Sprint(withoutAudit(after)) {
				t.Errorf("%s: the create succeeded but wrote no row", actor)
			}
			continue
		}
		field := wc.field
		if fl, ok := wc.fieldFor[actor]; ok {
			field = fl
		}
		if len(res.Errors) != 1 || res.Errors[0].Code() != want {
			t.Errorf("%s: want %s, got %+v (data %s)", actor, want, res.Errors, res.Data)
		} else if e := res.Errors[0]; (want == "NOT_FOUND" || want == "BAD_USER_INPUT") && field != "" && e.Extensions["field"] != field {
			t.Errorf("%s: %s names field %v, want %s", actor, want, e.Extensions["field"], field)
		}
		if !dataIsNull(res) {
			t.Errorf("%s: denied write returned data %s", actor, res.Data)
		}
		testkit.NothingWritten(t, before, after)
		if stateAfter != stateBefore {
			t.Errorf("%s: denied write changed %q to %q", actor, stateBefore, stateAfter)
		}
	}
}

// TestNotFoundNamesTheReference: a write referring to an object the viewer
// cannot read says which reference is unknown, like for a random ID.
func TestNotFoundNamesTheReference(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		actor, query, field string
		vars                map[string]any
	}{
		{outsider, `mutation($p: ID!) { createAvailability(input: {personID: $p, hoursPerWeek: 8, availableFrom: "2027-01-01T00:00:00Z"}) { availability { id } } }`,
			"personID", map[string]any{"p": testkit.ID(f.MemberA.ID)}},
		{outsider, `mutation($n: ID!) { createSkill(input: {networkID: $n, name: "Elm", competenceArea: "Frontend"}) { skill { id } } }`,
			"networkID", map[string]any{"n": testkit.ID(f.N.ID)}},
		{memberOfA, `mutation($c: ID!) { createProject(input: {leadCoopID: $c, name: "x", clientName: "Client", totalBudget: {amount: 1000, currency: "EUR"}}) { project { id } } }`,
			"leadCoopID", map[string]any{"c": testkit.ID(f.C.ID)}},
		{memberOfA, `mutation($c: ID!, $n: ID!) { createProject(input: {leadCoopID: $c, networkID: $n, name: "x", clientName: "Client", totalBudget: {amount: 1000, currency: "EUR"}}) { project { id } } }`,
			"networkID", map[string]any{"c": testkit.ID(f.A.ID), "n": testkit.ID(f.N2.ID)}},
		// A list reference names its input field too (not "groupsID", which
		// is no field of any input).
		{memberOfA, `mutation($id: ID!, $g: ID!) { updateCoop(id: $id, input: {addGroupIDs: [$g]}) { coop { id } } }`,
			"addGroupIDs", map[string]any{"id": testkit.ID(f.A.ID), "g": testkit.ID(f.Group.ID + 1000)}},
		{outsider, `mutation($c: ID!) { createNetwork(input: {name: "y", slug: "with-hidden", coopIDs: [$c]}) { network { id } } }`,
			"coopIDs", map[string]any{"c": testkit.ID(f.A.ID)}},
		{memberOfA, `mutation($id: ID!, $g: ID!) { updatePerson(id: $id, input: {removeGroupIDs: [$g]}) { person { id } } }`,
			"removeGroupIDs", map[string]any{"id": testkit.ID(f.MemberA.ID), "g": testkit.ID(f.Group.ID + 1000)}},
	} {
		before := f.rowCounts()
		res := f.as(tc.actor).Do(tc.query, tc.vars)
		if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("%s %s: want NOT_FOUND, got %+v", tc.actor, tc.query, res.Errors)
		} else if e := res.Errors[0]; e.Extensions["field"] != tc.field || e.Message != tc.field+": not found" {
			t.Errorf("%s %s: want extensions.field %s, got %+v", tc.actor, tc.query, tc.field, e)
		}
		testkit.NothingWritten(t, before, f.rowCounts())
	}
}

// TestSystemOnlyTypesHaveNoMutations: memberships, pathway history,
// milestones, decisions and budgets change only through domain operations;
// the API offers no generic create/update for them.
func TestSystemOnlyTypesHaveNoMutations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, typ := range []string{"Membership", "PathwayEvent", "MilestoneTemplate", "MilestoneProgress", "Proposal", "Vote",
		"BudgetShare", "BudgetChange", "BudgetMotion", "TimeEntry", "NetworkMembership", "ProjectSkillNeed", "Invitation"} {
		for _, op := range []string{"create", "update", "delete"} {
			if op+typ == "createProposal" || op+typ == "createBudgetShare" {
				continue // domain operations (internal/governance, internal/budgets), not generic CRUD
			}
			if op+typ == "createMilestoneTemplate" || op+typ == "updateMilestoneTemplate" {
				continue // domain operations of issue 16 (config_test.go), not generic CRUD
			}
			res := f.as(memberOfA).Do(fmt.Sprintf(`mutation { %s%s(input: {}) { __typename } }`, op, typ), nil)
			expectCode(t, res, "GRAPHQL_VALIDATION_FAILED")
		}
	}
	// Persons are created by their own login or an accepted invitation only.
	expectCode(t, f.as(netAdmin).Do(`mutation { createPerson(input: {name: "X", email: "x@example.org"}) { __typename } }`, nil),
		"GRAPHQL_VALIDATION_FAILED")
}

// TestCreateNetworkMakesTheCreatorAdmin: anyone signed in founds a network
// and administers it at once, in the same request and afterwards.
func TestCreateNetworkMakesTheCreatorAdmin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.as(outsider)
	var v struct{ Viewer struct{ IsNetworkAdmin bool } }
	testkit.OK(t, c.Do(`{ viewer { isNetworkAdmin } }`, nil), &v)
	if v.Viewer.IsNetworkAdmin {
		t.Fatal("the outsider administers a network before founding one")
	}

	var created struct {
		CreateNetwork struct {
			Network struct {
				ID          string
				Slug        string
				Memberships struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Role   string
							Person struct{ ID string }
						}
					}
				}
			}
		}
	}
	testkit.OK(t, c.Do(`mutation { createNetwork(input: {name: "Olga's network", slug: "olgas-network"}) {
		network { id slug memberships { totalCount edges { node { role person { id } } } } } } }`, nil), &created)
	n := created.CreateNetwork.Network
	if n.Memberships.TotalCount != 1 || n.Memberships.Edges[0].Node.Role != "ADMIN" ||
		n.Memberships.Edges[0].Node.Person.ID != testkit.ID(f.Outsider.ID) {
		t.Fatalf("in the creating request: want the creator as the only ADMIN, got %+v", n.Memberships)
	}

	var after struct {
		Viewer struct {
			IsNetworkAdmin     bool
			NetworkMemberships []struct {
				Role    string
				Network struct{ Slug string }
			}
		}
	}
	testkit.OK(t, c.Do(`{ viewer { isNetworkAdmin networkMemberships { role network { slug } } } }`, nil), &after)
	if !after.Viewer.IsNetworkAdmin || len(after.Viewer.NetworkMemberships) != 1 ||
		after.Viewer.NetworkMemberships[0].Role != "ADMIN" || after.Viewer.NetworkMemberships[0].Network.Slug != "olgas-network" {
		t.Fatalf("follow-up viewer: want ADMIN of olgas-network, got %+v", after.Viewer)
	}
	// The new admin manages the new network (and only that one).
	testkit.OK(t, c.Do(`mutation($id: ID!) { updateNetwork(id: $id, input: {selfSignUp: true}) { network { selfSignUp } } }`,
		map[string]any{"id": n.ID}), nil)
	expectCode(t, c.Do(`mutation($id: ID!) { updateNetwork(id: $id, input: {description: "x"}) { network { id } } }`,
		map[string]any{"id": testkit.ID(f.N.ID)}), "NOT_FOUND")
	// Others do not see it.
	expectCode(t, f.as(participant).Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": n.ID}), "NOT_FOUND")
	nid := decodeID(t, n.ID)
	if role := testkit.MustOrPanic(f.db.Client.NetworkMembership.Query().
		Where(networkmembership.NetworkID(nid), networkmembership.PersonID(f.Outsider.ID)).Only(f.ctx)).Role; role != networkmembership.RoleADMIN {
		t.Fatalf("database: creator's role %s", role)
	}

	// Denied: anonymous; and a network referring to a hidden coop is not
	// created at all (no network, no admin row).
	before := f.rowCounts()
	expectCode(t, f.as(anonymous).Do(`mutation { createNetwork(input: {name: "x", slug: "anon-net"}) { network { id } } }`, nil), "UNAUTHENTICATED")
	res := f.as(outsider).Do(`mutation($c: ID!) { createNetwork(input: {name: "y", slug: "with-hidden", coopIDs: [$c]}) { network { id } } }`,
		map[string]any{"c": testkit.ID(f.A.ID)})
	expectCode(t, res, "NOT_FOUND")
	testkit.NothingWritten(t, before, f.rowCounts())
	if n := testkit.MustOrPanic(f.db.Client.Network.Query().Where(network.SlugIn("anon-net", "with-hidden")).Count(f.ctx)); n != 0 {
		t.Fatalf("%d denied networks written", n)
	}
}

// TestCreateCoopMakesTheCreatorMember: the founder is the first MEMBER, with
// a pathway event, and reads the coop's finance fields at once.
func TestCreateCoopMakesTheCreatorMember(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.as(participant)
	var created struct {
		CreateCoop struct {
			Coop struct {
				ID                    string
				BuyIn                 *money
				SurplusSharePercent   *int
				BudgetChangeThreshold *money
				Memberships           struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							State  string
							Person struct{ ID string }
							Events struct{ TotalCount int }
						}
					}
				}
			}
		}
	}
	testkit.OK(t, c.Do(`mutation { createCoop(input: {name: "Coop D", slug: "coop-d", buyIn: {amount: 123400, currency: "EUR"}}) {
		coop { id buyIn { amount currency } surplusSharePercent budgetChangeThreshold { amount currency }
			memberships { totalCount edges { node { state person { id } events { totalCount } } } } } } }`, nil), &created)
	co := created.CreateCoop.Coop
	if co.BuyIn == nil || *co.BuyIn != (money{Amount: 123400, Currency: "EUR"}) || co.SurplusSharePercent == nil || co.BudgetChangeThreshold == nil {
		t.Fatalf("the founder must read the finance fields: %+v", co)
	}
	if co.Memberships.TotalCount != 1 || co.Memberships.Edges[0].Node.State != "MEMBER" ||
		co.Memberships.Edges[0].Node.Person.ID != testkit.ID(f.Participant.ID) || co.Memberships.Edges[0].Node.Events.TotalCount != 1 {
		t.Fatalf("want the founder as MEMBER with one pathway event, got %+v", co.Memberships)
	}
	var v struct {
		Viewer struct {
			Memberships []struct {
				State string
				Coop  struct {
					ID    string
					BuyIn *money
				}
			}
		}
	}
	testkit.OK(t, c.Do(`{ viewer { memberships { state coop { id buyIn { amount } } } } }`, nil), &v)
	if len(v.Viewer.Memberships) != 1 || v.Viewer.Memberships[0].State != "MEMBER" || v.Viewer.Memberships[0].Coop.ID != co.ID ||
		v.Viewer.Memberships[0].Coop.BuyIn == nil {
		t.Fatalf("follow-up viewer: want MEMBER of the new coop, got %+v", v.Viewer.Memberships)
	}
	// The founder changes the profile; nobody else reads the coop (it is in no network yet).
	testkit.OK(t, c.Do(`mutation($id: ID!) { updateCoop(id: $id, input: {city: "Dessau"}) { coop { city } } }`,
		map[string]any{"id": co.ID}), nil)
	expectCode(t, f.as(memberOfA).Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": co.ID}), "NOT_FOUND")

	cid := decodeID(t, co.ID)
	ms := testkit.MustOrPanic(f.db.Client.Membership.Query().Where(membership.CoopID(cid)).Only(f.ctx))
	if ms.PersonID != f.Participant.ID || ms.State != membership.StateMEMBER {
		t.Fatalf("database: %+v", ms)
	}
	ev := testkit.MustOrPanic(f.db.Client.PathwayEvent.Query().Where(pathwayevent.MembershipID(ms.ID)).Only(f.ctx))
	if ev.ToState != pathwayevent.ToStateMEMBER || ev.ActorID == nil || *ev.ActorID != f.Participant.ID {
		t.Fatalf("database: founding event %+v", ev)
	}

	// Denied: anonymous; a coop that fails validation writes nothing (no
	// coop, no membership, no event).
	before := f.rowCounts()
	expectCode(t, f.as(anonymous).Do(`mutation { createCoop(input: {name: "x", slug: "anon-coop"}) { coop { id } } }`, nil), "UNAUTHENTICATED")
	res := f.as(outsider).Do(`mutation { createCoop(input: {name: "", slug: "nameless-coop"}) { coop { id } } }`, nil)
	expectCode(t, res, "BAD_USER_INPUT")
	testkit.NothingWritten(t, before, f.rowCounts())
}

// TestMoneyChecksRunAfterAuthorization: a coop's amounts are checked against
// its stored currency only once the write is authorized, so a caller who may
// not change the coop learns nothing from a wrong currency (regression: the
// check used to read the coop first and answered BAD_USER_INPUT to such a
// caller, and NOT_FOUND to an anonymous one). Bylaws amounts change by a
// decision: the check is proposeBylawsChange's.
func TestMoneyChecksRunAfterAuthorization(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	q := `mutation($id: ID!, $m: MoneyInput!) { proposeBylawsChange(input: {coopID: $id, title: "Buy-in", closesAt: "2099-01-01T00:00:00Z",
		change: {buyIn: $m}}) { proposal { id } } }`
	chf := map[string]any{"amount": 1, "currency": "CHF"}
	for _, tc := range []struct{ actor, code string }{
		{anonymous, "UNAUTHENTICATED"},
		{memberOfB, "FORBIDDEN"}, // reads coop A (network directory), may not change it
		{outsider, "NOT_FOUND"},
		{memberOfA, "BAD_USER_INPUT"},
	} {
		before := f.rowCounts()
		res := f.as(tc.actor).Do(q, map[string]any{"id": testkit.ID(f.A.ID), "m": chf})
		if len(res.Errors) != 1 || res.Errors[0].Code() != tc.code {
			t.Errorf("%s: want %s, got %+v", tc.actor, tc.code, res.Errors)
		}
		testkit.NothingWritten(t, before, f.rowCounts())
	}
}
