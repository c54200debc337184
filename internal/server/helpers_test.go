package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// env is a migrated database with an HTTP GraphQL client on top of it.
type env struct {
	t *testing.T
	// ctx is for fixtures written and read directly with ent: it bypasses
	// the privacy policies, the way Cockpit's own seeding does.
	ctx context.Context
	db  *store.DB
	// c is anonymous (it sees nothing); tests act through c.As(personID).
	c *testkit.Client
}

func newEnv(t *testing.T, opts store.Options) *env {
	t.Helper()
	db := testkit.NewDB(t, opts)
	return &env{t: t, ctx: testkit.System(context.Background()), db: db, c: testkit.NewServer(t, db)}
}

// newEnvAt is newEnv with a fake clock: the server and the fixtures written
// with e.ctx take their time (createdAt, updatedAt, ...) from clk.
func newEnvAt(t *testing.T, opts store.Options, clk *clock.Fake) *env {
	t.Helper()
	db := testkit.NewDB(t, opts)
	return &env{t: t, ctx: clock.NewContext(testkit.System(context.Background()), clk), db: db,
		c: testkit.NewServerWithClock(t, db, clk)}
}

// administer makes person an ADMIN of networks (a fixture, written with the
// system context).
func (e *env) administer(person *ent.Person, networks ...*ent.Network) {
	e.t.Helper()
	for _, n := range networks {
		testkit.Must(e.db.Client.NetworkMembership.Create().SetNetwork(n).SetPerson(person).
			SetRole(networkmembership.RoleADMIN).Save(e.ctx))(e.t)
	}
}

// participate makes persons participants of network.
func (e *env) participate(network *ent.Network, persons ...*ent.Person) {
	e.t.Helper()
	for _, p := range persons {
		testkit.Must(e.db.Client.NetworkMembership.Create().SetNetwork(network).SetPerson(p).Save(e.ctx))(e.t)
	}
}

// rowCounts counts the rows of every table of the ent schema (join tables
// included), straight from the database.
func (e *env) rowCounts() map[string]int {
	e.t.Helper()
	return testkit.RowCounts(e.t, e.db)
}

// expectError asserts that res failed with exactly one error of code (and,
// when field is not empty, extensions.field == field), with no data, and
// returns that error.
func expectError(t testing.TB, res *testkit.Response, code, field string) testkit.Error {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("want exactly one %s error, got %d: %+v (data %s)", code, len(res.Errors), res.Errors, res.Data)
	}
	e := res.Errors[0]
	if e.Code() != code {
		t.Fatalf("want code %s, got %q: %+v", code, e.Code(), e)
	}
	if got, _ := e.Extensions["field"].(string); field != "" && got != field {
		t.Fatalf("want extensions.field %q, got %q: %+v", field, got, e)
	}
	if strings.TrimSpace(e.Message) == "" || e.Message == "internal error" {
		t.Fatalf("want a message a client can act on, got %q", e.Message)
	}
	return e
}

// dataIsNull reports whether a response carries no data at all.
func dataIsNull(res *testkit.Response) bool {
	s := strings.TrimSpace(string(res.Data))
	return s == "" || s == "null"
}

// decode unmarshals a response's data, failing on errors.
func decode(t testing.TB, res *testkit.Response, out any) {
	t.Helper()
	if len(res.Errors) > 0 {
		t.Fatalf("unexpected GraphQL errors: %+v", res.Errors)
	}
	if err := json.Unmarshal(res.Data, out); err != nil {
		t.Fatalf("decoding %s: %v", res.Data, err)
	}
}

// world is one row of every entity of the domain, created with ent.
//
// Who may do what in it (internal/authz): Buddy is a MEMBER of Coop and an
// ADMIN of Network, so he reads all of it and manages the network, the coop
// and its project: he is the insider most tests act as. Person (Anna) is a
// CANDIDATE of Coop and a participant of Network; she alone changes her own
// profile, skills and availability.
type world struct {
	Network           *ent.Network
	Group             *ent.Group
	NetworkMembership *ent.NetworkMembership
	Coop              *ent.Coop
	Person            *ent.Person
	Buddy             *ent.Person
	Membership        *ent.Membership
	PathwayEvent      *ent.PathwayEvent
	MilestoneTemplate *ent.MilestoneTemplate
	MilestoneProgress *ent.MilestoneProgress
	Skill             *ent.Skill
	PersonSkill       *ent.PersonSkill
	Availability      *ent.Availability
	Project           *ent.Project
	ProjectSkillNeed  *ent.ProjectSkillNeed
	BudgetShare       *ent.BudgetShare
	TimeEntry         *ent.TimeEntry
	Proposal          *ent.Proposal
	Vote              *ent.Vote
}

// seedWorld creates a small but complete network: one of everything. ctx
// must allow fixture writes (testkit.System).
func seedWorld(t testing.TB, ctx context.Context, c *ent.Client) *world {
	t.Helper()
	w := &world{}
	w.Network = testkit.Must(c.Network.Create().SetName("IT-Kollektiv").SetSlug("it-kollektiv").
		SetDescription("A network of tech coops").Save(ctx))(t)
	w.Coop = testkit.Must(c.Coop.Create().SetName("Kollektiv Leipzig").SetSlug("kollektiv-leipzig").
		SetCity("Leipzig").SetLegalForm("eG").AddNetworks(w.Network).Save(ctx))(t)
	w.Person = testkit.Must(c.Person.Create().SetName("Anna Schmidt").SetEmail("anna@example.org").SetCity("Leipzig").Save(ctx))(t)
	w.Buddy = testkit.Must(c.Person.Create().SetName("Ben Weber").SetEmail("ben@example.org").Save(ctx))(t)
	w.Group = testkit.Must(c.Group.Create().SetNetwork(w.Network).SetKind("CITY").SetName("Leipzig").
		SetCity("Leipzig").AddMembers(w.Person).AddCoops(w.Coop).Save(ctx))(t)
	w.NetworkMembership = testkit.Must(c.NetworkMembership.Create().SetNetwork(w.Network).SetPerson(w.Person).Save(ctx))(t)
	testkit.Must(c.NetworkMembership.Create().SetNetwork(w.Network).SetPerson(w.Buddy).SetRole(networkmembership.RoleADMIN).Save(ctx))(t)
	w.Membership = testkit.Must(c.Membership.Create().SetPerson(w.Person).SetCoop(w.Coop).
		SetState("CANDIDATE").SetBuddy(w.Buddy).Save(ctx))(t)
	testkit.Must(c.Membership.Create().SetPerson(w.Buddy).SetCoop(w.Coop).SetState("MEMBER").Save(ctx))(t)
	w.PathwayEvent = testkit.Must(c.PathwayEvent.Create().SetMembership(w.Membership).SetToState("CANDIDATE").
		SetFromState("FREELANCER").SetActor(w.Buddy).SetReason("applied").Save(ctx))(t)
	w.MilestoneTemplate = testkit.Must(c.MilestoneTemplate.Create().SetCoop(w.Coop).SetName("Worked on two projects").Save(ctx))(t)
	w.MilestoneProgress = testkit.Must(c.MilestoneProgress.Create().SetMembership(w.Membership).
		SetTemplate(w.MilestoneTemplate).SetCompletedAt(time.Now()).Save(ctx))(t)
	w.Skill = testkit.Must(c.Skill.Create().SetNetwork(w.Network).SetName("Go").SetCompetenceArea("Backend").
		SetAliases([]string{"golang"}).Save(ctx))(t)
	w.PersonSkill = testkit.Must(c.PersonSkill.Create().SetPersonID(w.Person.ID).SetSkillID(w.Skill.ID).
		SetLevel(4).SetYears(6).Save(ctx))(t)
	w.Availability = testkit.Must(c.Availability.Create().SetPerson(w.Person).SetHoursPerWeek(20).
		SetAvailableFrom(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)).
		SetAvailableUntil(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)).Save(ctx))(t)
	w.Project = testkit.Must(c.Project.Create().SetLeadCoop(w.Coop).SetNetwork(w.Network).SetName("Shop relaunch").
		SetClientName("Bioladen eG").SetTotalBudgetCents(5_000_000).SetPmChargePercent(10).Save(ctx))(t)
	w.ProjectSkillNeed = testkit.Must(c.ProjectSkillNeed.Create().SetProject(w.Project).SetSkill(w.Skill).SetMinLevel(3).Save(ctx))(t)
	w.BudgetShare = testkit.Must(c.BudgetShare.Create().SetProject(w.Project).SetPerson(w.Person).
		SetAmountCents(1_000_000).SetHourlyRateCents(8_000).SetCurrency("EUR").
		SetCreatedAt(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)).Save(ctx))(t) // time is logged from the day a share exists (issue 17)
	w.TimeEntry = testkit.Must(c.TimeEntry.Create().SetProject(w.Project).SetShare(w.BudgetShare).SetPerson(w.Person).
		SetDate(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)).SetMinutes(240).Save(ctx))(t)
	w.Proposal = testkit.Must(c.Proposal.Create().SetCoop(w.Coop).SetKind("ADMISSION").SetTitle("Admit Anna").
		SetRule("CONSENSUS").SetQuorumPercent(50).SetMembership(w.Membership).
		SetClosesAt(time.Now().Add(14 * 24 * time.Hour)).Save(ctx))(t)
	w.Vote = testkit.Must(c.Vote.Create().SetProposal(w.Proposal).SetVoter(w.Buddy).SetChoice("YES").Save(ctx))(t)
	return w
}

// insider returns a client acting as Buddy, the world's coop member and
// network admin.
func (e *env) insider(w *world) *testkit.Client { return e.c.As(w.Buddy.ID) }

// anna returns a client acting as the world's Person, for changes to her own
// profile, skills and availability.
func (e *env) anna(w *world) *testkit.Client { return e.c.As(w.Person.ID) }
