package events

import (
	"context"
	"fmt"
	"sync"
)

// bufferSize is how many events a slow subscriber may lag behind; beyond it
// events for that subscriber are dropped rather than blocking publishers.
const bufferSize = 64

// Local is the in-process broker (SQLite, a single replica). The Postgres
// broker uses one too, to fan out what arrives through LISTEN.
type Local struct {
	mu     sync.Mutex
	subs   map[Topic]map[*subscriber]struct{}
	closed bool
	// changed is closed (and dropped) when a subscription starts or ends,
	// for WaitSubscribers; nil while nobody waits.
	changed chan struct{}
}

type subscriber struct {
	ch   chan Event
	once sync.Once
}

// NewLocal returns an empty in-process broker.
func NewLocal() *Local { return &Local{subs: map[Topic]map[*subscriber]struct{}{}} }

// Publish delivers evs to the current subscribers of their topics.
func (l *Local) Publish(_ context.Context, evs []Event) error {
	l.dispatch(evs)
	return nil
}

func (l *Local) dispatch(evs []Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range evs {
		for s := range l.subs[e.Topic] {
			select {
			case s.ch <- e:
			default: // the subscriber is far behind: drop rather than block
			}
		}
	}
}

// Subscribe implements Broker.
func (l *Local) Subscribe(t Topic) (<-chan Event, func()) {
	s := &subscriber{ch: make(chan Event, bufferSize)}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		close(s.ch)
		return s.ch, func() {}
	}
	if l.subs[t] == nil {
		l.subs[t] = map[*subscriber]struct{}{}
	}
	l.subs[t][s] = struct{}{}
	l.signal()
	l.mu.Unlock()
	return s.ch, func() {
		l.mu.Lock()
		delete(l.subs[t], s)
		if len(l.subs[t]) == 0 {
			delete(l.subs, t)
		}
		l.signal()
		l.mu.Unlock()
		s.once.Do(func() { close(s.ch) })
	}
}

// Close ends every subscription.
func (l *Local) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	for t, subs := range l.subs {
		for s := range subs {
			s.once.Do(func() { close(s.ch) })
		}
		delete(l.subs, t)
	}
	l.signal()
	return nil
}

// signal wakes WaitSubscribers (l.mu held).
func (l *Local) signal() {
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
}

// Subscribers returns how many subscriptions topic has now.
func (l *Local) Subscribers(t Topic) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.subs[t])
}

// WaitSubscribers blocks until topic has exactly n subscriptions, or ctx
// ends. Tests use it to know that a subscription has started (or ended)
// before they publish, instead of sleeping.
func (l *Local) WaitSubscribers(ctx context.Context, t Topic, n int) error {
	for {
		l.mu.Lock()
		got := len(l.subs[t])
		if got == n {
			l.mu.Unlock()
			return nil
		}
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		changed := l.changed
		l.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("events: %d subscriptions of %s %d, want %d: %w", got, t.Kind, t.ID, n, context.Cause(ctx))
		}
	}
}
