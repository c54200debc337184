package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/coopnetwork/cockpit/internal/authz"
)

// Availability holds the schema definition for the Availability entity.
type Availability struct{ ent.Schema }

// Fields of the Availability.
func (Availability) Fields() []ent.Field {
	return []ent.Field{
		field.Int("person_id").Immutable().Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.Int("hours_per_week").Range(1, 168).
			Comment("Hours per week the person offers in this period.").
			Annotations(entgql.OrderField("HOURS_PER_WEEK")),
		field.Time("available_from").
			Comment("First day of the period.").
			Annotations(entgql.OrderField("AVAILABLE_FROM")),
		field.Time("available_until").Optional().Nillable().
			Comment("Last day of the period; open-ended when empty."),
		field.String("note").Comment("Free text about the offer, e.g. which days or what kind of work.").Optional().MaxLen(1000),
	}
}

// Edges of the Availability.
func (Availability) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("person", Person.Type).Comment("The person offering the hours.").Ref("availabilities").Field("person_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Availability.
func (Availability) Indexes() []ent.Index {
	return []ent.Index{index.Fields("person_id", "available_from")}
}

// Hooks of the Availability.
func (Availability) Hooks() []ent.Hook {
	return []ent.Hook{periodHook("available_from", "available_until")}
}

// Mixin of the Availability.
func (Availability) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}, ArchiveMixin{}} }

// Annotations of the Availability.
func (Availability) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Hours per week a person offers between two dates."),
		checks(
			"availability_hours_range", "hours_per_week BETWEEN 1 AND 168",
			"availability_period_ordered", "available_until IS NULL OR available_until >= available_from",
		),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Availability: see internal/authz.
func (Availability) Policy() ent.Policy { return authz.AvailabilityPolicy() }
