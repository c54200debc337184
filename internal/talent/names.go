// Package talent is the network's skill database and talent search (issue
// 7): case-insensitive skill names and aliases, endorsements, merging skills,
// the ranked talentSearch and suggestTeam. Resolvers call these functions and
// nothing else; authorization rules stay in internal/authz.
package talent

import (
	"context"
	"strings"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/hook"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
)

// Key is the form in which skill names and aliases are compared: trimmed,
// lower-cased, inner whitespace collapsed ("  K8s " and "k8s" are one name).
func Key(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// SkillNamesHook keeps every name and alias of a network's taxonomy distinct,
// case-insensitively: an alias may repeat neither its own skill's name nor
// another skill's name or alias, so that a name in a search resolves to
// exactly one skill. (Names whose slugs are equal are left to the unique slug
// index.) It runs after the privacy policy, so only admins learn about
// clashes.
func SkillNamesHook() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.SkillFunc(func(ctx context.Context, m *ent.SkillMutation) (ent.Value, error) {
			if err := checkSkillNames(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne)
}

func checkSkillNames(ctx context.Context, m *ent.SkillMutation) error {
	name, nameSet := m.Name()
	aliases, aliasesSet := m.Aliases()
	appended, appendSet := m.AppendedAliases()
	if !nameSet && !aliasesSet && !appendSet {
		return nil
	}
	id, isUpdate := m.ID()
	var err error
	if isUpdate && m.Op().Is(ent.OpUpdateOne) {
		if !nameSet {
			if name, err = m.OldName(ctx); err != nil {
				return err
			}
		}
		if !aliasesSet {
			if aliases, err = m.OldAliases(ctx); err != nil {
				return err
			}
		}
	}
	aliases = append(append([]string(nil), aliases...), appended...)
	network, ok := m.NetworkID()
	if !ok {
		if network, err = m.OldNetworkID(ctx); err != nil {
			return err
		}
	}
	// Repeating the skill's own name or an alias twice is harmless (it
	// still names this skill); only names of other skills are ambiguous.
	own := map[string]bool{Key(name): true}
	for _, a := range aliases {
		if Key(a) == "" {
			return apperr.InvalidField("aliases", "an alias must not be empty")
		}
		own[Key(a)] = true
	}
	slug, _ := m.Slug()
	q := m.Client().Skill.Query().Where(skill.NetworkID(network))
	if isUpdate {
		q = q.Where(skill.IDNEQ(id))
	}
	others, err := q.Select(skill.FieldName, skill.FieldSlug, skill.FieldAliases).All(authz.SystemRead(ctx))
	if err != nil {
		return err
	}
	for _, o := range others {
		for i, n := range append([]string{o.Name}, o.Aliases...) {
			if !own[Key(n)] || i == 0 && Key(n) == Key(name) && slug == o.Slug {
				// Equal names with equal slugs: the unique slug index
				// reports it (CONFLICT on slug).
				continue
			}
			field := "aliases"
			if Key(n) == Key(name) {
				field = "name"
			}
			return &apperr.Error{Code: apperr.Conflict, Field: field,
				Message: "\"" + n + "\" is already a name or alias of the skill \"" + o.Name + "\" in this network"}
		}
	}
	return nil
}
