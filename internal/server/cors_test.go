package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestCORS: without --cors-origins no cross-origin browser may call the API
// (neither preflight nor actual request gets Access-Control-Allow-Origin);
// listed origins may; "*" allows any origin only when configured.
func TestCORS(t *testing.T) {
	db := testkit.NewDB(t, store.Options{})
	const app, evil = "https://app.example.org", "https://evil.example.net"
	configs := []struct {
		name    string
		origins []string
		want    map[string]string // origin -> expected Access-Control-Allow-Origin ("" = denied)
	}{
		{"default denies", nil, map[string]string{app: "", evil: ""}},
		{"empty list denies", []string{}, map[string]string{app: "", evil: ""}},
		{"listed origin", []string{app}, map[string]string{app: app, evil: ""}},
		{"explicit wildcard", []string{"*"}, map[string]string{app: "*", evil: "*"}},
	}
	for _, cfg := range configs {
		t.Run(cfg.name, func(t *testing.T) {
			ts := httptest.NewServer(server.New(db, server.Options{AllowedOrigins: cfg.origins}))
			defer ts.Close()
			for origin, want := range cfg.want {
				// Preflight for a POST carrying a token.
				req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/graphql", nil)
				req.Header.Set("Origin", origin)
				req.Header.Set("Access-Control-Request-Method", "POST")
				req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
				pre := do(t, req)
				if got := pre.Header.Get("Access-Control-Allow-Origin"); got != want {
					t.Errorf("preflight from %s: Access-Control-Allow-Origin = %q, want %q", origin, got, want)
				}
				if want != "" {
					if h := strings.ToLower(pre.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(h, "authorization") {
						t.Errorf("preflight from %s: Authorization header not allowed: %q", origin, h)
					}
				}
				// The actual request: a rejected token's 401 is readable by
				// an allowed origin, and by no other.
				req, _ = http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(`{"query":"{ viewer { isNetworkAdmin } }"}`))
				req.Header.Set("Origin", origin)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer not-a-token")
				res := do(t, req)
				if res.StatusCode != http.StatusUnauthorized {
					t.Errorf("POST from %s: status %d, want 401", origin, res.StatusCode)
				}
				if got := res.Header.Get("Access-Control-Allow-Origin"); got != want {
					t.Errorf("POST from %s: Access-Control-Allow-Origin = %q, want %q", origin, got, want)
				}
				// Tokens travel in a header, never in cookies: credentials
				// mode stays off, also for "*".
				for _, r := range []*http.Response{pre, res} {
					if c := r.Header.Get("Access-Control-Allow-Credentials"); c != "" {
						t.Errorf("from %s: Access-Control-Allow-Credentials = %q", origin, c)
					}
				}
			}
		})
	}
}

// TestSameOriginWithoutCORS: GraphiQL at / posts to /graphql from the
// server's own origin; browsers send that Origin on a POST, and the default
// (no CORS origins) still answers it.
func TestSameOriginWithoutCORS(t *testing.T) {
	ts := httptest.NewServer(server.New(testkit.NewDB(t, store.Options{}), server.Options{}))
	defer ts.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(`{"query":"{ viewer { isNetworkAdmin } }"}`))
	req.Header.Set("Origin", ts.URL)
	req.Header.Set("Content-Type", "application/json")
	res := do(t, req)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("same-origin POST: status %d", res.StatusCode)
	}
}

func do(t *testing.T, req *http.Request) *http.Response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}
