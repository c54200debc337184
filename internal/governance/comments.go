package governance

import (
	"context"
	"strings"

	"entgo.io/contrib/entgql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/proposalcomment"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/validate"
)

// The discussion of a proposal (issue 15, point 6). Decisions are discussed
// before they are taken, and the discussion is part of the decision's
// record:
//   - whoever may read the proposal may comment (authz.CanCommentOnProposal):
//     the coop's members, the member an EXCLUSION is about (who does not
//     vote), the candidate on their own ADMISSION, and whoever later read
//     rules let read a proposal;
//   - only while the proposal is open and voting has not ended: afterwards
//     the discussion is closed with the decision (CONFLICT "the proposal
//     is closed"); comments and closes of one proposal take its row lock,
//     so a comment is either in the record before the close or refused;
//   - a reply answers a top-level comment of the same proposal: replies are
//     one level deep;
//   - the author edits their own comment's text while the proposal is open
//     (editedAt says when); nothing is ever deleted.

// Changes of a proposal's discussion as proposalChanged names them; the
// event's object is the comment.
const (
	CommentAdded  = "COMMENT_ADDED"
	CommentEdited = "COMMENT_EDITED"
)

// NewComment is a comment, or a reply, on a proposal.
type NewComment struct {
	ProposalID int
	Body       string
	ParentID   *int // the top-level comment a reply answers
}

// errDiscussionClosed refuses comments once the decision is taken.
func errDiscussionClosed() error {
	return apperr.New(apperr.Conflict, "the proposal is closed: its discussion ended with the vote")
}

// CommentOnProposal adds the viewer's comment, or reply, to the discussion
// of an open proposal they may read.
func (svc *Service) CommentOnProposal(ctx context.Context, in NewComment) (*ent.ProposalComment, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := authz.CanCommentOnProposal(o.Ctx, o.C, o.V, in.ProposalID); err != nil {
		return nil, err
	}
	body, err := commentBody(in.Body)
	if err != nil {
		return nil, err
	}
	p, err := o.C.Proposal.Get(o.Sys, in.ProposalID)
	if err != nil {
		return nil, err
	}
	if err := o.mayComment(p); err != nil {
		return nil, err
	}
	if in.ParentID != nil {
		parent, err := o.C.ProposalComment.Get(o.Ctx, *in.ParentID)
		if err == nil && parent.ProposalID != p.ID {
			err = &ent.NotFoundError{} // another proposal's comment is as unknown as a missing one
		}
		if err != nil {
			return nil, apperr.FieldNotFound(err, "parentID", "parentID: not found")
		}
		if parent.ParentID != nil {
			return nil, apperr.InvalidField("parentID", "replies are one level deep: answer the comment this reply answers")
		}
	}
	if err := o.lockDiscussion(p); err != nil {
		return nil, err
	}
	cm, err := o.C.ProposalComment.Create().SetProposalID(p.ID).SetAuthorID(o.V.PersonID).
		SetNillableParentID(in.ParentID).SetBody(body).SetCreatedAt(o.Now).SetUpdatedAt(o.Now).
		Save(o.As(authz.CommentOnProposal))
	if err != nil {
		return nil, err
	}
	o.announceObject(p, cm.ID, CommentAdded)
	return cm, nil
}

// EditProposalComment changes the text of the viewer's own comment while
// its proposal is open, and records when (editedAt). The same text again
// changes nothing.
func (svc *Service) EditProposalComment(ctx context.Context, commentID int, body string) (*ent.ProposalComment, error) {
	o, err := svc.begin(ctx)
	if err != nil {
		return nil, err
	}
	cm, err := o.C.ProposalComment.Get(o.Ctx, commentID)
	if err != nil {
		return nil, apperr.FieldNotFound(err, "commentID", "commentID: not found")
	}
	if err := authz.CanEditOwnComment(o.V, cm); err != nil {
		return nil, err
	}
	text, err := commentBody(body)
	if err != nil {
		return nil, err
	}
	p, err := o.C.Proposal.Get(o.Sys, cm.ProposalID)
	if err != nil {
		return nil, err
	}
	if err := o.lockDiscussion(p); err != nil {
		return nil, err
	}
	if text == cm.Body {
		return cm, nil
	}
	cm, err = cm.Update().SetBody(text).SetEditedAt(o.Now).SetUpdatedAt(o.Now).Save(o.As(authz.EditOwnComment))
	if err != nil {
		return nil, err
	}
	o.announceObject(p, cm.ID, CommentEdited)
	return cm, nil
}

// lockDiscussion holds the proposal's row lock (see lockOpen) while its
// discussion is written: a close running now records the comment, or the
// comment waits and finds the proposal closed. Voting that has ended
// (closesAt passed) ends the discussion too, as it does votes.
func (o *op) lockDiscussion(p *ent.Proposal) error {
	if p.Status != proposal.StatusOPEN || !o.Now.Before(p.ClosesAt) {
		return errDiscussionClosed()
	}
	if err := o.lockOpen(p.ID, "the proposal is closed: its discussion ended with the vote"); err != nil {
		return err
	}
	return nil
}

// commentBody checks a comment's text and returns it trimmed.
func commentBody(body string) (string, error) {
	if err := validate.CommentBody(body); err != nil {
		return "", apperr.InvalidField("body", "%s", err.Error())
	}
	return strings.TrimSpace(body), nil
}

// CommentsPage is a page of Proposal.comments as GraphQL asks for it.
type CommentsPage struct {
	After  *entgql.Cursor[int]
	First  *int
	Before *entgql.Cursor[int]
	Last   *int
}

// Comments returns the top-level comments of a proposal the viewer reads,
// oldest first; the privacy rules leave out what the viewer may not read.
func Comments(ctx context.Context, c *ent.Client, proposalID int, page CommentsPage) (*ent.ProposalCommentConnection, error) {
	return c.ProposalComment.Query().
		Where(proposalcomment.ProposalID(proposalID), proposalcomment.ParentIDIsNil()).
		Paginate(ctx, page.After, page.First, page.Before, page.Last,
			ent.WithProposalCommentOrder(&ent.ProposalCommentOrder{
				Direction: entgql.OrderDirectionAsc, Field: ent.ProposalCommentOrderFieldCreatedAt,
			}))
}

// mayComment applies the network bylaws' participant voice: on a network
// proposal, individual participants (in no member coop, nor in the coop
// the proposal is about) comment only when the voice is ADVISORY.
func (o *op) mayComment(p *ent.Proposal) error {
	if p.NetworkID == nil {
		return nil
	}
	n, err := o.C.Network.Get(o.Sys, *p.NetworkID)
	if err != nil || ParticipantMayComment(n) {
		return err
	}
	if p.SubjectCoopID != nil && o.V.IsActiveMember(*p.SubjectCoopID) {
		return nil
	}
	if in, err := o.inVotingCoop(p); err != nil || in {
		return err
	}
	return forbidden("the network's bylaws give individual participants no voice in its decisions (participantVoice NONE): they read them only")
}
