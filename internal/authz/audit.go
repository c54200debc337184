package authz

import (
	"context"
	"sync"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// The audit log (issue 16, internal/audit): who may write it, and which
// recorded values a reader may see.

var (
	// RecordAudit is the only rule under which audit records and their
	// objects are created: by internal/audit's recorder, in the transaction
	// of the write they record.
	RecordAudit = rule("RecordAudit", "every committed write appends one audit record naming its operation, actor and rules, with the objects it touched, in the same transaction; nobody writes the log directly")
	// ScrubErasedPersonFromAudit is the only later change of the log
	// (internal/audit erase.go).
	ScrubErasedPersonFromAudit = rule("ScrubErasedPersonFromAudit", "an erasure replaces the erased person's values in the audit log; nothing else changes an audit record")
)

// auditPolicy lets create only under RecordAudit and, when scrub is true
// (audit objects), updates only under ScrubErasedPersonFromAudit; every
// other write of the log, any delete included, is refused.
func auditPolicy(scrub bool) privacy.MutationPolicy {
	return privacy.MutationPolicy{privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		r := RuleOf(ctx)
		switch {
		case m.Op().Is(ent.OpCreate) && r == RecordAudit:
			return privacy.Allow
		case scrub && m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) && r == ScrubErasedPersonFromAudit:
			return privacy.Allow
		}
		return forbidden("%s; %s", RecordAudit.Allows, ScrubErasedPersonFromAudit.Allows)
	})}
}

// AuditFieldReadable reports whether v may read the value of field (its
// stored name) of the object typ/id: the same rules as the read
// interceptors that blank private fields (redact.go). Whether the object
// itself is in the reader's scope is internal/audit's question.
func AuditFieldReadable(v *viewer.Viewer, typ string, id int, field string) bool {
	switch typ {
	case "Person":
		switch field {
		case "pending_email":
			return seesPendingEmail(v, id)
		case "email", "phone", "hourly_rate_cents":
			return v.CanSeePrivateProfile(id)
		}
	case "Coop":
		switch field {
		case "buy_in_cents", "surplus_share_percent", "budget_change_threshold_cents", "surplus_includes_former_members":
			return seesCoopFinances(v, id)
		}
	}
	return true
}

// seesPendingEmail: an unconfirmed address is the person's own business.
func seesPendingEmail(v *viewer.Viewer, person int) bool { return v.IsSelf(person) }

// seesCoopFinances: the bylaws' financial fields are the members'.
func seesCoopFinances(v *viewer.Viewer, coop int) bool { return v.IsMember(coop) }

// RuleNotes collects the rules of the generic mutation policies that
// allowed writes (allowIf), for the audit log: domain operations name
// theirs in the context (RuleOf), generic mutations only decide it inside
// their type's policy.
type RuleNotes struct {
	mu    sync.Mutex
	rules []*Rule
}

type ruleNotesKey struct{}

// WithRuleNotes returns ctx in which the policies note the rules that
// allowed writes into the returned notes.
func WithRuleNotes(ctx context.Context) (context.Context, *RuleNotes) {
	n := &RuleNotes{}
	return context.WithValue(ctx, ruleNotesKey{}, n), n
}

// Rules returns the noted rules, in order.
func (n *RuleNotes) Rules() []*Rule {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]*Rule(nil), n.rules...)
}

func noteRule(ctx context.Context, r *Rule) {
	if n, ok := ctx.Value(ruleNotesKey{}).(*RuleNotes); ok && r != nil {
		n.mu.Lock()
		n.rules = append(n.rules, r)
		n.mu.Unlock()
	}
}
