// Package governance_test checks issue 5 end to end: the membership pathway
// and the coop's decisions through real HTTP requests with real tokens
// against the real handler, with a fake clock, on SQLite and (with
// COCKPIT_TEST_DATABASE) on PostgreSQL.
package governance_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// gtT0 is where the fake clock of every test starts (whole seconds, so
// PostgreSQL's microseconds and SQLite's text keep it exactly).
var gtT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// gtBylaws are the bylaws of the coops gtEnv.coop creates unless a test
// changes them.
const (
	gtCandidacyDays  = 30
	gtRightToJoin    = 60
	gtBuyInCents     = 100_000
	gtQuorumPercent  = 50
	gtLongAgoDays    = 1000 // fixtures in a state "since long ago" satisfy every waiting period
	gtProposalLength = 7    // days a proposal is open unless a test says otherwise
)

// gtEnv is a migrated database, a fake clock, the HTTP handler on top and
// one network every person and coop of the test takes part in.
type gtEnv struct {
	t   *testing.T
	ctx context.Context // system context: fixtures and database checks bypass the privacy rules
	db  *store.DB
	ec  *ent.Client
	clk *clock.Fake
	c   *testkit.Client // anonymous
	net *ent.Network

	clients map[int]*testkit.Client
	seq     int
}

func gtNewEnv(t *testing.T) *gtEnv {
	t.Helper()
	return gtNewEnvWith(t, store.Options{})
}

// gtNewEnvWith is gtNewEnv on a database opened with opts (e.g. a
// testkit.FaultDriver).
func gtNewEnvWith(t *testing.T, opts store.Options) *gtEnv {
	t.Helper()
	db := testkit.NewDB(t, opts)
	clk := clock.NewFake(gtT0)
	e := &gtEnv{t: t, ctx: testkit.System(context.Background()), db: db, ec: db.Client, clk: clk,
		c: testkit.NewServerWithClock(t, db, clk), clients: map[int]*testkit.Client{}}
	e.net = testkit.Must(e.ec.Network.Create().SetName("Network G").SetSlug("network-g").Save(e.ctx))(t)
	return e
}

// use points the env's assertions at a subtest until the returned func runs.
func (e *gtEnv) use(t *testing.T) func() {
	parent := e.t
	e.t = t
	return func() { e.t = parent }
}

func (e *gtEnv) next() int { e.seq++; return e.seq }

// as returns a client with a token of p.
func (e *gtEnv) as(p *ent.Person) *testkit.Client {
	e.t.Helper()
	if c, ok := e.clients[p.ID]; ok {
		return c
	}
	c := e.c.As(p.ID)
	e.clients[p.ID] = c
	return c
}

// person creates a participant of the test's network.
func (e *gtEnv) person(name string) *ent.Person {
	n := e.next()
	slug := strings.ToLower(strings.ReplaceAll(name, " ", "."))
	p := testkit.Must(e.ec.Person.Create().SetName(name).SetEmail(fmt.Sprintf("%s.%d@example.org", slug, n)).Save(e.ctx))(e.t)
	testkit.Must(e.ec.NetworkMembership.Create().SetNetwork(e.net).SetPerson(p).
		SetRole(networkmembership.RolePARTICIPANT).Save(e.ctx))(e.t)
	return p
}

// gtCoop is a coop of the test with its milestone templates and members.
type gtCoop struct {
	*ent.Coop
	Required []*ent.MilestoneTemplate // two required milestones
	Optional *ent.MilestoneTemplate   // one that admission does not need
	Members  []*ent.Person            // MEMBERs since long ago
}

// coop creates a coop in the test's network with the gt bylaws, the rule and
// quorum given, and n members.
func (e *gtEnv) coop(rule string, quorum, n int) *gtCoop {
	k := e.next()
	c := &gtCoop{Coop: testkit.Must(e.ec.Coop.Create().SetName(fmt.Sprintf("Coop %d", k)).SetSlug(fmt.Sprintf("coop-%d", k)).
		SetCandidacyDays(gtCandidacyDays).SetFreelancerRightToJoinDays(gtRightToJoin).SetBuyInCents(gtBuyInCents).
		SetAdmissionRule(coop.AdmissionRule(rule)).SetQuorumPercent(quorum).AddNetworks(e.net).Save(e.ctx))(e.t)}
	c.Required = []*ent.MilestoneTemplate{
		testkit.Must(e.ec.MilestoneTemplate.Create().SetCoop(c.Coop).SetName("Met every member").SetPosition(1).Save(e.ctx))(e.t),
		testkit.Must(e.ec.MilestoneTemplate.Create().SetCoop(c.Coop).SetName("Worked on two projects").SetPosition(2).Save(e.ctx))(e.t),
	}
	c.Optional = testkit.Must(e.ec.MilestoneTemplate.Create().SetCoop(c.Coop).SetName("Gave a talk").
		SetRequired(false).SetPosition(3).Save(e.ctx))(e.t)
	for i := range n {
		p := e.person(fmt.Sprintf("Member %d of %d", i+1, k))
		e.membership(p, c, "MEMBER", gtT0.AddDate(0, 0, -gtLongAgoDays))
		c.Members = append(c.Members, p)
	}
	return c
}

// gtHistory is the history fixtures give a membership in a state: a valid
// path of the state machine from nothing (members are founders).
var gtHistory = map[string][]string{
	"INTERESTED": {"INTERESTED"},
	"FREELANCER": {"INTERESTED", "FREELANCER"},
	"CANDIDATE":  {"INTERESTED", "FREELANCER", "CANDIDATE"},
	"MEMBER":     {"MEMBER"},
	"PAUSED":     {"MEMBER", "PAUSED"},
	"LEFT":       {"INTERESTED", "LEFT"},
}

// membership puts p in state at coop c since the given time, with a history
// that replays to it (one event a day before since, the last one at since).
func (e *gtEnv) membership(p *ent.Person, c *gtCoop, state string, since time.Time) *ent.Membership {
	steps := gtHistory[state]
	first := since.AddDate(0, 0, -(len(steps) - 1))
	ms := testkit.Must(e.ec.Membership.Create().SetPerson(p).SetCoop(c.Coop).SetState(membership.State(state)).
		SetStateSince(since).SetJoinedAt(first).Save(e.ctx))(e.t)
	from := ""
	for i, to := range steps {
		b := e.ec.PathwayEvent.Create().SetMembership(ms).SetToState(pathwayevent.ToState(to)).
			SetAt(first.AddDate(0, 0, i)).SetActor(p).SetReason("fixture")
		if from != "" {
			b.SetFromState(pathwayevent.FromState(from))
		}
		testkit.Must(b.Save(e.ctx))(e.t)
		from = to
	}
	return ms
}

// readyCandidate is a CANDIDATE of c for whom everything but the admission
// vote is in place: candidacy served, both required milestones verified by
// a member, buy-in recorded, a buddy. Options leave one guard out.
type gtReady struct {
	candidacyDays int // days the candidacy lasted so far (default: long ago)
	noBuddy       bool
	noBuyIn       bool
	verified      int // required milestones verified by a member (default: all, -1: none)
}

func (e *gtEnv) readyCandidate(c *gtCoop, opt gtReady) (*ent.Person, *ent.Membership) {
	p := e.person(fmt.Sprintf("Candidate %d", e.next()))
	since := gtT0.AddDate(0, 0, -gtLongAgoDays)
	if opt.candidacyDays > 0 {
		since = e.clk.Now().AddDate(0, 0, -opt.candidacyDays)
	}
	ms := e.membership(p, c, "CANDIDATE", since)
	upd := ms.Update()
	if !opt.noBuddy {
		upd.SetBuddyID(c.Members[0].ID)
	}
	if !opt.noBuyIn {
		upd.SetBuyInRecordedAt(since).SetBuyInPaidCents(gtBuyInCents)
	}
	ms = testkit.Must(upd.Save(e.ctx))(e.t)
	verified := len(c.Required)
	switch {
	case opt.verified < 0:
		verified = 0
	case opt.verified > 0:
		verified = opt.verified
	}
	for i, tpl := range c.Required {
		b := e.ec.MilestoneProgress.Create().SetMembership(ms).SetTemplate(tpl).SetCompletedAt(since)
		if i < verified {
			b.SetVerifiedAt(since).SetVerifiedBy(c.Members[len(c.Members)-1])
		}
		testkit.Must(b.Save(e.ctx))(e.t)
	}
	return p, ms
}

// ---- GraphQL operations -------------------------------------------------

const (
	gtMembershipSel = `membership { id state stateSince personID coopID buddyID buyInRecordedAt buyInPaid { amount currency } }`

	gtJoinQ       = `mutation($c: ID!, $r: String) { joinCoop(coopID: $c, reason: $r) { ` + gtMembershipSel + ` } }`
	gtTransitionQ = `mutation($m: ID!, $t: PathwayTransition!, $r: String) {
		transitionMembership(membershipID: $m, transition: $t, reason: $r) { ` + gtMembershipSel + ` } }`
	gtBuddyQ    = `mutation($m: ID!, $b: ID!) { assignBuddy(membershipID: $m, buddyID: $b) { ` + gtMembershipSel + ` } }`
	gtBuyInQ    = `mutation($m: ID!, $a: MoneyInput!) { recordBuyIn(membershipID: $m, amount: $a) { ` + gtMembershipSel + ` } }`
	gtProgSel   = `milestoneProgress { id membershipID templateID completedAt verifiedAt verifiedByID note }`
	gtCompleteQ = `mutation($m: ID!, $tpl: ID!, $n: String) { completeMilestone(membershipID: $m, templateID: $tpl, note: $n) { ` + gtProgSel + ` } }`
	gtVerifyQ   = `mutation($p: ID!) { verifyMilestone(progressID: $p) { ` + gtProgSel + ` } }`

	gtProposalSel = `proposal { id kind status rule quorumPercent openedAt closesAt closedAt membershipID authorID coopID }
		outcome { passed quorumReached eligibleVoters requiredVotes yes no abstain block reason }`
	gtCreateProposalQ = `mutation($in: CreateProposalInput!) { createProposal(input: $in) { ` + gtProposalSel + ` } }`
	gtCloseQ          = `mutation($p: ID!) { closeProposal(proposalID: $p) { ` + gtProposalSel + ` } }`
	gtVoteQ           = `mutation($p: ID!, $c: VoteChoice!, $r: String) { castVote(proposalID: $p, choice: $c, reason: $r) {
		vote { id proposalID voterID choice reason castAt } } }`

	gtPathwayQ = `query($m: ID!) { pathway(membershipID: $m) {
		membership { id state }
		state since
		history { id fromState toState at actorID reason proposalID }
		next { transition to allowed eligibleOn missing { kind message daysLeft openMilestones } }
	} }`
)

type gtMembershipJSON struct {
	ID              string     `json:"id"`
	State           string     `json:"state"`
	StateSince      time.Time  `json:"stateSince"`
	PersonID        string     `json:"personID"`
	CoopID          string     `json:"coopID"`
	BuddyID         *string    `json:"buddyID"`
	BuyInRecordedAt *time.Time `json:"buyInRecordedAt"`
	BuyInPaid       *gtMoney   `json:"buyInPaid"`
}

// gtMoney is a Money value as the API returns it (and, without decimal, a MoneyInput).
type gtMoney struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// gtEUR is a MoneyInput in euros, the currency of gtEnv.coop's coops.
func gtEUR(cents int64) map[string]any { return map[string]any{"amount": cents, "currency": "EUR"} }

type gtProgressJSON struct {
	ID           string     `json:"id"`
	MembershipID string     `json:"membershipID"`
	TemplateID   string     `json:"templateID"`
	CompletedAt  *time.Time `json:"completedAt"`
	VerifiedAt   *time.Time `json:"verifiedAt"`
	VerifiedByID *string    `json:"verifiedByID"`
	Note         *string    `json:"note"`
}

type gtProposalJSON struct {
	ID            string     `json:"id"`
	Kind          string     `json:"kind"`
	Status        string     `json:"status"`
	Rule          string     `json:"rule"`
	QuorumPercent int        `json:"quorumPercent"`
	OpenedAt      time.Time  `json:"openedAt"`
	ClosesAt      time.Time  `json:"closesAt"`
	ClosedAt      *time.Time `json:"closedAt"`
	MembershipID  *string    `json:"membershipID"`
	AuthorID      *string    `json:"authorID"`
	CoopID        string     `json:"coopID"`
}

type gtOutcomeJSON struct {
	Passed         bool   `json:"passed"`
	QuorumReached  bool   `json:"quorumReached"`
	EligibleVoters int    `json:"eligibleVoters"`
	RequiredVotes  int    `json:"requiredVotes"`
	Yes            int    `json:"yes"`
	No             int    `json:"no"`
	Abstain        int    `json:"abstain"`
	Block          int    `json:"block"`
	Reason         string `json:"reason"`
}

type gtProposalPayload struct {
	Proposal gtProposalJSON `json:"proposal"`
	Outcome  *gtOutcomeJSON `json:"outcome"`
}

type gtVoteJSON struct {
	ID         string    `json:"id"`
	ProposalID string    `json:"proposalID"`
	VoterID    string    `json:"voterID"`
	Choice     string    `json:"choice"`
	Reason     *string   `json:"reason"`
	CastAt     time.Time `json:"castAt"`
}

type gtEventJSON struct {
	ID         string    `json:"id"`
	FromState  *string   `json:"fromState"`
	ToState    string    `json:"toState"`
	At         time.Time `json:"at"`
	ActorID    *string   `json:"actorID"`
	Reason     *string   `json:"reason"`
	ProposalID *string   `json:"proposalID"`
}

type gtRequirementJSON struct {
	Kind           string `json:"kind"`
	Message        string `json:"message"`
	DaysLeft       *int   `json:"daysLeft"`
	OpenMilestones *int   `json:"openMilestones"`
}

type gtOptionJSON struct {
	Transition string              `json:"transition"`
	To         string              `json:"to"`
	Allowed    bool                `json:"allowed"`
	EligibleOn *time.Time          `json:"eligibleOn"`
	Missing    []gtRequirementJSON `json:"missing"`
}

type gtPathwayJSON struct {
	Membership struct {
		ID    string `json:"id"`
		State string `json:"state"`
	} `json:"membership"`
	State   string         `json:"state"`
	Since   time.Time      `json:"since"`
	History []gtEventJSON  `json:"history"`
	Next    []gtOptionJSON `json:"next"`
}

func (p gtPathwayJSON) option(t string) *gtOptionJSON {
	for i := range p.Next {
		if p.Next[i].Transition == t {
			return &p.Next[i]
		}
	}
	return nil
}

func (o *gtOptionJSON) missingKinds() []string {
	var kinds []string
	for _, m := range o.Missing {
		kinds = append(kinds, m.Kind)
	}
	return kinds
}

// ---- requests -----------------------------------------------------------

func gtTransition(c *testkit.Client, ms int, t, reason string) *testkit.Response {
	return c.Do(gtTransitionQ, map[string]any{"m": testkit.ID(ms), "t": t, "r": reason})
}

func gtJoin(c *testkit.Client, coop int, reason string) *testkit.Response {
	return c.Do(gtJoinQ, map[string]any{"c": testkit.ID(coop), "r": reason})
}

func gtClose(c *testkit.Client, p string) *testkit.Response {
	return c.Do(gtCloseQ, map[string]any{"p": p})
}

func gtVote(c *testkit.Client, p, choice string) *testkit.Response {
	return c.Do(gtVoteQ, map[string]any{"p": p, "c": choice})
}

func gtPathway(c *testkit.Client, ms int) *testkit.Response {
	return c.Do(gtPathwayQ, map[string]any{"m": testkit.ID(ms)})
}

// proposalInput is a CreateProposalInput for coop c closing in
// gtProposalLength days.
func (e *gtEnv) proposalInput(c *gtCoop, kind string, ms *ent.Membership) map[string]any {
	in := map[string]any{
		"coopID": testkit.ID(c.ID), "kind": kind, "title": fmt.Sprintf("%s proposal %d", kind, e.next()),
		"closesAt": e.clk.Now().AddDate(0, 0, gtProposalLength).Format(time.RFC3339),
	}
	if ms != nil {
		in["membershipID"] = testkit.ID(ms.ID)
	}
	return in
}

// propose opens a proposal as the coop's first member and returns it.
func (e *gtEnv) propose(c *gtCoop, kind string, ms *ent.Membership) gtProposalJSON {
	e.t.Helper()
	var out struct {
		CreateProposal gtProposalPayload `json:"createProposal"`
	}
	testkit.OK(e.t, e.as(c.Members[0]).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, kind, ms)}), &out)
	return out.CreateProposal.Proposal
}

// votes casts the choices of the coop's members in order ("" skips one).
func (e *gtEnv) votes(c *gtCoop, p string, choices ...string) {
	e.t.Helper()
	for i, ch := range choices {
		if ch == "" {
			continue
		}
		testkit.OK(e.t, gtVote(e.as(c.Members[i]), p, ch), nil)
	}
}

// closeOK closes a proposal as the coop's first member and returns the payload.
func (e *gtEnv) closeOK(c *gtCoop, p string) gtProposalPayload {
	e.t.Helper()
	var out struct {
		CloseProposal gtProposalPayload `json:"closeProposal"`
	}
	testkit.OK(e.t, gtClose(e.as(c.Members[0]), p), &out)
	if out.CloseProposal.Outcome == nil {
		e.t.Fatalf("closeProposal returned no outcome")
	}
	return out.CloseProposal
}

// pathwayOf reads a pathway as client c, failing on errors.
func (e *gtEnv) pathwayOf(c *testkit.Client, ms int) gtPathwayJSON {
	e.t.Helper()
	var out struct {
		Pathway *gtPathwayJSON `json:"pathway"`
	}
	testkit.OK(e.t, gtPathway(c, ms), &out)
	if out.Pathway == nil {
		e.t.Fatalf("pathway of membership %d is null", ms)
	}
	return *out.Pathway
}

// ---- assertions ---------------------------------------------------------

// gtInvalid asserts an INVALID_TRANSITION naming the current state and, in
// extensions.allowedTransitions and the message, exactly the allowed ones.
func gtInvalid(t testing.TB, res *testkit.Response, current string, allowed []string) testkit.Error {
	t.Helper()
	e := testkit.OnlyError(t, res, "INVALID_TRANSITION", "")
	if !strings.Contains(e.Message, current) {
		t.Errorf("message %q does not name the current state %s", e.Message, current)
	}
	if got, _ := e.Extensions["currentState"].(string); got != current {
		t.Errorf("extensions.currentState = %q, want %s", got, current)
	}
	got := gtStrings(e.Extensions["allowedTransitions"])
	if allowed == nil {
		allowed = []string{}
	}
	if !reflect.DeepEqual(got, allowed) {
		t.Errorf("extensions.allowedTransitions = %v, want %v", got, allowed)
	}
	want := "allowed now: none"
	if len(allowed) > 0 {
		want = "allowed now: " + strings.Join(allowed, ", ")
	}
	if !strings.Contains(e.Message, want) {
		t.Errorf("message %q does not say %q", e.Message, want)
	}
	return e
}

// gtMissing returns extensions.missing of an error.
func gtMissing(e testkit.Error) []string { return gtStrings(e.Extensions["missing"]) }

func gtStrings(v any) []string {
	list, _ := v.([]any)
	out := []string{}
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// gtSnap is what must not change when a transition is refused.
type gtSnap struct {
	State  membership.State
	Since  time.Time
	Events int
	Rows   map[string]int
}

func (e *gtEnv) snap(ms int) gtSnap {
	e.t.Helper()
	m := testkit.Must(e.ec.Membership.Get(e.ctx, ms))(e.t)
	return gtSnap{State: m.State, Since: m.StateSince.UTC(), Events: e.eventCount(ms), Rows: e.rowCounts()}
}

func (e *gtEnv) assertUnchanged(before gtSnap, ms int) {
	e.t.Helper()
	after := e.snap(ms)
	if after.State != before.State || !after.Since.Equal(before.Since) || after.Events != before.Events {
		e.t.Errorf("membership changed: before %s since %s with %d events, after %s since %s with %d events",
			before.State, before.Since, before.Events, after.State, after.Since, after.Events)
	}
	for table, n := range before.Rows {
		if after.Rows[table] != n {
			e.t.Errorf("table %s: %d rows before, %d after the refused request", table, n, after.Rows[table])
		}
	}
}

func (e *gtEnv) eventCount(ms int) int {
	e.t.Helper()
	return testkit.Must(e.ec.PathwayEvent.Query().Where(pathwayevent.MembershipID(ms)).Count(e.ctx))(e.t)
}

// events returns the history of a membership from the database, oldest first.
func (e *gtEnv) events(ms int) []*ent.PathwayEvent {
	e.t.Helper()
	return testkit.Must(e.ec.PathwayEvent.Query().Where(pathwayevent.MembershipID(ms)).
		Order(ent.Asc(pathwayevent.FieldAt), ent.Asc(pathwayevent.FieldID)).All(e.ctx))(e.t)
}

func (e *gtEnv) lastEvent(ms int) *ent.PathwayEvent {
	e.t.Helper()
	evs := e.events(ms)
	if len(evs) == 0 {
		e.t.Fatalf("membership %d has no history", ms)
	}
	return evs[len(evs)-1]
}

func (e *gtEnv) reload(ms int) *ent.Membership {
	e.t.Helper()
	return testkit.Must(e.ec.Membership.Get(e.ctx, ms))(e.t)
}

// rowCounts counts the rows of every table, straight from the database.
func (e *gtEnv) rowCounts() map[string]int {
	e.t.Helper()
	return testkit.RowCounts(e.t, e.db)
}

// assertEvent checks one PathwayEvent against what the transition should have written.
func (e *gtEnv) assertEvent(ev *ent.PathwayEvent, from, to string, actor *ent.Person, reason string, proposalID *int) {
	e.t.Helper()
	gotFrom := ""
	if ev.FromState != nil {
		gotFrom = string(*ev.FromState)
	}
	if gotFrom != from || string(ev.ToState) != to {
		e.t.Errorf("event %d: %q → %s, want %q → %s", ev.ID, gotFrom, ev.ToState, from, to)
	}
	if !ev.At.Equal(e.clk.Now()) {
		e.t.Errorf("event %d at %s, want the clock's now %s", ev.ID, ev.At.UTC(), e.clk.Now())
	}
	if ev.ActorID == nil || *ev.ActorID != actor.ID {
		e.t.Errorf("event %d actor %v, want %d (%s)", ev.ID, ev.ActorID, actor.ID, actor.Name)
	}
	if reason != "" && ev.Reason != reason && !strings.Contains(ev.Reason, reason) {
		e.t.Errorf("event %d reason %q, want %q", ev.ID, ev.Reason, reason)
	}
	switch {
	case proposalID == nil && ev.ProposalID != nil:
		e.t.Errorf("event %d names proposal %d, want none", ev.ID, *ev.ProposalID)
	case proposalID != nil && (ev.ProposalID == nil || *ev.ProposalID != *proposalID):
		e.t.Errorf("event %d names proposal %v, want %d", ev.ID, ev.ProposalID, *proposalID)
	}
}

// voteRows returns the votes of a proposal straight from the database.
func (e *gtEnv) voteRows(p int) []*ent.Vote {
	e.t.Helper()
	return testkit.Must(e.ec.Vote.Query().Where(vote.ProposalID(p)).All(e.ctx))(e.t)
}

func (e *gtEnv) proposalRow(p int) *ent.Proposal {
	e.t.Helper()
	return testkit.Must(e.ec.Proposal.Get(e.ctx, p))(e.t)
}

// gtAllowedFrom lists what the fixtures allow from each state through
// transitionMembership when every waiting period has passed (ADMIT and
// DECLINE need a closed proposal, EXCLUDE a passed one, so they are never
// allowed there).
var gtAllowedFrom = map[string][]string{
	"INTERESTED": {"START_FREELANCING", "LEAVE"},
	"FREELANCER": {"APPLY", "LEAVE"},
	"CANDIDATE":  {"LEAVE"},
	"MEMBER":     {"PAUSE", "LEAVE"},
	"PAUSED":     {"RESUME", "LEAVE"},
	"LEFT":       {"REJOIN"},
}

var gtTargets = map[string]string{
	"START_FREELANCING": "FREELANCER", "APPLY": "CANDIDATE", "ADMIT": "MEMBER", "DECLINE": "FREELANCER",
	"PAUSE": "PAUSED", "RESUME": "MEMBER", "LEAVE": "LEFT", "REJOIN": "INTERESTED", "EXCLUDE": "LEFT",
}

var (
	gtStates      = []string{"INTERESTED", "FREELANCER", "CANDIDATE", "MEMBER", "PAUSED", "LEFT"}
	gtTransitions = []string{"START_FREELANCING", "APPLY", "ADMIT", "DECLINE", "PAUSE", "RESUME", "LEAVE", "REJOIN", "EXCLUDE"}
)

func gtContains(list []string, s string) bool { return slices.Contains(list, s) }
