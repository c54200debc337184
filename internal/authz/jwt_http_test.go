package authz_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Authentication over HTTP, through the real server wiring
// (auth.Middleware → authz.PersonForLogin → authz.LoadViewer). The auth
// package tests the verifier itself; here every case goes through the
// GraphQL endpoint.

// mint signs claims with method and key.
func mint(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// claims returns valid claims for subject, plus extra.
func claims(subject string, extra jwt.MapClaims) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	if subject != "" {
		c["sub"] = subject
	}
	for k, v := range extra {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

// rawResponse is an HTTP answer of the GraphQL endpoint.
type rawResponse struct {
	status int
	header http.Header
	body   string
}

// post sends query with an Authorization header (none if empty).
func post(t *testing.T, c *testkit.Client, authorization, query string) rawResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	return send(t, req)
}

// get sends query as a GET request.
func get(t *testing.T, c *testkit.Client, authorization, query string) rawResponse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.URL+"/graphql?query="+url.QueryEscape(query), nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	return send(t, req)
}

func send(t *testing.T, req *http.Request) rawResponse {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return rawResponse{status: res.StatusCode, header: res.Header, body: string(b)}
}

// expectUnauthenticated asserts a 401 with one UNAUTHENTICATED error, no
// data, and no trace of the token (or of anything in it) in the answer.
func expectUnauthenticated(t *testing.T, what string, r rawResponse, token string, secrets ...string) {
	t.Helper()
	if r.status != http.StatusUnauthorized {
		t.Errorf("%s: want HTTP 401, got %d: %s", what, r.status, r.body)
		return
	}
	var body struct {
		Data   *json.RawMessage `json:"data"`
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Errorf("%s: body is not JSON: %s", what, r.body)
		return
	}
	if body.Data != nil || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "UNAUTHENTICATED" || body.Errors[0].Message == "" {
		t.Errorf("%s: want one UNAUTHENTICATED error and no data, got %s", what, r.body)
	}
	if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("%s: want a Bearer challenge, got %q", what, r.header.Get("WWW-Authenticate"))
	}
	leaks := append([]string{token}, secrets...)
	for _, part := range strings.Split(token, ".") {
		if len(part) >= 8 {
			leaks = append(leaks, part)
		}
	}
	for _, s := range leaks {
		if s != "" && strings.Contains(r.body, s) {
			t.Errorf("%s: the answer echoes %q: %s", what, s, r.body)
		}
	}
}

func TestRejectedTokensOverHTTP(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	subject := "test|member-a"
	f.MemberA = testkit.MustOrPanic(f.MemberA.Update().SetSubject(subject).Save(f.ctx))
	now := time.Now()
	wrongSecret := []byte("not-the-test-secret-but-as-long-as-it")

	valid := mint(t, jwt.SigningMethodHS256, testkit.Secret, claims(subject, nil))
	for _, tc := range []struct {
		name  string
		token string
	}{
		{"expired", mint(t, jwt.SigningMethodHS256, testkit.Secret,
			claims(subject, jwt.MapClaims{"iat": now.Add(-2 * time.Hour).Unix(), "nbf": now.Add(-2 * time.Hour).Unix(), "exp": now.Add(-time.Hour).Unix()}))},
		{"not yet valid", mint(t, jwt.SigningMethodHS256, testkit.Secret,
			claims(subject, jwt.MapClaims{"nbf": now.Add(time.Hour).Unix(), "exp": now.Add(2 * time.Hour).Unix()}))},
		{"without exp", mint(t, jwt.SigningMethodHS256, testkit.Secret, claims(subject, jwt.MapClaims{"exp": nil}))},
		{"signed with a wrong secret", mint(t, jwt.SigningMethodHS256, wrongSecret, claims(subject, nil))},
		{"alg none", mint(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims(subject, nil))},
		{"HS512 with the right secret (alg not allowed)", mint(t, jwt.SigningMethodHS512, testkit.Secret, claims(subject, nil))},
		{"valid token with its signature cut off", valid[:strings.LastIndexByte(valid, '.')+1]},
		{"valid token with a changed payload", func() string {
			parts := strings.Split(valid, ".")
			other := strings.Split(mint(t, jwt.SigningMethodHS256, wrongSecret, claims("test|someone-else", nil)), ".")
			return parts[0] + "." + other[1] + "." + parts[2]
		}()},
		{"garbage", "garbage-" + strings.Repeat("x", 40)},
		{"three garbage segments", "eyJub3QiOiJhIHRva2VuIn0.bm90IGEgcGF5bG9hZA.c2lnbmF0dXJlLWdhcmJhZ2U"},
		{"missing sub", mint(t, jwt.SigningMethodHS256, testkit.Secret, claims("", nil))},
		{"valid token for an unknown subject", mint(t, jwt.SigningMethodHS256, testkit.Secret, claims("test|nobody-knows-me", nil))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.rowCounts()
			expectUnauthenticated(t, "POST", post(t, f.c, "Bearer "+tc.token, `{ viewer { person { email } } }`), tc.token, "nobody-knows-me")
			expectUnauthenticated(t, "GET", get(t, f.c, "Bearer "+tc.token, `{ viewer { person { email } } }`), tc.token, "nobody-knows-me")
			expectUnauthenticated(t, "mutation", post(t, f.c, "Bearer "+tc.token,
				`mutation { createNetwork(input: {name: "x", slug: "x-net"}) { network { id } } }`), tc.token)
			testkit.NothingWritten(t, before, f.rowCounts())
		})
	}
	t.Run("malformed Authorization header", func(t *testing.T) {
		for _, h := range []string{"Basic dXNlcjpwYXNz", "Bearer", "Bearer " + valid + " extra", valid} {
			expectUnauthenticated(t, h, post(t, f.c, h, `{ viewer { person { id } } }`), valid)
		}
	})
	t.Run("the valid token works", func(t *testing.T) {
		r := post(t, f.c, "Bearer "+valid, `{ viewer { person { id email } } }`)
		if r.status != 200 || !strings.Contains(r.body, *f.MemberA.Email) {
			t.Fatalf("want memberA, got %d %s", r.status, r.body)
		}
		if r := post(t, f.c, "bearer "+valid, `{ viewer { person { id } } }`); r.status != 200 {
			t.Fatalf("the scheme is case-insensitive: got %d %s", r.status, r.body)
		}
	})
	t.Run("no token is anonymous, not an error", func(t *testing.T) {
		r := post(t, f.c, "", `{ viewer { person { id } } networks { totalCount } }`)
		if r.status != 200 || r.body != `{"data":{"viewer":null,"networks":{"totalCount":0}}}` {
			t.Fatalf("got %d %s", r.status, r.body)
		}
	})
}

// signUpToken mints a token an identity provider would issue for a first login.
func signUpToken(t *testing.T, subject string, extra jwt.MapClaims) string {
	t.Helper()
	return mint(t, jwt.SigningMethodHS256, testkit.Secret, claims(subject, extra))
}

func TestSelfSignUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const query = `{ viewer { isNetworkAdmin person { id name email } memberships { id }
		networkMemberships { role network { slug } } } }`
	type viewerData struct {
		Viewer *struct {
			IsNetworkAdmin bool
			Person         struct {
				ID    string
				Name  string
				Email *string
			}
			Memberships        []struct{ ID string }
			NetworkMemberships []struct {
				Role    string
				Network struct{ Slug string }
			}
		}
	}
	// memberA signs in with their own subject; nobody else may become them.
	f.MemberA = testkit.MustOrPanic(f.db.Client.Person.Get(f.ctx, f.MemberA.ID))
	verified := jwt.MapClaims{"email": "Nina.Neu@Example.org", "email_verified": true, "name": "Nina Neu"}

	t.Run("no network allows it", func(t *testing.T) {
		before := f.rowCounts()
		tok := signUpToken(t, "oidc|nina", verified)
		expectUnauthenticated(t, "sign-up off", post(t, f.c, "Bearer "+tok, query), tok)
		testkit.NothingWritten(t, before, f.rowCounts())
	})

	testkit.MustOrPanic(f.N.Update().SetSelfSignUp(true).Save(f.ctx))

	for _, tc := range []struct {
		name   string
		extra  jwt.MapClaims
		unseen string
	}{
		{"e-mail not verified", jwt.MapClaims{"email": "nina.neu@example.org", "email_verified": false, "name": "Nina Neu"}, "nina.neu"},
		{"no email_verified claim", jwt.MapClaims{"email": "nina.neu@example.org", "name": "Nina Neu"}, "nina.neu"},
		{"no e-mail", jwt.MapClaims{"email_verified": true, "name": "Nina Neu"}, ""},
		{"an existing person's e-mail (never linked)", jwt.MapClaims{"email": *f.MemberA.Email, "email_verified": true}, *f.MemberA.Email},
		{"an existing person's e-mail in other case", jwt.MapClaims{"email": strings.ToUpper(*f.MemberA.Email), "email_verified": true}, *f.MemberA.Email},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.rowCounts()
			tok := signUpToken(t, "oidc|"+strings.ReplaceAll(tc.name, " ", "-"), tc.extra)
			r := post(t, f.c, "Bearer "+tok, query)
			expectUnauthenticated(t, tc.name, r, tok)
			if tc.unseen != "" && strings.Contains(strings.ToLower(r.body), strings.ToLower(tc.unseen)) {
				t.Errorf("the answer names the e-mail: %s", r.body)
			}
			testkit.NothingWritten(t, before, f.rowCounts())
			if p := testkit.MustOrPanic(f.db.Client.Person.Get(f.ctx, f.MemberA.ID)); p.Subject == nil || *p.Subject != *f.MemberA.Subject {
				t.Errorf("memberA's login changed to %v", p.Subject)
			}
		})
	}

	t.Run("first login creates a participant", func(t *testing.T) {
		tok := signUpToken(t, "oidc|nina", verified)
		var first viewerData
		testkit.OK(t, f.c.WithToken(tok).Do(query, nil), &first)
		v := first.Viewer
		if v == nil || v.Person.Name != "Nina Neu" || v.Person.Email == nil || *v.Person.Email != "nina.neu@example.org" ||
			v.IsNetworkAdmin || len(v.Memberships) != 0 || len(v.NetworkMemberships) != 1 ||
			v.NetworkMemberships[0].Role != "PARTICIPANT" || v.NetworkMemberships[0].Network.Slug != "network-n" {
			t.Fatalf("want a new PARTICIPANT of N only, got %+v", v)
		}
		// The second login finds the same person.
		var again viewerData
		testkit.OK(t, f.c.WithToken(tok).Do(query, nil), &again)
		if again.Viewer == nil || again.Viewer.Person.ID != v.Person.ID {
			t.Fatalf("second login: want person %s, got %+v", v.Person.ID, again.Viewer)
		}
		p := testkit.MustOrPanic(f.db.Client.Person.Query().Where(person.Subject("oidc|nina")).Only(f.ctx))
		if testkit.ID(p.ID) != v.Person.ID {
			t.Fatalf("database: person %d, API %s", p.ID, v.Person.ID)
		}
		nms := testkit.MustOrPanic(f.db.Client.NetworkMembership.Query().Where(networkmembership.PersonID(p.ID)).All(f.ctx))
		if len(nms) != 1 || nms[0].NetworkID != f.N.ID || nms[0].Role != networkmembership.RolePARTICIPANT {
			t.Fatalf("database: network memberships %+v", nms)
		}
		// A participant reads the directory and nothing private.
		c := f.c.WithToken(tok)
		var dir struct {
			Coops struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Slug        string
						BuyIn       *money
						Memberships struct{ TotalCount int }
					}
				}
			}
			Projects struct{ TotalCount int }
		}
		testkit.OK(t, c.Do(`{ coops { totalCount edges { node { slug buyIn { amount currency } memberships { totalCount } } } } projects { totalCount } }`, nil), &dir)
		if dir.Coops.TotalCount != 2 || dir.Projects.TotalCount != 0 {
			t.Fatalf("want coops A and B and no project, got %+v", dir)
		}
		for _, e := range dir.Coops.Edges {
			if e.Node.BuyIn != nil || e.Node.Memberships.TotalCount != 0 {
				t.Errorf("LEAK to a new participant: %+v", e.Node)
			}
		}
		expectCode(t, c.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": testkit.ID(f.P.ID)}), "NOT_FOUND")
	})
}

func TestViewerQuery(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const query = `{ viewer { isNetworkAdmin person { id name email }
		memberships { state coop { slug } }
		networkMemberships { role network { slug } } } }`
	type state struct{ State, Coop string }
	type role struct{ Role, Network string }
	type viewerData struct {
		Viewer *struct {
			IsNetworkAdmin bool
			Person         struct {
				ID    string
				Name  string
				Email *string
			}
			Memberships []struct {
				State string
				Coop  struct{ Slug string }
			}
			NetworkMemberships []struct {
				Role    string
				Network struct{ Slug string }
			}
		}
	}

	var anon viewerData
	testkit.OK(t, f.as(anonymous).Do(query, nil), &anon)
	if anon.Viewer != nil {
		t.Fatalf("anonymous viewer: want null, got %+v", anon.Viewer)
	}

	for _, tc := range []struct {
		actor       string
		admin       bool
		memberships []state
		networks    []role
	}{
		{outsider, false, nil, nil},
		{participant, false, nil, []role{{"PARTICIPANT", "network-n"}}},
		{freelancer, false, []state{{"FREELANCER", "coop-a"}}, nil},
		{candidate, false, []state{{"CANDIDATE", "coop-a"}}, nil},
		{memberOfB, false, []state{{"MEMBER", "coop-b"}}, nil},
		{memberOfA, false, []state{{"MEMBER", "coop-a"}}, []role{{"PARTICIPANT", "network-n"}}},
		{netAdmin, true, nil, []role{{"ADMIN", "network-n"}}},
	} {
		var got viewerData
		testkit.OK(t, f.as(tc.actor).Do(query, nil), &got)
		v := got.Viewer
		if v == nil {
			t.Errorf("%s: viewer is null", tc.actor)
			continue
		}
		p := f.person(tc.actor)
		if v.Person.ID != testkit.ID(p.ID) || v.Person.Name != p.Name || v.Person.Email == nil || *v.Person.Email != *p.Email {
			t.Errorf("%s: person %+v", tc.actor, v.Person)
		}
		if v.IsNetworkAdmin != tc.admin {
			t.Errorf("%s: isNetworkAdmin %v", tc.actor, v.IsNetworkAdmin)
		}
		var ms []state
		for _, m := range v.Memberships {
			ms = append(ms, state{m.State, m.Coop.Slug})
		}
		var ns []role
		for _, n := range v.NetworkMemberships {
			ns = append(ns, role{n.Role, n.Network.Slug})
		}
		if len(ms) != len(tc.memberships) || (len(ms) > 0 && ms[0] != tc.memberships[0]) {
			t.Errorf("%s: memberships want %v, got %v", tc.actor, tc.memberships, ms)
		}
		if len(ns) != len(tc.networks) || (len(ns) > 0 && ns[0] != tc.networks[0]) {
			t.Errorf("%s: networkMemberships want %v, got %v", tc.actor, tc.networks, ns)
		}
	}
}

// TestConcurrentFirstLogins: several requests of one new subject at once (a
// browser opening tabs) all get the one person the first of them created;
// the others found the subject taken and used to answer 401 (regression).
func TestConcurrentFirstLogins(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	testkit.MustOrPanic(f.N.Update().SetSelfSignUp(true).Save(f.ctx))
	for round := range 3 {
		subject := fmt.Sprintf("oidc|tabs-%d", round)
		tok := signUpToken(t, subject, jwt.MapClaims{"email": fmt.Sprintf("tabs%d@example.org", round), "email_verified": true, "name": "Tabea Tabs"})
		c := f.c.WithToken(tok)
		reqs := make([]func() (*testkit.Response, error), 8)
		for i := range reqs {
			reqs[i] = func() (*testkit.Response, error) { return c.Post(`{ viewer { person { id } } }`, nil) }
		}
		ids := map[string]bool{}
		for i, res := range testkit.Race(t, reqs...) {
			var out struct {
				Viewer struct{ Person struct{ ID string } }
			}
			if res.Status != 200 || len(res.Errors) > 0 {
				t.Fatalf("round %d, request %d: HTTP %d, errors %+v", round, i, res.Status, res.Errors)
			}
			if err := json.Unmarshal(res.Data, &out); err != nil {
				t.Fatal(err)
			}
			ids[out.Viewer.Person.ID] = true
		}
		n := testkit.MustOrPanic(f.db.Client.Person.Query().Where(person.Subject(subject)).Count(f.ctx))
		if len(ids) != 1 || n != 1 {
			t.Fatalf("round %d: %d persons answered, %d stored for one subject", round, len(ids), n)
		}
	}
}
