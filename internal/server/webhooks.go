package server

import (
	"context"

	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/webhook"
)

// RunWebhooks is the webhook dispatcher (internal/webhook): it sends due
// deliveries of db, woken when this process commits events and polling for
// retries (and those other replicas committed), until ctx ends. Every
// replica may run it: each delivery is claimed by one.
func RunWebhooks(ctx context.Context, db *store.DB, opts Options) {
	opts = opts.withDefaults()
	w := opts.Webhooks
	if w.Clock == nil {
		w.Clock = opts.Clock
	}
	if w.Logger == nil {
		w.Logger = opts.Logger
	}
	webhook.NewDispatcher(db.Client, w).Run(ctx)
}
