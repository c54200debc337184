package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/authz"
)

// Webhooks (issue 18, item 5; internal/webhook): the transactional outbox,
// the endpoints coops and networks register, and the deliveries of outbox
// events to them.

// webhookEventTypes are the event types of the outbox and of webhooks
// (GraphQL enum WebhookEventType).
var webhookEventTypes = []string{"PROPOSAL_OPENED", "PROPOSAL_CLOSED", "VOTE_CAST", "PATHWAY_CHANGED", "BUDGET_CHANGED", "TIME_LOGGED"}

// OutboxEvent is one event of the transactional outbox: written in the
// transaction of the change it announces (events.Publish), so an event
// exists exactly when its change committed. Its ID grows with every event.
// Pruned after the retention period. Not readable through the API: webhook
// deliveries and subscription replay read it on the receivers' behalf.
type OutboxEvent struct{ ent.Schema }

// Fields of the OutboxEvent.
func (OutboxEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("type").Values(webhookEventTypes...).Immutable().
			Comment("What happened."),
		field.String("change").Optional().MaxLen(50).Immutable().
			Comment("The live update's change name (e.g. SHARE_ADDED, OPENED)."),
		field.String("topic_kind").NotEmpty().MaxLen(50).Immutable().
			Comment("The subscription topic the event belongs to (internal/events Kind)."),
		field.Int("topic_id").Immutable().
			Comment("The topic's object: the coop, network, project or membership."),
		field.Int("object_id").Optional().Nillable().Immutable().
			Comment("The changed object (proposal, budget share, time entry), when not the topic itself."),
		field.Int("coop_id").Optional().Nillable().Immutable().
			Comment("The coop the event belongs to, if any."),
		field.Int("network_id").Optional().Nillable().Immutable().
			Comment("The network the event belongs to, if any."),
		field.Int("project_id").Optional().Nillable().Immutable().
			Comment("The project the event belongs to, if any."),
		field.Time("occurred_at").Default(time.Now).Immutable().
			Comment("When the change was made (domain time)."),
	}
}

// Indexes of the OutboxEvent.
func (OutboxEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("topic_kind", "topic_id"),
		index.Fields("occurred_at"),
	}
}

// Annotations of the OutboxEvent.
func (OutboxEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("An event of the transactional outbox, written with the change it announces."),
		entgql.Skip(entgql.SkipAll),
	}
}

// Policy of the OutboxEvent: see internal/authz webhooks.go.
func (OutboxEvent) Policy() ent.Policy { return authz.OutboxEventPolicy() }

// WebhookEndpoint is a URL a coop's members or a network's admins register
// to receive events of their coop or network.
type WebhookEndpoint struct{ ent.Schema }

// Fields of the WebhookEndpoint.
func (WebhookEndpoint) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Optional().Nillable().Immutable().
			Comment("The coop whose events the endpoint receives (null for a network's endpoint).").
			Annotations(entgql.Type("ID")),
		field.Int("network_id").Optional().Nillable().Immutable().
			Comment("The network whose decisions the endpoint receives (null for a coop's endpoint).").
			Annotations(entgql.Type("ID")),
		field.String("url").NotEmpty().MaxLen(2000).
			Comment("Where events are POSTed: an https URL (http only where the operator allows it) whose host is not a private, loopback or link-local address."),
		field.Strings("event_types").
			Comment("The event types sent to the endpoint.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("description").Optional().MaxLen(500).
			Comment("What the endpoint is for, in the registering members' words."),
		field.Bool("active").Default(true).
			Comment("Whether events are sent to the endpoint; an inactive endpoint gets no new deliveries."),
		field.String("secret").NotEmpty().Sensitive().MaxLen(200).
			Comment("The signing secret (shown once, on creation and rotation).").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("created_at").Default(time.Now).Immutable().
			Comment("When the endpoint was registered."),
		field.Int("created_by").Optional().Nillable().Immutable().
			Comment("The person who registered the endpoint.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("secret_rotated_at").Optional().Nillable().
			Comment("When the signing secret was last rotated; null if never."),
	}
}

// Edges of the WebhookEndpoint.
func (WebhookEndpoint) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("deliveries", WebhookDelivery.Type).
			Comment("The endpoint's deliveries, newest first by default.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the WebhookEndpoint.
func (WebhookEndpoint) Indexes() []ent.Index {
	return []ent.Index{index.Fields("coop_id"), index.Fields("network_id")}
}

// Annotations of the WebhookEndpoint.
func (WebhookEndpoint) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A URL registered by a coop's members or a network's admins to receive events by signed HTTPS POST."),
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
		checks("webhook_endpoint_has_one_owner", "coop_id IS NOT NULL AND network_id IS NULL OR coop_id IS NULL AND network_id IS NOT NULL"),
	}
}

// Policy of the WebhookEndpoint: see internal/authz webhooks.go.
func (WebhookEndpoint) Policy() ent.Policy { return authz.WebhookEndpointPolicy() }

// WebhookDelivery is one outbox event to be sent, or sent, to one endpoint.
type WebhookDelivery struct{ ent.Schema }

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("endpoint_id").Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("event_id").Immutable().
			Comment("The outbox event (its ID is the event ID the receiver sees).").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("event_type").Values(webhookEventTypes...).Immutable().
			Comment("The event's type.").
			Annotations(entgql.Type("WebhookEventType")),
		field.Time("occurred_at").Immutable().
			Comment("When the event's change was made."),
		field.Enum("state").Values("PENDING", "DELIVERED", "FAILED", "DEAD").Default("PENDING").
			Comment("PENDING: not tried yet; DELIVERED: the endpoint answered 2xx; FAILED: the last attempt failed and another follows at nextAttemptAt; DEAD: every attempt failed (redeliverWebhookDelivery sends it again)."),
		field.Int("attempts").Default(0).NonNegative().
			Comment("Attempts made so far."),
		field.Time("next_attempt_at").Optional().Nillable().
			Comment("When the next attempt is due (PENDING, FAILED); null once DELIVERED or DEAD."),
		field.Int("last_status").Optional().Nillable().
			Comment("The HTTP status of the last attempt; null if it got no answer."),
		field.String("last_error").Optional().Nillable().MaxLen(500).
			Comment("Why the last attempt failed (status, timeout, refused address), if it did."),
		field.Time("last_attempt_at").Optional().Nillable().
			Comment("When the last attempt was made."),
		field.Time("delivered_at").Optional().Nillable().
			Comment("When the endpoint last acknowledged the event."),
		field.Time("created_at").Default(time.Now).Immutable().
			Comment("When the delivery was created (with the event)."),
	}
}

// Edges of the WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("endpoint", WebhookEndpoint.Type).Ref("deliveries").Field("endpoint_id").Unique().Required().Immutable().
			Comment("The endpoint the event is sent to."),
	}
}

// Indexes of the WebhookDelivery.
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("endpoint_id", "event_id").Unique(),
		index.Fields("state", "next_attempt_at"),
		index.Fields("event_id"),
	}
}

// Annotations of the WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One event sent, or to be sent, to one webhook endpoint: its state, attempts and last outcome."),
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// Policy of the WebhookDelivery: see internal/authz webhooks.go.
func (WebhookDelivery) Policy() ent.Policy { return authz.WebhookDeliveryPolicy() }
