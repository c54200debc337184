package authz

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/ent/webhookdelivery"
	"github.com/coopnetwork/cockpit/ent/webhookendpoint"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Webhooks and the transactional outbox (issue 18, item 5;
// internal/webhook).
var (
	// ManageWebhooks: registering, changing, rotating the secret of and
	// deleting webhook endpoints, and redelivering their events.
	ManageWebhooks = rule("ManageWebhooks", "current members (MEMBER, not paused) of a coop register, change, rotate the secret of and delete its webhook endpoints and redeliver their events; admins of a network do so for the network's endpoints")
	// RecordOutbox: the outbox writer (events.Publish through
	// internal/webhook), in the transaction of the change.
	RecordOutbox = rule("RecordOutbox", "every published event of a change is written to the outbox, with a delivery for each active endpoint whose owner may read it and wants its type, in the transaction of the change; nobody writes the outbox directly")
	// DeliverWebhooks: the dispatcher's record of its attempts.
	DeliverWebhooks = rule("DeliverWebhooks", "Cockpit's dispatcher records each delivery attempt's outcome (delivered, retrying, dead)")
	// PruneOutbox: the retention sweep.
	PruneOutbox = rule("PruneOutbox", "Cockpit deletes outbox events and their deliveries older than the retention period")
)

// CanManageWebhooks (ManageWebhooks): current members of the coop, or
// admins of the network, that owns the endpoint (exactly one is set).
func CanManageWebhooks(v *viewer.Viewer, coop, network *int) error {
	switch {
	case coop != nil:
		return allowedIf(v.IsActiveMember(*coop), "only current members of the coop manage its webhooks")
	case network != nil:
		return allowedIf(v.IsAdmin(*network), "only admins of the network manage its webhooks")
	}
	return allowedIf(false, "a webhook endpoint belongs to a coop or a network")
}

// WebhookEndpointReadable: endpoints of the coops where the viewer is a
// current member and of the networks the viewer administers: those who
// manage them.
func WebhookEndpointReadable(v *viewer.Viewer) predicate.WebhookEndpoint {
	if !v.Authenticated() {
		return nothing[predicate.WebhookEndpoint]()
	}
	var coops []int
	for id := range v.Memberships {
		if v.IsActiveMember(id) {
			coops = append(coops, id)
		}
	}
	return webhookendpoint.Or(webhookendpoint.CoopIDIn(coops...), webhookendpoint.NetworkIDIn(v.AdminNetworkIDs()...))
}

// onlyUnder allows the writes of the listed operations under the listed
// rules, and refuses every other.
func onlyUnder(what string, allowed map[ent.Op][]*Rule) privacy.MutationPolicy {
	return privacy.MutationPolicy{privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		r := RuleOf(ctx)
		for op, rules := range allowed {
			if !m.Op().Is(op) {
				continue
			}
			for _, a := range rules {
				if r == a {
					return privacy.Allow
				}
			}
		}
		return forbidden("%s", what)
	})}
}

// OutboxEventPolicy: nobody reads the outbox through the API (deliveries
// and subscription replay read it under SystemRead, for receivers who may
// read each event); it is written only by the outbox writer and pruned only
// by the retention sweep.
func OutboxEventPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.OutboxEventQueryRuleFunc(func(ctx context.Context, q *ent.OutboxEventQuery) error {
			if IsSystem(ctx) {
				return privacy.Allow
			}
			return privacy.Deny
		})},
		Mutation: onlyUnder(RecordOutbox.Allows, map[ent.Op][]*Rule{
			ent.OpCreate: {RecordOutbox},
			ent.OpDelete: {PruneOutbox},
		}),
	}
}

// WebhookEndpointPolicy: read by those who manage them; written only by
// the webhook operations (ManageWebhooks).
func WebhookEndpointPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.WebhookEndpointQueryRuleFunc(filter[*ent.WebhookEndpointQuery](WebhookEndpointReadable))},
		Mutation: onlyUnder(ManageWebhooks.Allows, map[ent.Op][]*Rule{
			ent.OpCreate | ent.OpUpdateOne | ent.OpDeleteOne: {ManageWebhooks},
		}),
	}
}

// WebhookDeliveryPolicy: with its endpoint; created by the outbox writer
// (and a redelivery), updated by the dispatcher and a redelivery, deleted
// with its endpoint or by the retention sweep.
func WebhookDeliveryPolicy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.WebhookDeliveryQueryRuleFunc(filter[*ent.WebhookDeliveryQuery](func(v *viewer.Viewer) predicate.WebhookDelivery {
			return webhookdelivery.HasEndpointWith(WebhookEndpointReadable(v))
		}))},
		Mutation: onlyUnder(DeliverWebhooks.Allows, map[ent.Op][]*Rule{
			ent.OpCreate:                   {RecordOutbox},
			ent.OpUpdate | ent.OpUpdateOne: {DeliverWebhooks, ManageWebhooks},
			ent.OpDelete:                   {ManageWebhooks, PruneOutbox},
		}),
	}
}
