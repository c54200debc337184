package viewercache

import (
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
)

// TestAffects: which writes flush the cache. Mutations are built, never run.
func TestAffects(t *testing.T) {
	c := ent.NewClient()
	cases := []struct {
		name string
		m    ent.Mutation
		want bool
	}{
		{"membership state", c.Membership.UpdateOneID(1).SetState(membership.StateLEFT).Mutation(), true},
		{"membership created", c.Membership.Create().SetPersonID(1).SetCoopID(2).Mutation(), true},
		{"admin role", c.NetworkMembership.UpdateOneID(1).SetRole(networkmembership.RoleADMIN).Mutation(), true},
		{"coop joins a network", c.Network.UpdateOneID(1).AddCoopIDs(2).Mutation(), true},
		{"coop leaves a network", c.Coop.UpdateOneID(1).RemoveNetworkIDs(2).Mutation(), true},
		{"person erased", c.Person.UpdateOneID(1).SetErasedAt(time.Now()).Mutation(), true},
		{"login given (first admin's claim, cockpit token)", c.Person.UpdateOneID(1).SetSubject("s").Mutation(), true},
		{"pending e-mail confirmed", c.Person.UpdateOneID(1).ClearPendingEmail().SetEmail("a@example.org").Mutation(), true},
		{"person's name", c.Person.UpdateOneID(1).SetName("Ada").Mutation(), false},
		{"coop renamed", c.Coop.UpdateOneID(1).SetName("Coop").Mutation(), false},
		{"network renamed", c.Network.UpdateOneID(1).SetName("Net").Mutation(), false},
		{"skill", c.Skill.UpdateOneID(1).SetName("Go").Mutation(), false},
	}
	for _, tc := range cases {
		if got := Affects(tc.m); got != tc.want {
			t.Errorf("%s: Affects = %v, want %v", tc.name, got, tc.want)
		}
	}
}
