// Package server builds Cockpit's HTTP handler: the GraphQL endpoint, the
// GraphiQL page and the health probes.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/coopnetwork/cockpit/graph"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/viewer"
	"github.com/coopnetwork/cockpit/internal/webhook"
)

// Options configure the handler. Zero values take the documented defaults.
type Options struct {
	// MaxBodyBytes caps a request body (default 1 MiB); larger bodies are
	// refused with 413 PAYLOAD_TOO_LARGE before they are read.
	MaxBodyBytes int64
	// Timeout bounds one request (default 15 s); what is still running then
	// fails with TIMEOUT.
	Timeout time.Duration
	// MaxConcurrent is how many requests of an endpoint run at once, the
	// others waiting their turn in arrival order (admit.go); 0: no limit.
	MaxConcurrent int
	// Limits of every operation: depth, complexity, aliases, page sizes,
	// introspection.
	Limits Limits
	// APQCacheSize is how many automatic persisted queries are kept
	// (default 1000, least recently used dropped first).
	APQCacheSize int
	// AllowedOrigins for CORS; empty allows none (same-origin only), "*"
	// allows any origin and must be listed explicitly.
	AllowedOrigins []string
	Logger         *slog.Logger
	// Verifier checks bearer tokens; nil serves anonymous viewers only.
	Verifier *auth.Verifier
	// Clock is domain time (default: the system clock); tests move it.
	Clock clock.Clock
	// TracerProvider traces requests (default: OpenTelemetry's global one,
	// a no-op unless internal/tracing installed one).
	TracerProvider trace.TracerProvider
	// ShuttingDown, when it reports true, makes /readyz answer 503 so that
	// load balancers stop routing here while in-flight requests drain.
	ShuttingDown func() bool
	// Events carries live updates to subscriptions (see subscriptions.go); nil: an
	// in-process broker, which serves a single replica only.
	Events events.Broker
	// Done, when closed, ends open WebSocket and SSE streams (shutdown).
	Done <-chan struct{}
	// Public: the rate limit of requests without a token and the caching
	// of public answers (public.go).
	Public Public
	// Webhooks configures webhook URLs' checks and their delivery
	// (webhooks.go, internal/webhook).
	Webhooks webhook.Options
}

// Defaults of Options.
const (
	DefaultMaxBodyBytes = 1 << 20
	DefaultTimeout      = 15 * time.Second
	DefaultAPQCacheSize = 1000
	// maxPersistedQueryBytes: longer queries are not kept by APQ, so the
	// cache stays under DefaultAPQCacheSize × 64 KiB.
	maxPersistedQueryBytes = 64 << 10
)

func (o Options) withDefaults() Options {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.APQCacheSize <= 0 {
		o.APQCacheSize = DefaultAPQCacheSize
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Clock == nil {
		o.Clock = clock.System{}
	}
	if o.Events == nil {
		o.Events = events.NewLocal()
	}
	if o.TracerProvider == nil {
		o.TracerProvider = otel.GetTracerProvider()
	}
	o.Limits = o.Limits.withDefaults()
	o.Public = o.Public.withDefaults()
	return o
}

// New returns the HTTP handler serving db.
func New(db *store.DB, opts Options) http.Handler {
	opts = opts.withDefaults()
	opts.Logger = slog.New(withRequestID{opts.Logger.Handler()})
	health := newDBHealth(db)
	followInvalidations(db, opts.Events) // viewercache.go
	m := newMetrics(db, health)
	mux := http.NewServeMux()
	tracer := opts.TracerProvider.Tracer("github.com/coopnetwork/cockpit/internal/server")
	endpoint := func(schema graphql.ExecutableSchema) http.Handler {
		gql := withLive(opts.Done, GraphQL(db, health, opts, schema))
		// Domain time reaches the first login too (an invitation's expiry).
		authed := withClock(opts.Clock, withInvitationToken(auth.Middleware(opts.Verifier, viewerResolver(db, health, &people.Service{Env: opts.env()}))(gql)))
		// The per-IP rate of requests without a token (public.go) is checked
		// before the queue (admit.go), so refused requests take no turn.
		authed = limitAnonymous(opts.Public, admit(opts.MaxConcurrent, authed))
		return observe(opts.Logger, m, tracer, health.failFast(withTimeout(opts.Timeout, authed)))
	}
	mux.Handle("/graphql", endpoint(graph.NewSchema(db.Client, opts.env())))
	// The same API with the full Apollo Federation subgraph schema
	// (_service, _entities, @key ...) for routers; /graphql hides it.
	mux.Handle(SubgraphPath, endpoint(graph.NewSubgraphSchema(db.Client, opts.env())))
	graphiqlHandlers(mux)
	// The data export as a download (internal/rights; export.go).
	mux.Handle("GET "+ExportPath, countHTTP(m, "export", health.failFast(withTimeout(opts.Timeout, exportHandler(db, health, opts)))))
	// An invoice's structured export (internal/invoicing; invoiceexport.go).
	mux.Handle("GET "+InvoiceExportPath, countHTTP(m, "invoice_export", health.failFast(withTimeout(opts.Timeout, invoiceExportHandler(db, health, opts)))))
	// The profile as a JSON Resume and a printable page (internal/profileexport; profileexport.go).
	mux.Handle("GET "+ResumePath, countHTTP(m, "profile_export", health.failFast(withTimeout(opts.Timeout, resumeHandler(db, health, opts)))))
	mux.Handle("GET /metrics", m.handler())
	mux.Handle("GET /healthz", countHTTP(m, "healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})))
	mux.Handle("GET /readyz", countHTTP(m, "readyz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if opts.ShuttingDown != nil && opts.ShuttingDown() {
			// Load balancers stop sending while in-flight requests drain.
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "shutting down"})
			return
		}
		if err := health.probe(r.Context()); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "database unreachable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})))
	// CORS wraps everything, so browsers can read 401 answers too. Tokens
	// travel in the Authorization header, never in cookies, so credentials
	// mode stays off and a wildcard origin cannot leak a session.
	return cors.New(corsOptions(opts.AllowedOrigins)).Handler(mux)
}

// corsOptions allows exactly the listed origins. rs/cors treats an empty
// list as "every origin", so without origins a function denies them all:
// the default is same-origin only, as documented.
func corsOptions(origins []string) cors.Options {
	o := cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Authorization", "Content-Type", InvitationHeader},
		AllowCredentials: false,
		MaxAge:           600,
	}
	if len(origins) == 0 {
		o.AllowOriginFunc = func(string) bool { return false }
	}
	return o
}

// InvitationHeader carries an invitation's one-time token on the first login
// of a person Cockpit does not know yet: the invitation is accepted and the
// person created (people.PersonForLogin). Like the bearer token, it is never
// logged.
const InvitationHeader = "Cockpit-Invitation"

type invitationTokenKey struct{}

func withInvitationToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := r.Header.Get(InvitationHeader); tok != "" {
			r = r.WithContext(context.WithValue(r.Context(), invitationTokenKey{}, tok))
		}
		next.ServeHTTP(w, r)
	})
}

func invitationToken(ctx context.Context) string {
	tok, _ := ctx.Value(invitationTokenKey{}).(string)
	return tok
}

// viewerResolver turns verified token claims into the request's viewer.
func viewerResolver(db *store.DB, health *dbHealth, persons *people.Service) func(context.Context, *auth.Claims) (context.Context, error) {
	return func(ctx context.Context, c *auth.Claims) (context.Context, error) {
		ctx = audit.WithSubject(ctx, c.Subject) // the audit log keeps the token's subject
		persons := *persons
		persons.Logins = db.Viewers // known logins and their viewers are cached (viewercache.go)
		id, err := persons.PersonForLogin(ctx, db.Client, people.Login{
			Subject: c.Subject, Email: c.Email, EmailVerified: c.EmailVerified, Name: c.Name,
			InvitationToken: invitationToken(ctx),
		})
		if errors.Is(err, people.ErrNoPerson) {
			return nil, auth.ErrUnknownPerson
		}
		if store.IsUnavailable(err) {
			health.confirmDown(ctx)
		}
		if err != nil {
			return nil, err
		}
		v, err := cachedViewer(ctx, db, id)
		if store.IsUnavailable(err) {
			health.confirmDown(ctx)
		}
		if err != nil {
			return nil, err
		}
		return viewer.NewContext(ctx, v), nil
	}
}

// SubgraphPath is the endpoint of federation routers: the API of /graphql
// with the full subgraph schema (_service { sdl }, _entities, the federation
// directives), same authentication and limits. /graphql serves the public
// schema without that plumbing (graph.PublicSchema).
const SubgraphPath = "/subgraph/graphql"

// GraphQL returns a GraphQL endpoint serving schema. Every mutation runs in
// one database transaction (transactioner, transaction.go), so a failed
// mutation writes nothing.
func GraphQL(db *store.DB, health *dbHealth, opts Options, schema graphql.ExecutableSchema) http.Handler {
	logger := opts.Logger
	srv := handler.New(schema)
	// WebSocket and SSE first: they claim the upgrade and event-stream
	// requests the plain transport would otherwise answer.
	addLiveTransports(srv, db, health, &opts)
	srv.AddTransport(graphqlHTTP{maxBody: opts.MaxBodyBytes, public: opts.Public})
	docs := queryCache{lru.New[*ast.QueryDocument](1000)}
	srv.SetQueryCache(docs)
	srv.SetParserTokenLimit(opts.Limits.MaxTokens)
	if !opts.Limits.DisableIntrospection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: apqCache{lru.New[string](opts.APQCacheSize)}})
	srv.Use(fieldsExtension{Limits: opts.Limits, cache: docs}) // after APQ: it needs the query text
	srv.Use(limitsExtension{opts.Limits})
	tracer := opts.TracerProvider.Tracer("github.com/coopnetwork/cockpit/internal/server")
	srv.AroundRootFields(func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		// Past the request's deadline nothing more is started: every
		// remaining root field fails with TIMEOUT at once.
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			graphql.AddError(ctx, apperr.New(apperr.Timeout, "the request took longer than %s", opts.Timeout))
			return graphql.Null
		}
		// One span per root field (a no-op without tracing).
		ctx, span := tracer.Start(ctx, "resolve "+graphql.GetRootFieldContext(ctx).Field.Name)
		defer span.End()
		return next(ctx)
	})
	srv.AroundResponses(recordOperation)
	srv.AroundRootFields(auditRootField) // audit.go
	present := errorPresenter(logger, health, opts.Timeout)
	srv.Use(transactioner{opener: db.Client, present: present})
	rereadViewerBetweenMutations(srv)
	srv.Use(graph.MoneyInputs{})
	srv.SetErrorPresenter(present)
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return apperr.New(apperr.Internal, "internal error")
	})
	return srv
}

// errorPresenter is the one place errors get their extensions.code.
func errorPresenter(logger *slog.Logger, health *dbHealth, timeout time.Duration) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		switch {
		case gqlErr.Err == nil:
		case errors.Is(ctx.Err(), context.DeadlineExceeded) && apperr.CodeOf(gqlErr.Err) != apperr.Timeout:
			// Whatever failed, it failed because time ran out.
			gqlErr.Err = apperr.New(apperr.Timeout, "the request took longer than %s", timeout)
		case store.IsUnavailable(gqlErr.Err) && !isArgument(ctx, gqlErr.Path) && health.confirmDown(ctx):
			// Only a failure the database confirms (a ping fails too) turns
			// the server to fast failure: a client must not be able to
			// cause that with an input that happens to fail the same way.
			logger.ErrorContext(ctx, "database unavailable", "path", gqlErr.Path.String(), "error", gqlErr.Err.Error())
			markUnavailable(ctx)
			gqlErr.Err = apperr.New(apperr.Internal, "the database is unavailable; retry shortly")
		}
		if gqlErr.Err == nil {
			// Parse and validation errors of gqlgen, and entgql's missing
			// node errors, already carry their code.
			switch code, ok := gqlErr.Extensions["code"]; {
			case !ok:
				gqlErr.Extensions = withCode(gqlErr.Extensions, string(apperr.BadUserInput))
			case code == string(apperr.NotFound):
				// entgql's message names the internal integer ID; a missing
				// object reads the same as any other NOT_FOUND.
				gqlErr.Message = "not found"
			case code == "INVALID_PAGINATION":
				// entgql's code for first/last misuse; not one of DESIGN.md's.
				gqlErr.Extensions["code"] = string(apperr.BadUserInput)
			}
			return gqlErr
		}
		var already *gqlerror.Error
		if errors.As(gqlErr.Err, &already) && already.Err == nil && already.Extensions["code"] != nil {
			return gqlErr
		}
		e := apperr.Classify(gqlErr.Err)
		if e.Code == apperr.Internal {
			if field, ok := argumentField(ctx, gqlErr.Path); ok {
				// A value the client sent could not be decoded (a Time
				// that is not RFC 3339, a malformed Cursor, ...).
				e = apperr.InvalidField(field, "invalid %s: %s", field, gqlErr.Err.Error())
			} else {
				logger.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "error", gqlErr.Err.Error())
			}
		}
		gqlErr.Message = e.Message
		gqlErr.Extensions = withCode(gqlErr.Extensions, string(e.Code))
		if e.Field != "" {
			gqlErr.Extensions["field"] = e.Field
		}
		for k, v := range e.Extra {
			gqlErr.Extensions[k] = v
		}
		return gqlErr
	}
}

func isArgument(ctx context.Context, path ast.Path) bool {
	_, ok := argumentField(ctx, path)
	return ok
}

// argumentField reports whether path points into the arguments of the field
// being resolved, which is where gqlgen reports errors of decoding input
// values, and returns the innermost input field named on it.
func argumentField(ctx context.Context, path ast.Path) (string, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return "", false
	}
	base := fc.Path()
	if len(path) <= len(base) {
		return "", false
	}
	for i := range base {
		if path[i] != base[i] {
			return "", false
		}
	}
	arg, ok := path[len(base)].(ast.PathName)
	if !ok || fc.Field.Arguments.ForName(string(arg)) == nil {
		return "", false
	}
	field := string(arg)
	for _, p := range path[len(base)+1:] {
		if name, ok := p.(ast.PathName); ok {
			field = string(name)
		}
	}
	return field, true
}

func withCode(ext map[string]any, code string) map[string]any {
	if ext == nil {
		ext = map[string]any{}
	}
	ext["code"] = code
	return ext
}

// env is the domain services' dependencies, from the options.
func (o Options) env() domainop.Env {
	return domainop.Env{Events: o.Events, Clock: o.Clock, WebhookTargets: o.Webhooks.Targets}
}

// withClock puts the clock in every request's context for ent hooks (the
// timestamps mixin, invariants), which take no other parameters; domain
// services have it as a field (env).
func withClock(c clock.Clock, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(clock.NewContext(r.Context(), c)))
	})
}

// withTimeout bounds a request and gives it the flag the error presenter
// raises when the database is unreachable (answered 503).
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if stream(r) {
			// Subscriptions live as long as the client stays; each event
			// is resolved on its own.
			next.ServeHTTP(w, r.WithContext(withUnavailableFlag(r.Context())))
			return
		}
		ctx, cancel := context.WithTimeout(withUnavailableFlag(r.Context()), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// queryCache keeps parsed documents of queries up to
// maxPersistedQueryBytes long: 1000 entries of at most 64 KiB of text, so
// a stream of distinct large queries cannot fill the memory.
type queryCache struct{ *lru.LRU[*ast.QueryDocument] }

func (c queryCache) Add(ctx context.Context, query string, doc *ast.QueryDocument) {
	if len(query) <= maxPersistedQueryBytes {
		c.LRU.Add(ctx, query, doc)
	}
}

// apqCache keeps automatic persisted queries in a bounded LRU and skips
// very long ones, so its memory stays bounded too.
type apqCache struct{ *lru.LRU[string] }

func (c apqCache) Add(ctx context.Context, key, query string) {
	if len(query) <= maxPersistedQueryBytes {
		c.LRU.Add(ctx, key, query)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
