package schema

import (
	"github.com/coopnetwork/cockpit/internal/authz"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Vote holds the schema definition for the Vote entity.
type Vote struct{ ent.Schema }

// Fields of the Vote.
func (Vote) Fields() []ent.Field {
	return []ent.Field{
		field.Int("proposal_id").Immutable(),
		field.Int("voter_id").Immutable(),
		field.Enum("choice").Values("YES", "NO", "ABSTAIN", "BLOCK").
			Comment("BLOCK stops a CONSENSUS proposal; ABSTAIN counts for the quorum only."),
		field.Text("reason").Optional().MaxLen(5000),
		field.Time("cast_at").Default(time.Now).
			Annotations(entgql.OrderField("CAST_AT")),
	}
}

// Edges of the Vote.
func (Vote) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("proposal", Proposal.Type).Ref("votes").Field("proposal_id").Unique().Required().Immutable(),
		edge.From("voter", Person.Type).Ref("votes").Field("voter_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Vote.
func (Vote) Indexes() []ent.Index {
	return []ent.Index{index.Fields("proposal_id", "voter_id").Unique()}
}

// Annotations of the Vote.
func (Vote) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A member's vote on a proposal; changeable until the proposal closes."),
		entgql.RelayConnection(),
	}
}

// Policy of the Vote: see internal/authz.
func (Vote) Policy() ent.Policy { return authz.VotePolicy() }
