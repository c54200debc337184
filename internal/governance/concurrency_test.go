package governance_test

import (
	"fmt"
	"testing"

	"github.com/coopnetwork/cockpit/internal/testkit"
)

// TestGTConcurrentDoubleClose: two members close the same proposal at the
// same moment, over and over: exactly one request closes it and applies the
// admission once; the other gets CONFLICT, never INTERNAL, and never a
// second PathwayEvent.
func TestGTConcurrentDoubleClose(t *testing.T) {
	e := gtNewEnv(t)
	const rounds = 10
	losers := map[string]int{} // how the losing close was refused, to see the race happen
	defer func() { t.Logf("losing closes: %v", losers) }()
	for i := range rounds {
		t.Run(fmt.Sprint("round ", i), func(t *testing.T) {
			defer e.use(t)()
			// A coop of two, so that both votes let the proposal close early
			// (an admission of an earlier round would add a third member).
			c := e.coop("SIMPLE_MAJORITY", 50, 2)
			a, b := e.as(c.Members[0]), e.as(c.Members[1])
			_, ms := e.readyCandidate(c, gtReady{})
			prop := e.propose(c, "ADMISSION", ms)
			passes := i%2 == 0
			second := "NO" // a tie fails under SIMPLE_MAJORITY
			if passes {
				second = "YES"
			}
			e.votes(c, prop.ID, "YES", second)
			eventsBefore := e.eventCount(ms.ID)
			vars := map[string]any{"p": prop.ID}

			res := testkit.Race(t,
				func() (*testkit.Response, error) { return a.Post(gtCloseQ, vars) },
				func() (*testkit.Response, error) { return b.Post(gtCloseQ, vars) },
			)
			won := 0
			for j, r := range res {
				if len(r.Errors) == 0 {
					won++
					continue
				}
				if len(r.Errors) != 1 {
					t.Errorf("request %d: %d errors: %+v", j, len(r.Errors), r.Errors)
					continue
				}
				losers[r.Errors[0].Message]++
				switch code := r.Errors[0].Code(); code {
				case "CONFLICT":
				case "INTERNAL", "":
					t.Errorf("request %d: %s error %q", j, code, r.Errors[0].Message)
				default:
					t.Errorf("request %d: want CONFLICT for the losing close, got %s: %q", j, code, r.Errors[0].Message)
				}
			}
			if won != 1 {
				t.Errorf("%d of 2 concurrent closes succeeded, want exactly 1: %+v / %+v", won, res[0].Errors, res[1].Errors)
			}
			if n := e.eventCount(ms.ID); n != eventsBefore+1 {
				t.Errorf("%d pathway events after the race, want %d", n, eventsBefore+1)
			}
			want, status := "FREELANCER", "REJECTED"
			if passes {
				want, status = "MEMBER", "PASSED"
			}
			if got := e.reload(ms.ID).State; string(got) != want {
				t.Errorf("candidate is %s, want %s", got, want)
			}
			if got := e.proposalRow(testkit.DecodeID(t, prop.ID)).Status; string(got) != status {
				t.Errorf("proposal is %s, want %s", got, status)
			}
		})
	}
}

// TestGTConcurrentVoteChangeAndClose: a member changes their vote while
// another closes the proposal. Either the change is refused (the proposal
// closed first), or it is counted: an accepted vote is never left out of a
// final outcome.
func TestGTConcurrentVoteChangeAndClose(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", 50, 3)
	closer, changer := e.as(c.Members[0]), e.as(c.Members[2])
	const rounds = 10
	outcomes := map[string]int{}
	defer func() { t.Logf("vote changes: %v", outcomes) }()
	for i := range rounds {
		t.Run(fmt.Sprint("round ", i), func(t *testing.T) {
			defer e.use(t)()
			prop := e.propose(c, "GENERAL", nil)
			e.votes(c, prop.ID, "YES", "NO", "NO") // everyone voted: it may close early
			res := testkit.Race(t,
				func() (*testkit.Response, error) { return closer.Post(gtCloseQ, map[string]any{"p": prop.ID}) },
				func() (*testkit.Response, error) {
					return changer.Post(gtVoteQ, map[string]any{"p": prop.ID, "c": "YES"})
				},
			)
			closeRes, voteRes := res[0], res[1]
			if len(closeRes.Errors) != 0 {
				t.Fatalf("close failed: %+v", closeRes.Errors)
			}
			var out struct {
				CloseProposal gtProposalPayload `json:"closeProposal"`
			}
			testkit.OK(t, closeRes, &out)
			o := out.CloseProposal.Outcome
			switch {
			case len(voteRes.Errors) == 0:
				outcomes["accepted and counted"]++
				if o.Yes != 2 || !o.Passed {
					t.Errorf("the vote change was accepted but the outcome left it out: %+v", o)
				}
			case voteRes.Errors[0].Code() == "CONFLICT":
				outcomes["refused: "+voteRes.Errors[0].Message]++
				if o.Yes != 1 || o.Passed {
					t.Errorf("the vote change was refused but the outcome counts it: %+v", o)
				}
			default:
				t.Errorf("vote change: %s %q", voteRes.Errors[0].Code(), voteRes.Errors[0].Message)
			}
			// What is stored agrees with what was counted.
			yes := 0
			for _, v := range e.voteRows(testkit.DecodeID(t, prop.ID)) {
				if v.Choice == "YES" {
					yes++
				}
			}
			if yes != o.Yes {
				t.Errorf("%d YES votes stored, %d counted in the final outcome", yes, o.Yes)
			}
		})
	}
}
