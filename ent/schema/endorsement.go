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

// Endorsement holds the schema definition for the Endorsement entity.
type Endorsement struct{ ent.Schema }

// Fields of the Endorsement.
func (Endorsement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("person_skill_id").Immutable(),
		field.Int("endorser_id").Immutable(),
		field.Time("created_at").Immutable().Default(time.Now).
			Comment("When the endorsement was given.").
			Annotations(entgql.OrderField("CREATED_AT")),
	}
}

// Edges of the Endorsement.
func (Endorsement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("person_skill", PersonSkill.Type).Ref("endorsements").Field("person_skill_id").Unique().Required().Immutable().
			Comment("The endorsed skill of a person."),
		edge.From("endorser", Person.Type).Ref("endorsements_given").Field("endorser_id").Unique().Required().Immutable().
			Comment("The network participant who vouches for the skill."),
	}
}

// Indexes of the Endorsement: one endorsement per endorser and person skill.
func (Endorsement) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("person_skill_id", "endorser_id").Unique(),
		index.Fields("endorser_id"),
	}
}

// Annotations of the Endorsement.
func (Endorsement) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("Another participant of the network vouches for a person's skill (never their own, once per endorser)."),
		entgql.RelayConnection(),
	}
}

// Policy of the Endorsement: see internal/authz.
func (Endorsement) Policy() ent.Policy { return authz.EndorsementPolicy() }
