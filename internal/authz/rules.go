package authz

import (
	"context"
	"errors"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/privacy"
)

// Every write Cockpit makes is decided by a named Rule (DESIGN.md, "One write
// path"). Generic mutations are decided by their type's policy, whose
// permission and edge checks name their rules; domain operations check a
// rule themselves and then write with Under(ctx, rule), the only context in
// which the privacy policies let a write through without the viewer's own
// permission. Reads that must see past the viewer's filters (a lock, a
// count of a coop's members) use SystemRead, under which every write is
// refused, so a write cannot bypass the policies without naming its rule.

// Rule is one write rule: who may make which write, as a sentence.
type Rule struct {
	Name   string // e.g. "CastVote"
	Allows string // what the rule allows, readable as a sentence
}

func (r *Rule) String() string { return r.Name }

var rules []*Rule

// rule declares a rule; every rule is declared once, at package level.
func rule(name, allows string) *Rule {
	r := &Rule{Name: name, Allows: allows}
	rules = append(rules, r)
	return r
}

// Rules lists every declared write rule, in declaration order.
func Rules() []Rule {
	out := make([]Rule, len(rules))
	for i, r := range rules {
		out[i] = *r
	}
	return out
}

type ruleKey struct{}
type systemReadKey struct{}

// Under returns ctx in which writes (and the reads they need) pass the
// privacy policies because r allowed them. Call it only after r's check.
func Under(ctx context.Context, r *Rule) context.Context {
	if r == nil {
		panic("authz: Under without a rule")
	}
	return context.WithValue(ctx, ruleKey{}, r)
}

// RuleOf returns the rule ctx writes under, or nil.
func RuleOf(ctx context.Context) *Rule {
	r, _ := ctx.Value(ruleKey{}).(*Rule)
	return r
}

// SystemRead returns ctx in which queries see every row (Cockpit reading on
// its own behalf: locks, counts of a coop's members, finding the person
// behind a token). Writes under it are refused unless a rule is named.
func SystemRead(ctx context.Context) context.Context {
	return context.WithValue(ctx, systemReadKey{}, true)
}

// IsSystem reports whether ctx reads on Cockpit's own behalf (SystemRead or
// a named rule), so the viewer's filters and redactions do not apply and
// hooks that give a viewer's act its effects stay out of the way.
func IsSystem(ctx context.Context) bool {
	if RuleOf(ctx) != nil || ctx.Value(systemReadKey{}) != nil {
		return true
	}
	// ent reports an Allow decision as (nil, true); tests may still set one.
	d, ok := privacy.DecisionFromContext(ctx)
	return ok && (d == nil || errors.Is(d, privacy.Allow))
}

// allowUnderRule lets a write through when a named rule has decided it.
func allowUnderRule() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, _ ent.Mutation) error {
		if RuleOf(ctx) != nil {
			return privacy.Allow
		}
		return privacy.Skip
	})
}
