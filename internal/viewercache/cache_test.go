package viewercache

import (
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

func TestCache(t *testing.T) {
	now := time.Unix(1000, 0)
	newCache := func(opts Options) *Cache {
		c := New(opts)
		c.now = func() time.Time { return now }
		return c
	}
	v := func(id int) *viewer.Viewer { return &viewer.Viewer{PersonID: id} }

	t.Run("served until the TTL ends", func(t *testing.T) {
		c := newCache(Options{TTL: time.Second})
		c.PutViewer(c.Stamp(), v(1))
		c.PutLogin(c.Stamp(), "sub", Login{PersonID: 1})
		if _, ok := c.Viewer(1); !ok {
			t.Fatal("viewer not served")
		}
		if l, ok := c.Login("sub"); !ok || l.PersonID != 1 {
			t.Fatalf("login: %+v, %v", l, ok)
		}
		now = now.Add(time.Second)
		if _, ok := c.Viewer(1); ok {
			t.Error("viewer served after its TTL")
		}
		if _, ok := c.Login("sub"); ok {
			t.Error("login served after its TTL")
		}
	})

	t.Run("a read stamped before a flush is not stored", func(t *testing.T) {
		c := newCache(Options{})
		s := c.Stamp()
		c.Flush() // a write committed while the facts were read
		c.PutViewer(s, v(1))
		if _, ok := c.Viewer(1); ok {
			t.Error("stale facts stored")
		}
		c.PutViewer(c.Stamp(), v(1))
		c.Flush()
		if _, ok := c.Viewer(1); ok {
			t.Error("served after a flush")
		}
	})

	t.Run("bounded", func(t *testing.T) {
		c := newCache(Options{MaxEntries: 3})
		for id := 1; id <= 10; id++ {
			c.PutViewer(c.Stamp(), v(id))
		}
		if n := len(c.viewers); n != 3 {
			t.Errorf("%d entries, want 3", n)
		}
		if _, ok := c.Viewer(10); !ok {
			t.Error("the last entry was not stored")
		}
	})

	t.Run("follows the delivery of invalidations", func(t *testing.T) {
		c := newCache(Options{})
		epoch, listening := uint64(0), true
		c.Follow(func() (uint64, bool) { return epoch, listening })
		c.PutViewer(c.Stamp(), v(1))
		listening = false // the LISTEN connection dropped
		if _, ok := c.Viewer(1); ok {
			t.Error("served while not listening")
		}
		c.PutViewer(c.Stamp(), v(2))
		epoch++ // reconnected: what was sent meanwhile is lost
		listening = true
		if _, ok := c.Viewer(1); ok {
			t.Error("an entry from before the reconnection served")
		}
		if _, ok := c.Viewer(2); ok {
			t.Error("an entry stored while not listening served")
		}
		s := c.Stamp()
		epoch++
		c.PutViewer(s, v(3))
		if _, ok := c.Viewer(3); ok {
			t.Error("a read stamped in an earlier epoch stored")
		}
	})

	t.Run("own notifications are ignored", func(t *testing.T) {
		c := newCache(Options{})
		c.PutViewer(c.Stamp(), v(1))
		c.Heard(events.Event{Topic: Topic, Object: c.ID()})
		if _, ok := c.Viewer(1); !ok {
			t.Error("flushed by its own notification")
		}
		c.Heard(events.Event{Topic: Topic, Object: c.ID() + 1})
		if _, ok := c.Viewer(1); ok {
			t.Error("not flushed by another replica's notification")
		}
	})

	t.Run("off", func(t *testing.T) {
		c := New(Options{TTL: -1})
		c.PutViewer(c.Stamp(), v(1))
		if _, ok := c.Viewer(1); ok || c != nil {
			t.Error("a disabled cache serves")
		}
	})
}
