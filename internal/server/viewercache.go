package server

import (
	"context"

	"entgo.io/ent/dialect"

	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/viewer"
	"github.com/coopnetwork/cockpit/internal/viewercache"
)

// cachedViewer returns person's viewer facts from the replica's cache, or
// loads and caches them (authz.LoadViewer). The viewer returned is shared:
// mutations clone it (rereadViewerBetweenMutations).
func cachedViewer(ctx context.Context, db *store.DB, person int) (*viewer.Viewer, error) {
	if v, ok := db.Viewers.Viewer(person); ok {
		return v, nil
	}
	stamp := db.Viewers.Stamp()
	v, err := authz.LoadViewer(ctx, db.Client, person)
	if err != nil {
		return nil, err
	}
	db.Viewers.PutViewer(stamp, v)
	return v, nil
}

// followInvalidations connects the replica's cache to the other replicas:
// on PostgreSQL it is flushed by every viewercache.Topic notification the
// broker hears from another replica, and serves entries only while the broker listens (a broker
// that cannot tell, such as the in-process one, turns the cache off there:
// other replicas' writes would not reach it). On SQLite one process owns
// the database and its own writes flush the cache (viewercache.Hook).
func followInvalidations(db *store.DB, b events.Broker) {
	if db.Viewers == nil || db.Dialect != dialect.Postgres {
		return
	}
	c, ok := b.(events.Continuity)
	if !ok {
		db.Viewers.Follow(func() (uint64, bool) { return 0, false })
		return
	}
	ch, _ := b.Subscribe(viewercache.Topic) // ends when the broker closes
	db.Viewers.Follow(c.Continuity)
	go func() {
		for ev := range ch {
			db.Viewers.Heard(ev)
		}
	}()
}
