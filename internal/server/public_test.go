package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The public face's HTTP side (issue 18; public.go): the per-IP rate limit
// of requests without a token, and cacheable public GETs.

// publicServer is a server with a published network "open-net" and one
// person, with the public options given.
func publicServer(t *testing.T, pub server.Public) (*testkit.Client, int) {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	ctx := testkit.System(context.Background())
	testkit.Must(db.Client.Network.Create().SetName("Open Net").SetSlug("open-net").SetPublicDirectory(true).Save(ctx))(t)
	p := testkit.Must(db.Client.Person.Create().SetName("Pia Private").SetEmail("pia@example.org").Save(ctx))(t)
	return testkit.NewServerWithOptions(t, db, server.Options{Public: pub}), p.ID
}

const publicQuery = `{ publicDirectory(network: "open-net") { network { name slug } } }`

// get sends GET /graphql?query=... with the headers given.
func get(t *testing.T, c *testkit.Client, query string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	h := http.Header{}
	for k, v := range header {
		h.Set(k, v)
	}
	return testkit.Get(t, c.URL+"/graphql?query="+url.QueryEscape(query), h)
}

func TestPublicRateLimit(t *testing.T) {
	t.Parallel()
	clk := clock.NewFake(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC))
	pub := server.Public{RatePerMinute: 60, Burst: 2, Now: clk.Now, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	c, pia := publicServer(t, pub)
	from := func(ip string) map[string]string {
		if ip == "" {
			return nil
		}
		return map[string]string{"X-Forwarded-For": ip}
	}
	// The burst passes, the next request is refused.
	for i := 0; i < 2; i++ {
		if res, body := get(t, c, publicQuery, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %d %s", i, res.StatusCode, body)
		}
	}
	res, body := get(t, c, publicQuery, nil)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" {
		t.Fatalf("over the limit: %d Retry-After %q %s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	var out testkit.Response
	if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) != 1 || out.Errors[0].Code() != "RATE_LIMITED" || out.Data != nil {
		t.Fatalf("over the limit: %s", body)
	}
	// Another client IP (through the trusted proxy) has its own bucket.
	if res, body := get(t, c, publicQuery, from("203.0.113.7")); res.StatusCode != http.StatusOK {
		t.Errorf("another IP: %d %s", res.StatusCode, body)
	}
	// POST is limited too.
	if res := c.Anonymous().Do(publicQuery, nil); res.Status != http.StatusTooManyRequests {
		t.Errorf("POST over the limit: %d", res.Status)
	}
	// A request with a token is not limited by this.
	if res := c.As(pia).Do(`{ viewer { person { name } } }`, nil); res.Status != http.StatusOK || len(res.Errors) > 0 {
		t.Errorf("with a token: %d %+v", res.Status, res.Errors)
	}
	// The bucket refills: one token a second.
	clk.Advance(time.Second)
	if res, body := get(t, c, publicQuery, nil); res.StatusCode != http.StatusOK {
		t.Errorf("after a second: %d %s", res.StatusCode, body)
	}
	if res, _ := get(t, c, publicQuery, nil); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the refill gave more than one token: %d", res.StatusCode)
	}
	// Half a token short: Retry-After counts whole seconds up.
	clk.Advance(500 * time.Millisecond)
	if res, _ := get(t, c, publicQuery, nil); res.Header.Get("Retry-After") != "1" {
		t.Errorf("half a token: Retry-After %q", res.Header.Get("Retry-After"))
	}
}

// TestForwardedForNeedsATrustedProxy: without trusted proxies a client
// cannot escape its bucket by claiming another address.
func TestForwardedForNeedsATrustedProxy(t *testing.T) {
	t.Parallel()
	clk := clock.NewFake(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC))
	c, _ := publicServer(t, server.Public{RatePerMinute: 60, Burst: 1, Now: clk.Now})
	if res, _ := get(t, c, publicQuery, nil); res.StatusCode != http.StatusOK {
		t.Fatal(res.StatusCode)
	}
	if res, _ := get(t, c, publicQuery, map[string]string{"X-Forwarded-For": "198.51.100.9"}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a spoofed X-Forwarded-For got a bucket of its own: %d", res.StatusCode)
	}
}

func TestPublicGETIsCacheable(t *testing.T) {
	t.Parallel()
	c, pia := publicServer(t, server.Public{})
	res, body := get(t, c, publicQuery, nil)
	etag := res.Header.Get("ETag")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=60" || !strings.HasPrefix(etag, `"`) ||
		!strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Authorization") || !strings.Contains(string(body), "Open Net") {
		t.Fatalf("public GET: %d %v %s", res.StatusCode, res.Header, body)
	}
	// Same answer, same ETag; If-None-Match gives 304 without a body.
	if res, _ := get(t, c, publicQuery, nil); res.Header.Get("ETag") != etag {
		t.Errorf("the ETag changed: %q then %q", etag, res.Header.Get("ETag"))
	}
	res, body = get(t, c, publicQuery, map[string]string{"If-None-Match": etag})
	if res.StatusCode != http.StatusNotModified || len(body) != 0 || res.Header.Get("ETag") != etag {
		t.Errorf("If-None-Match: %d %q %s", res.StatusCode, res.Header.Get("ETag"), body)
	}
	if res, _ := get(t, c, publicQuery, map[string]string{"If-None-Match": `"other"`}); res.StatusCode != http.StatusOK {
		t.Errorf("another ETag: %d", res.StatusCode)
	}
	// Not shareable: with a token, a private field, a POST.
	auth := c.As(pia).Header.Get("Authorization")
	for name, tc := range map[string]struct {
		query  string
		header map[string]string
	}{
		"with a token":  {publicQuery, map[string]string{"Authorization": auth}},
		"private field": {`{ viewer { person { name } } }`, nil},
		"mixed":         {`{ viewer { person { name } } publicDirectory(network: "open-net") { network { name } } }`, nil},
		"an error":      {`{ publicTalentSearch(network: "nope", input: {requirements: [{skill: "Go", minLevel: 1}]}) { totalCount } }`, nil},
	} {
		res, _ := get(t, c, tc.query, tc.header)
		if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("ETag") != "" {
			t.Errorf("%s: Cache-Control %q ETag %q", name, res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
		}
	}
	if res := c.Anonymous().Do(publicQuery, nil); res.Status != http.StatusOK {
		t.Errorf("anonymous POST: %d", res.Status)
	}
}
