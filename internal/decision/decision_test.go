package decision

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Rule builders for the tables: every other parameter at its zero value.

func majority(quorum int) Rule { return Rule{Method: SimpleMajority, QuorumPercent: quorum} }

func twoThirds(quorum int) Rule { return Rule{Method: TwoThirds, QuorumPercent: quorum} }

func consent(quorum int) Rule { return Rule{Method: Consent, QuorumPercent: quorum} }

func super(threshold, quorum int) Rule {
	return Rule{Method: Supermajority, ThresholdPercent: threshold, QuorumPercent: quorum}
}

func consensus(quorum, blocks int, standAsides StandAsides) Rule {
	return Rule{Method: Consensus, QuorumPercent: quorum, BlockThreshold: blocks, StandAsides: standAsides}
}

// says lists the substrings a reason must contain (its key numbers).
func says(s ...string) []string { return s }

type decideCase struct {
	name     string
	rule     Rule
	eligible int
	count    Count
	passed   bool
	quorumOK bool
	required int
	mention  []string
}

func (tc decideCase) check(t *testing.T) {
	t.Helper()
	o, err := Decide(tc.rule, tc.eligible, tc.count)
	if err != nil {
		t.Fatalf("Decide(%+v, %d, %+v): %v", tc.rule, tc.eligible, tc.count, err)
	}
	if o.Passed != tc.passed || o.QuorumReached != tc.quorumOK || o.Required != tc.required {
		t.Errorf("got passed=%v quorum=%v required=%d (%q), want passed=%v quorum=%v required=%d",
			o.Passed, o.QuorumReached, o.Required, o.Reason, tc.passed, tc.quorumOK, tc.required)
	}
	if o.Reason == "" {
		t.Error("no reason given")
	}
	for _, m := range tc.mention {
		if !strings.Contains(o.Reason, m) {
			t.Errorf("reason %q does not mention %q", o.Reason, m)
		}
	}
}

// TestDecideQuorum runs the quorum edge cases under every method. The
// votes are all YES, so each method passes exactly when the quorum is met.
func TestDecideQuorum(t *testing.T) {
	ruleFor := func(m Method, quorum int) Rule {
		switch m {
		case Supermajority:
			return super(75, quorum)
		case Consensus:
			return consensus(quorum, 0, "")
		}
		return Rule{Method: m, QuorumPercent: quorum}
	}
	tests := []struct {
		name     string
		quorum   int
		eligible int
		count    Count
		quorumOK bool
		required int
		mention  []string
	}{
		{"zero quorum still needs one vote", 0, 3, Count{}, false, 1, says("0 of 3", "1 needed")},
		{"zero quorum met by one vote", 0, 3, Count{Yes: 1}, true, 1, nil},
		{"quorum missed by one", 50, 5, Count{Yes: 2}, false, 3, says("2 of 5", "3 needed")},
		{"quorum met exactly", 50, 5, Count{Yes: 3}, true, 3, says("3")},
		{"half of an even number met exactly", 50, 4, Count{Yes: 2}, true, 2, says("2")},
		{"quorum exceeded", 50, 5, Count{Yes: 5}, true, 3, says("5")},
		{"abstention short of quorum", 60, 5, Count{Yes: 1, Abstain: 1}, false, 3, says("2 of 5", "3 needed")},
		{"stand-aside short of quorum", 60, 5, Count{Yes: 1, StandAside: 1}, false, 3, says("2 of 5", "3 needed")},
		{"66 percent of 3 rounds up to 2", 66, 3, Count{Yes: 2}, true, 2, nil},
		{"67 percent of 3 rounds up to 3", 67, 3, Count{Yes: 2}, false, 3, says("2 of 3", "3 needed")},
		{"1 percent of 100 is 1", 1, 100, Count{Yes: 1}, true, 1, nil},
		{"1 percent of 101 is 2", 1, 101, Count{Yes: 1}, false, 2, says("1 of 101", "2 needed")},
		{"100 percent quorum met", 100, 3, Count{Yes: 3}, true, 3, says("3")},
		{"100 percent quorum missed by one", 100, 3, Count{Yes: 2}, false, 3, says("2 of 3", "3 needed")},
		{"100 percent quorum of one", 100, 1, Count{Yes: 1}, true, 1, says("1")},
		{"no eligible voters", 50, 0, Count{}, false, 1, says("0 of 0", "1 needed")},
		{"no eligible voters at zero quorum", 0, 0, Count{}, false, 1, says("0 of 0", "1 needed")},
		{"no eligible voters at full quorum", 100, 0, Count{}, false, 1, says("0 of 0", "1 needed")},
	}
	for _, m := range Methods {
		t.Run(string(m), func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					decideCase{
						rule: ruleFor(m, tt.quorum), eligible: tt.eligible, count: tt.count,
						passed: tt.quorumOK, quorumOK: tt.quorumOK, required: tt.required, mention: tt.mention,
					}.check(t)
				})
			}
		})
	}
}

func TestDecideSimpleMajority(t *testing.T) {
	tests := []decideCase{
		{"majority", majority(0), 5, Count{Yes: 3, No: 2}, true, true, 1, says("3 YES against 2")},
		{"tie fails", majority(0), 4, Count{Yes: 2, No: 2}, false, true, 1, says("2 YES against 2")},
		{"tie with a block fails", majority(0), 4, Count{Yes: 2, No: 1, Block: 1}, false, true, 1, says("2 YES against 2")},
		{"block counts as no", majority(0), 3, Count{Yes: 1, Block: 1}, false, true, 1, says("1 YES against 1")},
		{"majority despite a block", majority(0), 3, Count{Yes: 2, Block: 1}, true, true, 1, says("2 YES against 1")},
		{"minority fails", majority(50), 5, Count{Yes: 1, No: 2}, false, true, 3, says("1 YES against 2")},
		{"abstentions not in the ratio", majority(50), 6, Count{Yes: 1, Abstain: 5}, true, true, 3, says("1 YES against 0")},
		{"stand-asides not in the ratio", majority(50), 6, Count{Yes: 2, No: 1, StandAside: 3}, true, true, 3, says("2 YES against 1")},
		{"only abstentions fail", majority(50), 3, Count{Abstain: 3}, false, true, 2, says("0 YES against 0")},
		{"abstentions count for quorum", majority(60), 5, Count{Yes: 1, Abstain: 2}, true, true, 3, says("1 YES against 0")},
		{"stand-asides count for quorum", majority(60), 5, Count{Yes: 1, StandAside: 2}, true, true, 3, says("1 YES against 0")},
		{"quorum missed despite majority", majority(60), 5, Count{Yes: 2}, false, false, 3, says("3 needed")},
		{"full quorum with tie fails", majority(100), 2, Count{Yes: 1, No: 1}, false, true, 2, says("1 YES against 1")},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

func TestDecideSupermajority(t *testing.T) {
	tests := []decideCase{
		{"75 percent of 4 is 3 YES", super(75, 0), 4, Count{Yes: 3, No: 1}, true, true, 1, says("75%", "3 YES of 4")},
		{"75 percent missed at 2 of 3", super(75, 0), 3, Count{Yes: 2, No: 1}, false, true, 1, says("75%", "2 YES of 3")},
		{"75 percent of 8 is 6 YES", super(75, 0), 8, Count{Yes: 6, No: 2}, true, true, 1, says("75%", "6 YES of 8")},
		{"75 percent missed at 5 of 7", super(75, 0), 7, Count{Yes: 5, No: 2}, false, true, 1, says("75%", "5 YES of 7")},
		{"75 percent of 100 is 75 YES", super(75, 50), 100, Count{Yes: 75, No: 25}, true, true, 50, says("75%", "75 YES of 100")},
		{"75 percent missed at 74 of 100", super(75, 50), 100, Count{Yes: 74, No: 26}, false, true, 50, says("75%", "74 YES of 100")},
		{"threshold 51 tie fails", super(51, 0), 4, Count{Yes: 2, No: 2}, false, true, 1, says("51%", "2 YES of 4")},
		{"threshold 51 tie of 100 fails", super(51, 0), 100, Count{Yes: 50, No: 50}, false, true, 1, says("51%", "50 YES of 100")},
		{"threshold 51 at 51 of 100", super(51, 0), 100, Count{Yes: 51, No: 49}, true, true, 1, says("51%", "51 YES of 100")},
		{"threshold 51 at 2 of 3", super(51, 0), 3, Count{Yes: 2, No: 1}, true, true, 1, says("51%", "2 YES of 3")},
		{"threshold 51 tie with a block fails", super(51, 0), 2, Count{Yes: 1, Block: 1}, false, true, 1, says("51%", "1 YES of 2")},
		{"threshold 66 at 2 of 3", super(66, 0), 3, Count{Yes: 2, No: 1}, true, true, 1, says("66%", "2 YES of 3")},
		{"threshold 66 at 66 of 100", super(66, 0), 100, Count{Yes: 66, No: 34}, true, true, 1, says("66%", "66 YES of 100")},
		{"threshold 66 missed at 65 of 100", super(66, 0), 100, Count{Yes: 65, No: 35}, false, true, 1, says("66%", "65 YES of 100")},
		{"threshold 67 missed at 2 of 3", super(67, 0), 3, Count{Yes: 2, No: 1}, false, true, 1, says("67%", "2 YES of 3")},
		{"threshold 67 at 67 of 100", super(67, 0), 100, Count{Yes: 67, No: 33}, true, true, 1, says("67%", "67 YES of 100")},
		{"threshold 100 unanimous", super(100, 0), 3, Count{Yes: 3}, true, true, 1, says("100%", "3 YES of 3")},
		{"threshold 100 one NO fails", super(100, 0), 4, Count{Yes: 3, No: 1}, false, true, 1, says("100%", "3 YES of 4")},
		{"threshold 100 one block fails", super(100, 0), 4, Count{Yes: 3, Block: 1}, false, true, 1, says("100%", "3 YES of 4")},
		{"threshold 100 ignores abstention", super(100, 0), 4, Count{Yes: 3, Abstain: 1}, true, true, 1, says("100%", "3 YES of 3")},
		{"block counts as no, still reached", super(75, 0), 4, Count{Yes: 3, Block: 1}, true, true, 1, says("75%", "3 YES of 4")},
		{"block counts as no, missed", super(75, 0), 5, Count{Yes: 3, No: 1, Block: 1}, false, true, 1, says("75%", "3 YES of 5")},
		{"abstentions not in the ratio", super(75, 50), 6, Count{Yes: 3, No: 1, Abstain: 2}, true, true, 3, says("75%", "3 YES of 4")},
		{"stand-asides not in the ratio", super(75, 50), 6, Count{Yes: 3, No: 1, StandAside: 2}, true, true, 3, says("75%", "3 YES of 4")},
		{"only abstentions fail", super(75, 50), 4, Count{Abstain: 4}, false, true, 2, says("75%", "0 YES of 0")},
		{"abstentions count for quorum", super(75, 75), 8, Count{Yes: 3, No: 1, Abstain: 2}, true, true, 6, says("3 YES of 4")},
		{"quorum missed despite unanimity", super(75, 75), 8, Count{Yes: 5}, false, false, 6, says("5 of 8", "6 needed")},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

func TestDecideTwoThirds(t *testing.T) {
	tests := []decideCase{
		{"two thirds exactly", twoThirds(50), 6, Count{Yes: 4, No: 2}, true, true, 3, says("4 YES of 6")},
		{"2 of 3", twoThirds(0), 3, Count{Yes: 2, No: 1}, true, true, 1, says("2 YES of 3")},
		{"66 of 100 is short of two thirds", twoThirds(0), 100, Count{Yes: 66, No: 34}, false, true, 1, says("66 YES of 100")},
		{"67 of 100", twoThirds(0), 100, Count{Yes: 67, No: 33}, true, true, 1, says("67 YES of 100")},
		{"missed by one", twoThirds(50), 7, Count{Yes: 4, No: 3}, false, true, 4, says("4 YES of 7")},
		{"tie fails", twoThirds(0), 2, Count{Yes: 1, No: 1}, false, true, 1, says("1 YES of 2")},
		{"block counts as no, still reached", twoThirds(0), 3, Count{Yes: 2, Block: 1}, true, true, 1, says("2 YES of 3")},
		{"block counts as no, missed", twoThirds(0), 4, Count{Yes: 2, No: 1, Block: 1}, false, true, 1, says("2 YES of 4")},
		{"abstentions not in the ratio", twoThirds(50), 6, Count{Yes: 2, No: 1, Abstain: 3}, true, true, 3, says("2 YES of 3")},
		{"stand-asides not in the ratio", twoThirds(50), 6, Count{Yes: 2, No: 1, StandAside: 3}, true, true, 3, says("2 YES of 3")},
		{"only abstentions fail", twoThirds(50), 2, Count{Abstain: 2}, false, true, 1, says("0 YES of 0")},
		{"only stand-asides fail", twoThirds(0), 2, Count{StandAside: 1}, false, true, 1, says("0 YES of 0")},
		{"full quorum", twoThirds(100), 3, Count{Yes: 2, No: 1}, true, true, 3, says("2 YES of 3")},
		{"full quorum missed", twoThirds(100), 3, Count{Yes: 2}, false, false, 3, says("2 of 3", "3 needed")},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

func TestDecideConsensus(t *testing.T) {
	tests := []decideCase{
		{"all yes", consensus(50, 0, ""), 4, Count{Yes: 4}, true, true, 2, says("4 in support")},
		{"default threshold: one block stops", consensus(50, 0, ""), 4, Count{Yes: 3, Block: 1}, false, true, 2, says("1 block(s)", "1 stop")},
		{"threshold 1: one block stops", consensus(50, 1, ""), 4, Count{Yes: 3, Block: 1}, false, true, 2, says("1 block(s)", "1 stop")},
		{"threshold 2: one block passes", consensus(50, 2, ""), 4, Count{Yes: 3, Block: 1}, true, true, 2, says("3 in support", "1 block(s)", "threshold of 2")},
		{"threshold 2: two blocks stop", consensus(50, 2, ""), 5, Count{Yes: 3, Block: 2}, false, true, 3, says("2 block(s)", "2 stop")},
		{"threshold 3: two blocks pass", consensus(50, 3, ""), 5, Count{Yes: 3, Block: 2}, true, true, 3, says("2 block(s)", "threshold of 3")},
		{"threshold 3: three blocks stop", consensus(50, 3, ""), 6, Count{Yes: 3, Block: 3}, false, true, 3, says("3 block(s)", "3 stop")},
		{"block below threshold but YES short of quorum", consensus(75, 2, ""), 4, Count{Yes: 2, Block: 1}, false, true, 3, says("needs 3", "got 2")},
		{"NO votes without a block pass", consensus(50, 0, ""), 4, Count{Yes: 2, No: 1}, true, true, 2, says("2 in support")},
		{"tie with NO fails", consensus(50, 0, ""), 4, Count{Yes: 2, No: 2}, false, true, 2, says("2 in support", "2 NO")},
		{"outnumbered by NO fails", consensus(0, 0, ""), 5, Count{Yes: 2, No: 3}, false, true, 1, says("2 in support", "3 NO")},
		{"tie with NO below the block threshold fails", consensus(40, 2, ""), 5, Count{Yes: 2, No: 2, Block: 1}, false, true, 2, says("2 in support", "2 NO")},
		{"stand-aside as support outnumbered by NO", consensus(50, 0, StandAsidesAsSupport), 6, Count{Yes: 2, StandAside: 1, No: 3}, false, true, 3, says("3 in support", "3 NO")},
		{"stand-aside as support outnumbers NO", consensus(50, 0, StandAsidesAsSupport), 5, Count{Yes: 2, StandAside: 1, No: 2}, true, true, 3, says("3 in support", "1 stand-aside(s)")},
		{"stand-aside for quorum only leaves a tie", consensus(40, 0, StandAsidesQuorumOnly), 5, Count{Yes: 2, StandAside: 1, No: 2}, false, true, 2, says("2 in support", "2 NO")},
		{"YES below quorum", consensus(75, 0, ""), 4, Count{Yes: 2, Abstain: 2}, false, true, 3, says("needs 3", "got 2")},
		{"abstentions only", consensus(50, 0, ""), 4, Count{Abstain: 4}, false, true, 2, says("needs 2", "got 0")},
		{"zero quorum still needs one YES", consensus(0, 0, ""), 3, Count{Abstain: 1}, false, true, 1, says("needs 1", "got 0")},
		{"zero quorum, NO only", consensus(0, 0, ""), 3, Count{No: 1}, false, true, 1, says("needs 1", "got 0")},
		{"stand-asides for quorum only", consensus(50, 0, StandAsidesQuorumOnly), 4, Count{Yes: 1, StandAside: 2}, false, true, 2, says("needs 2", "got 1")},
		{"stand-asides as support", consensus(50, 0, StandAsidesAsSupport), 4, Count{Yes: 1, StandAside: 2}, true, true, 2, says("3 in support", "2 stand-aside(s)")},
		{"stand-asides default to quorum only", consensus(50, 0, ""), 4, Count{Yes: 1, StandAside: 2}, false, true, 2, says("needs 2", "got 1")},
		{"stand-aside completes quorum only", consensus(75, 0, StandAsidesQuorumOnly), 4, Count{Yes: 2, StandAside: 1}, false, true, 3, says("needs 3", "got 2")},
		{"stand-aside completes support", consensus(75, 0, StandAsidesAsSupport), 4, Count{Yes: 2, StandAside: 1}, true, true, 3, says("3 in support")},
		{"stand-asides only, as support", consensus(50, 0, StandAsidesAsSupport), 2, Count{StandAside: 2}, true, true, 1, says("2 in support")},
		{"stand-asides as support do not lift a block", consensus(50, 1, StandAsidesAsSupport), 4, Count{Yes: 1, StandAside: 2, Block: 1}, false, true, 2, says("1 block(s)")},
		{"stand-asides count for quorum", consensus(75, 0, StandAsidesQuorumOnly), 4, Count{Yes: 3, StandAside: 1}, true, true, 3, says("3 in support", "1 stand-aside(s)")},
		{"block with quorum missed", consensus(50, 0, ""), 4, Count{Block: 1}, false, false, 2, says("1 of 4", "2 needed")},
		{"full quorum", consensus(100, 0, ""), 3, Count{Yes: 3}, true, true, 3, says("3 in support")},
		{"full quorum with an abstention", consensus(100, 0, ""), 3, Count{Yes: 2, Abstain: 1}, false, true, 3, says("needs 3", "got 2")},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

func TestDecideConsent(t *testing.T) {
	tests := []decideCase{
		{"all yes", consent(50), 4, Count{Yes: 4}, true, true, 2, says("4 votes")},
		{"passes with NO votes", consent(50), 4, Count{Yes: 1, No: 3}, true, true, 2, says("no objection", "4 votes")},
		{"passes with abstentions and stand-asides", consent(50), 4, Count{Abstain: 1, StandAside: 1}, true, true, 2, says("2 votes")},
		{"one objection stops", consent(50), 4, Count{Yes: 3, Block: 1}, false, true, 2, says("1 reasoned objection")},
		{"two objections stop", consent(0), 5, Count{Yes: 3, Block: 2}, false, true, 1, says("2 reasoned objection")},
		{"quorum missed", consent(50), 4, Count{Yes: 1}, false, false, 2, says("1 of 4", "2 needed")},
		{"quorum missed with an objection", consent(75), 4, Count{Yes: 1, Block: 1}, false, false, 3, says("2 of 4", "3 needed")},
		{"full quorum", consent(100), 3, Count{Yes: 1, No: 2}, true, true, 3, says("3 votes")},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

// TestDecideMatchesDoc compares Decide, for every small tally, with the
// rules written in its doc comment.
func TestDecideMatchesDoc(t *testing.T) {
	var rules []Rule
	for _, q := range []int{0, 1, 33, 34, 50, 51, 66, 67, 75, 99, 100} {
		rules = append(rules, consent(q), twoThirds(q), majority(q))
		for _, th := range []int{51, 60, 66, 67, 75, 99, 100} {
			rules = append(rules, super(th, q))
		}
		for _, bt := range []int{0, 1, 2, 3} {
			for _, sa := range []StandAsides{"", StandAsidesQuorumOnly, StandAsidesAsSupport} {
				rules = append(rules, consensus(q, bt, sa))
			}
		}
	}
	failures := 0
	for _, r := range rules {
		for eligible := 0; eligible <= 6; eligible++ {
			forEachCount(eligible, func(c Count) {
				want := docOutcome(r, eligible, c)
				got, err := Decide(r, eligible, c)
				if err != nil {
					t.Fatalf("Decide(%+v, %d, %+v): %v", r, eligible, c, err)
				}
				if got.Passed != want.Passed || got.QuorumReached != want.QuorumReached || got.Required != want.Required || got.Reason == "" {
					failures++
					if failures <= 20 {
						t.Errorf("Decide(%+v, %d, %+v) = %+v, doc says passed=%v quorum=%v required=%d",
							r, eligible, c, got, want.Passed, want.QuorumReached, want.Required)
					}
				}
			})
		}
	}
	if failures > 20 {
		t.Errorf("%d disagreements in all", failures)
	}
}

// forEachCount calls f with every tally of at most eligible votes.
func forEachCount(eligible int, f func(Count)) {
	for y := 0; y <= eligible; y++ {
		for n := 0; y+n <= eligible; n++ {
			for a := 0; y+n+a <= eligible; a++ {
				for b := 0; y+n+a+b <= eligible; b++ {
					for s := 0; y+n+a+b+s <= eligible; s++ {
						f(Count{Yes: y, No: n, Abstain: a, Block: b, StandAside: s})
					}
				}
			}
		}
	}
}

// docOutcome is Decide's doc comment, spelled out independently.
func docOutcome(r Rule, eligible int, c Count) Outcome {
	cast := c.Yes + c.No + c.Abstain + c.Block + c.StandAside
	// The quorum: the smallest number of votes that is at least
	// QuorumPercent of the eligible voters, and at least one.
	required := 1
	for required*100 < r.QuorumPercent*eligible {
		required++
	}
	o := Outcome{Required: required, QuorumReached: cast >= required}
	if !o.QuorumReached {
		return o
	}
	ratioBase := c.Yes + c.No + c.Block
	switch r.Method {
	case Consensus:
		blocks := r.BlockThreshold
		if blocks == 0 {
			blocks = 1
		}
		support := c.Yes
		if r.StandAsides == StandAsidesAsSupport {
			support += c.StandAside
		}
		o.Passed = c.Block < blocks && support >= required && support >= 1 && support > c.No
	case Consent:
		o.Passed = c.Block == 0
	case Supermajority:
		o.Passed = c.Yes*100 >= r.ThresholdPercent*ratioBase && c.Yes > c.No+c.Block
	case TwoThirds:
		o.Passed = 3*c.Yes >= 2*ratioBase && c.Yes >= 1
	case SimpleMajority:
		o.Passed = c.Yes > c.No+c.Block
	}
	return o
}

// invalidRules are rules Validate refuses, with the field it must name.
var invalidRules = []struct {
	name  string
	rule  Rule
	field string
}{
	{"unknown method", Rule{Method: "UNANIMITY", QuorumPercent: 50}, "method"},
	{"empty method", Rule{QuorumPercent: 50}, "method"},
	{"lowercase method", Rule{Method: "consensus", QuorumPercent: 50}, "method"},
	{"supermajority threshold 50", super(50, 50), "thresholdPercent"},
	{"supermajority threshold 101", super(101, 50), "thresholdPercent"},
	{"supermajority without threshold", super(0, 50), "thresholdPercent"},
	{"supermajority negative threshold", super(-75, 50), "thresholdPercent"},
	{"threshold on two thirds", Rule{Method: TwoThirds, ThresholdPercent: 75}, "thresholdPercent"},
	{"threshold on simple majority", Rule{Method: SimpleMajority, ThresholdPercent: 60}, "thresholdPercent"},
	{"threshold on consensus", Rule{Method: Consensus, ThresholdPercent: 75}, "thresholdPercent"},
	{"threshold on consent", Rule{Method: Consent, ThresholdPercent: 75}, "thresholdPercent"},
	{"block threshold on simple majority", Rule{Method: SimpleMajority, BlockThreshold: 1}, "blockThreshold"},
	{"block threshold on supermajority", Rule{Method: Supermajority, ThresholdPercent: 75, BlockThreshold: 2}, "blockThreshold"},
	{"block threshold on two thirds", Rule{Method: TwoThirds, BlockThreshold: 1}, "blockThreshold"},
	{"block threshold on consent", Rule{Method: Consent, BlockThreshold: 1}, "blockThreshold"},
	{"negative block threshold", consensus(50, -1, ""), "blockThreshold"},
	{"block threshold 1001", consensus(50, 1001, ""), "blockThreshold"},
	{"unknown stand-aside counting", consensus(50, 1, "AS_NO"), "standAsides"},
	{"stand-asides on simple majority", Rule{Method: SimpleMajority, StandAsides: StandAsidesAsSupport}, "standAsides"},
	{"stand-asides on supermajority", Rule{Method: Supermajority, ThresholdPercent: 75, StandAsides: StandAsidesQuorumOnly}, "standAsides"},
	{"stand-asides on two thirds", Rule{Method: TwoThirds, StandAsides: StandAsidesAsSupport}, "standAsides"},
	{"stand-asides on consent", Rule{Method: Consent, StandAsides: StandAsidesQuorumOnly}, "standAsides"},
	{"unknown stand-aside counting on simple majority", Rule{Method: SimpleMajority, StandAsides: "AS_NO"}, "standAsides"},
	{"quorum -1", majority(-1), "quorumPercent"},
	{"quorum 101", majority(101), "quorumPercent"},
	{"consensus quorum 101", consensus(101, 1, ""), "quorumPercent"},
	{"min voting days -1", Rule{Method: SimpleMajority, QuorumPercent: 50, MinVotingDays: -1}, "minVotingDays"},
	{"min voting days 366", Rule{Method: Consent, QuorumPercent: 50, MinVotingDays: 366}, "minVotingDays"},
}

func TestRuleValidateRejects(t *testing.T) {
	for _, tt := range invalidRules {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rule.Validate()
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate(%+v) = %v, want a *FieldError", tt.rule, err)
			}
			if fe.Field != tt.field {
				t.Errorf("Validate(%+v) names field %q (%s), want %q", tt.rule, fe.Field, fe.Message, tt.field)
			}
			if fe.Error() == "" || fe.Error() != fe.Message {
				t.Errorf("Error() = %q, want the message %q", fe.Error(), fe.Message)
			}
		})
	}
}

func TestRuleValidateAccepts(t *testing.T) {
	for _, tt := range []struct {
		name string
		rule Rule
	}{
		{"consensus defaults", consensus(50, 0, "")},
		{"consensus block threshold 1", consensus(50, 1, StandAsidesQuorumOnly)},
		{"consensus block threshold 1000", consensus(50, 1000, StandAsidesAsSupport)},
		{"consent", consent(50)},
		{"supermajority threshold 51", super(51, 50)},
		{"supermajority threshold 100", super(100, 50)},
		{"two thirds", twoThirds(66)},
		{"simple majority", majority(50)},
		{"quorum 0", majority(0)},
		{"quorum 100", majority(100)},
		{"min voting days 0", Rule{Method: Consent, MinVotingDays: 0}},
		{"min voting days 365", Rule{Method: Consent, MinVotingDays: MaxMinVotingDays}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.rule.Validate(); err != nil {
				t.Errorf("Validate(%+v) = %v", tt.rule, err)
			}
		})
	}
}

func TestDecideRejectsInvalidRules(t *testing.T) {
	for _, tt := range invalidRules {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Decide(tt.rule, 4, Count{Yes: 4})
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Decide(%+v) = %+v, %v; want a *FieldError", tt.rule, o, err)
			}
			if fe.Field != tt.field {
				t.Errorf("Decide(%+v) names field %q, want %q", tt.rule, fe.Field, tt.field)
			}
			if o != (Outcome{}) {
				t.Errorf("Decide returned %+v with its error", o)
			}
		})
	}
}

func TestDecideRejectsImpossibleCounts(t *testing.T) {
	for _, tt := range []struct {
		name     string
		eligible int
		count    Count
	}{
		{"more YES than eligible", 2, Count{Yes: 3}},
		{"more votes than eligible", 2, Count{Yes: 1, No: 1, Abstain: 1}},
		{"stand-asides beyond eligible", 2, Count{Yes: 2, StandAside: 1}},
		{"blocks beyond eligible", 1, Count{Block: 2}},
		{"votes without eligible voters", 0, Count{Abstain: 1}},
		{"negative eligible", -1, Count{}},
		{"negative YES", 5, Count{Yes: -1}},
		{"negative NO", 5, Count{No: -1}},
		{"negative abstentions", 5, Count{Abstain: -1}},
		{"negative blocks", 5, Count{Block: -1}},
		{"negative stand-asides", 5, Count{StandAside: -1}},
		{"negative hidden in a plausible total", 1, Count{Yes: 2, No: -1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []Rule{majority(50), consensus(50, 0, ""), consent(0), super(75, 0), twoThirds(100)} {
				if o, err := Decide(r, tt.eligible, tt.count); err == nil {
					t.Errorf("Decide(%s, %d, %+v) = %+v, want an error", r.Method, tt.eligible, tt.count, o)
				}
			}
		})
	}
}

func TestRuleNormalized(t *testing.T) {
	for _, tt := range []struct {
		name     string
		in, want Rule
	}{
		{"consensus defaults",
			Rule{Method: Consensus, QuorumPercent: 50, MinVotingDays: 7},
			Rule{Method: Consensus, BlockThreshold: 1, StandAsides: StandAsidesQuorumOnly, QuorumPercent: 50, MinVotingDays: 7}},
		{"consensus keeps its parameters",
			Rule{Method: Consensus, BlockThreshold: 3, StandAsides: StandAsidesAsSupport, QuorumPercent: 60, MinVotingDays: 14},
			Rule{Method: Consensus, BlockThreshold: 3, StandAsides: StandAsidesAsSupport, QuorumPercent: 60, MinVotingDays: 14}},
		{"consensus clears a threshold percent",
			Rule{Method: Consensus, ThresholdPercent: 75, QuorumPercent: 50},
			Rule{Method: Consensus, BlockThreshold: 1, StandAsides: StandAsidesQuorumOnly, QuorumPercent: 50}},
		{"supermajority keeps its threshold, clears consensus parameters",
			Rule{Method: Supermajority, ThresholdPercent: 75, BlockThreshold: 2, StandAsides: StandAsidesAsSupport, QuorumPercent: 50, MinVotingDays: 3},
			Rule{Method: Supermajority, ThresholdPercent: 75, QuorumPercent: 50, MinVotingDays: 3}},
		{"two thirds clears everything unused",
			Rule{Method: TwoThirds, ThresholdPercent: 66, BlockThreshold: 1, StandAsides: StandAsidesQuorumOnly, QuorumPercent: 40, MinVotingDays: 2},
			Rule{Method: TwoThirds, QuorumPercent: 40, MinVotingDays: 2}},
		{"simple majority clears everything unused",
			Rule{Method: SimpleMajority, ThresholdPercent: 51, BlockThreshold: 2, StandAsides: StandAsidesAsSupport, QuorumPercent: 30},
			Rule{Method: SimpleMajority, QuorumPercent: 30}},
		{"consent clears everything unused",
			Rule{Method: Consent, ThresholdPercent: 90, BlockThreshold: 1, StandAsides: StandAsidesQuorumOnly, QuorumPercent: 100, MinVotingDays: 365},
			Rule{Method: Consent, QuorumPercent: 100, MinVotingDays: 365}},
		{"consent already normal", consent(10), consent(10)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.Normalized()
			if got != tt.want {
				t.Errorf("Normalized(%+v) = %+v, want %+v", tt.in, got, tt.want)
			}
			if again := got.Normalized(); again != got {
				t.Errorf("Normalized is not idempotent: %+v then %+v", got, again)
			}
		})
	}
	t.Run("rules that decide alike compare equal", func(t *testing.T) {
		a := consensus(50, 0, "")
		b := consensus(50, 1, StandAsidesQuorumOnly)
		if a.Normalized() != b.Normalized() {
			t.Errorf("%+v and %+v normalize to %+v and %+v", a, b, a.Normalized(), b.Normalized())
		}
	})
}

var kinds = []string{"ADMISSION", "EXCLUSION", "BUDGET", "BYLAWS"}

func TestRulesFor(t *testing.T) {
	def := Rule{Method: SimpleMajority, QuorumPercent: 50, MinVotingDays: 7}
	rules := Rules{
		{Kind: "ADMISSION", Rule: Rule{Method: Consensus, QuorumPercent: 75, MinVotingDays: 14}},
		{Kind: "BUDGET", Rule: super(66, 50)},
		{Kind: "BYLAWS", Rule: Rule{Method: TwoThirds, ThresholdPercent: 66, QuorumPercent: 60}},
	}
	for _, tt := range []struct {
		name  string
		rules Rules
		kind  string
		def   Rule
		want  Rule
	}{
		{"own rule, normalized", rules, "ADMISSION", def,
			Rule{Method: Consensus, BlockThreshold: 1, StandAsides: StandAsidesQuorumOnly, QuorumPercent: 75, MinVotingDays: 14}},
		{"own rule of a later entry", rules, "BUDGET", def, super(66, 50)},
		{"own rule with unused parameter cleared", rules, "BYLAWS", def, twoThirds(60)},
		{"no entry: default", rules, "EXCLUSION", def, def},
		{"unknown kind: default", rules, "NOPE", def, def},
		{"nil rules: default", nil, "ADMISSION", def, def},
		{"default normalized", nil, "BUDGET", Rule{Method: Consensus, QuorumPercent: 50},
			Rule{Method: Consensus, BlockThreshold: 1, StandAsides: StandAsidesQuorumOnly, QuorumPercent: 50}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rules.For(tt.kind, tt.def); got != tt.want {
				t.Errorf("For(%q) = %+v, want %+v", tt.kind, got, tt.want)
			}
		})
	}
}

func TestRulesValidate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		rules Rules
		kinds []string
		field string // "" for valid
		kind  string // the kind whose rule is invalid; "" when the kind itself is wrong
	}{
		{"nil rules", nil, kinds, "", ""},
		{"empty rules, no kinds", Rules{}, nil, "", ""},
		{"one rule per kind", Rules{
			{Kind: "ADMISSION", Rule: consensus(75, 2, StandAsidesAsSupport)},
			{Kind: "EXCLUSION", Rule: twoThirds(50)},
			{Kind: "BUDGET", Rule: super(75, 50)},
			{Kind: "BYLAWS", Rule: consent(100)},
		}, kinds, "", ""},
		{"unknown kind", Rules{{Kind: "COFFEE", Rule: majority(50)}}, kinds, "kind", ""},
		{"empty kind", Rules{{Kind: "", Rule: majority(50)}}, kinds, "kind", ""},
		{"kind in another case", Rules{{Kind: "budget", Rule: majority(50)}}, kinds, "kind", ""},
		{"any kind when none are decided", Rules{{Kind: "BUDGET", Rule: majority(50)}}, nil, "kind", ""},
		{"duplicate kind", Rules{{Kind: "BUDGET", Rule: majority(50)}, {Kind: "BUDGET", Rule: super(75, 50)}}, kinds, "kind", ""},
		{"duplicate of identical rule", Rules{{Kind: "BUDGET", Rule: majority(50)}, {Kind: "BUDGET", Rule: majority(50)}}, kinds, "kind", ""},
		{"invalid quorum", Rules{{Kind: "ADMISSION", Rule: majority(50)}, {Kind: "BUDGET", Rule: majority(101)}}, kinds, "quorumPercent", "BUDGET"},
		{"invalid method", Rules{{Kind: "BUDGET", Rule: Rule{Method: "RANDOM"}}}, kinds, "method", "BUDGET"},
		{"invalid threshold", Rules{{Kind: "BUDGET", Rule: super(50, 50)}}, kinds, "thresholdPercent", "BUDGET"},
		{"invalid min voting days", Rules{{Kind: "BYLAWS", Rule: Rule{Method: Consent, MinVotingDays: 366}}}, kinds, "minVotingDays", "BYLAWS"},
		{"block threshold on a non-consensus rule", Rules{{Kind: "EXCLUSION", Rule: Rule{Method: TwoThirds, BlockThreshold: 2}}}, kinds, "blockThreshold", "EXCLUSION"},
		{"stand-asides on a non-consensus rule", Rules{
			{Kind: "ADMISSION", Rule: consensus(50, 1, StandAsidesAsSupport)},
			{Kind: "BUDGET", Rule: Rule{Method: SimpleMajority, QuorumPercent: 50, StandAsides: StandAsidesAsSupport}},
		}, kinds, "standAsides", "BUDGET"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rules.Validate(tt.kinds)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate = %v, want a *FieldError", err)
			}
			if fe.Field != tt.field || fe.Message == "" {
				t.Errorf("Validate names field %q (%q), want %q", fe.Field, fe.Message, tt.field)
			}
			if fe.Error() != fe.Message {
				t.Errorf("Error() = %q, want the message %q", fe.Error(), fe.Message)
			}
			if tt.kind == "" {
				if strings.HasPrefix(fe.Message, "rule for ") {
					t.Errorf("message %q of a kind error names a rule", fe.Message)
				}
				return
			}
			// The message is the rule's own, prefixed with its kind.
			var ruleErr error
			for _, kr := range tt.rules {
				if kr.Kind == tt.kind && ruleErr == nil {
					ruleErr = kr.Rule.Validate()
				}
			}
			if ruleErr == nil {
				t.Fatalf("test case: no invalid rule for %s", tt.kind)
			}
			if want := "rule for " + tt.kind + ": " + ruleErr.Error(); fe.Message != want {
				t.Errorf("Validate message %q, want %q", fe.Message, want)
			}
		})
	}
}

func TestRulesNormalized(t *testing.T) {
	in := Rules{
		{Kind: "ADMISSION", Rule: Rule{Method: Consensus, QuorumPercent: 75}},
		{Kind: "BUDGET", Rule: Rule{Method: SimpleMajority, ThresholdPercent: 60, QuorumPercent: 50}},
	}
	orig := append(Rules(nil), in...)
	want := Rules{
		{Kind: "ADMISSION", Rule: Rule{Method: Consensus, BlockThreshold: 1, StandAsides: StandAsidesQuorumOnly, QuorumPercent: 75}},
		{Kind: "BUDGET", Rule: majority(50)},
	}
	if got := in.Normalized(); !reflect.DeepEqual(got, want) {
		t.Errorf("Normalized = %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(in, orig) {
		t.Errorf("Normalized changed its receiver: %+v", in)
	}
	if got := Rules(nil).Normalized(); len(got) != 0 {
		t.Errorf("nil Normalized = %+v", got)
	}
}

func TestRulesJSONRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name  string
		rules Rules
	}{
		{"nil", nil},
		{"every method", Rules{
			{Kind: "ADMISSION", Rule: Rule{Method: Consensus, BlockThreshold: 2, StandAsides: StandAsidesAsSupport, QuorumPercent: 75, MinVotingDays: 14}},
			{Kind: "EXCLUSION", Rule: Rule{Method: TwoThirds, QuorumPercent: 66, MinVotingDays: 7}},
			{Kind: "BUDGET", Rule: Rule{Method: Supermajority, ThresholdPercent: 75, QuorumPercent: 50, MinVotingDays: 3}},
			{Kind: "BYLAWS", Rule: Rule{Method: Consent, QuorumPercent: 100, MinVotingDays: 365}},
			{Kind: "OTHER", Rule: Rule{Method: SimpleMajority}},
		}},
		{"not normalized", Rules{{Kind: "ADMISSION", Rule: Rule{Method: Consensus, QuorumPercent: 50}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(tt.rules)
			if err != nil {
				t.Fatal(err)
			}
			var back Rules
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, tt.rules) {
				t.Errorf("round trip %s gave %+v, want %+v", data, back, tt.rules)
			}
		})
	}
	t.Run("flat field names", func(t *testing.T) {
		data, err := json.Marshal(Rules{{Kind: "ADMISSION", Rule: Rule{Method: Consensus, BlockThreshold: 2, StandAsides: StandAsidesAsSupport, QuorumPercent: 75, MinVotingDays: 14}}})
		if err != nil {
			t.Fatal(err)
		}
		want := `[{"kind":"ADMISSION","method":"CONSENSUS","blockThreshold":2,"standAsides":"AS_SUPPORT","quorumPercent":75,"minVotingDays":14}]`
		if string(data) != want {
			t.Errorf("got %s, want %s", data, want)
		}
		var back Rules
		if err := json.Unmarshal([]byte(`[{"kind":"BUDGET","method":"SUPERMAJORITY","thresholdPercent":66,"quorumPercent":50,"minVotingDays":3}]`), &back); err != nil {
			t.Fatal(err)
		}
		if got := back.For("BUDGET", majority(50)); got != (Rule{Method: Supermajority, ThresholdPercent: 66, QuorumPercent: 50, MinVotingDays: 3}) {
			t.Errorf("decoded rule %+v", got)
		}
	})
}

func TestQuorumVotes(t *testing.T) {
	for _, tt := range []struct{ percent, eligible, want int }{
		{50, 4, 2}, {50, 5, 3}, {50, 1, 1}, {66, 3, 2}, {67, 3, 3}, {75, 4, 3}, {51, 2, 2},
		{33, 3, 1}, {34, 3, 2}, {0, 9, 0}, {0, 0, 0}, {100, 0, 0}, {50, 0, 0},
		{100, 7, 7}, {100, 1000, 1000}, {1, 1, 1}, {1, 100, 1}, {1, 101, 2},
		{99, 100, 99}, {99, 101, 100},
	} {
		t.Run(fmt.Sprintf("%d%% of %d", tt.percent, tt.eligible), func(t *testing.T) {
			if got := QuorumVotes(tt.percent, tt.eligible); got != tt.want {
				t.Errorf("QuorumVotes(%d, %d) = %d, want %d", tt.percent, tt.eligible, got, tt.want)
			}
		})
	}
	t.Run("smallest n with n*100 >= percent*eligible", func(t *testing.T) {
		for p := 0; p <= 100; p++ {
			for e := 0; e <= 60; e++ {
				n := QuorumVotes(p, e)
				if n*100 < p*e || (n > 0 && (n-1)*100 >= p*e) || n > e {
					t.Fatalf("QuorumVotes(%d, %d) = %d", p, e, n)
				}
			}
		}
	})
}

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		choice Choice
		want   Count
	}{
		{Yes, Count{Yes: 1}},
		{No, Count{No: 1}},
		{Abstain, Count{Abstain: 1}},
		{Block, Count{Block: 1}},
		{StandAside, Count{StandAside: 1}},
	} {
		t.Run(string(tt.choice), func(t *testing.T) {
			var c Count
			if err := c.Add(tt.choice); err != nil {
				t.Fatal(err)
			}
			if c != tt.want || c.Cast() != 1 {
				t.Errorf("Add(%s) = %+v (cast %d), want %+v", tt.choice, c, c.Cast(), tt.want)
			}
		})
	}
	for _, bad := range []Choice{"", "yes", "MAYBE", "STAND ASIDE"} {
		t.Run(fmt.Sprintf("unknown %q", bad), func(t *testing.T) {
			c := Count{Yes: 1}
			if err := c.Add(bad); err == nil {
				t.Error("no error")
			}
			if c != (Count{Yes: 1}) {
				t.Errorf("count changed to %+v", c)
			}
		})
	}
	t.Run("cast sums every choice", func(t *testing.T) {
		c := Count{Yes: 1, No: 2, Abstain: 3, Block: 4, StandAside: 5}
		if got := c.Cast(); got != 15 {
			t.Errorf("Cast = %d, want 15", got)
		}
	})
}

func TestMethods(t *testing.T) {
	want := []Method{Consensus, Consent, Supermajority, TwoThirds, SimpleMajority}
	if !reflect.DeepEqual(Methods, want) {
		t.Errorf("Methods = %v, want %v", Methods, want)
	}
	for _, m := range Methods {
		r := Rule{Method: m}
		if m == Supermajority {
			r.ThresholdPercent = 75
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
}
