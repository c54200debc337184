package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// deepQuery nests fields levels deep: skills > edges > node > parent > ...
func deepQuery(levels int) string {
	return "{ skills { edges { node { " + strings.Repeat("parent { ", levels-4) + "name" + strings.Repeat(" }", levels-4) + " } } } }"
}

func aliases(n int) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "a%d: viewer { isNetworkAdmin } ", i)
	}
	b.WriteString("}")
	return b.String()
}

// TestLimits: each limit refuses an abusive request with its code, before
// running it, while a normal request passes the same server.
func TestLimits(t *testing.T) {
	e := newEnv(t, store.Options{})
	_, persons, _ := connectionFixture(t, e)
	anna := persons[1].ID

	defaults := testkit.NewServerWithOptions(t, e.db, server.Options{}).As(anna)
	noIntrospection := testkit.NewServerWithOptions(t, e.db, server.Options{Limits: server.Limits{DisableIntrospection: true}}).As(anna)
	tiny := testkit.NewServerWithOptions(t, e.db, server.Options{Limits: server.Limits{
		MaxDepth: 6, MaxComplexity: 50, MaxAliases: 3, DefaultFirst: 5, MaxFirst: 20,
	}}).As(anna)

	cases := []struct {
		name  string
		c     *testkit.Client
		query string
		vars  map[string]any
		code  string // "" : must pass
		limit bool   // the error names the limit
		field string
	}{
		{"50 levels deep", defaults, deepQuery(50), nil, "QUERY_TOO_DEEP", true, ""},
		{"15 levels deep", defaults, deepQuery(15), nil, "", false, ""},
		{"7 levels deep, limit 6", tiny, deepQuery(7), nil, "QUERY_TOO_DEEP", true, ""},
		{"6 levels deep, limit 6", tiny, deepQuery(6), nil, "", false, ""},
		{"deep through a fragment", tiny, `{ skills { edges { ...E } } } fragment E on SkillEdge { node { parent { parent { parent { name } } } } }`, nil, "QUERY_TOO_DEEP", true, ""},

		{"three nested connections of 500", defaults,
			`{ persons(first: 500) { edges { node { personSkills(first: 500) { edges { node { skill { people(first: 500) { totalCount edges { node { name } } } } } } } } } } }`,
			nil, "QUERY_TOO_COMPLEX", true, ""},
		{"three nested connections of 10", defaults,
			`{ persons(first: 10) { edges { node { personSkills(first: 10) { edges { node { skill { people(first: 10) { totalCount edges { node { name } } } } } } } } } } }`,
			nil, "", false, ""},
		{"complexity from a variable page size", tiny, `query($n: Int) { persons(first: $n) { edges { node { name city } } } }`,
			map[string]any{"n": 20}, "QUERY_TOO_COMPLEX", true, ""},
		{"complexity of the default page size", tiny, `{ persons { edges { node { name city } } } }`, nil, "", false, ""},
		{"complexity through a fragment in a connection", tiny,
			`{ persons(first: 20) { ...P } } fragment P on PersonConnection { edges { node { name city bio } } }`, nil, "QUERY_TOO_COMPLEX", true, ""},

		{"31 aliases", defaults, aliases(31), nil, "TOO_MANY_ALIASES", true, ""},
		{"30 aliases", defaults, aliases(30), nil, "", false, ""},
		{"aliases counted where a fragment is spread", tiny,
			`{ viewer { ...V ...V } } fragment V on Viewer { a: isNetworkAdmin b: isNetworkAdmin }`, nil, "TOO_MANY_ALIASES", true, ""},

		{"first above the maximum", defaults, `{ persons(first: 501) { totalCount } }`, nil, "BAD_USER_INPUT", true, "first"},
		{"last above the maximum", defaults, `{ persons(last: 10000) { totalCount } }`, nil, "BAD_USER_INPUT", true, "last"},
		{"first above the maximum from a variable", defaults, `query($n: Int) { persons(first: $n) { totalCount } }`,
			map[string]any{"n": 100000}, "BAD_USER_INPUT", true, "first"},
		{"nested first above the maximum", defaults, `{ skills(first: 1) { edges { node { people(first: 501) { totalCount } } } } }`,
			nil, "BAD_USER_INPUT", true, "first"},
		{"first at the maximum", defaults, `{ persons(first: 500) { totalCount } }`, nil, "", false, ""},

		{"20,000 tokens", defaults, "{ " + strings.Repeat("viewer { isNetworkAdmin } ", 4_000) + "}", nil, "GRAPHQL_PARSE_FAILED", false, ""},
		{"5,000 copies of a field", defaults, "{ " + strings.Repeat("__typename ", 5_000) + "}", nil, "QUERY_TOO_COMPLEX", true, ""},
		{"1,000 fields", defaults, "{ " + strings.Repeat("__typename ", 1_000) + "}", nil, "", false, ""},

		{"introspection switched off", noIntrospection, `{ __schema { queryType { name } } }`, nil, "INTROSPECTION_DISABLED", false, ""},
		{"__type switched off", noIntrospection, `{ __type(name: "Person") { name } }`, nil, "INTROSPECTION_DISABLED", false, ""},
		{"__typename without introspection", noIntrospection, `{ __typename viewer { isNetworkAdmin } }`, nil, "", false, ""},
		{"introspection on by default", defaults, `{ __schema { queryType { name } } }`, nil, "", false, ""},
		{"GraphiQL's introspection depth", defaults, introspectionQuery, nil, "", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.c.Do(tc.query, tc.vars)
			if tc.code == "" {
				if len(res.Errors) > 0 || res.Status != http.StatusOK {
					t.Fatalf("normal request refused: HTTP %d %+v", res.Status, res.Errors)
				}
				return
			}
			got := expectError(t, res, tc.code, tc.field)
			if !dataIsNull(res) {
				t.Errorf("a refused request ran: data %s", res.Data)
			}
			if _, ok := got.Extensions["limit"]; tc.limit && !ok {
				t.Errorf("error does not name the limit: %+v", got)
			}
		})
	}
}

// introspectionQuery has the shape and depth of graphql-js's
// getIntrospectionQuery, which GraphiQL sends.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}`

// TestDefaultPageSize: a connection asked without first and last returns
// the default page size, at the root and nested (eager-loaded) alike, and
// says there is more.
func TestDefaultPageSize(t *testing.T) {
	e := newEnv(t, store.Options{})
	n, persons, _ := connectionFixture(t, e)
	c := testkit.NewServerWithOptions(t, e.db, server.Options{Limits: server.Limits{DefaultFirst: 3}}).As(persons[1].ID)

	type page struct {
		TotalCount int
		PageInfo   struct{ HasNextPage bool }
		Edges      []struct{ Node struct{ Name string } }
	}
	var got struct {
		Persons  page
		Explicit page
		Null     page
		Node     struct{ Participants, Coops page }
	}
	decode(t, c.Do(`query($net: ID!, $none: Int) {
		persons { totalCount pageInfo { hasNextPage } edges { node { name } } }
		explicit: persons(first: 5) { totalCount pageInfo { hasNextPage } edges { node { name } } }
		null: persons(first: $none) { totalCount pageInfo { hasNextPage } edges { node { name } } }
		node(id: $net) { ... on Network {
			participants { totalCount pageInfo { hasNextPage } edges { node { __typename } } }
			coops { totalCount pageInfo { hasNextPage } edges { node { name } } }
		} }
	}`, map[string]any{"net": testkit.ID(n.ID), "none": nil}), &got)
	for name, p := range map[string]page{"persons": got.Persons, "first: null": got.Null, "nested participants": got.Node.Participants, "nested coops": got.Node.Coops} {
		if len(p.Edges) != 3 || !p.PageInfo.HasNextPage || p.TotalCount <= 3 {
			t.Errorf("%s: %d edges, hasNextPage %v, totalCount %d; want 3 of more", name, len(p.Edges), p.PageInfo.HasNextPage, p.TotalCount)
		}
	}
	if len(got.Explicit.Edges) != 5 {
		t.Errorf("first: 5 gave %d edges", len(got.Explicit.Edges))
	}
}

// TestBodySizeLimit: a body over the limit is refused with 413
// PAYLOAD_TOO_LARGE, whether it announces its length or not.
func TestBodySizeLimit(t *testing.T) {
	e := newEnv(t, store.Options{})
	c := testkit.NewServer(t, e.db)
	padding := strings.Repeat(" ", 10<<20) // 10 MB
	cases := []struct {
		name    string
		body    io.Reader
		status  int
		code    string
		chunked bool
	}{
		{"10 MB", strings.NewReader(`{"query": "{ __typename }"` + padding + `}`), http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", false},
		{"10 MB without Content-Length", strings.NewReader(`{"query": "{ __typename }"` + padding + `}`), http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", true},
		{"small", strings.NewReader(`{"query": "{ __typename }"}`), http.StatusOK, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			if tc.chunked {
				body = io.MultiReader(body) // hides the length: sent chunked
			}
			req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql", body)
			req.Header.Set("Content-Type", "application/json")
			status, _, res := send(t, req)
			if status != tc.status {
				t.Fatalf("HTTP %d, want %d: %s", status, tc.status, res.raw)
			}
			if tc.code == "" {
				if len(res.Errors) > 0 {
					t.Fatalf("errors: %+v", res.Errors)
				}
				return
			}
			if len(res.Errors) != 1 || res.Errors[0].Code() != tc.code || res.hasData {
				t.Fatalf("want one %s error and no data, got %s", tc.code, res.raw)
			}
		})
	}
}

// TestTimeout: what is still to run when the per-request timeout passes
// fails with TIMEOUT. A timeout of a nanosecond has passed before the first
// field runs; the default lets the same request through.
func TestTimeout(t *testing.T) {
	e := newEnv(t, store.Options{})
	_, persons, _ := connectionFixture(t, e)
	expired := testkit.NewServerWithOptions(t, e.db, server.Options{Timeout: time.Nanosecond}).Anonymous()
	normal := testkit.NewServer(t, e.db).As(persons[1].ID)
	const q = `{ persons(first: 3) { totalCount } }`
	res := expired.Do(q, nil)
	expectError(t, res, "TIMEOUT", "")
	if res := normal.Do(q, nil); len(res.Errors) > 0 {
		t.Fatalf("normal request: %+v", res.Errors)
	}
}

// TestPersistedQueries: automatic persisted queries (Apollo's protocol):
// an unknown hash is PERSISTED_QUERY_NOT_FOUND, the query sent with its
// hash is kept, then the hash alone runs it (POST and GET); the cache is
// bounded and forgets the least recently used query.
func TestPersistedQueries(t *testing.T) {
	e := newEnv(t, store.Options{})
	_, persons, _ := connectionFixture(t, e)
	c := testkit.NewServerWithOptions(t, e.db, server.Options{APQCacheSize: 2}).As(persons[1].ID)

	hash := func(q string) string { s := sha256.Sum256([]byte(q)); return hex.EncodeToString(s[:]) }
	ext := func(q string) map[string]any {
		return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash(q)}}
	}
	post := func(query string, ext map[string]any) *response {
		body, _ := json.Marshal(map[string]any{"query": query, "extensions": ext})
		req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql", bytes.NewReader(body))
		req.Header = c.Header.Clone()
		req.Header.Set("Content-Type", "application/json")
		_, _, res := send(t, req)
		return res
	}
	get := func(ext map[string]any) *response {
		b, _ := json.Marshal(ext)
		req, _ := http.NewRequest(http.MethodGet, c.URL+"/graphql?extensions="+url.QueryEscape(string(b)), nil)
		req.Header = c.Header.Clone()
		_, _, res := send(t, req)
		return res
	}
	q1, q2, q3 := `{ persons(first: 1) { totalCount } }`, `{ skills(first: 1) { totalCount } }`, `{ coops(first: 1) { totalCount } }`
	codes := func(r *response) string {
		if len(r.Errors) == 0 {
			return ""
		}
		return r.Errors[0].Code()
	}

	if got := codes(post("", ext(q1))); got != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("unknown hash: got %q", got)
	}
	if r := post(q1, ext(q1)); codes(r) != "" || !r.hasData {
		t.Fatalf("query with hash: %s", r.raw)
	}
	if r := post("", ext(q1)); codes(r) != "" || !strings.Contains(string(r.raw), "totalCount") {
		t.Fatalf("hash alone (POST): %s", r.raw)
	}
	if r := get(ext(q1)); codes(r) != "" || !strings.Contains(string(r.raw), "totalCount") {
		t.Fatalf("hash alone (GET): %s", r.raw)
	}
	if got := codes(post(q2, ext(q1))); got != "BAD_USER_INPUT" {
		t.Fatalf("hash of another query: got %q", got)
	}
	// Two more queries push q1 out of a cache of two.
	post(q2, ext(q2))
	post(q3, ext(q3))
	if got := codes(post("", ext(q1))); got != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("evicted hash: got %q", got)
	}
	if got := codes(post("", ext(q3))); got != "" {
		t.Fatalf("recent hash: got %q", got)
	}
}

// response is a raw HTTP answer of the GraphQL endpoint.
type response struct {
	raw     []byte
	Errors  []testkit.Error
	hasData bool
}

// send sends req and decodes the answer, whatever its status.
func send(t testing.TB, req *http.Request) (int, http.Header, *response) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := &response{raw: raw}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("HTTP %d: body is not a JSON object: %q", res.StatusCode, raw)
	}
	if errs, ok := body["errors"]; ok {
		if err := json.Unmarshal(errs, &out.Errors); err != nil {
			t.Fatal(err)
		}
	}
	_, out.hasData = body["data"]
	return res.StatusCode, res.Header, out
}
