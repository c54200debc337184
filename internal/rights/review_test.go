package rights_test

import (
	"fmt"
	"testing"

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
