package money

import "context"

// givenKey carries the currencies of amounts a client gave for one write.
type givenKey struct{}

// Given is the currency of each amount a client gave, by API field name
// (e.g. "buyIn" → "CHF"), for checks that can only run once the write is
// authorized and the stored currency can be read (the Coop hooks).
type Given map[string]string

// WithGiven returns ctx carrying given.
func WithGiven(ctx context.Context, given Given) context.Context {
	return context.WithValue(ctx, givenKey{}, given)
}

// GivenFrom returns the currencies carried by ctx (nil when none).
func GivenFrom(ctx context.Context) Given {
	g, _ := ctx.Value(givenKey{}).(Given)
	return g
}
