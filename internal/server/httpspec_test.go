package server_test

import (
	"github.com/coopnetwork/cockpit/internal/testkit"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/internal/store"
)

// TestGraphQLOverHTTP checks the transport against the GraphQL-over-HTTP
// specification: methods, media types, status codes and the shape of
// request errors (CI also runs the graphql-http audits on the binary).
func TestGraphQLOverHTTP(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	c := e.insider(w)
	token := c.Header.Get("Authorization")

	const (
		gqlResp = "application/graphql-response+json"
		jsonMT  = "application/json"
	)
	q := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	cases := []struct {
		name         string
		method, path string
		contentType  string
		accept       string
		body         string
		status       int
		media        string // response media type
		code         string // code of the first error; "" : no errors
		noData       bool   // the response must have no data entry
		allow        string
	}{
		{"POST, no Accept", "", "", jsonMT, "", `{"query":"{ viewer { isNetworkAdmin } }"}`, 200, jsonMT, "", false, ""},
		{"POST, Accept graphql-response", "", "", jsonMT, gqlResp, `{"query":"{ viewer { isNetworkAdmin } }"}`, 200, gqlResp, "", false, ""},
		{"POST, Accept */*", "", "", jsonMT, "*/*", `{"query":"{ __typename }"}`, 200, jsonMT, "", false, ""},
		{"POST, preference by q", "", "", jsonMT, "application/json;q=0.5, application/graphql-response+json", `{"query":"{ __typename }"}`, 200, gqlResp, "", false, ""},
		{"POST, charset utf-8", "", "", "application/json; charset=utf-8", "", `{"query":"{ __type(name: \"Run🏃\") { name } }"}`, 200, jsonMT, "", false, ""},
		{"POST, Accept nothing we speak", "", "", jsonMT, "text/html", `{"query":"{ __typename }"}`, 406, jsonMT, "BAD_USER_INPUT", true, ""},
		{"POST without Content-Type", "", "", "", "", `{"query":"{ __typename }"}`, 415, jsonMT, "BAD_USER_INPUT", true, ""},
		{"POST as text/plain", "", "", "text/plain", "", `{"query":"{ __typename }"}`, 415, jsonMT, "BAD_USER_INPUT", true, ""},
		{"POST without body", "", "", jsonMT, "", ``, 400, jsonMT, "BAD_USER_INPUT", true, ""},
		{"POST, broken JSON", "", "", jsonMT, gqlResp, `{ "not a JSON`, 400, gqlResp, "BAD_USER_INPUT", true, ""},
		{"POST, no query", "", "", jsonMT, "", `{"qeury":"{ __typename }"}`, 400, jsonMT, "BAD_USER_INPUT", true, ""},
		{"POST, query is an object", "", "", jsonMT, "", `{"query":{"obj":"ect"}}`, 400, jsonMT, "BAD_USER_INPUT", true, ""},
		{"POST, variables is a string", "", "", jsonMT, "", `{"query":"{ __typename }","variables":"{}"}`, 400, jsonMT, "BAD_USER_INPUT", true, ""},
		{"POST, operationName is a number", "", "", jsonMT, "", `{"query":"{ __typename }","operationName":0}`, 400, jsonMT, "BAD_USER_INPUT", true, ""},
		{"POST, batch", "", "", jsonMT, "", `[{"query":"{ __typename }"}]`, 400, jsonMT, "BAD_USER_INPUT", true, ""},
		{"syntax error, application/json", "", "", jsonMT, jsonMT, `{"query":"{"}`, 200, jsonMT, "GRAPHQL_PARSE_FAILED", true, ""},
		{"syntax error, graphql-response", "", "", jsonMT, gqlResp, `{"query":"{"}`, 400, gqlResp, "GRAPHQL_PARSE_FAILED", true, ""},
		{"validation error, graphql-response", "", "", jsonMT, gqlResp, `{"query":"{ shoeSize }"}`, 400, gqlResp, "GRAPHQL_VALIDATION_FAILED", true, ""},
		{"variable coercion, graphql-response", "", "", jsonMT, gqlResp, `{"query":"query($id: ID!) { __typename }","variables":{"id":null}}`, 400, gqlResp, "GRAPHQL_VALIDATION_FAILED", true, ""},
		{"limit, graphql-response", "", "", jsonMT, gqlResp, `{"query":"{ persons(first: 100000) { totalCount } }"}`, 400, gqlResp, "BAD_USER_INPUT", true, ""},
		{"field error still 200", "", "", jsonMT, gqlResp, `{"query":"{ node(id: \"nope\") { id } }"}`, 200, gqlResp, "BAD_USER_INPUT", false, ""},
		{"operationName picks the operation", "", "", jsonMT, "", `{"query":"query A { __typename } query B { viewer { isNetworkAdmin } }","operationName":"B"}`, 200, jsonMT, "", false, ""},

		{"GET query", http.MethodGet, "?" + q("query", "{ viewer { isNetworkAdmin } }").Encode(), "", "", "", 200, jsonMT, "", false, ""},
		{"GET with variables", http.MethodGet, "?" + q("query", "query($n: Int) { persons(first: $n) { totalCount } }", "variables", `{"n": 2}`).Encode(), "", gqlResp, "", 200, gqlResp, "", false, ""},
		{"GET, variables not JSON", http.MethodGet, "?" + q("query", "{ __typename }", "variables", `{`).Encode(), "", "", "", 400, jsonMT, "BAD_USER_INPUT", true, ""},
		{"GET without query", http.MethodGet, "", "", "", "", 400, jsonMT, "BAD_USER_INPUT", true, ""},
		{"GET mutation refused", http.MethodGet, "?" + q("query", `mutation { __typename }`).Encode(), "", gqlResp, "", 405, gqlResp, "BAD_USER_INPUT", true, "POST"},
		{"PUT", http.MethodPut, "", jsonMT, "", `{"query":"{ __typename }"}`, 405, jsonMT, "BAD_USER_INPUT", true, "GET, POST"},
		{"DELETE", http.MethodDelete, "", "", "", "", 405, jsonMT, "BAD_USER_INPUT", true, "GET, POST"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, _ := http.NewRequest(method, c.URL+"/graphql"+tc.path, body)
			req.Header.Set("Authorization", token)
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			status, h, res := send(t, req)
			if status != tc.status {
				t.Fatalf("HTTP %d, want %d: %s", status, tc.status, res.raw)
			}
			if ct := h.Get("Content-Type"); ct != tc.media+"; charset=utf-8" {
				t.Errorf("Content-Type %q, want %s; charset=utf-8", ct, tc.media)
			}
			if tc.code == "" && len(res.Errors) > 0 {
				t.Fatalf("errors: %s", res.raw)
			}
			if tc.code != "" && (len(res.Errors) == 0 || res.Errors[0].Code() != tc.code) {
				t.Fatalf("want error %s, got %s", tc.code, res.raw)
			}
			if tc.noData && res.hasData {
				t.Errorf("a request error must have no data entry: %s", res.raw)
			}
			if !tc.noData && !res.hasData {
				t.Errorf("an executed operation has a data entry: %s", res.raw)
			}
			if tc.allow != "" && h.Get("Allow") != tc.allow {
				t.Errorf("Allow %q, want %q", h.Get("Allow"), tc.allow)
			}
		})
	}
}

// TestMutationOverGETWritesNothing: a mutation sent with GET is refused
// before it runs.
func TestMutationOverGETWritesNothing(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	c := e.insider(w)
	before := e.rowCounts()
	mutation := `mutation { createNetwork(input: {name: "Via GET", slug: "via-get"}) { network { id } } }`
	req, _ := http.NewRequest(http.MethodGet, c.URL+"/graphql?"+url.Values{"query": {mutation}}.Encode(), nil)
	req.Header = c.Header.Clone()
	status, _, res := send(t, req)
	if status != http.StatusMethodNotAllowed || res.hasData {
		t.Fatalf("HTTP %d: %s", status, res.raw)
	}
	testkit.NothingWritten(t, before, e.rowCounts())
	// The same mutation with POST is accepted.
	var got struct {
		CreateNetwork struct{ Network struct{ ID string } }
	}
	decode(t, c.Do(mutation, nil), &got)
	if got.CreateNetwork.Network.ID == "" {
		t.Fatal("POST mutation did not run")
	}
}
