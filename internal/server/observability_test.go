package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/coopnetwork/cockpit/internal/server"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// logBuffer collects log lines written by concurrent handlers.
type logBuffer struct{ testkit.SyncBuffer }

// requestLines returns the access log lines (msg "graphql request").
func (b *logBuffer) requestLines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["msg"] == "graphql request" {
			out = append(out, m)
		}
	}
	return out
}

// TestAccessLog: one JSON line per request with its id, operation, duration
// and viewer id, and nothing that identifies a person beyond the id: no
// token, no e-mail, no variable values, no query text.
func TestAccessLog(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	logs := &logBuffer{}
	c := testkit.NewServerWithOptions(t, e.db, server.Options{Logger: slog.New(slog.NewJSONHandler(logs, nil))}).As(w.Buddy.ID)
	token := strings.TrimPrefix(c.Header.Get("Authorization"), "Bearer ")
	secret := "Very Private Search Term"
	email := *testkit.Must(e.db.Client.Person.Get(e.ctx, w.Buddy.ID))(t).Email

	body, _ := json.Marshal(map[string]any{
		"query":         `query FindPeople($q: String) { persons(where: {nameContains: $q}) { totalCount } viewer { person { email } } }`,
		"operationName": "FindPeople",
		"variables":     map[string]any{"q": secret},
	})
	req, _ := http.NewRequest(http.MethodPost, c.URL+"/graphql", bytes.NewReader(body))
	req.Header = c.Header.Clone()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-ID", "trace-42")
	status, h, res := send(t, req)
	if status != http.StatusOK || len(res.Errors) > 0 || !strings.Contains(string(res.raw), email) {
		t.Fatalf("HTTP %d %s", status, res.raw)
	}
	if h.Get("X-Request-ID") != "trace-42" {
		t.Errorf("X-Request-ID not echoed: %q", h.Get("X-Request-ID"))
	}
	// A refused request is logged with its code; an unusable request id is replaced.
	req, _ = http.NewRequest(http.MethodPost, c.URL+"/graphql", strings.NewReader(`{"query":"`+deepQuery(50)+`"}`))
	req.Header = c.Header.Clone()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-ID", "no spaces allowed <script>")
	_, h, _ = send(t, req)

	lines := logs.requestLines(t)
	if len(lines) != 2 {
		t.Fatalf("want 2 access log lines, got %d:\n%s", len(lines), logs)
	}
	first, second := lines[0], lines[1]
	for k, want := range map[string]any{
		"request_id": "trace-42", "operation": "FindPeople", "operation_type": "query",
		"status": float64(200), "outcome": "ok", "viewer_id": float64(w.Buddy.ID),
	} {
		if first[k] != want {
			t.Errorf("log %s = %v, want %v (line %v)", k, first[k], want, first)
		}
	}
	if d, ok := first["duration_ms"].(float64); !ok || d <= 0 {
		t.Errorf("duration_ms = %v", first["duration_ms"])
	}
	if second["outcome"] != "QUERY_TOO_DEEP" || second["request_id"] != h.Get("X-Request-ID") || len(h.Get("X-Request-ID")) != 16 {
		t.Errorf("refused request logged as %v (X-Request-ID %q)", second, h.Get("X-Request-ID"))
	}
	all := logs.String()
	for _, leak := range []string{token, email, secret, "nameContains", "Authorization", "Bearer"} {
		if strings.Contains(all, leak) {
			t.Errorf("the log contains %q:\n%s", leak, all)
		}
	}
}

// TestMetrics: /metrics counts requests by operation and outcome, has a
// latency histogram and the database pool's stats.
func TestMetrics(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	c := e.insider(w)
	c.MustDo(`query Directory { networks(first: 5) { totalCount } }`, nil, nil)
	c.MustDo(`query Directory { networks(first: 5) { totalCount } }`, nil, nil)
	c.Do(deepQuery(50), nil)
	c.Anonymous().WithToken("not-a-token").Do(`{ __typename }`, nil)

	res, err := http.Get(c.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	text := string(raw)
	for _, want := range []string{
		`cockpit_graphql_requests_total{operation="Directory",outcome="ok",type="query"} 2`,
		`cockpit_graphql_requests_total{operation="anonymous",outcome="QUERY_TOO_DEEP",type="query"} 1`,
		`cockpit_graphql_requests_total{operation="anonymous",outcome="UNAUTHENTICATED",type="none"} 1`,
		`cockpit_graphql_request_duration_seconds_bucket{operation="Directory",type="query",le="+Inf"} 2`,
		`cockpit_http_requests_total{code="200",handler="graphql"}`,
		`cockpit_database_up 1`,
		`go_sql_open_connections{db_name=`,
		`go_sql_wait_count_total{db_name=`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", text)
	}
}

// TestDatabaseUnreachable: with the database gone, /readyz says so and
// GraphQL requests fail at once with 503 INTERNAL instead of hanging.
// (Recovery when the database returns is checked against a real
// PostgreSQL by scripts/dbfault.sh.)
func TestDatabaseUnreachable(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	c := e.insider(w)
	ready := func() int {
		res, err := http.Get(c.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := ready(); got != http.StatusOK {
		t.Fatalf("/readyz %d before the outage", got)
	}
	c.MustDo(`{ networks(first: 1) { totalCount } }`, nil, nil)

	e.db.SQL.Close() // the database is gone for good

	if got := ready(); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz %d while the database is unreachable, want 503", got)
	}
	for _, client := range []*testkit.Client{c, c.Anonymous()} {
		res := client.Do(`{ networks(first: 1) { totalCount } }`, nil)
		if res.Status != http.StatusServiceUnavailable || len(res.Errors) == 0 || res.Errors[0].Code() != "INTERNAL" {
			t.Errorf("during the outage: HTTP %d %+v, want 503 INTERNAL", res.Status, res.Errors)
		}
	}
	res, err := http.Get(c.URL + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/healthz (the process) must stay up: %v %v", err, res)
	}
}

// TestTracing: with a tracer provider, each request is a server span that
// continues the caller's traceparent, named after the operation, with a
// child span per root field; the log line carries the trace id.
func TestTracing(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	rec := tracetest.NewSpanRecorder()
	logs := &logBuffer{}
	c := testkit.NewServerWithOptions(t, e.db, server.Options{
		TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)),
		Logger:         slog.New(slog.NewJSONHandler(logs, nil)),
	}).As(w.Buddy.ID)
	const parentTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	c.Header.Set("traceparent", "00-"+parentTrace+"-00f067aa0ba902b7-01")
	c.MustDo(`query Directory { networks(first: 2) { totalCount } viewer { isNetworkAdmin } }`, nil, nil)

	spans := rec.Ended()
	var server sdktrace.ReadOnlySpan
	roots := map[string]bool{}
	for _, s := range spans {
		switch {
		case s.Name() == "graphql query Directory":
			server = s
		case strings.HasPrefix(s.Name(), "resolve "):
			roots[strings.TrimPrefix(s.Name(), "resolve ")] = true
		}
	}
	if server == nil {
		t.Fatalf("no span named after the operation among %d spans", len(spans))
	}
	if got := server.SpanContext().TraceID().String(); got != parentTrace {
		t.Errorf("trace id %s, want the caller's %s", got, parentTrace)
	}
	attrs := map[string]string{}
	for _, a := range server.Attributes() {
		attrs[string(a.Key)] = a.Value.Emit()
	}
	if attrs["graphql.operation.name"] != "Directory" || attrs["http.response.status_code"] != "200" || attrs["enduser.id"] == "" {
		t.Errorf("span attributes %v", attrs)
	}
	if !roots["networks"] || !roots["viewer"] {
		t.Errorf("root field spans %v, want networks and viewer", roots)
	}
	if lines := logs.requestLines(t); len(lines) != 1 || lines[0]["trace_id"] != parentTrace {
		t.Errorf("log lines %v, want one with trace_id %s", lines, parentTrace)
	}
}

// TestClientCannotTripFastFailure: inputs whose decoding fails the way a
// dropped connection does (a truncated cursor ends in EOF) are the client's
// mistake: BAD_USER_INPUT, and the server keeps serving normally.
func TestClientCannotTripFastFailure(t *testing.T) {
	e := newEnv(t, store.Options{})
	w := seedWorld(t, e.ctx, e.db.Client)
	c := e.insider(w)
	for _, cursor := range []string{"kg", "kw", "xA", "lA", "kQ", "gQ", "3AAC"} {
		res := c.Do(`query($a: Cursor) { persons(first: 1, after: $a) { totalCount } }`, map[string]any{"a": cursor})
		if res.Status != http.StatusOK || len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" {
			t.Errorf("cursor %q: HTTP %d %+v, want 200 BAD_USER_INPUT", cursor, res.Status, res.Errors)
		}
		if res := c.Do(`{ networks(first: 1) { totalCount } }`, nil); res.Status != http.StatusOK || len(res.Errors) > 0 {
			t.Fatalf("after cursor %q a normal request got HTTP %d %+v", cursor, res.Status, res.Errors)
		}
	}
}
