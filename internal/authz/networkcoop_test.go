package authz_test

import (
	"context"
	"slices"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/networkcoop"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/testkit"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// TestNetworkCoopRows: the rows of network_coops (the edge schema of
// Network.coops, issue 19) are read by the participants of their network
// only, and are never written as rows of their own, not even by the
// network's admin (coops join networks through the network's coops edge).
func TestNetworkCoopRows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.db.Client
	as := func(p *ent.Person) context.Context {
		t.Helper()
		v := testkit.Must(authz.LoadViewer(context.Background(), c, p.ID))(t)
		return viewer.NewContext(context.Background(), v)
	}
	for _, tc := range []struct {
		name   string
		person *ent.Person
		want   map[int][]int // network -> coops
	}{
		{"member of A in N", f.MemberA, map[int][]int{f.N.ID: {f.A.ID, f.B.ID}}},
		{"member of C in N and N2", f.MemberC, map[int][]int{f.N.ID: {f.A.ID, f.B.ID}, f.N2.ID: {f.C.ID}}},
		{"outsider", f.Outsider, map[int][]int{}},
	} {
		rows := testkit.Must(c.NetworkCoop.Query().Order(networkcoop.ByCoopID()).All(as(tc.person)))(t)
		got := map[int][]int{}
		for _, r := range rows {
			got[r.NetworkID] = append(got[r.NetworkID], r.CoopID)
		}
		for n, coops := range tc.want {
			slices.Sort(coops)
			if !slices.Equal(got[n], coops) {
				t.Errorf("%s: network %d: coops %v, want %v", tc.name, n, got[n], coops)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: reads the coops of %d networks, want %d", tc.name, len(got), len(tc.want))
		}
	}
	before := f.rowCounts()
	err := c.NetworkCoop.Create().SetNetworkID(f.N2.ID).SetCoopID(f.A.ID).Exec(as(f.Admin))
	// Refused by the audit hook (it knows no such write) before the policy
	// (systemOnly) would.
	if err == nil {
		t.Error("admin creates a network_coops row directly: want a refusal, got none")
	}
	testkit.NothingWritten(t, before, f.rowCounts())
}
