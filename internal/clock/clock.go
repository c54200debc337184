// Package clock gives domain code its notion of "now", injectable so tests
// can move days forward (candidacy periods, vote deadlines).
package clock

import (
	"context"
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// System is the real clock (UTC).
type System struct{}

// Now returns the current time in UTC.
func (System) Now() time.Time { return time.Now().UTC() }

// Fake is a settable clock for tests.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a clock standing at t.
func NewFake(t time.Time) *Fake { return &Fake{now: t} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the clock forward.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// AdvanceDays moves the clock forward by whole days.
func (f *Fake) AdvanceDays(n int) { f.Advance(time.Duration(n) * 24 * time.Hour) }

type ctxKey struct{}

// NewContext returns ctx carrying c.
func NewContext(ctx context.Context, c Clock) context.Context {
	return context.WithValue(ctx, ctxKey{}, c)
}

// Now returns the time of the clock in ctx, or of the system clock.
func Now(ctx context.Context) time.Time {
	if c, ok := ctx.Value(ctxKey{}).(Clock); ok {
		return c.Now()
	}
	return System{}.Now()
}
