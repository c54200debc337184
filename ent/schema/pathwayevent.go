package schema

import (
	"github.com/coopnetwork/cockpit/internal/authz"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// PathwayEvent holds the schema definition for the PathwayEvent entity.
type PathwayEvent struct{ ent.Schema }

// Fields of the PathwayEvent.
func (PathwayEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("membership_id").Immutable(),
		field.Enum("from_state").Values(PathwayStates...).Optional().Nillable().Immutable().
			Comment("State before the change; empty for the event that created the membership."),
		field.Enum("to_state").Values(PathwayStates...).Immutable().
			Comment("State after the change."),
		field.Time("at").Default(time.Now).Immutable().
			Comment("When the change happened.").
			Annotations(entgql.OrderField("AT")),
		field.Int("actor_id").Optional().Nillable().Immutable().
			Comment("Who made the change."),
		field.Text("reason").Optional().MaxLen(5000).Immutable().
			Comment("Why the change was made."),
		field.Int("proposal_id").Optional().Nillable().Immutable().
			Comment("The decision that caused the change, if any."),
	}
}

// Edges of the PathwayEvent.
func (PathwayEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("membership", Membership.Type).Comment("The membership whose state changed.").Ref("events").Field("membership_id").Unique().Required().Immutable(),
		edge.To("actor", Person.Type).Field("actor_id").Unique().Immutable(),
		edge.To("proposal", Proposal.Type).Field("proposal_id").Unique().Immutable(),
	}
}

// Indexes of the PathwayEvent.
func (PathwayEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("membership_id", "at")}
}

// Hooks of the PathwayEvent: history is never edited or deleted.
func (PathwayEvent) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Annotations of the PathwayEvent.
func (PathwayEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One state change of a membership: from, to, when, who, why and the decision behind it."),
		entgql.RelayConnection(),
	}
}

// Policy of the PathwayEvent: see internal/authz.
func (PathwayEvent) Policy() ent.Policy { return authz.PathwayEventPolicy() }
