package authz_test

import (
	"fmt"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/proposalcomment"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The discussion of proposals (issue 15, point 6): a comment is read, and
// written, by exactly those who may read its proposal.

// commentFixture is the discussion of the fixture's proposals:
//
//	CommentAdm  memberA on the ADMISSION proposal about the candidate
//	ReplyAdm    the candidate's reply to it
//	CommentGen  memberA2 on A's GENERAL proposal
//	CommentB    memberB on B's proposal
type commentFixture struct {
	CommentAdm, ReplyAdm, CommentGen, CommentB *ent.ProposalComment
}

func (f *fixture) seedComments() {
	c, ctx := f.db.Client, f.ctx
	comment := func(p *ent.Proposal, author *ent.Person, parent *ent.ProposalComment, body string) *ent.ProposalComment {
		b := c.ProposalComment.Create().SetProposal(p).SetAuthor(author).SetBody(body)
		if parent != nil {
			b.SetParent(parent)
		}
		return testkit.MustOrPanic(b.Save(ctx))
	}
	f.CommentAdm = comment(f.PropAdmission, f.MemberA, nil, "How did the projects go?")
	f.ReplyAdm = comment(f.PropAdmission, f.Candidate, f.CommentAdm, "Well, thank you.")
	f.CommentGen = comment(f.PropGeneral, f.MemberA2, nil, "6000 is a lot")
	f.CommentB = comment(f.PropB, f.MemberB, nil, "B's secret discussion")
}

// commentConn selects a connection of top-level comments with their replies.
const commentConn = `{ matrixCount: totalCount edges { node { matrixID: id replies ` + conn + ` } } }`

// commentRow is the read matrix row of ProposalComment: the readers of each
// comment are exactly those of its proposal (the Proposal row).
func (f *fixture) commentRow() typeRow {
	memberOfAAndCandidate := who{memberOfA, candidate}
	return typeRow{
		typ: "ProposalComment",
		objects: []object{
			{"memberA's comment on the admission", f.CommentAdm.ID, memberOfAAndCandidate},
			{"the candidate's reply on the admission", f.ReplyAdm.ID, memberOfAAndCandidate},
			{"memberA2's comment on A's general proposal", f.CommentGen.ID, onlyMemberA},
			{"memberB's comment on B's proposal", f.CommentB.ID, onlyMemberB},
		},
		queries: []listQuery{
			{op: "list", name: "proposals.comments.replies", query: `{ proposals { edges { node { comments ` + commentConn + ` } } } }`},
			{op: "nested", name: "coop(A).proposals.comments.replies", root: f.A.ID,
				query:  `query($root: ID!) { node(id: $root) { ... on Coop { proposals { edges { node { comments ` + commentConn + ` } } } } } }`,
				within: []int{f.CommentAdm.ID, f.ReplyAdm.ID, f.CommentGen.ID}},
			{op: "nested", name: "proposal(admission).comments.replies", root: f.PropAdmission.ID,
				query:  `query($root: ID!) { node(id: $root) { ... on Proposal { comments ` + commentConn + ` } } }`,
				within: []int{f.CommentAdm.ID, f.ReplyAdm.ID}},
			{op: "nested", name: "comment(memberA's on the admission).replies", root: f.CommentAdm.ID,
				query:  `query($root: ID!) { node(id: $root) { ... on ProposalComment { replies ` + conn + ` } } }`,
				within: []int{f.ReplyAdm.ID}},
			{op: "filter", name: "proposals(where: kind ADMISSION).comments.replies",
				query:  `{ proposals(where: {kind: ADMISSION}) { edges { node { comments ` + commentConn + ` } } } }`,
				within: []int{f.CommentAdm.ID, f.ReplyAdm.ID}},
		},
	}
}

// commentWriteCases try commentOnProposal and editProposalComment as every
// actor: a proposal or comment the actor may not read is NOT_FOUND naming
// the reference, another author's comment FORBIDDEN, and nothing is written.
func (f *fixture) commentWriteCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	const (
		commentOn = `mutation($p: ID!, $parent: ID, $b: String!) {
			commentOnProposal(input: {proposalID: $p, parentID: $parent, body: $b}) { comment { id body } } }`
		edit = `mutation($id: ID!, $b: String!) { editProposalComment(input: {commentID: $id, body: $b}) { comment { id body editedAt } } }`
	)
	on := func(p func() *ent.Proposal, parent func() *ent.ProposalComment) func(string) map[string]any {
		return func(a string) map[string]any {
			vars := map[string]any{"p": testkit.ID(p().ID), "b": "by " + a}
			if parent != nil {
				vars["parent"] = testkit.ID(parent().ID)
			}
			return vars
		}
	}
	commentsOn := func(p func() *ent.Proposal) func(*fixture) string {
		return func(f *fixture) string {
			return fmt.Sprint(testkit.MustOrPanic(c.ProposalComment.Query().Where(proposalcomment.ProposalID(p().ID)).Count(ctx)))
		}
	}
	bodyOf := func(cm func() *ent.ProposalComment) func(*fixture) string {
		return func(f *fixture) string {
			row := testkit.MustOrPanic(c.ProposalComment.Get(ctx, cm().ID))
			return fmt.Sprint(row.Body, " ", row.EditedAt != nil)
		}
	}
	return []writeCase{
		{
			name:  "commentOnProposal on A's general proposal",
			query: commentOn,
			vars:  on(func() *ent.Proposal { return f.PropGeneral }, nil),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "proposalID",
			state: commentsOn(func() *ent.Proposal { return f.PropGeneral }),
		},
		{
			name:  "commentOnProposal on the candidate's admission proposal",
			query: commentOn,
			vars:  on(func() *ent.Proposal { return f.PropAdmission }, nil),
			want:  expect("NOT_FOUND", candidate, ok, memberOfA, ok),
			field: "proposalID",
			state: commentsOn(func() *ent.Proposal { return f.PropAdmission }),
		},
		{
			name:  "commentOnProposal on B's proposal",
			query: commentOn,
			vars:  on(func() *ent.Proposal { return f.PropB }, nil),
			want:  expect("NOT_FOUND", memberOfB, ok),
			field: "proposalID",
			state: commentsOn(func() *ent.Proposal { return f.PropB }),
		},
		{
			// memberA reads both proposals: the parent of another proposal is
			// as unknown as a missing one.
			name:     "commentOnProposal: a reply on A's general proposal to a comment of the admission",
			query:    commentOn,
			vars:     on(func() *ent.Proposal { return f.PropGeneral }, func() *ent.ProposalComment { return f.CommentAdm }),
			want:     expect("NOT_FOUND"),
			field:    "proposalID",
			fieldFor: map[string]string{memberOfA: "parentID"},
			state:    commentsOn(func() *ent.Proposal { return f.PropGeneral }),
		},
		{
			name:     "commentOnProposal: a reply to a reply",
			query:    commentOn,
			vars:     on(func() *ent.Proposal { return f.PropAdmission }, func() *ent.ProposalComment { return f.ReplyAdm }),
			want:     expect("NOT_FOUND", candidate, "BAD_USER_INPUT", memberOfA, "BAD_USER_INPUT"),
			field:    "proposalID",
			fieldFor: map[string]string{memberOfA: "parentID", candidate: "parentID"},
			state:    commentsOn(func() *ent.Proposal { return f.PropAdmission }),
		},
		{
			name:  "editProposalComment of memberA2's comment on the general proposal",
			query: edit,
			vars: func(a string) map[string]any {
				return map[string]any{"id": testkit.ID(f.CommentGen.ID), "b": "by " + a}
			},
			want:  expect("NOT_FOUND", memberOfA, "FORBIDDEN"),
			field: "commentID",
			state: bodyOf(func() *ent.ProposalComment { return f.CommentGen }),
		},
		{
			name:  "editProposalComment of the candidate's reply",
			query: edit,
			vars: func(a string) map[string]any {
				return map[string]any{"id": testkit.ID(f.ReplyAdm.ID), "b": "by " + a}
			},
			want:  expect("NOT_FOUND", memberOfA, "FORBIDDEN", candidate, ok),
			field: "commentID",
			state: bodyOf(func() *ent.ProposalComment { return f.ReplyAdm }),
		},
	}
}

// TestCommentWriteMatrix runs every comment case on a fresh fixture.
func TestCommentWriteMatrix(t *testing.T) {
	t.Parallel()
	cases := newFixture(t).commentWriteCases()
	for i, wc := range cases {
		t.Run(wc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			runWriteCase(t, f, f.commentWriteCases()[i])
		})
	}
}
