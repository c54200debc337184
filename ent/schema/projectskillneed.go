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

// ProjectSkillNeed holds the schema definition for the ProjectSkillNeed entity.
type ProjectSkillNeed struct{ ent.Schema }

// Fields of the ProjectSkillNeed.
func (ProjectSkillNeed) Fields() []ent.Field {
	return []ent.Field{
		field.Int("project_id").Immutable(),
		field.Int("skill_id").Immutable(),
		field.Int("min_level").Range(1, 5).Default(3).
			Comment("Lowest acceptable level."),
		field.Int("hours_per_week").Range(1, 168).Default(20).
			Comment("Hours per week the project needs of this skill."),
		field.Int("headcount").Range(1, 100).Default(1).
			Comment("How many people with this skill the project needs."),
		field.Time("starts_on").Optional().Nillable().
			Comment("First day the skill is needed; null: from the project's start."),
		field.Time("ends_on").Optional().Nillable().
			Comment("Last day the skill is needed; null: until the project's end."),
	}
}

// Edges of the ProjectSkillNeed.
func (ProjectSkillNeed) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", Project.Type).Comment("The project with the need.").Ref("skill_needs").Field("project_id").Unique().Required().Immutable(),
		edge.From("skill", Skill.Type).Comment("The skill needed.").Ref("project_needs").Field("skill_id").Unique().Required().Immutable(),
	}
}

// Indexes of the ProjectSkillNeed.
func (ProjectSkillNeed) Indexes() []ent.Index {
	return []ent.Index{index.Fields("project_id", "skill_id").Unique()}
}

// Annotations of the ProjectSkillNeed.
func (ProjectSkillNeed) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A skill a project needs, at a minimum level and for some hours per week."),
		checks("need_level_range", "min_level BETWEEN 1 AND 5", "need_hours_range", "hours_per_week BETWEEN 1 AND 168"),
		entgql.RelayConnection(),
	}
}

// Policy of the ProjectSkillNeed: see internal/authz.
func (ProjectSkillNeed) Policy() ent.Policy { return authz.ProjectSkillNeedPolicy() }
