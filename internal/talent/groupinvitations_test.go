package talent_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/group"
	"github.com/coopnetwork/cockpit/ent/groupinvitation"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Groups' membership with the consent of those added (issue 16, item 2):
// admins invite, the person or a member of the coop invited accepts (and
// is in the group in the same transaction) or declines, admins revoke; who
// reads which invitation is the policy's.

const (
	giSel     = `groupInvitation { id state personID coopID answeredAt }`
	giInviteQ = `mutation($in: InviteToGroupInput!) { inviteToGroup(input: $in) { ` + giSel + ` } }`
	giAcceptQ = `mutation($id: ID!) { acceptGroupInvitation(id: $id) { ` + giSel + ` } }`
	giDecline = `mutation($id: ID!) { declineGroupInvitation(id: $id) { ` + giSel + ` } }`
	giRevokeQ = `mutation($id: ID!) { revokeGroupInvitation(id: $id) { ` + giSel + ` } }`
	giLeaveQ  = `mutation($g: ID!, $c: ID) { leaveGroup(groupID: $g, coopID: $c) { group { id } } }`
	giReadQ   = `query($g: ID!, $p: ID!, $c: ID!) {
		viewer { groupInvitations { id } }
		group: node(id: $g) { ... on Group { invitations { id } } }
		person: node(id: $p) { ... on Person { groupInvitations { id } } }
		coop: node(id: $c) { ... on Coop { groupInvitations { id } } } }`
)

type giJSON struct {
	ID         string
	State      string
	PersonID   *string
	CoopID     *string
	AnsweredAt *string
}

func TestGroupInvitations(t *testing.T) {
	e := newEnv(t)
	admin := e.person("Ada", "Leipzig")
	e.admin(admin)
	pat := e.person("Pat", "Berlin")
	quinn := e.person("Quinn", "Köln")
	stranger := e.outsider("Stan", "Hamburg")
	coop := e.coop("Kollektiv")
	mia := e.person("Mia", "Halle")
	e.join(mia, coop, membership.StateMEMBER)
	fred := e.person("Fred", "Halle")
	e.join(fred, coop, membership.StateFREELANCER)
	g := testkit.Must(e.ec.Group.Create().SetNetwork(e.net).SetName("Go AG").SetKind(group.KindWORKING).Save(e.ctx))(t)
	n2 := testkit.Must(e.ec.Network.Create().SetName("Other").SetSlug("other").Save(e.ctx))(t)
	c2 := testkit.Must(e.ec.Coop.Create().SetName("Elsewhere").SetSlug("elsewhere").AddNetworks(n2).Save(e.ctx))(t)
	g2 := testkit.Must(e.ec.Group.Create().SetNetwork(n2).SetName("Far").SetKind(group.KindCITY).Save(e.ctx))(t)
	inPerson := func(p *ent.Person) map[string]any {
		return map[string]any{"in": map[string]any{"groupID": testkit.ID(g.ID), "personID": testkit.ID(p.ID)}}
	}
	inCoop := func(c *ent.Coop) map[string]any {
		return map[string]any{"in": map[string]any{"groupID": testkit.ID(g.ID), "coopID": testkit.ID(c.ID)}}
	}
	members := func() string {
		gr := testkit.Must(e.ec.Group.Query().Where(group.ID(g.ID)).WithMembers().WithCoops().Only(e.ctx))(t)
		var names []string
		for _, p := range gr.Edges.Members {
			names = append(names, p.Name)
		}
		for _, c := range gr.Edges.Coops {
			names = append(names, c.Name)
		}
		sort.Strings(names)
		return strings.Join(names, ", ")
	}
	var inv struct {
		InviteToGroup struct{ GroupInvitation giJSON }
	}
	testkit.OK(t, e.as(admin).Do(giInviteQ, inPerson(pat)), &inv)
	patInv := inv.InviteToGroup.GroupInvitation
	if patInv.State != "OPEN" || members() != "" {
		t.Fatalf("invited %+v; members %q: nobody is added before accepting", patInv, members())
	}
	testkit.OK(t, e.as(admin).Do(giInviteQ, inCoop(coop)), &inv)
	coopInv := inv.InviteToGroup.GroupInvitation
	testkit.OK(t, e.as(admin).Do(giInviteQ, inPerson(quinn)), &inv)
	quinnInv := inv.InviteToGroup.GroupInvitation

	t.Run("who reads which invitation", func(t *testing.T) {
		ids := func(as *ent.Person) string {
			var out struct {
				Viewer struct{ GroupInvitations []struct{ ID string } }
				Group  struct{ Invitations []struct{ ID string } }
				Person struct{ GroupInvitations []struct{ ID string } }
				Coop   struct{ GroupInvitations []struct{ ID string } }
			}
			testkit.OK(t, e.as(as).Do(giReadQ, map[string]any{"g": testkit.ID(g.ID), "p": testkit.ID(pat.ID), "c": testkit.ID(coop.ID)}), &out)
			name := map[string]string{patInv.ID: "pat", coopInv.ID: "coop", quinnInv.ID: "quinn"}
			list := func(xs []struct{ ID string }) string {
				var s []string
				for _, x := range xs {
					s = append(s, name[x.ID])
				}
				return strings.Join(s, "+")
			}
			return "viewer:" + list(out.Viewer.GroupInvitations) + " group:" + list(out.Group.Invitations) +
				" pat:" + list(out.Person.GroupInvitations) + " coop:" + list(out.Coop.GroupInvitations)
		}
		for _, tc := range []struct {
			as   *ent.Person
			want string
		}{
			{admin, "viewer: group:pat+coop+quinn pat:pat coop:coop"},
			{pat, "viewer:pat group:pat pat:pat coop:"},
			{mia, "viewer:coop group:coop pat: coop:coop"},
			{fred, "viewer: group: pat: coop:"}, // a freelancer of the coop answers nothing
			{quinn, "viewer:quinn group:quinn pat: coop:"},
		} {
			if got := ids(tc.as); got != tc.want {
				t.Errorf("%s reads %s, want %s", tc.as.Name, got, tc.want)
			}
		}
	})

	t.Run("refused and bad input change nothing", func(t *testing.T) {
		cases := []struct {
			name        string
			as          *ent.Person
			query       string
			vars        map[string]any
			code, field string
		}{
			{"a participant invites", pat, giInviteQ, inPerson(quinn), "FORBIDDEN", ""},
			{"a stranger invites", stranger, giInviteQ, inPerson(pat), "NOT_FOUND", "groupID"},
			{"another network's group", admin, giInviteQ, map[string]any{"in": map[string]any{"groupID": testkit.ID(g2.ID), "personID": testkit.ID(pat.ID)}}, "NOT_FOUND", "groupID"},
			{"a person outside the network", admin, giInviteQ, inPerson(stranger), "NOT_FOUND", "personID"},
			{"a coop outside the network", admin, giInviteQ, inCoop(c2), "NOT_FOUND", "coopID"},
			{"nobody named", admin, giInviteQ, map[string]any{"in": map[string]any{"groupID": testkit.ID(g.ID)}}, "BAD_USER_INPUT", "personID"},
			{"both named", admin, giInviteQ, map[string]any{"in": map[string]any{"groupID": testkit.ID(g.ID), "personID": testkit.ID(mia.ID), "coopID": testkit.ID(coop.ID)}}, "BAD_USER_INPUT", "personID"},
			{"a second open invitation", admin, giInviteQ, inPerson(pat), "CONFLICT", "personID"},
			{"a second open invitation of the coop", admin, giInviteQ, inCoop(coop), "CONFLICT", "coopID"},
			{"the admin accepts for pat", admin, giAcceptQ, map[string]any{"id": patInv.ID}, "FORBIDDEN", ""},
			{"quinn accepts pat's (unreadable)", quinn, giAcceptQ, map[string]any{"id": patInv.ID}, "NOT_FOUND", "id"},
			{"a freelancer of the coop accepts", fred, giAcceptQ, map[string]any{"id": coopInv.ID}, "NOT_FOUND", "id"},
			{"pat revokes their own", pat, giRevokeQ, map[string]any{"id": patInv.ID}, "FORBIDDEN", ""},
			{"a stranger declines", stranger, giDecline, map[string]any{"id": patInv.ID}, "NOT_FOUND", "id"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before, m := testkit.RowCounts(t, e.db), members()
				testkit.OnlyError(t, e.as(tc.as).Do(tc.query, tc.vars), tc.code, tc.field)
				testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
				if members() != m {
					t.Errorf("members changed from %q to %q", m, members())
				}
			})
		}
	})

	var ans struct {
		AcceptGroupInvitation struct{ GroupInvitation giJSON }
	}
	testkit.OK(t, e.as(pat).Do(giAcceptQ, map[string]any{"id": patInv.ID}), &ans)
	if ans.AcceptGroupInvitation.GroupInvitation.State != "ACCEPTED" || members() != "Pat" {
		t.Errorf("accepted %+v, members %q", ans, members())
	}
	testkit.OnlyError(t, e.as(pat).Do(giAcceptQ, map[string]any{"id": patInv.ID}), "CONFLICT", "")
	testkit.OnlyError(t, e.as(admin).Do(giInviteQ, inPerson(pat)), "CONFLICT", "personID") // already in the group
	// The coop's invitation, accepted by a member, declined by nobody twice.
	testkit.OK(t, e.as(mia).Do(giAcceptQ, map[string]any{"id": coopInv.ID}), nil)
	if members() != "Kollektiv, Pat" {
		t.Errorf("members %q", members())
	}
	testkit.OK(t, e.as(admin).Do(giRevokeQ, map[string]any{"id": quinnInv.ID}), nil)
	testkit.OnlyError(t, e.as(quinn).Do(giAcceptQ, map[string]any{"id": quinnInv.ID}), "CONFLICT", "")
	// Invited again, Quinn declines.
	testkit.OK(t, e.as(admin).Do(giInviteQ, inPerson(quinn)), &inv)
	testkit.OK(t, e.as(quinn).Do(giDecline, map[string]any{"id": inv.InviteToGroup.GroupInvitation.ID}), nil)
	states := testkit.Must(e.ec.GroupInvitation.Query().Where(groupinvitation.GroupID(g.ID)).Order(ent.Asc(groupinvitation.FieldID)).All(e.ctx))(t)
	var got []string
	for _, s := range states {
		got = append(got, string(s.State))
	}
	if strings.Join(got, ",") != "ACCEPTED,ACCEPTED,REVOKED,DECLINED" || members() != "Kollektiv, Pat" {
		t.Errorf("states %v, members %q", got, members())
	}

	// Leaving: oneself, and a coop by its current member (not by a freelancer).
	testkit.OnlyError(t, e.as(fred).Do(giLeaveQ, map[string]any{"g": testkit.ID(g.ID), "c": testkit.ID(coop.ID)}), "FORBIDDEN", "")
	testkit.OK(t, e.as(pat).Do(giLeaveQ, map[string]any{"g": testkit.ID(g.ID)}), nil)
	testkit.OK(t, e.as(mia).Do(giLeaveQ, map[string]any{"g": testkit.ID(g.ID), "c": testkit.ID(coop.ID)}), nil)
	if members() != "" {
		t.Errorf("after leaving: %q", members())
	}

	t.Run("two accepts at once: one", func(t *testing.T) {
		testkit.OK(t, e.as(admin).Do(giInviteQ, inCoop(coop)), &inv)
		id := inv.InviteToGroup.GroupInvitation.ID
		mio := e.person("Mio", "Halle")
		e.join(mio, coop, membership.StateMEMBER)
		res := testkit.Race(t,
			func() (*testkit.Response, error) { return e.as(mia).Post(giAcceptQ, map[string]any{"id": id}) },
			func() (*testkit.Response, error) { return e.as(mio).Post(giAcceptQ, map[string]any{"id": id}) },
		)
		ok := 0
		for _, r := range res {
			if len(r.Errors) == 0 {
				ok++
			} else if r.Errors[0].Code() != "CONFLICT" {
				t.Errorf("unexpected %+v", r.Errors)
			}
		}
		if ok != 1 || members() != "Kollektiv" {
			t.Errorf("%d accepts succeeded, members %q", ok, members())
		}
	})
}

// TestGroupInvitationAfterLeavingTheNetwork: an invitation is answered by
// whoever still takes part in the group's network; a person or coop that
// left it since is refused (CONFLICT) and nothing changes.
func TestGroupInvitationAfterLeavingTheNetwork(t *testing.T) {
	e := newEnv(t)
	admin := e.person("Ada", "Leipzig")
	e.admin(admin)
	pat := e.person("Pat", "Berlin")
	coop := e.coop("Kollektiv")
	mia := e.person("Mia", "Halle")
	e.join(mia, coop, membership.StateMEMBER)
	g := testkit.Must(e.ec.Group.Create().SetNetwork(e.net).SetName("Go AG").SetKind(group.KindWORKING).Save(e.ctx))(t)
	invite := func(key string, id int) string {
		var inv struct {
			InviteToGroup struct{ GroupInvitation giJSON }
		}
		testkit.OK(t, e.as(admin).Do(giInviteQ, map[string]any{"in": map[string]any{"groupID": testkit.ID(g.ID), key: testkit.ID(id)}}), &inv)
		return inv.InviteToGroup.GroupInvitation.ID
	}
	patInv, coopInv := invite("personID", pat.ID), invite("coopID", coop.ID)

	// Pat leaves the network; the coop leaves it too (Mia stays its member
	// and can still read the coop's invitation).
	testkit.Must(e.ec.NetworkMembership.Delete().Where(networkmembership.PersonID(pat.ID)).Exec(e.ctx))(t)
	testkit.Must(0, e.ec.Network.UpdateOne(e.net).RemoveCoopIDs(coop.ID).Exec(e.ctx))(t)

	for who, tc := range map[*ent.Person]string{pat: patInv, mia: coopInv} {
		before := testkit.RowCounts(t, e.db)
		testkit.OnlyError(t, e.as(who).Do(giAcceptQ, map[string]any{"id": tc}), "CONFLICT", "id")
		testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
	}
}
