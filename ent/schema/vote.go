package schema

import (
	"github.com/coopnetwork/cockpit/internal/authz"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
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
		field.Int("voter_id").Optional().Nillable().
			Comment("The person who voted: a member for themself, a freelancer on a project, or the delegate casting a coop's vote; none when a COOP_VOTE decision cast the coop's vote."),
		field.Int("voter_coop_id").Optional().Nillable().Immutable().
			Comment("For network and project decisions: the coop whose one vote this is."),
		field.Int("decided_by_id").Optional().Nillable().
			Comment("The COOP_VOTE proposal whose outcome cast this coop vote."),
		field.Enum("choice").Values("YES", "NO", "ABSTAIN", "BLOCK", "STAND_ASIDE").
			Comment("BLOCK stops a CONSENSUS proposal (from the block threshold on) and is the objection of CONSENT; ABSTAIN and STAND_ASIDE count for the quorum (STAND_ASIDE as support under CONSENSUS when the bylaws say so)."),
		field.Text("reason").Comment("Why the voter chose so; expected with a BLOCK.").Optional().MaxLen(5000),
		field.Time("cast_at").Comment("When the vote was cast.").Default(time.Now).
			Annotations(entgql.OrderField("CAST_AT")),
	}
}

// Edges of the Vote.
func (Vote) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("proposal", Proposal.Type).Comment("The proposal voted on.").Ref("votes").Field("proposal_id").Unique().Required().Immutable(),
		edge.From("voter", Person.Type).Ref("votes").Field("voter_id").Unique(),
		edge.To("voter_coop", Coop.Type).Field("voter_coop_id").Unique().Immutable(),
		edge.To("decided_by", Proposal.Type).Field("decided_by_id").Unique(),
	}
}

// Indexes of the Vote.
func (Vote) Indexes() []ent.Index {
	return []ent.Index{
		// One vote per person, and one per coop, on a proposal.
		index.Fields("proposal_id", "voter_id").Unique().
			StorageKey("votes_one_per_person").
			Annotations(entsql.IndexWhere("(voter_coop_id IS NULL)")),
		index.Fields("proposal_id", "voter_coop_id").Unique().
			StorageKey("votes_one_per_coop").
			Annotations(entsql.IndexWhere("(voter_coop_id IS NOT NULL)")),
	}
}

// Annotations of the Vote.
func (Vote) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A vote on a proposal, by a person or (in network and project decisions) by a coop; changeable until the proposal closes."),
		entgql.RelayConnection(),
		checks("vote_has_voter", "voter_id IS NOT NULL OR voter_coop_id IS NOT NULL"),
	}
}

// Policy of the Vote: see internal/authz.
func (Vote) Policy() ent.Policy { return authz.VotePolicy() }
