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

// MilestoneTemplate holds the schema definition for the MilestoneTemplate entity.
type MilestoneTemplate struct{ ent.Schema }

// Fields of the MilestoneTemplate.
func (MilestoneTemplate) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Immutable(),
		field.String("name").Comment("Short name of the milestone, e.g. \"First project\".").NotEmpty().MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.Text("description").Comment("What a candidate does to reach the milestone.").Optional().MaxLen(10000),
		field.Bool("required").Default(true).
			Comment("Whether admission needs this milestone verified."),
		field.Int("position").NonNegative().Default(0).
			Comment("Order in which milestones are shown.").
			Annotations(entgql.OrderField("POSITION")),
	}
}

// Edges of the MilestoneTemplate.
func (MilestoneTemplate) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("coop", Coop.Type).Comment("The coop whose pathway this milestone belongs to.").Ref("milestone_templates").Field("coop_id").Unique().Required().Immutable(),
		edge.To("progress", MilestoneProgress.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the MilestoneTemplate.
func (MilestoneTemplate) Indexes() []ent.Index {
	return []ent.Index{index.Fields("coop_id", "name").Unique()}
}

// Mixin of the MilestoneTemplate.
func (MilestoneTemplate) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}, ArchiveMixin{}} }

// Annotations of the MilestoneTemplate.
func (MilestoneTemplate) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A step of a coop's onboarding, e.g. \"worked on two projects\" or \"met every member\"."),
		entgql.RelayConnection(),
	}
}

// Policy of the MilestoneTemplate: see internal/authz.
func (MilestoneTemplate) Policy() ent.Policy { return authz.MilestoneTemplatePolicy() }
