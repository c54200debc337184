package talent_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// world is a hand-built network whose rankings are worked out by hand in
// the tests below (score: 100 per met requirement + 10 per level + 5 for the
// named skill itself + 1 per endorsement up to 5).
type world struct {
	*env
	databases, postgres, mariadb, orchestration, kubernetes, golang *ent.Skill
	c1, c2                                                          *ent.Coop

	viewer *ent.Person // admin, MEMBER of c1
	anna   *ent.Person // Go 5, Kubernetes 4 (2 endorsements), Leipzig, MEMBER of c1, 20 h open-ended
	ben    *ent.Person // Go 4, Kubernetes 5, PostgreSQL 3, Berlin, FREELANCER in c2, 10 h Jan-Mar 2027
	carla  *ent.Person // Go 3, MariaDB 4, Leipzig, no coop, 30 h that ended
	dana   *ent.Person // wants to learn Databases (2) and Go (1), Köln
	frank  *ent.Person // Go 5, in the network only as MEMBER of c2
	olga   *ent.Person // Kubernetes 5, outside the network
	pia    *ent.Person // a participant without coop and skills
}

func newWorld(t *testing.T) *world {
	e := newEnv(t)
	w := &world{env: e}
	w.databases = e.skill("Databases", nil)
	w.postgres = e.skill("PostgreSQL", w.databases, "Postgres", "psql")
	w.mariadb = e.skill("MariaDB", w.databases)
	w.orchestration = e.skill("Container Orchestration", nil)
	w.kubernetes = e.skill("Kubernetes", w.orchestration, "k8s")
	w.golang = e.skill("Go", nil, "Golang")
	w.c1, w.c2 = e.coop("Kollektiv Eins"), e.coop("Kollektiv Zwei")

	w.viewer = e.person("Vera Viewer", "Leipzig")
	e.admin(w.viewer)
	e.join(w.viewer, w.c1, membership.StateMEMBER)

	w.anna = e.person("Anna", "Leipzig")
	e.join(w.anna, w.c1, membership.StateMEMBER)
	e.has(w.anna, w.golang, 5, false)
	k := e.has(w.anna, w.kubernetes, 4, false)
	testkit.Must(e.ec.PersonSkill.UpdateOne(k).SetEndorsementCount(2).Save(e.ctx))(t)
	e.offers(w.anna, 20, day(-30), time.Time{})

	w.ben = e.person("Ben", "Berlin")
	e.join(w.ben, w.c2, membership.StateFREELANCER)
	e.has(w.ben, w.golang, 4, false)
	e.has(w.ben, w.kubernetes, 5, false)
	e.has(w.ben, w.postgres, 3, false)
	e.offers(w.ben, 10, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC))

	w.carla = e.person("Carla", "leipzig")
	e.has(w.carla, w.golang, 3, false)
	e.has(w.carla, w.mariadb, 4, false)
	e.offers(w.carla, 30, day(-100), day(-1))

	w.dana = e.person("Dana", "Köln")
	e.has(w.dana, w.databases, 2, true)
	e.has(w.dana, w.golang, 1, true)

	w.frank = e.outsider("Frank", "Hamburg")
	e.join(w.frank, w.c2, membership.StateMEMBER)
	e.has(w.frank, w.golang, 5, false)

	w.olga = e.outsider("Olga", "Leipzig")
	e.has(w.olga, w.kubernetes, 5, false)

	w.pia = e.person("Pia", "Dresden")
	return w
}

func TestSearchMatching(t *testing.T) {
	w := newWorld(t)
	v := w.as(w.viewer)
	cases := []struct {
		name   string
		in     map[string]any
		want   []string
		scores []int
	}{
		{"alias, case-insensitive", reqs(req("K8S", 4)), []string{"Ben", "Anna"}, []int{155, 147}},
		{"by ID", reqs(map[string]any{"skillID": testkit.ID(w.kubernetes.ID), "minLevel": 4}), []string{"Ben", "Anna"}, []int{155, 147}},
		{"parent skill matches child skills", reqs(req("Databases", 3)), []string{"Carla", "Ben"}, []int{140, 130}},
		{"child skill by its alias", reqs(req("postgres", 1)), []string{"Ben"}, []int{135}},
		{"level threshold", reqs(req("Go", 4)), []string{"Anna", "Frank", "Ben"}, []int{155, 155, 145}},
		{"level threshold 5", reqs(req("golang", 5)), []string{"Anna", "Frank"}, []int{155, 155}},
		{"several requirements rank by coverage first", reqs(req("Go", 3), req("k8s", 4), req("Postgres", 1)),
			[]string{"Ben", "Anna", "Frank", "Carla"}, []int{435, 302, 155, 135}},
		{"requireAll", with(reqs(req("Go", 3), req("k8s", 4)), "requireAll", true), []string{"Anna", "Ben"}, []int{302, 300}},
		{"city, case-insensitive", with(reqs(req("Go", 1)), "city", "LEIPZIG"), []string{"Anna", "Carla"}, []int{155, 135}},
		// Coop and pathway filters see only the memberships the viewer may
		// read (a member of Kollektiv Eins: its own coop's), so they reveal
		// nothing about Kollektiv Zwei (see TestSearchMembershipFilters).
		{"coop", with(reqs(req("Go", 1)), "coopID", testkit.ID(w.c1.ID)), []string{"Anna"}, []int{155}},
		{"another coop's members stay private", with(reqs(req("Go", 1)), "coopID", testkit.ID(w.c2.ID)), nil, nil},
		{"members only", with(reqs(req("Go", 1)), "pathwayStates", []string{"MEMBER"}), []string{"Anna"}, []int{155}},
		{"freelancers of other coops stay private", with(reqs(req("Go", 1)), "pathwayStates", []string{"FREELANCER", "CANDIDATE"}), nil, nil},
		{"wants to learn (mentoring)", with(reqs(req("Databases", 5)), "wantsToLearn", true), []string{"Dana"}, []int{125}},
		{"wants to learn Go", with(reqs(req("Go", 5)), "wantsToLearn", true), []string{"Dana"}, []int{115}},
		{"nobody", reqs(req("MariaDB", 5)), nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			p := w.search(v, tc.in, 20, nil)
			equal(t, "matches", p.names(), tc.want)
			var scores []int
			for _, ed := range p.Edges {
				scores = append(scores, ed.Node.Score)
			}
			if !slices.Equal(scores, tc.scores) {
				t.Errorf("scores %v, want %v", scores, tc.scores)
			}
			if p.TotalCount != len(tc.want) {
				t.Errorf("totalCount %d, want %d", p.TotalCount, len(tc.want))
			}
		})
	}
}

// TestSearchExplainsMatches: matched and missing requirements, child-skill
// matches and the points, as the ranking documents them.
func TestSearchExplainsMatches(t *testing.T) {
	w := newWorld(t)
	p := w.search(w.as(w.viewer), reqs(req("Go", 3), req("k8s", 4), req("Databases", 1)), 20, nil)
	equal(t, "order", p.names(), []string{"Ben", "Anna", "Carla", "Frank", "Dana"})
	if len(p.Requirements) != 3 || p.Requirements[1].Skill.Name != "Kubernetes" || p.Requirements[1].MinLevel != 4 {
		t.Errorf("requirements resolved as %+v", p.Requirements)
	}
	anna := p.match("Anna")
	if len(anna.Matched) != 2 || len(anna.Missing) != 1 || anna.Missing[0].Skill.Name != "Databases" {
		t.Fatalf("Anna: matched %+v, missing %+v", anna.Matched, anna.Missing)
	}
	k := anna.Matched[1]
	if k.Requirement.Skill.Name != "Kubernetes" || k.PersonSkill.Skill.Name != "Kubernetes" || k.ViaChildSkill ||
		k.PersonSkill.EndorsementCount != 2 || k.Points != 40+5+2 {
		t.Errorf("Anna's Kubernetes match: %+v", k)
	}
	ben := p.match("Ben")
	db := ben.Matched[2]
	if db.Requirement.Skill.Name != "Databases" || db.PersonSkill.Skill.Name != "PostgreSQL" || !db.ViaChildSkill || db.Points != 30 {
		t.Errorf("Ben's Databases match: %+v", db)
	}
	if ben.Score != 100+45+100+55+100+30 || len(ben.Missing) != 0 {
		t.Errorf("Ben: score %d, missing %+v", ben.Score, ben.Missing)
	}
}

func TestSearchAvailability(t *testing.T) {
	w := newWorld(t)
	v := w.as(w.viewer)
	date := func(y int, m time.Month, d int) string {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	}
	cases := []struct {
		name string
		in   map[string]any
		want []string
	}{
		{"no filter", reqs(req("Go", 1)), []string{"Anna", "Frank", "Ben", "Carla", "Dana"}},
		{"15 h from today", with(reqs(req("Go", 1)), "minHoursPerWeek", 15), []string{"Anna"}},
		{"any hours from today: ended windows drop out", with(reqs(req("Go", 1)), "minHoursPerWeek", 1), []string{"Anna", "Ben"}},
		{"period overlapping the window's end", with(reqs(req("Go", 1)), "availableFrom", date(2027, 3, 1), "availableUntil", date(2027, 6, 1)), []string{"Anna", "Ben"}},
		{"period overlapping the window's start", with(reqs(req("Go", 1)), "availableFrom", date(2026, 12, 1), "availableUntil", date(2027, 1, 1)), []string{"Anna", "Ben"}},
		{"period before the window", with(reqs(req("Go", 1)), "availableFrom", date(2026, 12, 1), "availableUntil", date(2026, 12, 31)), []string{"Anna"}},
		{"period after the window", with(reqs(req("Go", 1)), "availableFrom", date(2027, 4, 1)), []string{"Anna"}},
		{"period in the past", with(reqs(req("Go", 1)), "availableFrom", date(2026, 9, 1), "availableUntil", date(2026, 9, 30)), []string{"Carla"}},
		{"hours and period", with(reqs(req("Go", 1)), "availableFrom", date(2027, 2, 1), "minHoursPerWeek", 10), []string{"Anna", "Ben"}},
		{"hours too many for Ben", with(reqs(req("Go", 1)), "availableFrom", date(2027, 2, 1), "minHoursPerWeek", 11), []string{"Anna"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			p := w.search(v, tc.in, 20, nil)
			equal(t, "matches", p.names(), tc.want)
		})
	}
	t.Run("windows are reported without notes", func(t *testing.T) {
		w.t = t
		p := w.search(v, with(reqs(req("Go", 1)), "availableFrom", date(2027, 2, 1)), 20, nil)
		ben := p.match("Ben")
		if len(ben.Availability) != 1 || ben.Availability[0].HoursPerWeek != 10 || ben.Availability[0].Until == nil {
			t.Errorf("Ben's availability: %+v", ben.Availability)
		}
		if frank := p.match("Frank"); frank != nil {
			t.Errorf("Frank offers no hours but was found: %+v", frank)
		}
	})
}

// TestSearchPrivacy: outsiders find nothing; participants see public profiles
// only; coop-mates and the person see private fields.
func TestSearchPrivacy(t *testing.T) {
	w := newWorld(t)
	in := reqs(req("Go", 1))

	for who, c := range map[string]*testkit.Client{"an outsider": w.as(w.olga), "an anonymous request": w.c.Anonymous()} {
		res := c.Do(searchQuery, map[string]any{"net": testkit.ID(w.net.ID), "in": in, "first": 20})
		var out struct{ Node *struct{ TalentSearch *page } }
		if err := json.Unmarshal(res.Data, &out); err != nil || out.Node != nil || !slices.Equal(res.Codes(), []string{"NOT_FOUND"}) {
			t.Errorf("%s searches the network: %s %+v", who, res.Data, res.Errors)
		}
	}

	pia := w.search(w.as(w.pia), in, 20, nil)
	if len(pia.Edges) != 5 {
		t.Fatalf("participant finds %v", pia.names())
	}
	for _, ed := range pia.Edges {
		if ed.Node.Person.Email != nil || ed.Node.Person.Phone != nil {
			t.Errorf("participant reads %s's private fields", ed.Node.Person.Name)
		}
	}
	if slices.Contains(pia.names(), "Olga") {
		t.Errorf("a person outside the network is found")
	}

	vera := w.search(w.as(w.viewer), in, 20, nil)
	for _, ed := range vera.Edges {
		mate := ed.Node.Person.Name == "Anna"
		if (ed.Node.Person.Email != nil) != mate {
			t.Errorf("coop-mate Vera reads %s's e-mail: %v", ed.Node.Person.Name, ed.Node.Person.Email != nil)
		}
	}
	self := w.search(w.as(w.ben), in, 20, nil).match("Ben")
	if self == nil || self.Person.Email == nil {
		t.Errorf("Ben does not read his own e-mail")
	}
}

func TestSearchInputErrors(t *testing.T) {
	w := newWorld(t)
	v := w.as(w.viewer)
	cases := []struct {
		name string
		in   map[string]any
		code string
	}{
		{"no requirements", reqs(), "BAD_USER_INPUT"},
		{"unknown skill", reqs(req("COBOL", 1)), "NOT_FOUND"},
		{"level 6", reqs(req("Go", 6)), "BAD_USER_INPUT"},
		{"both skill and ID", reqs(map[string]any{"skill": "Go", "skillID": testkit.ID(w.golang.ID)}), "BAD_USER_INPUT"},
		{"until before from", with(reqs(req("Go", 1)), "availableFrom", "2027-02-01T00:00:00Z", "availableUntil", "2027-01-01T00:00:00Z"), "BAD_USER_INPUT"},
		{"hours 0", with(reqs(req("Go", 1)), "minHoursPerWeek", 0), "BAD_USER_INPUT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := v.Do(searchQuery, map[string]any{"net": testkit.ID(w.net.ID), "in": tc.in, "first": 20})
			if got := codes(t, res); !slices.Equal(got, []string{tc.code}) {
				t.Errorf("codes %v, want [%s]: %+v", got, tc.code, res.Errors)
			}
		})
	}
}

// TestSearchPagination: walking a larger network page by page yields every
// match once, in the order of one big page, whatever the page size; ties of
// equal scores included.
func TestSearchPagination(t *testing.T) {
	w := newWorld(t)
	rust := w.skill("Rust", nil)
	for i := range 37 {
		p := w.person(fmt.Sprintf("Rustacean %02d", i), "Leipzig")
		w.has(p, rust, 1+i%3, false) // many equal scores
		if i%4 == 0 {
			w.has(p, w.golang, 2, false)
		}
	}
	in := reqs(req("Rust", 1), req("Go", 2))
	v := w.as(w.viewer)
	all := w.search(v, in, 100, nil)
	if all.TotalCount != 37+4 || len(all.Edges) != 41 || all.PageInfo.HasNextPage {
		t.Fatalf("one page: total %d, %d edges, next %v", all.TotalCount, len(all.Edges), all.PageInfo.HasNextPage)
	}
	for i := 1; i < len(all.Edges); i++ {
		if all.Edges[i-1].Node.Score < all.Edges[i].Node.Score {
			t.Fatalf("not ordered by score at %d", i)
		}
	}
	for _, size := range []int{1, 4, 7, 40, 41} {
		t.Run(fmt.Sprintf("first %d", size), func(t *testing.T) {
			w.t = t
			var got []string
			var after *string
			for pages := 0; ; pages++ {
				if pages > 50 {
					t.Fatal("pagination does not end")
				}
				p := w.search(v, in, size, after)
				if p.TotalCount != 41 {
					t.Errorf("totalCount %d on page %d", p.TotalCount, pages)
				}
				got = append(got, p.names()...)
				if !p.PageInfo.HasNextPage {
					break
				}
				after = p.PageInfo.EndCursor
			}
			equal(t, "pages", got, all.names())
		})
	}
	t.Run("a page after the last match is empty", func(t *testing.T) {
		w.t = t
		last := all.Edges[len(all.Edges)-1].Cursor
		p := w.search(v, in, 10, &last)
		if len(p.Edges) != 0 || p.PageInfo.HasNextPage || p.TotalCount != 41 {
			t.Errorf("after the end: %v next %v total %d", p.names(), p.PageInfo.HasNextPage, p.TotalCount)
		}
	})
	t.Run("a foreign cursor is refused", func(t *testing.T) {
		res := v.Do(searchQuery, map[string]any{"net": testkit.ID(w.net.ID), "in": in, "first": 5, "after": "bm9wZQ"})
		if got := codes(t, res); !slices.Equal(got, []string{"BAD_USER_INPUT"}) {
			t.Errorf("codes %v", got)
		}
	})
}

// TestSearchStatements: the search costs the same small number of SQL
// statements for a page of 2 as for a page of 40 matches.
func TestSearchStatements(t *testing.T) {
	w := newWorld(t)
	rust := w.skill("Rust", nil)
	for i := range 40 {
		p := w.person(fmt.Sprintf("Rustacean %02d", i), "Leipzig")
		w.has(p, rust, 1+i%5, false)
		w.has(p, w.golang, 1+i%4, false)
		w.offers(p, 10+i, day(-1), time.Time{})
	}
	v := w.as(w.viewer)
	count := func(in map[string]any, first int) (int64, int) {
		w.search(v, in, 1, nil) // warm up the viewer's token and caches
		w.count.Reset()
		p := w.search(v, in, first, nil)
		return w.count.Count(), len(p.Edges)
	}
	small, n1 := count(with(reqs(req("k8s", 5)), "minHoursPerWeek", 5), 20)
	big, n2 := count(with(reqs(req("Rust", 1), req("Go", 1), req("Databases", 1)), "minHoursPerWeek", 5), 40)
	if n1 >= n2 || n2 != 40 {
		t.Fatalf("pages of %d and %d matches", n1, n2)
	}
	if small != big {
		t.Errorf("a page of %d matches costs %d statements, a page of %d costs %d", n1, small, n2, big)
	}
	// With the taxonomy cached (the warm-up read it): the network (node),
	// the ranking, the page's persons, their skills and their availability
	// (5); the token's person and the viewer are cached too
	// (internal/viewercache).
	if big != 5 {
		t.Errorf("%d statements per search, want 5", big)
	}
	t.Logf("statements per search request (viewer loading included): %d", big)
}

// TestSearchWithoutTotalCount: without totalCount the search checks the
// filters only until a page is full (internal/talent rankQuery); walking the
// pages must still give exactly the matches of one big page with the count,
// in the same order, outsiders and filtered-out persons left out.
func TestSearchWithoutTotalCount(t *testing.T) {
	w := newWorld(t)
	elm := w.skill("Elm", nil)
	for i := range 30 {
		var p *ent.Person
		switch {
		case i%5 == 0:
			p = w.outsider(fmt.Sprintf("Outsider %02d", i), "Leipzig") // not a participant: never found
		case i%3 == 0:
			p = w.person(fmt.Sprintf("Berliner %02d", i), "Berlin")
		default:
			p = w.person(fmt.Sprintf("Leipziger %02d", i), "Leipzig")
		}
		w.has(p, elm, 1+i%4, false)
	}
	v := w.as(w.viewer)
	noTotal := strings.Replace(searchQuery, "totalCount ", "", 1)
	for _, in := range []map[string]any{
		reqs(req("Elm", 1)),
		reqs(req("Elm", 2)),
		func() map[string]any { in := reqs(req("Elm", 1)); in["city"] = "Leipzig"; return in }(),
	} {
		all := w.search(v, in, 100, nil)
		for _, size := range []int{1, 3, 7, 100} {
			var got []string
			var after *string
			for pages := 0; ; pages++ {
				if pages > 40 {
					t.Fatal("pagination does not end")
				}
				vars := map[string]any{"net": testkit.ID(w.net.ID), "in": in, "first": size}
				if after != nil {
					vars["after"] = *after
				}
				var out struct {
					Node *struct{ TalentSearch page }
				}
				v.MustDo(noTotal, vars, &out)
				p := out.Node.TalentSearch
				got = append(got, p.names()...)
				if !p.PageInfo.HasNextPage {
					break
				}
				after = p.PageInfo.EndCursor
			}
			equal(t, fmt.Sprintf("%v first %d", in, size), got, all.names())
		}
		for _, name := range all.names() {
			if strings.HasPrefix(name, "Outsider") {
				t.Errorf("%v found outsider %s", in, name)
			}
		}
	}
}

// TestSearchMembershipFilters: a member of Kollektiv Zwei filters by its
// memberships; a member of Kollektiv Eins learns nothing about them
// (regression: the filters read every coop's memberships, so any participant
// could list another coop's candidates, paused or former members).
func TestSearchMembershipFilters(t *testing.T) {
	w := newWorld(t)
	frank := w.as(w.frank) // MEMBER of Kollektiv Zwei
	for _, tc := range []struct {
		name string
		in   map[string]any
		want []string
	}{
		{"coop", with(reqs(req("Go", 1)), "coopID", testkit.ID(w.c2.ID)), []string{"Frank", "Ben"}},
		{"members only", with(reqs(req("Go", 1)), "pathwayStates", []string{"MEMBER"}), []string{"Frank"}},
		{"freelancers", with(reqs(req("Go", 1)), "pathwayStates", []string{"FREELANCER", "CANDIDATE"}), []string{"Ben"}},
		{"another coop", with(reqs(req("Go", 1)), "coopID", testkit.ID(w.c1.ID)), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			equal(t, "matches", w.search(frank, tc.in, 20, nil).names(), tc.want)
		})
	}
}
