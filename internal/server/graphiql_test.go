package server_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestGraphiQLOffline: the page at / loads every script and stylesheet from
// Cockpit itself (none from a CDN), and each of them is served.
func TestGraphiQLOffline(t *testing.T) {
	c := testkit.NewServer(t, testkit.NewDB(t, store.Options{}))
	get := func(path string) (*http.Response, string) {
		t.Helper()
		res, err := http.Get(c.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, page := get("/")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy %q does not keep the page to this server", csp)
	}
	if strings.Contains(page, "://") {
		t.Errorf("the page refers to another host:\n%s", page)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	want := map[string]string{".js": "text/javascript", ".css": "text/css"}
	seen := map[string]bool{}
	for _, m := range refs {
		path := m[1]
		res, body := get(path)
		ext := path[strings.LastIndex(path, "."):]
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), want[ext]) || body == "" {
			t.Errorf("%s: HTTP %d, %s, %d bytes", path, res.StatusCode, res.Header.Get("Content-Type"), len(body))
		}
		seen[path[strings.LastIndex(path, "/")+1:]] = true
	}
	for _, asset := range []string{"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "graphiql.min.css", "cockpit.js"} {
		if !seen[asset] {
			t.Errorf("the page does not load %s", asset)
		}
	}
	// The vendored builds ship with their licenses; no directory listings.
	for _, lic := range []string{"LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom"} {
		if res, body := get("/graphiql/vendor/" + lic); res.StatusCode != http.StatusOK || !strings.Contains(body, "MIT License") {
			t.Errorf("%s: HTTP %d", lic, res.StatusCode)
		}
	}
	if res, _ := get("/graphiql/vendor/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("directory listing: HTTP %d", res.StatusCode)
	}
}
