package talent

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/availability"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/domainop"
	"github.com/coopnetwork/cockpit/internal/viewer"
)

// Ranking (documented in graph/schema/talent.graphql; keep both in step).
// Each requirement a person meets adds MatchPoints plus the points of the
// best person skill that meets it: LevelPoints per level, DirectPoints when
// it is the required skill itself (or an alias of it) rather than a child
// skill, and one point per endorsement up to MaxEndorsementPoints. A met
// requirement (≥ 100) always outweighs anything a person can gain on
// another one (≤ 60), so persons meeting more requirements rank first.
// Equal scores are ordered by person, so the order is total and stable.
const (
	MatchPoints          = 100
	LevelPoints          = 10
	DirectPoints         = 5
	MaxEndorsementPoints = 5

	// MaxRequirements bounds the size of a search.
	MaxRequirements = 10
	// DefaultFirst and MaxFirst bound a page.
	DefaultFirst = 20
	MaxFirst     = 100
)

// points of one person skill for a requirement.
func points(level, endorsements int, direct bool) int {
	p := LevelPoints*level + min(endorsements, MaxEndorsementPoints)
	if direct {
		p += DirectPoints
	}
	return p
}

// Searcher runs talent searches with Client (in a mutation's payload, the
// transaction's); the ranking is one SQL statement ent's query builders
// cannot express, sent through the client's driver.
type Searcher struct {
	// CountAll computes the total number of matches (the connection's
	// totalCount). Without it the ranking checks the filters only until the
	// page is full, instead of for every match.
	CountAll bool
	Client   *ent.Client
	// Taxonomies, when set, keeps network taxonomies between searches.
	Taxonomies *TaxonomyCache
	// Env gives the day availability windows are compared with.
	Env domainop.Env
}

// Search finds the network's participants who meet the requirements, best
// first, one page after the cursor. The caller has read the network, so the
// viewer takes part in it and may read the public profile of every
// participant; private fields of the persons are redacted as everywhere.
//
// It runs a fixed number of statements whatever the network's size: the
// ranked page of person IDs with the total (1), then the page's persons,
// their matching skills and their availability (3); plus one to read the
// taxonomy when it changed since this server last read it, one to check
// coopID when given and one to count when a cursor points past the end.
func (s Searcher) Search(ctx context.Context, net *ent.Network, in SearchInput, first *int, after *entgql.Cursor[int]) (*Page, error) {
	if !viewer.FromContext(ctx).InNetwork(net.ID) {
		return nil, apperr.New(apperr.NotFound, "not found")
	}
	page, rows, f, err := s.rankPage(ctx, net, in, first, after, MaxFirst, nil)
	if err != nil || len(rows) == 0 {
		return page, err
	}
	reqs := page.Requirements
	matches, err := s.load(ctx, rows, reqs, in, f)
	if err != nil {
		return nil, err
	}
	for _, m := range matches {
		c := entgql.Cursor[int]{ID: m.Person.ID, Value: m.Score}
		page.Edges = append(page.Edges, &Edge{Node: m, Cursor: c})
	}
	if n := len(page.Edges); n > 0 {
		page.PageInfo.StartCursor = &page.Edges[0].Cursor
		page.PageInfo.EndCursor = &page.Edges[n-1].Cursor
	}
	return page, nil
}

// rankPage validates the search, resolves its requirements and ranks one
// page of matches after the cursor (up to maxFirst), among the persons only
// admits when it is set (a condition on the persons table, applied in the
// ranking statement; publicTalentSearch's opt-in rule). It returns the page
// without its edges, the page's rows and the validated filter.
func (s Searcher) rankPage(ctx context.Context, net *ent.Network, in SearchInput, first *int, after *entgql.Cursor[int], maxFirst int,
	only func(*entsql.Selector)) (*Page, []rankedRow, filter, error) {
	limit := min(DefaultFirst, maxFirst)
	if first != nil {
		if *first < 0 || *first > maxFirst {
			return nil, nil, filter{}, apperr.InvalidField("first", "first must be between 0 and %d", maxFirst)
		}
		limit = *first
	}
	f, err := newFilter(in, s.Env.Now())
	if err != nil {
		return nil, nil, f, err
	}
	reqs, err := s.resolve(ctx, net, in.Requirements)
	if err != nil {
		return nil, nil, f, err
	}
	if in.CoopID != nil {
		if _, err := s.Client.Coop.Get(ctx, *in.CoopID); err != nil {
			return nil, nil, f, apperr.FieldNotFound(err, "coopID", "coopID: not found")
		}
	}
	v := viewer.FromContext(ctx)
	q := rankQuery{dialect: s.Client.Driver().Dialect(), network: net.ID, reqs: reqs, in: in, filter: f, total: s.CountAll,
		readable: authz.MembershipReadable(v), only: only}
	var cur *cursorPos
	if after != nil {
		score, ok := cursorScore(after.Value)
		if !ok {
			return nil, nil, f, apperr.InvalidField("after", "not a cursor of this search")
		}
		cur = &cursorPos{score: score, person: after.ID}
	}
	rows, total, err := s.rank(ctx, q, cur, limit+1)
	if err != nil {
		return nil, nil, f, err
	}
	if len(rows) == 0 && cur != nil && s.CountAll {
		// Past the end: the window count came back empty, ask for it.
		if _, total, err = s.rank(ctx, q, nil, 1); err != nil {
			return nil, nil, f, err
		}
	}
	page := &Page{TotalCount: total, Requirements: reqs}
	if len(rows) > limit {
		rows = rows[:limit]
		page.PageInfo.HasNextPage = true
	}
	page.PageInfo.HasPreviousPage = cur != nil
	return page, rows, f, nil
}

// filter holds the validated non-skill conditions.
type filter struct {
	// availability is asked for: a window overlapping [from, until] (until
	// nil: open) with at least hours per week.
	availability bool
	from         time.Time
	until        *time.Time
	hours        int
}

func newFilter(in SearchInput, now time.Time) (filter, error) {
	n := len(in.Requirements)
	if n == 0 || n > MaxRequirements {
		return filter{}, apperr.InvalidField("requirements", "give 1 to %d requirements", MaxRequirements)
	}
	for _, r := range in.Requirements {
		if (r.SkillID == nil) == (r.Skill == nil || Key(*r.Skill) == "") {
			return filter{}, apperr.InvalidField("requirements", "each requirement names its skill by skillID or by skill (a name or alias), not both")
		}
		if r.MinLevel < 1 || r.MinLevel > 5 {
			return filter{}, apperr.InvalidField("minLevel", "minLevel must be between 1 and 5")
		}
	}
	today := now.UTC().Truncate(24 * time.Hour)
	f := filter{from: today, hours: 1}
	if in.AvailableFrom != nil {
		f.availability, f.from = true, in.AvailableFrom.UTC()
	}
	if in.AvailableUntil != nil {
		u := in.AvailableUntil.UTC()
		if u.Before(f.from) {
			return filter{}, apperr.InvalidField("availableUntil", "availableUntil must not lie before availableFrom (or today)")
		}
		f.availability, f.until = true, &u
	}
	if in.MinHoursPerWeek != nil {
		if *in.MinHoursPerWeek < 1 || *in.MinHoursPerWeek > 168 {
			return filter{}, apperr.InvalidField("minHoursPerWeek", "minHoursPerWeek must be between 1 and 168")
		}
		f.availability, f.hours = true, *in.MinHoursPerWeek
	}
	if in.City != nil && strings.TrimSpace(*in.City) == "" {
		return filter{}, apperr.InvalidField("city", "city must not be empty")
	}
	return f, nil
}

// resolve turns each requirement into its skill and the set of skills that
// meet it: the skill and all its descendants (child skills, their children,
// ...). The taxonomy comes from the cache while net's taxonomy version is the
// cached one, else it is read once (net was read before, see taxonomy.go).
func (s Searcher) resolve(ctx context.Context, net *ent.Network, in []*RequirementInput) ([]*Requirement, error) {
	cache := s.Taxonomies
	if ent.FromContext(ctx) != nil {
		// A mutation's payload: it reads its transaction's skills, which
		// must not reach the cache (they may be rolled back, or be newer
		// than what others read under the same version).
		cache = nil
	}
	tax := cache.get(net.ID, net.TaxonomyVersion)
	if tax == nil {
		// Every participant reads all of the network's skills (the caller
		// checked the viewer takes part), so one copy serves all viewers.
		skills, err := s.Client.Skill.Query().Where(skill.NetworkID(net.ID)).All(authz.SystemRead(ctx))
		if err != nil {
			return nil, err
		}
		tax = newTaxonomy(skills)
		cache.put(net.ID, net.TaxonomyVersion, tax)
	}
	reqs := make([]*Requirement, len(in))
	for i, r := range in {
		var sk *ent.Skill
		if r.SkillID != nil {
			sk = tax.byID[*r.SkillID]
		} else {
			sk = tax.lookup(*r.Skill)
		}
		if sk == nil {
			what := "skillID"
			if r.SkillID == nil {
				what = strconv.Quote(*r.Skill)
			}
			return nil, &apperr.Error{Code: apperr.NotFound, Field: "requirements",
				Message: fmt.Sprintf("requirements[%d]: no skill %s in this network", i, what)}
		}
		sub := tax.subtree(sk.ID)
		objs := make(map[int]*ent.Skill, len(sub))
		for id := range sub {
			objs[id] = tax.byID[id]
		}
		reqs[i] = &Requirement{Skill: sk, MinLevel: r.MinLevel, skills: sub, objs: objs}
	}
	return reqs, nil
}

// taxonomy is a network's skills, indexed for resolving requirements.
type taxonomy struct {
	byID     map[int]*ent.Skill
	byKey    map[string]*ent.Skill // names and aliases
	bySlug   map[string]*ent.Skill
	children map[int][]int
}

func newTaxonomy(skills []*ent.Skill) *taxonomy {
	t := &taxonomy{byID: map[int]*ent.Skill{}, byKey: map[string]*ent.Skill{}, bySlug: map[string]*ent.Skill{}, children: map[int][]int{}}
	for _, sk := range skills {
		t.byID[sk.ID] = sk
		t.bySlug[sk.Slug] = sk
		if sk.ParentID != nil {
			t.children[*sk.ParentID] = append(t.children[*sk.ParentID], sk.ID)
		}
	}
	// Names win over aliases should old data hold a clash the hook would
	// refuse today; lower IDs win among equals.
	slices.SortFunc(skills, func(a, b *ent.Skill) int { return a.ID - b.ID })
	for _, sk := range skills {
		for _, a := range sk.Aliases {
			if _, taken := t.byKey[Key(a)]; !taken {
				t.byKey[Key(a)] = sk
			}
		}
	}
	for _, sk := range skills {
		t.byKey[Key(sk.Name)] = sk
	}
	return t
}

// lookup finds a skill by name or alias, then by slug.
func (t *taxonomy) lookup(name string) *ent.Skill {
	if sk, ok := t.byKey[Key(name)]; ok {
		return sk
	}
	return t.bySlug[strings.ToLower(strings.TrimSpace(name))]
}

// subtree maps the skill and its descendants to whether each is the skill
// itself. A parent loop (which the API cannot create, but data might hold)
// ends at a skill already seen.
func (t *taxonomy) subtree(root int) map[int]bool {
	out := map[int]bool{root: true}
	queue := []int{root}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, c := range t.children[id] {
			if _, seen := out[c]; !seen {
				out[c] = false
				queue = append(queue, c)
			}
		}
	}
	return out
}

type cursorPos struct {
	score  int64
	person int
}

func cursorScore(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int8:
		return int64(n), true
	case int16:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case uint8:
		return int64(n), true
	case uint16:
		return int64(n), true
	case uint32:
		return int64(n), true
	case uint64:
		return int64(n), true
	}
	return 0, false
}

type rankedRow struct {
	person int
	score  int
}

// rank runs the ranking statement and returns up to limit rows after cur and
// the number of matches in all.
func (s Searcher) rank(ctx context.Context, q rankQuery, cur *cursorPos, limit int) ([]rankedRow, int, error) {
	query, args := q.build(cur, limit)
	rows := &entsql.Rows{}
	if err := s.Client.Driver().Query(ctx, query, args, rows); err != nil {
		return nil, 0, fmt.Errorf("talent search: %w", err)
	}
	defer rows.Close()
	var out []rankedRow
	total := 0
	for rows.Next() {
		var r rankedRow
		var score, t int64
		if err := rows.Scan(&r.person, &score, &t); err != nil {
			return nil, 0, err
		}
		r.score, total = int(score), int(t)
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// load fetches the page's persons (with the viewer's rights: private fields
// redacted), their skills that meet a requirement and their availability in
// the requested period, and explains each match.
func (s Searcher) load(ctx context.Context, rows []rankedRow, reqs []*Requirement, in SearchInput, f filter) ([]*Match, error) {
	ids := make([]int, len(rows))
	for i, r := range rows {
		ids[i] = r.person
	}
	persons, err := s.Client.Person.Query().Where(person.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.Person, len(persons))
	for _, p := range persons {
		byID[p.ID] = p
	}
	var skillIDs []int
	skillByID := map[int]*ent.Skill{}
	for _, r := range reqs {
		for id, sk := range r.objs {
			skillIDs = append(skillIDs, id)
			skillByID[id] = sk
		}
	}
	// Every row of the page is a participant of the network and every
	// skill belongs to it, so these rows are readable by the viewer (the
	// ranking statement checked it); the system context saves the privacy
	// subqueries. Availability windows are what persons offer to the
	// network's search; the Availability records (with notes) stay private.
	sys := authz.SystemRead(ctx)
	pss, err := s.Client.PersonSkill.Query().
		Where(personskill.PersonIDIn(ids...), personskill.SkillIDIn(skillIDs...)).All(sys)
	if err != nil {
		return nil, err
	}
	avq := s.Client.Availability.Query().Where(availability.PersonIDIn(ids...), availability.ArchivedAtIsNil(), // archived: no longer offered
		availability.Or(availability.AvailableUntilIsNil(), availability.AvailableUntilGTE(f.from)),
		availability.HoursPerWeekGTE(f.hours))
	if f.until != nil {
		avq = avq.Where(availability.AvailableFromLTE(*f.until))
	}
	avs, err := avq.Order(ent.Asc(availability.FieldAvailableFrom), ent.Asc(availability.FieldID)).All(sys)
	if err != nil {
		return nil, err
	}
	skillsOf := map[int][]*ent.PersonSkill{}
	for _, ps := range pss {
		ps.Edges.Skill = skillByID[ps.SkillID]
		skillsOf[ps.PersonID] = append(skillsOf[ps.PersonID], ps)
	}
	windowsOf := map[int][]*Window{}
	for _, a := range avs {
		windowsOf[a.PersonID] = append(windowsOf[a.PersonID], &Window{HoursPerWeek: a.HoursPerWeek, From: a.AvailableFrom, Until: a.AvailableUntil})
	}
	out := make([]*Match, 0, len(rows))
	for _, r := range rows {
		p, ok := byID[r.person]
		if !ok {
			continue // not readable after all: leave it out rather than leak it
		}
		m := &Match{Person: p, Score: r.score, Availability: windowsOf[p.ID]}
		if m.Availability == nil {
			m.Availability = []*Window{}
		}
		for _, req := range reqs {
			best := bestFor(req, skillsOf[p.ID], in.WantsToLearn)
			if best == nil {
				m.Missing = append(m.Missing, req)
				continue
			}
			best.PersonSkill.Edges.Person = p
			m.Matched = append(m.Matched, best)
		}
		if m.Missing == nil {
			m.Missing = []*Requirement{}
		}
		out = append(out, m)
	}
	return out, nil
}

// bestFor picks the person skill that earns most points for a requirement
// (the lowest skill ID among equals), as the ranking statement does.
func bestFor(req *Requirement, pss []*ent.PersonSkill, wantsToLearn bool) *SkillMatch {
	var best *SkillMatch
	for _, ps := range pss {
		direct, ok := req.skills[ps.SkillID]
		if !ok || !meets(ps, req, wantsToLearn) {
			continue
		}
		pts := points(ps.Level, ps.EndorsementCount, direct)
		if best == nil || pts > best.Points || (pts == best.Points && ps.SkillID < best.PersonSkill.SkillID) {
			best = &SkillMatch{Requirement: req, PersonSkill: ps, ViaChildSkill: !direct, Points: pts}
		}
	}
	return best
}

func meets(ps *ent.PersonSkill, req *Requirement, wantsToLearn bool) bool {
	if wantsToLearn {
		return ps.WantsToLearn
	}
	return ps.Level >= req.MinLevel
}

// rankQuery builds the ranking statement. Literal integers (skill IDs,
// levels, points) are written into it, so the planner sees them; values
// from the client (dates, city, states) are bound parameters.
type rankQuery struct {
	dialect string
	network int
	reqs    []*Requirement
	in      SearchInput
	filter  filter
	total   bool // count all matches (else total is 0)
	// readable is authz's membership read rule for the viewer: coop and
	// pathway filters look at the memberships it admits only, so they reveal
	// nothing of other coops' memberships. Applying the rule itself (not a
	// copy in SQL text) keeps the search and the privacy filter in step.
	readable predicate.Membership
	// only, when set, restricts the matches to the persons it admits (a
	// condition on the persons table; see rankPage).
	only func(*entsql.Selector)
}

func (q rankQuery) build(cur *cursorPos, limit int) (string, []any) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		if q.dialect == dialect.Postgres {
			return "$" + strconv.Itoa(len(args))
		}
		return "?"
	}
	var b strings.Builder
	// rq: one row per (skill that meets a requirement, requirement).
	b.WriteString("WITH rq (skill_id, idx, direct, min_level) AS (VALUES ")
	first := true
	for i, r := range q.reqs {
		ids := make([]int, 0, len(r.skills))
		for id := range r.skills {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			if !first {
				b.WriteString(", ")
			}
			first = false
			direct := 0
			if r.skills[id] {
				direct = 1
			}
			fmt.Fprintf(&b, "(%d, %d, %d, %d)", id, i, direct, r.MinLevel)
		}
	}
	b.WriteString(")")
	// hits: the matching person skills of persons who take part in the
	// network (in_network: see participation.go), with their points, in
	// person order. Aggregating sorted rows measured twice as fast on
	// PostgreSQL as the hash aggregate the planner picks otherwise; OFFSET 0
	// keeps the sort where it is.
	fmt.Fprintf(&b, `, hits AS (
  SELECT ps.person_id, rq.idx, %d * ps.level + %d * rq.direct + CASE WHEN ps.endorsement_count > %d THEN %d ELSE ps.endorsement_count END AS points
  FROM rq JOIN person_skills ps ON ps.skill_id = rq.skill_id AND ps.in_network AND `,
		LevelPoints, DirectPoints, MaxEndorsementPoints, MaxEndorsementPoints)
	if q.in.WantsToLearn {
		b.WriteString("ps.wants_to_learn = " + arg(true))
	} else {
		b.WriteString("ps.level >= rq.min_level")
	}
	b.WriteString("\n  ORDER BY ps.person_id")
	if q.dialect == dialect.Postgres {
		b.WriteString(" OFFSET 0")
	}
	// scored: per person and requirement the best points (NULL when unmet),
	// each met requirement worth MatchPoints more.
	b.WriteString("), scored AS (\n  SELECT person_id, ")
	for i := range q.reqs {
		if i > 0 {
			b.WriteString(" + ")
		}
		fmt.Fprintf(&b, "COALESCE(%d + MAX(CASE WHEN idx = %d THEN points END), 0)", MatchPoints, i)
	}
	b.WriteString(" AS score FROM hits GROUP BY person_id")
	if q.in.RequireAll {
		for i := range q.reqs {
			if i == 0 {
				b.WriteString(" HAVING ")
			} else {
				b.WriteString(" AND ")
			}
			fmt.Fprintf(&b, "MAX(CASE WHEN idx = %d THEN 1 END) = 1", i)
		}
	}
	b.WriteString(")")
	// ranked: the matches that pass the filters. With the total, every
	// match is checked and counted. Without it, the checks run on the
	// matches in rank order only until the page is full: on PostgreSQL,
	// OFFSET 0 keeps the ordered subquery from absorbing them, so a skill
	// with thousands of matches costs a page's worth of checks, not
	// thousands.
	after := func() string { // the cursor's condition; its arguments are taken where it is written
		if cur == nil {
			return ""
		}
		return " WHERE score < " + arg(cur.score) + " OR (score = " + arg(cur.score) + " AND person_id > " + arg(cur.person) + ")"
	}
	if q.total {
		b.WriteString(`, ranked AS (
  SELECT s.person_id, s.score, COUNT(*) OVER () AS total FROM scored s`)
	} else {
		b.WriteString(`, ranked AS (
  SELECT s.person_id, s.score, 0 AS total FROM (SELECT * FROM scored` + after() + ` ORDER BY score DESC, person_id ASC`)
		if q.dialect == dialect.Postgres {
			b.WriteString(" OFFSET 0")
		}
		b.WriteString(") s")
	}
	if q.in.City != nil {
		b.WriteString(" JOIN persons p ON p.id = s.person_id")
	}
	var conds []string
	if q.in.City != nil {
		conds = append(conds, "LOWER(p.city) = "+arg(strings.ToLower(strings.TrimSpace(*q.in.City))))
	}
	if q.in.CoopID != nil || len(q.in.PathwayStates) > 0 {
		conds = append(conds, q.membershipFilter(&args))
	}
	if q.only != nil {
		conds = append(conds, q.onlyFilter(&args))
	}
	if f := q.filter; f.availability {
		c := "EXISTS (SELECT 1 FROM availabilities a WHERE a.person_id = s.person_id AND a.archived_at IS NULL" + // archived windows are no longer offered (issue 16)
			" AND a.hours_per_week >= " + arg(f.hours) +
			" AND (a.available_until IS NULL OR a.available_until >= " + arg(f.from) + ")"
		if f.until != nil {
			c += " AND a.available_from <= " + arg(*f.until)
		}
		conds = append(conds, c+")")
	}
	if len(conds) > 0 {
		b.WriteString("\n  WHERE " + strings.Join(conds, "\n    AND "))
	}
	b.WriteString(")\nSELECT person_id, score, total FROM ranked")
	if q.total {
		b.WriteString(after())
	}
	fmt.Fprintf(&b, " ORDER BY score DESC, person_id ASC LIMIT %d", limit)
	return b.String(), args
}

// membershipFilter is the coop and pathway-state condition: the person has
// a membership the viewer may read (authz.MembershipReadable), in the coop
// asked for (else in a coop of the network), in one of the states asked for
// (else any but LEFT). It is built with ent's builder so the read rule is
// applied as written in authz; its arguments continue args' numbering.
func (q rankQuery) membershipFilter(args *[]any) string {
	b := entsql.Dialect(q.dialect)
	sel := b.SelectExpr(entsql.Expr("1")).From(b.Table(membership.Table).As("m2"))
	if q.in.CoopID == nil {
		nc := b.Table(network.CoopsTable).As("nc2")
		sel.Join(nc).OnP(entsql.And(
			entsql.ColumnsEQ(nc.C(network.CoopsPrimaryKey[1]), sel.C(membership.FieldCoopID)),
			entsql.EQ(nc.C(network.CoopsPrimaryKey[0]), q.network),
		))
	}
	sel.Where(entsql.ColumnsEQ(sel.C(membership.FieldPersonID), b.Table("s").C("person_id"))) // the ranked match
	q.readable(sel)
	if q.in.CoopID != nil {
		membership.CoopID(*q.in.CoopID)(sel)
	}
	if len(q.in.PathwayStates) > 0 {
		membership.StateIn(q.in.PathwayStates...)(sel)
	} else {
		membership.StateNEQ(membership.StateLEFT)(sel)
	}
	sel.SetTotal(len(*args))
	sub, subArgs := sel.Query()
	*args = append(*args, subArgs...)
	return "EXISTS (" + sub + ")"
}
