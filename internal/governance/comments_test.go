package governance_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The discussion of proposals (issue 15, point 6): comments and one level of
// replies, read and written by exactly those who may read the proposal,
// while it is open, edited only by their author, and announced to the
// subscribers of proposalChanged.

const (
	ctCommentSel = `comment { id body createdAt editedAt authorID author { id } proposal { id } parent { id } }`
	ctCommentQ   = `mutation($in: CommentOnProposalInput!) { commentOnProposal(input: $in) { ` + ctCommentSel + ` } }`
	ctEditQ      = `mutation($in: EditProposalCommentInput!) { editProposalComment(input: $in) { ` + ctCommentSel + ` } }`
	ctNodeQ      = `query($id: ID!) { node(id: $id) { id ... on ProposalComment { body } } }`
	ctDiscussQ   = `query($p: ID!, $first: Int, $after: Cursor) { node(id: $p) { ... on Proposal {
		comments(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
			edges { node { id body createdAt editedAt author { id } parent { id }
				replies { totalCount edges { node { id body parent { id } author { id } } } } } } } } } }`
)

type ctCommentJSON struct {
	ID        string     `json:"id"`
	Body      string     `json:"body"`
	CreatedAt time.Time  `json:"createdAt"`
	EditedAt  *time.Time `json:"editedAt"`
	AuthorID  *string    `json:"authorID"`
	Author    *struct {
		ID string `json:"id"`
	} `json:"author"`
	Proposal struct {
		ID string `json:"id"`
	} `json:"proposal"`
	Parent *struct {
		ID string `json:"id"`
	} `json:"parent"`
}

type ctReplyJSON struct {
	ID     string `json:"id"`
	Body   string `json:"body"`
	Parent struct {
		ID string `json:"id"`
	} `json:"parent"`
	Author *struct {
		ID string `json:"id"`
	} `json:"author"`
}

type ctThreadJSON struct {
	ctCommentJSON
	Replies struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Node ctReplyJSON `json:"node"`
		} `json:"edges"`
	} `json:"replies"`
}

type ctDiscussionJSON struct {
	TotalCount int `json:"totalCount"`
	PageInfo   struct {
		HasNextPage bool   `json:"hasNextPage"`
		EndCursor   string `json:"endCursor"`
	} `json:"pageInfo"`
	Edges []struct {
		Node ctThreadJSON `json:"node"`
	} `json:"edges"`
}

func (d ctDiscussionJSON) bodies() []string {
	var out []string
	for _, e := range d.Edges {
		out = append(out, e.Node.Body)
	}
	return out
}

// ctComment posts a comment (parent "" for a top-level one).
func ctComment(c *testkit.Client, proposal, parent, body string) *testkit.Response {
	in := map[string]any{"proposalID": proposal, "body": body}
	if parent != "" {
		in["parentID"] = parent
	}
	return c.Do(ctCommentQ, map[string]any{"in": in})
}

// comment posts a comment as p and returns it.
func (e *gtEnv) comment(p *ent.Person, proposal, parent, body string) ctCommentJSON {
	e.t.Helper()
	var out struct {
		CommentOnProposal struct{ Comment ctCommentJSON } `json:"commentOnProposal"`
	}
	testkit.OK(e.t, ctComment(e.as(p), proposal, parent, body), &out)
	return out.CommentOnProposal.Comment
}

func ctEdit(c *testkit.Client, comment, body string) *testkit.Response {
	return c.Do(ctEditQ, map[string]any{"in": map[string]any{"commentID": comment, "body": body}})
}

// discussion reads a proposal's top-level comments as c.
func (e *gtEnv) discussion(c *testkit.Client, proposal string, first *int, after string) ctDiscussionJSON {
	e.t.Helper()
	vars := map[string]any{"p": proposal}
	if first != nil {
		vars["first"] = *first
	}
	if after != "" {
		vars["after"] = after
	}
	var out struct {
		Node *struct{ Comments ctDiscussionJSON } `json:"node"`
	}
	testkit.OK(e.t, c.Do(ctDiscussQ, vars), &out)
	if out.Node == nil {
		e.t.Fatalf("proposal %s is not readable", proposal)
	}
	return out.Node.Comments
}

func (e *gtEnv) commentRow(id string) *ent.ProposalComment {
	e.t.Helper()
	return testkit.Must(e.ec.ProposalComment.Get(e.ctx, testkit.DecodeID(e.t, id)))(e.t)
}

// ctWorld is a coop with three members, a candidate with an ADMISSION
// proposal and a GENERAL proposal, and the people around it who may not
// read them.
type ctWorld struct {
	A                *gtCoop
	Candidate        *ent.Person
	Adm, Gen         gtProposalJSON
	Paused           *ent.Person // a PAUSED member of A
	FreelancerOfA    *ent.Person // on A's pathway, not a member
	MemberOfB        *ent.Person // a member of another coop of the network
	NetworkFreelance *ent.Person // a participant of the network in no coop
}

func (e *gtEnv) ctWorld() *ctWorld {
	e.t.Helper()
	w := &ctWorld{A: e.coop("CONSENSUS", gtQuorumPercent, 3)}
	var ms *ent.Membership
	w.Candidate, ms = e.readyCandidate(w.A, gtReady{})
	w.Adm = e.propose(w.A, "ADMISSION", ms)
	w.Gen = e.propose(w.A, "GENERAL", nil)
	w.Paused = e.person("Pia Paused")
	e.membership(w.Paused, w.A, "PAUSED", gtT0.AddDate(0, 0, -10))
	w.FreelancerOfA = e.person("Frida Freelancer")
	e.membership(w.FreelancerOfA, w.A, "FREELANCER", gtT0.AddDate(0, 0, -10))
	w.MemberOfB = e.coop("CONSENSUS", gtQuorumPercent, 1).Members[0]
	w.NetworkFreelance = e.person("Nils Network")
	return w
}

// TestCommentsAreReadByExactlyThoseWhoReadTheProposal: members read and
// write the discussion of their coop's proposals, the candidate that of
// their own admission (and nothing else); a freelancer on the coop's
// pathway, a member of another coop and a participant of the network in no
// coop read none of it (NOT_FOUND, like a missing object) and write nothing.
func TestCommentsAreReadByExactlyThoseWhoReadTheProposal(t *testing.T) {
	e := gtNewEnv(t)
	w := e.ctWorld()
	m := w.A.Members
	onGen := e.comment(m[0], w.Gen.ID, "", "Let's discuss the budget first.")
	replyGen := e.comment(m[1], w.Gen.ID, onGen.ID, "Agreed.")
	onAdm := e.comment(w.Candidate, w.Adm.ID, "", "Happy to answer questions about my candidacy.")
	replyAdm := e.comment(m[2], w.Adm.ID, onAdm.ID, "How did the two projects go?")

	if onGen.AuthorID == nil || *onGen.AuthorID != testkit.ID(m[0].ID) || onGen.Author == nil || onGen.Author.ID != testkit.ID(m[0].ID) ||
		onGen.Proposal.ID != w.Gen.ID || onGen.Parent != nil || onGen.EditedAt != nil || !onGen.CreatedAt.Equal(e.clk.Now()) {
		t.Errorf("comment as written: %+v", onGen)
	}
	if replyGen.Parent == nil || replyGen.Parent.ID != onGen.ID {
		t.Errorf("reply as written: %+v", replyGen)
	}

	t.Run("members read their coop's discussions", func(t *testing.T) {
		defer e.use(t)()
		for _, reader := range []*ent.Person{m[1], w.Paused} {
			d := e.discussion(e.as(reader), w.Gen.ID, nil, "")
			if d.TotalCount != 1 || len(d.Edges) != 1 || d.Edges[0].Node.ID != onGen.ID {
				t.Fatalf("member %d reads %+v", reader.ID, d)
			}
			th := d.Edges[0].Node
			if th.Author == nil || th.Author.ID != testkit.ID(m[0].ID) || th.Replies.TotalCount != 1 ||
				th.Replies.Edges[0].Node.ID != replyGen.ID || th.Replies.Edges[0].Node.Parent.ID != onGen.ID {
				t.Errorf("member %d reads the thread %+v", reader.ID, th)
			}
			d = e.discussion(e.as(reader), w.Adm.ID, nil, "")
			if d.TotalCount != 1 || d.Edges[0].Node.Replies.TotalCount != 1 || d.Edges[0].Node.Replies.Edges[0].Node.ID != replyAdm.ID {
				t.Errorf("member %d reads the admission's discussion %+v", reader.ID, d)
			}
		}
		// A PAUSED member reads the proposal, so takes part in its discussion.
		e.comment(w.Paused, w.Gen.ID, onGen.ID, "Back in March; count me in.")
	})

	t.Run("the candidate reads the discussion of their admission only", func(t *testing.T) {
		defer e.use(t)()
		cand := e.as(w.Candidate)
		d := e.discussion(cand, w.Adm.ID, nil, "")
		if d.TotalCount != 1 || d.Edges[0].Node.ID != onAdm.ID || d.Edges[0].Node.Replies.TotalCount != 1 {
			t.Errorf("the candidate reads %+v", d)
		}
		for _, id := range []string{onGen.ID, replyGen.ID} {
			testkit.OnlyError(t, cand.Do(ctNodeQ, map[string]any{"id": id}), "NOT_FOUND", "")
		}
		before := e.rowCounts()
		testkit.OnlyError(t, ctComment(cand, w.Gen.ID, "", "May I say something?"), "NOT_FOUND", "proposalID")
		testkit.OnlyError(t, ctComment(cand, w.Adm.ID, onGen.ID, "A reply across proposals"), "NOT_FOUND", "parentID")
		testkit.NothingWritten(t, before, e.rowCounts())
	})

	for name, outsider := range map[string]*ent.Person{
		"a freelancer on the coop's pathway":      w.FreelancerOfA,
		"a member of another coop":                w.MemberOfB,
		"a participant of the network in no coop": w.NetworkFreelance,
	} {
		t.Run(name+" reads and writes none of it", func(t *testing.T) {
			defer e.use(t)()
			c := e.as(outsider)
			for _, id := range []string{onGen.ID, replyGen.ID, onAdm.ID, replyAdm.ID} {
				testkit.OnlyError(t, c.Do(ctNodeQ, map[string]any{"id": id}), "NOT_FOUND", "")
			}
			for _, p := range []string{w.Gen.ID, w.Adm.ID} {
				testkit.OnlyError(t, c.Do(ctDiscussQ, map[string]any{"p": p}), "NOT_FOUND", "")
			}
			before := e.rowCounts()
			testkit.OnlyError(t, ctComment(c, w.Gen.ID, "", "Let me in"), "NOT_FOUND", "proposalID")
			testkit.OnlyError(t, ctComment(c, w.Adm.ID, onAdm.ID, "Let me in"), "NOT_FOUND", "proposalID")
			testkit.OnlyError(t, ctEdit(c, onGen.ID, "Edited by a stranger"), "NOT_FOUND", "commentID")
			testkit.NothingWritten(t, before, e.rowCounts())
			if got := e.commentRow(onGen.ID).Body; got != onGen.Body {
				t.Errorf("the comment became %q", got)
			}
		})
	}

	t.Run("anonymous", func(t *testing.T) {
		defer e.use(t)()
		before := e.rowCounts()
		testkit.OnlyError(t, ctComment(e.c, w.Gen.ID, "", "Hello?"), "UNAUTHENTICATED", "")
		testkit.OnlyError(t, e.c.Do(ctNodeQ, map[string]any{"id": onGen.ID}), "NOT_FOUND", "")
		testkit.NothingWritten(t, before, e.rowCounts())
	})
}

// TestRepliesAreOneLevelDeep: a reply answers a top-level comment of the
// same proposal; a reply to a reply is BAD_USER_INPUT, a comment of another
// proposal (or an ID of another type) is NOT_FOUND, and neither writes
// anything. Top-level comments page oldest first, their replies too.
func TestRepliesAreOneLevelDeep(t *testing.T) {
	e := gtNewEnv(t)
	w := e.ctWorld()
	m := w.A.Members
	first := e.comment(m[0], w.Gen.ID, "", "first")
	e.clk.Advance(time.Hour)
	second := e.comment(m[1], w.Gen.ID, "", "second")
	e.clk.Advance(time.Hour)
	reply1 := e.comment(m[2], w.Gen.ID, first.ID, "reply 1")
	e.clk.Advance(time.Hour)
	third := e.comment(m[2], w.Gen.ID, "", "third")
	reply2 := e.comment(m[0], w.Gen.ID, first.ID, "reply 2")
	other := e.comment(m[0], w.Adm.ID, "", "on the admission")

	before := e.rowCounts()
	for _, tc := range []struct {
		name, proposal, parent, code string
	}{
		{"a reply to a reply", w.Gen.ID, reply1.ID, "BAD_USER_INPUT"},
		{"a comment of another proposal", w.Gen.ID, other.ID, "NOT_FOUND"},
		{"a reply of another proposal's comment", w.Adm.ID, reply1.ID, "NOT_FOUND"},
		{"an ID that is no comment", w.Gen.ID, w.Adm.ID, "NOT_FOUND"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.OnlyError(t, ctComment(e.as(m[1]), tc.proposal, tc.parent, "a reply"), tc.code, "parentID")
		})
	}
	testkit.NothingWritten(t, before, e.rowCounts())

	one := 2
	page := e.discussion(e.as(m[1]), w.Gen.ID, &one, "")
	if got := page.bodies(); page.TotalCount != 3 || !page.PageInfo.HasNextPage || strings.Join(got, ",") != "first,second" {
		t.Fatalf("first page: %d comments %v (next %v)", page.TotalCount, got, page.PageInfo.HasNextPage)
	}
	thread := page.Edges[0].Node
	if thread.Replies.TotalCount != 2 || thread.Replies.Edges[0].Node.ID != reply1.ID || thread.Replies.Edges[1].Node.ID != reply2.ID {
		t.Errorf("replies of the first comment, oldest first: %+v", thread.Replies)
	}
	if page.Edges[1].Node.ID != second.ID || page.Edges[1].Node.Replies.TotalCount != 0 {
		t.Errorf("second comment: %+v", page.Edges[1].Node)
	}
	rest := e.discussion(e.as(m[1]), w.Gen.ID, &one, page.PageInfo.EndCursor)
	if len(rest.Edges) != 1 || rest.Edges[0].Node.ID != third.ID || rest.PageInfo.HasNextPage {
		t.Errorf("second page: %+v", rest)
	}
}

// TestOnlyTheAuthorEditsAComment: the author changes the text (editedAt
// says when); another member is FORBIDDEN, someone who cannot read it gets
// NOT_FOUND, an empty text is BAD_USER_INPUT, and none of them changes it.
func TestOnlyTheAuthorEditsAComment(t *testing.T) {
	e := gtNewEnv(t)
	w := e.ctWorld()
	m := w.A.Members
	c := e.comment(m[0], w.Gen.ID, "", "draft")
	e.clk.Advance(30 * time.Minute)

	for _, tc := range []struct {
		name, body, code, field string
		who                     *ent.Person
	}{
		{"another member", "hijacked", "FORBIDDEN", "", m[1]},
		{"the candidate (cannot read it)", "hijacked", "NOT_FOUND", "commentID", w.Candidate},
		{"a member of another coop", "hijacked", "NOT_FOUND", "commentID", w.MemberOfB},
		{"the author, with an empty text", " \n ", "BAD_USER_INPUT", "body", m[0]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			before := e.rowCounts()
			testkit.OnlyError(t, ctEdit(e.as(tc.who), c.ID, tc.body), tc.code, tc.field)
			testkit.NothingWritten(t, before, e.rowCounts())
			if row := e.commentRow(c.ID); row.Body != "draft" || row.EditedAt != nil {
				t.Errorf("the comment changed: %q edited %v", row.Body, row.EditedAt)
			}
		})
	}

	var out struct {
		EditProposalComment struct{ Comment ctCommentJSON } `json:"editProposalComment"`
	}
	testkit.OK(t, ctEdit(e.as(m[0]), c.ID, "  final text  "), &out)
	got := out.EditProposalComment.Comment
	if got.Body != "final text" || got.EditedAt == nil || !got.EditedAt.Equal(e.clk.Now()) || !got.CreatedAt.Equal(c.CreatedAt) {
		t.Errorf("edited comment: %+v", got)
	}
	// The same text again is no edit.
	e.clk.Advance(time.Hour)
	testkit.OK(t, ctEdit(e.as(m[0]), c.ID, "final text"), nil)
	if row := e.commentRow(c.ID); row.EditedAt == nil || !row.EditedAt.Equal(*got.EditedAt) {
		t.Errorf("an unchanged text moved editedAt to %v", row.EditedAt)
	}
}

// TestDiscussionEndsWithTheVote: once voting ended (closesAt passed) or the
// proposal closed, comments, replies and edits are CONFLICT and write
// nothing; the discussion stays readable as part of the record.
func TestDiscussionEndsWithTheVote(t *testing.T) {
	e := gtNewEnv(t)
	w := e.ctWorld()
	m := w.A.Members
	onGen := e.comment(m[0], w.Gen.ID, "", "before the vote")
	onAdm := e.comment(m[0], w.Adm.ID, "", "before the deadline")

	e.votes(w.A, w.Gen.ID, "YES", "YES", "YES")
	if out := e.closeOK(w.A, w.Gen.ID); out.Proposal.Status != "PASSED" {
		t.Fatalf("the proposal closed %s", out.Proposal.Status)
	}
	// The admission stays OPEN, but its voting ended at closesAt.
	e.clk.Advance(gtProposalLength * 24 * time.Hour)

	for _, p := range []struct {
		name, proposal, comment string
	}{{"closed", w.Gen.ID, onGen.ID}, {"past closesAt", w.Adm.ID, onAdm.ID}} {
		t.Run(p.name, func(t *testing.T) {
			defer e.use(t)()
			before := e.rowCounts()
			testkit.OnlyError(t, ctComment(e.as(m[1]), p.proposal, "", "too late"), "CONFLICT", "")
			testkit.OnlyError(t, ctComment(e.as(m[1]), p.proposal, p.comment, "too late"), "CONFLICT", "")
			testkit.OnlyError(t, ctEdit(e.as(m[0]), p.comment, "rewriting history"), "CONFLICT", "")
			testkit.NothingWritten(t, before, e.rowCounts())
			d := e.discussion(e.as(m[1]), p.proposal, nil, "")
			if d.TotalCount != 1 || d.Edges[0].Node.ID != p.comment || d.Edges[0].Node.EditedAt != nil {
				t.Errorf("the record: %+v", d)
			}
		})
	}
}

// TestCommentBodyIsChecked: an empty, blank or too long body is
// BAD_USER_INPUT naming body and writes nothing; a body is stored trimmed
// and may be 20,000 characters of any script.
func TestCommentBodyIsChecked(t *testing.T) {
	e := gtNewEnv(t)
	w := e.ctWorld()
	member := e.as(w.A.Members[0])
	for name, body := range map[string]string{
		"empty":                 "",
		"blank":                 " \t\n ",
		"20,001 characters":     strings.Repeat("x", 20_001),
		"20,001 characters (ä)": strings.Repeat("ä", 20_001),
	} {
		t.Run(name, func(t *testing.T) {
			before := e.rowCounts()
			testkit.OnlyError(t, ctComment(member, w.Gen.ID, "", body), "BAD_USER_INPUT", "body")
			testkit.NothingWritten(t, before, e.rowCounts())
		})
	}
	long := strings.Repeat("ä", 20_000)
	if c := e.comment(w.A.Members[0], w.Gen.ID, "", "\n  "+long+"  \n"); c.Body != long {
		t.Errorf("stored body of %d characters, want %d (trimmed)", len([]rune(c.Body)), 20_000)
	}
}

// TestCommentsReachProposalSubscribers: a new or edited comment is a
// proposalChanged event (COMMENT_ADDED, COMMENT_EDITED, carrying the
// comment) for those who may read its proposal: a member receives both
// discussions' events, the candidate only those of their own admission.
func TestCommentsReachProposalSubscribers(t *testing.T) {
	e := gtNewEnv(t)
	w := e.ctWorld()
	m := w.A.Members
	sub := `subscription($c: ID!) { proposalChanged(coopID: $c) { kind proposal { id } comment { id body editedAt parent { id } } } }`
	vars := map[string]any{"c": testkit.ID(w.A.ID)}
	member := ctSubscribe(t, e.as(m[1]), sub, vars)
	candidate := ctSubscribe(t, e.as(w.Candidate), sub, vars)
	e.c.WaitSubscribers(events.Topic{Kind: events.Proposals, ID: w.A.ID}, 2)

	onGen := e.comment(m[0], w.Gen.ID, "", "on the general proposal")
	onAdm := e.comment(m[0], w.Adm.ID, "", "on the admission")
	reply := e.comment(w.Candidate, w.Adm.ID, onAdm.ID, "the candidate answers")
	testkit.OK(t, ctEdit(e.as(m[0]), onGen.ID, "on the general proposal, edited"), nil)

	type want struct{ kind, proposal, comment, body string }
	expect := func(who string, ch <-chan ctChange, ws ...want) {
		t.Helper()
		for _, w := range ws {
			got := ctNext(t, ch)
			if got.Kind != w.kind || got.Proposal.ID != w.proposal || got.Comment == nil ||
				got.Comment.ID != w.comment || got.Comment.Body != w.body {
				t.Fatalf("%s: got %+v, want %+v", who, got, w)
			}
		}
	}
	expect("member", member,
		want{"COMMENT_ADDED", w.Gen.ID, onGen.ID, onGen.Body},
		want{"COMMENT_ADDED", w.Adm.ID, onAdm.ID, onAdm.Body},
		want{"COMMENT_ADDED", w.Adm.ID, reply.ID, reply.Body},
		want{"COMMENT_EDITED", w.Gen.ID, onGen.ID, "on the general proposal, edited"})
	// Events arrive in order: the candidate's first is the admission's, so
	// the general proposal's comment was not sent to them; nor its edit,
	// which comes after their last event below. A vote on their admission
	// (VOTE_CAST, no comment) is the marker that nothing else was queued.
	expect("candidate", candidate,
		want{"COMMENT_ADDED", w.Adm.ID, onAdm.ID, onAdm.Body},
		want{"COMMENT_ADDED", w.Adm.ID, reply.ID, reply.Body})
	testkit.OK(t, gtVote(e.as(m[2]), w.Adm.ID, "YES"), nil)
	if got := ctNext(t, candidate); got.Kind != "VOTE_CAST" || got.Proposal.ID != w.Adm.ID || got.Comment != nil {
		t.Errorf("candidate: after the admission's comments got %+v, want its VOTE_CAST", got)
	}
}

type ctChange struct {
	Kind     string `json:"kind"`
	Proposal struct {
		ID string `json:"id"`
	} `json:"proposal"`
	Comment *struct {
		ID       string     `json:"id"`
		Body     string     `json:"body"`
		EditedAt *time.Time `json:"editedAt"`
	} `json:"comment"`
}

// ctSubscribe opens a proposalChanged stream over Server-Sent Events as c
// and returns its events; the stream ends with the test.
func ctSubscribe(t *testing.T, c *testkit.Client, query string, vars map[string]any) <-chan ctChange {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", c.Header.Get("Authorization"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		cancel()
		t.Fatalf("content type %q", ct)
	}
	out := make(chan ctChange, 16)
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		defer close(out)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var msg struct {
				Data struct {
					ProposalChanged *ctChange `json:"proposalChanged"`
				} `json:"data"`
				Errors []testkit.Error `json:"errors"`
			}
			if err := json.Unmarshal([]byte(data), &msg); err != nil || msg.Data.ProposalChanged == nil {
				t.Errorf("stream message %s (%v)", data, err)
				continue
			}
			select {
			case out <- *msg.Data.ProposalChanged:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// ctNext waits for the next event of a stream.
func ctNext(t *testing.T, ch <-chan ctChange) ctChange {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("the stream ended")
		}
		return ev
	case <-time.After(testkit.WaitTimeout):
		t.Fatalf("no event within %s", testkit.WaitTimeout)
	}
	return ctChange{}
}
