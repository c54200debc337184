package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent/bylawsversion"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/cli"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// First run without the demo (issue 16): cockpit init, COCKPIT_INIT_* at
// serve start, and cockpit token for the admin right after.

// run runs the cockpit command line in process.
func run(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	code = cli.Run(context.Background(), args, env(vars), &out, &errs, nil)
	return code, out.String(), errs.String()
}

func openStore(t *testing.T, dbURL string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// initEnv is the database, and on PostgreSQL (which has no development
// secret file) the signing secret.
func initEnv(dbURL string) map[string]string {
	vars := map[string]string{"COCKPIT_DATABASE": dbURL}
	if testkit.Postgres() {
		vars["COCKPIT_JWT_SECRET"] = string(testkit.Secret)
	}
	return vars
}

func with(vars map[string]string, more ...string) map[string]string {
	out := map[string]string{}
	for k, v := range vars {
		out[k] = v
	}
	for i := 0; i+1 < len(more); i += 2 {
		out[more[i]] = more[i+1]
	}
	return out
}

func TestInitFromEmptyDatabase(t *testing.T) {
	dbURL := testkit.NewDatabaseURL(t)
	vars := initEnv(dbURL)
	code, out, errs := run(t, vars, "init", "--network", "IT-Kollektiv Leipzig", "--admin-email", " Me@Example.org ", "--admin-name", "Mia Admin")
	if code != 0 || !strings.Contains(out, `founded network "IT-Kollektiv Leipzig" (slug it-kollektiv-leipzig) with its first admin me@example.org`) {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "cockpit token --person me@example.org") {
		t.Errorf("init does not say how to get a development token: %s", out)
	}
	if !testkit.Postgres() {
		if _, err := os.Stat(dbURL + ".jwt-secret"); err != nil {
			t.Errorf("init on SQLite without a JWT setting made no development secret: %v", err)
		}
	}

	db := openStore(t, dbURL)
	ctx := testkit.System(context.Background())
	n := testkit.MustOrPanic(db.Client.Network.Query().Only(ctx))
	if n.Name != "IT-Kollektiv Leipzig" || n.Slug != "it-kollektiv-leipzig" {
		t.Fatalf("network %q %q", n.Name, n.Slug)
	}
	// The founding bylaws, recorded as for createNetwork (the Network hook).
	bv := testkit.MustOrPanic(db.Client.BylawsVersion.Query().Where(bylawsversion.NetworkID(n.ID)).All(ctx))
	if len(bv) != 1 || bv[0].Version != 1 || !reflect.DeepEqual(bv[0].Values, governance.NetworkBylaws(n)) {
		t.Fatalf("founding bylaws: %+v", bv)
	}
	p := testkit.MustOrPanic(db.Client.Person.Query().Only(ctx))
	if p.Email == nil || *p.Email != "me@example.org" || p.Name != "Mia Admin" || p.Subject != nil || !p.ClaimOnFirstLogin {
		t.Fatalf("admin %+v", p)
	}
	nm := testkit.MustOrPanic(db.Client.NetworkMembership.Query().Only(ctx))
	if nm.NetworkID != n.ID || nm.PersonID != p.ID || nm.Role != networkmembership.RoleADMIN {
		t.Fatalf("membership %+v", nm)
	}

	before := testkit.RowCounts(t, db)
	for _, tc := range []struct {
		name     string
		vars     map[string]string
		args     []string
		wantCode int
		want     string
	}{
		{"again with the same values", vars, []string{"init", "--network", "IT-Kollektiv Leipzig", "--admin-email", "me@example.org"},
			0, "is already set up: nothing changed"},
		{"again from the environment only", with(vars, "COCKPIT_INIT_NETWORK", "IT-Kollektiv Leipzig", "COCKPIT_INIT_ADMIN_EMAIL", "ME@example.org"),
			[]string{"init"}, 0, "nothing changed"},
		{"another admin name (not compared)", vars, []string{"init", "--network", "IT-Kollektiv Leipzig", "--admin-email", "me@example.org", "--admin-name", "Other"},
			0, "nothing changed"},
		{"another network name", vars, []string{"init", "--network", "Another Network", "--admin-email", "me@example.org"},
			1, `none with the slug "another-network"`},
		{"another admin e-mail", vars, []string{"init", "--network", "IT-Kollektiv Leipzig", "--admin-email", "you@example.org"},
			1, "you@example.org is not its admin"},
		{"the environment's e-mail differs", with(vars, "COCKPIT_INIT_NETWORK", "IT-Kollektiv Leipzig", "COCKPIT_INIT_ADMIN_EMAIL", "you@example.org"),
			[]string{"init"}, 1, "never adds an admin"},
		{"no values", vars, []string{"init"}, 2, "--admin-email EMAIL are required"},
		{"no e-mail", vars, []string{"init", "--network", "X"}, 2, "required"},
		{"malformed e-mail", vars, []string{"init", "--network", "IT-Kollektiv Leipzig", "--admin-email", "me at example"}, 2, "e-mail"},
		{"a name without letters", vars, []string{"init", "--network", "!!!", "--admin-email", "me@example.org"}, 2, "no slug"},
		{"stray argument", vars, []string{"init", "--network", "N", "--admin-email", "me@example.org", "extra"}, 2, "unexpected"},
		{"serve with --demo and init", vars, []string{"serve", "--demo", "--init-network", "N", "--init-admin-email", "me@example.org"}, 2, "exclude each other"},
		{"serve with half the init values", with(vars, "COCKPIT_INIT_NETWORK", "N"), []string{"serve"}, 2, "go together"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(t, tc.vars, tc.args...)
			if code != tc.wantCode || !strings.Contains(out+errs, tc.want) {
				t.Fatalf("exit %d (want %d), want %q in\n%s%s", code, tc.wantCode, tc.want, out, errs)
			}
			testkit.NothingWritten(t, before, testkit.RowCounts(t, db))
		})
	}
}

// TestInitRace: replicas starting at once each run init (people.InitNetwork,
// what cockpit init and serve call), each with its own connection pool,
// released together. With the same values exactly one founds the network and
// the others find it; with different values (two operators at once) one
// founds and the others are refused. Never two networks or two admins.
func TestInitRace(t *testing.T) {
	const replicas = 4
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		same bool
	}{{"same values", true}, {"different values", false}} {
		t.Run(tc.name, func(t *testing.T) {
			for round := range 3 {
				dbURL := testkit.NewDatabaseURL(t)
				if code, out, errs := run(t, map[string]string{"COCKPIT_DATABASE": dbURL}, "migrate"); code != 0 {
					t.Fatalf("migrate: %s%s", out, errs)
				}
				pools := make([]*store.DB, replicas)
				for i := range pools {
					pools[i] = openStore(t, dbURL)
				}
				results := make([]people.InitResult, replicas)
				errs := make([]error, replicas)
				start := make(chan struct{})
				var wg sync.WaitGroup
				for i := range replicas {
					name := "Kooperativ Nord"
					if !tc.same {
						name = "Kooperativ " + string(rune('A'+i))
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						results[i], errs[i] = people.InitNetwork(ctx, pools[i].Client, people.InitInput{Network: name, AdminEmail: "me@example.org"})
					}()
				}
				close(start)
				wg.Wait()
				founded, unchanged, refused := 0, 0, 0
				for i, err := range errs {
					switch {
					case err == nil && results[i].Created:
						founded++
					case err == nil:
						unchanged++
					case apperr.CodeOf(err) == apperr.Conflict:
						refused++
					default:
						t.Fatalf("round %d, replica %d: %v", round, i, err)
					}
				}
				if founded != 1 || (tc.same && unchanged != replicas-1) || (!tc.same && refused != replicas-1) {
					t.Fatalf("round %d: %d founded, %d unchanged, %d refused: %v", round, founded, unchanged, refused, errs)
				}
				sys := testkit.System(ctx)
				nets := testkit.MustOrPanic(pools[0].Client.Network.Query().Count(sys))
				persons := testkit.MustOrPanic(pools[0].Client.Person.Query().Count(sys))
				admins := testkit.MustOrPanic(pools[0].Client.NetworkMembership.Query().Where(networkmembership.RoleEQ(networkmembership.RoleADMIN)).Count(sys))
				if nets != 1 || persons != 1 || admins != 1 {
					t.Fatalf("round %d: %d networks, %d persons, %d admins", round, nets, persons, admins)
				}
			}
		})
	}
}

// startServe runs `cockpit serve` until the test ends and returns its
// address and its log.
func startServe(t *testing.T, vars map[string]string, args ...string) (string, *testkit.SyncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	exit := make(chan int, 1)
	logs := &testkit.SyncBuffer{}
	go func() {
		exit <- cli.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), env(vars), io.Discard, logs, func(a string) { addrc <- a })
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-exit:
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	select {
	case addr := <-addrc:
		return addr, logs
	case code := <-exit:
		t.Fatalf("serve exited with %d: %s", code, logs.String())
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start")
	}
	return "", nil
}

// viewerOf asks the server who the token's person is.
func viewerOf(t *testing.T, addr, token string) (admin bool, networks []string) {
	t.Helper()
	body := `{"query":"{ viewer { isNetworkAdmin networkMemberships { role network { slug } } } }"}`
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data struct {
			Viewer *struct {
				IsNetworkAdmin     bool
				NetworkMemberships []struct {
					Role    string
					Network struct{ Slug string }
				}
			}
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Data.Viewer == nil {
		t.Fatalf("viewer: HTTP %d, %v", res.StatusCode, err)
	}
	for _, m := range out.Data.Viewer.NetworkMemberships {
		networks = append(networks, m.Role+" "+m.Network.Slug)
	}
	return out.Data.Viewer.IsNetworkAdmin, networks
}

// TestInitServeToken is the README's first run: init, serve, token, a first
// query as the admin (on SQLite with the development secret init made).
func TestInitServeToken(t *testing.T) {
	dbURL := testkit.NewDatabaseURL(t)
	vars := initEnv(dbURL)
	if code, out, errs := run(t, vars, "init", "--network", "Kooperativ Nord", "--admin-email", "me@example.org"); code != 0 {
		t.Fatalf("init: exit %d: %s%s", code, out, errs)
	}
	addr, _ := startServe(t, vars)
	code, tok, errs := run(t, vars, "token", "--person", "me@example.org")
	if code != 0 {
		t.Fatalf("token right after init: exit %d: %s", code, errs)
	}
	if admin, nets := viewerOf(t, addr, strings.TrimSpace(tok)); !admin || len(nets) != 1 || nets[0] != "ADMIN kooperativ-nord" {
		t.Fatalf("the admin's token: admin %v, networks %v", admin, nets)
	}
	// The development login claimed the admin: no first login can any more.
	db := openStore(t, dbURL)
	p := testkit.MustOrPanic(db.Client.Person.Query().Where(person.Email("me@example.org")).Only(testkit.System(context.Background())))
	if p.Subject == nil || *p.Subject != "cockpit:me@example.org" || p.ClaimOnFirstLogin {
		t.Fatalf("after cockpit token: subject %v, flag %v", p.Subject, p.ClaimOnFirstLogin)
	}
}

// TestServeInitsFromEnvironment: a container sets COCKPIT_INIT_* and runs
// serve; the admin exists when it serves. A restart with other values logs
// why they are ignored and serves the database as it is.
func TestServeInitsFromEnvironment(t *testing.T) {
	dbURL := testkit.NewDatabaseURL(t)
	vars := with(map[string]string{"COCKPIT_DATABASE": dbURL, "COCKPIT_JWT_SECRET": string(testkit.Secret)},
		"COCKPIT_INIT_NETWORK", "Kooperativ Süd", "COCKPIT_INIT_ADMIN_EMAIL", "boss@example.org", "COCKPIT_INIT_ADMIN_NAME", "Bo Boss")
	addr, logs := startServe(t, vars)
	if !strings.Contains(logs.String(), `"msg":"init: founded the network with its first admin"`) || !strings.Contains(logs.String(), `"slug":"kooperativ-sued"`) {
		t.Errorf("serve did not log the init: %s", logs.String())
	}
	if strings.Contains(logs.String(), "boss@example.org") {
		t.Errorf("serve logged the admin's e-mail: %s", logs.String())
	}
	code, tok, errs := run(t, vars, "token", "--person", "boss@example.org")
	if code != 0 {
		t.Fatalf("token: exit %d: %s", code, errs)
	}
	if admin, nets := viewerOf(t, addr, strings.TrimSpace(tok)); !admin || len(nets) != 1 || nets[0] != "ADMIN kooperativ-sued" {
		t.Fatalf("admin %v, networks %v", admin, nets)
	}

	db := openStore(t, dbURL)
	before := testkit.RowCounts(t, db)
	_, logs2 := startServe(t, with(vars, "COCKPIT_INIT_ADMIN_EMAIL", "intruder@example.org"))
	if !strings.Contains(logs2.String(), "COCKPIT_INIT_NETWORK ignored") || strings.Contains(logs2.String(), "@example.org") {
		t.Errorf("a restart with another admin e-mail (logged, without addresses): %s", logs2.String())
	}
	testkit.NothingWritten(t, before, testkit.RowCounts(t, db))
	if n := testkit.MustOrPanic(db.Client.Network.Query().Where(network.Slug("kooperativ-sued")).Count(testkit.System(context.Background()))); n != 1 {
		t.Fatalf("%d networks", n)
	}
}
