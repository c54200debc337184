package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/coopnetwork/cockpit/internal/authz"
)

// NetworkCoop is the edge schema of Network.coops: a coop's membership in a
// network. It is the join table network_coops that ent used to generate for
// the edge (same table, same composite primary key, same foreign keys), made
// an edge schema only so that it can have an index of its own on coop_id
// (issue 19): every request's viewer statement (internal/authz LoadViewer)
// looks up a person's coops' networks by coop_id. It is not a GraphQL type
// and has no writes of its own: coops join and leave networks through the
// Network's coops edge (internal/governance).
type NetworkCoop struct{ ent.Schema }

// Fields of the NetworkCoop.
func (NetworkCoop) Fields() []ent.Field {
	return []ent.Field{
		field.Int("network_id").Immutable(),
		field.Int("coop_id").Immutable(),
	}
}

// Edges of the NetworkCoop.
func (NetworkCoop) Edges() []ent.Edge {
	return []ent.Edge{
		// The symbols and ON DELETE CASCADE of the former join table, so the
		// migration only adds the index.
		edge.To("network", Network.Type).Field("network_id").Unique().Required().Immutable().
			StorageKey(edge.Symbol("network_coops_network_id")).
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Required().Immutable().
			StorageKey(edge.Symbol("network_coops_coop_id")).
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the NetworkCoop.
func (NetworkCoop) Indexes() []ent.Index {
	return []ent.Index{
		// The primary key (network_id, coop_id) serves lookups by network;
		// this one serves those by coop.
		index.Fields("coop_id"),
	}
}

// Annotations of the NetworkCoop.
func (NetworkCoop) Annotations() []schema.Annotation {
	return []schema.Annotation{
		field.ID("network_id", "coop_id"),
		entsql.Table("network_coops"),
		entgql.Skip(entgql.SkipAll),
		schema.Comment("A coop's membership in a network (the Network.coops edge)."),
	}
}

// Policy of the NetworkCoop: see internal/authz.
func (NetworkCoop) Policy() ent.Policy { return authz.NetworkCoopPolicy() }
