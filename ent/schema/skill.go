package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/talent"
)

// Skill holds the schema definition for the Skill entity.
type Skill struct{ ent.Schema }

// Fields of the Skill.
func (Skill) Fields() []ent.Field {
	return []ent.Field{
		field.Int("network_id").Immutable().Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.String("name").NotEmpty().MaxLen(100).
			Comment("Canonical name, e.g. \"Kubernetes\".").
			Annotations(entgql.OrderField("NAME")),
		field.String("slug").Default("").Validate(validateSlug).
			Comment("Lower-case identifier, unique within the network, so names are unique regardless of case; derived from the name when omitted.").
			Annotations(entgql.OrderField("SLUG")),
		field.String("competence_area").NotEmpty().MaxLen(100).
			Comment("Competence area the skill belongs to, e.g. \"Infrastructure\".").
			Annotations(entgql.OrderField("COMPETENCE_AREA")),
		field.Strings("aliases").Optional().
			Comment("Other names that find this skill, e.g. \"k8s\"."),
		field.Text("description").Comment("What the skill covers.").Optional().MaxLen(5000),
		field.Int("parent_id").Optional().Nillable().
			Comment("Broader skill this one belongs under, e.g. PostgreSQL under Databases."),
	}
}

// Edges of the Skill.
func (Skill) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("network", Network.Type).Comment("The network whose taxonomy holds the skill.").Ref("skills").Field("network_id").Unique().Required().Immutable(),
		// The tree changes only through a child's parentID, so one rule
		// (same network, no cycle) covers every change of it.
		edge.To("children", Skill.Type).Comment("Narrower skills below this one in the taxonomy.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)).
			From("parent").Field("parent_id").Unique(),
		edge.From("people", Person.Type).Ref("skills").
			Through("person_skills", PersonSkill.Type).
			Comment("Persons with this skill; levels are on personSkills.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("project_needs", ProjectSkillNeed.Type).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Skill.
func (Skill) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("network_id", "slug").Unique(),
		index.Fields("network_id", "competence_area"),
	}
}

// Hooks of the Skill.
func (Skill) Hooks() []ent.Hook {
	return []ent.Hook{slugFromNameHook, talent.SkillNamesHook(), talent.TaxonomyVersionHook()}
}

// Mixin of the Skill.
func (Skill) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}, ArchiveMixin{}} }

// Annotations of the Skill.
func (Skill) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A node of the network's skill taxonomy."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Skill: see internal/authz.
func (Skill) Policy() ent.Policy { return authz.SkillPolicy() }
