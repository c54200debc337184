package talent

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/availability"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/person"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/projectskillneed"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/internal/apperr"
	"github.com/coopnetwork/cockpit/internal/domainop"
)

// candidate is a participant of the project's network who could work on it.
type candidate struct {
	person      int
	affiliation Affiliation
	coopName    string // the lead or partner coop, for the reason
	offered     int    // hours per week offered in the period of the need at hand
	assigned    int    // hours per week this suggestion already asks
	skills      map[int]*ent.PersonSkill
	windows     []*ent.Availability // from today on
}

// needPeriod is when a need asks for hours: its own dates, else the
// project's, never before today.
func needPeriod(now time.Time, p *ent.Project, n *ent.ProjectSkillNeed) (from time.Time, until *time.Time) {
	from = now.UTC().Truncate(24 * time.Hour)
	start := p.StartsOn
	if n.StartsOn != nil {
		start = n.StartsOn
	}
	if start != nil && start.After(from) {
		from = *start
	}
	until = p.EndsOn
	if n.EndsOn != nil {
		until = n.EndsOn
	}
	return from, until
}

// offeredIn is the most hours per week one of the windows offers in the
// period (from, until; nil: open-ended).
func offeredIn(windows []*ent.Availability, from time.Time, until *time.Time) int {
	best := 0
	for _, a := range windows {
		if a.AvailableUntil != nil && a.AvailableUntil.Before(from) {
			continue
		}
		if until != nil && a.AvailableFrom.After(*until) {
			continue
		}
		best = max(best, a.HoursPerWeek)
	}
	return best
}

// SuggestTeam covers a project's skill needs with available participants of
// its network: for each need (in the order they were added) and each head it
// asks for, the best candidate who has the needed skill or a child skill at
// the needed level and hours left in the project's period, preferring
// members of the lead coop, then of partner coops, then anyone else; within
// a group the one with most hours left (so hours spread over people), then
// the higher level, then the lower ID. Members of the lead and partner coops
// may ask. It reads a fixed number of statements (about ten), however many
// needs and candidates there are.
func (svc *Service) SuggestTeam(ctx context.Context, client *ent.Client, projectID int) (*TeamSuggestion, error) {
	o := svc.Env.Read(ctx, client)
	if !o.V.Authenticated() {
		return nil, apperr.New(apperr.NotFound, "not found")
	}
	p, err := client.Project.Get(o.Ctx, projectID)
	if err != nil {
		return nil, err
	}
	partners, err := client.BudgetShare.Query().
		Where(budgetshare.ProjectID(p.ID), budgetshare.CoopIDNotNil()).
		Select(budgetshare.FieldCoopID).Ints(o.Sys)
	if err != nil {
		return nil, err
	}
	partners = uniq(partners)
	if !o.V.IsMember(p.LeadCoopID) && !slices.ContainsFunc(partners, o.V.IsMember) {
		return nil, domainop.Forbidden("only members of the lead and partner coops ask for a team")
	}
	needs, err := client.ProjectSkillNeed.Query().Where(projectskillneed.ProjectID(p.ID)).
		Order(ent.Asc(projectskillneed.FieldID)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	out := &TeamSuggestion{Project: p, Picks: []*Pick{}, Uncovered: []*Uncovered{}, Shortfalls: []*Shortfall{}}
	if p.NetworkID == nil {
		for _, n := range needs {
			out.Uncovered = append(out.Uncovered, &Uncovered{Need: n, MissingHeadcount: n.Headcount,
				Reason: "the project is not announced in a network, so there is nobody to ask"})
		}
		out.Shortfalls = shortfalls(needs, nil)
		return out, nil
	}
	net := *p.NetworkID
	skills, err := client.Skill.Query().Where(skill.NetworkID(net)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	tax := newTaxonomy(skills)
	for _, n := range needs {
		n.Edges.Skill = tax.byID[n.SkillID] // so need { skill } costs no query per need
	}
	subtrees := make([]map[int]bool, len(needs))
	var wanted []int
	for i, n := range needs {
		subtrees[i] = tax.subtree(n.SkillID)
		for id := range subtrees[i] {
			wanted = append(wanted, id)
		}
	}
	cands, err := candidates(o, p, net, uniq(wanted), partners)
	if err != nil {
		return nil, err
	}
	for i, n := range needs {
		// Hours count in the need's own period (its dates, else the project's).
		from, until := needPeriod(o.Now, p, n)
		for _, cd := range cands {
			cd.offered = offeredIn(cd.windows, from, until)
		}
		picked := map[int]bool{}
		for head := range n.Headcount {
			best := bestCandidate(cands, n, subtrees[i], picked)
			if best == nil {
				out.Uncovered = append(out.Uncovered, &Uncovered{Need: n, MissingHeadcount: n.Headcount - head,
					Reason: uncoveredReason(tax.byID[n.SkillID], n, head)})
				break
			}
			ps := bestSkill(best, n, subtrees[i])
			hours := min(n.HoursPerWeek, best.offered-best.assigned)
			pick := &Pick{Need: n, PersonSkill: ps, Affiliation: best.affiliation, HoursPerWeek: hours,
				OfferedHoursPerWeek: best.offered}
			pick.Reason = pickReason(best, ps, tax.byID, n, hours)
			best.assigned += hours
			picked[best.person] = true
			out.Picks = append(out.Picks, pick)
		}
	}
	// The picked persons, with the viewer's rights (private fields redacted).
	ids := make([]int, 0, len(out.Picks))
	for _, pk := range out.Picks {
		ids = append(ids, pk.PersonSkill.PersonID)
	}
	persons, err := client.Person.Query().Where(person.IDIn(uniq(ids)...)).All(o.Ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int]*ent.Person{}
	for _, ps := range persons {
		byID[ps.ID] = ps
	}
	picks := out.Picks[:0]
	for _, pk := range out.Picks {
		if pk.Person = byID[pk.PersonSkill.PersonID]; pk.Person != nil {
			pk.PersonSkill.Edges.Person = pk.Person
			pk.PersonSkill.Edges.Skill = tax.byID[pk.PersonSkill.SkillID]
			picks = append(picks, pk)
		}
	}
	out.Picks = picks
	out.Shortfalls = shortfalls(needs, picks)
	return out, nil
}

// shortfalls reports, per need, the hours per week its picks leave
// uncovered: headcount x hours asked, less the hours the picks give (a
// person offering 25 of the 40 h/week needed leaves 15).
func shortfalls(needs []*ent.ProjectSkillNeed, picks []*Pick) []*Shortfall {
	covered := map[int]int{}
	for _, pk := range picks {
		covered[pk.Need.ID] += pk.HoursPerWeek
	}
	out := []*Shortfall{}
	for _, n := range needs {
		needed := n.HoursPerWeek * n.Headcount
		if missing := needed - covered[n.ID]; missing > 0 {
			out = append(out, &Shortfall{Need: n, NeededHoursPerWeek: needed, CoveredHoursPerWeek: covered[n.ID], ShortfallHoursPerWeek: missing})
		}
	}
	return out
}

// candidates gathers the network's participants with one of the wanted
// skills and hours offered in the project's period, with their affiliation.
func candidates(o *domainop.Op, p *ent.Project, net int, wanted, partners []int) (map[int]*candidate, error) {
	c := o.C
	pss, err := c.PersonSkill.Query().Where(personskill.SkillIDIn(wanted...)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	var ids []int
	for _, ps := range pss {
		ids = append(ids, ps.PersonID)
	}
	ids = uniq(ids)
	// Every window from today on: each need counts those of its own period.
	from := o.Now.UTC().Truncate(24 * time.Hour)
	avs, err := c.Availability.Query().Where(availability.PersonIDIn(ids...), availability.ArchivedAtIsNil(), // archived: no longer offered
		availability.Or(availability.AvailableUntilIsNil(), availability.AvailableUntilGTE(from))).All(o.Sys)
	if err != nil {
		return nil, err
	}
	offered := map[int]int{}
	windows := map[int][]*ent.Availability{}
	for _, a := range avs {
		offered[a.PersonID] = max(offered[a.PersonID], a.HoursPerWeek)
		windows[a.PersonID] = append(windows[a.PersonID], a)
	}
	direct, err := c.NetworkMembership.Query().
		Where(networkmembership.NetworkID(net), networkmembership.PersonIDIn(ids...)).
		Select(networkmembership.FieldPersonID).Ints(o.Sys)
	if err != nil {
		return nil, err
	}
	netCoops, err := c.Network.Query().Where(network.ID(net)).QueryCoops().All(o.Sys)
	if err != nil {
		return nil, err
	}
	coopName, netCoop := map[int]string{}, map[int]bool{}
	for _, co := range netCoops {
		coopName[co.ID], netCoop[co.ID] = co.Name, true
	}
	lead, err := c.Coop.Get(o.Sys, p.LeadCoopID)
	if err != nil {
		return nil, err
	}
	coopName[lead.ID] = lead.Name
	ms, err := c.Membership.Query().
		Where(membership.PersonIDIn(ids...), membership.StateNEQ(membership.StateLEFT)).All(o.Sys)
	if err != nil {
		return nil, err
	}
	inNetwork := map[int]bool{}
	for _, id := range direct {
		inNetwork[id] = true
	}
	out := map[int]*candidate{}
	for _, id := range ids {
		if offered[id] > 0 {
			out[id] = &candidate{person: id, affiliation: Network, offered: offered[id], skills: map[int]*ent.PersonSkill{}, windows: windows[id]}
		}
	}
	for _, m := range ms {
		cd := out[m.PersonID]
		if cd == nil {
			continue
		}
		if netCoop[m.CoopID] {
			inNetwork[m.PersonID] = true
		}
		if m.State != membership.StateMEMBER {
			continue
		}
		var a Affiliation
		switch {
		case m.CoopID == lead.ID:
			a = LeadCoop
		case slices.Contains(partners, m.CoopID):
			a = PartnerCoop
		default:
			continue
		}
		if a.rank() < cd.affiliation.rank() {
			cd.affiliation, cd.coopName = a, coopName[m.CoopID]
		}
	}
	for id := range out {
		if !inNetwork[id] {
			delete(out, id)
		}
	}
	for _, ps := range pss {
		if cd := out[ps.PersonID]; cd != nil {
			cd.skills[ps.SkillID] = ps
		}
	}
	return out, nil
}

func bestCandidate(cands map[int]*candidate, n *ent.ProjectSkillNeed, sub map[int]bool, picked map[int]bool) *candidate {
	var best *candidate
	var bestLevel int
	for _, cd := range cands {
		if picked[cd.person] || cd.offered-cd.assigned <= 0 {
			continue
		}
		ps := bestSkill(cd, n, sub)
		if ps == nil {
			continue
		}
		if best == nil || better(cd, ps.Level, best, bestLevel) {
			best, bestLevel = cd, ps.Level
		}
	}
	return best
}

// better orders candidates: affiliation, hours left, level, person ID.
func better(a *candidate, aLevel int, b *candidate, bLevel int) bool {
	if c := cmp.Compare(a.affiliation.rank(), b.affiliation.rank()); c != 0 {
		return c < 0
	}
	if c := cmp.Compare(a.offered-a.assigned, b.offered-b.assigned); c != 0 {
		return c > 0
	}
	if aLevel != bLevel {
		return aLevel > bLevel
	}
	return a.person < b.person
}

// bestSkill is the candidate's highest-level skill meeting the need (the
// needed skill itself among equals, then the lower skill ID).
func bestSkill(cd *candidate, n *ent.ProjectSkillNeed, sub map[int]bool) *ent.PersonSkill {
	var best *ent.PersonSkill
	for id, direct := range sub {
		ps := cd.skills[id]
		if ps == nil || ps.Level < n.MinLevel {
			continue
		}
		if best == nil || ps.Level > best.Level ||
			ps.Level == best.Level && (direct && best.SkillID != n.SkillID || sub[best.SkillID] == direct && ps.SkillID < best.SkillID) {
			best = ps
		}
	}
	return best
}

func pickReason(cd *candidate, ps *ent.PersonSkill, skills map[int]*ent.Skill, n *ent.ProjectSkillNeed, hours int) string {
	var who string
	switch cd.affiliation {
	case LeadCoop:
		who = "member of the lead coop " + cd.coopName
	case PartnerCoop:
		who = "member of the partner coop " + cd.coopName
	default:
		who = "in the network (no lead or partner coop member was available)"
	}
	skillText := fmt.Sprintf("%s level %d", skills[ps.SkillID].Name, ps.Level)
	if ps.SkillID != n.SkillID {
		skillText += " (a kind of " + skills[n.SkillID].Name + ")"
	}
	r := fmt.Sprintf("%s; %s, the need asks for level %d; offers %d h/week in the project's period, %d h/week left before this pick",
		who, skillText, n.MinLevel, cd.offered, cd.offered-cd.assigned)
	if hours < n.HoursPerWeek {
		r += fmt.Sprintf("; covers only %d of the %d h/week needed", hours, n.HoursPerWeek)
	}
	return r
}

func uncoveredReason(sk *ent.Skill, n *ent.ProjectSkillNeed, covered int) string {
	name := "the skill"
	if sk != nil {
		name = sk.Name
	}
	r := fmt.Sprintf("nobody else in the network with %s (or a child skill) at level %d or more has hours left in the project's period", name, n.MinLevel)
	if covered == 0 {
		r = fmt.Sprintf("nobody in the network with %s (or a child skill) at level %d or more has hours left in the project's period", name, n.MinLevel)
	}
	return r
}

func uniq(ids []int) []int {
	slices.Sort(ids)
	return slices.Compact(ids)
}
