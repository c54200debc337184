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
	"github.com/coopnetwork/cockpit/internal/bylaws"
)

// BylawsVersion holds the schema definition for the BylawsVersion entity:
// one state of a coop's or a network's bylaws, with the decision that set it
// (DESIGN.md, "Decisions": bylaws change only by decision, every version is
// kept). Version 1 is recorded when the coop or network is founded
// (internal/governance FoundingBylaws); every passed BYLAWS or
// NETWORK_BYLAWS proposal appends the next one in the transaction that
// closes it.
type BylawsVersion struct{ ent.Schema }

// Fields of the BylawsVersion.
func (BylawsVersion) Fields() []ent.Field {
	return []ent.Field{
		field.Int("coop_id").Optional().Nillable().Immutable().
			Comment("The coop whose bylaws these are (exactly one of coop and network)."),
		field.Int("network_id").Optional().Nillable().Immutable().
			Comment("The network whose bylaws these are (exactly one of coop and network)."),
		field.Int("version").Positive().Immutable().
			Comment("1 for the bylaws the coop or network was founded with, one more with every passed bylaws decision.").
			Annotations(entgql.OrderField("VERSION")),
		field.JSON("values", bylaws.Change{}).Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("The whole bylaws after this version, every field set (the text is in text)."),
		field.Text("text").Optional().MaxLen(200000).Immutable().
			Comment("The bylaws text of this version."),
		field.String("currency").Optional().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("For a coop: the currency its bylaws amounts (buy-in, budget threshold) are in."),
		field.Int("proposal_id").Optional().Nillable().Immutable().
			Comment("The BYLAWS or NETWORK_BYLAWS decision that set this version; none for the founding bylaws."),
		field.Time("decided_at").Default(time.Now).Immutable().
			Comment("When this version took effect: the founding, or the close of the decision that set it.").
			Annotations(entgql.OrderField("DECIDED_AT")),
	}
}

// Edges of the BylawsVersion.
func (BylawsVersion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("coop", Coop.Type).Field("coop_id").Unique().Immutable(),
		edge.To("network", Network.Type).Field("network_id").Unique().Immutable(),
		edge.To("proposal", Proposal.Type).Field("proposal_id").Unique().Immutable().
			Comment("The decision that set this version; none for the founding bylaws."),
	}
}

// Indexes of the BylawsVersion: one row per version of a coop's or a
// network's bylaws (a racing second apply of one decision fails here).
func (BylawsVersion) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("coop_id", "version").Unique(),
		index.Fields("network_id", "version").Unique(),
	}
}

// Hooks of the BylawsVersion: history is never edited or deleted.
func (BylawsVersion) Hooks() []ent.Hook { return []ent.Hook{appendOnlyHook} }

// Annotations of the BylawsVersion.
func (BylawsVersion) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One version of a coop's or a network's bylaws, with the decision that set it."),
		checks("bylaws_version_owner", "coop_id IS NULL AND network_id IS NOT NULL OR coop_id IS NOT NULL AND network_id IS NULL"),
		entgql.RelayConnection(),
	}
}

// Policy of the BylawsVersion: see internal/authz.
func (BylawsVersion) Policy() ent.Policy { return authz.BylawsVersionPolicy() }
