package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/validate"
)

// ProposalComment is one contribution to the discussion of a proposal
// (DESIGN.md, "Comment"): readable by exactly those who may read the
// proposal, written only by commentOnProposal and editProposalComment
// (internal/governance comments.go) while the proposal is open, never
// deleted. A reply answers a top-level comment of the same proposal;
// replies are one level deep.
type ProposalComment struct{ ent.Schema }

// Fields of the ProposalComment.
func (ProposalComment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("proposal_id").Immutable().
			Comment("The proposal discussed."),
		field.Int("author_id").Optional().Nillable().Immutable().
			Comment("Who wrote the comment; always set (the check proposal_comment_has_author). See author for the person."),
		field.Int("parent_id").Optional().Nillable().Immutable().
			Comment("For a reply: the top-level comment it answers; null for a top-level comment."),
		field.Text("body").Validate(validate.CommentBody).
			Comment("The text, trimmed; 1 to 20,000 characters."),
		field.Time("edited_at").Optional().Nillable().
			Comment("When the author last changed the body; null when never edited."),
	}
}

// Edges of the ProposalComment. They point away from the comment (and to
// its replies), so the proposal and person schemas stay untouched; a
// proposal's top-level comments are Proposal.comments (graph/schema/comments.graphql).
func (ProposalComment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("proposal", Proposal.Type).Field("proposal_id").Unique().Required().Immutable().
			Comment("The proposal discussed."),
		edge.To("author", Person.Type).Field("author_id").Unique().Immutable().
			Comment("The author, when you may read them (a former member may no longer be readable to everyone who reads the proposal)."),
		edge.To("replies", ProposalComment.Type).Comment("Replies to this comment.").
			Comment("Replies to this top-level comment, oldest first (by default); a reply has none.").
			Annotations(entgql.RelayConnection()).
			From("parent").Field("parent_id").Unique().Immutable().
			Comment("For a reply: the top-level comment it answers."),
	}
}

// Indexes of the ProposalComment.
func (ProposalComment) Indexes() []ent.Index {
	return []ent.Index{
		// Proposal.comments: a proposal's top-level comments, oldest first.
		index.Fields("proposal_id", "created_at"),
		// A comment's replies.
		index.Fields("parent_id"),
	}
}

// Mixin of the ProposalComment.
func (ProposalComment) Mixin() []ent.Mixin { return []ent.Mixin{TimestampsMixin{}} }

// Annotations of the ProposalComment.
func (ProposalComment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("A comment on a proposal, or a reply to one; readable by exactly those who may read the proposal."),
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput),
		checks("proposal_comment_has_author", "author_id IS NOT NULL"),
	}
}

// Policy of the ProposalComment: see internal/authz comments.go.
func (ProposalComment) Policy() ent.Policy { return authz.ProposalCommentPolicy() }
