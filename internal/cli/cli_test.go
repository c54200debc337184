package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/cli"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

func env(vars map[string]string) cli.Env {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

func TestServeDemoEndToEnd(t *testing.T) {
	dbURL := testkit.NewDatabaseURL(t)
	secret := string(testkit.Secret)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan string, 1)
	exit := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		// The database comes from the environment, the rest from flags.
		// Limits come from the environment too.
		exit <- cli.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--demo"},
			env(map[string]string{"COCKPIT_DATABASE": dbURL, "COCKPIT_JWT_SECRET": secret,
				"COCKPIT_MAX_DEPTH": "5", "COCKPIT_INTROSPECTION": "false"}), io.Discard, &stderr, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case code := <-exit:
		t.Fatalf("serve exited with %d: %s", code, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start")
	}

	for _, path := range []string{"/healthz", "/readyz", "/"} {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", path, res.Status)
		}
	}

	// Anonymous requests see nothing; a token minted by "cockpit token"
	// for a demo member sees the network.
	if got := networks(t, addr, ""); got.Data.Networks.TotalCount != 0 {
		t.Fatalf("anonymous request sees networks: %+v", got)
	}
	var tok bytes.Buffer
	if code := cli.Run(context.Background(), []string{"token", "--person", "Anna.Schubert@example.org", "--ttl", "5m"},
		env(map[string]string{"COCKPIT_DATABASE": dbURL, "COCKPIT_JWT_SECRET": secret}), &tok, &stderr, nil); code != 0 {
		t.Fatalf("token exited with %d: %s", code, stderr.String())
	}
	out := networks(t, addr, strings.TrimSpace(tok.String()))
	if len(out.Errors) > 0 || out.Data.Networks.TotalCount != 1 || out.Data.Networks.Edges[0].Node.Coops.TotalCount != 4 {
		t.Fatalf("demo network not served: %+v", out)
	}

	for q, code := range map[string]string{
		`{ networks { edges { node { coops { edges { node { name } } } } } } }`: "QUERY_TOO_DEEP",
		`{ __schema { queryType { name } } }`:                                   "INTROSPECTION_DISABLED",
	} {
		res, err := http.Post("http://"+addr+"/graphql", "application/json", strings.NewReader(`{"query":"`+q+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), `"code":"`+code+`"`) {
			t.Errorf("%s: want %s from the environment's settings, got %s", q, code, b)
		}
	}

	cancel() // SIGTERM equivalent: graceful shutdown
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		}
		if !strings.Contains(stderr.String(), `"msg":"shut down cleanly"`) {
			t.Errorf("no clean shutdown logged: %s", stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}

	// Starting again with --demo keeps the existing data and does not fail.
	var out2 bytes.Buffer
	if code := cli.Run(context.Background(), []string{"seed", "--demo", "--database", dbURL}, env(nil), &out2, &stderr, nil); code == 0 {
		t.Fatalf("seeding the demo twice should fail, got exit 0: %s", out2.String())
	}
}

func TestCommands(t *testing.T) {
	dbURL := testkit.NewDatabaseURL(t)
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		wantOut  string
	}{
		{"no command", nil, nil, 2, ""},
		{"unknown command", []string{"frobnicate"}, nil, 2, ""},
		{"help", []string{"help"}, nil, 0, "Commands:"},
		{"version", []string{"version"}, nil, 0, "cockpit "},
		{"migrate fresh database", []string{"migrate", "--database", dbURL}, nil, 0, "applied "},
		{"migrate again is a no-op", []string{"migrate"}, map[string]string{"DATABASE_URL": dbURL}, 0, "up to date"},
		{"seed needs --demo", []string{"seed", "--database", dbURL}, nil, 2, ""},
		{"unknown flag", []string{"serve", "--no-such-flag"}, nil, 2, ""},
		{"stray argument", []string{"migrate", "--database", dbURL, "extra"}, nil, 2, ""},
		{"unsupported database URL", []string{"migrate", "--database", "mysql://x"}, nil, 1, ""},
		{"token needs --person", []string{"token", "--database", dbURL}, map[string]string{"COCKPIT_JWT_SECRET": string(testkit.Secret)}, 2, ""},
		{"token for nobody", []string{"token", "--database", dbURL, "--person", "nobody@example.org"}, map[string]string{"COCKPIT_JWT_SECRET": string(testkit.Secret)}, 2, ""},
		{"token without a secret", []string{"token", "--database", "postgres://127.0.0.1:1/none", "--person", "a@example.org"}, nil, 2, ""},
		{"short secret", []string{"token", "--database", dbURL, "--person", "a@example.org"}, map[string]string{"COCKPIT_JWT_SECRET": "short"}, 2, ""},
		{"limit from the environment that is no number", []string{"serve", "--database", dbURL}, map[string]string{"COCKPIT_MAX_DEPTH": "deep"}, 2, ""},
		{"timeout from the environment that is no duration", []string{"serve", "--database", dbURL}, map[string]string{"COCKPIT_REQUEST_TIMEOUT": "15"}, 2, ""},
		{"seed zero copies", []string{"seed", "--demo", "--copies", "0", "--database", dbURL}, nil, 2, ""},
		{"check an empty database", []string{"check", "--database", dbURL}, nil, 0, "agrees"},
		{"check a database not migrated", []string{"check", "--database", testkit.NewDatabaseURL(t)}, nil, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := cli.Run(context.Background(), tt.args, env(tt.env), &stdout, &stderr, nil)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantOut) {
				t.Fatalf("stdout %q does not contain %q", stdout.String(), tt.wantOut)
			}
		})
	}
}

type networksResponse struct {
	Data struct {
		Networks struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Name  string
					Coops struct{ TotalCount int }
				}
			}
		}
	}
	Errors []any
}

func networks(t *testing.T, addr, token string) networksResponse {
	t.Helper()
	body := `{"query":"{ networks { totalCount edges { node { name coops { totalCount } } } } }"}`
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out networksResponse
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCheckRepairsTalentFlags: on the demo data the participation flags
// agree; a flag changed past Cockpit makes check fail (exit 1), check
// --repair fixes exactly that one, and check passes again.
func TestCheckRepairsTalentFlags(t *testing.T) {
	ctx := context.Background()
	dbURL := testkit.NewDatabaseURL(t)
	run := func(args ...string) (int, string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := cli.Run(ctx, args, env(nil), &stdout, &stderr, nil)
		return code, stdout.String() + stderr.String()
	}
	if code, out := run("seed", "--demo", "--database", dbURL); code != 0 {
		t.Fatalf("seeding the demo: exit %d: %s", code, out)
	}
	if code, out := run("check", "--database", dbURL); code != 0 || !strings.Contains(out, "agrees") {
		t.Fatalf("check of the demo: exit %d: %s", code, out)
	}
	db, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL.ExecContext(ctx, `UPDATE person_skills SET in_network = NOT in_network WHERE id = (SELECT MIN(id) FROM person_skills)`); err != nil {
		t.Fatal(err)
	}
	if code, out := run("check", "--database", dbURL); code != 1 || !strings.Contains(out, "1 person skills disagree") {
		t.Fatalf("check after a change past Cockpit: exit %d: %s", code, out)
	}
	if code, out := run("check", "--repair", "--database", dbURL); code != 0 || !strings.Contains(out, "of 1 person skills") {
		t.Fatalf("check --repair: exit %d: %s", code, out)
	}
	if code, out := run("check", "--database", dbURL); code != 0 {
		t.Fatalf("check after the repair: exit %d: %s", code, out)
	}
}
