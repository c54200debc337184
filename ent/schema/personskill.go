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
		edge.To("person", Person.Type).Comment("The person who has the skill.").Field("person_id").Unique().Required().Immutable(),
		edge.To("skill", Skill.Type).Comment("The skill.").Field("skill_id").Unique().Required().Immutable(),
		edge.To("endorsements", Endorsement.Type).Comment("Other participants vouching for this skill.").
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

// Policy of the PersonSkill: see internal/authz.
func (PersonSkill) Policy() ent.Policy { return authz.PersonSkillPolicy() }
