package authz

import (
	"context"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/proposalcomment"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// The discussion of proposals (DESIGN.md, "Comment"). A comment belongs to
// its proposal's decision: whoever may read the proposal reads and writes
// its discussion, nobody else. Both rules are ProposalReadable, called and
// not copied, so they follow whatever the proposal's own read rule becomes
// (network and project proposals included).

// ProposalCommentPolicy: read with the proposal; written only by
// commentOnProposal and editProposalComment (internal/governance
// comments.go), each under its rule below; never deleted.
func ProposalCommentPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.ProposalCommentQueryRuleFunc(filter[*ent.ProposalCommentQuery](ProposalCommentReadable))},
		Mutation: systemOnly("comments are written only by commentOnProposal and editProposalComment"),
	}
}

// ProposalCommentReadable: the comments of the proposals the viewer may
// read, exactly (ProposalReadable).
func ProposalCommentReadable(v *viewer.Viewer) predicate.ProposalComment {
	if !v.Authenticated() {
		return nothing[predicate.ProposalComment]()
	}
	return proposalcomment.HasProposalWith(ProposalReadable(v))
}

// CanCommentOnProposal (CommentOnProposal): everyone who may read the
// proposal takes part in its discussion: the coop's members (PAUSED ones
// too, and the member an EXCLUSION proposal is about, who does not vote),
// the candidate on their own ADMISSION proposal, and whoever a later read
// rule lets read a proposal (network participants with an advisory voice).
// A proposal the viewer may not read is NOT_FOUND (field proposalID), like
// a missing one. Whether the proposal is still open is the operation's
// check (internal/governance).
func CanCommentOnProposal(ctx context.Context, c *ent.Client, v *viewer.Viewer, proposalID int) error {
	ok, err := c.Proposal.Query().Where(proposal.ID(proposalID), ProposalReadable(v)).Exist(SystemRead(ctx))
	if err != nil {
		return err
	}
	if !ok {
		return &apperr.Error{Code: apperr.NotFound, Field: "proposalID", Message: "proposalID: not found"}
	}
	return nil
}

// CanEditOwnComment (EditOwnComment): only the author changes a comment
// (of a proposal they may still read: the operation finds the comment
// through the viewer's read filter).
func CanEditOwnComment(v *viewer.Viewer, c *ent.ProposalComment) error {
	return allowedIf(c.AuthorID != nil && v.IsSelf(*c.AuthorID), "only its author edits a comment")
}
