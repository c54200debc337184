package graph

import "github.com/coopnetwork/cockpit/internal/webhook"

// webhooks is the webhook operations' service (internal/webhook).
func (r *Resolver) webhooks() *webhook.Service { return &webhook.Service{Env: r.env} }
