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

// SurplusPart holds the schema definition for the SurplusPart entity.
type SurplusPart struct{ ent.Schema }

// Fields of the SurplusPart.
func (SurplusPart) Fields() []ent.Field {
	return []ent.Field{
		field.Int("distribution_id").Immutable(),
		field.Int("person_id").Immutable(),
		field.Int64("minutes").NonNegative().Immutable().
			Comment("The basis: minutes the member worked for the coop that year."),
		field.Int64("amount_cents").NonNegative().Immutable().
			Annotations(moneyField()),
		field.String("currency").Optional().Immutable().
			Comment("The distribution's currency (copied, so a part reads as Money on its own).").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the SurplusPart.
func (SurplusPart) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("distribution", SurplusDistribution.Type).Comment("The distribution this part belongs to.").Ref("parts").Field("distribution_id").Unique().Required().Immutable(),
		edge.To("person", Person.Type).Comment("The member receiving the part.").Field("person_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SurplusPart.
func (SurplusPart) Indexes() []ent.Index {
	return []ent.Index{index.Fields("distribution_id", "person_id").Unique()}
}

// Hooks of the SurplusPart: immutable like its distribution.
func (SurplusPart) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Annotations of the SurplusPart.
func (SurplusPart) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One member's part of a surplus distribution."),
		entgql.RelayConnection(),
	}
}

// Policy of the SurplusPart: see internal/authz.
func (SurplusPart) Policy() ent.Policy { return authz.SurplusPartPolicy() }
