package schema

import (
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/talent"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// NetworkMembership is a Person's direct relation to a Network. Persons join
// a network before (or without) joining any coop; network admins are marked here.
// A Coop's membership in a network is the Network.coops edge.
type NetworkMembership struct{ ent.Schema }

// Fields of the NetworkMembership.
func (NetworkMembership) Fields() []ent.Field {
	return []ent.Field{
		field.Int("network_id").Immutable(),
		field.Int("person_id").Immutable(),
		field.Enum("role").Values("PARTICIPANT", "ADMIN").Default("PARTICIPANT").
			Comment("ADMIN manages the network, its groups and the skill taxonomy.").
			Annotations(entgql.OrderField("ROLE")),
		field.Time("joined_at").Default(time.Now).Immutable().
			Comment("When the person joined the network.").
			Annotations(entgql.OrderField("JOINED_AT")),
	}
}

// Edges of the NetworkMembership.
func (NetworkMembership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("network", Network.Type).Comment("The network.").Field("network_id").Unique().Required().Immutable(),
		edge.To("person", Person.Type).Comment("The participant.").Field("person_id").Unique().Required().Immutable(),
	}
}

// Indexes of the NetworkMembership.
func (NetworkMembership) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("network_id", "person_id").Unique(),
		// Every request loads the viewer's networks by person (internal/authz
		// LoadViewer): without it, a scan of all participations.
		index.Fields("person_id"),
	}
}

// Annotations of the NetworkMembership.
func (NetworkMembership) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A person's participation in a network, with their role there."),
		entgql.RelayConnection(),
	}
}

// Hooks of the NetworkMembership.
func (NetworkMembership) Hooks() []ent.Hook { return []ent.Hook{talent.NetworkParticipationHook()} }

// Policy of the NetworkMembership: see internal/authz.
func (NetworkMembership) Policy() ent.Policy { return authz.NetworkMembershipPolicy() }
