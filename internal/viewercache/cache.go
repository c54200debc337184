// Package viewercache keeps, per replica, what every request of a token
// would otherwise read again: the token's person (subject -> person ID) and
// the viewer's facts (internal/authz LoadViewer). After the first request of
// a token, a request costs no statement for them.
//
// Entries live a short time (DefaultTTL) and are dropped at once, all of
// them, whenever a write changes what they derive from (Hook): on this
// replica synchronously when the transaction commits, on every other
// replica through PostgreSQL's NOTIFY, sent in the writing transaction (so
// it is delivered exactly when it commits, by whatever process wrote,
// `cockpit` commands included). A replica that may have missed
// notifications (its LISTEN connection is down or was re-established)
// serves nothing from the cache until it listens again, and drops what it
// had (Follow).
//
// A cached *viewer.Viewer is shared by concurrent requests: it must never be
// changed in place. Mutations, which do change their viewer (a founder
// joins the coop they created), work on their own copy (viewer.Clone, see
// internal/server).
package viewercache

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Defaults of Options.
const (
	DefaultTTL        = 30 * time.Second
	DefaultMaxEntries = 10000
)

// Options tune a Cache. Zero values take the defaults.
type Options struct {
	// TTL is how long an entry is served (default 30 s); negative turns
	// the cache off.
	TTL time.Duration
	// MaxEntries bounds each of the two maps (default 10,000); at the
	// bound an arbitrary entry makes room.
	MaxEntries int
}

// Login is what the cache remembers of a known, not erased person's login.
type Login struct {
	PersonID int
	// PendingEmail is the person's e-mail awaiting confirmation (""
	// none): a login verifying it must take the uncached path, which
	// confirms it.
	PendingEmail string
}

// Cache is one replica's cache. A nil *Cache caches nothing.
type Cache struct {
	// id tells this cache's own notifications from other replicas': it
	// flushed itself when the transaction committed.
	id  int
	ttl time.Duration
	max int
	now func() time.Time

	mu      sync.Mutex
	version uint64 // bumped by every Flush
	logins  map[string]entry[Login]
	viewers map[int]entry[*viewer.Viewer]
	// follow reports the delivery of other replicas' invalidations: its
	// epoch changes whenever notifications may have been missed, and
	// listening is false while none can arrive. nil: always delivered.
	follow func() (epoch uint64, listening bool)
	epoch  uint64
}

type entry[T any] struct {
	v       T
	expires time.Time
}

// New returns an empty cache, or nil when opts.TTL is negative.
func New(opts Options) *Cache {
	if opts.TTL < 0 {
		return nil
	}
	if opts.TTL == 0 {
		opts.TTL = DefaultTTL
	}
	if opts.MaxEntries <= 0 {
		opts.MaxEntries = DefaultMaxEntries
	}
	return &Cache{id: 1 + rand.IntN(1<<62), ttl: opts.TTL, max: opts.MaxEntries, now: time.Now,
		logins: map[string]entry[Login]{}, viewers: map[int]entry[*viewer.Viewer]{}}
}

// ID identifies the cache in its notifications (0 for nil).
func (c *Cache) ID() int {
	if c == nil {
		return 0
	}
	return c.id
}

// Heard handles a notification of Topic: one sent by another replica (or a
// process without a cache) flushes the cache; this cache's own, which come
// back through PostgreSQL too, are ignored (it was flushed at the commit).
func (c *Cache) Heard(e events.Event) {
	if c != nil && e.Object != c.id {
		c.Flush()
	}
}

// Follow makes the cache serve entries only while f reports listening, and
// drop them all whenever f's epoch changes (see events.Continuity).
func (c *Cache) Follow(f func() (epoch uint64, listening bool)) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.follow = f
	c.flushLocked()
	if f != nil {
		c.epoch, _ = f()
	}
}

// Stamp is the cache's state before a read from the database: Put stores
// what was read only if nothing was invalidated since (an invalidation
// racing the read would otherwise be lost).
type Stamp struct {
	version, epoch uint64
	ok             bool
}

// Stamp returns the stamp to read under.
func (c *Cache) Stamp() Stamp {
	if c == nil {
		return Stamp{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.usableLocked() {
		return Stamp{}
	}
	return Stamp{version: c.version, epoch: c.epoch, ok: true}
}

// usableLocked checks the delivery of invalidations (c.mu held): false
// while it is down; a new epoch drops everything.
func (c *Cache) usableLocked() bool {
	if c.follow == nil {
		return true
	}
	epoch, listening := c.follow()
	if epoch != c.epoch {
		c.flushLocked()
		c.epoch = epoch
	}
	return listening
}

// Flush drops every entry; reads stamped before it are not stored.
func (c *Cache) Flush() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
}

func (c *Cache) flushLocked() {
	c.version++
	clear(c.logins)
	clear(c.viewers)
}

// Version counts the flushes so far (tests wait on it).
func (c *Cache) Version() uint64 {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.version
}

// Login returns the cached login of subject.
func (c *Cache) Login(subject string) (Login, bool) {
	if c == nil {
		return Login{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return get(c, c.logins, subject)
}

// PutLogin caches subject's login read under s.
func (c *Cache) PutLogin(s Stamp, subject string, l Login) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	put(c, s, c.logins, subject, l)
}

// Viewer returns the cached facts of person. The viewer is shared: never
// change it.
func (c *Cache) Viewer(person int) (*viewer.Viewer, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return get(c, c.viewers, person)
}

// PutViewer caches v, read under s.
func (c *Cache) PutViewer(s Stamp, v *viewer.Viewer) {
	if c == nil || !v.Authenticated() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	put(c, s, c.viewers, v.PersonID, v)
}

func get[K comparable, V any](c *Cache, m map[K]entry[V], k K) (V, bool) {
	var zero V
	if !c.usableLocked() {
		return zero, false
	}
	e, ok := m[k]
	if !ok {
		return zero, false
	}
	if !c.now().Before(e.expires) {
		delete(m, k)
		return zero, false
	}
	return e.v, true
}

func put[K comparable, V any](c *Cache, s Stamp, m map[K]entry[V], k K, v V) {
	if !s.ok || !c.usableLocked() || s.version != c.version || s.epoch != c.epoch {
		return
	}
	if _, ok := m[k]; !ok && len(m) >= c.max {
		for old := range m { // an arbitrary entry makes room
			delete(m, old)
			break
		}
	}
	m[k] = entry[V]{v: v, expires: c.now().Add(c.ttl)}
}
