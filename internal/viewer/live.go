package viewer

import (
	"context"
	"sync/atomic"
)

// Live is a viewer that can be replaced while a long-running operation (a
// GraphQL subscription) goes on: each event is checked and resolved as the
// person is now, not as they were when they subscribed.
type Live struct{ v atomic.Pointer[Viewer] }

// NewLiveContext returns ctx whose viewer (FromContext) is whatever the
// returned Live holds, v to begin with.
func NewLiveContext(ctx context.Context, v *Viewer) (context.Context, *Live) {
	l := &Live{}
	l.v.Store(v)
	return context.WithValue(ctx, ctxKey{}, l), l
}

// LiveFromContext returns the Live viewer of ctx, if it has one.
func LiveFromContext(ctx context.Context) *Live {
	l, _ := ctx.Value(ctxKey{}).(*Live)
	return l
}

// Set replaces the viewer.
func (l *Live) Set(v *Viewer) { l.v.Store(v) }

// Get returns the current viewer.
func (l *Live) Get() *Viewer { return l.v.Load() }
