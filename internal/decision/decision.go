// Package decision computes the outcome of a coop's vote exactly, from the
// rule and quorum fixed when the proposal opened (DESIGN.md, "Decisions").
// It is pure arithmetic on integers: no database, no clock.
package decision

import (
	"fmt"
)

// Rule is a coop's decision rule.
type Rule string

// The decision rules of the bylaws.
const (
	Consensus      Rule = "CONSENSUS"
	TwoThirds      Rule = "TWO_THIRDS"
	SimpleMajority Rule = "SIMPLE_MAJORITY"
)

// Choice is one vote.
type Choice string

// The choices a member has.
const (
	Yes     Choice = "YES"
	No      Choice = "NO"
	Abstain Choice = "ABSTAIN"
	Block   Choice = "BLOCK"
)

// Count is the tally of a proposal's votes.
type Count struct {
	Yes, No, Abstain, Block int
}

// Add counts one vote.
func (c *Count) Add(choice Choice) error {
	switch choice {
	case Yes:
		c.Yes++
	case No:
		c.No++
	case Abstain:
		c.Abstain++
	case Block:
		c.Block++
	default:
		return fmt.Errorf("unknown choice %q", choice)
	}
	return nil
}

// Cast is the number of votes cast, abstentions included.
func (c Count) Cast() int { return c.Yes + c.No + c.Abstain + c.Block }

// Outcome is the result of a tally, with the reason in words.
type Outcome struct {
	Passed        bool
	QuorumReached bool
	// Required is the number of votes the quorum asks for.
	Required int
	Reason   string
}

// QuorumVotes is how many of eligible members must vote (abstentions count)
// for quorumPercent: the smallest n with n*100 >= quorumPercent*eligible.
func QuorumVotes(quorumPercent, eligible int) int {
	return (quorumPercent*eligible + 99) / 100
}

// Decide applies rule and quorum to the votes of eligible members.
//
//   - Quorum: at least quorumPercent of the eligible members voted; abstentions
//     count for the quorum, never for the ratio.
//   - CONSENSUS: no BLOCK, and the YES votes alone reach the quorum.
//   - TWO_THIRDS: YES is at least two thirds of YES+NO (BLOCK counts as NO).
//   - SIMPLE_MAJORITY: YES is more than NO (BLOCK counts as NO); a tie fails.
func Decide(rule Rule, quorumPercent, eligible int, c Count) (Outcome, error) {
	if quorumPercent < 0 || quorumPercent > 100 {
		return Outcome{}, fmt.Errorf("quorum %d%% out of range", quorumPercent)
	}
	if eligible < 0 || c.Yes < 0 || c.No < 0 || c.Abstain < 0 || c.Block < 0 {
		return Outcome{}, fmt.Errorf("negative count")
	}
	if c.Cast() > eligible {
		return Outcome{}, fmt.Errorf("%d votes cast by %d eligible members", c.Cast(), eligible)
	}
	required := QuorumVotes(quorumPercent, eligible)
	o := Outcome{Required: required, QuorumReached: c.Cast() >= required && c.Cast() > 0}
	if !o.QuorumReached {
		o.Reason = fmt.Sprintf("quorum missed: %d of %d eligible members voted, %d needed", c.Cast(), eligible, required)
		return o, nil
	}
	against := c.No + c.Block
	switch rule {
	case Consensus:
		switch {
		case c.Block > 0:
			o.Reason = fmt.Sprintf("blocked by %d member(s)", c.Block)
		case c.Yes < required || c.Yes == 0:
			o.Reason = fmt.Sprintf("consensus needs %d YES votes, got %d", max(required, 1), c.Yes)
		default:
			o.Passed = true
			o.Reason = fmt.Sprintf("consensus: %d YES, no block", c.Yes)
		}
	case TwoThirds:
		if c.Yes > 0 && 3*c.Yes >= 2*(c.Yes+against) {
			o.Passed = true
			o.Reason = fmt.Sprintf("two thirds reached: %d YES of %d", c.Yes, c.Yes+against)
		} else {
			o.Reason = fmt.Sprintf("two thirds missed: %d YES of %d", c.Yes, c.Yes+against)
		}
	case SimpleMajority:
		if c.Yes > against {
			o.Passed = true
			o.Reason = fmt.Sprintf("majority: %d YES against %d", c.Yes, against)
		} else {
			o.Reason = fmt.Sprintf("no majority: %d YES against %d", c.Yes, against)
		}
	default:
		return Outcome{}, fmt.Errorf("unknown rule %q", rule)
	}
	return o, nil
}
