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

// MilestoneProgress holds the schema definition for the MilestoneProgress entity.
type MilestoneProgress struct{ ent.Schema }

// Fields of the MilestoneProgress.
func (MilestoneProgress) Fields() []ent.Field {
	return []ent.Field{
		field.Int("membership_id").Immutable(),
		field.Int("template_id").Immutable(),
		field.Time("completed_at").Optional().Nillable().
			Comment("When the person reported the milestone done."),
		field.Time("verified_at").Optional().Nillable().
			Comment("When a member other than the candidate verified it."),
		field.Int("verified_by_id").Optional().Nillable(),
		field.Text("note").Comment("Free text about the progress, by the candidate or the verifier.").Optional().MaxLen(5000),
		field.Int("pathway").Default(1).Positive().Immutable().
			Comment("The membership's pathway (Membership.pathway) this progress belongs to; only the current pathway's progress counts."),
	}
}

// Edges of the MilestoneProgress.
func (MilestoneProgress) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("membership", Membership.Type).Comment("The membership whose pathway this is.").Ref("milestones").Field("membership_id").Unique().Required().Immutable(),
		edge.From("template", MilestoneTemplate.Type).Comment("The milestone.").Ref("progress").Field("template_id").Unique().Required().Immutable(),
		edge.To("verified_by", Person.Type).Comment("The member who verified the milestone; none until verified.").Field("verified_by_id").Unique(),
	}
}

// Indexes of the MilestoneProgress.
func (MilestoneProgress) Indexes() []ent.Index {
	return []ent.Index{index.Fields("membership_id", "template_id", "pathway").Unique()}
}

// Mixin of the MilestoneProgress.
func (MilestoneProgress) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the MilestoneProgress.
func (MilestoneProgress) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person's progress on one milestone of their pathway."),
		entgql.RelayConnection(),
	}
}

// Policy of the MilestoneProgress: see internal/authz.
func (MilestoneProgress) Policy() ent.Policy { return authz.MilestoneProgressPolicy() }
