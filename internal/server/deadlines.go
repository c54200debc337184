package server

import (
	"context"
	"time"

	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/store"
)

// DefaultCloseInterval is how often `cockpit serve` looks for proposals
// whose deadline has passed (--close-interval).
const DefaultCloseInterval = 30 * time.Second

// RunDeadlines is the deadline worker: every interval it closes the OPEN
// proposals of db whose closesAt has passed (governance.CloseDue), as a
// member's close would, publishing to opts.Events and reading opts.Clock.
// Every replica may run it: each proposal is closed once. It sweeps once at
// start, returns when ctx ends (after the sweep in progress, which ctx
// cancels between proposals), and does nothing when interval is 0 or less.
func RunDeadlines(ctx context.Context, db *store.DB, interval time.Duration, opts Options) {
	if interval <= 0 {
		return
	}
	opts = opts.withDefaults()
	gov := &governance.Service{Env: opts.env()}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		// The audit log names what Cockpit does on its own behalf.
		if _, err := gov.CloseDue(audit.Operation(ctx, "closeProposalAtDeadline"), db.Client, opts.Logger); err != nil && ctx.Err() == nil {
			opts.Logger.ErrorContext(ctx, "deadlines: listing due proposals failed", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
