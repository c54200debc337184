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

// Consent is a person's acceptance of a text at a version (issue 16): a
// network's etiquette (its code of conduct) or their public profile. When
// the text changes, its version rises and the consent is asked again; a
// withdrawn consent is kept with the time it was withdrawn.
type Consent struct{ ent.Schema }

// Fields of the Consent.
func (Consent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("person_id").Immutable(),
		field.Enum("kind").Values("NETWORK_ETIQUETTE", "PUBLIC_PROFILE").Immutable().
			Comment("What was accepted: NETWORK_ETIQUETTE, a network's code of conduct; PUBLIC_PROFILE, showing the profile publicly."),
		field.Int("network_id").Optional().Nillable().Immutable().
			Comment("The network whose etiquette was accepted (NETWORK_ETIQUETTE)."),
		field.Int("version").Positive().Immutable().
			Comment("The version of the text accepted."),
		field.Time("accepted_at").Default(time.Now).Immutable().
			Comment("When it was accepted."),
		field.Time("withdrawn_at").Optional().Nillable().
			Comment("When it was withdrawn; null while it holds."),
	}
}

// Edges of the Consent.
func (Consent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("person", Person.Type).Comment("The person who accepted.").Ref("consents").Field("person_id").Unique().Required().Immutable(),
		edge.To("network", Network.Type).Field("network_id").Unique().Immutable(),
	}
}

// Indexes of the Consent.
func (Consent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("person_id", "kind", "network_id")}
}

// Annotations of the Consent.
func (Consent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person's acceptance of a network's etiquette or of a public profile, at a version of its text."),
		entgql.RelayConnection(),
	}
}

// Policy of the Consent: see internal/authz.
func (Consent) Policy() ent.Policy { return authz.ConsentPolicy() }
