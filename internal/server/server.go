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

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/coopnetwork/cockpit/graph"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Options configure the handler.
type Options struct {
	// MaxBodyBytes caps a request body (default 1 MiB).
	MaxBodyBytes int64
	// AllowedOrigins for CORS; empty allows none (same-origin only).
	AllowedOrigins []string
	Logger         *slog.Logger
	// Verifier checks bearer tokens; nil serves anonymous viewers only.
	Verifier *auth.Verifier
	// Clock is domain time (default: the system clock); tests move it.
	Clock clock.Clock
	// Events carries live updates to subscriptions (see live.go); nil: an
	// in-process broker, which serves a single replica only.
	Events events.Broker
	// Done, when closed, ends open WebSocket and SSE streams (shutdown).
	Done <-chan struct{}
}

// New returns the HTTP handler serving db.
func New(db *store.DB, opts Options) http.Handler {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	mux := http.NewServeMux()
	if opts.Clock == nil {
		opts.Clock = clock.System{}
	}
	if opts.Events == nil {
		opts.Events = events.NewLocal()
	}
	gql := withClock(opts.Clock, withLive(opts.Events, opts.Done, graphQL(db, opts.Logger, &opts)))
	mux.Handle("/graphql", limitBody(auth.Middleware(opts.Verifier, viewerResolver(db))(gql), opts.MaxBodyBytes))
	mux.Handle("GET /{$}", playground.Handler("Cockpit", "/graphql"))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "database unreachable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	// CORS wraps everything, so browsers can read 401 answers too. Tokens
	// travel in the Authorization header, never in cookies, so credentials
	// mode stays off and a wildcard origin cannot leak a session.
	return cors.New(cors.Options{
		AllowedOrigins:   opts.AllowedOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Authorization", "Content-Type"},
		AllowCredentials: false,
		MaxAge:           600,
	}).Handler(mux)
}

// viewerResolver turns verified token claims into the request's viewer.
func viewerResolver(db *store.DB) func(context.Context, *auth.Claims) (context.Context, error) {
	return func(ctx context.Context, c *auth.Claims) (context.Context, error) {
		id, err := authz.PersonForLogin(ctx, db.Client, authz.Login{
			Subject: c.Subject, Email: c.Email, EmailVerified: c.EmailVerified, Name: c.Name,
		})
		if errors.Is(err, authz.ErrNoPerson) {
			return nil, auth.ErrUnknownPerson
		}
		if err != nil {
			return nil, err
		}
		v, err := authz.LoadViewer(ctx, db.Client, id)
		if err != nil {
			return nil, err
		}
		return viewer.NewContext(ctx, v), nil
	}
}

// GraphQL returns the GraphQL endpoint. Every mutation runs in one database
// transaction (entgql.Transactioner), so a failed mutation writes nothing.
func GraphQL(db *store.DB, logger *slog.Logger) http.Handler { return graphQL(db, logger, nil) }

// graphQL is GraphQL with subscriptions when live is not nil.
func graphQL(db *store.DB, logger *slog.Logger, live *Options) http.Handler {
	srv := handler.New(graph.NewSchema(db.Client))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	if live != nil {
		addLiveTransports(srv, db, live)
	}
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(entgql.Transactioner{TxOpener: db.Client})
	srv.Use(graph.MoneyInputs{})
	srv.SetErrorPresenter(errorPresenter(logger))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return apperr.New(apperr.Internal, "internal error")
	})
	return srv
}

// errorPresenter is the one place errors get their extensions.code.
func errorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
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

func withClock(c clock.Clock, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(clock.NewContext(r.Context(), c)))
	})
}

func limitBody(next http.Handler, n int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
