package rights_test

import (
	"fmt"
	"testing"

	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Review of issue 16: two admins of a network erase their data at the same
// moment. Each erasure checks that another admin remains, so at most one of
// them may succeed: the network always keeps an admin. The erasure must
// serialise with the other writes that change a network's admins (it locks
// the network rows, as grantNetworkAdmin and revokeNetworkAdmin do).
func TestReviewConcurrentAdminErasuresKeepAnAdmin(t *testing.T) {
	e := newEnv(t)
	const eraseQ = `mutation($c: String!) { eraseMe(confirm: $c) { personID } }`
	for i := range 8 {
		t.Run(fmt.Sprint("round ", i), func(t *testing.T) {
			n := testkit.Must(e.ec.Network.Create().SetName(fmt.Sprintf("Review %d", i)).SetSlug(fmt.Sprintf("review-%d", i)).Save(e.ctx))(t)
			var clients []*testkit.Client
			var names []string
			for j := range 2 {
				name := fmt.Sprintf("Admin %d-%d", i, j)
				p := testkit.Must(e.ec.Person.Create().SetName(name).SetEmail(fmt.Sprintf("admin%d-%d@review.example", i, j)).Save(e.ctx))(t)
				testkit.Must(e.ec.NetworkMembership.Create().SetNetworkID(n.ID).SetPersonID(p.ID).SetRole(networkmembership.RoleADMIN).Save(e.ctx))(t)
				clients, names = append(clients, e.c.As(p.ID)), append(names, name)
			}
			res := testkit.Race(t,
				func() (*testkit.Response, error) { return clients[0].Post(eraseQ, map[string]any{"c": names[0]}) },
				func() (*testkit.Response, error) { return clients[1].Post(eraseQ, map[string]any{"c": names[1]}) },
			)
			won := 0
			for j, r := range res {
				if len(r.Errors) == 0 {
					won++
				} else if c := r.Errors[0].Code(); c != "CONFLICT" {
					t.Errorf("erasure %d: %s %q, want CONFLICT for the loser", j, c, r.Errors[0].Message)
				}
			}
			admins := testkit.Must(e.ec.NetworkMembership.Query().Where(networkmembership.NetworkID(n.ID), networkmembership.RoleEQ(networkmembership.RoleADMIN)).Count(e.ctx))(t)
			if won != 1 || admins != 1 {
				t.Errorf("%d erasures succeeded and the network has %d admins; want 1 and 1", won, admins)
			}
		})
	}
}

// Review of issue 16: an admin erases a person (erasePerson) while that
// person joins a coop (joinCoop). The erasure is refused while the person
// has a current relation with a coop, so both may not succeed: an erased
// person never holds a current (INTERESTED) membership.
func TestReviewErasureRacesJoinCoop(t *testing.T) {
	e := newEnv(t)
	anna := e.person(annaEmail)
	asAnna := e.c.As(anna.ID)
	target := testkit.Must(e.ec.Coop.Query().Where(coop.HasNetworksWith(network.ID(e.net.ID))).First(e.ctx))(t)
	const eraseQ = `mutation($p: ID!) { erasePerson(personID: $p, reason: "asked by letter") { personID } }`
	const joinQ = `mutation($c: ID!) { joinCoop(coopID: $c) { membership { id } } }`
	for i := range 8 {
		t.Run(fmt.Sprint("round ", i), func(t *testing.T) {
			p := testkit.Must(e.ec.Person.Create().SetName(fmt.Sprintf("Joiner %d", i)).SetEmail(fmt.Sprintf("joiner%d@review.example", i)).Save(e.ctx))(t)
			testkit.Must(e.ec.NetworkMembership.Create().SetNetworkID(e.net.ID).SetPersonID(p.ID).Save(e.ctx))(t)
			asP := e.c.As(p.ID)
			res := testkit.Race(t,
				func() (*testkit.Response, error) { return asAnna.Post(eraseQ, map[string]any{"p": testkit.ID(p.ID)}) },
				func() (*testkit.Response, error) { return asP.Post(joinQ, map[string]any{"c": testkit.ID(target.ID)}) },
			)
			for j, r := range res {
				for _, er := range r.Errors {
					if c := er.Code(); c == "INTERNAL" || c == "" {
						t.Errorf("request %d: %s %q", j, c, er.Message)
					}
				}
			}
			erased := testkit.Must(e.ec.Person.Get(e.ctx, p.ID))(t).ErasedAt != nil
			current := testkit.Must(e.ec.Membership.Query().Where(membership.PersonID(p.ID), membership.StateNEQ(membership.StateLEFT)).Count(e.ctx))(t)
			if erased && current > 0 {
				t.Errorf("the person is erased and holds %d current membership(s) (erasure: %v, join: %v)", current, res[0].Errors, res[1].Errors)
			}
		})
	}
}
