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

// CoopTimeEntry is non-billable time a member worked for their coop (issue
// 17): internal work, care work, pro-bono work, logged against the coop
// rather than a project share. It counts for the surplus when the coop's
// bylaws count all work (surplusBasis ALL_WORK).
type CoopTimeEntry struct{ ent.Schema }

// Fields of the CoopTimeEntry.
func (CoopTimeEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable(),
		field.Int("person_id").Immutable(),
		field.Enum("kind").Values("INTERNAL", "CARE", "PRO_BONO").
			Comment("INTERNAL: work for the coop itself; CARE: care work; PRO_BONO: unpaid work for others."),
		field.Time("date").
			Comment("Day the work was done (UTC midnight).").
			Annotations(entgql.OrderField("DATE")),
		field.Int("minutes").Range(1, 24*60).
			Comment("Time worked that day, in minutes (at most 24 h).").
			Annotations(entgql.OrderField("MINUTES")),
		field.String("note").Comment("What the time was spent on.").Optional().MaxLen(2000),
	}
}

// Edges of the CoopTimeEntry.
func (CoopTimeEntry) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Comment("The coop the work was for.").Field("coop_id").Unique().Required().Immutable(),
		edge.To("person", Person.Type).Comment("The member who worked.").Field("person_id").Unique().Required().Immutable(),
	}
}

// Indexes of the CoopTimeEntry.
func (CoopTimeEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("coop_id", "date"), index.Fields("person_id", "date")}
}

// Mixin of the CoopTimeEntry.
func (CoopTimeEntry) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the CoopTimeEntry.
func (CoopTimeEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Non-billable time a member worked for their coop."),
		checks("coop_time_minutes_range", "minutes BETWEEN 1 AND 1440"),
		entgql.RelayConnection(),
	}
}

// Policy of the CoopTimeEntry: see internal/authz.
func (CoopTimeEntry) Policy() ent.Policy { return authz.CoopTimeEntryPolicy() }
