package server

// Live updates (issue 9): GraphQL subscriptions over WebSocket
// (graphql-transport-ws, and the older graphql-ws) and Server-Sent Events at
// /graphql. Kept in this file so that server.go only calls into it.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/people"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// errBadInitToken refuses a WebSocket connection whose connection_init
// carries a token that does not verify (the socket is closed with 4403).
var errBadInitToken = errors.New("UNAUTHENTICATED: invalid token")

// errRetryLater closes a WebSocket whose person could not be looked up, with
// 1013 Try Again Later: the login is not refused, it is to be retried.
var errRetryLater = errors.New("INTERNAL: the database is unavailable; try again later")

// addLiveTransports adds the subscription transports. SSE must come before
// the POST transport: it answers POSTs that accept text/event-stream.
func addLiveTransports(srv *handler.Server, db *store.DB, health *dbHealth, opts *Options) {
	srv.AddTransport(transport.SSE{})
	srv.AddTransport(transport.Websocket{
		// Browsers on the origins CORS allows may open WebSockets too
		// (same-origin ones always may).
		Implementation: transport.CoderWebsocketImplementation{
			AcceptOptions: websocket.AcceptOptions{OriginPatterns: opts.AllowedOrigins},
		},
		KeepAlivePingInterval: 15 * time.Second,
		InitTimeout:           10 * time.Second,
		InitFunc:              websocketInit(db, health, opts.Verifier, &people.Service{Env: opts.env()}),
	})
	// A subscription's payloads are resolved as the subscriber is at each
	// event (internal/subscription reloads the viewer); a Replaceable viewer in the
	// operation's context carries the reloaded one to the field resolvers.
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if oc := graphql.GetOperationContext(ctx); oc != nil && oc.Operation != nil && oc.Operation.Operation == ast.Subscription {
			ctx, _ = viewer.NewReplaceableContext(ctx, viewer.FromContext(ctx))
		}
		return next(ctx)
	})
}

// websocketInit checks the token of connection_init's payload
// ("Authorization" or "authorization", with or without "Bearer ") with the
// verifier and viewer lookup the HTTP middleware uses. Without one the
// connection keeps what the upgrade request's Authorization header gave
// (checked by auth.Middleware) or stays anonymous.
func websocketInit(db *store.DB, health *dbHealth, v *auth.Verifier, persons *people.Service) transport.WebsocketInitFunc {
	resolve := viewerResolver(db, health, persons)
	return func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		raw := p.Authorization()
		if raw == "" {
			raw = p.GetString("authorization")
		}
		if raw == "" {
			return ctx, nil, nil
		}
		f := strings.Fields(raw)
		switch {
		case len(f) == 2 && strings.EqualFold(f[0], "Bearer"):
			raw = f[1]
		case len(f) != 1:
			return refuse(ctx)
		}
		if v == nil {
			return refuse(ctx)
		}
		claims, err := v.Verify(ctx, raw)
		if err != nil {
			return refuse(ctx)
		}
		vctx, err := resolve(ctx, claims)
		switch {
		case errors.Is(err, auth.ErrUnknownPerson):
			return refuse(ctx)
		case err != nil:
			// The token is fine but its person could not be read (the
			// database is unavailable): like HTTP's 503 with Retry-After,
			// the client reconnects later rather than asking for a new login.
			return transport.WithWebsocketCloseCode(ctx, int(websocket.StatusTryAgainLater)), nil, errRetryLater
		}
		return untilExpiry(vctx, claims), nil, nil
	}
}

// untilExpiry ends ctx when the token expires (strictly, without the
// verifier's clock-skew allowance): a WebSocket or SSE stream authenticated
// with it closes then, and the client reconnects with a fresh token.
func untilExpiry(ctx context.Context, c *auth.Claims) context.Context {
	if c == nil || c.ExpiresAt.IsZero() {
		return ctx
	}
	ctx, cancel := context.WithDeadline(ctx, c.ExpiresAt)
	context.AfterFunc(ctx, cancel)
	return ctx
}

// stream reports whether r opens a WebSocket or an SSE stream.
func stream(r *http.Request) bool {
	return r.Header.Get("Upgrade") != "" || strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// refuse closes the connection with graphql-transport-ws's 4403 Forbidden.
func refuse(ctx context.Context) (context.Context, *transport.InitPayload, error) {
	return transport.WithWebsocketCloseCode(ctx, 4403), nil, errBadInitToken
}

// withLive ends WebSocket and SSE streams when their token expires or done
// closes (server shutdown): hijacked connections do not see
// http.Server.Shutdown otherwise. (Mutations publish and subscriptions
// listen through the broker the domain services hold, see Options.env.)
func withLive(done <-chan struct{}, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if c, ok := auth.ClaimsFromContext(ctx); ok && stream(r) {
			ctx = untilExpiry(ctx, c)
		}
		// Shutdown ends streams at once; ordinary requests drain instead.
		if done != nil && stream(r) {
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			defer cancel()
			go func() {
				select {
				case <-done:
					cancel()
				case <-ctx.Done():
				}
			}()
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
