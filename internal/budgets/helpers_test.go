// Package budgets_test checks issue 6's federated project budgets end to
// end: project lifecycle, budget shares under the invariant "shares + PM
// charge ≤ total" (also under concurrent writers), the lead coop's
// threshold, partner consent, total changes, time tracking and who sees
// what, through real HTTP requests with real tokens against the real
// handler, with a fake clock, on SQLite and (with COCKPIT_TEST_DATABASE) on
// PostgreSQL.
package budgets_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// btT0 is where the fake clock of every test starts (whole seconds, so
// PostgreSQL's microseconds and SQLite's text keep it exactly): a Monday,
// 09:00 UTC.
var btT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// btToday is the day of btT0.
var btToday = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// btShareSince is when fixture shares were created: well before any day
// the tests log time on.
var btShareSince = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// btDay is the day n days from btToday (negative: in the past).
func btDay(n int) time.Time { return btToday.AddDate(0, 0, n) }

// btEnv is a migrated database, a fake clock, the HTTP handler on top and
// one network every person and coop of the test takes part in.
type btEnv struct {
	t   *testing.T
	ctx context.Context // system context: fixtures and database checks bypass the privacy rules
	db  *store.DB
	ec  *ent.Client
	clk *clock.Fake
	c   *testkit.Client // anonymous
	net *ent.Network

	clients map[int]*testkit.Client
	seq     int
}

func btNewEnv(t *testing.T) *btEnv {
	t.Helper()
	return btNewEnvWith(t, store.Options{})
}

// btNewEnvWith is btNewEnv on a database opened with opts (e.g. a
// testkit.FaultDriver).
func btNewEnvWith(t *testing.T, opts store.Options) *btEnv {
	t.Helper()
	db := testkit.NewDB(t, opts)
	clk := clock.NewFake(btT0)
	e := &btEnv{t: t, ctx: testkit.System(context.Background()), db: db, ec: db.Client, clk: clk,
		c: testkit.NewServerWithClock(t, db, clk), clients: map[int]*testkit.Client{}}
	e.net = testkit.Must(e.ec.Network.Create().SetName("Network B").SetSlug("network-b").Save(e.ctx))(t)
	return e
}

// use points the env's assertions at a subtest until the returned func runs.
func (e *btEnv) use(t *testing.T) func() {
	parent := e.t
	e.t = t
	return func() { e.t = parent }
}

func (e *btEnv) next() int { e.seq++; return e.seq }

// as returns a client with a token of p (call it from the test goroutine;
// the returned client may then be used from any goroutine with btPost).
func (e *btEnv) as(p *ent.Person) *testkit.Client {
	e.t.Helper()
	if c, ok := e.clients[p.ID]; ok {
		return c
	}
	c := e.c.As(p.ID)
	e.clients[p.ID] = c
	return c
}

// person creates a participant of the test's network.
func (e *btEnv) person(name string) *ent.Person {
	n := e.next()
	p := testkit.Must(e.ec.Person.Create().SetName(name).SetEmail(fmt.Sprintf("person.%d@example.org", n)).Save(e.ctx))(e.t)
	testkit.Must(e.ec.NetworkMembership.Create().SetNetwork(e.net).SetPerson(p).
		SetRole(networkmembership.RolePARTICIPANT).Save(e.ctx))(e.t)
	return p
}

// btCoop is a coop of the test with its members.
type btCoop struct {
	*ent.Coop
	Members []*ent.Person // MEMBERs since long ago
}

// coop creates a coop in the test's network whose bylaws let members change
// budgets directly up to threshold, with n members.
func (e *btEnv) coop(threshold int64, n int) *btCoop {
	k := e.next()
	c := &btCoop{Coop: testkit.Must(e.ec.Coop.Create().SetName(fmt.Sprintf("Coop %d", k)).SetSlug(fmt.Sprintf("coop-%d", k)).
		SetBudgetChangeThresholdCents(threshold).AddNetworks(e.net).Save(e.ctx))(e.t)}
	for i := range n {
		p := e.person(fmt.Sprintf("Member %d of %d", i+1, k))
		e.join(p, c, membership.StateMEMBER)
		c.Members = append(c.Members, p)
	}
	return c
}

// join gives p a membership in c in the given state (since long ago).
func (e *btEnv) join(p *ent.Person, c *btCoop, state membership.State) {
	since := btT0.AddDate(-3, 0, 0)
	testkit.Must(e.ec.Membership.Create().SetPerson(p).SetCoop(c.Coop).SetState(state).
		SetStateSince(since).SetJoinedAt(since).Save(e.ctx))(e.t)
}

// project creates a project led by lead with the given budget, PM charge
// and status.
func (e *btEnv) project(lead *btCoop, total int64, pm int, status project.Status) *ent.Project {
	k := e.next()
	return testkit.Must(e.ec.Project.Create().SetLeadCoopID(lead.ID).SetNetworkID(e.net.ID).
		SetName(fmt.Sprintf("Project %d", k)).SetClientName("Client GmbH").
		SetTotalBudgetCents(total).SetPmChargePercent(pm).SetStatus(status).Save(e.ctx))(e.t)
}

// setStatus moves a project straight in the database (fixtures).
func (e *btEnv) setStatus(p *ent.Project, status project.Status) {
	testkit.Must(e.ec.Project.UpdateOneID(p.ID).SetStatus(status).Save(e.ctx))(e.t)
}

// shareFixture gives a share straight in the database (no history): to a
// coop when holder is a *btCoop, to a freelancer when it is an *ent.Person.
func (e *btEnv) shareFixture(p *ent.Project, holder any, amount, rate int64) *ent.BudgetShare {
	b := e.ec.BudgetShare.Create().SetProjectID(p.ID).SetAmountCents(amount).SetHourlyRateCents(rate).
		SetCurrency(p.Currency).SetPlannedMinutes(60 * 10).
		SetCreatedAt(btShareSince) // time is logged on a share from the day it exists (issue 17)
	switch h := holder.(type) {
	case *btCoop:
		b.SetCoopID(h.ID)
	case *ent.Person:
		b.SetPersonID(h.ID)
	default:
		panic(fmt.Sprintf("share holder %T", holder))
	}
	return testkit.Must(b.Save(e.ctx))(e.t)
}

// entryFixture logs time straight in the database.
func (e *btEnv) entryFixture(s *ent.BudgetShare, who *ent.Person, day time.Time, minutes int) *ent.TimeEntry {
	return testkit.Must(e.ec.TimeEntry.Create().SetProjectID(s.ProjectID).SetShareID(s.ID).SetPersonID(who.ID).
		SetDate(day).SetMinutes(minutes).SetNote("fixture").Save(e.ctx))(e.t)
}

// ---- GraphQL operations -------------------------------------------------

const (
	btShareSel = `budgetShare { id projectID coopID personID amountCents: amount { amount currency } hourlyRateCents: hourlyRate { amount currency } plannedMinutes currency description }`
	btEntrySel = `timeEntry { id projectID shareID personID date minutes note }`

	btStatusQ      = `mutation($p: ID!, $s: ProjectStatus!) { setProjectStatus(projectID: $p, status: $s) { project { id status } } }`
	btCreateShareQ = `mutation($in: CreateBudgetShareInput!) { createBudgetShare(input: $in) { ` + btShareSel + ` } }`
	btResizeQ      = `mutation($s: ID!, $a: MinorUnits!, $r: String) { resizeBudgetShare(shareID: $s, amount: {amount: $a, currency: "EUR"}, reason: $r) { ` + btShareSel + ` } }`
	btTotalQ       = `mutation($p: ID!, $t: MinorUnits!, $pm: Int, $r: String) {
		changeProjectBudget(projectID: $p, totalBudget: {amount: $t, currency: "EUR"}, pmChargePercent: $pm, reason: $r) {
			project { id totalBudgetCents: totalBudget { amount currency } pmChargePercent currency } } }`
	btLogQ    = `mutation($in: LogTimeInput!) { logTime(input: $in) { ` + btEntrySel + ` } }`
	btUpdateQ = `mutation($id: ID!, $in: UpdateTimeEntryInput!) { updateTimeEntry(id: $id, input: $in) { ` + btEntrySel + ` } }`

	btChangeSel = `id projectID shareID kind beforeCents: before { amount currency } afterCents: after { amount currency } currency at actorID proposalID reason`
	// btProjectQ reads a project with everything below it the viewer may see.
	btProjectQ = `query($id: ID!) { node(id: $id) { ... on Project { id status totalBudgetCents: totalBudget { amount currency } pmChargePercent currency
		budgetShares(first: 100) { totalCount edges { node { id coopID personID amountCents: amount { amount currency } } } }
		budgetChanges(first: 100, orderBy: {field: AT, direction: ASC}) { totalCount edges { node { ` + btChangeSel + ` } } }
		timeEntries(first: 100) { totalCount edges { node { id shareID personID minutes } } }
	} } }`
)

type btShareJSON struct {
	ID              string  `json:"id"`
	ProjectID       string  `json:"projectID"`
	CoopID          *string `json:"coopID"`
	PersonID        *string `json:"personID"`
	AmountCents     btMoney `json:"amountCents"`
	HourlyRateCents btMoney `json:"hourlyRateCents"`
	PlannedMinutes  int     `json:"plannedMinutes"`
	Currency        string  `json:"currency"`
	Description     *string `json:"description"`
}

type btEntryJSON struct {
	ID        string    `json:"id"`
	ProjectID string    `json:"projectID"`
	ShareID   string    `json:"shareID"`
	PersonID  string    `json:"personID"`
	Date      time.Time `json:"date"`
	Minutes   int       `json:"minutes"`
	Note      *string   `json:"note"`
}

type btChangeJSON struct {
	ID          string    `json:"id"`
	ProjectID   string    `json:"projectID"`
	ShareID     *string   `json:"shareID"`
	Kind        string    `json:"kind"`
	BeforeCents btMoney   `json:"beforeCents"`
	AfterCents  btMoney   `json:"afterCents"`
	Currency    string    `json:"currency"`
	At          time.Time `json:"at"`
	ActorID     *string   `json:"actorID"`
	ProposalID  *string   `json:"proposalID"`
	Reason      *string   `json:"reason"`
}

type btProjectJSON struct {
	ID               string  `json:"id"`
	Status           string  `json:"status"`
	TotalBudgetCents btMoney `json:"totalBudgetCents"`
	PmChargePercent  int     `json:"pmChargePercent"`
	Currency         string  `json:"currency"`
	BudgetShares     struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Node btShareJSON `json:"node"`
		} `json:"edges"`
	} `json:"budgetShares"`
	BudgetChanges struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Node btChangeJSON `json:"node"`
		} `json:"edges"`
	} `json:"budgetChanges"`
	TimeEntries struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Node btEntryJSON `json:"node"`
		} `json:"edges"`
	} `json:"timeEntries"`
}

func (p btProjectJSON) shareIDs() []string {
	var ids []string
	for _, e := range p.BudgetShares.Edges {
		ids = append(ids, e.Node.ID)
	}
	slices.Sort(ids)
	return ids
}

func (p btProjectJSON) changes() []btChangeJSON {
	var out []btChangeJSON
	for _, e := range p.BudgetChanges.Edges {
		out = append(out, e.Node)
	}
	return out
}

func (p btProjectJSON) entryIDs() []string {
	var ids []string
	for _, e := range p.TimeEntries.Edges {
		ids = append(ids, e.Node.ID)
	}
	slices.Sort(ids)
	return ids
}

// ---- requests -----------------------------------------------------------

// shareInput is a CreateBudgetShareInput for p: to a coop when holder is a
// *btCoop, to a freelancer when it is an *ent.Person.
func shareInput(p *ent.Project, holder any, amount int64) map[string]any {
	in := map[string]any{"projectID": testkit.ID(p.ID), "amount": btEUR(amount), "hourlyRate": btEUR(9_000),
		"plannedMinutes": 600, "description": "backend work", "reason": "kick-off"}
	switch h := holder.(type) {
	case *btCoop:
		in["coopID"] = testkit.ID(h.ID)
	case *ent.Person:
		in["personID"] = testkit.ID(h.ID)
	default:
		panic(fmt.Sprintf("share holder %T", holder))
	}
	return in
}

func btCreateShare(c *testkit.Client, in map[string]any) *testkit.Response {
	return c.Do(btCreateShareQ, map[string]any{"in": in})
}

func btResize(c *testkit.Client, shareID int, amount int64, reason string) *testkit.Response {
	return c.Do(btResizeQ, map[string]any{"s": testkit.ID(shareID), "a": amount, "r": reason})
}

func btStatus(c *testkit.Client, projectID int, status string) *testkit.Response {
	return c.Do(btStatusQ, map[string]any{"p": testkit.ID(projectID), "s": status})
}

func btTotal(c *testkit.Client, projectID int, total int64, pm *int, reason string) *testkit.Response {
	vars := map[string]any{"p": testkit.ID(projectID), "t": total, "r": reason}
	if pm != nil {
		vars["pm"] = *pm
	}
	return c.Do(btTotalQ, vars)
}

func btLog(c *testkit.Client, shareID int, day time.Time, minutes int, note string) *testkit.Response {
	return c.Do(btLogQ, map[string]any{"in": map[string]any{
		"shareID": testkit.ID(shareID), "date": day.Format(time.RFC3339), "minutes": minutes, "note": note}})
}

func btUpdateEntry(c *testkit.Client, entryID int, in map[string]any) *testkit.Response {
	return c.Do(btUpdateQ, map[string]any{"id": testkit.ID(entryID), "in": in})
}

// createShareOK creates a share through the API and returns it.
func (e *btEnv) createShareOK(c *testkit.Client, in map[string]any) btShareJSON {
	e.t.Helper()
	var out struct {
		CreateBudgetShare struct {
			BudgetShare btShareJSON `json:"budgetShare"`
		} `json:"createBudgetShare"`
	}
	testkit.OK(e.t, btCreateShare(c, in), &out)
	return out.CreateBudgetShare.BudgetShare
}

// logOK logs time through the API and returns the entry.
func (e *btEnv) logOK(c *testkit.Client, shareID int, day time.Time, minutes int) btEntryJSON {
	e.t.Helper()
	var out struct {
		LogTime struct {
			TimeEntry btEntryJSON `json:"timeEntry"`
		} `json:"logTime"`
	}
	testkit.OK(e.t, btLog(c, shareID, day, minutes, "worked"), &out)
	return out.LogTime.TimeEntry
}

// readProject reads a project as c, failing unless it is readable.
func (e *btEnv) readProject(c *testkit.Client, projectID int) btProjectJSON {
	e.t.Helper()
	var out struct {
		Node *btProjectJSON `json:"node"`
	}
	testkit.OK(e.t, c.Do(btProjectQ, map[string]any{"id": testkit.ID(projectID)}), &out)
	if out.Node == nil {
		e.t.Fatalf("project %d: node is null", projectID)
	}
	return *out.Node
}

// ---- assertions ---------------------------------------------------------

// btInt reads a numeric extension.
// btMoney decodes a Money selected under an alias, e.g.
// amountCents: amount { amount currency }, to its minor units; the currency
// must be EUR (the tests' projects are in EUR unless they say otherwise).
type btMoney int64

func (m *btMoney) UnmarshalJSON(b []byte) error {
	var v struct {
		Amount   *int64 `json:"amount"`
		Currency string `json:"currency"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.Amount == nil || v.Currency == "" {
		return fmt.Errorf("not a Money: %s", b)
	}
	if v.Currency != "EUR" {
		return fmt.Errorf("money in %s, want EUR: %s", v.Currency, b)
	}
	*m = btMoney(*v.Amount)
	return nil
}

// btCurrency decodes { currency } of a Money selected under an alias.
type btCurrency string

func (c *btCurrency) UnmarshalJSON(b []byte) error {
	var v struct {
		Currency string `json:"currency"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = btCurrency(v.Currency)
	return nil
}

// btEUR is a MoneyInput in euros.
func btEUR(cents int64) map[string]any { return map[string]any{"amount": cents, "currency": "EUR"} }

// btMoneyExt reads a Money in an error's extensions (e.g. "remaining").
func btMoneyExt(t testing.TB, e testkit.Error, key string) int64 {
	t.Helper()
	m, ok := e.Extensions[key].(map[string]any)
	if !ok {
		t.Fatalf("extensions.%s missing or not a Money: %+v", key, e.Extensions)
	}
	f, ok := m["amount"].(float64)
	if !ok || m["currency"] == nil {
		t.Fatalf("extensions.%s is not a Money: %+v", key, m)
	}
	return int64(f)
}

func btInt(t testing.TB, e testkit.Error, key string) int64 {
	t.Helper()
	f, ok := e.Extensions[key].(float64)
	if !ok {
		t.Fatalf("extensions.%s missing or not a number: %+v", key, e.Extensions)
	}
	return int64(f)
}

// ---- database state -----------------------------------------------------

// btSnap is the state a refused request must leave alone: the row count of
// every table and the budget-relevant columns of projects, shares and time
// entries.
type btSnap struct {
	Rows    map[string]int
	Budget  string
	Entries string
}

func (e *btEnv) snap() btSnap {
	e.t.Helper()
	var b, en strings.Builder
	for _, p := range testkit.Must(e.ec.Project.Query().Order(ent.Asc(project.FieldID)).All(e.ctx))(e.t) {
		fmt.Fprintf(&b, "project %d %s %d %d\n", p.ID, p.Status, p.TotalBudgetCents, p.PmChargePercent)
	}
	for _, s := range testkit.Must(e.ec.BudgetShare.Query().Order(ent.Asc(budgetshare.FieldID)).All(e.ctx))(e.t) {
		fmt.Fprintf(&b, "share %d %d %d\n", s.ID, s.AmountCents, s.HourlyRateCents)
	}
	for _, t := range testkit.Must(e.ec.TimeEntry.Query().Order(ent.Asc(timeentry.FieldID)).All(e.ctx))(e.t) {
		fmt.Fprintf(&en, "entry %d %s %d %q\n", t.ID, t.Date.UTC().Format(time.DateOnly), t.Minutes, t.Note)
	}
	return btSnap{Rows: e.rowCounts(), Budget: b.String(), Entries: en.String()}
}

// unchanged asserts that nothing was written since before.
func (e *btEnv) unchanged(before btSnap) {
	e.t.Helper()
	after := e.snap()
	for table, n := range before.Rows {
		if after.Rows[table] != n {
			e.t.Errorf("table %s: %d rows before, %d after the refused request", table, n, after.Rows[table])
		}
	}
	if after.Budget != before.Budget {
		e.t.Errorf("budgets changed by a refused request:\nbefore:\n%safter:\n%s", before.Budget, after.Budget)
	}
	if after.Entries != before.Entries {
		e.t.Errorf("time entries changed by a refused request:\nbefore:\n%safter:\n%s", before.Entries, after.Entries)
	}
}

// rowCounts counts the rows of every table, straight from the database.
func (e *btEnv) rowCounts() map[string]int {
	e.t.Helper()
	return testkit.RowCounts(e.t, e.db)
}

// committed is what a project's budget carries now, from the database:
// its shares and its PM charge (rounded half up, as money.PercentOf does).
func (e *btEnv) committed(projectID int) (shares, pm, total int64) {
	e.t.Helper()
	p := testkit.Must(e.ec.Project.Get(e.ctx, projectID))(e.t)
	for _, s := range testkit.Must(e.ec.BudgetShare.Query().Where(budgetshare.ProjectID(projectID)).All(e.ctx))(e.t) {
		shares += s.AmountCents
	}
	return shares, (p.TotalBudgetCents*int64(p.PmChargePercent) + 50) / 100, p.TotalBudgetCents
}

// changesOf returns the recorded budget changes of a project, oldest first.
func (e *btEnv) changesOf(projectID int) []*ent.BudgetChange {
	e.t.Helper()
	return testkit.Must(e.ec.BudgetChange.Query().Where(budgetchange.ProjectID(projectID)).
		Order(ent.Asc(budgetchange.FieldAt), ent.Asc(budgetchange.FieldID)).All(e.ctx))(e.t)
}

// assertChange checks one recorded change.
func (e *btEnv) assertChange(c *ent.BudgetChange, kind budgetchange.Kind, shareID *int, before, after int64, actor *ent.Person, reason string) {
	e.t.Helper()
	if c.Kind != kind || c.BeforeCents != before || c.AfterCents != after {
		e.t.Errorf("change %d: %s %d → %d, want %s %d → %d", c.ID, c.Kind, c.BeforeCents, c.AfterCents, kind, before, after)
	}
	switch {
	case shareID == nil && c.ShareID != nil:
		e.t.Errorf("change %d names share %d, want none", c.ID, *c.ShareID)
	case shareID != nil && (c.ShareID == nil || *c.ShareID != *shareID):
		e.t.Errorf("change %d names share %v, want %d", c.ID, c.ShareID, *shareID)
	}
	if c.ActorID == nil || *c.ActorID != actor.ID {
		e.t.Errorf("change %d actor %v, want %d (%s)", c.ID, c.ActorID, actor.ID, actor.Name)
	}
	if !c.At.Equal(e.clk.Now()) {
		e.t.Errorf("change %d at %s, want the clock's now %s", c.ID, c.At.UTC(), e.clk.Now())
	}
	if c.Reason != reason {
		e.t.Errorf("change %d reason %q, want %q", c.ID, c.Reason, reason)
	}
	if c.ProposalID != nil {
		e.t.Errorf("change %d names proposal %d, want none (applied directly)", c.ID, *c.ProposalID)
	}
	if c.Currency != "EUR" {
		e.t.Errorf("change %d currency %q, want EUR", c.ID, c.Currency)
	}
}
