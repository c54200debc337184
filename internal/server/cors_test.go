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

func TestCORS(t *testing.T) {
	db := testkit.NewDB(t, store.Options{})
	ts := httptest.NewServer(server.New(db, server.Options{AllowedOrigins: []string{"https://app.example.org"}}))
	defer ts.Close()

	tests := []struct {
		name, origin string
		wantAllowed  bool
	}{
		{"configured origin", "https://app.example.org", true},
		{"other origin", "https://evil.example.net", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Preflight for a POST carrying a token.
			req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/graphql", nil)
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			allowOrigin := res.Header.Get("Access-Control-Allow-Origin")
			if tt.wantAllowed {
				if allowOrigin != tt.origin {
					t.Fatalf("Access-Control-Allow-Origin = %q, want %q", allowOrigin, tt.origin)
				}
				if h := strings.ToLower(res.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(h, "authorization") {
					t.Fatalf("Authorization header not allowed: %q", h)
				}
			} else if allowOrigin != "" {
				t.Fatalf("origin %s allowed: %q", tt.origin, allowOrigin)
			}
			// Tokens travel in a header, never in cookies: credentials mode stays off.
			if c := res.Header.Get("Access-Control-Allow-Credentials"); c != "" {
				t.Fatalf("Access-Control-Allow-Credentials = %q", c)
			}
		})
	}

	// A rejected token's 401 is readable by the allowed browser origin.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(`{"query":"{ viewer { isNetworkAdmin } }"}`))
	req.Header.Set("Origin", "https://app.example.org")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer not-a-token")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || res.Header.Get("Access-Control-Allow-Origin") != "https://app.example.org" {
		t.Fatalf("status %d, Access-Control-Allow-Origin %q", res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
	}
}
