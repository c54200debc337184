// Package decision computes the outcome of a vote exactly, from the rule
// fixed when the proposal opened (DESIGN.md, "Decisions"). It is pure
// arithmetic on integers: no database, no clock. The bylaws of a coop or a
// network give each proposal kind its own Rule (Rules.For).
package decision

import (
	"fmt"
)

// Method is how the votes of a proposal are weighed.
type Method string

// The decision methods bylaws may choose.
const (
	// Consensus: fewer BLOCKs than the block threshold, and the YES votes
	// (with stand-asides when the rule counts them as support) reach the
	// quorum and outnumber the NO votes.
	Consensus Method = "CONSENSUS"
	// Consent: passes unless somebody objects (a BLOCK, which must carry
	// its reason), once the quorum took part.
	Consent Method = "CONSENT"
	// Supermajority: YES is at least ThresholdPercent of YES+NO+BLOCK and
	// more than NO+BLOCK.
	Supermajority Method = "SUPERMAJORITY"
	// TwoThirds: YES (at least one) is at least two thirds of YES+NO+BLOCK, exactly (a
	// percent cannot say two thirds: 66 lets 66 of 100 pass, 67 stops 2 of 3).
	TwoThirds Method = "TWO_THIRDS"
	// SimpleMajority: YES is more than NO+BLOCK.
	SimpleMajority Method = "SIMPLE_MAJORITY"
)

// Methods lists every method, in the order the API shows them.
var Methods = []Method{Consensus, Consent, Supermajority, TwoThirds, SimpleMajority}

// StandAsides says how a STAND_ASIDE vote counts under CONSENSUS ("I do not
// agree, but I will not stop the group"); under every other method it
// counts for the quorum only, like an abstention.
type StandAsides string

// How stand-asides count.
const (
	// StandAsidesQuorumOnly: a stand-aside counts for the quorum, not as YES.
	StandAsidesQuorumOnly StandAsides = "QUORUM_ONLY"
	// StandAsidesAsSupport: a stand-aside counts as YES towards the YES
	// votes a consensus needs.
	StandAsidesAsSupport StandAsides = "AS_SUPPORT"
)

// Rule is the decision rule of one proposal kind: method, quorum and the
// minimum voting period. Copied onto a proposal when it opens.
type Rule struct {
	Method Method `json:"method"`
	// ThresholdPercent is the share of YES a SUPERMAJORITY needs, 51..100;
	// 0 for other methods.
	ThresholdPercent int `json:"thresholdPercent,omitempty"`
	// BlockThreshold is how many BLOCKs stop a CONSENSUS (1: a single
	// block stops it); 0 for other methods.
	BlockThreshold int `json:"blockThreshold,omitempty"`
	// StandAsides says how STAND_ASIDE counts under CONSENSUS.
	StandAsides StandAsides `json:"standAsides,omitempty"`
	// QuorumPercent of those eligible must vote (abstentions and
	// stand-asides included) for the decision to be valid.
	QuorumPercent int `json:"quorumPercent"`
	// MinVotingDays is the shortest time a proposal of this kind stays
	// open: closesAt may not be earlier, and voting cannot end early
	// (everyone voted) before it has passed.
	MinVotingDays int `json:"minVotingDays"`
}

// MaxMinVotingDays bounds the minimum voting period.
const MaxMinVotingDays = 365

// Normalized returns r with the parameters its method does not use
// cleared and those it uses defaulted (block threshold 1, stand-asides for
// the quorum only), so that two rules that decide alike compare equal.
func (r Rule) Normalized() Rule {
	switch r.Method {
	case Consensus:
		r.ThresholdPercent = 0
		if r.BlockThreshold == 0 {
			r.BlockThreshold = 1
		}
		if r.StandAsides == "" {
			r.StandAsides = StandAsidesQuorumOnly
		}
	case Supermajority:
		r.BlockThreshold, r.StandAsides = 0, ""
	default:
		r.ThresholdPercent, r.BlockThreshold, r.StandAsides = 0, 0, ""
	}
	return r
}

// Validate says what is wrong with r, naming the field; nil when it can
// decide a proposal.
func (r Rule) Validate() error {
	switch r.Method {
	case Consensus, Consent, TwoThirds, SimpleMajority:
		if r.ThresholdPercent != 0 {
			return fieldError("thresholdPercent", "only SUPERMAJORITY has a threshold percent")
		}
	case Supermajority:
		if r.ThresholdPercent < 51 || r.ThresholdPercent > 100 {
			return fieldError("thresholdPercent", "a SUPERMAJORITY threshold is 51 to 100 percent, got %d", r.ThresholdPercent)
		}
	default:
		return fieldError("method", "unknown decision method %q", r.Method)
	}
	if r.Method != Consensus && r.BlockThreshold != 0 {
		return fieldError("blockThreshold", "only CONSENSUS rules have a block threshold")
	}
	if r.Method != Consensus && r.StandAsides != "" {
		return fieldError("standAsides", "only CONSENSUS rules say how stand-asides count")
	}
	if r.BlockThreshold < 0 || r.BlockThreshold > 1000 {
		return fieldError("blockThreshold", "the block threshold is 1 to 1000 blocks (0 for the default of 1), got %d", r.BlockThreshold)
	}
	switch r.StandAsides {
	case "", StandAsidesQuorumOnly, StandAsidesAsSupport:
	default:
		return fieldError("standAsides", "unknown stand-aside counting %q", r.StandAsides)
	}
	if r.QuorumPercent < 0 || r.QuorumPercent > 100 {
		return fieldError("quorumPercent", "quorum %d%% out of range 0..100", r.QuorumPercent)
	}
	if r.MinVotingDays < 0 || r.MinVotingDays > MaxMinVotingDays {
		return fieldError("minVotingDays", "the minimum voting period is 0 to %d days, got %d", MaxMinVotingDays, r.MinVotingDays)
	}
	return nil
}

// FieldError is a Rule or Rules validation error naming the offending field.
type FieldError struct {
	Field, Message string
}

func (e *FieldError) Error() string { return e.Message }

func fieldError(field, format string, args ...any) error {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// KindRule is the rule bylaws give one proposal kind.
type KindRule struct {
	Kind string `json:"kind"`
	Rule
}

// Rules are the per-kind rules of a coop's or a network's bylaws. A kind
// without an entry is decided by the bylaws' default rule.
type Rules []KindRule

// For returns the rule for kind: its own entry, or def.
func (rs Rules) For(kind string, def Rule) Rule {
	for _, kr := range rs {
		if kr.Kind == kind {
			return kr.Rule.Normalized()
		}
	}
	return def.Normalized()
}

// Validate checks that every entry names one of kinds, at most once, with a
// valid rule.
func (rs Rules) Validate(kinds []string) error {
	seen := map[string]bool{}
	for _, kr := range rs {
		known := false
		for _, k := range kinds {
			known = known || k == kr.Kind
		}
		if !known {
			return fieldError("kind", "%q is not a proposal kind these bylaws decide (one of %v)", kr.Kind, kinds)
		}
		if seen[kr.Kind] {
			return fieldError("kind", "kind %s has two rules", kr.Kind)
		}
		seen[kr.Kind] = true
		if err := kr.Rule.Validate(); err != nil {
			fe := err.(*FieldError)
			return &FieldError{Field: fe.Field, Message: "rule for " + kr.Kind + ": " + fe.Message}
		}
	}
	return nil
}

// Normalized returns rs with every rule normalized.
func (rs Rules) Normalized() Rules {
	out := make(Rules, len(rs))
	for i, kr := range rs {
		out[i] = KindRule{Kind: kr.Kind, Rule: kr.Rule.Normalized()}
	}
	return out
}

// Choice is one vote.
type Choice string

// The choices a voter has.
const (
	Yes        Choice = "YES"
	No         Choice = "NO"
	Abstain    Choice = "ABSTAIN"
	Block      Choice = "BLOCK"
	StandAside Choice = "STAND_ASIDE"
)

// Count is the tally of a proposal's votes.
type Count struct {
	Yes, No, Abstain, Block, StandAside int
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
	case StandAside:
		c.StandAside++
	default:
		return fmt.Errorf("unknown choice %q", choice)
	}
	return nil
}

// Cast is the number of votes cast, abstentions and stand-asides included.
func (c Count) Cast() int { return c.Yes + c.No + c.Abstain + c.Block + c.StandAside }

// Outcome is the result of a tally, with the reason in words.
type Outcome struct {
	Passed        bool
	QuorumReached bool
	// Required is the number of votes the quorum asks for: at least one.
	Required int
	Reason   string
}

// QuorumVotes is how many of eligible voters must vote (abstentions count)
// for quorumPercent: the smallest n with n*100 >= quorumPercent*eligible.
func QuorumVotes(quorumPercent, eligible int) int {
	return (quorumPercent*eligible + 99) / 100
}

// Decide applies rule to the votes of eligible voters.
//
//   - Quorum: at least QuorumPercent of the eligible voters voted, and at
//     least one (a zero quorum still needs a vote); abstentions and
//     stand-asides count for the quorum, never for a ratio.
//   - CONSENSUS: fewer BLOCKs than BlockThreshold, the YES votes (plus
//     stand-asides when they count AS_SUPPORT) reach the quorum, at least
//     one, and outnumber the NO votes (a tie fails).
//   - CONSENT: no BLOCK (an objection, which carries its reason).
//   - SUPERMAJORITY: YES*100 >= ThresholdPercent*(YES+NO+BLOCK), and YES is
//     more than NO+BLOCK.
//   - TWO_THIRDS: 3*YES >= 2*(YES+NO+BLOCK), YES at least one.
//   - SIMPLE_MAJORITY: YES is more than NO+BLOCK; a tie fails.
func Decide(rule Rule, eligible int, c Count) (Outcome, error) {
	if err := rule.Validate(); err != nil {
		return Outcome{}, err
	}
	rule = rule.Normalized()
	if eligible < 0 || c.Yes < 0 || c.No < 0 || c.Abstain < 0 || c.Block < 0 || c.StandAside < 0 {
		return Outcome{}, fmt.Errorf("negative count")
	}
	if c.Cast() > eligible {
		return Outcome{}, fmt.Errorf("%d votes cast by %d eligible voters", c.Cast(), eligible)
	}
	required := QuorumVotes(rule.QuorumPercent, eligible)
	o := Outcome{Required: max(required, 1), QuorumReached: c.Cast() >= required && c.Cast() > 0}
	if !o.QuorumReached {
		o.Reason = fmt.Sprintf("quorum missed: %d of %d eligible voters voted, %d needed", c.Cast(), eligible, max(required, 1))
		return o, nil
	}
	against := c.No + c.Block
	switch rule.Method {
	case Consensus:
		support := c.Yes
		if rule.StandAsides == StandAsidesAsSupport {
			support += c.StandAside
		}
		switch {
		case c.Block >= rule.BlockThreshold:
			o.Reason = fmt.Sprintf("blocked: %d block(s), %d stop a consensus", c.Block, rule.BlockThreshold)
		case support < required || support == 0:
			o.Reason = fmt.Sprintf("consensus needs %d supporting votes, got %d", max(required, 1), support)
		case support <= c.No:
			o.Reason = fmt.Sprintf("no consensus: %d in support against %d NO", support, c.No)
		default:
			o.Passed = true
			o.Reason = fmt.Sprintf("consensus: %d in support, %d stand-aside(s), %d block(s) below the threshold of %d",
				support, c.StandAside, c.Block, rule.BlockThreshold)
		}
	case Consent:
		if c.Block > 0 {
			o.Reason = fmt.Sprintf("not consented: %d reasoned objection(s)", c.Block)
		} else {
			o.Passed = true
			o.Reason = fmt.Sprintf("consent: no objection among %d votes", c.Cast())
		}
	case Supermajority:
		if c.Yes > against && 100*c.Yes >= rule.ThresholdPercent*(c.Yes+against) {
			o.Passed = true
			o.Reason = fmt.Sprintf("%d%% reached: %d YES of %d", rule.ThresholdPercent, c.Yes, c.Yes+against)
		} else {
			o.Reason = fmt.Sprintf("%d%% missed: %d YES of %d", rule.ThresholdPercent, c.Yes, c.Yes+against)
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
	}
	return o, nil
}

// Voters are those who decide a network or project proposal, fixed when it
// opens: coops with one vote each, and persons voting for themselves.
type Voters struct {
	Coops   []int `json:"coops"`
	Persons []int `json:"persons"`
}
