package talent

import (
	"context"
	"slices"

	"entgo.io/contrib/entgql"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/predicate"
)

// The public talent search (issue 18; internal/publicface) ranks exactly as
// talentSearch does, among the persons the public opt-in rule admits. The
// rule is publicface's, handed in as a predicate and applied inside the
// ranking statement; publicface then loads what each match made public.

// Ranked is one ranked match of a public search: a person and their score.
type Ranked struct {
	Person int
	Score  int
}

// RankOnly ranks the network's participants who meet in's requirements,
// among the persons only admits, one page after the cursor (at most
// maxFirst; DefaultFirst or maxFirst when first is nil), best first. It
// returns the page (without edges) and its rows. in.CoopID and
// in.PathwayStates must be unset: they look at memberships with the
// viewer's rights.
func (s Searcher) RankOnly(ctx context.Context, net *ent.Network, in SearchInput, first *int, after *entgql.Cursor[int], maxFirst int,
	only predicate.Person) (*Page, []Ranked, error) {
	page, rows, _, err := s.rankPage(ctx, net, in, first, after, maxFirst, func(sel *entsql.Selector) {
		only(sel)
	})
	if err != nil {
		return nil, nil, err
	}
	out := make([]Ranked, len(rows))
	for i, r := range rows {
		out[i] = Ranked{Person: r.person, Score: r.score}
	}
	return page, out, nil
}

// SkillIDs lists the skills that meet the requirement: its skill and the
// skills below it, in ID order.
func (r *Requirement) SkillIDs() []int {
	ids := make([]int, 0, len(r.skills))
	for id := range r.skills {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// SkillOf returns the requirement's skill with the given ID (one of
// SkillIDs), or nil.
func (r *Requirement) SkillOf(id int) *ent.Skill { return r.objs[id] }

// Explain picks, for each requirement, the person skill that earns most
// points for it (as the ranking does), and lists the requirements none of
// pss meets. pss are one person's skills.
func Explain(reqs []*Requirement, pss []*ent.PersonSkill, wantsToLearn bool) (matched []*SkillMatch, missing []*Requirement) {
	matched, missing = []*SkillMatch{}, []*Requirement{}
	for _, req := range reqs {
		best := bestFor(req, pss, wantsToLearn)
		if best == nil {
			missing = append(missing, req)
			continue
		}
		matched = append(matched, best)
	}
	return matched, missing
}

// onlyFilter is rankQuery.only as a condition on the ranked match: the
// person is among those it admits. Its arguments continue args' numbering.
func (q rankQuery) onlyFilter(args *[]any) string {
	b := entsql.Dialect(q.dialect)
	t := b.Table(person.Table).As("pub")
	sel := b.Select(t.C(person.FieldID)).From(t)
	sel.Where(entsql.ColumnsEQ(sel.C(person.FieldID), b.Table("s").C("person_id")))
	q.only(sel)
	sel.SetTotal(len(*args))
	sub, subArgs := sel.Query()
	*args = append(*args, subArgs...)
	return "EXISTS (" + sub + ")"
}
