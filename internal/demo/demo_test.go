package demo_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"modernc.org/sqlite"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/milestoneprogress"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	_ "github.com/coopnetwork/cockpit/ent/runtime"
	"github.com/coopnetwork/cockpit/ent/schema"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

func init() {
	if !slices.Contains(sql.Drivers(), "sqlite3") {
		sql.Register("sqlite3", &sqlite.Driver{})
	}
}

// newClient returns a client on a fresh, auto-migrated in-memory SQLite database.
func newClient(t *testing.T, db string) *ent.Client {
	t.Helper()
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + db
	client, err := ent.Open("sqlite3", fmt.Sprintf("file:%s?mode=memory&cache=shared&_pragma=foreign_keys(1)", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	if err := client.Schema.Create(systemCtx()); err != nil {
		t.Fatal(err)
	}
	return client
}

func seeded(t *testing.T, db string) *ent.Client {
	t.Helper()
	client := newClient(t, db)
	if err := demo.Seed(systemCtx(), client); err != nil {
		t.Fatal(err)
	}
	return client
}

func TestSeedCounts(t *testing.T) {
	ctx := systemCtx()
	c := seeded(t, "")
	count := func(n int, err error) int { t.Helper(); return testkit.Must(n, err)(t) }

	exact := []struct {
		name string
		got  int
		want int
	}{
		{"networks", count(c.Network.Query().Count(ctx)), 1},
		{"coops", count(c.Coop.Query().Count(ctx)), 4},
		{"projects", count(c.Project.Query().Count(ctx)), 6},
		{"groups", count(c.Group.Query().Count(ctx)), 8},
		{"admins", count(c.NetworkMembership.Query().Where(networkmembership.RoleEQ(networkmembership.RoleADMIN)).Count(ctx)), 2},
		{"endorsements", count(c.Endorsement.Query().Count(ctx)), 22},
	}
	for _, e := range exact {
		if e.got != e.want {
			t.Errorf("%s: got %d, want %d", e.name, e.got, e.want)
		}
	}
	ranges := []struct {
		name     string
		got      int
		min, max int
	}{
		{"persons", count(c.Person.Query().Count(ctx)), 38, 45},
		{"skills", count(c.Skill.Query().Count(ctx)), 55, 65},
		{"memberships", count(c.Membership.Query().Count(ctx)), 35, 50},
		{"pathway events", count(c.PathwayEvent.Query().Count(ctx)), 100, 200},
		{"proposals", count(c.Proposal.Query().Count(ctx)), 20, 35},
		{"time entries", count(c.TimeEntry.Query().Count(ctx)), 100, 600},
		{"milestone progress", count(c.MilestoneProgress.Query().Count(ctx)), 30, 150},
	}
	for _, r := range ranges {
		if r.got < r.min || r.got > r.max {
			t.Errorf("%s: got %d, want %d..%d", r.name, r.got, r.min, r.max)
		}
	}

	persons := count(c.Person.Query().Count(ctx))
	if got := count(c.NetworkMembership.Query().Count(ctx)); got != persons {
		t.Errorf("network memberships: got %d, want one per person (%d)", got, persons)
	}
	if got := count(c.Availability.Query().Count(ctx)); got < persons*3/4 {
		t.Errorf("availabilities: got %d, want most persons to have one", got)
	}
	for _, s := range schema.PathwayStates {
		if n := count(c.Membership.Query().Where(membership.StateEQ(membership.State(s))).Count(ctx)); n == 0 {
			t.Errorf("no membership in state %s", s)
		}
	}
	for _, s := range []proposal.Status{proposal.StatusOPEN, proposal.StatusPASSED, proposal.StatusREJECTED} {
		if n := count(c.Proposal.Query().Where(proposal.StatusEQ(s)).Count(ctx)); n == 0 {
			t.Errorf("no proposal with status %s", s)
		}
	}
	for _, k := range []proposal.Kind{proposal.KindADMISSION, proposal.KindBUDGET, proposal.KindGENERAL} {
		if n := count(c.Proposal.Query().Where(proposal.KindEQ(k)).Count(ctx)); n == 0 {
			t.Errorf("no proposal of kind %s", k)
		}
	}
	for _, s := range []project.Status{project.StatusPROPOSED, project.StatusACTIVE, project.StatusCOMPLETED, project.StatusCANCELLED} {
		if n := count(c.Project.Query().Where(project.StatusEQ(s)).Count(ctx)); n == 0 {
			t.Errorf("no project with status %s", s)
		}
	}
	t.Logf("persons=%d skills=%d memberships=%d events=%d proposals=%d votes=%d time entries=%d",
		persons, count(c.Skill.Query().Count(ctx)), count(c.Membership.Query().Count(ctx)),
		count(c.PathwayEvent.Query().Count(ctx)), count(c.Proposal.Query().Count(ctx)),
		count(c.Vote.Query().Count(ctx)), count(c.TimeEntry.Query().Count(ctx)))
}

func TestSeedNetworkAndSkills(t *testing.T) {
	ctx := systemCtx()
	c := seeded(t, "")
	n := c.Network.Query().WithCoops().WithGroups().OnlyX(ctx)
	if n.Slug != demo.Slug || n.SelfSignUp || n.Etiquette == "" || n.Description == "" {
		t.Errorf("network: %+v", n)
	}
	if len(n.Edges.Coops) != 4 {
		t.Errorf("network coops: %d", len(n.Edges.Coops))
	}
	rules := map[string]bool{}
	for _, co := range n.Edges.Coops {
		rules[co.AdmissionRule.String()] = true
		if co.Currency != "EUR" {
			t.Errorf("coop %s currency %s", co.Name, co.Currency)
		}
	}
	if len(rules) != 3 {
		t.Errorf("admission rules used: %v, want all three", rules)
	}
	kinds := map[string]int{}
	for _, g := range n.Edges.Groups {
		kinds[g.Kind.String()]++
		members := c.Group.QueryMembers(g).CountX(ctx)
		if members == 0 {
			t.Errorf("group %s has no members", g.Name)
		}
	}
	if kinds["CITY"] != 4 || kinds["COMPETENCE"] != 3 || kinds["WORKING"] != 1 {
		t.Errorf("group kinds: %v", kinds)
	}

	k8s := c.Skill.Query().Where(skill.NameEQ("Kubernetes")).WithParent().OnlyX(ctx)
	if k8s.Slug != "kubernetes" || !slices.Contains(k8s.Aliases, "k8s") || k8s.Edges.Parent == nil {
		t.Errorf("Kubernetes: slug %q aliases %v parent %v", k8s.Slug, k8s.Aliases, k8s.Edges.Parent)
	}
	pg := c.Skill.Query().Where(skill.NameEQ("PostgreSQL")).WithParent().OnlyX(ctx)
	if !slices.Contains(pg.Aliases, "Postgres") || pg.Edges.Parent == nil || pg.Edges.Parent.Name != "Databases" {
		t.Errorf("PostgreSQL: aliases %v parent %v", pg.Aliases, pg.Edges.Parent)
	}
	if areas := c.Skill.Query().GroupBy(skill.FieldCompetenceArea).StringsX(ctx); len(areas) != 8 {
		t.Errorf("competence areas: %v", areas)
	}

	for _, p := range c.Person.Query().WithPersonSkills().AllX(ctx) {
		if n := len(p.Edges.PersonSkills); n < 3 || n > 10 {
			t.Errorf("%s has %d skills", p.Name, n)
		}
		if p.Email == nil || *p.Email != strings.ToLower(*p.Email) || !(strings.HasSuffix(*p.Email, ".org") || strings.HasSuffix(*p.Email, ".net")) {
			t.Errorf("%s: e-mail %v", p.Name, p.Email)
		}
	}
	if c.PersonSkill.Query().Where(personskill.WantsToLearn(true)).CountX(ctx) == 0 {
		t.Error("nobody wants to learn anything")
	}
	if c.Person.Query().Where(person.HourlyRateCentsNotNil()).CountX(ctx) == 0 {
		t.Error("no person has an hourly rate")
	}
}

func TestSeedPathways(t *testing.T) {
	ctx := systemCtx()
	c := seeded(t, "")
	ms := c.Membership.Query().
		WithCoop().
		WithEvents(func(q *ent.PathwayEventQuery) { q.Order(ent.Asc(pathwayevent.FieldAt)) }).
		WithMilestones().
		AllX(ctx)
	// members[coopID] holds the persons who are MEMBER of the coop now.
	members := map[int]map[int]bool{}
	for _, m := range ms {
		if m.State == membership.StateMEMBER {
			if members[m.CoopID] == nil {
				members[m.CoopID] = map[int]bool{}
			}
			members[m.CoopID][m.PersonID] = true
		}
	}
	// memberAt: the person was MEMBER of the coop at t, by the pathway history.
	memberAt := func(person, coop int, t time.Time) bool {
		for _, m := range ms {
			if m.PersonID != person || m.CoopID != coop {
				continue
			}
			var s pathwayevent.ToState
			for _, e := range m.Edges.Events {
				if e.At.After(t) {
					break
				}
				s = e.ToState
			}
			return s == pathwayevent.ToStateMEMBER
		}
		return false
	}
	for _, m := range ms {
		evs := m.Edges.Events
		if len(evs) == 0 {
			t.Errorf("membership %d has no events", m.ID)
			continue
		}
		founded := evs[0].ToState == pathwayevent.ToStateMEMBER && strings.HasPrefix(evs[0].Reason, "Founding member")
		if evs[0].FromState != nil || evs[0].ToState != pathwayevent.ToStateINTERESTED && !founded {
			t.Errorf("membership %d: first event %v -> %s", m.ID, evs[0].FromState, evs[0].ToState)
		}
		for i := 1; i < len(evs); i++ {
			if evs[i].FromState == nil || string(*evs[i].FromState) != string(evs[i-1].ToState) {
				t.Errorf("membership %d: event %d does not continue from %s", m.ID, i, evs[i-1].ToState)
			}
		}
		last := evs[len(evs)-1]
		if string(last.ToState) != string(m.State) || !last.At.Equal(m.StateSince) || !evs[0].At.Equal(m.JoinedAt) {
			t.Errorf("membership %d: state %s since %s, last event %s at %s", m.ID, m.State, m.StateSince, last.ToState, last.At)
		}
		if m.BuddyID != nil && !members[m.CoopID][*m.BuddyID] {
			t.Errorf("membership %d: buddy %d is not a member of coop %d", m.ID, *m.BuddyID, m.CoopID)
		}
		if m.State == membership.StateCANDIDATE && m.BuddyID == nil {
			t.Errorf("candidate membership %d has no buddy", m.ID)
		}
		if m.State == membership.StateMEMBER && m.BuyInRecordedAt == nil {
			t.Errorf("member %d without buy-in", m.ID)
		}
		for _, mp := range m.Edges.Milestones {
			if mp.VerifiedByID != nil && (*mp.VerifiedByID == m.PersonID || mp.VerifiedAt == nil) {
				t.Errorf("milestone %d verified by the candidate or without date", mp.ID)
			}
		}
	}
	if c.MilestoneProgress.Query().Where(milestoneprogress.VerifiedByIDNotNil()).CountX(ctx) == 0 {
		t.Error("no verified milestones")
	}

	// Proposals: rules copied from the bylaws' rule for the kind; members
	// vote on their coop's proposals, freelancers holding a share in person
	// on a project's share-holder decisions (coop votes: rules_test.go).
	for _, p := range c.Proposal.Query().WithCoop().WithNetwork().WithVotes().AllX(ctx) {
		var want decision.Rule
		if p.NetworkID != nil {
			want = governance.NetworkRule(p.Edges.Network, p.Kind)
		} else {
			want = governance.CoopRule(p.Edges.Coop, p.Kind)
		}
		if got := governance.RuleOf(p); got != want {
			t.Errorf("proposal %q: rule %+v, bylaws give %s %+v", p.Title, got, p.Kind, want)
		}
		if (p.Status == proposal.StatusOPEN) != (p.ClosedAt == nil) || (p.Status == proposal.StatusOPEN) != p.ClosesAt.After(demo.ReferenceDate) {
			t.Errorf("proposal %q: status %s, closes %s, closed %v", p.Title, p.Status, p.ClosesAt, p.ClosedAt)
		}
		if (p.Kind == proposal.KindADMISSION) != (p.MembershipID != nil) ||
			(p.Kind == proposal.KindBUDGET || p.Kind == proposal.KindPROJECT_GENERAL) != (p.ProjectID != nil) {
			t.Errorf("proposal %q: kind %s with membership %v, project %v", p.Title, p.Kind, p.MembershipID, p.ProjectID)
		}
		for _, v := range p.Edges.Votes {
			switch {
			case v.VoterCoopID != nil:
				if p.Electorate == proposal.ElectorateMEMBERS {
					t.Errorf("proposal %q: a coop votes on a members' decision", p.Title)
				}
			case p.Electorate == proposal.ElectorateSHARE_HOLDERS:
				if !c.BudgetShare.Query().Where(budgetshare.ProjectID(testkit.Deref(p.ProjectID)), budgetshare.PersonID(testkit.Deref(v.VoterID))).ExistX(ctx) {
					t.Errorf("proposal %q: %d votes in person without a share", p.Title, testkit.Deref(v.VoterID))
				}
			case !memberAt(testkit.Deref(v.VoterID), p.CoopID, v.CastAt):
				t.Errorf("proposal %q: vote by %d is not a member's when cast", p.Title, testkit.Deref(v.VoterID))
			}
			if v.CastAt.After(p.ClosesAt) || v.CastAt.Before(p.OpenedAt) {
				t.Errorf("proposal %q: vote cast outside the voting period", p.Title)
			}
		}
	}
	// Admission decisions are linked from the pathway.
	if n := c.PathwayEvent.Query().Where(pathwayevent.ProposalIDNotNil()).CountX(ctx); n < 4 {
		t.Errorf("%d pathway events refer to a proposal, want the closed admissions", n)
	}

	// History is append-only: the schema hook refuses deletes.
	ev := c.PathwayEvent.Query().FirstX(ctx)
	if err := c.PathwayEvent.DeleteOne(ev).Exec(ctx); err == nil {
		t.Error("deleting a pathway event succeeded; is ent/runtime imported?")
	}
}

func TestSeedBudgets(t *testing.T) {
	ctx := systemCtx()
	c := seeded(t, "")
	memberOf := map[[2]int]bool{} // {person, coop}
	for _, m := range c.Membership.Query().Where(membership.StateEQ(membership.StateMEMBER)).AllX(ctx) {
		memberOf[[2]int{m.PersonID, m.CoopID}] = true
	}
	leads := map[int]bool{}
	var coopShares, personShares int
	for _, p := range c.Project.Query().WithBudgetShares().WithSkillNeeds().AllX(ctx) {
		leads[p.LeadCoopID] = true
		if p.NetworkID == nil || p.Currency != "EUR" || len(p.Edges.SkillNeeds) == 0 {
			t.Errorf("project %s: network %v, currency %s, %d skill needs", p.Name, p.NetworkID, p.Currency, len(p.Edges.SkillNeeds))
		}
		sum := p.TotalBudgetCents * int64(p.PmChargePercent) / 100
		for _, s := range p.Edges.BudgetShares {
			sum += s.AmountCents
			if (s.CoopID == nil) == (s.PersonID == nil) || s.Currency != p.Currency {
				t.Errorf("project %s: bad share %d", p.Name, s.ID)
			}
			if s.CoopID != nil {
				coopShares++
			} else {
				personShares++
			}
		}
		if sum > p.TotalBudgetCents {
			t.Errorf("project %s: shares + PM charge %d > budget %d", p.Name, sum, p.TotalBudgetCents)
		}
	}
	if len(leads) != 4 || coopShares == 0 || personShares == 0 {
		t.Errorf("lead coops %d, coop shares %d, person shares %d", len(leads), coopShares, personShares)
	}

	spent := map[int]int64{}
	for _, e := range c.TimeEntry.Query().WithProject().WithShare().AllX(ctx) {
		p, s := e.Edges.Project, e.Edges.Share
		if p.Status != project.StatusACTIVE && p.Status != project.StatusCOMPLETED {
			t.Errorf("time entry %d on a %s project", e.ID, p.Status)
		}
		if !e.Date.Before(demo.ReferenceDate) || e.Minutes < 1 || e.Minutes > 24*60 || s.ProjectID != p.ID {
			t.Errorf("time entry %d: %s, %d minutes, share of project %d", e.ID, e.Date, e.Minutes, s.ProjectID)
		}
		if s.PersonID != nil && *s.PersonID != e.PersonID || s.CoopID != nil && !memberOf[[2]int{e.PersonID, *s.CoopID}] {
			t.Errorf("time entry %d: person %d may not bill share %d", e.ID, e.PersonID, s.ID)
		}
		spent[s.ID] += int64(e.Minutes) * s.HourlyRateCents / 60
	}
	for _, s := range c.BudgetShare.Query().Where(budgetshare.HasTimeEntries()).AllX(ctx) {
		if spent[s.ID] > s.AmountCents {
			t.Errorf("share %d overspent: %d > %d", s.ID, spent[s.ID], s.AmountCents)
		}
	}
	if c.TimeEntry.Query().Where(timeentry.HasProjectWith(project.StatusEQ(project.StatusACTIVE))).CountX(ctx) == 0 {
		t.Error("no time entries on active projects")
	}
}

func TestSeedTwice(t *testing.T) {
	ctx := systemCtx()
	c := seeded(t, "")
	before := c.Person.Query().CountX(ctx)
	if err := demo.Seed(ctx, c); !errors.Is(err, demo.ErrAlreadySeeded) {
		t.Fatalf("second Seed: got %v, want ErrAlreadySeeded", err)
	}
	if n := c.Network.Query().CountX(ctx); n != 1 {
		t.Errorf("networks after second Seed: %d", n)
	}
	if n := c.Person.Query().CountX(ctx); n != before {
		t.Errorf("persons after second Seed: %d, before %d", n, before)
	}
}

// A failing Seed leaves nothing behind: it runs in one transaction.
func TestSeedRollsBack(t *testing.T) {
	ctx := systemCtx()
	c := newClient(t, "")
	c.Person.Create().SetName("Someone Else").SetEmail("anna.schubert@example.org").SaveX(ctx)
	err := demo.Seed(ctx, c)
	if err == nil || errors.Is(err, demo.ErrAlreadySeeded) {
		t.Fatalf("Seed with a clashing e-mail: got %v", err)
	}
	if n := c.Network.Query().CountX(ctx); n != 0 {
		t.Errorf("networks after failed Seed: %d", n)
	}
	if n := c.Person.Query().CountX(ctx); n != 1 {
		t.Errorf("persons after failed Seed: %d", n)
	}
}

// Two seeded databases hold the same data.
func TestSeedDeterministic(t *testing.T) {
	fingerprint := func(c *ent.Client) string {
		var b strings.Builder
		for _, e := range c.TimeEntry.Query().WithPerson().Order(ent.Asc(timeentry.FieldID)).AllX(systemCtx()) {
			fmt.Fprintf(&b, "%s %s %d %d|", *e.Edges.Person.Email, e.Date.Format("2006-01-02"), e.Minutes, e.ShareID)
		}
		return b.String()
	}
	a, b := fingerprint(seeded(t, "a")), fingerprint(seeded(t, "b"))
	if a != b || a == "" {
		t.Error("two seeds produced different time entries")
	}
}

// systemCtx reads and writes past the privacy policies, as Seed itself does:
// these tests check the stored data, not who may see it.
func systemCtx() context.Context { return authz.Under(context.Background(), authz.TestFixture) }

// Copies of the demo network (the load benchmark's data) live side by side:
// each copy doubles every count, and a copy is loaded once.
func TestSeedCopies(t *testing.T) {
	ctx := systemCtx()
	c := seeded(t, "")
	persons, coops, entries := c.Person.Query().CountX(ctx), c.Coop.Query().CountX(ctx), c.TimeEntry.Query().CountX(ctx)
	for _, n := range []int{1, 2} {
		if err := demo.SeedCopy(ctx, c, n); err != nil {
			t.Fatalf("copy %d: %v", n, err)
		}
	}
	if err := demo.SeedCopy(ctx, c, 2); !errors.Is(err, demo.ErrAlreadySeeded) {
		t.Fatalf("copy 2 again: got %v, want ErrAlreadySeeded", err)
	}
	if got := c.Network.Query().CountX(ctx); got != 3 {
		t.Errorf("networks: %d, want 3", got)
	}
	for name, counts := range map[string][2]int{
		"persons":      {persons, c.Person.Query().CountX(ctx)},
		"coops":        {coops, c.Coop.Query().CountX(ctx)},
		"time entries": {entries, c.TimeEntry.Query().CountX(ctx)},
	} {
		if counts[1] != 3*counts[0] {
			t.Errorf("%s: %d after three copies, want 3 × %d", name, counts[1], counts[0])
		}
	}
}
