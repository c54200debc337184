package governance_test

import (
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Regression: a buddy who is no longer a member (paused here) still counted
// as "buddy assigned" for admission.
func TestGTBuddyMustStillBeAMember(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 3)
	_, ms := e.readyCandidate(c, gtReady{})
	buddy := c.Members[0]
	testkit.Must(e.ec.Membership.Update().
		Where(membership.PersonID(buddy.ID), membership.CoopID(c.ID)).
		SetState(membership.StatePAUSED).Save(e.ctx))(t)

	res := e.as(c.Members[1]).Do(gtCreateProposalQ, map[string]any{"in": e.proposalInput(c, "ADMISSION", ms)})
	err := testkit.OnlyError(t, res, "INVALID_TRANSITION", "")
	if !strings.Contains(err.Message, "buddy") {
		t.Fatalf("refusal does not name the buddy: %s", err.Message)
	}
}
