// Package pathway is the membership pathway state machine of DESIGN.md: the
// states, the transitions between them and the guards the coop's bylaws set.
// It is pure: callers pass the facts (dates, milestones, buy-in, vote) and
// get back what is allowed, what is missing and when it becomes possible.
package pathway

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// State is a pathway state.
type State string

// The pathway states.
const (
	Interested State = "INTERESTED"
	Freelancer State = "FREELANCER"
	Candidate  State = "CANDIDATE"
	Member     State = "MEMBER"
	Paused     State = "PAUSED"
	Left       State = "LEFT"
)

// States lists every state in pathway order.
var States = []State{Interested, Freelancer, Candidate, Member, Paused, Left}

// Transition names one allowed move.
type Transition string

// The transitions. Admit and Decline happen only when an ADMISSION proposal
// closes, Exclude only when an EXCLUSION proposal passes; the others are
// requested by the person or the coop.
const (
	StartFreelancing Transition = "START_FREELANCING" // INTERESTED → FREELANCER
	Apply            Transition = "APPLY"             // FREELANCER → CANDIDATE
	Admit            Transition = "ADMIT"             // CANDIDATE → MEMBER, by a passed admission
	Decline          Transition = "DECLINE"           // CANDIDATE → FREELANCER, by a failed admission
	Pause            Transition = "PAUSE"             // MEMBER → PAUSED
	Resume           Transition = "RESUME"            // PAUSED → MEMBER
	Leave            Transition = "LEAVE"             // any but LEFT → LEFT
	Rejoin           Transition = "REJOIN"            // LEFT → INTERESTED
	Exclude          Transition = "EXCLUDE"           // MEMBER or PAUSED → LEFT, by a passed exclusion
)

// Transitions lists every transition.
var Transitions = []Transition{StartFreelancing, Apply, Admit, Decline, Pause, Resume, Leave, Rejoin, Exclude}

// edges holds, per transition, the states it starts from and where it leads.
var edges = map[Transition]struct {
	from []State
	to   State
}{
	StartFreelancing: {[]State{Interested}, Freelancer},
	Apply:            {[]State{Freelancer}, Candidate},
	Admit:            {[]State{Candidate}, Member},
	Decline:          {[]State{Candidate}, Freelancer},
	Pause:            {[]State{Member}, Paused},
	Resume:           {[]State{Paused}, Member},
	Leave:            {[]State{Interested, Freelancer, Candidate, Member, Paused}, Left},
	Rejoin:           {[]State{Left}, Interested},
	Exclude:          {[]State{Member, Paused}, Left},
}

// Target returns the state a transition leads to.
func Target(t Transition) (State, bool) {
	e, ok := edges[t]
	return e.to, ok
}

// From returns the transitions that start in s, in Transitions order.
func From(s State) []Transition {
	var ts []Transition
	for _, t := range Transitions {
		if slices.Contains(edges[t].from, s) {
			ts = append(ts, t)
		}
	}
	return ts
}

// Bylaws are the coop rules the guards read.
type Bylaws struct {
	CandidacyDays             int
	FreelancerRightToJoinDays int
	BuyInCents                int64
}

// Facts are what is known about a membership at a moment.
type Facts struct {
	State      State
	StateSince time.Time
	Now        time.Time
	Bylaws     Bylaws
	// BuddyAssigned: a member accompanies the candidate.
	BuddyAssigned bool
	// RequiredMilestones and VerifiedMilestones count the coop's required
	// milestones and those verified by a member other than the candidate.
	RequiredMilestones, VerifiedMilestones int
	// BuyInRecorded: the buy-in was paid (or the bylaws ask for none).
	BuyInRecorded bool
	// AdmissionPassed / AdmissionFailed: an ADMISSION proposal about this
	// membership closed with that outcome, and the transition is its effect.
	AdmissionPassed, AdmissionFailed bool
	// GuardsFrozen: ADMIT's guards other than the vote (waiting period,
	// milestones, buy-in, buddy) were checked when the admission proposal
	// opened and are frozen with it, so the proposal's effect does not
	// read them again (a buddy pausing or a bylaws change meanwhile never
	// undoes a passed vote).
	GuardsFrozen bool
	// ExclusionPassed: an EXCLUSION proposal about this membership passed,
	// and the transition is its effect.
	ExclusionPassed bool
}

// Requirement is one thing still missing for a transition.
type Requirement struct {
	Kind string // WAITING_PERIOD, MILESTONES, BUY_IN, BUDDY, ADMISSION_VOTE, EXCLUSION_VOTE
	// Message says it in words, e.g. "12 days of candidacy left".
	Message string
	// DaysLeft, for WAITING_PERIOD.
	DaysLeft int
	// Open, for MILESTONES: required milestones not verified yet.
	Open int
}

// Option is one transition out of the current state and whether it is
// possible now.
type Option struct {
	Transition Transition
	To         State
	Allowed    bool
	Missing    []Requirement
	// EligibleOn is the first day the transition becomes possible when only
	// waiting time is missing.
	EligibleOn *time.Time
}

// Options evaluates every transition out of the current state.
func Options(f Facts) []Option {
	var opts []Option
	for _, t := range From(f.State) {
		opts = append(opts, evaluate(f, t))
	}
	return opts
}

func evaluate(f Facts, t Transition) Option {
	to, _ := Target(t)
	o := Option{Transition: t, To: to}
	wait := func(days int, what string) {
		ready := f.StateSince.AddDate(0, 0, days)
		if f.Now.Before(ready) {
			left := int((ready.Sub(f.Now) + 24*time.Hour - 1) / (24 * time.Hour))
			o.Missing = append(o.Missing, Requirement{Kind: "WAITING_PERIOD", DaysLeft: left,
				Message: fmt.Sprintf("%d day(s) of %s left", left, what)})
			o.EligibleOn = &ready
		}
	}
	switch t {
	case Apply:
		wait(f.Bylaws.FreelancerRightToJoinDays, "freelancing before the right to join")
	case Admit:
		if f.GuardsFrozen {
			if !f.AdmissionPassed {
				o.Missing = append(o.Missing, Requirement{Kind: "ADMISSION_VOTE", Message: "admission proposal not passed"})
			}
			break
		}
		wait(f.Bylaws.CandidacyDays, "candidacy")
		if open := f.RequiredMilestones - f.VerifiedMilestones; open > 0 {
			o.Missing = append(o.Missing, Requirement{Kind: "MILESTONES", Open: open,
				Message: fmt.Sprintf("%d required milestone(s) not verified", open)})
		}
		if f.Bylaws.BuyInCents > 0 && !f.BuyInRecorded {
			o.Missing = append(o.Missing, Requirement{Kind: "BUY_IN", Message: "buy-in not recorded"})
		}
		if !f.BuddyAssigned {
			o.Missing = append(o.Missing, Requirement{Kind: "BUDDY", Message: "no buddy assigned"})
		}
		if !f.AdmissionPassed {
			o.Missing = append(o.Missing, Requirement{Kind: "ADMISSION_VOTE", Message: "admission proposal not passed"})
		}
	case Decline:
		if !f.AdmissionFailed {
			o.Missing = append(o.Missing, Requirement{Kind: "ADMISSION_VOTE", Message: "happens only when an admission proposal fails"})
		}
	case Exclude:
		if !f.ExclusionPassed {
			o.Missing = append(o.Missing, Requirement{Kind: "EXCLUSION_VOTE", Message: "happens only when an exclusion proposal passes"})
		}
	}
	o.Allowed = len(o.Missing) == 0
	// EligibleOn is promised only when waiting is all that is missing
	// besides, for admission, the vote itself: the date the candidacy ends
	// is the date members can decide.
	for _, m := range o.Missing {
		if m.Kind != "WAITING_PERIOD" && m.Kind != "ADMISSION_VOTE" {
			o.EligibleOn = nil
		}
	}
	return o
}

// InvalidTransitionError rejects a move; it names the current state and the
// transitions allowed from it.
type InvalidTransitionError struct {
	Transition Transition
	Current    State
	Allowed    []Transition
	// Missing is set when the move exists from this state but a guard fails.
	Missing []Requirement
}

func (e *InvalidTransitionError) Error() string {
	names := make([]string, len(e.Allowed))
	for i, t := range e.Allowed {
		names[i] = string(t)
	}
	allowed := strings.Join(names, ", ")
	if allowed == "" {
		allowed = "none"
	}
	if len(e.Missing) > 0 {
		msgs := make([]string, len(e.Missing))
		for i, m := range e.Missing {
			msgs[i] = m.Message
		}
		return fmt.Sprintf("cannot %s from %s yet: %s (allowed now: %s)", e.Transition, e.Current, strings.Join(msgs, "; "), allowed)
	}
	return fmt.Sprintf("cannot %s from %s (allowed now: %s)", e.Transition, e.Current, allowed)
}

// Check decides a requested transition: it returns the target state, or an
// *InvalidTransitionError when the move does not start in the current state
// or a guard fails.
func Check(f Facts, t Transition) (State, error) {
	var allowed []Transition
	var chosen *Option
	for _, o := range Options(f) {
		if o.Allowed {
			allowed = append(allowed, o.Transition)
		}
		if o.Transition == t {
			chosen = &o
		}
	}
	if chosen == nil {
		return "", &InvalidTransitionError{Transition: t, Current: f.State, Allowed: allowed}
	}
	if !chosen.Allowed {
		return "", &InvalidTransitionError{Transition: t, Current: f.State, Allowed: allowed, Missing: chosen.Missing}
	}
	return chosen.To, nil
}

// Replay folds a history of (from, to) steps and reports the final state;
// it fails when a step does not start where the previous one ended or is no
// transition of the machine. A membership's current state must equal the
// replay of its PathwayEvents.
func Replay(steps [][2]State) (State, error) {
	var cur State
	for i, s := range steps {
		from, to := s[0], s[1]
		if i == 0 {
			if from != "" {
				return "", fmt.Errorf("history starts from %s, not from nothing", from)
			}
			cur = to
			continue
		}
		if from != cur {
			return "", fmt.Errorf("step %d starts from %s but the state was %s", i, from, cur)
		}
		if !connected(from, to) {
			return "", fmt.Errorf("step %d: no transition from %s to %s", i, from, to)
		}
		cur = to
	}
	return cur, nil
}

func connected(from, to State) bool {
	for _, t := range From(from) {
		if edges[t].to == to {
			return true
		}
	}
	return false
}
