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
	t.Cleanup(func() { demoCoops, demoMemberships, demoProposals = coops, memberships, proposals })
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

	t.Run("an admission without the buy-in", func(t *testing.T) {
		edit(t, func() { membershipSpecOf("priya", "qt").buyIn = false })
		if _, err := newPlan(); err == nil || !strings.Contains(err.Error(), "buy-in not recorded") {
			t.Fatalf("got %v, want the admission proposal refused by the pathway's guards", err)
		}
	})
}
