package viewer

import (
	"context"
	"sync/atomic"
)

// Replaceable is a viewer that can be replaced while a long-running operation (a
// GraphQL subscription) goes on: each event is checked and resolved as the
// person is now, not as they were when they subscribed.
type Replaceable struct{ v atomic.Pointer[Viewer] }

// NewReplaceableContext returns ctx whose viewer (FromContext) is whatever the
// returned Replaceable holds, v to begin with.
func NewReplaceableContext(ctx context.Context, v *Viewer) (context.Context, *Replaceable) {
	l := &Replaceable{}
	l.v.Store(v)
	return context.WithValue(ctx, ctxKey{}, l), l
}

// ReplaceableFromContext returns the Replaceable viewer of ctx, if it has one.
func ReplaceableFromContext(ctx context.Context) *Replaceable {
	l, _ := ctx.Value(ctxKey{}).(*Replaceable)
	return l
}

// Set replaces the viewer.
func (l *Replaceable) Set(v *Viewer) { l.v.Store(v) }

// Get returns the current viewer.
func (l *Replaceable) Get() *Viewer { return l.v.Load() }
