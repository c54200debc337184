package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/golang-jwt/jwt/v5"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestLoginDuringOutage: a valid token whose person cannot be looked up or
// created because the database fails is answered 503 INTERNAL with
// Retry-After, never 401 UNAUTHENTICATED: the client retries instead of
// sending its user to log in again (regression: a failed lookup of the
// self sign-up networks answered 401 "no person for this login", and the
// other 503s carried no Retry-After).
func TestLoginDuringOutage(t *testing.T) {
	const query = `{"query":"{ viewer { person { name } } }"}`
	firstLogin := jwt.MapClaims{"sub": "oidc|nina", "email": "nina.neu@example.org", "email_verified": true, "name": "Nina Neu"}
	knownLogin := jwt.MapClaims{"sub": "oidc|known"}
	closeDB := func(e *env, _ *testkit.FaultDriver) func() {
		e.db.SQL.Close() // gone for good
		return nil
	}
	failOn := func(table string, all bool) func(*env, *testkit.FaultDriver) func() {
		return func(_ *env, f *testkit.FaultDriver) func() {
			if all {
				f.FailAll(table)
			} else {
				f.Fail(table)
			}
			return func() { f.Fail("") }
		}
	}
	for _, tc := range []struct {
		name   string
		claims jwt.MapClaims
		// outage breaks the database and returns what repairs it (nil: nothing).
		outage func(*env, *testkit.FaultDriver) func()
	}{
		{"known person, database closed", knownLogin, closeDB},
		{"first login, database closed", firstLogin, closeDB},
		{"known person, person lookup fails", knownLogin, failOn("persons", true)},
		{"first login, self sign-up networks lookup fails", firstLogin, failOn("networks", true)},
		{"first login, creating the person fails", firstLogin, failOn("persons", false)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fault := &testkit.FaultDriver{}
			e := newEnv(t, store.Options{WrapDriver: fault.Wrap()})
			testkit.Must(e.db.Client.Network.Create().SetName("Open network").SetSlug("open").SetSelfSignUp(true).Save(e.ctx))(t)
			testkit.Must(e.db.Client.Person.Create().SetName("Known").SetEmail("known@example.org").SetSubject("oidc|known").Save(e.ctx))(t)
			token := signed(t, tc.claims)

			repair := tc.outage(e, fault)
			status, header, codes := postToken(t, e.c.URL, token, query)
			if status != http.StatusServiceUnavailable || header.Get("Retry-After") == "" || len(codes) != 1 || codes[0] != "INTERNAL" {
				t.Fatalf("during the outage: HTTP %d, Retry-After %q, codes %v; want 503 with Retry-After and INTERNAL",
					status, header.Get("Retry-After"), codes)
			}
			if header.Get("WWW-Authenticate") != "" {
				t.Errorf("a 503 asks for new credentials: WWW-Authenticate %q", header.Get("WWW-Authenticate"))
			}
			if repair == nil {
				return
			}
			// Once the database answers, the same token logs in: it was the
			// outage, not the token.
			repair()
			if status, _, codes := postToken(t, e.c.URL, token, query); status != http.StatusOK || len(codes) != 0 {
				t.Fatalf("after the outage: HTTP %d, codes %v", status, codes)
			}
		})
	}
}

// signed mints an HS256 token the test server accepts, valid for an hour.
func signed(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	now := time.Now()
	c := jwt.MapClaims{"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	for k, v := range claims {
		c[k] = v
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(testkit.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// postToken posts body with the bearer token and returns the status, the
// headers and the error codes of the answer.
func postToken(t *testing.T, url, token, body string) (int, http.Header, []string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out testkit.Response
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("decoding the answer (HTTP %d): %v", res.StatusCode, err)
	}
	return res.StatusCode, res.Header, out.Codes()
}

// TestWebsocketLoginDuringOutage: a WebSocket whose connection_init token
// is valid but whose person cannot be read is closed with 1013 Try Again
// Later, not 4403 (regression: it read "UNAUTHENTICATED: invalid token", so
// clients asked their user to log in again); once the database answers, the
// same token is accepted.
func TestWebsocketLoginDuringOutage(t *testing.T) {
	fault := &testkit.FaultDriver{}
	e := newEnv(t, store.Options{WrapDriver: fault.Wrap()})
	testkit.Must(e.db.Client.Person.Create().SetName("Known").SetEmail("known@example.org").SetSubject("oidc|known").Save(e.ctx))(t)
	token := signed(t, jwt.MapClaims{"sub": "oidc|known"})

	fault.FailAll("persons")
	ws, first := dialWS(t, e.c.URL, token, nil)
	if first.Type == "connection_ack" || !ws.closed(5*time.Second) || ws.closeCode != websocket.StatusTryAgainLater {
		t.Fatalf("during the outage: first message %+v, close code %d; want a close with 1013", first, ws.closeCode)
	}

	fault.Fail("")
	ready := testkit.PollUntil(10*time.Second, func() bool {
		res, err := http.Get(e.c.URL + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	if !ready {
		t.Fatal("/readyz did not recover after the outage")
	}
	if _, first := dialWS(t, e.c.URL, token, nil); first.Type != "connection_ack" {
		t.Fatalf("after the outage: %+v, want connection_ack", first)
	}
}
