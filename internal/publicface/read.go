package publicface

import (
	"context"
	"slices"
	"strings"

	"entgo.io/contrib/entgql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/availability"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/talent"
)

// sys reads on Cockpit's own behalf: the public model never depends on the
// caller's rights (a token changes nothing), and applies the opt-in rule
// itself.
func sys(ctx context.Context) context.Context { return authz.SystemRead(ctx) }

// Directory returns the public directory of the network with this slug, or
// nil when there is no such network or it did not publish its directory.
func (s *Service) Directory(ctx context.Context, c *ent.Client, slug string) (*Directory, error) {
	n, err := s.network(ctx, c, slug)
	if err != nil || n == nil {
		return nil, err
	}
	return &Directory{id: n.ID, Network: &Network{Name: n.Name, Slug: n.Slug, Description: n.Description}}, nil
}

// page validates first and after: the limit (first above MaxFirst is
// MaxFirst: a server whose default page size is larger still answers) and
// the ID to start after.
func page(first *int, after *entgql.Cursor[int]) (limit, afterID int, err error) {
	limit = DefaultFirst
	if first != nil {
		if *first < 0 {
			return 0, 0, apperr.InvalidField("first", "first must not be negative")
		}
		limit = min(*first, MaxFirst)
	}
	if after != nil {
		afterID = after.ID
	}
	return limit, afterID, nil
}

// Persons is a page of the directory's persons, in a stable order.
func (s *Service) Persons(ctx context.Context, c *ent.Client, d *Directory, first *int, after *entgql.Cursor[int]) (*PersonConnection, error) {
	q := c.Person.Query().Where(ListedIn(d.id))
	ids, total, info, err := keysetPage(ctx, first, after, q.Clone().Count, func(afterID, n int) ([]int, error) {
		return q.Where(person.IDGT(afterID)).Order(ent.Asc(person.FieldID)).Limit(n).IDs(sys(ctx))
	})
	if err != nil {
		return nil, err
	}
	persons, err := s.persons(ctx, c, d.id, ids)
	if err != nil {
		return nil, err
	}
	out := &PersonConnection{TotalCount: total, PageInfo: info, Edges: []*PersonEdge{}}
	for _, p := range persons {
		out.Edges = append(out.Edges, &PersonEdge{Node: p, Cursor: entgql.Cursor[int]{ID: p.id}})
	}
	if n := len(out.Edges); n > 0 {
		out.PageInfo.StartCursor, out.PageInfo.EndCursor = &out.Edges[0].Cursor, &out.Edges[n-1].Cursor
	}
	return out, nil
}

// keysetPage reads a page of a directory list by ascending ID: the rows
// after the cursor (fetch reads at most n after afterID; one more than the
// page tells whether another follows), the list's total (count) and the
// page's pageInfo without its cursors, which the caller's edges carry.
func keysetPage[T any](ctx context.Context, first *int, after *entgql.Cursor[int],
	count func(context.Context) (int, error), fetch func(afterID, n int) ([]T, error)) ([]T, int, entgql.PageInfo[int], error) {
	var info entgql.PageInfo[int]
	limit, afterID, err := page(first, after)
	if err != nil {
		return nil, 0, info, err
	}
	total, err := count(sys(ctx))
	if err != nil {
		return nil, 0, info, err
	}
	rows, err := fetch(afterID, limit+1)
	if err != nil {
		return nil, 0, info, err
	}
	if len(rows) > limit {
		rows, info.HasNextPage = rows[:limit], true
	}
	info.HasPreviousPage = after != nil
	return rows, total, info, nil
}

// persons loads the public profiles of the listed persons among ids, in
// the order of ids, with what each made public: a fixed number of
// statements whatever the page size.
func (s *Service) persons(ctx context.Context, c *ent.Client, networkID int, ids []int) ([]*Person, error) {
	if len(ids) == 0 {
		return []*Person{}, nil
	}
	rows, err := c.Person.Query().Where(person.IDIn(ids...), ListedIn(networkID)).All(sys(ctx))
	if err != nil {
		return nil, err
	}
	byID := map[int]*Person{}
	var withSkills, withAvail, withCoops []int
	for _, r := range rows {
		p := &Person{id: r.ID, Name: r.Name}
		if r.PublicCity && r.City != "" {
			city := r.City
			p.City = &city
		}
		if r.PublicSkills {
			p.Skills = []*PersonSkill{}
			withSkills = append(withSkills, r.ID)
		}
		if r.PublicAvailability {
			p.Availability = []*Window{}
			withAvail = append(withAvail, r.ID)
		}
		if r.PublicCoops {
			p.Coops = []*CoopRef{}
			withCoops = append(withCoops, r.ID)
		}
		byID[r.ID] = p
	}
	if len(withSkills) > 0 {
		pss, err := c.PersonSkill.Query().Where(personskill.PersonIDIn(withSkills...), personskill.HasSkillWith(skill.NetworkID(networkID), SkillShown())).
			WithSkill().All(sys(ctx))
		if err != nil {
			return nil, err
		}
		parents, err := s.parentSlugs(ctx, c, pss)
		if err != nil {
			return nil, err
		}
		for _, ps := range pss {
			p := byID[ps.PersonID]
			p.Skills = append(p.Skills, &PersonSkill{Skill: publicSkill(ps.Edges.Skill, parents), Level: ps.Level})
		}
		for _, p := range byID {
			slices.SortFunc(p.Skills, func(a, b *PersonSkill) int { return strings.Compare(a.Skill.Name, b.Skill.Name) })
		}
	}
	if len(withAvail) > 0 {
		avs, err := c.Availability.Query().Where(availability.PersonIDIn(withAvail...), availability.ArchivedAtIsNil(),
			availability.Or(availability.AvailableUntilIsNil(), availability.AvailableUntilGTE(s.today()))).
			Order(ent.Asc(availability.FieldAvailableFrom), ent.Asc(availability.FieldID)).All(sys(ctx))
		if err != nil {
			return nil, err
		}
		for _, a := range avs {
			p := byID[a.PersonID]
			p.Availability = append(p.Availability, &Window{HoursPerWeek: a.HoursPerWeek, From: a.AvailableFrom, Until: a.AvailableUntil})
		}
	}
	if len(withCoops) > 0 {
		ms, err := c.Membership.Query().Where(membership.PersonIDIn(withCoops...), membership.StateEQ(membership.StateMEMBER),
			membership.HasCoopWith(CoopListed())).WithCoop().Order(ent.Asc(membership.FieldID)).All(sys(ctx))
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			p := byID[m.PersonID]
			p.Coops = append(p.Coops, &CoopRef{Name: m.Edges.Coop.Name, Slug: m.Edges.Coop.Slug})
		}
	}
	out := make([]*Person, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// parentSlugs maps the parent IDs of the skills of pss to their slugs.
func (s *Service) parentSlugs(ctx context.Context, c *ent.Client, pss []*ent.PersonSkill) (map[int]string, error) {
	var ids []int
	for _, ps := range pss {
		if p := ps.Edges.Skill.ParentID; p != nil {
			ids = append(ids, *p)
		}
	}
	out := map[int]string{}
	if len(ids) == 0 {
		return out, nil
	}
	sks, err := c.Skill.Query().Where(skill.IDIn(ids...)).Select(skill.FieldID, skill.FieldSlug).All(sys(ctx))
	for _, sk := range sks {
		out[sk.ID] = sk.Slug
	}
	return out, err
}

func publicSkill(sk *ent.Skill, parents map[int]string) *Skill {
	out := &Skill{id: sk.ID, Name: sk.Name, Slug: sk.Slug, Aliases: sk.Aliases}
	if out.Aliases == nil {
		out.Aliases = []string{}
	}
	if sk.ParentID != nil {
		if slug, ok := parents[*sk.ParentID]; ok {
			out.Parent = &slug
		}
	}
	return out
}

// Skills is the network's skill taxonomy, by name: a published directory
// publishes it.
func (s *Service) Skills(ctx context.Context, c *ent.Client, d *Directory) ([]*Skill, error) {
	sks, err := c.Skill.Query().Where(skill.NetworkID(d.id), SkillShown()).Order(ent.Asc(skill.FieldName), ent.Asc(skill.FieldID)).All(sys(ctx))
	if err != nil {
		return nil, err
	}
	slugs := make(map[int]string, len(sks))
	for _, sk := range sks {
		slugs[sk.ID] = sk.Slug
	}
	out := make([]*Skill, len(sks))
	for i, sk := range sks {
		out[i] = publicSkill(sk, slugs)
	}
	return out, nil
}

// Coops is a page of the directory's coops, in a stable order, each with
// the skills it offers (derived from its members' public skills).
func (s *Service) Coops(ctx context.Context, c *ent.Client, d *Directory, first *int, after *entgql.Cursor[int]) (*CoopConnection, error) {
	q := c.Coop.Query().Where(CoopListedIn(d.id))
	rows, total, info, err := keysetPage(ctx, first, after, q.Clone().Count, func(afterID, n int) ([]*ent.Coop, error) {
		return q.Where(coop.IDGT(afterID)).Order(ent.Asc(coop.FieldID)).Limit(n).All(sys(ctx))
	})
	if err != nil {
		return nil, err
	}
	out := &CoopConnection{TotalCount: total, PageInfo: info, Edges: []*CoopEdge{}}
	ids := make([]int, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	offered, err := s.skillsOffered(ctx, c, d.id, ids)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		pc := &Coop{id: r.ID, Name: r.Name, Slug: r.Slug, City: r.City, Services: r.PublicServices, SkillsOffered: offered[r.ID]}
		if pc.SkillsOffered == nil {
			pc.SkillsOffered = []*Skill{}
		}
		if r.PublicContactEmail != "" {
			e := r.PublicContactEmail
			pc.ContactEmail = &e
		}
		if r.PublicWebsite != "" {
			w := r.PublicWebsite
			pc.Website = &w
		}
		out.Edges = append(out.Edges, &CoopEdge{Node: pc, Cursor: entgql.Cursor[int]{ID: r.ID}})
	}
	if n := len(out.Edges); n > 0 {
		out.PageInfo.StartCursor, out.PageInfo.EndCursor = &out.Edges[0].Cursor, &out.Edges[n-1].Cursor
	}
	return out, nil
}

// skillsOffered: per coop, the network's skills its current MEMBERs show
// on their public profiles (listed persons with public skills), by name.
func (s *Service) skillsOffered(ctx context.Context, c *ent.Client, networkID int, coops []int) (map[int][]*Skill, error) {
	out := map[int][]*Skill{}
	if len(coops) == 0 {
		return out, nil
	}
	ms, err := c.Membership.Query().Where(membership.CoopIDIn(coops...), membership.StateEQ(membership.StateMEMBER),
		membership.HasPersonWith(ListedIn(networkID), person.PublicSkills(true))).All(sys(ctx))
	if err != nil || len(ms) == 0 {
		return out, err
	}
	coopsOf := map[int][]int{}
	var persons []int
	for _, m := range ms {
		coopsOf[m.PersonID] = append(coopsOf[m.PersonID], m.CoopID)
		persons = append(persons, m.PersonID)
	}
	pss, err := c.PersonSkill.Query().Where(personskill.PersonIDIn(persons...), personskill.HasSkillWith(skill.NetworkID(networkID), SkillShown())).
		WithSkill().All(sys(ctx))
	if err != nil {
		return nil, err
	}
	parents, err := s.parentSlugs(ctx, c, pss)
	if err != nil {
		return nil, err
	}
	seen := map[[2]int]bool{}
	for _, ps := range pss {
		for _, co := range coopsOf[ps.PersonID] {
			if k := [2]int{co, ps.SkillID}; !seen[k] {
				seen[k] = true
				out[co] = append(out[co], publicSkill(ps.Edges.Skill, parents))
			}
		}
	}
	for _, l := range out {
		slices.SortFunc(l, func(a, b *Skill) int { return strings.Compare(a.Name, b.Name) })
	}
	return out, nil
}

// Search is the public talent search of the network with this slug:
// talentSearch's ranking among the listed persons who show their skills
// (and their city or availability when the search filters on them).
// NOT_FOUND when the network did not publish its directory.
func (s *Service) Search(ctx context.Context, c *ent.Client, slug string, in SearchInput, first *int, after *entgql.Cursor[int], countAll bool) (*MatchConnection, error) {
	n, err := s.network(ctx, c, slug)
	if err != nil {
		return nil, err
	}
	if n == nil {
		return nil, &apperr.Error{Code: apperr.NotFound, Field: "network", Message: "network: no public directory with this slug"}
	}
	tin := talent.SearchInput{RequireAll: in.RequireAll, City: in.City, AvailableFrom: in.AvailableFrom,
		AvailableUntil: in.AvailableUntil, MinHoursPerWeek: in.MinHoursPerWeek}
	for _, r := range in.Requirements {
		name := r.Skill
		tin.Requirements = append(tin.Requirements, &talent.RequirementInput{Skill: &name, MinLevel: r.MinLevel})
	}
	only := person.And(ListedIn(n.ID), person.PublicSkills(true))
	if in.City != nil {
		only = person.And(only, person.PublicCity(true))
	}
	if in.AvailableFrom != nil || in.AvailableUntil != nil || in.MinHoursPerWeek != nil {
		only = person.And(only, person.PublicAvailability(true))
	}
	if first != nil && *first > MaxFirst {
		capped := MaxFirst
		first = &capped
	}
	searcher := talent.Searcher{Client: c, CountAll: countAll, Taxonomies: s.Taxonomies, Env: s.Env}
	pg, rows, err := searcher.RankOnly(sys(ctx), n, tin, first, after, MaxFirst, only)
	if err != nil {
		return nil, err
	}
	out := &MatchConnection{TotalCount: pg.TotalCount, PageInfo: pg.PageInfo, Edges: []*MatchEdge{}}
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int, len(rows))
	for i, r := range rows {
		ids[i] = r.Person
	}
	persons, err := s.persons(ctx, c, n.ID, ids)
	if err != nil {
		return nil, err
	}
	var skillIDs []int
	for _, r := range pg.Requirements {
		skillIDs = append(skillIDs, r.SkillIDs()...)
	}
	pss, err := c.PersonSkill.Query().Where(personskill.PersonIDIn(ids...), personskill.SkillIDIn(skillIDs...), personskill.HasSkillWith(SkillShown())).All(sys(ctx))
	if err != nil {
		return nil, err
	}
	skillsOf := map[int][]*ent.PersonSkill{}
	for _, ps := range pss {
		skillsOf[ps.PersonID] = append(skillsOf[ps.PersonID], ps)
	}
	all, err := s.Skills(ctx, c, &Directory{id: n.ID})
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*Skill, len(all))
	for _, sk := range all {
		byID[sk.id] = sk
	}
	scores := make(map[int]int, len(rows))
	for _, r := range rows {
		scores[r.Person] = r.Score
	}
	for _, p := range persons {
		matched, missing := talent.Explain(pg.Requirements, skillsOf[p.id], false)
		m := &Match{Person: p, Matched: []*MatchedSkill{}, Missing: []*Skill{}}
		for _, sm := range matched {
			m.Matched = append(m.Matched, &MatchedSkill{Requirement: byID[sm.Requirement.Skill.ID], Skill: byID[sm.PersonSkill.SkillID],
				Level: sm.PersonSkill.Level, ViaChildSkill: sm.ViaChildSkill})
		}
		for _, r := range missing {
			m.Missing = append(m.Missing, byID[r.Skill.ID])
		}
		out.Edges = append(out.Edges, &MatchEdge{Node: m, Cursor: entgql.Cursor[int]{ID: p.id, Value: scores[p.id]}})
	}
	if k := len(out.Edges); k > 0 {
		out.PageInfo.StartCursor, out.PageInfo.EndCursor = &out.Edges[0].Cursor, &out.Edges[k-1].Cursor
	}
	return out, nil
}
