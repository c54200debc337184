// Package apperr gives every error that leaves Cockpit a code from DESIGN.md
// and a message a client can act on. Domain code returns *Error (or ent's own
// errors); the GraphQL error presenter calls Present once per error.
package apperr

import (
	"errors"
	"fmt"
)

// Code is the machine-readable error class sent as extensions.code.
type Code string

// The codes of DESIGN.md.
const (
	Unauthenticated   Code = "UNAUTHENTICATED"
	Forbidden         Code = "FORBIDDEN"
	NotFound          Code = "NOT_FOUND"
	BadUserInput      Code = "BAD_USER_INPUT"
	InvalidTransition Code = "INVALID_TRANSITION"
	Conflict          Code = "CONFLICT"
	Internal          Code = "INTERNAL"
)

// The codes of the abuse limits and the HTTP layer (README, "Limits"). A
// request refused with one of them was not executed at all.
const (
	// QueryTooDeep: the operation nests fields deeper than the depth limit.
	QueryTooDeep Code = "QUERY_TOO_DEEP"
	// QueryTooComplex: the operation's estimated cost exceeds the complexity limit.
	QueryTooComplex Code = "QUERY_TOO_COMPLEX"
	// TooManyAliases: the operation uses more aliases than allowed.
	TooManyAliases Code = "TOO_MANY_ALIASES"
	// PayloadTooLarge: the request body exceeds the size limit (HTTP 413).
	PayloadTooLarge Code = "PAYLOAD_TOO_LARGE"
	// Timeout: the request ran longer than the per-request timeout.
	Timeout Code = "TIMEOUT"
	// PersistedQueryNotFound: an APQ hash the server does not know (yet);
	// the client resends it with the query (Apollo's APQ convention).
	PersistedQueryNotFound Code = "PERSISTED_QUERY_NOT_FOUND"
	// IntrospectionDisabled: __schema or __type while introspection is off.
	IntrospectionDisabled Code = "INTROSPECTION_DISABLED"
	// RateLimited: too many requests without a token from one client IP
	// (HTTP 429 with Retry-After; internal/server, public.go).
	RateLimited Code = "RATE_LIMITED"
)

// Error is an error with a code, a client-facing message and, for input
// errors, the offending field (GraphQL name).
type Error struct {
	Code    Code
	Message string
	Field   string
	// Extra is added to extensions (e.g. allowed transitions, remaining amount).
	Extra map[string]any
	Err   error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidField returns a BAD_USER_INPUT error naming field.
func InvalidField(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of err, or "" when err carries none.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
