package server

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/auth"
	"github.com/coopnetwork/cockpit/internal/store"
)

// probeInterval is how often, while the database is known to be down, one
// request (or /readyz) probes it; every other request fails fast meanwhile.
const probeInterval = 500 * time.Millisecond

// dbHealth remembers whether the database was reachable. A failure seen by
// any request marks it down; from then on requests are answered 503 at once
// instead of each waiting for its own connection error, and at most one
// ping per probeInterval finds out whether it is back. Nothing runs in the
// background: a server with no traffic does not ping.
type dbHealth struct {
	db *store.DB

	mu      sync.Mutex
	down    bool
	checked time.Time
	probing bool
}

func newDBHealth(db *store.DB) *dbHealth { return &dbHealth{db: db} }

// failed records that a request could not reach the database.
func (h *dbHealth) failed() {
	h.mu.Lock()
	wasDown := h.down
	h.down, h.checked = true, time.Now()
	h.mu.Unlock()
	if !wasDown {
		// Pooled connections are most likely dead too.
		h.db.DropIdle()
	}
}

// confirmDown checks an error that looked like an unreachable database
// with a ping; only if that fails too is the database marked down.
func (h *dbHealth) confirmDown(ctx context.Context) bool {
	if !h.up() {
		return true
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	if h.db.Ping(pctx) == nil {
		return false
	}
	h.failed()
	return true
}

// ok reports whether requests may go to the database now.
func (h *dbHealth) ok(ctx context.Context) bool {
	h.mu.Lock()
	if !h.down {
		h.mu.Unlock()
		return true
	}
	if h.probing || time.Since(h.checked) < probeInterval {
		h.mu.Unlock()
		return false
	}
	h.probing = true
	h.mu.Unlock()
	return h.probe(ctx) == nil
}

// probe pings the database and records the answer.
func (h *dbHealth) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	err := h.db.Ping(ctx)
	h.mu.Lock()
	h.probing = false
	h.down, h.checked = err != nil, time.Now()
	h.mu.Unlock()
	return err
}

// up reports the last known state without probing.
func (h *dbHealth) up() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return !h.down
}

// failFast answers 503 INTERNAL at once while the database is down.
func (h *dbHealth) failFast(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions || h.ok(r.Context()) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Retry-After", auth.RetryAfter)
		writeResponse(w, mediaJSON, http.StatusServiceUnavailable, &requestErrorResponse{Errors: gqlerror.List{{
			Message: "the database is unavailable; retry shortly", Extensions: map[string]any{"code": string(apperr.Internal)},
		}}})
	})
}
