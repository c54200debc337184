package authz

import (
	"context"
	"fmt"
	"strings"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/group"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/privacy"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Edge rules. A generic mutation that links, unlinks or clears a relation
// writes the object on the other side too, so the mutated type's permission
// is not enough: each relation a generic input may change has an entry
// here, deciding the other side's rule for every object added or removed,
// and for a clear. A relation without an entry, or a change its entry does
// not allow (nil), is refused: a new edge input cannot slip through
// unchecked. Relations left out of the generic inputs (ent/schema
// annotations) change only through domain operations.

// edgeCheck decides one object linked or unlinked (id), or a clear (id 0).
type edgeCheck func(ctx context.Context, v *viewer.Viewer, m clientMutation, id int) (bool, error)

// edgeDecision is one kind of change of a relation and the rule deciding it.
type edgeDecision struct {
	rule  *Rule
	check edgeCheck
}

// edgeRule: the decisions for linking, unlinking and clearing; nil refuses.
type edgeRule struct{ add, remove, clear *edgeDecision }

func decided(rule *Rule, check edgeCheck) *edgeDecision { return &edgeDecision{rule, check} }

// always is an edge check whose decision is the mutated type's permission
// (the same rule covers both sides, e.g. a person leaving a group is the
// person's own act).
func always(context.Context, *viewer.Viewer, clientMutation, int) (bool, error) { return true, nil }

func activeMemberOf(_ context.Context, v *viewer.Viewer, _ clientMutation, c int) (bool, error) {
	return v.IsActiveMember(c), nil
}

func adminOf(_ context.Context, v *viewer.Viewer, _ clientMutation, n int) (bool, error) {
	return v.IsAdmin(n), nil
}

func self(_ context.Context, v *viewer.Viewer, _ clientMutation, p int) (bool, error) {
	return v.IsSelf(p), nil
}

// edgeRules maps "Type.edge" (ent names) to its rules.
var edgeRules = map[string]edgeRule{
	// Coops are autonomous: only their members bring them into a network
	// or take them out; the network's side is its admins (the permission).
	// Nobody removes all coops at once. Only the founding coops are brought
	// in directly, while the network has none; later coops apply
	// (applyToNetwork) and the member coops decide (AdmitCoopToNetwork).
	"Network.coops": {
		add:    decided(BringCoopIntoNetwork, foundingCoop),
		remove: decided(TakeCoopOutOfNetwork, memberOfCoopNotLast),
	},
	"Coop.groups": {
		add:    decided(CoopJoinsGroup, groupOfCoopsNetwork),
		remove: decided(CoopJoinsGroup, always),
		clear:  decided(CoopJoinsGroup, always),
	},
	"Person.groups": {
		add: decided(PersonJoinsGroup, func(ctx context.Context, v *viewer.Viewer, m clientMutation, g int) (bool, error) {
			n, err := m.Client().Group.Query().Where(group.ID(g)).Select(group.FieldNetworkID).Int(SystemRead(ctx))
			return err == nil && v.InNetwork(n), err
		}),
		remove: decided(PersonJoinsGroup, always),
		clear:  decided(PersonJoinsGroup, always),
	},
	"Project.lead_coop": {add: decided(CreateProject, activeMemberOf)},
	"Project.network": {
		add:   decided(AnnounceProject, networkOfLeadCoop),
		clear: decided(AnnounceProject, always),
	},
	"Group.network": {add: decided(ManageGroups, adminOf)},
	"Skill.network": {add: decided(ManageTaxonomy, adminOf)},
	"Skill.parent": {
		add:   decided(PlaceSkill, parentInSameTree),
		clear: decided(PlaceSkill, always),
	},
	"PersonSkill.person": {add: decided(KeepOwnSkills, self)},
	"PersonSkill.skill": {add: decided(KeepOwnSkills, func(ctx context.Context, v *viewer.Viewer, m clientMutation, s int) (bool, error) {
		n, err := m.Client().Skill.Query().Where(skill.ID(s)).Select(skill.FieldNetworkID).Int(SystemRead(ctx))
		return err == nil && v.InNetwork(n), err
	})},
	"Availability.person": {add: decided(KeepOwnAvailability, self)},
}

// foundingCoop: a member of coop c brings it into a network that has no
// coop yet (a new network, or one whose founders have not brought theirs
// in): the founding coops. Every later coop joins by decision.
func foundingCoop(ctx context.Context, v *viewer.Viewer, m clientMutation, c int) (bool, error) {
	if !v.IsActiveMember(c) {
		return false, nil
	}
	id, ok := m.ID()
	if !ok { // a new network
		return true, nil
	}
	has, err := m.Client().Network.Query().Where(network.ID(id), network.HasCoops()).Exist(SystemRead(ctx))
	return err == nil && !has, err
}

// memberOfCoopNotLast: members of a coop take it out of a network, unless
// it is the network's last coop (a network without coops would take its
// next coops in without a decision, as founding coops: foundingCoop).
func memberOfCoopNotLast(ctx context.Context, v *viewer.Viewer, m clientMutation, c int) (bool, error) {
	if !v.IsActiveMember(c) {
		return false, nil
	}
	id, ok := m.ID()
	if !ok {
		return true, nil
	}
	others, err := m.Client().Network.Query().Where(network.ID(id), network.HasCoopsWith(coop.IDNEQ(c))).Exist(SystemRead(ctx))
	return err == nil && others, err
}

// groupOfCoopsNetwork: a coop enters only groups of networks it belongs to.
func groupOfCoopsNetwork(ctx context.Context, _ *viewer.Viewer, m clientMutation, g int) (bool, error) {
	id, ok := m.ID()
	if !ok { // a new coop belongs to no network yet
		return false, nil
	}
	return m.Client().Group.Query().
		Where(group.ID(g), group.HasNetworkWith(network.HasCoopsWith(coop.ID(id)))).Exist(SystemRead(ctx))
}

// networkOfLeadCoop: a project is announced only in a network its lead coop
// belongs to (the network's side: it accepts its coops' projects).
func networkOfLeadCoop(ctx context.Context, _ *viewer.Viewer, m clientMutation, n int) (bool, error) {
	pm, ok := m.(*ent.ProjectMutation)
	if !ok {
		return false, fmt.Errorf("authz: unexpected mutation %T", m)
	}
	lead, err := fieldOrOld(ctx, pm.LeadCoopID, pm.OldLeadCoopID)
	if err != nil {
		return false, err
	}
	return m.Client().Network.Query().Where(network.ID(n), network.HasCoopsWith(coop.ID(lead))).Exist(SystemRead(ctx))
}

// parentInSameTree: a skill's parent belongs to the same network and is
// neither the skill itself nor below it, so the taxonomy stays one tree per
// network.
func parentInSameTree(ctx context.Context, _ *viewer.Viewer, m clientMutation, parent int) (bool, error) {
	sm, ok := m.(*ent.SkillMutation)
	if !ok {
		return false, fmt.Errorf("authz: unexpected mutation %T", m)
	}
	net, err := fieldOrOld(ctx, sm.NetworkID, sm.OldNetworkID)
	if err != nil {
		return false, err
	}
	self, _ := m.ID()
	sys := SystemRead(ctx)
	// Walk up from the new parent; the depth bound stops a cycle that
	// somehow exists already.
	for at, depth := parent, 0; depth < 1000; depth++ {
		s, err := m.Client().Skill.Get(sys, at)
		if err != nil {
			return false, err
		}
		if s.NetworkID != net || s.ID == self {
			return false, nil
		}
		if s.ParentID == nil {
			return true, nil
		}
		at = *s.ParentID
	}
	return false, nil
}

// edgesByRule applies the edge rules to every relation a mutation changes.
func edgesByRule() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		cm, ok := m.(clientMutation)
		if !ok {
			return fmt.Errorf("authz: unexpected mutation %T", m)
		}
		v := viewerOf(ctx)
		decide := func(edge, field string, pick func(edgeRule) *edgeDecision, ids []int) error {
			d := pick(edgeRules[m.Type()+"."+edge])
			if d == nil {
				return fieldForbidden(field, "this relation cannot be changed this way")
			}
			for _, id := range ids {
				allowed, err := d.check(ctx, v, cm, id)
				if err != nil {
					return notFound(err, field)
				}
				if !allowed {
					return fieldForbidden(field, d.rule.Allows)
				}
			}
			return nil
		}
		for _, e := range m.AddedEdges() {
			if err := decide(e, referenceField(m, e), func(r edgeRule) *edgeDecision { return r.add }, intIDs(m.AddedIDs(e))); err != nil {
				return err
			}
		}
		for _, e := range m.RemovedEdges() {
			field := "remove" + upperFirst(listField(e))
			if err := decide(e, field, func(r edgeRule) *edgeDecision { return r.remove }, intIDs(m.RemovedIDs(e))); err != nil {
				return err
			}
		}
		for _, e := range m.ClearedEdges() {
			field := "clear" + upperFirst(apperr.GraphQLName(e))
			if err := decide(e, field, func(r edgeRule) *edgeDecision { return r.clear }, []int{0}); err != nil {
				return err
			}
		}
		return privacy.Skip
	})
}

func fieldForbidden(field, why string) error {
	return &apperr.Error{Code: apperr.Forbidden, Field: field, Message: field + ": " + why}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func intIDs(vs []ent.Value) []int {
	out := make([]int, 0, len(vs))
	for _, v := range vs {
		if id, ok := v.(int); ok {
			out = append(out, id)
		}
	}
	return out
}
