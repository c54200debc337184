package people_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Network roles through the API (issue 16, item 2, rules GrantNetworkAdmin
// and RevokeNetworkAdmin), over HTTP on SQLite and (with
// COCKPIT_TEST_DATABASE) PostgreSQL.

const (
	grantQ  = `mutation($n: ID!, $p: ID!) { grantNetworkAdmin(networkID: $n, personID: $p) { networkMembership { role personID networkID } } }`
	revokeQ = `mutation($n: ID!, $p: ID!) { revokeNetworkAdmin(networkID: $n, personID: $p) { networkMembership { role personID networkID } } }`
)

type rolesEnv struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	ec  *ent.Client
	c   *testkit.Client
	net *ent.Network
	seq int
}

func newRolesEnv(t *testing.T) *rolesEnv {
	db := testkit.NewDB(t, store.Options{})
	e := &rolesEnv{t: t, ctx: testkit.System(context.Background()), db: db, ec: db.Client, c: testkit.NewServer(t, db)}
	e.net = testkit.Must(e.ec.Network.Create().SetName("Netz").SetSlug("netz").Save(e.ctx))(t)
	return e
}

func (e *rolesEnv) person(name string, role *networkmembership.Role) *ent.Person {
	e.seq++
	p := testkit.Must(e.ec.Person.Create().SetName(name).SetEmail(fmt.Sprintf("p%d@example.org", e.seq)).Save(e.ctx))(e.t)
	if role != nil {
		testkit.Must(e.ec.NetworkMembership.Create().SetNetwork(e.net).SetPerson(p).SetRole(*role).Save(e.ctx))(e.t)
	}
	return p
}

// admins lists the network's admins' names, straight from the database.
func (e *rolesEnv) admins() map[string]bool {
	nms := testkit.Must(e.ec.NetworkMembership.Query().Where(networkmembership.NetworkID(e.net.ID),
		networkmembership.RoleEQ(networkmembership.RoleADMIN)).WithPerson().All(e.ctx))(e.t)
	out := map[string]bool{}
	for _, nm := range nms {
		out[nm.Edges.Person.Name] = true
	}
	return out
}

func role(r networkmembership.Role) *networkmembership.Role { return &r }

func TestNetworkAdminsGrantedAndRevoked(t *testing.T) {
	e := newRolesEnv(t)
	admin := e.person("Ada", role(networkmembership.RoleADMIN))
	pat := e.person("Pat", role(networkmembership.RolePARTICIPANT))
	outsider := e.person("Otto", nil)
	// Coco takes part through her coop only.
	coco := e.person("Coco", nil)
	c := testkit.Must(e.ec.Coop.Create().SetName("Coop").SetSlug("coop").AddNetworks(e.net).Save(e.ctx))(t)
	testkit.Must(e.ec.Membership.Create().SetPerson(coco).SetCoop(c).SetState(membership.StateMEMBER).Save(e.ctx))(t)
	other := testkit.Must(e.ec.Network.Create().SetName("Other").SetSlug("other").Save(e.ctx))(t)
	vars := func(n *ent.Network, p *ent.Person) map[string]any {
		return map[string]any{"n": testkit.ID(n.ID), "p": testkit.ID(p.ID)}
	}

	refused := []struct {
		name        string
		as          *ent.Person
		query       string
		vars        map[string]any
		code, field string
	}{
		{"a participant grants", pat, grantQ, vars(e.net, pat), "FORBIDDEN", ""},
		{"a participant revokes", pat, revokeQ, vars(e.net, admin), "FORBIDDEN", ""},
		{"an outsider grants", outsider, grantQ, vars(e.net, outsider), "NOT_FOUND", "networkID"},
		{"an outsider revokes", outsider, revokeQ, vars(e.net, admin), "NOT_FOUND", "networkID"},
		{"a network the admin is not in", admin, grantQ, vars(other, pat), "NOT_FOUND", "networkID"},
		{"a person outside the network", admin, grantQ, vars(e.net, outsider), "NOT_FOUND", "personID"},
		{"an admin already", admin, grantQ, vars(e.net, admin), "CONFLICT", "personID"},
		{"revoking a non-admin", admin, revokeQ, vars(e.net, pat), "BAD_USER_INPUT", "personID"},
		{"revoking the last admin (oneself)", admin, revokeQ, vars(e.net, admin), "CONFLICT", ""},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			before := testkit.RowCounts(t, e.db)
			testkit.OnlyError(t, e.c.As(tc.as.ID).Do(tc.query, tc.vars), tc.code, tc.field)
			testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
			if a := e.admins(); len(a) != 1 || !a["Ada"] {
				t.Errorf("admins now %v", a)
			}
		})
	}

	var out struct {
		GrantNetworkAdmin struct {
			NetworkMembership struct{ Role, PersonID string }
		}
	}
	testkit.OK(t, e.c.As(admin.ID).Do(grantQ, vars(e.net, pat)), &out)
	if out.GrantNetworkAdmin.NetworkMembership.Role != "ADMIN" {
		t.Errorf("granted %+v", out)
	}
	// Through her coop only: she gets a network membership of her own, as admin.
	testkit.OK(t, e.c.As(pat.ID).Do(grantQ, vars(e.net, coco)), &out)
	if a := e.admins(); len(a) != 3 || !a["Pat"] || !a["Coco"] {
		t.Errorf("admins %v, want Ada, Pat and Coco", a)
	}
	// Revoking one's own role, while others remain.
	testkit.OK(t, e.c.As(coco.ID).Do(revokeQ, vars(e.net, coco)), nil)
	if a := e.admins(); len(a) != 2 || a["Coco"] {
		t.Errorf("admins %v, want Ada and Pat", a)
	}
	// Coco, no longer admin, cannot revoke anyone (her token is the same).
	testkit.OnlyError(t, e.c.As(coco.ID).Do(revokeQ, vars(e.net, pat)), "FORBIDDEN", "")

	// Ada and Pat revoke each other at once: one of them stays admin.
	for range 3 {
		res := testkit.Race(t,
			func() (*testkit.Response, error) { return e.c.As(admin.ID).Post(revokeQ, vars(e.net, pat)) },
			func() (*testkit.Response, error) { return e.c.As(pat.ID).Post(revokeQ, vars(e.net, admin)) },
		)
		ok := 0
		for _, r := range res {
			switch {
			case len(r.Errors) == 0:
				ok++
			case r.Errors[0].Code() != "CONFLICT" && r.Errors[0].Code() != "FORBIDDEN":
				t.Errorf("unexpected %+v", r.Errors)
			}
		}
		a := e.admins()
		if ok != 1 || len(a) != 1 {
			t.Fatalf("%d revokes succeeded, admins now %v: want exactly one of each", ok, a)
		}
		// Make the other one admin again for the next round.
		remaining, back := admin, pat
		if a["Pat"] {
			remaining, back = pat, admin
		}
		testkit.OK(t, e.c.As(remaining.ID).Do(grantQ, vars(e.net, back)), nil)
	}
}
