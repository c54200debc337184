package talent_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

const teamQuery = `query($p: ID!) { suggestTeam(projectID: $p) {
  project { name }
  picks { need { skill { name } minLevel hoursPerWeek } person { name email } personSkill { level skill { name } }
          affiliation hoursPerWeek offeredHoursPerWeek reason }
  uncovered { need { skill { name } } missingHeadcount reason } } }`

type teamResult struct {
	SuggestTeam struct {
		Picks []struct {
			Need struct {
				Skill        struct{ Name string }
				MinLevel     int
				HoursPerWeek int
			}
			Person struct {
				Name  string
				Email *string
			}
			PersonSkill struct {
				Level int
				Skill struct{ Name string }
			}
			Affiliation         string
			HoursPerWeek        int
			OfferedHoursPerWeek int
			Reason              string
		}
		Uncovered []struct {
			Need             struct{ Skill struct{ Name string } }
			MissingHeadcount int
			Reason           string
		}
	}
}

func TestSuggestTeam(t *testing.T) {
	w := newWorld(t)
	george := w.person("George", "Leipzig")
	w.join(george, w.c1, membership.StateMEMBER)
	w.has(george, w.golang, 3, false)
	w.offers(george, 10, day(-10), time.Time{})
	helen := w.person("Helen", "Köln")
	w.join(helen, w.c2, membership.StateMEMBER)
	w.has(helen, w.golang, 4, false)
	w.offers(helen, 30, day(-10), time.Time{})

	p := testkit.Must(w.ec.Project.Create().SetLeadCoop(w.c1).SetNetwork(w.net).SetName("Stadtwerk").SetClientName("Stadt").
		SetTotalBudgetCents(10_000_000).SetStartsOn(day(10)).SetEndsOn(day(100)).Save(w.ctx))(t)
	testkit.Must(w.ec.BudgetShare.Create().SetProject(p).SetCoop(w.c2).SetAmountCents(1_000_000).SetHourlyRateCents(8000).SetCurrency("EUR").Save(w.ctx))(t)
	programming := w.skill("Programming", nil)
	testkit.Must(w.ec.Skill.UpdateOne(w.golang).SetParent(programming).Save(w.ctx))(t)
	need := func(s string, level, hours, heads int) {
		sk := map[string]int{"Go": w.golang.ID, "Programming": programming.ID, "Container Orchestration": w.orchestration.ID, "Databases": w.databases.ID}[s]
		testkit.Must(w.ec.ProjectSkillNeed.Create().SetProject(p).SetSkillID(sk).SetMinLevel(level).SetHoursPerWeek(hours).SetHeadcount(heads).Save(w.ctx))(t)
	}
	need("Go", 4, 15, 4)
	need("Programming", 3, 10, 1)
	need("Container Orchestration", 5, 8, 1)
	need("Databases", 5, 10, 1)

	var out teamResult
	w.as(w.viewer).MustDo(teamQuery, map[string]any{"p": testkit.ID(p.ID)}, &out)
	var got []string
	for _, pk := range out.SuggestTeam.Picks {
		got = append(got, fmt.Sprintf("%s≥%d: %s (%s, %s %d) %d/%d h", pk.Need.Skill.Name, pk.Need.MinLevel, pk.Person.Name,
			pk.Affiliation, pk.PersonSkill.Skill.Name, pk.PersonSkill.Level, pk.HoursPerWeek, pk.OfferedHoursPerWeek))
		if pk.Reason == "" {
			t.Errorf("no reason for %s", pk.Person.Name)
		}
		if mate := pk.Person.Name == "Anna" || pk.Person.Name == "George"; (pk.Person.Email != nil) != mate {
			t.Errorf("%s's e-mail visible: %v", pk.Person.Name, pk.Person.Email != nil)
		}
	}
	equal(t, "picks", got, []string{
		"Go≥4: Anna (LEAD_COOP, Go 5) 15/20 h",            // the lead coop first,
		"Go≥4: Helen (PARTNER_COOP, Go 4) 15/30 h",        // then a partner coop,
		"Go≥4: Ben (NETWORK, Go 4) 10/10 h",               // then a freelancer, for the hours he has
		"Programming≥3: George (LEAD_COOP, Go 3) 10/10 h", // a child skill; George has more hours left than Anna
	})
	if r := out.SuggestTeam.Picks[2].Reason; !strings.Contains(r, "covers only 10 of the 15 h/week") {
		t.Errorf("Ben's reason: %s", r)
	}
	var uncovered []string
	for _, u := range out.SuggestTeam.Uncovered {
		uncovered = append(uncovered, fmt.Sprintf("%s: %d", u.Need.Skill.Name, u.MissingHeadcount))
		if u.Reason == "" {
			t.Errorf("no reason for uncovered %s", u.Need.Skill.Name)
		}
	}
	// Frank offers no hours; Ben's are planned already.
	equal(t, "uncovered", uncovered, []string{"Go: 1", "Container Orchestration: 1", "Databases: 1"})

	t.Run("a fixed number of statements", func(t *testing.T) {
		c := w.as(w.viewer)
		count := func() int64 {
			// The fixtures below flush the cached viewer
			// (internal/viewercache): a first request loads it again.
			c.MustDo(`{ __typename }`, nil, nil)
			w.count.Reset()
			c.MustDo(teamQuery, map[string]any{"p": testkit.ID(p.ID)}, nil)
			return w.count.Count()
		}
		before := count()
		for i := range 12 {
			q := w.person(fmt.Sprintf("Gopher %d", i), "Leipzig")
			w.join(q, w.c2, membership.StateMEMBER)
			w.has(q, w.golang, 4+i%2, false)
			w.offers(q, 20, day(-1), time.Time{})
		}
		rust := w.skill("Rust", nil)
		testkit.Must(w.ec.ProjectSkillNeed.Create().SetProject(p).SetSkill(rust).SetMinLevel(1).SetHeadcount(2).Save(w.ctx))(t)
		if after := count(); after != before {
			t.Errorf("%d statements, %d with 12 more candidates and another need", before, after)
		}
	})
	t.Run("who may ask", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			c    func() []string
			want []string
		}{
			{"a partner coop member", func() []string { return w.as(helen).Do(teamQuery, map[string]any{"p": testkit.ID(p.ID)}).Codes() }, nil},
			{"a participant without a share", func() []string { return w.as(w.pia).Do(teamQuery, map[string]any{"p": testkit.ID(p.ID)}).Codes() }, []string{"NOT_FOUND"}},
			{"an outsider", func() []string { return w.as(w.olga).Do(teamQuery, map[string]any{"p": testkit.ID(p.ID)}).Codes() }, []string{"NOT_FOUND"}},
			{"anonymous", func() []string { return w.c.Anonymous().Do(teamQuery, map[string]any{"p": testkit.ID(p.ID)}).Codes() }, []string{"NOT_FOUND"}},
		} {
			if got := tc.c(); !slices.Equal(got, tc.want) {
				t.Errorf("%s: codes %v, want %v", tc.name, got, tc.want)
			}
		}
	})
}
