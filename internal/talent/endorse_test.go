package talent_test

import (
	"slices"
	"testing"

	"github.com/coopnetwork/cockpit/ent/endorsement"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const endorseMutation = `mutation($ps: ID!) { endorseSkill(personSkillID: $ps) {
  endorsement { endorser { name } personSkill { endorsementCount person { name } } } } }`

const withdrawMutation = `mutation($ps: ID!) { withdrawEndorsement(personSkillID: $ps) { personSkill { endorsementCount } } }`

func TestEndorsementRules(t *testing.T) {
	w := newWorld(t)
	annaK8s := testkit.Must(w.ec.PersonSkill.Query().Where(personskill.PersonID(w.anna.ID), personskill.SkillID(w.kubernetes.ID)).Only(w.ctx))(t)
	testkit.Must(w.ec.PersonSkill.UpdateOne(annaK8s).SetEndorsementCount(0).Save(w.ctx))(t)
	vars := map[string]any{"ps": testkit.ID(annaK8s.ID)}

	// Each step depends on the ones before: the table is a story.
	steps := []struct {
		name  string
		as    string
		query string
		code  string // "" = success
		count int    // endorsements of Anna's Kubernetes afterwards
	}{
		{"nobody endorses their own skill", "anna", endorseMutation, "FORBIDDEN", 0},
		{"an outsider cannot even see the skill", "olga", endorseMutation, "NOT_FOUND", 0},
		{"anonymous", "", endorseMutation, "UNAUTHENTICATED", 0},
		{"a participant endorses", "pia", endorseMutation, "", 1},
		{"once per endorser", "pia", endorseMutation, "CONFLICT", 1},
		{"another participant endorses", "ben", endorseMutation, "", 2},
		{"a coop-mate endorses", "viewer", endorseMutation, "", 3},
		{"withdrawn", "ben", withdrawMutation, "", 2},
		{"withdrawn twice", "ben", withdrawMutation, "NOT_FOUND", 2},
		{"endorsed again", "ben", endorseMutation, "", 3},
	}
	who := map[string]*testkit.Client{"": w.c.Anonymous()}
	for name, p := range map[string]int{"anna": w.anna.ID, "olga": w.olga.ID, "pia": w.pia.ID, "ben": w.ben.ID, "viewer": w.viewer.ID} {
		who[name] = w.c.As(p)
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			res := who[st.as].Do(st.query, vars)
			var want []string
			if st.code != "" {
				want = []string{st.code}
			}
			if got := res.Codes(); !slices.Equal(got, want) {
				t.Errorf("codes %v, want %v: %+v", got, want, res.Errors)
			}
			n := testkit.Must(w.ec.Endorsement.Query().Where(endorsement.PersonSkillID(annaK8s.ID)).Count(w.ctx))(t)
			kept := testkit.Must(w.ec.PersonSkill.Get(w.ctx, annaK8s.ID))(t).EndorsementCount
			if n != st.count || kept != st.count {
				t.Errorf("%d endorsements, count kept as %d, want %d", n, kept, st.count)
			}
		})
	}

	// shown reads the person skill's endorsements as c: the kept count, the
	// connection's totalCount and the endorsers' names, sorted.
	shown := func(t *testing.T, c *testkit.Client) (count, total int, names []string) {
		t.Helper()
		var out struct {
			Node struct {
				EndorsementCount int
				Endorsements     struct {
					TotalCount int
					Edges      []struct {
						Node struct{ Endorser struct{ Name string } }
					}
				}
			}
		}
		decode(t, c.Do(`query($ps: ID!) { node(id: $ps) { ... on PersonSkill { endorsementCount
			endorsements(orderBy: {field: CREATED_AT}) { totalCount edges { node { endorser { name } } } } } } }`, vars), &out)
		for _, e := range out.Node.Endorsements.Edges {
			names = append(names, e.Node.Endorser.Name)
		}
		slices.Sort(names)
		return out.Node.EndorsementCount, out.Node.Endorsements.TotalCount, names
	}

	t.Run("shown with the endorser", func(t *testing.T) {
		count, total, names := shown(t, w.as(w.pia))
		if count != 3 || total != 3 || !slices.Equal(names, []string{"Ben", "Pia", "Vera Viewer"}) {
			t.Errorf("endorsements: count %d, totalCount %d, endorsers %q", count, total, names)
		}
	})

	t.Run("endorsements count in the ranking, up to 5", func(t *testing.T) {
		w.t = t
		p := w.search(w.as(w.viewer), reqs(req("Kubernetes", 4)), 20, nil)
		if a := p.match("Anna"); a == nil || a.Score != 100+40+5+3 {
			t.Errorf("Anna's score with 3 endorsements: %+v", a)
		}
	})

	// An endorsement given stays (history is kept) and keeps counting, but
	// whoever may no longer see the endorser does not see who it was: no
	// error for a non-null endorser the viewer may not read.
	t.Run("an endorser who left the network", func(t *testing.T) {
		testkit.Must(w.ec.NetworkMembership.Delete().Where(networkmembership.PersonID(w.pia.ID)).Exec(w.ctx))(t)
		count, total, names := shown(t, w.as(w.ben))
		if count != 3 || total != 2 || !slices.Equal(names, []string{"Ben", "Vera Viewer"}) {
			t.Errorf("endorsements after Pia left, as Ben: count %d, totalCount %d, endorsers %q", count, total, names)
		}
	})

	t.Run("no endorsement mutations through generic inputs", func(t *testing.T) {
		res := w.as(w.pia).Do(`mutation($ps: ID!) { updatePersonSkill(id: $ps, input: {endorsementCount: 99}) { personSkill { id } } }`, vars)
		if len(res.Errors) == 0 {
			t.Errorf("endorsementCount is writable")
		}
	})
}
