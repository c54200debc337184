package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// requestInfo collects what the access log and the metrics say about one
// request. The outermost middleware creates it; the GraphQL layers below
// fill it in (they see the operation and the viewer, it does not).
type requestInfo struct {
	id string

	mu        sync.Mutex
	operation string // operation name, "" for anonymous operations
	opType    string // query, mutation
	viewerID  int
	codes     []string // extensions.code of the errors, in order
	cost      int64
}

type requestInfoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	i, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return i
}

// RequestID returns the id of the request ctx belongs to ("" outside one).
func RequestID(ctx context.Context) string {
	if i := infoFrom(ctx); i != nil {
		return i.id
	}
	return ""
}

func (i *requestInfo) addCodes(codes ...string) {
	if i == nil {
		return
	}
	i.mu.Lock()
	i.codes = append(i.codes, codes...)
	i.mu.Unlock()
}

// validRequestID accepts a caller's X-Request-ID only when it is short and
// plain, so it can be logged and echoed safely.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// metrics are Cockpit's Prometheus metrics, on a registry of their own.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	http     *prometheus.CounterVec
	dbUp     prometheus.GaugeFunc

	// names bounds the operation label: clients choose operation names,
	// so only the first maxOperationNames distinct ones get a series of
	// their own; later ones are counted as "other".
	mu    sync.Mutex
	names map[string]bool
}

const maxOperationNames = 200

var operationName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

func newMetrics(db *store.DB, health *dbHealth) *metrics {
	m := &metrics{reg: prometheus.NewRegistry(), names: map[string]bool{}}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cockpit_graphql_requests_total",
		Help: "GraphQL requests by operation name, operation type and outcome (ok, or the extensions.code of the first error).",
	}, []string{"operation", "type", "outcome"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "cockpit_graphql_request_duration_seconds",
		Help:    "Time from receiving a GraphQL request to the end of its answer, by operation name and type.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"operation", "type"})
	m.http = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cockpit_http_requests_total",
		Help: "HTTP requests by endpoint and status code.",
	}, []string{"handler", "code"})
	m.dbUp = prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "cockpit_database_up",
		Help: "1 while the database answers, 0 after a request or probe found it unreachable.",
	}, func() float64 {
		if health.up() {
			return 1
		}
		return 0
	})
	m.reg.MustRegister(m.requests, m.latency, m.http, m.dbUp,
		// Pool stats: go_sql_open_connections, go_sql_in_use_connections,
		// go_sql_wait_count_total, go_sql_wait_duration_seconds_total, ...
		collectors.NewDBStatsCollector(db.SQL, db.Dialect),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// label turns an operation name into a bounded metric label.
func (m *metrics) label(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case !operationName.MatchString(name):
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationNames {
		return "other"
	}
	m.names[name] = true
	return name
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Flush passes flushes through: SSE subscriptions need http.Flusher itself.
func (r *statusRecorder) Flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	_ = http.NewResponseController(r.ResponseWriter).Flush()
}

// observe is the outermost middleware of /graphql: it gives the request its
// id (X-Request-ID, echoed), and when the answer is written logs one line
// and updates the metrics. The log holds ids, names, codes and timings only:
// never the token, the query text, variables or anything a person entered.
//
// With tracing on (internal/tracing), the request is a server span that
// continues an incoming traceparent; its trace id goes into the log line.
func observe(logger *slog.Logger, m *metrics, tracer trace.Tracer, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !validRequestID.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		info := &requestInfo{id: id}
		rec := &statusRecorder{ResponseWriter: w}
		ctx := propagation.TraceContext{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := tracer.Start(ctx, "graphql", trace.WithSpanKind(trace.SpanKindServer))
		next.ServeHTTP(rec, r.WithContext(context.WithValue(ctx, requestInfoKey{}, info)))
		elapsed := time.Since(start)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}

		info.mu.Lock()
		op, opType, viewerID, codes, cost := info.operation, info.opType, info.viewerID, info.codes, info.cost
		info.mu.Unlock()
		outcome := "ok"
		switch {
		case len(codes) > 0:
			outcome = codes[0]
		case rec.status == http.StatusUnauthorized:
			outcome = "UNAUTHENTICATED" // answered by the auth middleware
		case rec.status >= 500:
			outcome = "INTERNAL"
		case rec.status >= 400:
			outcome = "HTTP_" + strconv.Itoa(rec.status)
		}
		if opType == "" {
			opType = "none" // refused before an operation was known
		}
		label := m.label(op)
		m.requests.WithLabelValues(label, opType, outcome).Inc()
		m.latency.WithLabelValues(label, opType).Observe(elapsed.Seconds())
		m.http.WithLabelValues("graphql", statusLabel(rec.status)).Inc()

		attrs := []slog.Attr{
			slog.String("request_id", id),
			slog.String("method", r.Method),
			slog.Int("status", rec.status),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
			slog.String("operation", op),
			slog.String("operation_type", opType),
			slog.String("outcome", outcome),
			slog.Int("bytes", rec.bytes),
		}
		if viewerID != 0 {
			attrs = append(attrs, slog.Int("viewer_id", viewerID))
		}
		if cost > 0 {
			attrs = append(attrs, slog.Int64("complexity", cost))
		}
		if len(codes) > 1 {
			attrs = append(attrs, slog.String("error_codes", strings.Join(codes, ",")))
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		if sc := span.SpanContext(); sc.IsValid() {
			attrs = append(attrs, slog.String("trace_id", sc.TraceID().String()))
			span.SetName(strings.TrimSpace("graphql " + opType + " " + op))
			span.SetAttributes(
				attribute.String("http.request.method", r.Method),
				attribute.Int("http.response.status_code", rec.status),
				attribute.String("graphql.operation.name", op),
				attribute.String("graphql.operation.type", opType),
				attribute.String("cockpit.request_id", id),
				attribute.String("cockpit.outcome", outcome),
			)
			if viewerID != 0 {
				span.SetAttributes(attribute.Int("enduser.id", viewerID))
			}
			if rec.status >= 500 {
				span.SetStatus(otelcodes.Error, outcome)
			}
		}
		span.End()
		logger.LogAttrs(context.Background(), level, "graphql request", attrs...)
	})
}

func statusLabel(code int) string { return strconv.Itoa(code) }

// withRequestID makes every log line written with a request's context
// carry its request_id (the error presenter logs through it, too).
type withRequestID struct{ slog.Handler }

func (h withRequestID) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h withRequestID) WithAttrs(attrs []slog.Attr) slog.Handler {
	return withRequestID{h.Handler.WithAttrs(attrs)}
}

func (h withRequestID) WithGroup(name string) slog.Handler {
	return withRequestID{h.Handler.WithGroup(name)}
}

// countHTTP counts the requests of a plain endpoint.
func countHTTP(m *metrics, name string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		m.http.WithLabelValues(name, statusLabel(rec.status)).Inc()
	})
}

// recordOperation is a gqlgen response middleware: it tells the request's
// info which operation ran, for whom, and which error codes it returned
// (request errors included: gqlgen passes them through here too).
func recordOperation(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	info := infoFrom(ctx)
	if info == nil {
		return resp
	}
	info.mu.Lock()
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		info.operation = oc.OperationName
		if oc.Operation != nil {
			info.opType = string(oc.Operation.Operation)
			if info.operation == "" {
				info.operation = oc.Operation.Name
			}
		}
		if c, ok := oc.Stats.GetExtension("complexity").(int64); ok {
			info.cost = c
		}
	}
	if v := viewer.FromContext(ctx); v.Authenticated() {
		info.viewerID = v.PersonID
	}
	info.mu.Unlock()
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" {
				code = "UNKNOWN"
			}
			info.addCodes(code)
		}
	}
	return resp
}
