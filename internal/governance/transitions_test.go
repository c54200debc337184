package governance_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/internal/pathway"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestGTTransitionTable requests every transition from every state through
// transitionMembership: the moves the state machine has succeed and append
// exactly one PathwayEvent; every other one is INVALID_TRANSITION naming the
// current state and the allowed transitions, and changes nothing.
func TestGTTransitionTable(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 2)
	e.clk.AdvanceDays(3)

	// The test's tables agree with the state machine's.
	for _, s := range gtStates {
		var want []string
		for _, tr := range pathway.From(pathway.State(s)) {
			if tr != pathway.Admit && tr != pathway.Decline && tr != pathway.Exclude {
				want = append(want, string(tr))
			}
		}
		if strings.Join(want, ",") != strings.Join(gtAllowedFrom[s], ",") {
			t.Fatalf("gtAllowedFrom[%s] = %v, the state machine allows %v", s, gtAllowedFrom[s], want)
		}
	}

	refused, done := 0, 0
	for _, s := range gtStates {
		for _, tr := range gtTransitions {
			t.Run(s+"/"+tr, func(t *testing.T) {
				defer e.use(t)()
				p := e.person(fmt.Sprintf("%s %s", s, tr))
				ms := e.membership(p, c, s, gtT0.AddDate(0, 0, -gtLongAgoDays))
				if s == "CANDIDATE" {
					// Everything but the vote: ADMIT still needs a closed proposal.
					ms = testkit.Must(ms.Update().SetBuddyID(c.Members[0].ID).SetBuyInRecordedAt(gtT0).
						SetBuyInPaidCents(gtBuyInCents).Save(e.ctx))(t)
					for _, tpl := range c.Required {
						testkit.Must(e.ec.MilestoneProgress.Create().SetMembership(ms).SetTemplate(tpl).
							SetCompletedAt(gtT0).SetVerifiedAt(gtT0).SetVerifiedBy(c.Members[1]).Save(e.ctx))(t)
					}
				}
				actor := p // the person requests their own steps
				if tr == "START_FREELANCING" {
					actor = c.Members[0] // the coop records that it works with a freelancer
				}
				before := e.snap(ms.ID)
				reason := "table " + s + " " + tr
				res := gtTransition(e.as(actor), ms.ID, tr, reason)

				if gtContains(gtAllowedFrom[s], tr) {
					done++
					var out struct {
						TransitionMembership struct {
							Membership gtMembershipJSON `json:"membership"`
						} `json:"transitionMembership"`
					}
					testkit.OK(t, res, &out)
					got := out.TransitionMembership.Membership
					if got.State != gtTargets[tr] || !got.StateSince.Equal(e.clk.Now()) {
						t.Errorf("payload: %s since %s, want %s since %s", got.State, got.StateSince, gtTargets[tr], e.clk.Now())
					}
					after := e.reload(ms.ID)
					if string(after.State) != gtTargets[tr] || !after.StateSince.Equal(e.clk.Now()) {
						t.Errorf("database: %s since %s, want %s since %s", after.State, after.StateSince, gtTargets[tr], e.clk.Now())
					}
					if n := e.eventCount(ms.ID); n != before.Events+1 {
						t.Fatalf("%d events after the transition, want %d", n, before.Events+1)
					}
					e.assertEvent(e.lastEvent(ms.ID), s, gtTargets[tr], actor, reason, nil)
					return
				}

				refused++
				ite := gtInvalid(t, res, s, gtAllowedFrom[s])
				if !strings.Contains(ite.Message, tr) {
					t.Errorf("message %q does not name the requested transition %s", ite.Message, tr)
				}
				if s == "CANDIDATE" && (tr == "ADMIT" || tr == "DECLINE") {
					// The move exists but only as the effect of a closed admission proposal.
					if m := gtMissing(ite); len(m) != 1 || !strings.Contains(m[0], "admission proposal") {
						t.Errorf("extensions.missing = %v, want only the admission vote", m)
					}
				}
				if (s == "MEMBER" || s == "PAUSED") && tr == "EXCLUDE" {
					// The move exists but only as the effect of a passed exclusion proposal.
					if m := gtMissing(ite); len(m) != 1 || !strings.Contains(m[0], "exclusion proposal") {
						t.Errorf("extensions.missing = %v, want only the exclusion vote", m)
					}
				}
				e.assertUnchanged(before, ms.ID)
			})
		}
	}
	if done != 10 || refused != 44 {
		t.Errorf("%d transitions done and %d refused, want 10 and 44 (6 states × 9 transitions)", done, refused)
	}
}

// TestGTWhoRequestsTransitions: members record START_FREELANCING; the
// person requests their own steps; nobody else, and nothing is written when
// refused.
func TestGTWhoRequestsTransitions(t *testing.T) {
	e := gtNewEnv(t)
	a := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 2)
	b := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	long := gtT0.AddDate(0, 0, -gtLongAgoDays)

	interested := e.person("Ida Interested")
	msI := e.membership(interested, a, "INTERESTED", long)
	freelancer := e.person("Fred Freelancer")
	msF := e.membership(freelancer, a, "FREELANCER", long)
	member := e.person("Mia Member")
	msM := e.membership(member, a, "MEMBER", long)
	paused := e.person("Paula Paused")
	e.membership(paused, a, "PAUSED", long)
	outsider := e.person("Otto Outsider")

	cases := []struct {
		name  string
		actor *ent.Person
		ms    *ent.Membership
		tr    string
		code  string
	}{
		{"the person cannot start freelancing on their own", interested, msI, "START_FREELANCING", "FORBIDDEN"},
		{"a paused member does not act for the coop", paused, msI, "START_FREELANCING", "FORBIDDEN"},
		{"a freelancer of the coop does not see other memberships", freelancer, msI, "START_FREELANCING", "NOT_FOUND"},
		{"a member of another coop does not see the membership", b.Members[0], msI, "START_FREELANCING", "NOT_FOUND"},
		{"an outsider does not see the membership", outsider, msI, "LEAVE", "NOT_FOUND"},
		{"a member cannot make a freelancer apply", a.Members[0], msF, "APPLY", "FORBIDDEN"},
		{"a member cannot make someone leave", a.Members[0], msF, "LEAVE", "FORBIDDEN"},
		{"a member cannot pause another member", a.Members[0], msM, "PAUSE", "FORBIDDEN"},
		{"a member cannot admit anybody by hand", a.Members[0], msF, "ADMIT", "INVALID_TRANSITION"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer e.use(t)()
			before := e.snap(tc.ms.ID)
			testkit.OnlyError(t, gtTransition(e.as(tc.actor), tc.ms.ID, tc.tr, "not mine"), tc.code, "")
			e.assertUnchanged(before, tc.ms.ID)
		})
	}
	t.Run("anonymous", func(t *testing.T) {
		defer e.use(t)()
		before := e.snap(msI.ID)
		testkit.OnlyError(t, gtTransition(e.c.Anonymous(), msI.ID, "LEAVE", ""), "UNAUTHENTICATED", "")
		testkit.OnlyError(t, gtJoin(e.c.Anonymous(), a.ID, ""), "UNAUTHENTICATED", "")
		e.assertUnchanged(before, msI.ID)
	})
}

// TestGTJourney walks one person along the whole pathway over the API,
// with the fake clock: every allowed transition, each appending exactly one
// PathwayEvent at the clock's now, and the pathway query telling the person
// where they stand.
func TestGTJourney(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 3)
	m0, m1 := c.Members[0], c.Members[1]
	p := e.person("Frida Freelancer")
	me := e.as(p)
	var msID int
	nEvents := 0

	move := func(res *gtMembershipJSON, from, to string, actor *ent.Person, reason string, proposalID *int) {
		t.Helper()
		if res != nil && res.State != to {
			t.Fatalf("payload state %s, want %s", res.State, to)
		}
		nEvents++
		if n := e.eventCount(msID); n != nEvents {
			t.Fatalf("%d events, want %d", n, nEvents)
		}
		ms := e.reload(msID)
		if string(ms.State) != to || !ms.StateSince.Equal(e.clk.Now()) {
			t.Fatalf("membership %s since %s, want %s since %s", ms.State, ms.StateSince, to, e.clk.Now())
		}
		e.assertEvent(e.lastEvent(msID), from, to, actor, reason, proposalID)
	}
	transition := func(actor *ent.Person, tr, from, to, reason string) {
		t.Helper()
		var out struct {
			TransitionMembership struct {
				Membership gtMembershipJSON `json:"membership"`
			} `json:"transitionMembership"`
		}
		testkit.OK(t, gtTransition(e.as(actor), msID, tr, reason), &out)
		move(&out.TransitionMembership.Membership, from, to, actor, reason, nil)
	}

	// joinCoop: INTERESTED, with the first event from nothing.
	var joined struct {
		JoinCoop struct {
			Membership gtMembershipJSON `json:"membership"`
		} `json:"joinCoop"`
	}
	testkit.OK(t, gtJoin(me, c.ID, "curious about coops"), &joined)
	msID = testkit.DecodeID(t, joined.JoinCoop.Membership.ID)
	if joined.JoinCoop.Membership.PersonID != testkit.ID(p.ID) || joined.JoinCoop.Membership.CoopID != testkit.ID(c.ID) {
		t.Fatalf("joinCoop made %+v", joined.JoinCoop.Membership)
	}
	move(&joined.JoinCoop.Membership, "", "INTERESTED", p, "curious about coops", nil)
	before := e.snap(msID)
	testkit.OnlyError(t, gtJoin(me, c.ID, "again"), "CONFLICT", "")
	e.assertUnchanged(before, msID)

	// A member records that the coop works with her.
	e.clk.AdvanceDays(1)
	transition(m0, "START_FREELANCING", "INTERESTED", "FREELANCER", "first project together")
	since := e.clk.Now()

	// APPLY waits for the right to join: refused on the day, and the day before.
	for _, days := range []int{0, gtRightToJoin - 1} {
		e.clk.AdvanceDays(days)
		before := e.snap(msID)
		ite := gtInvalid(t, gtTransition(me, msID, "APPLY", "let me in"), "FREELANCER", []string{"LEAVE"})
		left := gtRightToJoin - days
		if m := gtMissing(ite); len(m) != 1 || !strings.Contains(m[0], fmt.Sprintf("%d day(s)", left)) {
			t.Errorf("after %d days: extensions.missing = %v, want %d day(s) left", days, m, left)
		}
		e.assertUnchanged(before, msID)
		pw := e.pathwayOf(me, msID)
		apply := pw.option("APPLY")
		if apply == nil || apply.Allowed || len(apply.Missing) != 1 || apply.Missing[0].Kind != "WAITING_PERIOD" ||
			apply.Missing[0].DaysLeft == nil || *apply.Missing[0].DaysLeft != left {
			t.Errorf("after %d days: APPLY option %+v, want only %d waiting days missing", days, apply, left)
		}
		if want := since.AddDate(0, 0, gtRightToJoin); apply == nil || apply.EligibleOn == nil || !apply.EligibleOn.Equal(want) {
			t.Errorf("after %d days: APPLY eligibleOn %v, want %s", days, apply.EligibleOn, want)
		}
		if leave := pw.option("LEAVE"); leave == nil || !leave.Allowed || len(leave.Missing) != 0 || leave.EligibleOn != nil {
			t.Errorf("LEAVE option %+v, want allowed with nothing missing", leave)
		}
	}
	e.clk.AdvanceDays(1)
	if apply := e.pathwayOf(me, msID).option("APPLY"); apply == nil || !apply.Allowed || apply.EligibleOn != nil {
		t.Errorf("on the day of the right to join: APPLY option %+v, want allowed", apply)
	}
	transition(p, "APPLY", "FREELANCER", "CANDIDATE", "I want to be a worker-owner")
	candidateSince := e.clk.Now()

	// The candidate's pathway lists everything still missing for admission.
	pw := e.pathwayOf(me, msID)
	admit := pw.option("ADMIT")
	if admit == nil || admit.Allowed || admit.EligibleOn != nil {
		t.Fatalf("ADMIT option %+v", admit)
	}
	if got := strings.Join(admit.missingKinds(), ","); got != "WAITING_PERIOD,MILESTONES,BUY_IN,BUDDY,ADMISSION_VOTE" {
		t.Errorf("ADMIT missing %s", got)
	}
	for _, m := range admit.Missing {
		switch m.Kind {
		case "WAITING_PERIOD":
			if m.DaysLeft == nil || *m.DaysLeft != gtCandidacyDays {
				t.Errorf("candidacy days left %v, want %d", m.DaysLeft, gtCandidacyDays)
			}
		case "MILESTONES":
			if m.OpenMilestones == nil || *m.OpenMilestones != 2 {
				t.Errorf("open milestones %v, want 2", m.OpenMilestones)
			}
		}
	}

	// Milestones: reported by the person, verified by another member.
	var progress []string
	for _, tpl := range append(c.Required, c.Optional) {
		var out struct {
			CompleteMilestone struct {
				MilestoneProgress gtProgressJSON `json:"milestoneProgress"`
			} `json:"completeMilestone"`
		}
		testkit.OK(t, me.Do(gtCompleteQ, map[string]any{"m": testkit.ID(msID), "tpl": testkit.ID(tpl.ID), "n": "done"}), &out)
		progress = append(progress, out.CompleteMilestone.MilestoneProgress.ID)
	}
	testkit.OnlyError(t, me.Do(gtCompleteQ, map[string]any{"m": testkit.ID(msID), "tpl": testkit.ID(c.Required[0].ID)}), "CONFLICT", "")
	testkit.OnlyError(t, e.as(m0).Do(gtCompleteQ, map[string]any{"m": testkit.ID(msID), "tpl": testkit.ID(c.Required[0].ID)}), "FORBIDDEN", "")
	// The candidate cannot verify their own milestones.
	testkit.OnlyError(t, me.Do(gtVerifyQ, map[string]any{"p": progress[0]}), "FORBIDDEN", "")
	if n := testkit.Must(e.ec.MilestoneProgress.Query().Where().Count(e.ctx))(t); n != 3 {
		t.Fatalf("%d milestone progress rows, want 3", n)
	}
	for _, id := range progress[:2] {
		var out struct {
			VerifyMilestone struct {
				MilestoneProgress gtProgressJSON `json:"milestoneProgress"`
			} `json:"verifyMilestone"`
		}
		testkit.OK(t, e.as(m1).Do(gtVerifyQ, map[string]any{"p": id}), &out)
		got := out.VerifyMilestone.MilestoneProgress
		if got.VerifiedByID == nil || *got.VerifiedByID != testkit.ID(m1.ID) || got.VerifiedAt == nil || !got.VerifiedAt.Equal(e.clk.Now()) {
			t.Errorf("verified %+v, want by %d at %s", got, m1.ID, e.clk.Now())
		}
	}
	testkit.OnlyError(t, e.as(m0).Do(gtVerifyQ, map[string]any{"p": progress[0]}), "CONFLICT", "")

	// Buddy and buy-in, by members.
	testkit.OnlyError(t, me.Do(gtBuddyQ, map[string]any{"m": testkit.ID(msID), "b": testkit.ID(m0.ID)}), "FORBIDDEN", "")
	testkit.OK(t, e.as(m1).Do(gtBuddyQ, map[string]any{"m": testkit.ID(msID), "b": testkit.ID(m0.ID)}), nil)
	testkit.OnlyError(t, me.Do(gtBuyInQ, map[string]any{"m": testkit.ID(msID), "a": gtEUR(gtBuyInCents)}), "FORBIDDEN", "")
	testkit.OK(t, e.as(m1).Do(gtBuyInQ, map[string]any{"m": testkit.ID(msID), "a": gtEUR(gtBuyInCents)}), nil)
	if n := e.eventCount(msID); n != nEvents {
		t.Fatalf("milestones, buddy and buy-in wrote pathway events: %d, want %d", n, nEvents)
	}

	// Only the candidacy period is missing now (and the vote).
	admit = e.pathwayOf(me, msID).option("ADMIT")
	if got := strings.Join(admit.missingKinds(), ","); got != "WAITING_PERIOD,ADMISSION_VOTE" {
		t.Errorf("ADMIT missing %s, want WAITING_PERIOD,ADMISSION_VOTE", got)
	}
	gtInvalid(t, e.as(m0).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "ADMISSION", e.reload(msID))}),
		"CANDIDATE", []string{"LEAVE"})
	e.clk.AdvanceDays(gtCandidacyDays)
	if !e.clk.Now().Equal(candidateSince.AddDate(0, 0, gtCandidacyDays)) {
		t.Fatal("clock arithmetic")
	}
	admit = e.pathwayOf(me, msID).option("ADMIT")
	if got := strings.Join(admit.missingKinds(), ","); got != "ADMISSION_VOTE" {
		t.Errorf("ADMIT missing %s, want ADMISSION_VOTE only", got)
	}
	// ADMIT cannot be requested by hand, even now.
	gtInvalid(t, me.Do(gtTransitionQ, map[string]any{"m": testkit.ID(msID), "t": "ADMIT"}), "CANDIDATE", []string{"LEAVE"})

	// The admission vote: a passed proposal makes her a MEMBER.
	prop := e.propose(c, "ADMISSION", e.reload(msID))
	e.votes(c, prop.ID, "YES", "YES", "NO")
	e.clk.AdvanceDays(1)
	closed := e.closeOK(c, prop.ID)
	if !closed.Outcome.Passed || closed.Proposal.Status != "PASSED" {
		t.Fatalf("admission outcome %+v, status %s", closed.Outcome, closed.Proposal.Status)
	}
	propID := testkit.DecodeID(t, prop.ID)
	move(nil, "CANDIDATE", "MEMBER", m0, "admission", &propID)

	// A member pauses, resumes, leaves and rejoins: her own decisions.
	e.clk.AdvanceDays(10)
	transition(p, "PAUSE", "MEMBER", "PAUSED", "parental leave")
	e.clk.AdvanceDays(100)
	transition(p, "RESUME", "PAUSED", "MEMBER", "back")
	e.clk.AdvanceDays(1)
	transition(p, "LEAVE", "MEMBER", "LEFT", "moving away")
	e.clk.AdvanceDays(1)
	// joinCoop takes her back after leaving (REJOIN) ...
	testkit.OK(t, gtJoin(me, c.ID, "moved back"), &joined)
	if testkit.DecodeID(t, joined.JoinCoop.Membership.ID) != msID {
		t.Fatalf("rejoining made a new membership %s", joined.JoinCoop.Membership.ID)
	}
	move(&joined.JoinCoop.Membership, "LEFT", "INTERESTED", p, "moved back", nil)
	e.clk.AdvanceDays(1)
	transition(p, "LEAVE", "INTERESTED", "LEFT", "not now")
	e.clk.AdvanceDays(1)
	// ... and so does transitionMembership REJOIN.
	transition(p, "REJOIN", "LEFT", "INTERESTED", "now")

	// The pathway shows the full history, oldest first, as stored.
	pw = e.pathwayOf(me, msID)
	stored := e.events(msID)
	if len(pw.History) != len(stored) || len(stored) != nEvents || nEvents != 10 {
		t.Fatalf("history has %d events, database %d, counted %d, want 10", len(pw.History), len(stored), nEvents)
	}
	var steps [][2]pathway.State
	for i, ev := range stored {
		h := pw.History[i]
		from := ""
		if ev.FromState != nil {
			from = string(*ev.FromState)
		}
		hFrom := ""
		if h.FromState != nil {
			hFrom = *h.FromState
		}
		if h.ID != testkit.ID(ev.ID) || hFrom != from || h.ToState != string(ev.ToState) || !h.At.Equal(ev.At) {
			t.Errorf("history[%d] = %+v, stored %+v", i, h, ev)
		}
		if (h.ProposalID != nil) != (ev.ProposalID != nil) {
			t.Errorf("history[%d] proposal %v, stored %v", i, h.ProposalID, ev.ProposalID)
		}
		steps = append(steps, [2]pathway.State{pathway.State(from), pathway.State(ev.ToState)})
	}
	if final, err := pathway.Replay(steps); err != nil || final != pathway.State(e.reload(msID).State) {
		t.Errorf("history replays to %s (%v), state is %s", final, err, e.reload(msID).State)
	}
	if pw.State != "INTERESTED" || pw.Membership.State != "INTERESTED" || !pw.Since.Equal(e.clk.Now()) {
		t.Errorf("pathway says %s since %s", pw.State, pw.Since)
	}
	if got := fmt.Sprint(gtOptionNames(pw)); got != "[START_FREELANCING LEAVE]" {
		t.Errorf("next options %s", got)
	}
}

func gtOptionNames(p gtPathwayJSON) []string {
	var names []string
	for _, o := range p.Next {
		names = append(names, o.Transition)
	}
	return names
}

// TestGTEventInSameTransaction: the state change and its PathwayEvent are
// written together: when the event cannot be written (a reason over the
// 5000 characters the history keeps), the state does not change either.
func TestGTEventInSameTransaction(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	p := e.person("Mo Member")
	ms := e.membership(p, c, "MEMBER", gtT0.AddDate(0, 0, -gtLongAgoDays))
	before := e.snap(ms.ID)
	res := gtTransition(e.as(p), ms.ID, "PAUSE", strings.Repeat("x", 5001))
	if len(res.Errors) != 1 || res.Errors[0].Code() == "INTERNAL" {
		t.Fatalf("want one client error, got %+v", res.Errors)
	}
	e.assertUnchanged(before, ms.ID)
	if s := e.reload(ms.ID).State; s != membership.StateMEMBER {
		t.Fatalf("state %s after the failed transition", s)
	}
}

// TestGTPathwayVisibility: the person sees their own pathway, the coop's
// members see it, nobody else does (null with NOT_FOUND, like a missing one).
func TestGTPathwayVisibility(t *testing.T) {
	e := gtNewEnv(t)
	a := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	b := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	long := gtT0.AddDate(0, 0, -gtLongAgoDays)
	p, ms := e.readyCandidate(a, gtReady{})
	paused := e.person("Paula Paused")
	e.membership(paused, a, "PAUSED", long)
	freelancer := e.person("Fred Freelancer")
	e.membership(freelancer, a, "FREELANCER", long)
	outsider := e.person("Otto Outsider")

	for name, who := range map[string]*ent.Person{"self": p, "member": a.Members[0], "paused member": paused} {
		t.Run(name+" sees it", func(t *testing.T) {
			defer e.use(t)()
			pw := e.pathwayOf(e.as(who), ms.ID)
			if pw.State != "CANDIDATE" || pw.Membership.ID != testkit.ID(ms.ID) || !pw.Since.Equal(long) || len(pw.History) != 3 {
				t.Errorf("pathway %+v", pw)
			}
			if got := fmt.Sprint(gtOptionNames(pw)); got != "[ADMIT DECLINE LEAVE]" {
				t.Errorf("next %s", got)
			}
		})
	}
	for name, c := range map[string]*testkit.Client{
		"member of another coop": e.as(b.Members[0]),
		"freelancer of the coop": e.as(freelancer),
		"outsider":               e.as(outsider),
		"anonymous":              e.c.Anonymous(),
	} {
		t.Run(name+" does not", func(t *testing.T) {
			defer e.use(t)()
			res := gtPathway(c, ms.ID)
			testkit.OnlyError(t, res, "NOT_FOUND", "")
			missing := gtPathway(c, ms.ID+100000)
			testkit.OnlyError(t, missing, "NOT_FOUND", "")
			if res.Errors[0].Message != missing.Errors[0].Message {
				t.Errorf("denied %q differs from missing %q", res.Errors[0].Message, missing.Errors[0].Message)
			}
		})
	}
}
