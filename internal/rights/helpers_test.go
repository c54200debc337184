// Package rights_test checks each person's data rights end to end: through
// real HTTP requests with real tokens against the real handler, on the demo
// network, on SQLite and (with COCKPIT_TEST_DATABASE) on PostgreSQL.
package rights_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// env is the demo network behind the real handler.
type env struct {
	t   *testing.T
	ctx context.Context // fixtures and database checks, past the privacy rules
	db  *store.DB
	ec  *ent.Client
	c   *testkit.Client // anonymous
	net *ent.Network
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	ctx := testkit.System(context.Background())
	if err := demo.Seed(authz.Under(context.Background(), authz.SeedDemo), db.Client); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, db: db, ec: db.Client, c: testkit.NewServer(t, db)}
	e.net = testkit.Must(e.ec.Network.Query().Where(network.Slug(demo.Slug)).Only(ctx))(t)
	return e
}

// person is the demo person with this e-mail.
func (e *env) person(email string) *ent.Person {
	e.t.Helper()
	return testkit.Must(e.ec.Person.Query().Where(person.Email(email)).Only(e.ctx))(e.t)
}

const (
	annaEmail = "anna.schubert@example.org"
	noraEmail = "nora.lindqvist@example.net"
)

// gql posts a query and fails the test on any error, decoding data into out.
func gql(t *testing.T, c *testkit.Client, query string, vars map[string]any, out any) {
	t.Helper()
	res, err := c.Post(query, vars)
	if err != nil {
		t.Fatal(err)
	}
	testkit.OK(t, res, out)
}

// raw posts a query and returns the whole response body as text.
func raw(t *testing.T, c *testkit.Client, query string, vars map[string]any) string {
	t.Helper()
	res, err := c.Post(query, vars)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(res)
	return string(b)
}

// exportOf is the viewer's exportMyData document.
func exportOf(t *testing.T, c *testkit.Client) map[string]any {
	t.Helper()
	var out struct {
		ExportMyData map[string]any `json:"exportMyData"`
	}
	gql(t, c, `{ exportMyData }`, nil, &out)
	if out.ExportMyData == nil {
		t.Fatal("exportMyData is null")
	}
	return out.ExportMyData
}

// getExport fetches GET /export/me with the given Authorization header
// ("" for none).
func getExport(t *testing.T, c *testkit.Client, authorization string) (*http.Response, []byte) {
	t.Helper()
	h := http.Header{}
	if authorization != "" {
		h.Set("Authorization", authorization)
	}
	return testkit.Get(t, c.URL+"/export/me", h)
}

// count runs SELECT count(*) straight on the database.
func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.SQL.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// ph is the dialect's n-th placeholder.
func ph(n int) string {
	if testkit.Postgres() {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}
