package decision

import "testing"

func TestDecide(t *testing.T) {
	tests := []struct {
		name     string
		rule     Rule
		quorum   int
		eligible int
		count    Count
		passed   bool
		quorumOK bool
	}{
		{"consensus all yes", Consensus, 50, 4, Count{Yes: 4}, true, true},
		{"consensus single block", Consensus, 50, 4, Count{Yes: 3, Block: 1}, false, true},
		{"consensus no without block passes", Consensus, 50, 4, Count{Yes: 2, No: 1}, true, true},
		{"consensus yes below quorum", Consensus, 75, 4, Count{Yes: 2, Abstain: 2}, false, true},
		{"consensus abstentions only", Consensus, 50, 4, Count{Abstain: 4}, false, true},
		{"quorum missed by one", SimpleMajority, 50, 5, Count{Yes: 2}, false, false},
		{"quorum met exactly", SimpleMajority, 50, 5, Count{Yes: 3}, true, true},
		{"abstentions count for quorum", SimpleMajority, 60, 5, Count{Yes: 1, Abstain: 2}, true, true},
		{"majority tie fails", SimpleMajority, 0, 4, Count{Yes: 2, No: 2}, false, true},
		{"block counts as no in majority", SimpleMajority, 0, 3, Count{Yes: 1, Block: 1}, false, true},
		{"two thirds exactly", TwoThirds, 50, 6, Count{Yes: 4, No: 2}, true, true},
		{"two thirds missed by one", TwoThirds, 50, 7, Count{Yes: 4, No: 3}, false, true},
		{"two thirds ignores abstentions", TwoThirds, 50, 6, Count{Yes: 2, No: 1, Abstain: 3}, true, true},
		{"two thirds with only abstentions", TwoThirds, 50, 2, Count{Abstain: 2}, false, true},
		{"zero quorum still needs a vote", SimpleMajority, 0, 3, Count{}, false, false},
		{"full quorum", TwoThirds, 100, 3, Count{Yes: 2, No: 1}, true, true},
		{"full quorum missed", TwoThirds, 100, 3, Count{Yes: 2}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Decide(tt.rule, tt.quorum, tt.eligible, tt.count)
			if err != nil {
				t.Fatal(err)
			}
			if o.Passed != tt.passed || o.QuorumReached != tt.quorumOK {
				t.Fatalf("got passed=%v quorum=%v (%s), want passed=%v quorum=%v", o.Passed, o.QuorumReached, o.Reason, tt.passed, tt.quorumOK)
			}
			if o.Reason == "" {
				t.Fatal("no reason given")
			}
		})
	}
}

func TestDecideRejectsImpossibleCounts(t *testing.T) {
	for _, c := range []struct {
		rule     Rule
		quorum   int
		eligible int
		count    Count
	}{
		{SimpleMajority, 50, 2, Count{Yes: 3}},
		{SimpleMajority, 101, 2, Count{Yes: 1}},
		{"UNANIMITY", 50, 2, Count{Yes: 2}},
		{SimpleMajority, 50, 2, Count{Yes: -1}},
	} {
		if _, err := Decide(c.rule, c.quorum, c.eligible, c.count); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
}

func TestQuorumVotes(t *testing.T) {
	for _, c := range []struct{ percent, eligible, want int }{
		{50, 4, 2}, {50, 5, 3}, {66, 3, 2}, {67, 3, 3}, {0, 9, 0}, {100, 7, 7}, {1, 1, 1},
	} {
		if got := QuorumVotes(c.percent, c.eligible); got != c.want {
			t.Errorf("QuorumVotes(%d, %d) = %d, want %d", c.percent, c.eligible, got, c.want)
		}
	}
}
