package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	entsql "entgo.io/ent/dialect/entsql"
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
		field.Text("description").Optional().MaxLen(5000),
		field.Int("parent_id").Optional().Nillable().
			Comment("Broader skill this one belongs under, e.g. PostgreSQL under Databases."),
	}
}

// Edges of the Skill.
func (Skill) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("network", Network.Type).Ref("skills").Field("network_id").Unique().Required().Immutable(),
		// The tree changes only through a child's parentID, so one rule
		// (same network, no cycle) covers every change of it.
		edge.To("children", Skill.Type).
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
func (Skill) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the Skill.
func (Skill) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A node of the network's skill taxonomy."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// PersonSkill holds the schema definition for the PersonSkill edge schema.
type PersonSkill struct{ ent.Schema }

// Fields of the PersonSkill.
func (PersonSkill) Fields() []ent.Field {
	return []ent.Field{
		field.Int("person_id").Immutable().Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.Int("skill_id").Immutable().Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.Int("level").Range(1, 5).
			Comment("Self-assessed level: 1 beginner ... 5 expert.").
			Annotations(entgql.OrderField("LEVEL")),
		field.Int("years").Range(0, 80).Default(0).
			Comment("Years of practice.").
			Annotations(entgql.OrderField("YEARS")),
		field.Bool("wants_to_learn").Default(false).
			Comment("The person wants to learn or deepen this skill (mentoring)."),
		field.Time("last_used").Optional().Nillable().
			Comment("When the person last used the skill in a project."),
		field.Int("endorsement_count").NonNegative().Default(0).
			Comment("How many other participants endorse this skill; kept by endorseSkill and withdrawEndorsement.").
			Annotations(entgql.OrderField("ENDORSEMENT_COUNT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Bool("in_network").Default(false).
			Comment("The person takes part in the skill's network (directly or through a current coop membership), so talent search may find this skill. Kept by the participation hooks (internal/talent), never set by clients.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the PersonSkill.
func (PersonSkill) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("person", Person.Type).Field("person_id").Unique().Required().Immutable(),
		edge.To("skill", Skill.Type).Field("skill_id").Unique().Required().Immutable(),
		edge.To("endorsements", Endorsement.Type).
			Comment("Who vouches for this skill.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the PersonSkill.
func (PersonSkill) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("person_id", "skill_id").Unique(),
		index.Fields("skill_id"),
		// Talent search reads (skill, level) ranges of findable skills and
		// needs only these columns: on PostgreSQL an index-only scan that
		// skips the skills of persons outside the network without probing
		// their participation.
		index.Fields("skill_id", "level", "person_id", "endorsement_count", "wants_to_learn").
			Annotations(entsql.IndexWhere("in_network")).StorageKey("personskill_talent_search"),
	}
}

// Hooks of the PersonSkill.
func (PersonSkill) Hooks() []ent.Hook { return []ent.Hook{talent.PersonSkillParticipationHook()} }

// Mixin of the PersonSkill.
func (PersonSkill) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the PersonSkill.
func (PersonSkill) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person's skill: level 1-5, years of practice and whether they want to learn it."),
		checks("person_skill_level_range", "level BETWEEN 1 AND 5", "person_skill_years_non_negative", "years >= 0",
			"person_skill_endorsements_non_negative", "endorsement_count >= 0"),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

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
		field.String("note").Optional().MaxLen(1000),
	}
}

// Edges of the Availability.
func (Availability) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("person", Person.Type).Ref("availabilities").Field("person_id").Unique().Required().Immutable(),
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
func (Availability) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

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

// Policy of the Skill: see internal/authz.
func (Skill) Policy() ent.Policy { return authz.SkillPolicy() }

// Policy of the PersonSkill: see internal/authz.
func (PersonSkill) Policy() ent.Policy { return authz.PersonSkillPolicy() }

// Policy of the Availability: see internal/authz.
func (Availability) Policy() ent.Policy { return authz.AvailabilityPolicy() }
