package talent_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/projectskillneed"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// A project's skill needs configured through the API (issue 16, item 2,
// rule ManageSkillNeeds), and suggestTeam reporting the hours its picks
// leave uncovered.

const (
	needSel     = `projectSkillNeed { id minLevel hoursPerWeek headcount startsOn endsOn skill { name } }`
	needAddQ    = `mutation($in: AddProjectSkillNeedInput!) { addProjectSkillNeed(input: $in) { ` + needSel + ` } }`
	needUpdateQ = `mutation($id: ID!, $in: UpdateProjectSkillNeedInput!) { updateProjectSkillNeed(id: $id, input: $in) { ` + needSel + ` } }`
	needRemoveQ = `mutation($id: ID!) { removeProjectSkillNeed(id: $id) { removedID project { skillNeeds(first: 10) { totalCount } } } }`
	shortfallQ  = `query($p: ID!) { suggestTeam(projectID: $p) {
  picks { need { skill { name } } person { name } hoursPerWeek offeredHoursPerWeek shortfallHoursPerWeek }
  uncovered { need { skill { name } } missingHeadcount }
  shortfalls { need { skill { name } } neededHoursPerWeek coveredHoursPerWeek shortfallHoursPerWeek } } }`
)

type needJSON struct {
	ID           string
	MinLevel     int
	HoursPerWeek int
	Headcount    int
	StartsOn     *time.Time
	EndsOn       *time.Time
	Skill        struct{ Name string }
}

// needWorld: coop Lead leads project P (announced in the network, from day
// 10 to day 100); coop Partner holds a share of P; network N2 has a skill
// Rust and the lead's member takes part in N2 too (so reads it).
type needWorld struct {
	*env
	lead, partner         *ent.Coop
	member, partnerMember *ent.Person
	freelancer, stranger  *ent.Person
	p                     *ent.Project
	golang, k8s, pg, rust *ent.Skill
	archived              *ent.Skill
	n2                    *ent.Network
}

func newNeedWorld(t *testing.T) *needWorld {
	e := newEnv(t)
	w := &needWorld{env: e}
	w.lead, w.partner = e.coop("Lead"), e.coop("Partner")
	w.member = e.person("Mia", "Leipzig")
	e.join(w.member, w.lead, membership.StateMEMBER)
	w.partnerMember = e.person("Pia", "Berlin")
	e.join(w.partnerMember, w.partner, membership.StateMEMBER)
	w.freelancer = e.person("Fred", "Köln")
	e.join(w.freelancer, w.lead, membership.StateFREELANCER)
	w.stranger = e.outsider("Stan", "Hamburg")
	w.golang, w.k8s, w.pg = e.skill("Go", nil), e.skill("Kubernetes", nil), e.skill("PostgreSQL", nil)
	w.archived = e.skill("COBOL", nil)
	testkit.Must(e.ec.Skill.UpdateOne(w.archived).SetArchivedAt(t0).Save(e.ctx))(t)
	w.n2 = testkit.Must(e.ec.Network.Create().SetName("Other").SetSlug("other").Save(e.ctx))(t)
	w.rust = testkit.Must(e.ec.Skill.Create().SetNetwork(w.n2).SetName("Rust").SetCompetenceArea("Tech").Save(e.ctx))(t)
	testkit.Must(e.ec.NetworkMembership.Create().SetNetwork(w.n2).SetPerson(w.member).SetRole(networkmembership.RolePARTICIPANT).Save(e.ctx))(t)
	w.p = testkit.Must(e.ec.Project.Create().SetLeadCoop(w.lead).SetNetwork(e.net).SetName("Stadtwerk").SetClientName("Stadt").
		SetTotalBudgetCents(10_000_000).SetStartsOn(day(10)).SetEndsOn(day(100)).Save(e.ctx))(t)
	testkit.Must(e.ec.BudgetShare.Create().SetProject(w.p).SetCoop(w.partner).SetAmountCents(1_000_000).
		SetHourlyRateCents(8000).SetCurrency("EUR").Save(e.ctx))(t)
	return w
}

func (w *needWorld) needs() string {
	w.t.Helper()
	ns := testkit.Must(w.ec.ProjectSkillNeed.Query().Where(projectskillneed.ProjectID(w.p.ID)).WithSkill().All(w.ctx))(w.t)
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%s≥%d %dh×%d", n.Edges.Skill.Name, n.MinLevel, n.HoursPerWeek, n.Headcount))
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

func TestProjectSkillNeedsThroughTheAPI(t *testing.T) {
	w := newNeedWorld(t)
	add := func(as *ent.Person, in map[string]any) *testkit.Response {
		return w.as(as).Do(needAddQ, map[string]any{"in": in})
	}
	var out struct {
		AddProjectSkillNeed struct{ ProjectSkillNeed needJSON }
	}
	testkit.OK(t, add(w.member, map[string]any{"projectID": testkit.ID(w.p.ID), "skillID": testkit.ID(w.golang.ID),
		"minLevel": 4, "hoursPerWeek": 40, "headcount": 2, "startsOn": day(20), "endsOn": day(90)}), &out)
	got := out.AddProjectSkillNeed.ProjectSkillNeed
	if got.Skill.Name != "Go" || got.MinLevel != 4 || got.HoursPerWeek != 40 || got.Headcount != 2 ||
		got.StartsOn == nil || !got.StartsOn.Equal(day(20)) || got.EndsOn == nil || !got.EndsOn.Equal(day(90)) {
		t.Errorf("added %+v", got)
	}
	goNeed := got.ID
	testkit.OK(t, add(w.member, map[string]any{"projectID": testkit.ID(w.p.ID), "skillID": testkit.ID(w.k8s.ID)}), &out)
	if got := out.AddProjectSkillNeed.ProjectSkillNeed; got.MinLevel != 3 || got.HoursPerWeek != 20 || got.Headcount != 1 || got.StartsOn != nil {
		t.Errorf("defaults: %+v", got)
	}
	k8sNeed := out.AddProjectSkillNeed.ProjectSkillNeed.ID

	var upd struct {
		UpdateProjectSkillNeed struct{ ProjectSkillNeed needJSON }
	}
	testkit.OK(t, w.as(w.member).Do(needUpdateQ, map[string]any{"id": goNeed, "in": map[string]any{"hoursPerWeek": 30, "clearStartsOn": true}}), &upd)
	if got := upd.UpdateProjectSkillNeed.ProjectSkillNeed; got.HoursPerWeek != 30 || got.StartsOn != nil || got.EndsOn == nil || got.MinLevel != 4 {
		t.Errorf("updated %+v", got)
	}

	t.Run("refused actors and bad input change nothing", func(t *testing.T) {
		pid, gid := testkit.ID(w.p.ID), testkit.ID(w.pg.ID)
		in := func(kv ...any) map[string]any {
			m := map[string]any{"projectID": pid, "skillID": gid}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return map[string]any{"in": m}
		}
		cases := []struct {
			name        string
			as          *ent.Person
			query       string
			vars        map[string]any
			code, field string
		}{
			{"a partner's member adds (reads the project)", w.partnerMember, needAddQ, in(), "FORBIDDEN", ""},
			{"a partner's member updates", w.partnerMember, needUpdateQ, map[string]any{"id": goNeed, "in": map[string]any{"headcount": 9}}, "FORBIDDEN", ""},
			{"a partner's member removes", w.partnerMember, needRemoveQ, map[string]any{"id": goNeed}, "FORBIDDEN", ""},
			{"a freelancer of the lead coop adds", w.freelancer, needAddQ, in(), "NOT_FOUND", "projectID"},
			{"a stranger adds", w.stranger, needAddQ, in(), "NOT_FOUND", "projectID"},
			{"a stranger updates", w.stranger, needUpdateQ, map[string]any{"id": goNeed, "in": map[string]any{"headcount": 9}}, "NOT_FOUND", "id"},
			{"a stranger removes", w.stranger, needRemoveQ, map[string]any{"id": goNeed}, "NOT_FOUND", "id"},
			{"a skill of another network", w.member, needAddQ, in("skillID", testkit.ID(w.rust.ID)), "BAD_USER_INPUT", "skillID"},
			{"an archived skill", w.member, needAddQ, in("skillID", testkit.ID(w.archived.ID)), "BAD_USER_INPUT", "skillID"},
			{"a skill already needed", w.member, needAddQ, in("skillID", testkit.ID(w.golang.ID)), "CONFLICT", "skillID"},
			{"a level of 6", w.member, needAddQ, in("minLevel", 6), "BAD_USER_INPUT", "minLevel"},
			{"no hours", w.member, needAddQ, in("hoursPerWeek", 0), "BAD_USER_INPUT", "hoursPerWeek"},
			{"no heads", w.member, needAddQ, in("headcount", 0), "BAD_USER_INPUT", "headcount"},
			{"before the project", w.member, needAddQ, in("startsOn", day(5)), "BAD_USER_INPUT", "startsOn"},
			{"after the project", w.member, needAddQ, in("endsOn", day(101)), "BAD_USER_INPUT", "endsOn"},
			{"ends before it starts", w.member, needAddQ, in("startsOn", day(50), "endsOn", day(40)), "BAD_USER_INPUT", "endsOn"},
			{"updated past the project", w.member, needUpdateQ, map[string]any{"id": k8sNeed, "in": map[string]any{"endsOn": day(200)}}, "BAD_USER_INPUT", "endsOn"},
			{"updated to no hours", w.member, needUpdateQ, map[string]any{"id": k8sNeed, "in": map[string]any{"hoursPerWeek": 0}}, "BAD_USER_INPUT", "hoursPerWeek"},
			{"anonymous", nil, needAddQ, in(), "UNAUTHENTICATED", ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before, needs := testkit.RowCounts(t, w.db), w.needs()
				c := w.c.Anonymous()
				if tc.as != nil {
					c = w.as(tc.as)
				}
				testkit.OnlyError(t, c.Do(tc.query, tc.vars), tc.code, tc.field)
				testkit.NothingWritten(t, before, testkit.RowCounts(t, w.db))
				if n := w.needs(); n != needs {
					t.Errorf("needs changed from %s to %s", needs, n)
				}
			})
		}
	})

	t.Run("two adds of one skill at once: one need", func(t *testing.T) {
		add := func() (*testkit.Response, error) {
			return w.as(w.member).Post(needAddQ, map[string]any{"in": map[string]any{"projectID": testkit.ID(w.p.ID), "skillID": testkit.ID(w.pg.ID)}})
		}
		res := testkit.Race(t, add, add)
		ok, conflict := 0, 0
		for _, r := range res {
			switch {
			case len(r.Errors) == 0:
				ok++
			case r.Errors[0].Code() == "CONFLICT":
				conflict++
			default:
				t.Errorf("unexpected %+v", r.Errors)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Errorf("%d added, %d conflicts; want 1 and 1", ok, conflict)
		}
	})

	var rm struct {
		RemoveProjectSkillNeed struct {
			RemovedID string
			Project   struct{ SkillNeeds struct{ TotalCount int } }
		}
	}
	testkit.OK(t, w.as(w.member).Do(needRemoveQ, map[string]any{"id": k8sNeed}), &rm)
	if rm.RemoveProjectSkillNeed.RemovedID != k8sNeed || rm.RemoveProjectSkillNeed.Project.SkillNeeds.TotalCount != 2 {
		t.Errorf("removed %+v", rm)
	}
	if n := w.needs(); n != "Go≥4 30h×2; PostgreSQL≥3 20h×1" {
		t.Errorf("needs left: %s", n)
	}
}

// TestSuggestTeamReportsShortfall: needs added through the API; a pick
// offering 25 of the 40 h/week needed leaves a shortfall of 15; a need with
// a head nobody covers counts it whole; a need's own period decides whose
// hours count.
func TestSuggestTeamReportsShortfall(t *testing.T) {
	w := newNeedWorld(t)
	anna := w.person("Anna", "Leipzig")
	w.join(anna, w.lead, membership.StateMEMBER)
	w.has(anna, w.golang, 4, false)
	w.offers(anna, 25, day(-10), time.Time{})
	bob := w.person("Bob", "Berlin")
	w.has(bob, w.golang, 5, false)
	w.offers(bob, 20, day(-10), time.Time{})
	carl := w.person("Carl", "Köln")
	w.has(carl, w.k8s, 3, false)
	w.offers(carl, 4, day(-10), time.Time{})
	dora := w.person("Dora", "Halle")
	w.has(dora, w.pg, 5, false)
	w.offers(dora, 30, day(-10), day(50)) // gone before the PostgreSQL need starts

	add := func(in map[string]any) {
		in["projectID"] = testkit.ID(w.p.ID)
		testkit.OK(t, w.as(w.member).Do(needAddQ, map[string]any{"in": in}), nil)
	}
	add(map[string]any{"skillID": testkit.ID(w.golang.ID), "minLevel": 3, "hoursPerWeek": 40, "headcount": 1})
	add(map[string]any{"skillID": testkit.ID(w.k8s.ID), "minLevel": 3, "hoursPerWeek": 10, "headcount": 2})
	add(map[string]any{"skillID": testkit.ID(w.pg.ID), "minLevel": 3, "hoursPerWeek": 10, "headcount": 1, "startsOn": day(60)})

	var out struct {
		SuggestTeam struct {
			Picks []struct {
				Need                                                     struct{ Skill struct{ Name string } }
				Person                                                   struct{ Name string }
				HoursPerWeek, OfferedHoursPerWeek, ShortfallHoursPerWeek int
			}
			Uncovered []struct {
				Need             struct{ Skill struct{ Name string } }
				MissingHeadcount int
			}
			Shortfalls []struct {
				Need                                                           struct{ Skill struct{ Name string } }
				NeededHoursPerWeek, CoveredHoursPerWeek, ShortfallHoursPerWeek int
			}
		}
	}
	testkit.OK(t, w.as(w.member).Do(shortfallQ, map[string]any{"p": testkit.ID(w.p.ID)}), &out)
	var picks, short, unc []string
	for _, pk := range out.SuggestTeam.Picks {
		picks = append(picks, fmt.Sprintf("%s: %s %d/%d h, short %d", pk.Need.Skill.Name, pk.Person.Name, pk.HoursPerWeek, pk.OfferedHoursPerWeek, pk.ShortfallHoursPerWeek))
	}
	for _, s := range out.SuggestTeam.Shortfalls {
		short = append(short, fmt.Sprintf("%s: %d of %d h, short %d", s.Need.Skill.Name, s.CoveredHoursPerWeek, s.NeededHoursPerWeek, s.ShortfallHoursPerWeek))
	}
	for _, u := range out.SuggestTeam.Uncovered {
		unc = append(unc, fmt.Sprintf("%s ×%d", u.Need.Skill.Name, u.MissingHeadcount))
	}
	want := map[string]string{
		// Anna (lead coop) is preferred over Bob; she offers 25 of the 40 h.
		"picks":      "Go: Anna 25/25 h, short 15 | Kubernetes: Carl 4/4 h, short 6",
		"shortfalls": "Go: 25 of 40 h, short 15 | Kubernetes: 4 of 20 h, short 16 | PostgreSQL: 0 of 10 h, short 10",
		"uncovered":  "Kubernetes ×1 | PostgreSQL ×1",
	}
	gotAll := map[string]string{"picks": strings.Join(picks, " | "), "shortfalls": strings.Join(short, " | "), "uncovered": strings.Join(unc, " | ")}
	for k, v := range want {
		if gotAll[k] != v {
			t.Errorf("%s:\n got %s\nwant %s", k, gotAll[k], v)
		}
	}

	// Anna raises her hours to 45: she now covers the Go need in full, and
	// Go's shortfall is gone.
	testkit.Must(w.ec.Availability.Create().SetPerson(anna).SetHoursPerWeek(45).SetAvailableFrom(day(-5)).Save(w.ctx))(t)
	testkit.OK(t, w.as(w.member).Do(shortfallQ, map[string]any{"p": testkit.ID(w.p.ID)}), &out)
	for _, s := range out.SuggestTeam.Shortfalls {
		if s.Need.Skill.Name == "Go" {
			t.Errorf("Go still short: %+v", s)
		}
	}
}
