package demo_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/bylawsversion"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/demo"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/pathway"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// histories holds every membership's pathway events, oldest first, by
// {person, coop}: what the stored data says happened, read back from the
// database rather than from the seeder's plan.
type histories map[[2]int][]*ent.PathwayEvent

// stateBefore is a person's state in a coop just before t ("" if none).
func (h histories) stateBefore(person, coop int, t time.Time) (pathway.State, time.Time) {
	var s pathway.State
	var since time.Time
	for _, e := range h[[2]int{person, coop}] {
		if !e.At.Before(t) {
			break
		}
		s, since = pathway.State(e.ToState), e.At
	}
	return s, since
}

func (h histories) memberBefore(person, coop int, t time.Time) bool {
	s, _ := h.stateBefore(person, coop, t)
	return s == pathway.Member
}

// The stored demo holds nothing the real rules would refuse: every closed
// proposal's status is what decision.Decide gives its votes, and every
// membership's history replays through the pathway state machine, each step
// allowed by its guards with the facts stored for that day. Runs on SQLite
// and, with COCKPIT_TEST_DATABASE, on PostgreSQL.
//
// It checks the demo on its own calendar and anchored at a year's end (as
// serve --demo anchors it at today, with the clock standing there).
func TestSeedObeysRules(t *testing.T) {
	for _, anchor := range []string{"", "2027-12-31"} {
		t.Run("anchor="+anchor, func(t *testing.T) {
			ctx, opt := systemCtx(), demo.Options{}
			if anchor != "" {
				opt.Anchor, _ = time.Parse(time.DateOnly, anchor)
				ctx = clock.NewContext(ctx, clock.NewFake(opt.Anchor.Add(15*time.Hour)))
			}
			c := testkit.NewDB(t, store.Options{}).Client
			if err := demo.SeedWith(ctx, c, opt); err != nil {
				t.Fatal(err)
			}
			seedObeysRules(t, ctx, c)
		})
	}
}

func seedObeysRules(t *testing.T, ctx context.Context, c *ent.Client) {
	ms := c.Membership.Query().
		WithCoop(func(q *ent.CoopQuery) { q.WithMilestoneTemplates() }).
		WithEvents(func(q *ent.PathwayEventQuery) { q.Order(ent.Asc(pathwayevent.FieldAt), ent.Asc(pathwayevent.FieldID)) }).
		WithMilestones(func(q *ent.MilestoneProgressQuery) { q.WithTemplate() }).
		AllX(ctx)
	h := histories{}
	for _, m := range ms {
		h[[2]int{m.PersonID, m.CoopID}] = m.Edges.Events
	}

	// Proposals: re-decided over the coop's members just before closing,
	// counting only their votes (governance.CloseProposal).
	type decided struct {
		outcome    decision.Outcome
		membership *int
		at         time.Time
	}
	outcomes := map[int]decided{}
	closed := 0
	for _, p := range c.Proposal.Query().WithVotes().AllX(ctx) {
		if p.Status == proposal.StatusOPEN {
			continue
		}
		closed++
		eligible := 0
		for _, m := range ms {
			if m.CoopID == p.CoopID && h.memberBefore(m.PersonID, m.CoopID, *p.ClosedAt) {
				eligible++
			}
		}
		var count decision.Count
		for _, v := range p.Edges.Votes {
			if h.memberBefore(testkit.Deref(v.VoterID), p.CoopID, *p.ClosedAt) {
				if err := count.Add(decision.Choice(v.Choice)); err != nil {
					t.Fatal(err)
				}
			}
		}
		o, err := decision.Decide(governance.RuleOf(p), eligible, count)
		if err != nil {
			t.Errorf("proposal %q: %v", p.Title, err)
			continue
		}
		want := proposal.StatusREJECTED
		if o.Passed {
			want = proposal.StatusPASSED
		}
		if p.Status != want {
			t.Errorf("proposal %q is %s, decision.Decide says %s: %s", p.Title, p.Status, want, o.Reason)
		}
		outcomes[p.ID] = decided{o, p.MembershipID, *p.ClosedAt}
	}
	if closed == 0 {
		t.Fatal("no closed proposals to re-decide")
	}
	checkCoopVotes(t, c, func(id int) (decision.Outcome, bool) { d, ok := outcomes[id]; return d.outcome, ok })

	// Pathways: the history replays, and each step was allowed that day.
	steps := 0
	for _, m := range ms {
		evs := m.Edges.Events
		var path [][2]pathway.State
		for _, e := range evs {
			var from pathway.State
			if e.FromState != nil {
				from = pathway.State(*e.FromState)
			}
			path = append(path, [2]pathway.State{from, pathway.State(e.ToState)})
		}
		got, err := pathway.Replay(path)
		if err != nil || got != pathway.State(m.State) {
			t.Errorf("membership %d: history replays to %s (%v), state is %s", m.ID, got, err, m.State)
			continue
		}
		// A history begins as governance begins one: INTERESTED, or MEMBER
		// for a founder.
		if first := evs[0]; first.ToState != pathwayevent.ToStateINTERESTED &&
			!(first.ToState == pathwayevent.ToStateMEMBER && strings.HasPrefix(first.Reason, "Founding member")) {
			t.Errorf("membership %d begins %s: %q", m.ID, first.ToState, first.Reason)
		}
		for i, e := range evs[1:] {
			f := factsAt(m, h, e.At)
			if f.State != path[i+1][0] {
				t.Errorf("membership %d: step %d from %s, state then %s", m.ID, i+1, path[i+1][0], f.State)
			}
			tr := transitionBetween(f.State, pathway.State(e.ToState))
			if tr == pathway.Admit || tr == pathway.Decline {
				d, ok := outcomes[intOr(e.ProposalID)]
				if !ok || d.membership == nil || *d.membership != m.ID || !d.at.Equal(e.At) {
					t.Errorf("membership %d: %s on %s is not the effect of its admission proposal closing", m.ID, tr, e.At.Format(time.DateOnly))
					continue
				}
				f.AdmissionPassed, f.AdmissionFailed = d.outcome.Passed, !d.outcome.Passed
			}
			if _, err := pathway.Check(f, tr); err != nil {
				t.Errorf("membership %d on %s: %v", m.ID, e.At.Format(time.DateOnly), err)
			}
			steps++
		}
	}
	if steps == 0 {
		t.Fatal("no pathway steps to check")
	}
	t.Logf("re-decided %d closed proposals, checked %d pathway steps of %d memberships", closed, steps, len(ms))
}

// factsAt gathers from the stored rows what the pathway's guards read about
// m just before t, as governance does for a live request.
func factsAt(m *ent.Membership, h histories, t time.Time) pathway.Facts {
	co := m.Edges.Coop
	state, since := h.stateBefore(m.PersonID, m.CoopID, t)
	f := pathway.Facts{
		State: state, StateSince: since, Now: t,
		Bylaws:        pathway.Bylaws{CandidacyDays: co.CandidacyDays, FreelancerRightToJoinDays: co.FreelancerRightToJoinDays},
		BuddyAssigned: m.BuddyID != nil && h.memberBefore(*m.BuddyID, m.CoopID, t),
		BuyInRecorded: m.BuyInRecordedAt != nil && !m.BuyInRecordedAt.After(t),
	}
	if co.BuyInCents != nil {
		f.Bylaws.BuyInCents = *co.BuyInCents
	}
	for _, mt := range co.Edges.MilestoneTemplates {
		if mt.Required {
			f.RequiredMilestones++
		}
	}
	for _, mp := range m.Edges.Milestones {
		if mp.Edges.Template.Required && mp.VerifiedAt != nil && !mp.VerifiedAt.After(t) &&
			mp.VerifiedByID != nil && *mp.VerifiedByID != m.PersonID {
			f.VerifiedMilestones++
		}
	}
	return f
}

// transitionBetween names the pathway transition from one state to another
// ("" if there is none; pathway.Check then refuses it).
func transitionBetween(from, to pathway.State) pathway.Transition {
	for _, tr := range pathway.From(from) {
		if target, _ := pathway.Target(tr); target == to {
			return tr
		}
	}
	return ""
}

func intOr(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// checkCoopVotes: on a decision of coops, each coop votes once, as one of
// the coops deciding it; a vote decided by a COOP_VOTE is that closed
// proposal's outcome (PASSED YES, REJECTED NO, quorum missed ABSTAIN, as
// re-decided by outcome), cast when it closed, before the decision closes;
// any other coop vote is its delegate's.
func checkCoopVotes(t *testing.T, c *ent.Client, outcome func(proposalID int) (decision.Outcome, bool)) {
	t.Helper()
	ctx := systemCtx()
	decided := 0
	for _, p := range c.Proposal.Query().Where(proposal.ElectorateEQ(proposal.ElectorateCOOPS)).WithVotes().WithNetwork(func(q *ent.NetworkQuery) { q.WithCoops() }).AllX(ctx) {
		coops := map[int]*ent.Coop{}
		for _, co := range p.Edges.Network.Edges.Coops {
			coops[co.ID] = co
		}
		voted := map[int]bool{}
		for _, v := range p.Edges.Votes {
			co := coops[testkit.Deref(v.VoterCoopID)]
			if co == nil || voted[co.ID] || (p.SubjectCoopID != nil && *p.SubjectCoopID == co.ID) {
				t.Errorf("proposal %q: vote %d is not the one vote of a coop deciding it", p.Title, v.ID)
				continue
			}
			voted[co.ID] = true
			if v.DecidedByID == nil {
				if co.NetworkDelegateID == nil || testkit.Deref(v.VoterID) != *co.NetworkDelegateID {
					t.Errorf("proposal %q: %s's vote is neither decided nor its delegate's", p.Title, co.Name)
				}
				continue
			}
			by := c.Proposal.GetX(ctx, *v.DecidedByID)
			o, ok := outcome(by.ID)
			if by.Kind != proposal.KindCOOP_VOTE || by.CoopID != co.ID || testkit.Deref(by.ParentID) != p.ID || !ok ||
				!by.ClosedAt.Equal(v.CastAt) || !by.ClosedAt.Before(p.ClosesAt) || v.VoterID != nil {
				t.Errorf("proposal %q: %s's vote is not cast by the close of its COOP_VOTE", p.Title, co.Name)
				continue
			}
			want := vote.ChoiceNO
			switch {
			case !o.QuorumReached:
				want = vote.ChoiceABSTAIN
			case o.Passed:
				want = vote.ChoiceYES
			}
			if v.Choice != want {
				t.Errorf("proposal %q: %s votes %s, its COOP_VOTE decided %s (%s)", p.Title, co.Name, v.Choice, want, o.Reason)
			}
			decided++
		}
		if p.Status == proposal.StatusOPEN && len(voted) == len(coops) {
			t.Errorf("open network decision %q: no coop left to vote", p.Title)
		}
	}
	if decided < 2 {
		t.Errorf("%d coop votes decided by COOP_VOTE proposals, want a network decision with two", decided)
	}
}

// The bylaws history: versions 1..n of each coop without gaps, the first
// from the founding, every later one set by a passed BYLAWS decision of the
// coop when it closed, the last one the bylaws as they are.
func TestSeedBylawsHistory(t *testing.T) {
	ctx := systemCtx()
	c := testkit.NewDB(t, store.Options{}).Client
	if err := demo.Seed(ctx, c); err != nil {
		t.Fatal(err)
	}
	changed, ownRules := 0, 0
	for _, co := range c.Coop.Query().AllX(ctx) {
		vs := c.BylawsVersion.Query().Where(bylawsversion.CoopID(co.ID)).Order(ent.Asc(bylawsversion.FieldVersion)).AllX(ctx)
		if len(vs) != co.BylawsVersion {
			t.Errorf("%s: bylaws version %d with %d versions recorded", co.Name, co.BylawsVersion, len(vs))
			continue
		}
		for i, v := range vs {
			switch {
			case v.Version != i+1:
				t.Errorf("%s: version %d at position %d", co.Name, v.Version, i+1)
			case i == 0 && (v.ProposalID != nil || !v.DecidedAt.Equal(co.CreatedAt)):
				t.Errorf("%s: version 1 is not the founding's", co.Name)
			case i > 0:
				p, err := c.Proposal.Get(ctx, testkit.Deref(v.ProposalID))
				if err != nil || p.Kind != proposal.KindBYLAWS || p.Status != proposal.StatusPASSED || p.CoopID != co.ID ||
					!p.ClosedAt.Equal(v.DecidedAt) || !v.DecidedAt.After(vs[i-1].DecidedAt) {
					t.Errorf("%s: version %d is not set by a passed BYLAWS decision of the coop when it closed (%v)", co.Name, v.Version, err)
				}
				changed++
			}
		}
		if last := vs[len(vs)-1]; !reflect.DeepEqual(last.Values, governance.CoopBylaws(co)) || last.Text != co.BylawsText {
			t.Errorf("%s: the last version is not the bylaws in force", co.Name)
		}
		if len(co.DecisionRules) >= 3 {
			ownRules++
		}
	}
	if changed == 0 || ownRules == 0 {
		t.Errorf("%d bylaws changes, %d coops with their own rules per kind; want both", changed, ownRules)
	}
	// Passed BYLAWS decisions each set a version; failed ones none.
	for _, p := range c.Proposal.Query().Where(proposal.KindEQ(proposal.KindBYLAWS)).AllX(ctx) {
		n := c.BylawsVersion.Query().Where(bylawsversion.ProposalID(p.ID)).CountX(ctx)
		if (n == 1) != (p.Status == proposal.StatusPASSED) || n > 1 {
			t.Errorf("BYLAWS proposal %q (%s) set %d versions", p.Title, p.Status, n)
		}
	}
}

// The discussions: comments on open proposals only, written while they
// were open by persons who may read them (the real read rule, for the
// author as viewer), replies one level deep under a comment of the same
// proposal. And a project decided by its share holders where a freelancer
// voted in person.
func TestSeedDiscussionsAndProjectVotes(t *testing.T) {
	ctx := systemCtx()
	c := testkit.NewDB(t, store.Options{}).Client
	if err := demo.Seed(ctx, c); err != nil {
		t.Fatal(err)
	}
	replies := 0
	for _, cm := range c.ProposalComment.Query().WithProposal().WithParent().AllX(ctx) {
		p := cm.Edges.Proposal
		if p.Status != proposal.StatusOPEN || !cm.CreatedAt.After(p.OpenedAt) || !cm.CreatedAt.Before(demo.ReferenceDate) {
			t.Errorf("comment %d on %q: not written while the proposal was open", cm.ID, p.Title)
		}
		v, err := authz.LoadViewer(ctx, c, testkit.Deref(cm.AuthorID))
		if err != nil {
			t.Fatal(err)
		}
		if !c.Proposal.Query().Where(proposal.ID(p.ID), authz.ProposalReadable(v)).ExistX(ctx) {
			t.Errorf("comment %d on %q: its author may not read the proposal", cm.ID, p.Title)
		}
		if par := cm.Edges.Parent; par != nil {
			replies++
			if par.ProposalID != p.ID || par.ParentID != nil || !cm.CreatedAt.After(par.CreatedAt) {
				t.Errorf("reply %d does not answer an earlier top-level comment of its proposal", cm.ID)
			}
		}
	}
	if replies == 0 {
		t.Error("no discussion with a reply")
	}

	inPerson := 0
	for _, p := range c.Proposal.Query().Where(proposal.ElectorateEQ(proposal.ElectorateSHARE_HOLDERS)).WithProject().WithVotes().AllX(ctx) {
		if p.Edges.Project.Deciders != project.DecidersSHARE_HOLDERS || p.Edges.Project.LeadCoopID != p.CoopID {
			t.Errorf("proposal %q: its project is not decided by its share holders", p.Title)
		}
		for _, v := range p.Edges.Votes {
			if v.VoterCoopID == nil {
				inPerson++
			}
		}
	}
	if inPerson == 0 {
		t.Error("no freelancer voted on a project decided by its share holders")
	}
}
