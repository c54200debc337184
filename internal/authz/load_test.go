package authz_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestLoadViewer checks every fact LoadViewer gathers against a world built
// for it, and that it costs one SQL statement whatever the person:
//
//	network N1: coops A, B     N2: coop B      N3: coop C    N4: coop E
//	network N5: coop F         N6: coop G      N7: coop H    N8: coop I
//	coop D belongs to no network
//
//	Vera     MEMBER of A, INTERESTED in B, LEFT C, PAUSED in D, FREELANCER of E,
//	         CANDIDATE of F; PARTICIPANT of N1, ADMIN of N6
//	Mia      MEMBER of A and of D (a coop-mate twice over)
//	Cody     CANDIDATE of A      Ines  INTERESTED in A     Leo  LEFT A
//	Pia      PAUSED in D         Finn  FREELANCER of D     Lena LEFT D
//	Ben      MEMBER of B         Cleo  MEMBER of C         Ella MEMBER of E
//	Ada      ADMIN of N7, no coop
//	Paul     PARTICIPANT of N8, LEFT H (N7)
//	Nobody   nothing at all
func TestLoadViewer(t *testing.T) {
	count := &testkit.CountingDriver{}
	db := testkit.NewDB(t, store.Options{WrapDriver: count.Wrap()})
	c, ctx := db.Client, testkit.System(context.Background())

	nets := map[string]*ent.Network{}
	for _, n := range []string{"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"} {
		nets[n] = testkit.MustOrPanic(c.Network.Create().SetName("Network " + n).SetSlug(strings.ToLower(n)).Save(ctx))
	}
	coops := map[string]*ent.Coop{}
	for name, in := range map[string][]string{
		"A": {"N1"}, "B": {"N1", "N2"}, "C": {"N3"}, "D": nil, "E": {"N4"},
		"F": {"N5"}, "G": {"N6"}, "H": {"N7"}, "I": {"N8"},
	} {
		b := c.Coop.Create().SetName("Coop " + name).SetSlug("coop-" + strings.ToLower(name))
		for _, n := range in {
			b.AddNetworks(nets[n])
		}
		coops[name] = testkit.MustOrPanic(b.Save(ctx))
	}
	persons := map[string]*ent.Person{}
	for _, name := range []string{"Vera", "Mia", "Cody", "Ines", "Leo", "Pia", "Finn", "Lena", "Ben", "Cleo", "Ella", "Ada", "Paul", "Nobody"} {
		persons[name] = testkit.MustOrPanic(c.Person.Create().SetName(name).SetEmail(strings.ToLower(name) + "@example.org").Save(ctx))
	}
	for _, m := range []struct{ person, coop, state string }{
		{"Vera", "A", "MEMBER"}, {"Vera", "B", "INTERESTED"}, {"Vera", "C", "LEFT"},
		{"Vera", "D", "PAUSED"}, {"Vera", "E", "FREELANCER"}, {"Vera", "F", "CANDIDATE"},
		{"Mia", "A", "MEMBER"}, {"Mia", "D", "MEMBER"},
		{"Cody", "A", "CANDIDATE"}, {"Ines", "A", "INTERESTED"}, {"Leo", "A", "LEFT"},
		{"Pia", "D", "PAUSED"}, {"Finn", "D", "FREELANCER"}, {"Lena", "D", "LEFT"},
		{"Ben", "B", "MEMBER"}, {"Cleo", "C", "MEMBER"}, {"Ella", "E", "MEMBER"},
		{"Paul", "H", "LEFT"},
	} {
		testkit.MustOrPanic(c.Membership.Create().SetPerson(persons[m.person]).SetCoop(coops[m.coop]).
			SetState(membership.State(m.state)).Save(ctx))
	}
	for _, nm := range []struct {
		network, person string
		role            networkmembership.Role
	}{
		{"N1", "Vera", networkmembership.RolePARTICIPANT},
		{"N6", "Vera", networkmembership.RoleADMIN},
		{"N7", "Ada", networkmembership.RoleADMIN},
		{"N8", "Paul", networkmembership.RolePARTICIPANT},
	} {
		testkit.MustOrPanic(c.NetworkMembership.Create().SetNetwork(nets[nm.network]).SetPerson(persons[nm.person]).
			SetRole(nm.role).Save(ctx))
	}

	label := map[int]string{}
	for n, e := range nets {
		label[e.ID] = n
	}
	for n, e := range coops {
		label[e.ID] = "coop " + n
	}
	for n, e := range persons {
		label[e.ID] = n
	}

	type want struct {
		memberships                         map[string]string
		networks, adminOf, directory, mates []string
	}
	for _, tc := range []struct {
		person string
		want   want
	}{
		{"Vera", want{
			// LEFT stays in Memberships, but C brings neither N3 nor coop-mates.
			memberships: map[string]string{"A": "MEMBER", "B": "INTERESTED", "C": "LEFT", "D": "PAUSED", "E": "FREELANCER", "F": "CANDIDATE"},
			// N1 directly and through A; N2 through B (INTERESTED counts);
			// N4, N5 through E, F; N6 directly.
			networks:  []string{"N1", "N2", "N4", "N5", "N6"},
			adminOf:   []string{"N6"},
			directory: []string{"A", "B", "E", "F", "G"},
			// Current members of A (MEMBER) and D (PAUSED), herself included;
			// not Leo and Lena (LEFT), nor Ben, Cleo, Ella (coops where she
			// is INTERESTED, LEFT, FREELANCER).
			mates: []string{"Vera", "Mia", "Cody", "Ines", "Pia", "Finn"},
		}},
		{"Mia", want{
			memberships: map[string]string{"A": "MEMBER", "D": "MEMBER"},
			networks:    []string{"N1"},
			directory:   []string{"A", "B"},
			mates:       []string{"Vera", "Mia", "Cody", "Ines", "Pia", "Finn"},
		}},
		{"Pia", want{ // PAUSED is a member: she sees D's people
			memberships: map[string]string{"D": "PAUSED"},
			mates:       []string{"Vera", "Mia", "Pia", "Finn"},
		}},
		{"Cody", want{ // a CANDIDATE takes part in A's networks but has no coop-mates
			memberships: map[string]string{"A": "CANDIDATE"},
			networks:    []string{"N1"},
			directory:   []string{"A", "B"},
		}},
		{"Leo", want{memberships: map[string]string{"A": "LEFT"}}},
		{"Ella", want{
			memberships: map[string]string{"E": "MEMBER"},
			networks:    []string{"N4"},
			directory:   []string{"E"},
			mates:       []string{"Vera", "Ella"}, // Vera is a FREELANCER there
		}},
		{"Ada", want{networks: []string{"N7"}, adminOf: []string{"N7"}, directory: []string{"H"}}},
		{"Paul", want{ // LEFT H: N8 only, as a PARTICIPANT
			memberships: map[string]string{"H": "LEFT"},
			networks:    []string{"N8"},
			directory:   []string{"I"},
		}},
		{"Nobody", want{}},
	} {
		t.Run(tc.person, func(t *testing.T) {
			p := persons[tc.person]
			count.Reset()
			v, err := authz.LoadViewer(context.Background(), c, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if n := count.Count(); n != 1 {
				t.Errorf("LoadViewer sent %d SQL statements, want 1", n)
			}
			if v.PersonID != p.ID {
				t.Errorf("PersonID = %d, want %d", v.PersonID, p.ID)
			}
			wantMs := map[int]string{}
			for co, s := range tc.want.memberships {
				wantMs[coops[co].ID] = s
			}
			if !maps.Equal(v.Memberships, wantMs) {
				t.Errorf("Memberships = %v, want %v", v.Memberships, wantMs)
			}
			idsOf := func(names []string, id func(string) int) []int {
				ids := []int{}
				for _, n := range names {
					ids = append(ids, id(n))
				}
				slices.Sort(ids)
				return ids
			}
			netID := func(n string) int { return nets[n].ID }
			coopID := func(n string) int { return coops[n].ID }
			personID := func(n string) int { return persons[n].ID }
			for _, f := range []struct {
				field string
				got   map[int]bool
				want  []int
			}{
				{"Networks", v.Networks, idsOf(tc.want.networks, netID)},
				{"AdminOf", v.AdminOf, idsOf(tc.want.adminOf, netID)},
				{"DirectoryCoops", v.DirectoryCoops, idsOf(tc.want.directory, coopID)},
				{"CoopMates", v.CoopMates, idsOf(tc.want.mates, personID)},
			} {
				got := []int{}
				for id, ok := range f.got {
					if !ok {
						t.Errorf("%s holds %d as false", f.field, id)
					}
					got = append(got, id)
				}
				slices.Sort(got)
				if !slices.Equal(got, f.want) {
					t.Errorf("%s = %s, want %s", f.field, spell(got, label), spell(f.want, label))
				}
			}
		})
	}
}

// spell writes IDs with the world's names (every type has its own ID range
// on both databases, so one map serves all).
func spell(ids []int, label map[int]string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = label[id]
		if out[i] == "" {
			out[i] = fmt.Sprint(id)
		}
	}
	return "[" + strings.Join(out, " ") + "]"
}
