package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

type viewerKey struct{}

type gqlBody struct {
	Errors []struct {
		Message    string            `json:"message"`
		Extensions map[string]string `json:"extensions"`
	} `json:"errors"`
}

func TestMiddleware(t *testing.T) {
	secret := []byte("a-development-secret-of-32-bytes!")
	v := newVerifier(t, Config{Secret: secret, Audience: testAudience, Now: func() time.Time { return t0 },
		Logger: slog.New(slog.DiscardHandler)})
	valid, err := MintHS256(secret, "person-42", time.Hour, "", testAudience, t0)
	if err != nil {
		t.Fatal(err)
	}
	expired, err := MintHS256(secret, "person-42", time.Hour, "", testAudience, t0.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	forged := sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "", claimsAt(t0, ""))

	for _, tc := range []struct {
		name       string
		header     []string
		resolveErr error
		wantStatus int
		wantCode   string
		wantMsg    string // prefix
		wantAuth   string // WWW-Authenticate
		wantViewer string // set by resolve, seen by next
	}{
		{name: "no header: anonymous", wantStatus: http.StatusOK},
		{name: "valid token", header: []string{"Bearer " + valid}, wantStatus: http.StatusOK, wantViewer: "person-42"},
		{name: "scheme is case-insensitive", header: []string{"bEARER " + valid}, wantStatus: http.StatusOK, wantViewer: "person-42"},
		{name: "expired token", header: []string{"Bearer " + expired}, wantStatus: 401, wantCode: "UNAUTHENTICATED",
			wantMsg: "invalid token: token expired", wantAuth: `Bearer error="invalid_token"`},
		{name: "alg none", header: []string{"Bearer " + forged}, wantStatus: 401, wantCode: "UNAUTHENTICATED",
			wantMsg: "invalid token: signing algorithm not allowed", wantAuth: `Bearer error="invalid_token"`},
		{name: "garbage", header: []string{"Bearer not-a-jwt-at-all"}, wantStatus: 401, wantCode: "UNAUTHENTICATED",
			wantMsg: "invalid token: malformed token", wantAuth: `Bearer error="invalid_token"`},
		{name: "basic scheme", header: []string{"Basic dXNlcjpwYXNz"}, wantStatus: 401, wantCode: "UNAUTHENTICATED",
			wantMsg: "invalid token: malformed Authorization header", wantAuth: `Bearer error="invalid_request"`},
		{name: "bearer without token", header: []string{"Bearer"}, wantStatus: 401, wantCode: "UNAUTHENTICATED",
			wantAuth: `Bearer error="invalid_request"`},
		{name: "empty header", header: []string{""}, wantStatus: 401, wantCode: "UNAUTHENTICATED"},
		{name: "two headers", header: []string{"Bearer " + valid, "Bearer " + valid}, wantStatus: 401, wantCode: "UNAUTHENTICATED"},
		{name: "unknown person", header: []string{"Bearer " + valid}, resolveErr: fmt.Errorf("lookup: %w", ErrUnknownPerson),
			wantStatus: 401, wantCode: "UNAUTHENTICATED", wantMsg: "no person for this login", wantAuth: "Bearer"},
		{name: "resolver failure", header: []string{"Bearer " + valid}, resolveErr: errors.New("db down"),
			wantStatus: 503, wantCode: "INTERNAL", wantMsg: "authentication is temporarily unavailable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var resolved *Claims
			resolve := func(ctx context.Context, c *Claims) (context.Context, error) {
				resolved = c
				if tc.resolveErr != nil {
					return nil, tc.resolveErr
				}
				return context.WithValue(ctx, viewerKey{}, c.Subject), nil
			}
			var nextCalled bool
			var viewer string
			next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				nextCalled = true
				viewer, _ = r.Context().Value(viewerKey{}).(string)
				if c, ok := ClaimsFromContext(r.Context()); ok != (tc.wantViewer != "") || ok && c.Subject != tc.wantViewer {
					t.Errorf("ClaimsFromContext = %v, %v", c, ok)
				}
			})
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{viewer{id}}"}`))
			for _, h := range tc.header {
				req.Header.Add("Authorization", h)
			}
			rec := httptest.NewRecorder()
			Middleware(v, resolve)(next).ServeHTTP(rec, req)

			if rec.Code != tc.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tc.wantStatus, rec.Body)
			}
			if tc.wantStatus == http.StatusOK {
				if !nextCalled || viewer != tc.wantViewer {
					t.Errorf("next called=%v viewer=%q, want viewer %q", nextCalled, viewer, tc.wantViewer)
				}
				if tc.wantViewer == "" && resolved != nil {
					t.Error("resolve called for anonymous request")
				}
				if tc.wantViewer != "" && (resolved == nil || resolved.Subject != tc.wantViewer) {
					t.Errorf("resolve got claims %+v", resolved)
				}
				return
			}
			if nextCalled {
				t.Error("next called on failure")
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			if tc.wantAuth != "" && rec.Header().Get("WWW-Authenticate") != tc.wantAuth {
				t.Errorf("WWW-Authenticate = %q, want %q", rec.Header().Get("WWW-Authenticate"), tc.wantAuth)
			}
			if tc.wantStatus == 401 && rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if ra := rec.Header().Get("Retry-After"); (tc.wantStatus == 503) != (ra != "") {
				t.Errorf("HTTP %d with Retry-After %q", tc.wantStatus, ra)
			}
			raw := rec.Body.String()
			for _, h := range tc.header {
				for _, part := range append(strings.Split(h, "."), h) {
					if len(part) > 8 && strings.Contains(raw, part) {
						t.Errorf("body echoes the token: %s", raw)
					}
				}
			}
			var body gqlBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %q: %v", raw, err)
			}
			if len(body.Errors) != 1 {
				t.Fatalf("body = %s", raw)
			}
			e := body.Errors[0]
			if e.Extensions["code"] != tc.wantCode || !strings.HasPrefix(e.Message, tc.wantMsg) {
				t.Errorf("error = %+v, want code %s message %q", e, tc.wantCode, tc.wantMsg)
			}
		})
	}
}

func TestMiddlewareKeysUnavailable(t *testing.T) {
	p := newIDP(t)
	p.fail.Store(true)
	k := testKeys()
	v := newVerifier(t, Config{Issuer: p.srv.URL, HTTPClient: p.srv.Client(), Now: func() time.Time { return t0 },
		Logger: slog.New(slog.DiscardHandler)})
	req := httptest.NewRequest(http.MethodGet, "/graphql", nil)
	req.Header.Set("Authorization", "Bearer "+sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", claimsAt(t0, p.srv.URL)))
	rec := httptest.NewRecorder()
	Middleware(v, nil)(http.NotFoundHandler()).ServeHTTP(rec, req)
	var body gqlBody
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	if rec.Code != http.StatusServiceUnavailable || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "INTERNAL" {
		t.Fatalf("status %d body %s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), p.srv.URL) {
		t.Errorf("body leaks the JWKS URL: %s", rec.Body)
	}
}
