package auth

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
)

var (
	// ErrNoToken is returned by TokenFromRequest when there is no
	// Authorization header: the request is anonymous.
	ErrNoToken = errors.New("no token")
	// ErrBadAuthHeader: an Authorization header that is not "Bearer <token>".
	ErrBadAuthHeader = errors.New("malformed Authorization header")
	// ErrUnknownPerson is for the resolver passed to Middleware: a valid
	// token whose subject maps to no person (and self-sign-up is off).
	ErrUnknownPerson = errors.New("no person for this login")
)

// TokenFromRequest returns the bearer token of r. The scheme is matched
// case-insensitively; any other scheme, or several headers, is an error.
func TokenFromRequest(r *http.Request) (string, error) {
	vals := r.Header.Values("Authorization")
	switch len(vals) {
	case 0:
		return "", ErrNoToken
	case 1:
	default:
		return "", ErrBadAuthHeader
	}
	f := strings.Fields(vals[0])
	if len(f) != 2 || !strings.EqualFold(f[0], "Bearer") {
		return "", ErrBadAuthHeader
	}
	return f[1], nil
}

type claimsKey struct{}

// ClaimsFromContext returns the claims Middleware verified for this request.
func ClaimsFromContext(ctx context.Context) (*Claims, bool) {
	c, ok := ctx.Value(claimsKey{}).(*Claims)
	return c, ok
}

// Middleware authenticates requests. Without an Authorization header the
// request passes through unchanged (anonymous). With a valid token, the
// claims are put in the context (see ClaimsFromContext) and resolve, if not
// nil, derives the request context (typically adding the viewer). A bad
// token is answered with 401 and a GraphQL-shaped UNAUTHENTICATED error.
func Middleware(v *Verifier, resolve func(ctx context.Context, c *Claims) (context.Context, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			raw, err := TokenFromRequest(r)
			if errors.Is(err, ErrNoToken) {
				next.ServeHTTP(w, r)
				return
			}
			if err != nil {
				writeError(w, http.StatusUnauthorized, `Bearer error="invalid_request"`,
					"invalid token: "+err.Error(), "UNAUTHENTICATED")
				return
			}
			claims, err := v.Verify(r.Context(), raw)
			if errors.Is(err, ErrKeysUnavailable) {
				v.log().ErrorContext(r.Context(), "auth: cannot verify tokens", "err", err)
				writeUnavailable(w)
				return
			}
			if err != nil {
				writeError(w, http.StatusUnauthorized, `Bearer error="invalid_token"`,
					"invalid token: "+err.Error(), "UNAUTHENTICATED")
				return
			}
			ctx := context.WithValue(r.Context(), claimsKey{}, claims)
			if resolve != nil {
				var rctx context.Context
				if rctx, err = resolve(ctx, claims); rctx != nil {
					ctx = rctx
				}
			}
			if errors.Is(err, ErrUnknownPerson) {
				writeError(w, http.StatusUnauthorized, "Bearer", ErrUnknownPerson.Error(), "UNAUTHENTICATED")
				return
			}
			if err != nil {
				// The token is valid; looking its person up failed (the
				// database is down): retry, never "log in again" (401).
				v.log().ErrorContext(r.Context(), "auth: resolving the viewer failed", "err", err)
				writeUnavailable(w)
				return
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// RetryAfter is the Retry-After (seconds) of a 503 answer; the server's fast
// failure while the database is down (internal/server) sends the same.
const RetryAfter = "1"

// writeUnavailable answers 503 INTERNAL with Retry-After: the request may
// succeed as it is a moment later.
func writeUnavailable(w http.ResponseWriter) {
	w.Header().Set("Retry-After", RetryAfter)
	writeError(w, http.StatusServiceUnavailable, "", "authentication is temporarily unavailable", "INTERNAL")
}

func writeError(w http.ResponseWriter, status int, challenge, message, code string) {
	type gqlError struct {
		Message    string            `json:"message"`
		Extensions map[string]string `json:"extensions"`
	}
	body, _ := json.Marshal(struct {
		Errors []gqlError `json:"errors"`
	}{[]gqlError{{message, map[string]string{"code": code}}}})
	h := w.Header()
	if challenge != "" {
		h.Set("WWW-Authenticate", challenge)
	}
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (v *Verifier) log() *slog.Logger {
	if v == nil {
		return slog.Default()
	}
	return v.logger
}
