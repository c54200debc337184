// Package demo loads a deterministic demo network: four tech coops, about
// forty persons on every step of the membership pathway, a skill taxonomy,
// federated project budgets with time entries, and proposals with votes.
//
// The data (data.go) is fixed and dated relative to ReferenceDate; the only
// randomness, for time entries, comes from a fixed-seed PCG. Seed checks the
// data against the domain rules before it writes anything: every pathway step
// must be allowed by the state machine of internal/pathway with the guards of
// the coop's bylaws, every closed proposal's status must be what
// internal/decision decides from its votes, and budgets and work must fit.
// The rules are not restated here; the seeder only gathers the facts.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/personskill"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	_ "github.com/coopnetwork/cockpit/ent/runtime" // hooks, defaults and validators
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/audit"
	"github.com/coopnetwork/cockpit/internal/authz"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/pathway"
	"github.com/coopnetwork/cockpit/internal/validate"
)

// openUntil is when a proposal's voting ends (closes is already shifted to
// the seed's anchor, see Options). Open proposals stay open for a month after
// the demo is loaded, whatever the date, so members can still vote on them;
// everything else keeps its date.
func openUntil(ctx context.Context, status proposal.Status, closes time.Time) time.Time {
	if status != proposal.StatusOPEN {
		return closes
	}
	if month := clock.Now(ctx).AddDate(0, 1, 0).Truncate(24 * time.Hour); month.After(closes) {
		return month
	}
	return closes
}

// Slug is the slug of the demo network.
const Slug = "tech-kollektiv-netzwerk"

// ReferenceDate is "today" in the demo data as written in data.go: every
// pathway step, vote and time entry lies before it; open proposals close
// after it. A seed moves the whole calendar by whole weeks (see Options), so
// in the loaded demo "today" is Options.ReferenceDate().
var ReferenceDate = d(2026, 11, 1)

// Options say how the demo is loaded.
type Options struct {
	// Anchor is the day the loaded demo treats as "today": every date of the
	// demo data moves by the whole weeks between ReferenceDate and Anchor
	// (rounded down), so the demo's last week of work is the week before
	// Anchor, open proposals are open, availability starts about now, and
	// weekdays, the order of events and the days between them are kept.
	// Zero: ReferenceDate itself, the fixed calendar of data.go (tests that
	// assert demo dates use that). cockpit serve --demo and seed --demo
	// anchor at today unless --demo-anchor says otherwise.
	Anchor time.Time
}

// Shift is how far the demo's calendar moves: whole weeks, so that the
// shifted reference date lies in the week up to Anchor.
func (o Options) Shift() time.Duration {
	if o.Anchor.IsZero() {
		return 0
	}
	days := int(o.Anchor.UTC().Truncate(day).Sub(ReferenceDate) / day)
	weeks := days / 7
	if days < 0 && days%7 != 0 {
		weeks-- // round down for anchors before the reference date too
	}
	return time.Duration(weeks*7) * day
}

// ReferenceDate is "today" in the demo loaded with these options:
// ReferenceDate moved by Shift.
func (o Options) ReferenceDate() time.Time { return ReferenceDate.Add(o.Shift()) }

// Today is the options of a demo anchored at the current day of ctx's clock.
func Today(ctx context.Context) Options { return Options{Anchor: clock.Now(ctx)} }

// ErrAlreadySeeded is returned by Seed when the demo network already exists.
// Nothing is written in that case.
var ErrAlreadySeeded = errors.New("demo: the demo network is already loaded")

// randomSeed seeds the PCG that spreads time entries over the project periods.
const randomSeed = 20261101

const day = 24 * time.Hour

// Seed loads the deterministic demo network into an empty database. It runs in
// one transaction: on any error nothing is written. If a network with the demo
// slug exists, Seed returns ErrAlreadySeeded before writing.
func Seed(ctx context.Context, client *ent.Client) error { return SeedCopy(ctx, client, 0) }

// SeedWith is Seed with options (the anchor of the demo's calendar).
func SeedWith(ctx context.Context, client *ent.Client, opt Options) error {
	return SeedCopyWith(ctx, client, 0, opt)
}

// SeedCopyWith is SeedCopy with options.
func SeedCopyWith(ctx context.Context, client *ent.Client, n int, opt Options) error {
	return seed(ctx, client, n, false, opt)
}

// SeedCopy loads copy n of the demo network (copy 0 is the demo network
// itself). Copies n ≥ 1 differ only in what must be unique: the network's
// and coops' names and slugs carry " #n" and "-n", e-mails "+n" and login
// subjects "#n". The load benchmark seeds 25 copies (demo scale ×25). If
// copy n exists, SeedCopy returns ErrAlreadySeeded before writing.
func SeedCopy(ctx context.Context, client *ent.Client, n int) error {
	return seed(ctx, client, n, false, Options{})
}

// SeedBeforeDecisions loads the demo as a database from before issue 15's
// decisions could hold it, for upgrade tests that seed an older schema
// with today's client: without the network decision and its coop votes,
// the bylaws change, the share holders' decision and the discussion, and
// with proposals recording only their method and quorum, no close reason.
func SeedBeforeDecisions(ctx context.Context, client *ent.Client) error {
	return seed(ctx, client, 0, true, Options{})
}

func seed(ctx context.Context, client *ent.Client, n int, before bool, opt Options) error {
	p, err := newPlan()
	if err != nil {
		return fmt.Errorf("demo: invalid demo data: %w", err)
	}
	// Seeding is a system operation, not a request of a viewer.
	ctx = authz.Under(ctx, authz.SeedDemo)
	ctx = audit.Operation(ctx, "seedDemo") // one audit record for the whole demo
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("demo: begin transaction: %w", err)
	}
	s := &seeder{tx: tx, plan: p, rng: rand.New(rand.NewPCG(randomSeed, 1)), copy: n, before: before, shift: opt.Shift()}
	exists, err := tx.Network.Query().Where(network.Slug(s.unique(Slug, "-"))).Exist(ctx)
	if err == nil && exists {
		err = ErrAlreadySeeded
	}
	if err == nil {
		err = s.run(ctx)
	}
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("demo: rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("demo: commit: %w", err)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Plan: the parsed and checked demo data.

type step struct {
	state membership.State
	at    time.Time
	via   pathway.Transition // the transition that led here; "" for the first step
}

type plannedMembership struct {
	membershipSpec
	steps []step
	id    int
}

func (m *plannedMembership) state() membership.State { return m.steps[len(m.steps)-1].state }

// stateAt is the state on day t, "" before the membership existed.
func (m *plannedMembership) stateAt(t time.Time) membership.State {
	var s membership.State
	for _, st := range m.steps {
		if st.at.After(t) {
			break
		}
		s = st.state
	}
	return s
}

// candidacy returns the first candidacy: when it began, when it ended
// (ReferenceDate if it has not) and the state it ended in ("" if ongoing).
func (m *plannedMembership) candidacy() (start, end time.Time, next membership.State, ok bool) {
	for i, st := range m.steps {
		if st.state != membership.StateCANDIDATE {
			continue
		}
		if i+1 < len(m.steps) {
			return st.at, m.steps[i+1].at, m.steps[i+1].state, true
		}
		return st.at, ReferenceDate, "", true
	}
	return time.Time{}, time.Time{}, "", false
}

// stepBefore is the last step strictly before t: the state a transition at
// t starts from, or the state members had when a proposal closed at t.
func (m *plannedMembership) stepBefore(t time.Time) (step, bool) {
	var last step
	ok := false
	for _, st := range m.steps {
		if !st.at.Before(t) {
			break
		}
		last, ok = st, true
	}
	return last, ok
}

type personSkill struct {
	skill        string
	level, years int
	wantsToLearn bool
}

type plan struct {
	coops        map[string]*coopSpec
	proposals    []*plannedProposal // the data's and the generated past admissions
	persons      map[string]*personSpec
	projects     map[string]*projectSpec
	memberships  []*plannedMembership
	membershipOf map[[2]string]*plannedMembership // {person, coop}
	skills       map[string][]personSkill         // by person key
	// network decisions with the coop votes their COOP_VOTE proposals cast
	// (decisions.go), and the day each coop was founded.
	networkProposals []*plannedNetworkProposal
	founded          map[string]time.Time
}

func newPlan() (*plan, error) {
	p := &plan{
		coops:        map[string]*coopSpec{},
		persons:      map[string]*personSpec{},
		projects:     map[string]*projectSpec{},
		membershipOf: map[[2]string]*plannedMembership{},
		skills:       map[string][]personSkill{},
	}
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}

	for i := range demoCoops {
		c := &demoCoops[i]
		check(p.coops[c.key] == nil, "coop %q listed twice", c.key)
		p.coops[c.key] = c
	}
	skillSlugs := map[string]bool{}
	skillNames := map[string]bool{}
	for _, s := range demoSkills {
		slug := validate.Slugify(s.name)
		check(!skillSlugs[slug], "skill %q: name not unique", s.name)
		check(s.parent == "" || skillNames[s.parent], "skill %q: parent %q must be listed before it", s.name, s.parent)
		skillSlugs[slug], skillNames[s.name] = true, true
	}
	emails := map[string]bool{}
	for i := range demoPersons {
		ps := &demoPersons[i]
		check(p.persons[ps.key] == nil, "person %q listed twice", ps.key)
		p.persons[ps.key] = ps
		check(ps.email == strings.ToLower(ps.email) && validate.Email(ps.email) == nil, "person %q: bad e-mail %q", ps.key, ps.email)
		check(!emails[ps.email], "person %q: e-mail %q not unique", ps.key, ps.email)
		emails[ps.email] = true
		skills, err := parseSkills(ps.skills)
		check(err == nil, "person %q: %v", ps.key, err)
		check(len(skills) >= 3 && len(skills) <= 10, "person %q: %d skills, want 3-10", ps.key, len(skills))
		for _, s := range skills {
			check(skillNames[s.skill], "person %q: unknown skill %q", ps.key, s.skill)
		}
		p.skills[ps.key] = skills
		for _, a := range ps.avail {
			check(a.hours >= 1 && a.hours <= 168 && (a.until.IsZero() || !a.until.Before(a.from)), "person %q: bad availability", ps.key)
		}
	}

	for _, ms := range demoMemberships {
		_, ok := p.coops[ms.coop]
		check(ok && p.persons[ms.person] != nil, "membership %s@%s: unknown person or coop", ms.person, ms.coop)
		if !ok {
			continue
		}
		key := [2]string{ms.person, ms.coop}
		check(p.membershipOf[key] == nil, "membership %s@%s listed twice", ms.person, ms.coop)
		steps, err := parsePath(ms.path)
		if err != nil {
			check(false, "membership %s@%s: %v", ms.person, ms.coop, err)
			continue
		}
		// A membership begins as governance creates one: INTERESTED when the
		// person joins, MEMBER only when they found the coop.
		first := steps[0].state
		check(first == membership.StateINTERESTED && !ms.founder || first == membership.StateMEMBER && ms.founder,
			"membership %s@%s: begins %s; only founders begin as MEMBER, everyone else INTERESTED", ms.person, ms.coop, first)
		m := &plannedMembership{membershipSpec: ms, steps: steps}
		p.memberships = append(p.memberships, m)
		p.membershipOf[key] = m
	}
	for _, c := range demoCoops {
		m := p.membershipOf[[2]string{c.contact, c.key}]
		check(m != nil && m.state() == membership.StateMEMBER, "coop %q: contact %q is not a member", c.key, c.contact)
	}
	// Buddies and milestone counts need all memberships.
	for _, m := range p.memberships {
		name := m.person + "@" + m.coop
		if m.buddy != "" {
			b := p.membershipOf[[2]string{m.buddy, m.coop}]
			check(m.buddy != m.person && b != nil && b.state() == membership.StateMEMBER, "membership %s: buddy %q is not a member of the coop", name, m.buddy)
		}
		_, _, next, isCandidacy := m.candidacy()
		n := len(p.coops[m.coop].milestones)
		check(m.done <= n && m.verified <= m.done, "membership %s: milestones %d/%d of %d", name, m.verified, m.done, n)
		check(isCandidacy || (m.done == 0 && !m.buyIn), "membership %s: milestones or buy-in without candidacy", name)
		check(next != membership.StateMEMBER || m.done == 0, "membership %s: admitted members have all milestones; leave done at 0", name)
	}

	for _, g := range demoGroups {
		for _, k := range g.members {
			check(p.persons[k] != nil, "group %q: unknown person %q", g.name, k)
		}
		for _, k := range g.coops {
			check(p.coops[k] != nil, "group %q: unknown coop %q", g.name, k)
		}
	}

	for i := range demoProjects {
		pr := &demoProjects[i]
		p.projects[pr.key] = pr
		check(p.coops[pr.lead] != nil, "project %q: unknown lead coop %q", pr.key, pr.lead)
		check(pr.starts.Before(pr.ends), "project %q: ends before it starts", pr.key)
		needs := map[string]bool{}
		for _, n := range pr.needs {
			check(skillNames[n.skill] && !needs[n.skill], "project %q: unknown or repeated skill need %q", pr.key, n.skill)
			needs[n.skill] = true
		}
		allocated := pr.budgetCents * int64(pr.pmChargePercent) / 100
		for _, sh := range pr.shares {
			allocated += int64(sh.hours) * sh.rateCents
			check((sh.coop == "") != (sh.person == ""), "project %q: a share needs exactly one of coop and person", pr.key)
			check(sh.coop == "" || p.coops[sh.coop] != nil, "project %q: unknown coop %q", pr.key, sh.coop)
			check(sh.person == "" || (p.persons[sh.person] != nil && len(sh.workers) == 0), "project %q: bad person share %q", pr.key, sh.person)
			for _, w := range sh.workers {
				m := p.membershipOf[[2]string{w, sh.coop}]
				check(m != nil && m.state() == membership.StateMEMBER && m.stateAt(pr.starts) == membership.StateMEMBER,
					"project %q: worker %q is not a member of %q for the whole project", pr.key, w, sh.coop)
			}
		}
		check(allocated <= pr.budgetCents, "project %q: shares and PM charge (%d) exceed the budget (%d)", pr.key, allocated, pr.budgetCents)
	}

	if len(errs) > 0 {
		return nil, errors.Join(errs...) // the checks below need consistent memberships
	}
	p.founded = map[string]time.Time{}
	for _, m := range p.memberships {
		if m.founder && (p.founded[m.coop].IsZero() || m.steps[0].at.Before(p.founded[m.coop])) {
			p.founded[m.coop] = m.steps[0].at
		}
	}
	for _, ns := range demoNetworkProposals {
		p.networkProposals = append(p.networkProposals, &plannedNetworkProposal{networkProposalSpec: ns})
	}
	for _, ps := range append(p.pastAdmissions(), demoProposals...) {
		pp, perrs := p.checkProposal(ps)
		errs = append(errs, perrs...)
		p.proposals = append(p.proposals, pp)
	}
	errs = append(errs, p.checkDecisions()...) // decisions.go
	for _, m := range p.memberships {
		errs = append(errs, p.checkSteps(m)...)
	}
	return p, errors.Join(errs...)
}

// checkSteps asks the pathway state machine whether each step of a history
// was allowed when it happened, with the facts of that day.
func (p *plan) checkSteps(m *plannedMembership) []error {
	var errs []error
	for _, st := range m.steps[1:] {
		f := p.facts(m, st.at)
		if st.via == pathway.Admit || st.via == pathway.Decline {
			// Both happen only as the effect of an admission proposal closing.
			if pp := p.admissionClosingAt(m, st.at); pp != nil {
				f.AdmissionPassed, f.AdmissionFailed = pp.outcome.Passed, !pp.outcome.Passed
			}
		}
		if _, err := pathway.Check(f, st.via); err != nil {
			errs = append(errs, fmt.Errorf("membership %s@%s on %s: %w", m.person, m.coop, st.at.Format(time.DateOnly), err))
		}
	}
	return errs
}

// facts is what the pathway's guards read about m at t, before any step at t:
// as governance gathers them from the database, here from the plan.
func (p *plan) facts(m *plannedMembership, t time.Time) pathway.Facts {
	c := p.coops[m.coop]
	cur, _ := m.stepBefore(t)
	f := pathway.Facts{
		State:      pathway.State(cur.state),
		StateSince: cur.at,
		Now:        t,
		Bylaws: pathway.Bylaws{
			CandidacyDays:             c.candidacyDays,
			FreelancerRightToJoinDays: c.rightToJoinDays,
			BuyInCents:                c.buyInCents,
		},
		// A buddy counts while they are a member of the coop.
		BuddyAssigned: m.buddy != "" && p.memberBefore(m.buddy, m.coop, t),
	}
	for i, ms := range c.milestones {
		if ms.optional {
			continue
		}
		f.RequiredMilestones++
		for _, pm := range m.milestones(len(c.milestones)) {
			if pm.index == i && pm.isVerified && !pm.verified.After(t) {
				f.VerifiedMilestones++
			}
		}
	}
	if at, ok := m.buyInAt(); ok && !at.After(t) {
		f.BuyInRecorded = true
	}
	return f
}

// admissionClosingAt is the closed ADMISSION proposal about m that closed at t.
func (p *plan) admissionClosingAt(m *plannedMembership, t time.Time) *plannedProposal {
	for _, pp := range p.proposals {
		if pp.kind == proposal.KindADMISSION && pp.status != proposal.StatusOPEN &&
			pp.coop == m.coop && pp.member == m.person && pp.closes.Equal(t) {
			return pp
		}
	}
	return nil
}

// pastAdmissions are the admission proposals behind the members admitted
// before the demo's own proposals: under the bylaws nobody becomes MEMBER
// without a passed admission vote. Each opens when the candidacy allows it
// (at most two weeks before the admission) and every member of the day votes YES.
func (p *plan) pastAdmissions() []proposalSpec {
	var out []proposalSpec
	for _, m := range p.memberships {
		start, end, next, ok := m.candidacy()
		if !ok || next != membership.StateMEMBER ||
			slices.ContainsFunc(demoProposals, func(ps proposalSpec) bool {
				return ps.kind == proposal.KindADMISSION && ps.coop == m.coop && ps.member == m.person
			}) {
			continue
		}
		c := p.coops[m.coop]
		opened := end.AddDate(0, 0, -14)
		if eligible := start.AddDate(0, 0, c.candidacyDays); eligible.After(opened) {
			opened = eligible
		}
		author := c.contact
		if m.buddy != "" && p.memberAt(m.buddy, m.coop, opened) {
			author = m.buddy
		}
		var votes []string
		for _, o := range p.memberships {
			if o.coop == m.coop && p.memberAt(o.person, o.coop, opened) && p.memberBefore(o.person, o.coop, end) {
				votes = append(votes, o.person+":YES")
			}
		}
		name := p.persons[m.person].name
		out = append(out, proposalSpec{coop: m.coop, kind: proposal.KindADMISSION, member: m.person, author: author,
			opened: opened, closes: end, status: proposal.StatusPASSED,
			title: "Admit " + name + " as a member",
			body:  strings.Fields(name)[0] + " has finished the candidacy; the milestones are verified and the buy-in is paid.",
			votes: strings.Join(votes, " ")})
	}
	return out
}

// plannedProposal is a proposal of the plan with its parsed votes and, when
// closed, the outcome decision.Decide gives them.
type plannedProposal struct {
	proposalSpec
	votes   []plannedVote
	outcome decision.Outcome
}

// checkProposal checks a proposal as governance would have let it happen:
// opened by a member, an admission only when everything but the vote is in
// place, votes by members, and a closed proposal's status as decided by
// decision.Decide over the coop's members at closing.
func (p *plan) checkProposal(ps proposalSpec) (*plannedProposal, []error) {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("proposal %q: "+format, append([]any{ps.title}, args...)...))
		}
	}
	pp := &plannedProposal{proposalSpec: ps}
	c := p.coops[ps.coop]
	if c == nil {
		return pp, []error{fmt.Errorf("proposal %q: unknown coop %q", ps.title, ps.coop)}
	}
	open := ps.status == proposal.StatusOPEN
	// The rule the coop's bylaws give the kind, frozen when it opened (the
	// demo's bylaws changes leave the decision rules as they were founded).
	rule := coopRule(c, ps.kind)
	check(ps.opened.Before(ps.closes) && ps.opened.Before(ReferenceDate), "bad dates")
	check(!ps.closes.Before(ps.opened.AddDate(0, 0, rule.MinVotingDays)), "closes before the %d days of voting the bylaws give %s", rule.MinVotingDays, ps.kind)
	check((ps.kind == proposal.KindBYLAWS) == (ps.bylaws != nil), "BYLAWS proposals, and only they, carry a bylaws change")
	check((ps.kind == proposal.KindCOOP_VOTE) == (ps.parent != ""), "COOP_VOTE proposals, and only they, name their network proposal")
	byShareHolders := ps.electorate == proposal.ElectorateSHARE_HOLDERS
	check(ps.electorate == "" || ps.electorate == proposal.ElectorateMEMBERS || byShareHolders, "electorate %s: coops vote on network proposals only", ps.electorate)
	check(open == ps.closes.After(ReferenceDate), "open proposals close after the reference date, closed ones before")
	check(p.memberAt(ps.author, ps.coop, ps.opened), "author %q is not a member", ps.author)

	switch ps.kind {
	case proposal.KindADMISSION:
		m := p.membershipOf[[2]string{ps.member, ps.coop}]
		if m == nil {
			check(false, "unknown candidate %q", ps.member)
			break
		}
		// As governance.CreateProposal: everything but the vote is in place.
		f := p.facts(m, ps.opened)
		f.AdmissionPassed = true
		_, err := pathway.Check(f, pathway.Admit)
		check(err == nil, "opened for %q: %v", ps.member, err)
		_, end, next, _ := m.candidacy()
		switch ps.status {
		case proposal.StatusOPEN:
			check(next == "", "%q is no longer a candidate", ps.member)
		case proposal.StatusPASSED:
			check(next == membership.StateMEMBER && end.Equal(ps.closes), "%q must become MEMBER when it closes", ps.member)
		case proposal.StatusREJECTED:
			check(next == membership.StateFREELANCER && end.Equal(ps.closes), "%q must return to FREELANCER when it closes", ps.member)
		}
	case proposal.KindBUDGET, proposal.KindPROJECT_GENERAL:
		pr := p.projects[ps.project]
		check(pr != nil && pr.lead == ps.coop, "project %q is not led by the coop", ps.project)
		if byShareHolders {
			// As governance opens it: the project's share holders decide it
			// now; and the demo plans only the freelancers' votes in person.
			check(pr != nil && pr.deciders == project.DecidersSHARE_HOLDERS, "project %q is decided by its lead coop", ps.project)
			check(open, "the demo's share-holder decisions are open (their coop votes are not planned)")
		}
	case proposal.KindCOOP_VOTE:
		np := p.networkProposal(ps.parent)
		if np == nil {
			check(false, "unknown network proposal %q", ps.parent)
			break
		}
		// As governance.ProposeCoopVote: while the network decision takes
		// votes, closing before it, by a coop whose members decide its vote.
		check(!ps.opened.Before(np.opened) && ps.closes.Before(np.closes) && !open,
			"a COOP_VOTE opens while its network proposal is open and closes before it (the demo's are closed)")
		check(networkVotesAt(ps.coop, ps.opened) == coop.NetworkVotesINTERNAL_PROPOSAL, "the coop's bylaws have its delegate cast its vote")
	case proposal.KindBYLAWS:
		if b := ps.bylaws; b != nil {
			check((b.networkVotes == coop.NetworkVotesDELEGATE) == (b.delegate != ""), "a delegate is named exactly when the delegate votes")
			check(b.delegate == "" || p.memberBefore(b.delegate, ps.coop, ps.closes), "delegate %q is not a member", b.delegate)
		}
	default:
		check(ps.member == "" && ps.project == "", "only ADMISSION, BUDGET and PROJECT_GENERAL proposals refer to a candidate or project")
	}
	check(ps.project != "" || !byShareHolders, "only a project's decisions have its share holders vote")

	votes, err := parseVotes(ps.votes)
	check(err == nil, "%v", err)
	pp.votes = votes
	// Members vote while they are members, and a vote counts only if its
	// voter is still a member when the proposal closes (governance.CloseProposal).
	closing := ReferenceDate
	if !open {
		closing = ps.closes
	}
	var count decision.Count
	for i, v := range votes {
		cast := voteCastAt(ps, i)
		if byShareHolders {
			// Members vote through their coop; freelancers holding a share in person.
			check(p.holdsPersonShare(v.voter, ps.project), "voter %q holds no share of %q in person", v.voter, ps.project)
		} else {
			check(p.memberAt(v.voter, ps.coop, cast) && p.memberBefore(v.voter, ps.coop, closing),
				"voter %q is not a member from the vote to the close", v.voter)
		}
		check(cast.Before(ps.closes) && cast.Before(ReferenceDate), "vote of %q is cast too late", v.voter)
		check(count.Add(decision.Choice(v.choice)) == nil, "vote of %q: unknown choice %s", v.voter, v.choice)
	}
	if !open {
		eligible := 0
		for _, m := range p.memberships {
			if m.coop == ps.coop && p.memberBefore(m.person, m.coop, ps.closes) {
				eligible++
			}
		}
		pp.outcome, err = decision.Decide(rule, eligible, count)
		check(err == nil, "%v", err)
		got := proposal.StatusREJECTED
		if pp.outcome.Passed {
			got = proposal.StatusPASSED
		}
		check(got == ps.status, "decision.Decide gives %s (%s), data says %s", got, pp.outcome.Reason, ps.status)
	}
	return pp, errs
}

func (p *plan) memberAt(person, coop string, t time.Time) bool {
	m := p.membershipOf[[2]string{person, coop}]
	return m != nil && m.stateAt(t) == membership.StateMEMBER
}

// memberBefore: a member just before t, not counting a step at t itself
// (a candidate admitted by a proposal closing at t did not vote on it).
func (p *plan) memberBefore(person, coop string, t time.Time) bool {
	m := p.membershipOf[[2]string{person, coop}]
	if m == nil {
		return false
	}
	st, ok := m.stepBefore(t)
	return ok && st.state == membership.StateMEMBER
}

// voteCastAt spreads the votes over the first days of the voting period, or
// over its first day when it is shorter than that.
func voteCastAt(ps proposalSpec, i int) time.Time {
	at := ps.opened.AddDate(0, 0, i+1).Add(9*time.Hour + time.Duration(i)*47*time.Minute)
	if !at.Before(ps.closes) {
		at = ps.opened.Add(9*time.Hour + time.Duration(i)*47*time.Minute)
	}
	return at
}

// parsePath parses "STATE yyyy-mm-dd > STATE yyyy-mm-dd > ..." and names the
// pathway transition behind each step; a step no transition makes is refused.
func parsePath(s string) ([]step, error) {
	var steps []step
	prev := membership.State("")
	for part := range strings.SplitSeq(s, ">") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return nil, fmt.Errorf("bad path step %q", part)
		}
		st := membership.State(f[0])
		if err := membership.StateValidator(st); err != nil {
			return nil, fmt.Errorf("path step %q: %w", part, err)
		}
		at, err := time.Parse(time.DateOnly, f[1])
		if err != nil {
			return nil, fmt.Errorf("path step %q: %w", part, err)
		}
		var via pathway.Transition
		if len(steps) > 0 {
			for _, t := range pathway.From(pathway.State(prev)) {
				if to, _ := pathway.Target(t); to == pathway.State(st) {
					via = t // the first: LEAVE before EXCLUDE (which needs a passed decision)
					break
				}
			}
			if via == "" {
				return nil, fmt.Errorf("no pathway transition from %s to %s (from %s: %v)", prev, st, prev, pathway.From(pathway.State(prev)))
			}
		}
		if (len(steps) > 0 && !at.After(steps[len(steps)-1].at)) || !at.Before(ReferenceDate) {
			return nil, fmt.Errorf("path step %q: dates must increase and lie before %s", part, ReferenceDate.Format(time.DateOnly))
		}
		steps = append(steps, step{state: st, at: at, via: via})
		prev = st
	}
	return steps, nil
}

// parseSkills parses "Name level/years, ~Name level/years, ...".
func parseSkills(s string) ([]personSkill, error) {
	var out []personSkill
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		i := strings.LastIndexByte(item, ' ')
		if i < 0 {
			return nil, fmt.Errorf("bad skill %q", item)
		}
		ps := personSkill{skill: item[:i]}
		if rest, ok := strings.CutPrefix(ps.skill, "~"); ok {
			ps.skill, ps.wantsToLearn = rest, true
		}
		level, years, ok := strings.Cut(item[i+1:], "/")
		var err1, err2 error
		ps.level, err1 = strconv.Atoi(level)
		ps.years, err2 = strconv.Atoi(years)
		if !ok || err1 != nil || err2 != nil || ps.level < 1 || ps.level > 5 || ps.years < 0 {
			return nil, fmt.Errorf("bad skill level %q", item)
		}
		if slices.ContainsFunc(out, func(o personSkill) bool { return o.skill == ps.skill }) {
			return nil, fmt.Errorf("skill %q listed twice", ps.skill)
		}
		out = append(out, ps)
	}
	return out, nil
}

type plannedVote struct {
	voter  string
	choice vote.Choice
}

// parseVotes parses "person:CHOICE person:CHOICE ...".
func parseVotes(s string) ([]plannedVote, error) {
	var out []plannedVote
	for _, f := range strings.Fields(s) {
		voter, choice, ok := strings.Cut(f, ":")
		v := plannedVote{voter: voter, choice: vote.Choice(choice)}
		if !ok || vote.ChoiceValidator(v.choice) != nil {
			return nil, fmt.Errorf("bad vote %q", f)
		}
		if slices.ContainsFunc(out, func(o plannedVote) bool { return o.voter == voter }) {
			return nil, fmt.Errorf("%q votes twice", voter)
		}
		out = append(out, v)
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// Seeder: writes the plan.

type seeder struct {
	tx   *ent.Tx
	plan *plan
	rng  *rand.Rand
	copy int // see SeedCopy
	// before: seed as SeedBeforeDecisions does (decisions.go's data left out).
	before bool
	// shift moves every date of the data (Options.Shift); the plan and its
	// checks keep the dates of data.go, the seeder writes them moved.
	shift time.Duration

	network   *ent.Network
	coops     map[string]*ent.Coop
	persons   map[string]*ent.Person
	skills    map[string]*ent.Skill
	templates map[string][]*ent.MilestoneTemplate
	projects  map[string]*ent.Project
	shares    []createdShare
	// admissions maps a membership to the closed ADMISSION proposal that ended its candidacy.
	admissions map[*plannedMembership]*ent.Proposal
	// proposals are the coops' created proposals, networkProposals the
	// network's by title (decisions.go).
	proposals        map[*plannedProposal]*ent.Proposal
	networkProposals map[string]*ent.Proposal
}

type createdShare struct {
	project *projectSpec
	spec    shareSpec
	id      int
}

func (s *seeder) run(ctx context.Context) error {
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"network", s.createNetwork},
		{"coops", s.createCoops},
		{"skills", s.createSkills},
		{"persons", s.createPersons},
		{"endorsements", s.createEndorsements},
		{"groups", s.createGroups},
		{"memberships", s.createMemberships},
		{"projects", s.createProjects},
		{"network proposals", s.createNetworkProposals},
		{"proposals", s.createProposals},
		{"coop votes, bylaws versions and discussions", s.createDecisionRecords},
		{"pathway events", s.createPathwayEvents},
		{"milestone progress", s.createMilestoneProgress},
		{"time entries", s.createTimeEntries},
		{"money", s.createMoney},
	}
	for _, st := range steps {
		if s.before && (st.name == "network proposals" || st.name == "coop votes, bylaws versions and discussions" || st.name == "money") {
			continue
		}
		if err := st.fn(ctx); err != nil {
			return fmt.Errorf("demo: create %s: %w", st.name, err)
		}
	}
	return nil
}

// unique marks a unique value as belonging to copy s.copy (copy 0: as is).
func (s *seeder) unique(v, sep string) string {
	if s.copy == 0 {
		return v
	}
	return fmt.Sprintf("%s%s%d", v, sep, s.copy)
}

func (s *seeder) email(e string) string {
	if s.copy == 0 {
		return e
	}
	at := strings.IndexByte(e, '@')
	return fmt.Sprintf("%s+%d%s", e[:at], s.copy, e[at:])
}

func (s *seeder) createNetwork(ctx context.Context) error {
	b := s.tx.Network.Create()
	if !s.before {
		networkBylaws(b)
	}
	n, err := b.
		SetName(s.unique(demoNetwork.name, " #")).
		SetSlug(s.unique(demoNetwork.slug, "-")).
		SetDescription(demoNetwork.description).
		SetEtiquette(demoNetwork.etiquette).
		SetSelfSignUp(false).
		Save(ctx)
	if ent.IsConstraintError(err) {
		return ErrAlreadySeeded // a concurrent Seed won the race
	}
	s.network = n
	return err
}

func (s *seeder) createCoops(ctx context.Context) error {
	s.coops = map[string]*ent.Coop{}
	s.templates = map[string][]*ent.MilestoneTemplate{}
	for _, c := range demoCoops {
		b := s.tx.Coop.Create()
		if len(c.decisionRules) > 0 && !s.before {
			b.SetDecisionRules(c.decisionRules)
		}
		if c.bylawsText != "" && !s.before {
			b.SetBylawsText(c.bylawsText)
		}
		created, err := b.
			SetName(s.unique(c.name, " #")).
			SetSlug(s.unique(c.slug, "-")).
			SetLegalForm(c.legalForm).
			SetCity(c.city).
			SetWebsite(c.website).
			SetDescription(c.description).
			SetCandidacyDays(c.candidacyDays).
			SetFreelancerRightToJoinDays(c.rightToJoinDays).
			SetAdmissionRule(c.rule).
			SetQuorumPercent(c.quorumPercent).
			SetBuyInCents(c.buyInCents).
			SetSurplusSharePercent(c.surplusSharePercent).
			SetBudgetChangeThresholdCents(c.budgetChangeThresholdCents).
			SetMonthlyDuesCents(c.monthlyDuesCents).
			SetOverheadLevyBasisPoints(c.levyBasisPoints).
			SetCurrency("EUR").
			SetCreatedAt(s.at(s.plan.founded[c.key])). // version 1 of the bylaws is dated the founding
			AddNetworks(s.network).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", c.key, err)
		}
		s.coops[c.key] = created
		builders := make([]*ent.MilestoneTemplateCreate, len(c.milestones))
		for i, ms := range c.milestones {
			builders[i] = s.tx.MilestoneTemplate.Create().
				SetCoopID(created.ID).
				SetName(ms.name).
				SetDescription(ms.description).
				SetRequired(!ms.optional).
				SetPosition(i)
		}
		if s.templates[c.key], err = s.tx.MilestoneTemplate.CreateBulk(builders...).Save(ctx); err != nil {
			return fmt.Errorf("%s milestones: %w", c.key, err)
		}
	}
	return nil
}

// createSkills creates skills in list order, so parents exist before their children.
// Slugs are left to the schema hook, which derives them from the names.
func (s *seeder) createSkills(ctx context.Context) error {
	s.skills = map[string]*ent.Skill{}
	for _, sk := range demoSkills {
		b := s.tx.Skill.Create().
			SetNetworkID(s.network.ID).
			SetName(sk.name).
			SetCompetenceArea(sk.area)
		if len(sk.aliases) > 0 {
			b.SetAliases(sk.aliases)
		}
		if sk.description != "" {
			b.SetDescription(sk.description)
		}
		if sk.parent != "" {
			b.SetParentID(s.skills[sk.parent].ID)
		}
		created, err := b.Save(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", sk.name, err)
		}
		s.skills[sk.name] = created
	}
	return nil
}

// createPersons creates the persons with their network participation, skills and availability.
func (s *seeder) createPersons(ctx context.Context) error {
	builders := make([]*ent.PersonCreate, len(demoPersons))
	for i, ps := range demoPersons {
		b := s.tx.Person.Create().
			SetName(ps.name).
			SetEmail(s.email(ps.email)).
			SetSubject(s.unique("demo:"+ps.key, "#")).
			SetCity(ps.city).
			SetBio(ps.bio).
			SetRateCurrency("EUR")
		if ps.rateCents > 0 {
			b.SetHourlyRateCents(ps.rateCents)
		}
		builders[i] = b
	}
	persons, err := s.tx.Person.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return err
	}
	s.persons = map[string]*ent.Person{}
	var (
		participations []*ent.NetworkMembershipCreate
		skills         []*ent.PersonSkillCreate
		avails         []*ent.AvailabilityCreate
	)
	for i, ps := range demoPersons {
		id := persons[i].ID
		s.persons[ps.key] = persons[i]
		role := networkmembership.RolePARTICIPANT
		if ps.admin {
			role = networkmembership.RoleADMIN
		}
		participations = append(participations, s.tx.NetworkMembership.Create().
			SetNetworkID(s.network.ID).
			SetPersonID(id).
			SetRole(role).
			SetJoinedAt(s.at(s.plan.networkJoin(ps))))
		for _, sk := range s.plan.skills[ps.key] {
			skills = append(skills, s.tx.PersonSkill.Create().
				SetPersonID(id).
				SetSkillID(s.skills[sk.skill].ID).
				SetLevel(sk.level).
				SetYears(sk.years).
				SetWantsToLearn(sk.wantsToLearn))
		}
		for _, a := range ps.avail {
			b := s.tx.Availability.Create().
				SetPersonID(id).
				SetHoursPerWeek(a.hours).
				SetAvailableFrom(s.at(a.from))
			if !a.until.IsZero() {
				b.SetAvailableUntil(s.at(a.until))
			}
			if a.note != "" {
				b.SetNote(a.note)
			}
			avails = append(avails, b)
		}
	}
	if err := s.tx.NetworkMembership.CreateBulk(participations...).Exec(ctx); err != nil {
		return fmt.Errorf("network memberships: %w", err)
	}
	if err := s.tx.PersonSkill.CreateBulk(skills...).Exec(ctx); err != nil {
		return fmt.Errorf("person skills: %w", err)
	}
	if err := s.tx.Availability.CreateBulk(avails...).Exec(ctx); err != nil {
		return fmt.Errorf("availabilities: %w", err)
	}
	return nil
}

// createEndorsements lets participants vouch for each other's skills (never
// their own, once each) and keeps each person skill's count.
func (s *seeder) createEndorsements(ctx context.Context) error {
	for _, e := range demoEndorsements {
		ps, err := s.tx.PersonSkill.Query().
			Where(personskill.PersonID(s.persons[e.person].ID), personskill.SkillID(s.skills[e.skill].ID)).Only(ctx)
		if err != nil {
			return fmt.Errorf("%s's %s: %w", e.person, e.skill, err)
		}
		for _, by := range e.by {
			if by == e.person {
				return fmt.Errorf("%s endorses their own %s", by, e.skill)
			}
			if err := s.tx.Endorsement.Create().SetPersonSkillID(ps.ID).SetEndorserID(s.persons[by].ID).
				SetCreatedAt(s.at(ReferenceDate.AddDate(0, 0, -7))).Exec(ctx); err != nil {
				return fmt.Errorf("%s endorsing %s's %s: %w", by, e.person, e.skill, err)
			}
		}
		if err := ps.Update().SetEndorsementCount(len(e.by)).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// networkJoin is the given join date, or else the person's first pathway step.
func (p *plan) networkJoin(ps personSpec) time.Time {
	joined := ps.joined
	for _, m := range p.memberships {
		if m.person == ps.key && (joined.IsZero() || m.steps[0].at.Before(joined)) {
			joined = m.steps[0].at
		}
	}
	if joined.IsZero() {
		return ReferenceDate.AddDate(0, 0, -1)
	}
	return joined
}

func (s *seeder) createGroups(ctx context.Context) error {
	for _, g := range demoGroups {
		members, coops := slices.Clone(g.members), slices.Clone(g.coops)
		if g.city != "" {
			for _, ps := range demoPersons {
				if ps.city == g.city && !slices.Contains(members, ps.key) {
					members = append(members, ps.key)
				}
			}
			for _, c := range demoCoops {
				if c.city == g.city && !slices.Contains(coops, c.key) {
					coops = append(coops, c.key)
				}
			}
		}
		b := s.tx.Group.Create().
			SetNetworkID(s.network.ID).
			SetKind(g.kind).
			SetName(g.name).
			SetDescription(g.description)
		if g.city != "" {
			b.SetCity(g.city)
		}
		for _, k := range members {
			b.AddMembers(s.persons[k])
		}
		for _, k := range coops {
			b.AddCoops(s.coops[k])
		}
		if err := b.Exec(ctx); err != nil {
			return fmt.Errorf("%s: %w", g.name, err)
		}
	}
	return nil
}

func (s *seeder) createMemberships(ctx context.Context) error {
	builders := make([]*ent.MembershipCreate, len(s.plan.memberships))
	for i, m := range s.plan.memberships {
		last := m.steps[len(m.steps)-1]
		b := s.tx.Membership.Create().
			SetPersonID(s.persons[m.person].ID).
			SetCoopID(s.coops[m.coop].ID).
			SetState(last.state).
			SetStateSince(s.at(last.at)).
			SetJoinedAt(s.at(m.steps[0].at))
		if m.buddy != "" {
			b.SetBuddyID(s.persons[m.buddy].ID)
		}
		if at, ok := m.buyInAt(); ok {
			b.SetBuyInRecordedAt(s.at(at)).SetBuyInPaidCents(s.plan.coops[m.coop].buyInCents)
		}
		builders[i] = b
	}
	created, err := s.tx.Membership.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return err
	}
	for i, m := range s.plan.memberships {
		m.id = created[i].ID
	}
	return nil
}

// buyInAt is when the buy-in was recorded: on founding for founders, a month
// into the candidacy for later members, two weeks into it for candidates who paid.
func (m *plannedMembership) buyInAt() (time.Time, bool) {
	start, _, next, ok := m.candidacy()
	switch {
	case m.founder:
		for _, st := range m.steps {
			if st.state == membership.StateMEMBER {
				return st.at, true
			}
		}
	case ok && next == membership.StateMEMBER:
		return start.AddDate(0, 0, 30), true
	case ok && m.buyIn:
		return start.AddDate(0, 0, 14), true
	}
	return time.Time{}, false
}

func (s *seeder) createProjects(ctx context.Context) error {
	s.projects = map[string]*ent.Project{}
	for i := range demoProjects {
		pr := &demoProjects[i]
		deciders := pr.deciders
		if s.before {
			deciders = ""
		}
		created, err := s.tx.Project.Create().
			SetLeadCoopID(s.coops[pr.lead].ID).
			SetNetworkID(s.network.ID).
			SetName(pr.name).
			SetClientName(pr.client).
			SetDescription(pr.description).
			SetStatus(pr.status).
			SetTotalBudgetCents(pr.budgetCents).
			SetCurrency("EUR").
			SetPmChargePercent(pr.pmChargePercent).
			SetStartsOn(s.at(pr.starts)).
			SetEndsOn(s.at(pr.ends)).
			SetNillableDeciders(nilIfEmpty(deciders)).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", pr.key, err)
		}
		s.projects[pr.key] = created
		needs := make([]*ent.ProjectSkillNeedCreate, len(pr.needs))
		for j, n := range pr.needs {
			needs[j] = s.tx.ProjectSkillNeed.Create().
				SetProjectID(created.ID).
				SetSkillID(s.skills[n.skill].ID).
				SetMinLevel(n.minLevel).
				SetHoursPerWeek(n.hours).
				SetHeadcount(n.headcount)
		}
		if err := s.tx.ProjectSkillNeed.CreateBulk(needs...).Exec(ctx); err != nil {
			return fmt.Errorf("%s skill needs: %w", pr.key, err)
		}
		shares := make([]*ent.BudgetShareCreate, len(pr.shares))
		for j, sh := range pr.shares {
			b := s.tx.BudgetShare.Create().
				SetProjectID(created.ID).
				SetAmountCents(int64(sh.hours) * sh.rateCents).
				SetHourlyRateCents(sh.rateCents).
				SetPlannedMinutes(sh.hours * 60).
				SetCurrency(created.Currency).
				SetDescription(sh.description).
				// Shares exist from the project's start: time is logged
				// only from the day a share exists (issue 17).
				SetCreatedAt(s.at(pr.starts))
			if sh.coop != "" {
				b.SetCoopID(s.coops[sh.coop].ID)
			} else {
				b.SetPersonID(s.persons[sh.person].ID)
			}
			shares[j] = b
		}
		saved, err := s.tx.BudgetShare.CreateBulk(shares...).Save(ctx)
		if err != nil {
			return fmt.Errorf("%s budget shares: %w", pr.key, err)
		}
		for j, sh := range pr.shares {
			s.shares = append(s.shares, createdShare{project: pr, spec: sh, id: saved[j].ID})
		}
	}
	return nil
}

func (s *seeder) createProposals(ctx context.Context) error {
	s.admissions = map[*plannedMembership]*ent.Proposal{}
	s.proposals = map[*plannedProposal]*ent.Proposal{}
	for _, ps := range s.plan.proposals {
		c := s.plan.coops[ps.coop]
		if s.before && (ps.kind == proposal.KindCOOP_VOTE || ps.kind == proposal.KindBYLAWS || ps.kind == proposal.KindPROJECT_GENERAL) {
			continue
		}
		b := s.tx.Proposal.Create().
			SetCoopID(s.coops[ps.coop].ID).
			SetKind(ps.kind).
			SetTitle(ps.title).
			SetBody(ps.body).
			SetStatus(ps.status).
			SetOpenedAt(s.at(ps.opened)).
			SetClosesAt(openUntil(ctx, ps.status, s.at(ps.closes))).
			SetAuthorID(s.persons[ps.author].ID).
			SetNillableElectorate(nilIfEmpty(ps.electorate))
		if r := coopRule(c, ps.kind); s.before {
			b.SetRule(proposal.Rule(r.Method)).SetQuorumPercent(r.QuorumPercent)
		} else {
			governance.CopyRule(b, r)
		}
		if ps.status != proposal.StatusOPEN {
			b.SetClosedAt(s.at(ps.closes))
			reason := ps.outcome.Reason
			if ps.kind == proposal.KindCOOP_VOTE {
				reason += "; the coop votes " + string(coopChoice(ps.outcome))
			}
			if !s.before {
				b.SetCloseReason(reason)
			}
		}
		if ps.parent != "" {
			b.SetParentID(s.networkProposals[ps.parent].ID)
		}
		if bl := ps.bylaws; bl != nil {
			ch := bylaws.Change{}
			if bl.networkVotes != "" {
				v := string(bl.networkVotes)
				ch.NetworkVotes = &v
			}
			if bl.delegate != "" {
				ch.NetworkDelegateID = &s.persons[bl.delegate].ID
			}
			if bl.text != "" {
				ch.Text = &bl.text
			}
			b.SetBylawsChange(ch)
		}
		var candidate *plannedMembership
		if ps.member != "" {
			candidate = s.plan.membershipOf[[2]string{ps.member, ps.coop}]
			b.SetMembershipID(candidate.id)
		}
		if ps.project != "" {
			b.SetProjectID(s.projects[ps.project].ID)
		}
		created, err := b.Save(ctx)
		if err != nil {
			return fmt.Errorf("%q: %w", ps.title, err)
		}
		if candidate != nil && ps.status != proposal.StatusOPEN {
			s.admissions[candidate] = created
		}
		s.proposals[ps] = created
		builders := make([]*ent.VoteCreate, len(ps.votes))
		for i, v := range ps.votes {
			builders[i] = s.tx.Vote.Create().
				SetProposalID(created.ID).
				SetVoterID(s.persons[v.voter].ID).
				SetChoice(v.choice).
				SetCastAt(s.at(voteCastAt(ps.proposalSpec, i)))
			if r := ps.reasons[v.voter]; r != "" {
				builders[i].SetReason(r)
			}
		}
		if err := s.tx.Vote.CreateBulk(builders...).Exec(ctx); err != nil {
			return fmt.Errorf("%q votes: %w", ps.title, err)
		}
	}
	return nil
}

// createPathwayEvents writes each membership's history. The first event has no
// from-state; the end of a candidacy decided by a vote refers to its proposal.
func (s *seeder) createPathwayEvents(ctx context.Context) error {
	var builders []*ent.PathwayEventCreate
	for _, m := range s.plan.memberships {
		contact := s.plan.coops[m.coop].contact
		for i, st := range m.steps {
			b := s.tx.PathwayEvent.Create().
				SetMembershipID(m.id).
				SetToState(pathwayevent.ToState(st.state)).
				SetAt(s.at(st.at))
			from := membership.State("")
			if i > 0 {
				from = m.steps[i-1].state
				b.SetFromState(pathwayevent.FromState(from))
			}
			actor, reason := m.person, defaultReason(from, st.state)
			switch {
			case st.state == membership.StateFREELANCER && from == membership.StateINTERESTED && contact != m.person:
				actor = contact // the coop takes the person on for a first project
			case from == membership.StateCANDIDATE && (st.state == membership.StateMEMBER || st.state == membership.StateFREELANCER):
				if p := s.admissions[m]; p != nil && p.ClosesAt.Equal(s.at(st.at)) {
					actor = ""
					b.SetProposalID(p.ID)
				} else if contact != m.person {
					actor = contact
				}
			}
			if m.founder && st.state == membership.StateMEMBER {
				reason = "Founding member: the coop was founded"
			}
			if i == len(m.steps)-1 && m.reason != "" {
				reason = m.reason
			}
			if actor != "" {
				b.SetActorID(s.persons[actor].ID)
			}
			builders = append(builders, b.SetReason(reason))
		}
	}
	return s.tx.PathwayEvent.CreateBulk(builders...).Exec(ctx)
}

func defaultReason(from, to membership.State) string {
	switch {
	case from == "":
		return "Got to know the coop through the network"
	case to == membership.StateFREELANCER && from == membership.StateINTERESTED:
		return "First project together with the coop"
	case to == membership.StateFREELANCER:
		return "Admission vote did not pass; continues as a freelancer"
	case to == membership.StateCANDIDATE:
		return "Applied for candidacy under the freelancer right to join"
	case to == membership.StateMEMBER && from == membership.StatePAUSED:
		return "Back from the break"
	case to == membership.StateMEMBER:
		return "Admitted by the members"
	case to == membership.StatePAUSED:
		return "Paused the membership"
	default:
		return "Left the coop"
	}
}

// plannedMilestone is progress on the coop's index-th milestone.
type plannedMilestone struct {
	index               int
	completed, verified time.Time
	isVerified          bool
}

// milestones is the progress of everyone who was a candidate, spread over
// the candidacy: all n milestones verified for those who became members, as
// given for the others. Founders skip the milestones.
func (m *plannedMembership) milestones(n int) []plannedMilestone {
	start, end, next, ok := m.candidacy()
	if !ok || m.founder {
		return nil
	}
	done, verified := m.done, m.verified
	if next == membership.StateMEMBER {
		done, verified = n, n
	}
	slot := end.Sub(start) / time.Duration(n+2)
	out := make([]plannedMilestone, done)
	for i := range out {
		completed := start.Add(slot * time.Duration(i+1)).Truncate(day)
		out[i] = plannedMilestone{index: i, completed: completed, isVerified: i < verified}
		if out[i].isVerified {
			out[i].verified = completed.Add(slot / 2).Truncate(day)
		}
	}
	return out
}

// createMilestoneProgress records the planned milestone progress.
func (s *seeder) createMilestoneProgress(ctx context.Context) error {
	var builders []*ent.MilestoneProgressCreate
	for _, m := range s.plan.memberships {
		templates := s.templates[m.coop]
		for _, pm := range m.milestones(len(templates)) {
			b := s.tx.MilestoneProgress.Create().
				SetMembershipID(m.id).
				SetTemplateID(templates[pm.index].ID).
				SetCompletedAt(s.at(pm.completed))
			if pm.isVerified {
				verifier, err := s.verifier(m, pm.verified)
				if err != nil {
					return err
				}
				b.SetVerifiedAt(s.at(pm.verified)).SetVerifiedByID(verifier).SetNote("Checked with " + s.persons[m.person].Name)
			}
			builders = append(builders, b)
		}
	}
	return s.tx.MilestoneProgress.CreateBulk(builders...).Exec(ctx)
}

// verifier is the buddy, or else the coop's contact, if a member on day at.
func (s *seeder) verifier(m *plannedMembership, at time.Time) (int, error) {
	for _, k := range []string{m.buddy, s.plan.coops[m.coop].contact} {
		if k != "" && k != m.person && s.plan.memberAt(k, m.coop, at) {
			return s.persons[k].ID, nil
		}
	}
	return 0, fmt.Errorf("no member of %s to verify milestones of %s on %s", m.coop, m.person, at.Format(time.DateOnly))
}

// createTimeEntries spreads worked time over the weekdays of ACTIVE and
// COMPLETED projects, up to the reference date: completed projects used 92-100 %
// of each share's planned time, active ones a bit less than their elapsed part.
// Nobody works more than 8 hours a day.
func (s *seeder) createTimeEntries(ctx context.Context) error {
	type entry struct {
		project, share int
		person         string
		date           time.Time
		minutes        int
		note           string
	}
	var entries []entry
	perDay := map[string]int{}
	for _, sh := range s.shares {
		pr := sh.project
		if pr.status != project.StatusACTIVE && pr.status != project.StatusCOMPLETED {
			continue
		}
		workers := sh.spec.workers
		if sh.spec.person != "" {
			workers = []string{sh.spec.person}
		}
		if len(workers) == 0 {
			continue
		}
		last := ReferenceDate.AddDate(0, 0, -1)
		if pr.ends.Before(last) {
			last = pr.ends
		}
		days := int(last.Sub(pr.starts)/day) + 1
		percent := 92 + s.rng.IntN(9)
		if pr.status == project.StatusACTIVE {
			percent = 85 * int(ReferenceDate.Sub(pr.starts)/day) / int(pr.ends.Sub(pr.starts)/day)
		}
		target := sh.spec.hours * 60 * percent / 100 / 30 * 30
		for used, tries := 0, 0; used < target && tries < 10000; tries++ {
			date := pr.starts.AddDate(0, 0, s.rng.IntN(days))
			worker := workers[s.rng.IntN(len(workers))]
			minutes := min(30*(4+s.rng.IntN(13)), target-used)
			key := worker + date.Format(time.DateOnly)
			if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday || perDay[key]+minutes > 8*60 {
				continue
			}
			perDay[key] += minutes
			used += minutes
			note := ""
			if len(pr.notes) > 0 {
				note = pr.notes[s.rng.IntN(len(pr.notes))]
			}
			entries = append(entries, entry{s.projects[pr.key].ID, sh.id, worker, date, minutes, note})
		}
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return a.date.Compare(b.date) })
	builders := make([]*ent.TimeEntryCreate, len(entries))
	for i, e := range entries {
		builders[i] = s.tx.TimeEntry.Create().
			SetProjectID(e.project).
			SetShareID(e.share).
			SetPersonID(s.persons[e.person].ID).
			SetDate(s.at(e.date)).
			SetMinutes(e.minutes).
			SetNote(e.note)
	}
	return s.tx.TimeEntry.CreateBulk(builders...).Exec(ctx)
}

// at is day t of the demo data on the seed's calendar (zero stays zero).
func (s *seeder) at(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.Add(s.shift)
}

// monthOf is the first day of the month of day t on the seed's calendar.
func (s *seeder) monthOf(t time.Time) time.Time {
	t = s.at(t)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// nilIfEmpty is nil for a zero value: the schema's default applies.
func nilIfEmpty[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}
