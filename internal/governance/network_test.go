package governance_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/events"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Network governance (network.go, coopvotes.go): the network decides as a
// federation of its member coops, one vote per coop.

const (
	ntProposalSel  = `proposal { id kind status rule quorumPercent electorate networkID coop { id } subjectCoopID closeReason }`
	ntPayloadSel   = ntProposalSel + ` outcome { passed quorumReached eligibleVoters yes no abstain reason }`
	ntProposeQ     = `mutation($in: ProposeNetworkDecisionInput!) { proposeNetworkDecision(input: $in) { ` + ntProposalSel + ` } }`
	ntApplyQ       = `mutation($in: ApplyToNetworkInput!) { applyToNetwork(input: $in) { ` + ntProposalSel + ` } }`
	ntBylawsQ      = `mutation($in: ProposeNetworkBylawsChangeInput!) { proposeNetworkBylawsChange(input: $in) { ` + ntProposalSel + ` } }`
	ntCoopVoteQ    = `mutation($p: ID!, $c: ID!, $ch: VoteChoice!) { castCoopVote(proposalID: $p, coopID: $c, choice: $ch) { vote { id choice } } }`
	ntOpenCoopVote = `mutation($in: ProposeCoopVoteInput!) { proposeCoopVote(input: $in) { ` + ntProposalSel + ` } }`
	ntCloseQ       = `mutation($p: ID!) { closeProposal(proposalID: $p) { ` + ntPayloadSel + ` } }`
	ntNodeQ        = `query($id: ID!) { node(id: $id) { id ... on Proposal { status } ... on Network { name } } }`
)

type ntProposal struct {
	ID            string               `json:"id"`
	Kind          string               `json:"kind"`
	Status        string               `json:"status"`
	Rule          string               `json:"rule"`
	QuorumPercent int                  `json:"quorumPercent"`
	Electorate    string               `json:"electorate"`
	NetworkID     *string              `json:"networkID"`
	Coop          *struct{ ID string } `json:"coop"`
	SubjectCoopID *string              `json:"subjectCoopID"`
	CloseReason   *string              `json:"closeReason"`
}

type ntClosed struct {
	Proposal ntProposal `json:"proposal"`
	Outcome  struct {
		Passed         bool   `json:"passed"`
		QuorumReached  bool   `json:"quorumReached"`
		EligibleVoters int    `json:"eligibleVoters"`
		Yes            int    `json:"yes"`
		No             int    `json:"no"`
		Abstain        int    `json:"abstain"`
		Reason         string `json:"reason"`
	} `json:"outcome"`
}

func (e *gtEnv) ntIn(kv ...any) map[string]any {
	in := map[string]any{"closesAt": e.clk.Now().AddDate(0, 0, gtProposalLength).Format(time.RFC3339)}
	for i := 0; i+1 < len(kv); i += 2 {
		in[kv[i].(string)] = kv[i+1]
	}
	return map[string]any{"in": in}
}

// ntPropose opens a network proposal as p and returns it.
func (e *gtEnv) ntPropose(p *ent.Person, query string, vars map[string]any) ntProposal {
	e.t.Helper()
	var out map[string]struct {
		Proposal ntProposal `json:"proposal"`
	}
	testkit.OK(e.t, e.as(p).Do(query, vars), &out)
	for _, v := range out {
		return v.Proposal
	}
	e.t.Fatal("no payload")
	return ntProposal{}
}

func (e *gtEnv) ntClose(p *ent.Person, id string) ntClosed {
	e.t.Helper()
	var out struct {
		CloseProposal ntClosed `json:"closeProposal"`
	}
	testkit.OK(e.t, e.as(p).Do(ntCloseQ, map[string]any{"p": id}), &out)
	return out.CloseProposal
}

func (e *gtEnv) ntCoopVote(p *ent.Person, proposalID string, c *gtCoop, choice string) *testkit.Response {
	return e.as(p).Do(ntCoopVoteQ, map[string]any{"p": proposalID, "c": testkit.ID(c.ID), "ch": choice})
}

// ntDelegate makes the coop's first member cast its vote.
func (e *gtEnv) ntDelegate(c *gtCoop) {
	testkit.Must(e.ec.Coop.UpdateOneID(c.ID).SetNetworkVotes(coop.NetworkVotesDELEGATE).
		SetNetworkDelegateID(c.Members[0].ID).Save(e.ctx))(e.t)
}

// ntReads says whether p reads the object (a proposal, a network) by ID.
func (e *gtEnv) ntReads(p *ent.Person, id string) bool {
	e.t.Helper()
	res := e.as(p).Do(ntNodeQ, map[string]any{"id": id})
	if len(res.Errors) > 0 {
		testkit.OnlyError(e.t, res, "NOT_FOUND", "")
		return false
	}
	var out struct {
		Node *struct{ ID string } `json:"node"`
	}
	testkit.OK(e.t, res, &out)
	return out.Node != nil
}

// ntCoopOutside creates a coop in no network with n members who take part
// in no network either.
func (e *gtEnv) ntCoopOutside(n int) *gtCoop {
	k := e.next()
	c := &gtCoop{Coop: testkit.Must(e.ec.Coop.Create().SetName(fmt.Sprintf("Outside %d", k)).
		SetSlug(fmt.Sprintf("outside-%d", k)).SetAdmissionRule(coop.AdmissionRuleSIMPLE_MAJORITY).Save(e.ctx))(e.t)}
	for i := range n {
		p := testkit.Must(e.ec.Person.Create().SetName(fmt.Sprintf("Member %d of outside %d", i+1, k)).
			SetEmail(fmt.Sprintf("outside.%d.%d@example.org", k, i)).Save(e.ctx))(e.t)
		e.membership(p, c, "MEMBER", gtT0.AddDate(0, 0, -gtLongAgoDays))
		c.Members = append(c.Members, p)
	}
	return c
}

func (e *gtEnv) ntInNetwork(c *gtCoop) bool {
	e.t.Helper()
	return testkit.Must(e.ec.Network.Query().Where(network.ID(e.net.ID), network.HasCoopsWith(coop.ID(c.ID))).Exist(e.ctx))(e.t)
}

// ntSubscribe subscribes to a topic on the server's broker, for the events
// the domain operations publish once their transaction commits.
func (e *gtEnv) ntSubscribe(topic events.Topic) <-chan events.Event {
	ch, cancel := e.c.Events().Subscribe(topic)
	e.t.Cleanup(cancel)
	return ch
}

func ntExpectEvent(t *testing.T, ch <-chan events.Event, proposalID, change string) {
	t.Helper()
	select {
	case ev := <-ch:
		if testkit.ID(ev.Object) != proposalID || ev.Change != change {
			t.Errorf("event %+v, want %s of %s", ev, change, proposalID)
		}
	case <-time.After(testkit.WaitTimeout):
		t.Fatalf("no %s event of %s", change, proposalID)
	}
}

// TestNetworkDecisionByThreeCoops: a NETWORK_GENERAL decision of three
// coops, one voting by its delegate and two by internal COOP_VOTE
// decisions; the tally counts coops, not persons; participants read but do
// not vote; an internal decision closed after the network's decision casts
// nothing and says why.
func TestNetworkDecisionByThreeCoops(t *testing.T) {
	e := gtNewEnv(t)
	a, b, c := e.coop("SIMPLE_MAJORITY", 50, 2), e.coop("SIMPLE_MAJORITY", 50, 3), e.coop("SIMPLE_MAJORITY", 50, 2)
	e.ntDelegate(a)
	participant := e.person("Pia Participant") // in the network, in no coop
	freelancer := e.person("Fred Freelancer")
	e.membership(freelancer, a, "FREELANCER", gtT0.AddDate(0, 0, -gtLongAgoDays))
	outsider := testkit.Must(e.ec.Person.Create().SetName("Olga Outsider").SetEmail("olga@example.org").Save(e.ctx))(t)
	netTopic := e.ntSubscribe(events.Topic{Kind: events.NetworkProposals, ID: e.net.ID})

	// Only members of member coops propose.
	in := e.ntIn("networkID", testkit.ID(e.net.ID), "kind", "NETWORK_GENERAL", "title", "A common pool")
	for _, p := range []*ent.Person{participant, freelancer} {
		before := e.rowCounts()
		testkit.OnlyError(t, e.as(p).Do(ntProposeQ, in), "FORBIDDEN", "")
		testkit.NothingWritten(t, before, e.rowCounts())
	}
	testkit.OnlyError(t, e.as(outsider).Do(ntProposeQ, in), "NOT_FOUND", "networkID")
	prop := e.ntPropose(b.Members[2], ntProposeQ, in)
	if prop.Kind != "NETWORK_GENERAL" || prop.Electorate != "COOPS" || prop.Rule != "TWO_THIRDS" || prop.QuorumPercent != 50 ||
		prop.Coop != nil || prop.NetworkID == nil || *prop.NetworkID != testkit.ID(e.net.ID) || prop.Status != "OPEN" {
		t.Fatalf("network proposal %+v", prop)
	}
	ntExpectEvent(t, netTopic, prop.ID, "OPENED")

	// Participants and freelancers read it, and may not vote; outsiders do not see it.
	for _, p := range []*ent.Person{participant, freelancer, a.Members[1]} {
		if !e.ntReads(p, prop.ID) {
			t.Errorf("%s does not read the network's proposal", p.Name)
		}
		testkit.OnlyError(t, gtVote(e.as(p), prop.ID, "YES"), "FORBIDDEN", "")
	}
	if e.ntReads(outsider, prop.ID) {
		t.Error("an outsider reads the network's proposal")
	}
	testkit.OnlyError(t, gtClose(e.as(participant), prop.ID), "FORBIDDEN", "")

	// A votes by its delegate, only.
	testkit.OnlyError(t, e.ntCoopVote(a.Members[1], prop.ID, a, "YES"), "FORBIDDEN", "")
	testkit.OK(t, e.ntCoopVote(a.Members[0], prop.ID, a, "YES"), nil)
	ntExpectEvent(t, netTopic, prop.ID, "VOTE_CAST")
	testkit.OnlyError(t, e.ntCoopVote(b.Members[0], prop.ID, b, "YES"), "FORBIDDEN", "")

	// B and C decide their votes inside, before the network's deadline.
	closes := e.clk.Now().AddDate(0, 0, 3).Format(time.RFC3339)
	inner := func(co *gtCoop) ntProposal {
		p := e.ntPropose(co.Members[0], ntOpenCoopVote, map[string]any{"in": map[string]any{
			"proposalID": prop.ID, "coopID": testkit.ID(co.ID), "closesAt": closes}})
		if p.Kind != "COOP_VOTE" || p.Electorate != "MEMBERS" || p.Coop == nil || p.Coop.ID != testkit.ID(co.ID) {
			t.Fatalf("internal decision %+v", p)
		}
		return p
	}
	innerB, innerC := inner(b), inner(c)
	e.votes(b, innerB.ID, "YES", "YES", "NO")
	e.votes(c, innerC.ID, "NO", "NO")
	closedB := e.ntClose(b.Members[1], innerB.ID)
	if closedB.Proposal.Status != "PASSED" || !strings.Contains(closedB.Outcome.Reason, "the coop votes YES") {
		t.Fatalf("B's internal decision closed %+v", closedB)
	}
	ntExpectEvent(t, netTopic, prop.ID, "VOTE_CAST")
	votes := e.voteRows(testkit.DecodeID(t, prop.ID))
	if len(votes) != 2 {
		t.Fatalf("%d votes on the network's proposal, want A's and B's", len(votes))
	}
	for _, v := range votes {
		switch {
		case v.VoterCoopID == nil:
			t.Errorf("a person voted in person: %+v", v)
		case *v.VoterCoopID == b.ID && (v.DecidedByID == nil || testkit.ID(*v.DecidedByID) != innerB.ID || v.VoterID != nil || v.Choice != vote.ChoiceYES):
			t.Errorf("B's vote %+v, want YES decided by its internal proposal", v)
		case *v.VoterCoopID == a.ID && (v.VoterID == nil || *v.VoterID != a.Members[0].ID):
			t.Errorf("A's vote %+v, want cast by its delegate", v)
		}
	}

	// Two of three coops voted: no early close; after the deadline the
	// coops are counted, 3 eligible, not the 7 members.
	res := gtClose(e.as(a.Members[0]), prop.ID)
	testkit.OnlyError(t, res, "CONFLICT", "")
	e.clk.AdvanceDays(gtProposalLength + 1)
	closed := e.ntClose(c.Members[1], prop.ID)
	if closed.Proposal.Status != "PASSED" || closed.Outcome.EligibleVoters != 3 || closed.Outcome.Yes != 2 || closed.Outcome.No != 0 {
		t.Fatalf("network decision closed %+v", closed)
	}
	ntExpectEvent(t, netTopic, prop.ID, "CLOSED")

	// C's members decided too late: closing their decision casts nothing.
	late := e.ntClose(c.Members[0], innerC.ID)
	if late.Proposal.Status != "REJECTED" || !strings.Contains(late.Outcome.Reason, "the coop's vote was not cast") ||
		!strings.Contains(*late.Proposal.CloseReason, "voting on this proposal has ended") {
		t.Errorf("late internal close %+v", late)
	}
	if n := len(e.voteRows(testkit.DecodeID(t, prop.ID))); n != 2 {
		t.Errorf("%d votes on the closed network proposal after the late internal close, want 2", n)
	}
}

// TestNetworkCoopAdmission: a coop outside the network applies by the
// network's ID, its members follow the application; admitted, they read
// the network; a rejected applicant stays out; one open application per
// coop; the rule per kind is the one in force when the proposal opened.
func TestNetworkCoopAdmission(t *testing.T) {
	e := gtNewEnv(t)
	a, b := e.coop("SIMPLE_MAJORITY", 50, 2), e.coop("SIMPLE_MAJORITY", 50, 2)
	e.ntDelegate(a)
	e.ntDelegate(b)
	testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).SetDecisionRules(decision.Rules{
		{Kind: "COOP_ADMISSION", Rule: decision.Rule{Method: decision.Consensus, QuorumPercent: 100}},
		{Kind: "NETWORK_GENERAL", Rule: decision.Rule{Method: decision.TwoThirds, QuorumPercent: 50}},
	}).Save(e.ctx))(t)
	d, x := e.ntCoopOutside(2), e.ntCoopOutside(1)
	dTopic := e.ntSubscribe(events.Topic{Kind: events.Proposals, ID: d.ID})

	general := e.ntPropose(a.Members[1], ntProposeQ, e.ntIn("networkID", testkit.ID(e.net.ID), "kind", "NETWORK_GENERAL", "title", "Meet in May"))
	if e.ntReads(d.Members[0], testkit.ID(e.net.ID)) || e.ntReads(d.Members[0], general.ID) {
		t.Fatal("a member of a coop outside reads the network or its decisions")
	}

	// Only D's own members apply for D; an unknown network is NOT_FOUND.
	apply := e.ntIn("networkID", testkit.ID(e.net.ID), "coopID", testkit.ID(d.ID), "body", "We build shops.")
	testkit.OnlyError(t, e.as(x.Members[0]).Do(ntApplyQ, apply), "NOT_FOUND", "coopID")
	testkit.OnlyError(t, e.as(d.Members[0]).Do(ntApplyQ, e.ntIn("networkID", testkit.ID(a.ID), "coopID", testkit.ID(d.ID))), "NOT_FOUND", "networkID")
	testkit.OnlyError(t, e.as(a.Members[0]).Do(ntApplyQ, e.ntIn("networkID", testkit.ID(e.net.ID), "coopID", testkit.ID(a.ID))), "CONFLICT", "")
	app := e.ntPropose(d.Members[1], ntApplyQ, apply)
	if app.Kind != "COOP_ADMISSION" || app.Rule != "CONSENSUS" || app.QuorumPercent != 100 || app.Electorate != "COOPS" ||
		app.SubjectCoopID == nil || *app.SubjectCoopID != testkit.ID(d.ID) || app.Coop != nil {
		t.Fatalf("application %+v", app)
	}
	ntExpectEvent(t, dTopic, app.ID, "OPENED")
	before := e.rowCounts()
	testkit.OnlyError(t, e.as(d.Members[0]).Do(ntApplyQ, apply), "CONFLICT", "")
	testkit.NothingWritten(t, before, e.rowCounts())

	// The rule is frozen: a bylaws change now applies to later proposals.
	testkit.Must(e.ec.Network.UpdateOneID(e.net.ID).SetDecisionRules(decision.Rules{
		{Kind: "COOP_ADMISSION", Rule: decision.Rule{Method: decision.SimpleMajority, QuorumPercent: 50}},
	}).Save(e.ctx))(t)
	if row := e.proposalRow(testkit.DecodeID(t, app.ID)); row.Rule != proposal.RuleCONSENSUS || row.QuorumPercent != 100 {
		t.Errorf("the open application's rule changed with the bylaws: %s %d", row.Rule, row.QuorumPercent)
	}
	if general.Rule != "TWO_THIRDS" {
		t.Errorf("NETWORK_GENERAL opened under %s, want the kind's own TWO_THIRDS", general.Rule)
	}

	// D's members read their application but vote neither in person nor as a coop.
	if !e.ntReads(d.Members[0], app.ID) {
		t.Fatal("the applicant's members do not read their application")
	}
	testkit.OnlyError(t, gtVote(e.as(d.Members[0]), app.ID, "YES"), "FORBIDDEN", "")
	testkit.OK(t, e.ntCoopVote(a.Members[0], app.ID, a, "YES"), nil)
	ntExpectEvent(t, dTopic, app.ID, "VOTE_CAST")
	testkit.OK(t, e.ntCoopVote(b.Members[0], app.ID, b, "YES"), nil)
	ntExpectEvent(t, dTopic, app.ID, "VOTE_CAST")
	closed := e.ntClose(b.Members[1], app.ID) // every coop voted: an early close
	if closed.Proposal.Status != "PASSED" || closed.Outcome.EligibleVoters != 2 ||
		!strings.Contains(*closed.Proposal.CloseReason, "the coop joins the network") {
		t.Fatalf("application closed %+v", closed)
	}
	ntExpectEvent(t, dTopic, app.ID, "CLOSED")
	if !e.ntInNetwork(d) {
		t.Fatal("the admitted coop is not in the network")
	}
	// Admitted, D's members take part in the network like every member coop's.
	if !e.ntReads(d.Members[0], testkit.ID(e.net.ID)) || !e.ntReads(d.Members[0], general.ID) {
		t.Error("the admitted coop's members do not read the network and its decisions")
	}

	// X applies under the rule now in force and is turned down.
	appX := e.ntPropose(x.Members[0], ntApplyQ, e.ntIn("networkID", testkit.ID(e.net.ID), "coopID", testkit.ID(x.ID)))
	if appX.Rule != "SIMPLE_MAJORITY" || appX.QuorumPercent != 50 {
		t.Errorf("X's application opened under %s/%d, want SIMPLE_MAJORITY/50", appX.Rule, appX.QuorumPercent)
	}
	e.ntDelegate(d)
	testkit.OK(t, e.ntCoopVote(a.Members[0], appX.ID, a, "NO"), nil)
	testkit.OK(t, e.ntCoopVote(b.Members[0], appX.ID, b, "NO"), nil)
	testkit.OK(t, e.ntCoopVote(d.Members[0], appX.ID, d, "YES"), nil)
	closedX := e.ntClose(d.Members[0], appX.ID)
	if closedX.Proposal.Status != "REJECTED" || closedX.Outcome.EligibleVoters != 3 || e.ntInNetwork(x) {
		t.Fatalf("X's application closed %+v; X in the network: %v", closedX, e.ntInNetwork(x))
	}
}

// TestNetworkCoopExclusion: the coop concerned does not vote on its own
// exclusion; passed, it leaves the network; one open exclusion per coop;
// the network's only coop is not excluded.
func TestNetworkCoopExclusion(t *testing.T) {
	e := gtNewEnv(t)
	a, b, c := e.coop("SIMPLE_MAJORITY", 50, 1), e.coop("SIMPLE_MAJORITY", 50, 1), e.coop("SIMPLE_MAJORITY", 50, 1)
	for _, co := range []*gtCoop{a, b, c} {
		e.ntDelegate(co)
	}
	in := e.ntIn("networkID", testkit.ID(e.net.ID), "kind", "COOP_EXCLUSION", "subjectCoopID", testkit.ID(c.ID), "title", "Exclude C")
	testkit.OnlyError(t, e.as(a.Members[0]).Do(ntProposeQ, e.ntIn("networkID", testkit.ID(e.net.ID), "kind", "COOP_EXCLUSION", "title", "Whom?")),
		"BAD_USER_INPUT", "subjectCoopID")
	excl := e.ntPropose(a.Members[0], ntProposeQ, in)
	if excl.Kind != "COOP_EXCLUSION" || excl.SubjectCoopID == nil || *excl.SubjectCoopID != testkit.ID(c.ID) || excl.Rule != "TWO_THIRDS" {
		t.Fatalf("exclusion %+v", excl)
	}
	before := e.rowCounts()
	testkit.OnlyError(t, e.as(b.Members[0]).Do(ntProposeQ, in), "CONFLICT", "")
	testkit.NothingWritten(t, before, e.rowCounts())

	testkit.OnlyError(t, e.ntCoopVote(c.Members[0], excl.ID, c, "NO"), "FORBIDDEN", "")
	testkit.OK(t, e.ntCoopVote(a.Members[0], excl.ID, a, "YES"), nil)
	testkit.OK(t, e.ntCoopVote(b.Members[0], excl.ID, b, "YES"), nil)
	closed := e.ntClose(a.Members[0], excl.ID)
	if closed.Proposal.Status != "PASSED" || closed.Outcome.EligibleVoters != 2 || e.ntInNetwork(c) ||
		!strings.Contains(*closed.Proposal.CloseReason, "the coop leaves the network") {
		t.Fatalf("exclusion closed %+v; C in the network: %v", closed, e.ntInNetwork(c))
	}
	// C's members still read the decision about their coop.
	if !e.ntReads(c.Members[0], excl.ID) {
		t.Error("after the exclusion C's members do not read the decision about C")
	}

	// A network's only coop is not excluded: nobody would decide.
	solo := e.ntCoopOutside(1)
	n2 := testkit.Must(e.ec.Network.Create().SetName("Solo").SetSlug("solo").AddCoops(solo.Coop).Save(e.ctx))(t)
	before = e.rowCounts()
	testkit.OnlyError(t, e.as(solo.Members[0]).Do(ntProposeQ, e.ntIn("networkID", testkit.ID(n2.ID), "kind", "COOP_EXCLUSION",
		"subjectCoopID", testkit.ID(solo.ID), "title", "Exclude ourselves")), "BAD_USER_INPUT", "subjectCoopID")
	testkit.NothingWritten(t, before, e.rowCounts())
}

// TestNetworkFoundingCoopsOnly: the generic updateNetwork(addCoopIDs)
// brings in founding coops only, while the network has none; afterwards a
// coop joins by decision and the direct add is refused with nothing
// written.
func TestNetworkFoundingCoopsOnly(t *testing.T) {
	e := gtNewEnv(t)
	f, g := e.ntCoopOutside(1), e.ntCoopOutside(1)
	founder := f.Members[0]
	e.membership(founder, g, "MEMBER", gtT0.AddDate(0, 0, -gtLongAgoDays))
	var created struct {
		CreateNetwork struct{ Network struct{ ID string } } `json:"createNetwork"`
	}
	testkit.OK(t, e.as(founder).Do(`mutation { createNetwork(input: {name: "Founded", slug: "founded"}) { network { id } } }`, nil), &created)
	id := created.CreateNetwork.Network.ID
	add := `mutation($id: ID!, $c: ID!) { updateNetwork(id: $id, input: {addCoopIDs: [$c]}) { network { id } } }`
	testkit.OK(t, e.as(founder).Do(add, map[string]any{"id": id, "c": testkit.ID(f.ID)}), nil)
	before := e.rowCounts()
	testkit.OnlyError(t, e.as(founder).Do(add, map[string]any{"id": id, "c": testkit.ID(g.ID)}), "FORBIDDEN", "addCoopIDs")
	testkit.NothingWritten(t, before, e.rowCounts())
	n := testkit.Must(e.ec.Coop.Query().Where(coop.HasNetworksWith(network.ID(testkit.DecodeID(t, id)))).IDs(e.ctx))(t)
	if len(n) != 1 || n[0] != f.ID {
		t.Errorf("coops of the founded network: %v, want only %d", n, f.ID)
	}
	// G applies instead; F's members decide.
	app := e.ntPropose(founder, ntApplyQ, e.ntIn("networkID", id, "coopID", testkit.ID(g.ID)))
	if app.Kind != "COOP_ADMISSION" {
		t.Errorf("application %+v", app)
	}
}

// TestNetworkBylawsProposal: a NETWORK_BYLAWS proposal carries its change,
// validated when it opens, and is decided by the
// coops; its effect is bylaws.go's.
func TestNetworkBylawsProposal(t *testing.T) {
	e := gtNewEnv(t)
	a, b := e.coop("SIMPLE_MAJORITY", 50, 1), e.coop("SIMPLE_MAJORITY", 50, 1)
	e.ntDelegate(a)
	e.ntDelegate(b)
	bylawsIn := func(change map[string]any) map[string]any {
		return e.ntIn("networkID", testkit.ID(e.net.ID), "title", "New bylaws", "change", change)
	}
	for _, tc := range []struct {
		name, field string
		change      map[string]any
	}{
		{"nothing changes", "change", map[string]any{}},
		{"a coop kind", "decisionRules", map[string]any{"decisionRules": []any{map[string]any{"kind": "GENERAL", "method": "CONSENSUS", "quorumPercent": 50}}}},
		{"a kind twice", "decisionRules", map[string]any{"decisionRules": []any{
			map[string]any{"kind": "COOP_ADMISSION", "method": "CONSENSUS", "quorumPercent": 50},
			map[string]any{"kind": "COOP_ADMISSION", "method": "CONSENT", "quorumPercent": 50}}}},
		{"quorum out of range", "quorumPercent", map[string]any{"quorumPercent": 101}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			before := e.rowCounts()
			testkit.OnlyError(t, e.as(a.Members[0]).Do(ntBylawsQ, bylawsIn(tc.change)), "BAD_USER_INPUT", tc.field)
			testkit.NothingWritten(t, before, e.rowCounts())
		})
	}
	// A network kind goes through its own mutation, not createProposal.
	testkit.OnlyError(t, e.as(a.Members[0]).Do(gtCreateProposalQ, map[string]any{"in": map[string]any{
		"coopID": testkit.ID(a.ID), "kind": "NETWORK_GENERAL", "title": "x",
		"closesAt": e.clk.Now().AddDate(0, 0, 1).Format(time.RFC3339)}}), "BAD_USER_INPUT", "kind")

	p := e.ntPropose(b.Members[0], ntBylawsQ, bylawsIn(map[string]any{"quorumPercent": 75, "participantVoice": "NONE",
		"decisionRules": []any{map[string]any{"kind": "COOP_EXCLUSION", "method": "CONSENSUS", "quorumPercent": 100, "minVotingDays": 14}}}))
	if p.Kind != "NETWORK_BYLAWS" || p.Electorate != "COOPS" {
		t.Fatalf("bylaws proposal %+v", p)
	}
	row := e.proposalRow(testkit.DecodeID(t, p.ID))
	ch := row.BylawsChange
	if ch.QuorumPercent == nil || *ch.QuorumPercent != 75 || ch.ParticipantVoice == nil || *ch.ParticipantVoice != "NONE" ||
		ch.DecisionRules == nil || len(*ch.DecisionRules) != 1 || (*ch.DecisionRules)[0].MinVotingDays != 14 || ch.DefaultRule != nil {
		t.Errorf("carried change %+v", ch)
	}
	testkit.OK(t, e.ntCoopVote(a.Members[0], p.ID, a, "YES"), nil)
	testkit.OK(t, e.ntCoopVote(b.Members[0], p.ID, b, "YES"), nil)
	if closed := e.ntClose(a.Members[0], p.ID); closed.Proposal.Status != "PASSED" || closed.Outcome.EligibleVoters != 2 {
		t.Errorf("bylaws proposal closed %+v", closed)
	}
	// The passed change applied (bylaws.go): the network's bylaws are the
	// new version, and its individual participants no longer comment.
	n := testkit.Must(e.ec.Network.Get(e.ctx, e.net.ID))(t)
	if n.ParticipantVoice != network.ParticipantVoiceNONE || n.QuorumPercent != 75 || n.BylawsVersion != 2 || governance.ParticipantMayComment(n) {
		t.Errorf("network bylaws after the decision: voice %s, quorum %d, version %d", n.ParticipantVoice, n.QuorumPercent, n.BylawsVersion)
	}
	n.ParticipantVoice = network.ParticipantVoiceADVISORY
	if !governance.ParticipantMayComment(n) {
		t.Error("participants may not comment under participant voice ADVISORY")
	}
}

// TestNetworkRacingApplications: two members of a coop apply for it at the
// same moment: one application opens, the other is CONFLICT (the coop's row
// lock serializes them).
func TestNetworkRacingApplications(t *testing.T) {
	e := gtNewEnv(t)
	e.coop("SIMPLE_MAJORITY", 50, 1)
	d := e.ntCoopOutside(2)
	apply := e.ntIn("networkID", testkit.ID(e.net.ID), "coopID", testkit.ID(d.ID))
	res := testkit.Race(t,
		func() (*testkit.Response, error) { return e.as(d.Members[0]).Post(ntApplyQ, apply) },
		func() (*testkit.Response, error) { return e.as(d.Members[1]).Post(ntApplyQ, apply) })
	conflicts := 0
	for _, r := range res {
		if len(r.Errors) > 0 {
			testkit.OnlyError(t, r, "CONFLICT", "")
			conflicts++
		}
	}
	open := testkit.Must(e.ec.Proposal.Query().Where(proposal.SubjectCoopID(d.ID), proposal.StatusEQ(proposal.StatusOPEN)).Count(e.ctx))(t)
	if conflicts != 1 || open != 1 {
		t.Errorf("%d CONFLICTs and %d open applications, want one each", conflicts, open)
	}
}
