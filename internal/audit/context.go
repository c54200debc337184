// Package audit keeps the audit log (issue 16): every committed write
// appends one record, in the transaction of the change, naming when, who,
// which operation and the objects it touched with their fields before and
// after. This file holds what other packages tell the log through the
// context.
package audit

import "context"

type operationKey struct{}
type redactedKey struct{}

// Operation names the operation of writes made outside a GraphQL mutation
// (the CLI's init, the deadline worker's close, the demo seeder): inside a
// mutation the log takes the mutation field's name.
func Operation(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, operationKey{}, name)
}

// OperationOf returns the name Operation set, or "".
func OperationOf(ctx context.Context) string {
	s, _ := ctx.Value(operationKey{}).(string)
	return s
}

// Redacted marks writes whose values must not be kept, only which fields
// changed (an erasure: the log must not keep what it erases).
func Redacted(ctx context.Context) context.Context {
	return context.WithValue(ctx, redactedKey{}, true)
}

// IsRedacted reports whether ctx was marked by Redacted.
func IsRedacted(ctx context.Context) bool {
	v, _ := ctx.Value(redactedKey{}).(bool)
	return v
}
