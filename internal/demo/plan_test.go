package demo

import (
	"slices"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent/proposal"
)

// edit changes the demo data for one test and restores it afterwards.
func edit(t *testing.T, change func()) {
	coops, memberships, proposals := slices.Clone(demoCoops), slices.Clone(demoMemberships), slices.Clone(demoProposals)
	discussions := slices.Clone(demoDiscussions)
	t.Cleanup(func() {
		demoCoops, demoMemberships, demoProposals, demoDiscussions = coops, memberships, proposals, discussions
	})
	change()
}

func membershipSpecOf(person, coop string) *membershipSpec {
	for i := range demoMemberships {
		if demoMemberships[i].person == person && demoMemberships[i].coop == coop {
			return &demoMemberships[i]
		}
	}
	panic("no membership " + person + "@" + coop)
}

// The plan decides outcomes with decision.Decide and steps with the pathway
// state machine, so it refuses exactly what they refuse, including where the
// seeder's former copies of the rules disagreed with them.
func TestPlanUsesTheRealRules(t *testing.T) {
	if _, err := newPlan(); err != nil {
		t.Fatalf("the demo data: %v", err)
	}

	t.Run("consensus without a YES fails even at 0 % quorum", func(t *testing.T) {
		edit(t, func() {
			demoCoops[0].quorumPercent = 0 // Quelltext, CONSENSUS
			demoProposals[0].votes = "tobias:ABSTAIN"
			demoProposals[0].status = proposal.StatusPASSED
		})
		_, err := newPlan()
		if err == nil || !strings.Contains(err.Error(), "decision.Decide gives REJECTED") {
			t.Fatalf("got %v, want the proposal refused by decision.Decide", err)
		}
	})

	t.Run("a paused member leaves, and someone who left rejoins", func(t *testing.T) {
		edit(t, func() {
			membershipSpecOf("katrin", "qt").path += " > LEFT 2026-09-01"
			membershipSpecOf("felix", "qt").path += " > INTERESTED 2026-09-01"
		})
		p, err := newPlan()
		if err != nil {
			t.Fatalf("PAUSED -> LEFT and LEFT -> INTERESTED refused: %v", err)
		}
		if got := p.membershipOf[[2]string{"felix", "qt"}].state(); got != "INTERESTED" {
			t.Errorf("felix@qt: %s, want INTERESTED again", got)
		}
	})

	t.Run("a step no transition makes", func(t *testing.T) {
		edit(t, func() { membershipSpecOf("marie", "qt").path = "INTERESTED 2026-10-05 > MEMBER 2026-10-20" })
		if _, err := newPlan(); err == nil || !strings.Contains(err.Error(), "no pathway transition from INTERESTED to MEMBER") {
			t.Fatalf("got %v, want the step refused", err)
		}
	})

	t.Run("a coop decides its network vote twice", func(t *testing.T) {
		edit(t, func() {
			again := *proposalSpecOf(t, "Our vote: "+solidarityFund, "qt")
			again.opened, again.closes = d(2026, 10, 24), d(2026, 10, 30)
			demoProposals = append(demoProposals, again)
		})
		if _, err := newPlan(); err == nil || !strings.Contains(err.Error(), `coop "qt" votes twice`) {
			t.Fatalf("got %v, want the second coop vote refused", err)
		}
	})

	t.Run("a coop whose delegate votes decides internally", func(t *testing.T) {
		edit(t, func() {
			v := *proposalSpecOf(t, "Our vote: "+solidarityFund, "qt")
			v.coop, v.author, v.votes = "rk", "sarah", "sarah:YES kevin:YES fatima:YES moritz:YES"
			demoProposals = append(demoProposals, v)
		})
		if _, err := newPlan(); err == nil || !strings.Contains(err.Error(), "delegate cast its vote") {
			t.Fatalf("got %v, want the COOP_VOTE of a delegate's coop refused", err)
		}
	})

	t.Run("a rule per kind decides: Netzwerkstatt's bylaws by 75 %", func(t *testing.T) {
		edit(t, func() {
			demoProposals = append(demoProposals, proposalSpec{coop: "nw", kind: proposal.KindBYLAWS, author: "julia",
				opened: d(2026, 9, 1), closes: d(2026, 9, 15), status: proposal.StatusPASSED, title: "Two thirds are not enough",
				votes: "julia:YES ahmad:YES clara:YES emre:YES felix:NO hannah:NO", bylaws: &bylawsSpec{text: "new"}})
		})
		// 4 of 6 is two thirds, the default; the bylaws' BYLAWS rule wants 75 %.
		if _, err := newPlan(); err == nil || !strings.Contains(err.Error(), "decision.Decide gives REJECTED") {
			t.Fatalf("got %v, want the SUPERMAJORITY 75 rule to reject it", err)
		}
	})

	t.Run("a comment by someone who may not read the proposal", func(t *testing.T) {
		edit(t, func() {
			demoDiscussions = append(demoDiscussions, discussionSpec{proposal: "Rent a shared co-working space with the Hamburg city group",
				comments: []commentSpec{{author: "anna", at: d(2026, 10, 29), body: "Leipzig says hi"}}})
		})
		if _, err := newPlan(); err == nil || !strings.Contains(err.Error(), `"anna" may not read the proposal`) {
			t.Fatalf("got %v, want the comment refused", err)
		}
	})

	t.Run("an admission without the buy-in", func(t *testing.T) {
		edit(t, func() { membershipSpecOf("priya", "qt").buyIn = false })
		if _, err := newPlan(); err == nil || !strings.Contains(err.Error(), "buy-in not recorded") {
			t.Fatalf("got %v, want the admission proposal refused by the pathway's guards", err)
		}
	})
}

func proposalSpecOf(t *testing.T, title, coop string) *proposalSpec {
	for i := range demoProposals {
		if demoProposals[i].title == title && demoProposals[i].coop == coop {
			return &demoProposals[i]
		}
	}
	t.Fatalf("no proposal %q of %s", title, coop)
	return nil
}
