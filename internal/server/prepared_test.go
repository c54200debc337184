package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Operations of TestPreparedStatementsSameAnswers: the load benchmark's
// shapes and a few more.
const (
	preparedDirectory = `query Directory { networks(first: 5) { totalCount edges { node { name
  coops(first: 10) { totalCount edges { node { name city
    memberships(first: 10) { totalCount edges { node { state person { name city
      skills(first: 5) { totalCount edges { node { name } } } } } } } } } } } } } }`
	preparedDiscovery = `{ viewer { memberships { id state coop { id } } }
  projects(first: 50) { totalCount edges { node { id name budgetShares(first: 50) { edges { node { id coop { id } } } } } } } }`
	preparedCoop = `query Coop($id: ID!) { node(id: $id) { ... on Coop { name city
  memberships(first: 20) { totalCount edges { node { state since person { name } } } }
  ledProjects(first: 10) { totalCount edges { node { name budgetShares(first: 10) { totalCount edges { node { currency coop { name } } } } } } }
  networks(first: 5) { totalCount edges { node { name } } } } } }`
	preparedTalent = `{ networks(first: 1) { edges { node {
  talentSearch(input: {requirements: [{skill: "Go", minLevel: 3}, {skill: "PostgreSQL", minLevel: 3}], minHoursPerWeek: 8}, first: 20) {
    totalCount edges { node { score person { name city } missing { skill { name } } } } } } } } }`
	preparedShare = `query Share($id: ID!) { node(id: $id) { ... on BudgetShare {
  timeEntries(first: 50) { totalCount edges { node { date minutes note person { name } } } } } } }`
	preparedLogTime = `mutation LogTime($share: ID!, $date: Time!, $minutes: Int!, $note: String) {
  logTime(input: {shareID: $share, date: $date, minutes: $minutes, note: $note}) { timeEntry { date minutes note } } }`
)

// TestPreparedStatementsSameAnswers runs the same reads and writes against
// two servers on one database, one preparing its PostgreSQL statements
// (the statement cache, store.Options' default) and one sending them
// unprepared (--db-prepared-statements=false): every answer is the same.
// Reads run several times, past the 5 executions after which PostgreSQL may
// switch a prepared statement to a generic plan. On SQLite both servers
// send statements unprepared; the test runs all the same.
func TestPreparedStatementsSameAnswers(t *testing.T) {
	ctx := context.Background()
	plainDB := testkit.NewDB(t, store.Options{NoPreparedStatements: true})
	if err := demo.Seed(authz.Under(ctx, authz.SeedDemo), plainDB.Client); err != nil {
		t.Fatal(err)
	}
	// store.Options{}: prepared on PostgreSQL (directly, when the tests run
	// through PgBouncer: scripts/pgbouncer-test.sh).
	cachedDB := testkit.NewPreparedReplica(t, plainDB)
	plain, cached := testkit.NewServer(t, plainDB), testkit.NewServer(t, cachedDB)
	if _, ok := plainDB.StatementStats(); ok {
		t.Fatal("the server with NoPreparedStatements has a statement cache")
	}

	sys := testkit.System(ctx)
	anna := testkit.Must(plainDB.Client.Person.Query().Where(person.Email("anna.schubert@example.org")).Only(sys))(t)
	admin := testkit.Must(plainDB.Client.NetworkMembership.Query().
		Where(networkmembership.RoleEQ(networkmembership.RoleADMIN)).First(sys))(t)

	// same runs op on both servers (the cached one times times) and
	// returns the answer.
	same := func(as int, name, query string, vars map[string]any, times int) json.RawMessage {
		t.Helper()
		want := answer(t, plain.As(as).Do(query, vars))
		for i := 0; i < times; i++ {
			if got := answer(t, cached.As(as).Do(query, vars)); !bytes.Equal(got, want) {
				t.Fatalf("%s as %d, run %d: prepared\n%s\nunprepared\n%s", name, as, i+1, got, want)
			}
		}
		return want
	}

	var shares []string
	var coops []string
	for _, as := range []int{anna.ID, admin.PersonID} {
		same(as, "directory", preparedDirectory, nil, 7)
		same(as, "talentSearch", preparedTalent, nil, 7)
		var d struct {
			Data struct {
				Viewer struct {
					Memberships []struct{ Coop struct{ ID string } }
				}
				Projects struct {
					Edges []struct {
						Node struct {
							BudgetShares struct {
								Edges []struct{ Node struct{ ID string } }
							}
						}
					}
				}
			}
		}
		testkit.Must(0, json.Unmarshal(same(as, "discovery", preparedDiscovery, nil, 7), &d))(t)
		for _, m := range d.Data.Viewer.Memberships {
			coops = append(coops, m.Coop.ID)
		}
		for _, p := range d.Data.Projects.Edges {
			for _, s := range p.Node.BudgetShares.Edges {
				shares = append(shares, s.Node.ID)
			}
		}
		for _, id := range coops {
			same(as, "coop node", preparedCoop, map[string]any{"id": id}, 6)
		}
	}
	if len(coops) == 0 || len(shares) == 0 {
		t.Fatalf("the demo data gave %d coops and %d budget shares to ask about", len(coops), len(shares))
	}

	// Writes through either server, each read back through both; refused
	// writes are refused alike.
	// Today: the demo's shares were created when it was seeded, and time is
	// logged from the day a share exists (issue 17).
	day := time.Now().UTC().Truncate(24 * time.Hour)
	logged := 0
	for _, share := range shares {
		for j, srv := range []*testkit.Client{cached, plain, cached} {
			vars := map[string]any{"share": share, "date": day.Format(time.RFC3339),
				"minutes": 30 + j, "note": fmt.Sprintf("round %d", j)}
			res := srv.As(anna.ID).Do(preparedLogTime, vars)
			vars["minutes"] = 0
			same(anna.ID, "logTime of 0 minutes", preparedLogTime, vars, 1)
			if len(res.Errors) > 0 {
				// Anna may not log time on every share: both servers say so.
				same(anna.ID, "logTime refused", preparedLogTime, map[string]any{"share": share,
					"date": day.Format(time.RFC3339), "minutes": 1}, 1)
				break
			}
			logged++
			same(anna.ID, "time entries", preparedShare, map[string]any{"id": share}, 3)
		}
	}

	if logged == 0 {
		t.Fatal("no logTime succeeded: the writes compared nothing")
	}
	t.Logf("%d coops, %d budget shares, %d time entries logged", len(coops), len(shares), logged)
	if testkit.Postgres() {
		s, ok := cachedDB.StatementStats()
		if !ok || s.Hits == 0 || s.Prepares == 0 {
			t.Errorf("the prepared server's cache: %+v (ok %v), want statements prepared and reused", s, ok)
		}
		t.Logf("statement cache: %+v", s)
	}
}

// answer is a response's data and errors as canonical JSON.
func answer(t *testing.T, res *testkit.Response) json.RawMessage {
	t.Helper()
	var data any
	if len(res.Data) > 0 {
		testkit.Must(0, json.Unmarshal(res.Data, &data))(t)
	}
	b, err := json.Marshal(map[string]any{"status": res.Status, "data": data, "errors": res.Errors})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
