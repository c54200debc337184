package demo_test

import (
	"github.com/coopnetwork/cockpit/internal/governance"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/demo"
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
func TestSeedObeysRules(t *testing.T) {
	ctx := systemCtx()
	c := testkit.NewDB(t, store.Options{}).Client
	if err := demo.Seed(ctx, c); err != nil {
		t.Fatal(err)
	}
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
