package governance_test

// A randomized test of the membership pathway and the coop's decisions
// (issue 5, "Done when"): long random sequences of API requests by random
// persons — transitions (allowed or not), buddies, buy-ins, milestones,
// proposals, votes, closings — and random moves of the clock. After every
// step the database is checked directly:
//
//	(a) exactly one membership per person and coop, each in one valid state;
//	(b) the membership's PathwayEvents, ordered by (at, id), replay with
//	    pathway.Replay to exactly its current state, and the last event's
//	    `at` is its stateSince;
//	(c) no MEMBER (or PAUSED member) other than a founder without a PASSED
//	    ADMISSION proposal naming the membership and a CANDIDATE → MEMBER
//	    event referencing that proposal;
//	(d) proposals close at most once: status != OPEN exactly when closedAt
//	    is set, and a closed proposal never changes again;
//	(e) a membership's pathway is 1 plus its REJOINs, and no milestone
//	    progress belongs to a later pathway than its membership's;
//	(f) every closed proposal says why; a proposal decided after its
//	    closesAt has the outcome of the votes of the coop's MEMBERs as
//	    they stood at closesAt (replayed from the events), whatever
//	    happened after; only a candidacy that ended withdraws an admission;
//	(g) a proposal's terms (rule, quorum, candidate, dates; a SURPLUS
//	    proposal's year, surplus and percent) stay as it opened, whatever
//	    bylaws changes (BYLAWS proposals by random actors, applied when
//	    they pass) came since;
//	(h) at most one surplus distribution per coop and year, only of a year
//	    that had ended, by its PASSED SURPLUS proposal with the frozen terms;
//	    distributed = money.PercentOf(surplus, percent), the parts sum to it
//	    to the cent, and each part's minutes are the person's minutes logged
//	    on the coop's share that year on days they were a MEMBER (time
//	    entries, logged through logTime on the fixture's project, and the
//	    PathwayEvent history). When a SURPLUS proposal closes, its parts are
//	    also compared in full with the model (who gets a part depends on
//	    surplusIncludesFormerMembers at the close), and a close of an open
//	    proposal past its closesAt by a member must always complete;
//	(i) exclusions (issue 15): a MEMBER/PAUSED → LEFT event naming a
//	    proposal names the PASSED EXCLUSION of that membership, closed at
//	    that moment; a LEFT membership says why (EXCLUDED exactly when its
//	    last event names that decision, else LEFT), no other has a reason;
//	    one left with the buy-in of its pathway recorded is owed at least it
//	    back, one that never paid a buy-in is owed nothing; at most one open
//	    proposal names a membership; the member concerned never votes on
//	    their exclusion (the electorates of (f) leave them out);
//	(j) federated decisions (issue 15; random_network_test.go): network
//	    decisions and share holders' project decisions, where coops vote
//	    once each (by delegate or by a COOP_VOTE decision) and a freelancer
//	    share holder in person, are decided as the model decides them, and
//	    their effects (a coop joining or leaving the network, the project's
//	    deciders) are applied exactly once.
//
// The clock starts in December 2026, so the runs cross into 2027 and
// distribute 2026 (and try 2025 without basis and the unfinished 2027).
// Every operation must reach a success and a refusal in the default runs.
//
// Each step is also compared with a small model of the rules built from the
// database before the step (who may do what, pathway.Check on the facts,
// decision.Decide on the votes): the API must succeed exactly when the model
// says so, answer with the model's error code, and a refused request must
// leave the database as it was.
//
// Reproduce a seed (the seed is logged, and printed with the whole step
// history when something fails):
//
//	COCKPIT_RANDOM_SEED=7 COCKPIT_RANDOM_STEPS=150 go test ./internal/governance/ -run TestRandomPathwaySequences -v

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/milestoneprogress"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/surplusdistribution"
	"github.com/coopnetwork/cockpit/ent/surpluspart"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/bylaws"
	"github.com/coopnetwork/cockpit/internal/clock"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/money"
	"github.com/coopnetwork/cockpit/internal/pathway"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The default runs: seeds × steps per database (PostgreSQL is slower, so it
// runs fewer). COCKPIT_RANDOM_SEED runs one given seed instead,
// COCKPIT_RANDOM_STEPS sets the number of steps; -short runs fewer steps.
var (
	rndSeedsSQLite   = []uint64{10, 12, 19, 43}
	rndSeedsPostgres = []uint64{19, 12, 10} // between them: an admission, a decline, an exclusion and every federated effect (j)
)

const (
	rndStepsSQLite   = 400
	rndStepsPostgres = 400
	rndStepsShort    = 100
)

func TestRandomPathwaySequences(t *testing.T) {
	seeds, steps := rndSeedsSQLite, rndStepsSQLite
	if testkit.Postgres() {
		seeds, steps = rndSeedsPostgres, rndStepsPostgres
	}
	if testing.Short() {
		steps = rndStepsShort
	}
	defaults := !testing.Short()
	if s := os.Getenv("COCKPIT_RANDOM_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("COCKPIT_RANDOM_SEED=%q: %v", s, err)
		}
		seeds, defaults = []uint64{n}, false
	}
	if s := os.Getenv("COCKPIT_RANDOM_STEPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("COCKPIT_RANDOM_STEPS=%q: want a positive number", s)
		}
		steps, defaults = n, false
	}
	effects := map[string]int{}
	answers := map[string]map[bool]int{} // per operation: successes (true) and refusals (false)
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			w := rndNewWorld(t, seed)
			t.Logf("seed %d, %d steps; coop A: rule %s, quorum %d%%, %d founders, %d required milestones; coop B: rule %s, quorum %d%%",
				seed, steps, w.coopA.AdmissionRule, w.coopA.QuorumPercent, len(w.foundersOf(w.coopA.ID)), len(w.tpls[w.coopA.ID]),
				w.coopB.AdmissionRule, w.coopB.QuorumPercent)
			for i := 1; i <= steps; i++ {
				w.step(i)
			}
			w.logStats()
			for k, n := range w.effects {
				effects[k] += n
			}
			for op, st := range w.stats {
				if answers[op] == nil {
					answers[op] = map[bool]int{}
				}
				for code, n := range st {
					answers[op][code == "ok"] += n
				}
			}
		})
	}
	// The default runs must get somewhere, or the invariants above were
	// checked on nothing interesting: some admissions pass, some fail.
	if defaults && !t.Failed() && (effects[string(pathway.Admit)] == 0 || effects[string(pathway.Decline)] == 0) {
		t.Errorf("the random runs admitted %d and declined %d candidates: the steps no longer reach admission votes; retune the choices",
			effects[string(pathway.Admit)], effects[string(pathway.Decline)])
	}
	// Every operation must both succeed and be refused somewhere in the
	// default runs, and the surplus must get distributed.
	if defaults && !t.Failed() {
		for _, op := range []string{"joinCoop", "transitionMembership", "assignBuddy", "recordBuyIn", "completeMilestone", "verifyMilestone",
			"createProposal", "castVote", "closeProposal", "pathway", "proposeBylawsChange", "logTime", "proposeSurplusDistribution",
			"proposeExclusion",
			// (j)
			"proposeNetworkDecision", "applyToNetwork", "castCoopVote", "proposeCoopVote", "setProjectDeciders", "proposeProjectDecision"} {
			if answers[op][true] == 0 || answers[op][false] == 0 {
				t.Errorf("the random runs answered %s with %d successes and %d refusals: want both; retune the choices", op, answers[op][true], answers[op][false])
			}
		}
		if effects[string(pathway.Exclude)] == 0 {
			t.Errorf("the random runs excluded nobody: retune the choices (effects %v)", effects)
		}
		// (j): coops decide, by delegate and by their members' decision,
		// and a coop joins the network by decision.
		for _, e := range []string{"coop vote by delegate", "COOP_VOTE closed, the coop's vote cast", "coop joins the network",
			"NETWORK_GENERAL PASSED", "PROJECT_GENERAL REJECTED", "freelancer votes in person"} {
			if effects[e] == 0 {
				t.Errorf("the random runs never reached %q: retune the choices (effects %v)", e, effects)
			}
		}
		if effects["SURPLUS passed, distributed"] == 0 {
			t.Errorf("the random runs distributed no surplus: retune the choices (effects %v)", effects)
		}
	}
}

// ---- the world ------------------------------------------------------------

// rndT0 is where the fake clock starts (whole seconds, so both databases
// store it exactly).
// It lies some weeks before the end of a fiscal year, so that the runs
// cross into 2027 and the coops decide how 2026's surplus is distributed.
var rndT0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// rndWorld is one seed's fixture, its random source and what was done so far.
type rndWorld struct {
	t    *testing.T
	seed uint64
	r    *rand.Rand
	db   *store.DB
	sys  context.Context // system context: fixtures and checks bypass the privacy rules
	clk  *clock.Fake
	api  *testkit.Client

	coopA, coopB *ent.Coop
	coops        []*ent.Coop                      // A, B
	tpls         map[int][]*ent.MilestoneTemplate // coop ID → its required milestone templates
	persons      []*ent.Person
	label        map[int]string // person ID → short name for the log (A1, B2, x3)
	clients      map[int]*testkit.Client
	founders     map[int]bool // membership IDs of the founding members

	project *ent.Project             // led by A, ACTIVE; time is logged on its shares
	shares  map[int]*ent.BudgetShare // coop ID → its share of the project

	fed *rndFed // the federated decisions (random_network_test.go)

	snap    *rndSnap                  // the database after the last step
	closed  map[int]*ent.Proposal     // proposals seen closed: they must never change again
	frozen  map[int]string            // proposal ID → its terms as first seen (rndFrozen): they never change
	history []string                  // one line per step
	stats   map[string]map[string]int // per operation: how often each answer (ok or an error code) came
	effects map[string]int            // admissions and declines that happened
}

func rndNewWorld(t *testing.T, seed uint64) *rndWorld {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	clk := clock.NewFake(rndT0)
	w := &rndWorld{
		t: t, seed: seed, r: rand.New(rand.NewPCG(seed, 0xc0_0b_ca_fe)),
		db: db, sys: testkit.System(context.Background()), clk: clk,
		api:  testkit.NewServerWithClock(t, db, clk),
		tpls: map[int][]*ent.MilestoneTemplate{}, label: map[int]string{}, clients: map[int]*testkit.Client{},
		founders: map[int]bool{}, closed: map[int]*ent.Proposal{}, frozen: map[int]string{}, shares: map[int]*ent.BudgetShare{}, stats: map[string]map[string]int{}, effects: map[string]int{},
	}
	c, ctx := db.Client, w.sys
	rules := []coop.AdmissionRule{coop.AdmissionRuleCONSENSUS, coop.AdmissionRuleTWO_THIRDS, coop.AdmissionRuleSIMPLE_MAJORITY}
	quorums := []int{0, 34, 50, 75, 100}

	net := testkit.Must(c.Network.Create().SetName("Random Network").SetSlug("random-network").Save(ctx))(t)
	// A: the coop the test is about. B: a second coop in the same network,
	// without buy-in or milestones, whose members must not act for A.
	w.coopA = testkit.Must(c.Coop.Create().SetName("Coop A").SetSlug("rnd-coop-a").
		SetCandidacyDays(10).SetFreelancerRightToJoinDays(20).SetBuyInCents(250_000).
		SetAdmissionRule(rules[w.r.IntN(len(rules))]).SetQuorumPercent(quorums[w.r.IntN(len(quorums))]).
		AddNetworks(net).Save(ctx))(t)
	w.coopB = testkit.Must(c.Coop.Create().SetName("Coop B").SetSlug("rnd-coop-b").
		SetCandidacyDays(5).SetFreelancerRightToJoinDays(7).SetBuyInCents(0).
		SetAdmissionRule(rules[w.r.IntN(len(rules))]).SetQuorumPercent(quorums[w.r.IntN(len(quorums))]).
		AddNetworks(net).Save(ctx))(t)
	w.coops = []*ent.Coop{w.coopA, w.coopB}
	for i, name := range []string{"Met every member", "Worked on a client project"}[:1+w.r.IntN(2)] {
		w.tpls[w.coopA.ID] = append(w.tpls[w.coopA.ID], testkit.Must(c.MilestoneTemplate.Create().
			SetCoop(w.coopA).SetName(name).SetPosition(i+1).Save(ctx))(t))
	}

	person := func(label string) *ent.Person {
		p := testkit.Must(c.Person.Create().SetName("Random " + label).
			SetEmail(strings.ToLower(label) + "@random.example.org").Save(ctx))(t)
		testkit.Must(c.NetworkMembership.Create().SetNetwork(net).SetPerson(p).
			SetRole(networkmembership.RolePARTICIPANT).Save(ctx))(t)
		w.persons = append(w.persons, p)
		w.label[p.ID] = label
		w.clients[p.ID] = w.api.As(p.ID)
		return p
	}
	found := func(p *ent.Person, co *ent.Coop) {
		ms := testkit.Must(c.Membership.Create().SetPerson(p).SetCoop(co).SetState(membership.StateMEMBER).
			SetStateSince(rndT0).SetJoinedAt(rndT0).Save(ctx))(t)
		testkit.Must(c.PathwayEvent.Create().SetMembership(ms).SetToState(pathwayevent.ToStateMEMBER).
			SetAt(rndT0).SetReason("founding member").Save(ctx))(t)
		w.founders[ms.ID] = true
	}
	for i := range 3 + w.r.IntN(2) {
		found(person(fmt.Sprintf("A%d", i+1)), w.coopA)
	}
	for i := range 2 {
		found(person(fmt.Sprintf("B%d", i+1)), w.coopB)
	}
	for i := range 6 {
		person(fmt.Sprintf("x%d", i+1))
	}
	// One ACTIVE project led by A with a share for each coop: the time its
	// members log there is the basis of their coop's surplus distribution.
	w.project = testkit.Must(c.Project.Create().SetLeadCoop(w.coopA).SetNetwork(net).SetName("Random project").
		SetClientName("Random client").SetTotalBudgetCents(100_000_000).SetStatus(project.StatusACTIVE).
		SetStartsOn(rndT0.AddDate(0, 0, -20).Truncate(24 * time.Hour)).Save(ctx))(t)
	for _, co := range w.coops {
		w.shares[co.ID] = testkit.Must(c.BudgetShare.Create().SetProject(w.project).SetCoop(co).SetAmountCents(40_000_000).
			SetHourlyRateCents(6_000).SetCurrency(w.project.Currency).
			SetCreatedAt(*w.project.StartsOn).Save(ctx))(t) // time is logged from the day a share exists (issue 17)
	}
	w.federate(net, person, found) // (j)
	w.snap = w.load()
	if p := w.invariants(w.snap); len(p) > 0 {
		t.Fatalf("the fixture breaks the invariants: %v", p)
	}
	return w
}

func (w *rndWorld) now() time.Time { return w.clk.Now() }

// day is the number of days since the start, for the log.
func (w *rndWorld) day() int { return int(w.now().Sub(rndT0) / (24 * time.Hour)) }

// coopByID is the coop with its bylaws as they stand before the step.
func (w *rndWorld) coopByID(id int) *ent.Coop { return w.snap.coop(id) }

func (w *rndWorld) coopName(id int) string {
	switch id {
	case w.coopA.ID:
		return "A"
	case w.coopB.ID:
		return "B"
	}
	if w.fed != nil && id == w.fed.coopC.ID {
		return "C"
	}
	return fmt.Sprintf("coop%d", id)
}

func (w *rndWorld) msLabel(m *ent.Membership) string {
	return fmt.Sprintf("ms%d(%s@%s %s)", m.ID, w.label[m.PersonID], w.coopName(m.CoopID), m.State)
}

func (w *rndWorld) foundersOf(coopID int) []int {
	var ids []int
	for _, m := range w.snap.ms {
		if w.founders[m.ID] && m.CoopID == coopID {
			ids = append(ids, m.PersonID)
		}
	}
	return ids
}

// ---- database snapshots --------------------------------------------------

// rndSnap is the part of the database the pathway and decisions live in,
// read with the system context, every list ordered by ID.
type rndSnap struct {
	coops     []*ent.Coop // A, B: their bylaws
	ms        []*ent.Membership
	events    []*ent.PathwayEvent
	progress  []*ent.MilestoneProgress
	proposals []*ent.Proposal
	votes     []*ent.Vote
	entries   []*ent.TimeEntry
	dists     []*ent.SurplusDistribution
	parts     []*ent.SurplusPart
	netCoops  []int        // the network's coops (j)
	project   *ent.Project // its deciders (j)
}

func (w *rndWorld) load() *rndSnap {
	w.t.Helper()
	c, ctx := w.db.Client, w.sys
	s := &rndSnap{
		coops:     testkit.Must(c.Coop.Query().Order(ent.Asc(coop.FieldID)).All(ctx))(w.t),
		entries:   testkit.Must(c.TimeEntry.Query().Order(ent.Asc(timeentry.FieldID)).All(ctx))(w.t),
		dists:     testkit.Must(c.SurplusDistribution.Query().Order(ent.Asc(surplusdistribution.FieldID)).All(ctx))(w.t),
		parts:     testkit.Must(c.SurplusPart.Query().Order(ent.Asc(surpluspart.FieldID)).All(ctx))(w.t),
		ms:        testkit.Must(c.Membership.Query().Order(ent.Asc(membership.FieldID)).All(ctx))(w.t),
		events:    testkit.Must(c.PathwayEvent.Query().Order(ent.Asc(pathwayevent.FieldID)).All(ctx))(w.t),
		progress:  testkit.Must(c.MilestoneProgress.Query().Order(ent.Asc(milestoneprogress.FieldID)).All(ctx))(w.t),
		proposals: testkit.Must(c.Proposal.Query().Order(ent.Asc(proposal.FieldID)).All(ctx))(w.t),
		votes:     testkit.Must(c.Vote.Query().Order(ent.Asc(vote.FieldID)).All(ctx))(w.t),
	}
	w.loadFed(s)
	return s
}

func (s *rndSnap) coop(id int) *ent.Coop {
	for _, c := range s.coops {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func (s *rndSnap) membership(id int) *ent.Membership {
	for _, m := range s.ms {
		if m.ID == id {
			return m
		}
	}
	return nil
}

func (s *rndSnap) membershipOf(personID, coopID int) *ent.Membership {
	for _, m := range s.ms {
		if m.PersonID == personID && m.CoopID == coopID {
			return m
		}
	}
	return nil
}

// stateOf is the person's pathway state in the coop, "" without a membership.
func (s *rndSnap) stateOf(personID, coopID int) membership.State {
	if m := s.membershipOf(personID, coopID); m != nil {
		return m.State
	}
	return ""
}

func (s *rndSnap) proposal(id int) *ent.Proposal {
	for _, p := range s.proposals {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// history is the membership's events ordered by (at, id).
func (s *rndSnap) history(msID int) []*ent.PathwayEvent {
	var evs []*ent.PathwayEvent
	for _, e := range s.events {
		if e.MembershipID == msID {
			evs = append(evs, e)
		}
	}
	slices.SortStableFunc(evs, func(a, b *ent.PathwayEvent) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return evs
}

// activeMembers are the persons who are MEMBER (not paused) of the coop now.
func (s *rndSnap) activeMembers(coopID int) []int {
	var ids []int
	for _, m := range s.ms {
		if m.CoopID == coopID && m.State == membership.StateMEMBER {
			ids = append(ids, m.PersonID)
		}
	}
	return ids
}

func (s *rndSnap) isActiveMember(personID, coopID int) bool {
	return s.stateOf(personID, coopID) == membership.StateMEMBER
}

func rndTS(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func rndInt[T int | int64 | string](p *T) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

// lines renders the snapshot one row a line, to compare two snapshots.
func (s *rndSnap) lines() []string {
	var out []string
	for _, c := range s.coops {
		out = append(out, rndCoopLine(c))
	}
	for _, m := range s.ms {
		left := "-"
		if m.LeftReason != nil {
			left = string(*m.LeftReason)
		}
		out = append(out, fmt.Sprintf("membership %d person %d coop %d %s since %s pathway %d buddy %s/%d buy-in %s/%s/%d left %s owed %s",
			m.ID, m.PersonID, m.CoopID, m.State, rndTS(&m.StateSince), m.Pathway, rndInt(m.BuddyID), m.BuddyPathway,
			rndTS(m.BuyInRecordedAt), rndInt(m.BuyInPaidCents), m.BuyInPathway, left, rndInt(m.BuyInRefundOwedCents)))
	}
	for _, e := range s.events {
		from := "-"
		if e.FromState != nil {
			from = string(*e.FromState)
		}
		out = append(out, fmt.Sprintf("event %d membership %d %s→%s at %s proposal %s",
			e.ID, e.MembershipID, from, e.ToState, rndTS(&e.At), rndInt(e.ProposalID)))
	}
	for _, p := range s.progress {
		out = append(out, fmt.Sprintf("progress %d membership %d pathway %d template %d completed %s verified %s by %s",
			p.ID, p.MembershipID, p.Pathway, p.TemplateID, rndTS(p.CompletedAt), rndTS(p.VerifiedAt), rndInt(p.VerifiedByID)))
	}
	for _, p := range s.proposals {
		reason := "-"
		if p.CloseReason != nil {
			reason = *p.CloseReason
		}
		out = append(out, fmt.Sprintf("proposal %d coop %d %s %s %s closed %s (%s)",
			p.ID, p.CoopID, p.Kind, p.Status, rndFrozen(p), rndTS(p.ClosedAt), reason))
	}
	for _, e := range s.entries {
		out = append(out, fmt.Sprintf("entry %d person %d share %d date %s minutes %d", e.ID, e.PersonID, e.ShareID, rndTS(&e.Date), e.Minutes))
	}
	for _, d := range s.dists {
		out = append(out, fmt.Sprintf("distribution %d coop %d year %d surplus %d %s percent %d distributed %d retained %d recorded %s by %s proposal %s",
			d.ID, d.CoopID, d.FiscalYear, d.SurplusCents, d.Currency, d.DistributedPercent, d.DistributedCents, d.RetainedCents,
			rndTS(&d.RecordedAt), rndInt(d.RecordedByID), rndInt(d.ProposalID)))
	}
	for _, x := range s.parts {
		out = append(out, fmt.Sprintf("part %d distribution %d person %d minutes %d amount %d %s", x.ID, x.DistributionID, x.PersonID, x.Minutes, x.AmountCents, x.Currency))
	}
	for _, v := range s.votes {
		out = append(out, fmt.Sprintf("vote %d proposal %d voter %d coop %s decided by %s %s at %s", v.ID, v.ProposalID, testkit.Deref(v.VoterID),
			rndInt(v.VoterCoopID), rndInt(v.DecidedByID), v.Choice, rndTS(&v.CastAt)))
	}
	return append(out, s.fedLines()...)
}

// rndDiff lists the rows only in a ("-") or only in b ("+").
func rndDiff(a, b *rndSnap) []string {
	la, lb := a.lines(), b.lines()
	var out []string
	for _, l := range la {
		if !slices.Contains(lb, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range lb {
		if !slices.Contains(la, l) {
			out = append(out, "+ "+l)
		}
	}
	return out
}

// ---- the invariants -------------------------------------------------------

type rndProblems []string

func (p *rndProblems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func rndFrom(e *ent.PathwayEvent) pathway.State {
	if e.FromState == nil {
		return ""
	}
	return pathway.State(*e.FromState)
}

// invariants checks (a)–(d) on a snapshot; it remembers closed proposals
// so that a later change of one is caught.
func (w *rndWorld) invariants(s *rndSnap) []string {
	var p rndProblems

	// (a) one membership per person and coop, in one valid state.
	perPair := map[[2]int]int{}
	for _, m := range s.ms {
		perPair[[2]int{m.PersonID, m.CoopID}]++
		if !slices.Contains(pathway.States, pathway.State(m.State)) {
			p.addf("(a) %s has no valid state: %q", w.msLabel(m), m.State)
		}
	}
	for _, m := range s.ms {
		if n := perPair[[2]int{m.PersonID, m.CoopID}]; n != 1 {
			p.addf("(a) person %s has %d memberships in coop %s", w.label[m.PersonID], n, w.coopName(m.CoopID))
		}
	}
	for _, e := range s.events {
		if s.membership(e.MembershipID) == nil {
			p.addf("(b) event %d belongs to no membership (%d)", e.ID, e.MembershipID)
		}
	}

	// (b) history replays to the current state; (c) admissions.
	usedBy := map[int][]int{} // proposal ID → events referencing it
	for _, m := range s.ms {
		evs := s.history(m.ID)
		if len(evs) == 0 {
			p.addf("(b) %s has no history", w.msLabel(m))
			continue
		}
		steps := make([][2]pathway.State, len(evs))
		for i, e := range evs {
			steps[i] = [2]pathway.State{rndFrom(e), pathway.State(e.ToState)}
		}
		got, err := pathway.Replay(steps)
		switch {
		case err != nil:
			p.addf("(b) history of %s does not replay: %v; history %v", w.msLabel(m), err, steps)
		case got != pathway.State(m.State):
			p.addf("(b) history of %s replays to %s, the row says %s; history %v", w.msLabel(m), got, m.State, steps)
		}
		if last := evs[len(evs)-1]; !last.At.Equal(m.StateSince) {
			p.addf("(b) %s: stateSince %s, but the last event (%d) is at %s", w.msLabel(m), rndTS(&m.StateSince), last.ID, rndTS(&last.At))
		}
		want := pathway.Interested
		if w.founders[m.ID] {
			want = pathway.Member
		}
		if first := evs[0]; rndFrom(first) != "" || pathway.State(first.ToState) != want {
			p.addf("(c) %s starts with %q → %s, want nothing → %s", w.msLabel(m), rndFrom(first), first.ToState, want)
		}

		admittedInStint := false // a CANDIDATE → MEMBER by a passed proposal since the last (re)start
		for _, e := range evs {
			from, to := rndFrom(e), pathway.State(e.ToState)
			switch {
			case from == pathway.Candidate && to == pathway.Member, from == pathway.Candidate && to == pathway.Freelancer:
				wantStatus := proposal.StatusPASSED
				if to == pathway.Freelancer {
					wantStatus = proposal.StatusREJECTED
				}
				if e.ProposalID == nil {
					p.addf("(c) %s: event %d %s → %s references no proposal", w.msLabel(m), e.ID, from, to)
					continue
				}
				usedBy[*e.ProposalID] = append(usedBy[*e.ProposalID], e.ID)
				pr := s.proposal(*e.ProposalID)
				switch {
				case pr == nil:
					p.addf("(c) %s: event %d references missing proposal %d", w.msLabel(m), e.ID, *e.ProposalID)
				case pr.Kind != proposal.KindADMISSION || pr.MembershipID == nil || *pr.MembershipID != m.ID:
					p.addf("(c) %s: event %d %s → %s references proposal %d (%s about membership %s), not an admission of this membership",
						w.msLabel(m), e.ID, from, to, pr.ID, pr.Kind, rndInt(pr.MembershipID))
				case pr.Status != wantStatus:
					p.addf("(c) %s: event %d %s → %s references proposal %d with status %s, want %s", w.msLabel(m), e.ID, from, to, pr.ID, pr.Status, wantStatus)
				case pr.ClosedAt == nil || !pr.ClosedAt.Equal(e.At):
					p.addf("(c) %s: event %d at %s, but proposal %d closed at %s", w.msLabel(m), e.ID, rndTS(&e.At), pr.ID, rndTS(pr.ClosedAt))
				default:
					if to == pathway.Member {
						admittedInStint = true
					}
				}
			case e.ProposalID != nil && (from == pathway.Member || from == pathway.Paused) && to == pathway.Left:
				p = append(p, w.exclusionEvent(s, m, e)...) // (i)
			case e.ProposalID != nil:
				p.addf("(c) %s: event %d %q → %s references proposal %d; only admissions and exclusions do", w.msLabel(m), e.ID, from, to, *e.ProposalID)
			}
			if to == pathway.Interested {
				admittedInStint = false
			}
		}
		if !w.founders[m.ID] && (m.State == membership.StateMEMBER || m.State == membership.StatePAUSED) && !admittedInStint {
			p.addf("(c) %s is %s without a passed admission proposal and a CANDIDATE → MEMBER event referencing it", w.msLabel(m), m.State)
		}
	}
	for pid, evs := range usedBy {
		if len(evs) > 1 {
			p.addf("(c) proposal %d is the cause of %d admission events %v", pid, len(evs), evs)
		}
	}

	// (d) proposals close at most once, and stay as they closed.
	openAdmissions := map[int]int{}
	for _, pr := range s.proposals {
		if (pr.Status == proposal.StatusOPEN) != (pr.ClosedAt == nil) {
			p.addf("(d) proposal %d has status %s and closedAt %s", pr.ID, pr.Status, rndTS(pr.ClosedAt))
		}
		if was, ok := w.closed[pr.ID]; ok {
			if pr.Status != was.Status || pr.ClosedAt == nil || !pr.ClosedAt.Equal(*was.ClosedAt) {
				p.addf("(d) proposal %d closed as %s at %s, now %s at %s", pr.ID, was.Status, rndTS(was.ClosedAt), pr.Status, rndTS(pr.ClosedAt))
			}
		} else if pr.Status != proposal.StatusOPEN && pr.ClosedAt != nil {
			w.closed[pr.ID] = pr
		}
		if pr.Kind == proposal.KindADMISSION {
			if pr.MembershipID == nil {
				p.addf("(d) admission proposal %d names no membership", pr.ID)
			} else if m := s.membership(*pr.MembershipID); m == nil || m.CoopID != pr.CoopID {
				p.addf("(d) admission proposal %d of coop %s names membership %d of another coop", pr.ID, w.coopName(pr.CoopID), *pr.MembershipID)
			} else if pr.Status == proposal.StatusOPEN {
				openAdmissions[m.ID]++
			}
		}
	}
	for _, m := range s.ms {
		if n := openAdmissions[m.ID]; n > 1 {
			p.addf("(d) %s has %d open admission proposals", w.msLabel(m), n)
		}
	}
	perVoter := map[[2]int]int{} // in-person votes; coop votes are (j)'s
	for _, v := range s.votes {
		if v.VoterCoopID == nil {
			perVoter[[2]int{v.ProposalID, testkit.Deref(v.VoterID)}]++
		}
		pr := s.proposal(v.ProposalID)
		if pr == nil {
			p.addf("(d) vote %d on missing proposal %d", v.ID, v.ProposalID)
			continue
		}
		if !v.CastAt.Before(pr.ClosesAt) {
			p.addf("(d) vote %d cast at %s, voting on proposal %d ended at %s", v.ID, rndTS(&v.CastAt), pr.ID, rndTS(&pr.ClosesAt))
		}
		if pr.ClosedAt != nil && v.CastAt.After(*pr.ClosedAt) {
			p.addf("(d) vote %d cast at %s, after proposal %d closed at %s", v.ID, rndTS(&v.CastAt), pr.ID, rndTS(pr.ClosedAt))
		}
	}
	for _, v := range s.votes {
		if n := perVoter[[2]int{v.ProposalID, testkit.Deref(v.VoterID)}]; n > 1 && v.VoterCoopID == nil {
			p.addf("(d) person %s has %d votes on proposal %d", w.label[testkit.Deref(v.VoterID)], n, v.ProposalID)
		}
	}
	// (e) a rejoin starts a new pathway.
	for _, m := range s.ms {
		rejoins := 0
		for _, e := range s.history(m.ID) {
			if rndFrom(e) == pathway.Left {
				rejoins++
			}
		}
		if m.Pathway != 1+rejoins {
			p.addf("(e) %s is on pathway %d after %d rejoins", w.msLabel(m), m.Pathway, rejoins)
		}
	}
	for _, pg := range s.progress {
		if m := s.membership(pg.MembershipID); m != nil && (pg.Pathway < 1 || pg.Pathway > m.Pathway) {
			p.addf("(e) progress %d is on pathway %d of %s (pathway %d)", pg.ID, pg.Pathway, w.msLabel(m), m.Pathway)
		}
	}

	// (f) the outcome is the one of the votes and electorate as voting ended.
	for _, pr := range s.proposals {
		if pr.Status == proposal.StatusOPEN {
			continue
		}
		if pr.CloseReason == nil || *pr.CloseReason == "" {
			p.addf("(f) proposal %d is %s without a reason", pr.ID, pr.Status)
		}
		if pr.Status == proposal.StatusWITHDRAWN {
			m := s.membership(rndDeref(pr.MembershipID))
			switch {
			case pr.Kind == proposal.KindEXCLUSION:
				if m == nil || rndExcludable(m.State) && !m.StateSince.After(*pr.ClosedAt) {
					p.addf("(i) exclusion %d was withdrawn though the person stayed a member", pr.ID)
				}
			case m == nil || m.State == membership.StateCANDIDATE && !m.StateSince.After(*pr.ClosedAt):
				p.addf("(f) proposal %d was withdrawn though its candidacy went on", pr.ID)
			}
			continue
		}
		if pr.Electorate != proposal.ElectorateMEMBERS {
			continue // decided by coops and share holders: (j)
		}
		if pr.ClosedAt.Before(pr.ClosesAt) {
			continue // closed early: every member of the moment had voted (checked by the step's model)
		}
		eligible, count := w.tallyAt(s, pr, pr.ClosesAt)
		outcome, err := decision.Decide(governance.RuleOf(pr), eligible, count)
		if err == nil && (pr.Status == proposal.StatusPASSED) != outcome.Passed {
			p.addf("(f) proposal %d is %s, but the %d members at closesAt voted %+v: passed=%v", pr.ID, pr.Status, eligible, count, outcome.Passed)
		}
	}
	p = append(p, w.surplusInvariants(s)...)
	p = append(p, w.exclusionInvariants(s)...)
	p = append(p, w.fedInvariants(s)...)
	slices.Sort(p)
	return slices.Compact(p)
}

func rndDeref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// ---- one step -------------------------------------------------------------

// rndAction is one random step: a GraphQL request by a person, or a move of
// the clock (local).
type rndAction struct {
	op    string
	desc  string
	actor int
	query string
	vars  map[string]any
	local func()
	// want is the model's answer: "" for success, else the error code;
	// why explains it.
	want, why string
	// post checks a successful request (before and after the step).
	post func(data json.RawMessage, before, after *rndSnap) []string
	// mustSucceed, when set, says why the request may not be refused
	// whatever the model says (a close past closesAt never wedges).
	mustSucceed string
}

// rndOps are the operations with their weights.
var rndOps = []struct {
	weight int
	pick   func(w *rndWorld, s *rndSnap) rndAction
}{
	{6, (*rndWorld).joinCoop},
	{20, (*rndWorld).transition},
	{6, (*rndWorld).lifecycle},
	{6, (*rndWorld).assignBuddy},
	{6, (*rndWorld).recordBuyIn},
	{7, (*rndWorld).completeMilestone},
	{7, (*rndWorld).verifyMilestone},
	{8, (*rndWorld).createProposal},
	{18, (*rndWorld).castVote},
	{8, (*rndWorld).closeProposal},
	{9, (*rndWorld).advanceClock},
	{5, (*rndWorld).readPathway},
	{3, (*rndWorld).proposeBylawsChange},
	{8, (*rndWorld).logTime},
	{5, (*rndWorld).proposeSurplus},
	{4, (*rndWorld).proposeExclusion},
	// (j), random_network_test.go
	{3, (*rndWorld).proposeNetworkDecision},
	{2, (*rndWorld).applyToNetwork},
	{7, (*rndWorld).castCoopVote},
	{5, (*rndWorld).proposeCoopVote},
	{2, (*rndWorld).setProjectDeciders},
	{3, (*rndWorld).proposeProjectDecision},
	{2, (*rndWorld).castFreelancerVote},
}

var rndAccepted = []string{"INVALID_TRANSITION", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "BAD_USER_INPUT"}

func (w *rndWorld) step(i int) {
	w.t.Helper()
	before := w.snap
	weights := make([]int, len(rndOps))
	for i, o := range rndOps {
		weights[i] = o.weight
	}
	a := rndOps[testkit.Weighted(w.r, weights...)].pick(w, before)

	var problems rndProblems
	outcome := "ok"
	if a.local != nil {
		a.local()
	} else {
		res := w.clients[a.actor].Do(a.query, a.vars)
		got := ""
		if len(res.Errors) > 0 {
			got = res.Errors[0].Code()
			outcome = got + ": " + res.Errors[0].Message
		}
		for _, e := range res.Errors {
			if !slices.Contains(rndAccepted, e.Code()) {
				problems.addf("request failed with %q (HTTP %d): %s", e.Code(), res.Status, e.Message)
			}
		}
		if len(res.Errors) == 0 && res.Status != 200 {
			problems.addf("HTTP %d without errors", res.Status)
		}
		after := w.load()
		if got != a.want {
			problems.addf("the model expected %s (%s), the API answered %s", rndOr(a.want, "success"), a.why, rndOr(outcome, "success"))
		}
		if a.mustSucceed != "" && (got != "" || a.want != "") {
			problems.addf("wedged: %s, yet the model expects %s and the API answered %s", a.mustSucceed, rndOr(a.want, "success"), rndOr(outcome, "success"))
		}
		if got != "" || a.post == nil {
			// Refused requests and reads change nothing.
			if d := rndDiff(before, after); len(d) > 0 {
				problems.addf("a request that %s changed the database:\n\t\t%s", rndOr(got, "only reads"), strings.Join(d, "\n\t\t"))
			}
		} else {
			problems = append(problems, a.post(res.Data, before, after)...)
		}
		w.snap = after
		if w.stats[a.op] == nil {
			w.stats[a.op] = map[string]int{}
		}
		w.stats[a.op][rndOr(got, "ok")]++
		if a.op == "closeProposal" && got == "INVALID_TRANSITION" {
			w.effects["close refused by the admission guards"]++
		}
	}
	problems = append(problems, w.invariants(w.snap)...)
	w.history = append(w.history, fmt.Sprintf("#%03d day %3d  %s → %s", i, w.day(), a.desc, rndTrim(outcome, 160)))
	if len(problems) > 0 {
		w.t.Fatalf("seed %d, step %d: %s\nproblems:\n\t%s\nsteps so far:\n\t%s\nreproduce: COCKPIT_RANDOM_SEED=%d COCKPIT_RANDOM_STEPS=%d go test ./internal/governance/ -run TestRandomPathwaySequences -v",
			w.seed, i, a.desc, strings.Join(problems, "\n\t"), strings.Join(w.history, "\n\t"), w.seed, i)
	}
}

func rndOr(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}

func rndTrim(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func (w *rndWorld) logStats() {
	var ops []string
	for op, st := range w.stats {
		ops = append(ops, fmt.Sprintf("%s %v", op, st))
	}
	slices.Sort(ops)
	states := map[membership.State]int{}
	for _, m := range w.snap.ms {
		states[m.State]++
	}
	w.t.Logf("after %d days: effects %v, final states %v; answers:\n\t%s", w.day(), w.effects, states, strings.Join(ops, "\n\t"))
}

// ---- random choices --------------------------------------------------------

func (w *rndWorld) chance(p float64) bool { return w.r.Float64() < p }

func rndOne[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (w *rndWorld) anyPerson() int { return rndOne(w.r, w.persons).ID }

// memberOr is, with probability p, an active member of the coop (if it has
// one), else anyone.
func (w *rndWorld) memberOr(s *rndSnap, coopID int, p float64) int {
	if ms := s.activeMembers(coopID); len(ms) > 0 && w.chance(p) {
		return rndOne(w.r, ms)
	}
	return w.anyPerson()
}

// someMembership is, with probability p, one in the given states (if any),
// else any membership; non-founders are preferred.
func (w *rndWorld) someMembership(s *rndSnap, p float64, states ...membership.State) *ent.Membership {
	var in, others []*ent.Membership
	for _, m := range s.ms {
		if slices.Contains(states, m.State) {
			in = append(in, m)
		}
		if !w.founders[m.ID] {
			others = append(others, m)
		}
	}
	switch {
	case len(in) > 0 && w.chance(p):
		return rndOne(w.r, in)
	case len(others) > 0 && w.chance(0.8):
		return rndOne(w.r, others)
	}
	return rndOne(w.r, s.ms)
}

// rndPrefer is, with probability p, one of xs (if any).
func rndPrefer[T any](w *rndWorld, p float64, xs []T) (T, bool) {
	var zero T
	if len(xs) == 0 || !w.chance(p) {
		return zero, false
	}
	return rndOne(w.r, xs), true
}

// idOrBogus is the global ID of id, now and then one of nothing or no ID at
// all; the returned code is the error the bogus one must give.
func (w *rndWorld) idOrBogus(id int) (string, string) {
	switch x := w.r.Float64(); {
	case x < 0.03:
		return gid.Encode(987_654_321), "NOT_FOUND"
	case x < 0.04:
		return "not-an-id", "BAD_USER_INPUT"
	}
	return gid.Encode(id), ""
}

// ---- the model ------------------------------------------------------------

// canReadMembership: the person themself and the coop's members (also paused).
func (w *rndWorld) canReadMembership(s *rndSnap, actor int, m *ent.Membership) bool {
	st := s.stateOf(actor, m.CoopID)
	return actor == m.PersonID || st == membership.StateMEMBER || st == membership.StatePAUSED
}

// canReadProposal: the coop's members, the candidate of an admission and
// the member concerned by an exclusion.
func (w *rndWorld) canReadProposal(s *rndSnap, actor int, pr *ent.Proposal) bool {
	if pr.NetworkID != nil || pr.Electorate == proposal.ElectorateSHARE_HOLDERS && w.canReadFedProposal(s, actor, pr) {
		return true // (j)
	}
	st := s.stateOf(actor, pr.CoopID)
	if st == membership.StateMEMBER || st == membership.StatePAUSED {
		return true
	}
	if (pr.Kind == proposal.KindADMISSION || pr.Kind == proposal.KindEXCLUSION) && pr.MembershipID != nil {
		m := s.membership(*pr.MembershipID)
		return m != nil && m.PersonID == actor
	}
	return false
}

// facts are what the guards read about a membership, built from the snapshot.
func (w *rndWorld) facts(s *rndSnap, m *ent.Membership) pathway.Facts {
	co := s.coop(m.CoopID)
	verified := 0
	for _, pg := range s.progress {
		if pg.MembershipID == m.ID && pg.Pathway == m.Pathway && pg.VerifiedAt != nil && pg.VerifiedByID != nil && *pg.VerifiedByID != m.PersonID {
			verified++
		}
	}
	return pathway.Facts{
		State: pathway.State(m.State), StateSince: m.StateSince, Now: w.now(),
		Bylaws: pathway.Bylaws{CandidacyDays: co.CandidacyDays, FreelancerRightToJoinDays: co.FreelancerRightToJoinDays,
			BuyInCents: *co.BuyInCents},
		BuddyAssigned:      m.BuddyID != nil && m.BuddyPathway == m.Pathway && s.isActiveMember(*m.BuddyID, m.CoopID),
		RequiredMilestones: len(w.tpls[m.CoopID]),
		VerifiedMilestones: verified,
		BuyInRecorded:      m.BuyInRecordedAt != nil && m.BuyInPathway == m.Pathway,
	}
}

// tally counts the votes on a proposal as voting ends if it closes now:
// of the coop's current members before closesAt, of its members at
// closesAt after.
func (w *rndWorld) tally(s *rndSnap, pr *ent.Proposal) (eligible int, c decision.Count) {
	if pr.Electorate != proposal.ElectorateMEMBERS {
		return w.fedTally(s, pr) // (j)
	}
	if !w.now().Before(pr.ClosesAt) {
		return w.tallyAt(s, pr, pr.ClosesAt)
	}
	subject := s.exclusionSubject(pr) // (i): never in the electorate
	for _, id := range s.activeMembers(pr.CoopID) {
		if id != subject {
			eligible++
		}
	}
	for _, v := range s.votes {
		if voter := testkit.Deref(v.VoterID); v.ProposalID == pr.ID && voter != subject && s.isActiveMember(voter, pr.CoopID) {
			_ = c.Add(decision.Choice(v.Choice))
		}
	}
	return eligible, c
}

// tallyAt counts the votes of the persons who were MEMBERs of the coop
// just before t, by replaying each membership's history up to t.
func (w *rndWorld) tallyAt(s *rndSnap, pr *ent.Proposal, t time.Time) (eligible int, c decision.Count) {
	voters := map[int]bool{}
	for _, m := range s.ms {
		if m.CoopID != pr.CoopID {
			continue
		}
		var state pathwayevent.ToState
		for _, e := range s.history(m.ID) {
			if e.At.Before(t) {
				state = e.ToState
			}
		}
		if state == pathwayevent.ToStateMEMBER {
			voters[m.PersonID] = true
		}
	}
	delete(voters, s.exclusionSubject(pr)) // (i)
	for _, v := range s.votes {
		if v.ProposalID == pr.ID && voters[testkit.Deref(v.VoterID)] {
			_ = c.Add(decision.Choice(v.Choice))
		}
	}
	return len(voters), c
}

// ---- the operations -------------------------------------------------------

const rndMembershipSel = `membership { id state stateSince }`

func (w *rndWorld) joinCoop(s *rndSnap) rndAction {
	actor := w.anyPerson()
	co := w.coopA
	if w.chance(0.25) {
		co = w.coopB
	}
	id, bogus := w.idOrBogus(co.ID)
	a := rndAction{op: "joinCoop", actor: actor,
		desc:  fmt.Sprintf("%s joinCoop(%s)", w.label[actor], w.coopName(co.ID)),
		query: `mutation($c: ID!) { joinCoop(coopID: $c, reason: "random") { ` + rndMembershipSel + ` } }`,
		vars:  map[string]any{"c": id},
	}
	existing := s.membershipOf(actor, co.ID)
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such coop", a.desc+" [bogus ID]"
	case existing != nil && existing.State != membership.StateLEFT:
		a.want, a.why = "CONFLICT", "already "+string(existing.State)
	case existing != nil:
		a.why = "rejoins after leaving"
	default:
		a.why = "first time"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		var p rndProblems
		m := after.membershipOf(actor, co.ID)
		if m == nil || m.State != membership.StateINTERESTED || !m.StateSince.Equal(w.now()) {
			p.addf("after joinCoop the membership is %v, want INTERESTED since now", m)
		}
		p = append(p, w.checkMoved(before, after, m, existing != nil, actor, nil)...)
		return p
	}
	return a
}

func (w *rndWorld) transition(s *rndSnap) rndAction {
	// Half the time a move that is allowed now and gets somewhere (not
	// LEAVE or PAUSE); else a random membership with mostly a transition
	// out of its state (rarely LEAVE), or any transition.
	type move struct {
		m *ent.Membership
		t pathway.Transition
	}
	var progress []move
	for _, m := range s.ms {
		for _, o := range pathway.Options(w.facts(s, m)) {
			if o.Allowed && o.Transition != pathway.Leave && o.Transition != pathway.Pause {
				progress = append(progress, move{m, o.Transition})
			}
		}
	}
	mv, preferred := rndPrefer(w, 0.5, progress)
	m, t := mv.m, mv.t
	if !preferred {
		m = w.someMembership(s, 0)
		t = rndOne(w.r, pathway.Transitions)
	}
	if !preferred && w.chance(0.7) {
		var from []pathway.Transition
		for _, x := range pathway.From(pathway.State(m.State)) {
			if x != pathway.Leave || w.chance(0.1) {
				from = append(from, x)
			}
		}
		if len(from) > 0 {
			t = rndOne(w.r, from)
		}
	}
	// Mostly who may ask for it, else anyone.
	actor := m.PersonID
	if t == pathway.StartFreelancing {
		actor = w.memberOr(s, m.CoopID, 0.85)
	} else if w.chance(0.2) {
		actor = w.anyPerson()
	}
	return w.transitionAction(s, m, t, actor)
}

// lifecycle is a member's or candidate's life beyond admission, asked for
// by the person: leave, pause, resume and rejoin (issue 21: leaving with an
// open admission vote, pausing or resuming while a vote runs or after it
// ended, rejoining after a candidacy).
func (w *rndWorld) lifecycle(s *rndSnap) rndAction {
	type move struct {
		m *ent.Membership
		t pathway.Transition
	}
	var moves []move
	for _, m := range s.ms {
		switch m.State {
		case membership.StateMEMBER:
			moves = append(moves, move{m, pathway.Pause})
			if !w.founders[m.ID] || w.chance(0.2) {
				moves = append(moves, move{m, pathway.Leave})
			}
		case membership.StatePAUSED:
			moves = append(moves, move{m, pathway.Resume}, move{m, pathway.Resume}, move{m, pathway.Leave})
		case membership.StateCANDIDATE, membership.StateFREELANCER:
			moves = append(moves, move{m, pathway.Leave})
		case membership.StateLEFT:
			moves = append(moves, move{m, pathway.Rejoin}, move{m, pathway.Rejoin})
		}
	}
	if len(moves) == 0 {
		return w.transition(s)
	}
	mv := rndOne(w.r, moves)
	return w.transitionAction(s, mv.m, mv.t, mv.m.PersonID)
}

// transitionAction is the request of transition t of m by actor, with the
// model's answer.
func (w *rndWorld) transitionAction(s *rndSnap, m *ent.Membership, t pathway.Transition, actor int) rndAction {
	id, bogus := w.idOrBogus(m.ID)
	a := rndAction{op: "transitionMembership", actor: actor,
		desc: fmt.Sprintf("%s transitionMembership(%s, %s)", w.label[actor], w.msLabel(m), t),
		query: `mutation($m: ID!, $t: PathwayTransition!) {
			transitionMembership(membershipID: $m, transition: $t, reason: "random") { ` + rndMembershipSel + ` } }`,
		vars: map[string]any{"m": id, "t": string(t)},
	}
	may := actor == m.PersonID
	switch t {
	case pathway.StartFreelancing:
		may = s.isActiveMember(actor, m.CoopID)
	case pathway.Admit, pathway.Decline, pathway.Exclude:
		may = true // the state machine refuses them without a closed proposal
	}
	_, err := pathway.Check(w.facts(s, m), t)
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such membership", a.desc+" [bogus ID]"
	case !w.canReadMembership(s, actor, m):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the membership"
	case !may:
		a.want, a.why = "FORBIDDEN", "the actor may not request "+string(t)
	case err != nil:
		a.want, a.why = "INVALID_TRANSITION", err.Error()
	default:
		a.why = "allowed"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		var p rndProblems
		to, _ := pathway.Target(t)
		got := after.membership(m.ID)
		if got == nil || pathway.State(got.State) != to || !got.StateSince.Equal(w.now()) {
			p.addf("after %s the membership is %v, want %s since now", t, got, to)
		}
		p = append(p, w.checkMoved(before, after, got, true, actor, nil)...)
		if want := m.Pathway; t == pathway.Rejoin {
			if got.Pathway != want+1 {
				p.addf("after REJOIN the membership is on pathway %d, want %d", got.Pathway, want+1)
			}
			w.effects["REJOIN starts a new pathway"]++
		} else if got.Pathway != want {
			p.addf("after %s the pathway changed from %d to %d", t, want, got.Pathway)
		}
		// Leaving records why and the refund owed; a rejoin clears the reason (i).
		if to == pathway.Left {
			p = append(p, w.checkLeft(m, got, membership.LeftReasonLEFT)...)
		} else if got.LeftReason != nil {
			p.addf("after %s the membership still says it left (%s)", t, *got.LeftReason)
		}
		// A candidacy ending other than by its vote withdraws its open
		// admission proposal, saying why; a member leaving withdraws the
		// exclusion about them (i), pausing or resuming does not.
		for _, pr := range before.proposals {
			if pr.Kind == proposal.KindEXCLUSION && to != pathway.Left {
				if pr.Status == proposal.StatusOPEN && *pr.MembershipID == m.ID && after.proposal(pr.ID).Status != proposal.StatusOPEN {
					p.addf("after %s the open exclusion %d is %s", t, pr.ID, after.proposal(pr.ID).Status)
				}
				continue
			}
			if pr.Status == proposal.StatusOPEN && pr.MembershipID != nil && *pr.MembershipID == m.ID {
				if x := after.proposal(pr.ID); x.Status != proposal.StatusWITHDRAWN || x.CloseReason == nil {
					p.addf("after %s the open %s proposal %d is %s", t, pr.Kind, pr.ID, x.Status)
				}
				w.effects[strings.ToLower(string(pr.Kind))+" withdrawn: the person left"]++
			}
		}
		return p
	}
	return a
}

// checkMoved checks that exactly one event was appended, for membership m,
// from its state before (or from nothing when it is new), at now, by the
// actor, referencing proposalID, and that no other membership changed state.
func (w *rndWorld) checkMoved(before, after *rndSnap, m *ent.Membership, existed bool, actor int, proposalID *int) []string {
	var p rndProblems
	if m == nil {
		return []string{"the membership is gone"}
	}
	if len(after.events) != len(before.events)+1 {
		return []string{fmt.Sprintf("%d events before, %d after: want exactly one new", len(before.events), len(after.events))}
	}
	e := after.events[len(after.events)-1]
	var from pathway.State
	if existed {
		from = pathway.State(before.membership(m.ID).State)
	}
	if e.MembershipID != m.ID || rndFrom(e) != from || string(e.ToState) != string(m.State) || !e.At.Equal(w.now()) {
		p.addf("new event %d: membership %d %q → %s at %s, want membership %d %q → %s at now", e.ID, e.MembershipID, rndFrom(e), e.ToState, rndTS(&e.At), m.ID, from, m.State)
	}
	if e.ActorID == nil || *e.ActorID != actor {
		p.addf("new event %d: actor %s, want %d", e.ID, rndInt(e.ActorID), actor)
	}
	if (e.ProposalID == nil) != (proposalID == nil) || (e.ProposalID != nil && *e.ProposalID != *proposalID) {
		p.addf("new event %d: proposal %s, want %s", e.ID, rndInt(e.ProposalID), rndInt(proposalID))
	}
	for _, x := range after.ms {
		if x.ID == m.ID {
			continue
		}
		if y := before.membership(x.ID); y == nil || y.State != x.State || !y.StateSince.Equal(x.StateSince) {
			p.addf("%s changed too", w.msLabel(x))
		}
	}
	return p
}

func (w *rndWorld) assignBuddy(s *rndSnap) rndAction {
	var noBuddy []*ent.Membership
	for _, m := range s.ms {
		if (m.State == membership.StateFREELANCER || m.State == membership.StateCANDIDATE) && m.BuddyID == nil {
			noBuddy = append(noBuddy, m)
		}
	}
	m, ok := rndPrefer(w, 0.6, noBuddy)
	if !ok {
		m = w.someMembership(s, 0.8, membership.StateFREELANCER, membership.StateCANDIDATE)
	}
	actor := w.memberOr(s, m.CoopID, 0.8)
	buddy := w.memberOr(s, m.CoopID, 0.8)
	id, bogus := w.idOrBogus(m.ID)
	a := rndAction{op: "assignBuddy", actor: actor,
		desc:  fmt.Sprintf("%s assignBuddy(%s, %s)", w.label[actor], w.msLabel(m), w.label[buddy]),
		query: `mutation($m: ID!, $b: ID!) { assignBuddy(membershipID: $m, buddyID: $b) { ` + rndMembershipSel + ` } }`,
		vars:  map[string]any{"m": id, "b": gid.Encode(buddy)},
	}
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such membership", a.desc+" [bogus ID]"
	case !w.canReadMembership(s, actor, m):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the membership"
	case !s.isActiveMember(actor, m.CoopID):
		a.want, a.why = "FORBIDDEN", "the actor is no active member"
	case m.State != membership.StateFREELANCER && m.State != membership.StateCANDIDATE:
		a.want, a.why = "BAD_USER_INPUT", "not a freelancer or candidate"
	case !s.isActiveMember(buddy, m.CoopID) || buddy == m.PersonID:
		a.want, a.why = "BAD_USER_INPUT", "the buddy is no other active member"
	default:
		a.why = "allowed"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		if got := after.membership(m.ID); got.BuddyID == nil || *got.BuddyID != buddy {
			return []string{fmt.Sprintf("buddy is %s, want %d", rndInt(got.BuddyID), buddy)}
		}
		return w.onlyChanged(before, after, "membership ")
	}
	return a
}

// onlyChanged checks that the rows that changed all start with one of the prefixes.
func (w *rndWorld) onlyChanged(before, after *rndSnap, prefixes ...string) []string {
	var p rndProblems
	for _, l := range rndDiff(before, after) {
		ok := false
		for _, pre := range prefixes {
			ok = ok || strings.HasPrefix(l[2:], pre)
		}
		if !ok {
			p.addf("unexpected change: %s", l)
		}
	}
	return p
}

func (w *rndWorld) recordBuyIn(s *rndSnap) rndAction {
	var unpaid []*ent.Membership
	for _, m := range s.ms {
		if m.State == membership.StateCANDIDATE && (m.BuyInRecordedAt == nil || m.BuyInPathway != m.Pathway) && *w.coopByID(m.CoopID).BuyInCents > 0 {
			unpaid = append(unpaid, m)
		}
	}
	m, ok := rndPrefer(w, 0.6, unpaid)
	if !ok {
		m = w.someMembership(s, 0.8, membership.StateCANDIDATE)
	}
	actor := w.memberOr(s, m.CoopID, 0.8)
	due := *w.coopByID(m.CoopID).BuyInCents
	var paid int64 // instalments on this pathway (issue 17)
	if m.BuyInPaidCents != nil && m.BuyInPathway == m.Pathway {
		paid = *m.BuyInPaidCents
	}
	amount, currency := max(due-paid, 0), w.coopByID(m.CoopID).Currency
	switch x := w.r.Float64(); {
	case x < 0.15:
		amount = due + 1_000
	case x < 0.25:
		amount = max(due-paid, 0) - 1
	case x < 0.3:
		amount = -5
	case x < 0.35:
		amount, currency = due+1_000, "CHF" // enough, but not the coop's currency
	}
	id, bogus := w.idOrBogus(m.ID)
	a := rndAction{op: "recordBuyIn", actor: actor,
		desc:  fmt.Sprintf("%s recordBuyIn(%s, %d %s)", w.label[actor], w.msLabel(m), amount, currency),
		query: `mutation($m: ID!, $a: MoneyInput!) { recordBuyIn(membershipID: $m, amount: $a) { ` + rndMembershipSel + ` } }`,
		vars:  map[string]any{"m": id, "a": map[string]any{"amount": amount, "currency": currency}},
	}
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such membership", a.desc+" [bogus ID]"
	case !w.canReadMembership(s, actor, m):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the membership"
	case !s.isActiveMember(actor, m.CoopID) || actor == m.PersonID:
		a.want, a.why = "FORBIDDEN", "not another active member"
	case m.State != membership.StateCANDIDATE:
		a.want, a.why = "BAD_USER_INPUT", "not a candidate"
	case (m.BuyInRecordedAt != nil || m.BuyInWaivedAt != nil) && m.BuyInPathway == m.Pathway:
		a.want, a.why = "CONFLICT", "already recorded on this pathway"
	case currency != w.coopByID(m.CoopID).Currency:
		a.want, a.why = "BAD_USER_INPUT", fmt.Sprintf("%s is not the coop's currency", currency)
	case amount < 0 || amount > max(due-paid, 0) || (amount == 0 && due > paid):
		// Instalments (issue 17): positive, at most what is outstanding.
		a.want, a.why = "BAD_USER_INPUT", fmt.Sprintf("%d is not an instalment of the %d outstanding", amount, max(due-paid, 0))
	default:
		a.why = "allowed"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		got := after.membership(m.ID)
		complete := paid+amount >= due
		if complete != (got.BuyInRecordedAt != nil) || (complete && !got.BuyInRecordedAt.Equal(w.now())) ||
			got.BuyInPaidCents == nil || *got.BuyInPaidCents != paid+amount || got.BuyInPathway != m.Pathway {
			return []string{fmt.Sprintf("buy-in recorded %s, paid %s on pathway %d; want recorded %v, %d on pathway %d",
				rndTS(got.BuyInRecordedAt), rndInt(got.BuyInPaidCents), got.BuyInPathway, complete, paid+amount, m.Pathway)}
		}
		if m.BuyInRecordedAt != nil {
			w.effects["buy-in recorded again on a new pathway"]++
		}
		if !complete {
			w.effects["buy-in instalment short of the whole"]++
		}
		return w.onlyChanged(before, after, "membership ", "ledger")
	}
	return a
}

func (w *rndWorld) completeMilestone(s *rndSnap) rndAction {
	// Mostly a milestone not reported yet on the way of a freelancer or candidate.
	type todo struct {
		m   *ent.Membership
		tpl *ent.MilestoneTemplate
	}
	var todos []todo
	for _, m := range s.ms {
		if m.State != membership.StateFREELANCER && m.State != membership.StateCANDIDATE {
			continue
		}
		for _, tpl := range w.tpls[m.CoopID] {
			if !slices.ContainsFunc(s.progress, func(pg *ent.MilestoneProgress) bool {
				return pg.MembershipID == m.ID && pg.TemplateID == tpl.ID && pg.Pathway == m.Pathway
			}) {
				todos = append(todos, todo{m, tpl})
			}
		}
	}
	td, preferred := rndPrefer(w, 0.6, todos)
	m := td.m
	if !preferred {
		m = w.someMembership(s, 0.8, membership.StateFREELANCER, membership.StateCANDIDATE)
	}
	actor := m.PersonID
	if w.chance(0.15) {
		actor = w.anyPerson()
	}
	// A template of the membership's coop, or now and then one of another coop.
	tpls := w.tpls[m.CoopID]
	if preferred {
		tpls = []*ent.MilestoneTemplate{td.tpl}
	} else if len(tpls) == 0 || w.chance(0.1) {
		tpls = w.tpls[w.coopA.ID]
		if m.CoopID == w.coopA.ID {
			tpls = nil
		}
	}
	tplID := 987_654_320 // none
	var tpl *ent.MilestoneTemplate
	if len(tpls) > 0 {
		tpl = rndOne(w.r, tpls)
		tplID = tpl.ID
	}
	id, bogus := w.idOrBogus(m.ID)
	a := rndAction{op: "completeMilestone", actor: actor,
		desc:  fmt.Sprintf("%s completeMilestone(%s, template %d)", w.label[actor], w.msLabel(m), tplID),
		query: `mutation($m: ID!, $tpl: ID!) { completeMilestone(membershipID: $m, templateID: $tpl, note: "done") { milestoneProgress { id } } }`,
		vars:  map[string]any{"m": id, "tpl": gid.Encode(tplID)},
	}
	done := false
	for _, pg := range s.progress {
		done = done || (tpl != nil && pg.MembershipID == m.ID && pg.Pathway == m.Pathway && pg.TemplateID == tpl.ID && pg.CompletedAt != nil)
	}
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such membership", a.desc+" [bogus ID]"
	case !w.canReadMembership(s, actor, m):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the membership"
	case actor != m.PersonID:
		a.want, a.why = "FORBIDDEN", "not the person themself"
	case tpl == nil || tpl.CoopID != m.CoopID || m.State == membership.StateLEFT:
		// Templates are visible to persons on the coop's pathway (not LEFT).
		a.want, a.why = "NOT_FOUND", "no template of this coop the person can see"
	case m.State != membership.StateFREELANCER && m.State != membership.StateCANDIDATE:
		a.want, a.why = "BAD_USER_INPUT", "not a freelancer or candidate"
	case done:
		a.want, a.why = "CONFLICT", "already reported done"
	default:
		a.why = "allowed"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		for _, pg := range after.progress {
			if pg.MembershipID == m.ID && pg.Pathway == m.Pathway && pg.TemplateID == tplID && pg.CompletedAt != nil && pg.CompletedAt.Equal(w.now()) {
				return w.onlyChanged(before, after, "progress ")
			}
		}
		return []string{"no progress row completed now"}
	}
	return a
}

func (w *rndWorld) verifyMilestone(s *rndSnap) rndAction {
	var open []*ent.MilestoneProgress
	for _, pg := range s.progress {
		if pg.VerifiedAt == nil {
			open = append(open, pg)
		}
	}
	var pg *ent.MilestoneProgress
	switch {
	case len(open) > 0 && w.chance(0.85):
		pg = rndOne(w.r, open)
	case len(s.progress) > 0:
		pg = rndOne(w.r, s.progress)
	}
	if pg == nil {
		actor := w.anyPerson()
		return rndAction{op: "verifyMilestone", actor: actor, want: "NOT_FOUND", why: "no progress yet",
			desc:  fmt.Sprintf("%s verifyMilestone(nothing)", w.label[actor]),
			query: `mutation($p: ID!) { verifyMilestone(progressID: $p) { milestoneProgress { id } } }`,
			vars:  map[string]any{"p": gid.Encode(987_654_321)}}
	}
	m := s.membership(pg.MembershipID)
	actor := w.memberOr(s, m.CoopID, 0.8)
	if w.chance(0.1) {
		actor = m.PersonID
	}
	id, bogus := w.idOrBogus(pg.ID)
	a := rndAction{op: "verifyMilestone", actor: actor,
		desc:  fmt.Sprintf("%s verifyMilestone(progress %d of %s)", w.label[actor], pg.ID, w.msLabel(m)),
		query: `mutation($p: ID!) { verifyMilestone(progressID: $p) { milestoneProgress { id } } }`,
		vars:  map[string]any{"p": id},
	}
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such progress", a.desc+" [bogus ID]"
	case !w.canReadMembership(s, actor, m):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the progress"
	case !s.isActiveMember(actor, m.CoopID) || actor == m.PersonID:
		a.want, a.why = "FORBIDDEN", "not another active member"
	case m.State != "FREELANCER" && m.State != "CANDIDATE":
		a.want, a.why = "BAD_USER_INPUT", "not on the way to membership"
	case pg.Pathway != m.Pathway:
		a.want, a.why = "BAD_USER_INPUT", "progress of an earlier pathway"
	case pg.CompletedAt == nil:
		a.want, a.why = "BAD_USER_INPUT", "not reported done"
	case pg.VerifiedAt != nil:
		a.want, a.why = "CONFLICT", "already verified"
	default:
		a.why = "allowed"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		for _, x := range after.progress {
			if x.ID == pg.ID && x.VerifiedAt != nil && x.VerifiedAt.Equal(w.now()) && x.VerifiedByID != nil && *x.VerifiedByID == actor {
				return w.onlyChanged(before, after, "progress ")
			}
		}
		return []string{"the progress is not verified now by the actor"}
	}
	return a
}

func (w *rndWorld) createProposal(s *rndSnap) rndAction {
	// Mostly a candidate who has everything but the vote, else anyone.
	var ready []*ent.Membership
	for _, m := range s.ms {
		f := w.facts(s, m)
		f.AdmissionPassed = true
		if _, err := pathway.Check(f, pathway.Admit); err == nil {
			ready = append(ready, m)
		}
	}
	m, ok := rndPrefer(w, 0.7, ready)
	if !ok {
		m = w.someMembership(s, 0.85, membership.StateCANDIDATE)
	}
	coopID := m.CoopID
	kind := proposal.KindADMISSION
	if w.chance(0.12) {
		kind = proposal.KindGENERAL
	}
	actor := w.memberOr(s, coopID, 0.85)
	closesAt := w.now().Add(time.Duration(2*24+w.r.IntN(12*24)) * time.Hour)
	if w.chance(0.08) {
		closesAt = w.now().Add(-time.Hour)
	}
	in := map[string]any{"coopID": gid.Encode(coopID), "kind": string(kind), "title": "random " + string(kind),
		"closesAt": closesAt.Format(time.RFC3339)}
	desc := fmt.Sprintf("%s createProposal(%s in %s, closes %s)", w.label[actor], kind, w.coopName(coopID), closesAt.Format("Jan 2 15h"))
	if kind == proposal.KindADMISSION {
		in["membershipID"] = gid.Encode(m.ID)
		desc = fmt.Sprintf("%s createProposal(ADMISSION of %s, closes %s)", w.label[actor], w.msLabel(m), closesAt.Format("Jan 2 15h"))
	}
	a := rndAction{op: "createProposal", actor: actor, desc: desc,
		query: `mutation($in: CreateProposalInput!) { createProposal(input: $in) { proposal { id } } }`,
		vars:  map[string]any{"in": in},
	}
	openExists := false
	for _, pr := range s.proposals {
		openExists = openExists || (pr.MembershipID != nil && *pr.MembershipID == m.ID && pr.Status == proposal.StatusOPEN)
	}
	f := w.facts(s, m)
	f.AdmissionPassed = true
	_, err := pathway.Check(f, pathway.Admit)
	switch {
	case !w.canReadCoop(s, actor, coopID):
		a.want, a.why = "NOT_FOUND", "the actor cannot read the coop (C outside the network)"
	case !s.isActiveMember(actor, coopID):
		a.want, a.why = "FORBIDDEN", "not an active member"
	case !closesAt.After(w.now()):
		a.want, a.why = "BAD_USER_INPUT", "closesAt in the past"
	case kind == proposal.KindGENERAL:
		a.why = "allowed"
	case err != nil:
		a.want, a.why = "INVALID_TRANSITION", err.Error()
	case openExists:
		a.want, a.why = "CONFLICT", "an admission proposal is open already"
	default:
		a.why = "allowed"
	}
	co := w.coopByID(coopID)
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		var p rndProblems
		if len(after.proposals) != len(before.proposals)+1 {
			return []string{"no new proposal"}
		}
		pr := after.proposals[len(after.proposals)-1]
		if pr.Status != proposal.StatusOPEN || string(pr.Rule) != string(co.AdmissionRule) || pr.QuorumPercent != co.QuorumPercent ||
			!pr.OpenedAt.Equal(w.now()) || !pr.ClosesAt.Equal(closesAt) || pr.Kind != kind {
			p.addf("new proposal %d: %s %s rule %s quorum %d opened %s closes %s; want OPEN %s with the bylaws' %s/%d",
				pr.ID, pr.Kind, pr.Status, pr.Rule, pr.QuorumPercent, rndTS(&pr.OpenedAt), rndTS(&pr.ClosesAt), kind, co.AdmissionRule, co.QuorumPercent)
		}
		return append(p, w.onlyChanged(before, after, "proposal ")...)
	}
	return a
}

// someProposal is mostly an open one.
func (w *rndWorld) someProposal(s *rndSnap) *ent.Proposal {
	var open []*ent.Proposal
	for _, pr := range s.proposals {
		if pr.Status == proposal.StatusOPEN {
			open = append(open, pr)
		}
	}
	switch {
	case len(open) > 0 && w.chance(0.85):
		return rndOne(w.r, open)
	case len(s.proposals) > 0:
		return rndOne(w.r, s.proposals)
	}
	return nil
}

func (w *rndWorld) castVote(s *rndSnap) rndAction {
	// Mostly a member who has not voted on an open proposal, else random.
	type ballot struct {
		pr    *ent.Proposal
		voter int
	}
	var missing []ballot
	for _, pr := range s.proposals {
		if pr.Status != proposal.StatusOPEN || !w.now().Before(pr.ClosesAt) {
			continue
		}
		for _, voter := range s.activeMembers(pr.CoopID) {
			if voter == s.exclusionSubject(pr) {
				continue // (i): not in the electorate
			}
			if !slices.ContainsFunc(s.votes, func(v *ent.Vote) bool { return v.ProposalID == pr.ID && testkit.Deref(v.VoterID) == voter }) {
				missing = append(missing, ballot{pr, voter})
			}
		}
	}
	b, ok := rndPrefer(w, 0.6, missing)
	pr, actor := b.pr, b.voter
	if !ok {
		if pr = w.someProposal(s); pr == nil {
			return w.createProposal(s)
		}
		actor = w.memberOr(s, pr.CoopID, 0.75)
	}
	if pr.Electorate != proposal.ElectorateMEMBERS { // (j)
		id, bogus := w.idOrBogus(pr.ID)
		return w.castVoteOn(s, pr, actor, rndOne(w.r, []vote.Choice{vote.ChoiceYES, vote.ChoiceNO}), id, bogus)
	}
	choices := []vote.Choice{vote.ChoiceYES, vote.ChoiceYES, vote.ChoiceYES, vote.ChoiceYES, vote.ChoiceYES,
		vote.ChoiceNO, vote.ChoiceNO, vote.ChoiceABSTAIN, vote.ChoiceBLOCK}
	choice := rndOne(w.r, choices)
	id, bogus := w.idOrBogus(pr.ID)
	a := rndAction{op: "castVote", actor: actor,
		desc:  fmt.Sprintf("%s castVote(proposal %d %s, %s)", w.label[actor], pr.ID, pr.Status, choice),
		query: `mutation($p: ID!, $c: VoteChoice!) { castVote(proposalID: $p, choice: $c, reason: "random") { vote { id } } }`,
		vars:  map[string]any{"p": id, "c": string(choice)},
	}
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such proposal", a.desc+" [bogus ID]"
	case !w.canReadProposal(s, actor, pr):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the proposal"
	case !s.isActiveMember(actor, pr.CoopID):
		a.want, a.why = "FORBIDDEN", "not an active member"
	case pr.Status != proposal.StatusOPEN || !w.now().Before(pr.ClosesAt):
		a.want, a.why = "CONFLICT", "voting has ended"
	case s.exclusionSubject(pr) == actor:
		a.want, a.why = "FORBIDDEN", "the member concerned does not vote on their exclusion"
		w.effects["vote on own exclusion refused"]++
	default:
		a.why = "allowed"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		n := 0
		for _, v := range after.votes {
			if v.ProposalID == pr.ID && testkit.Deref(v.VoterID) == actor {
				n++
				if v.Choice != choice || !v.CastAt.Equal(w.now()) {
					return []string{fmt.Sprintf("vote %d is %s at %s, want %s now", v.ID, v.Choice, rndTS(&v.CastAt), choice)}
				}
			}
		}
		if n != 1 {
			return []string{fmt.Sprintf("%d votes of the actor on proposal %d, want 1", n, pr.ID)}
		}
		return w.onlyChanged(before, after, "vote ")
	}
	return a
}

func (w *rndWorld) closeProposal(s *rndSnap) rndAction {
	// Mostly one that may close now, else random.
	var closable []*ent.Proposal
	for _, pr := range s.proposals {
		if eligible, count := w.tally(s, pr); pr.Status == proposal.StatusOPEN && (!w.now().Before(pr.ClosesAt) || count.Cast() >= eligible) {
			closable = append(closable, pr)
		}
	}
	pr, ok := rndPrefer(w, 0.6, closable)
	if !ok {
		if pr = w.someProposal(s); pr == nil {
			return w.createProposal(s)
		}
	}
	if pr.Electorate != proposal.ElectorateMEMBERS {
		return w.closeFed(s, pr) // (j)
	}
	actor := w.memberOr(s, pr.CoopID, 0.85)
	id, bogus := w.idOrBogus(pr.ID)
	about := ""
	var m *ent.Membership
	if pr.MembershipID != nil {
		m = s.membership(*pr.MembershipID)
		about = " about " + w.msLabel(m)
	}
	a := rndAction{op: "closeProposal", actor: actor,
		desc: fmt.Sprintf("%s closeProposal(%d %s %s%s, closes %s)", w.label[actor], pr.ID, pr.Kind, pr.Status, about, pr.ClosesAt.Format("Jan 2 15h")),
		query: `mutation($p: ID!) { closeProposal(proposalID: $p) {
			proposal { id status closedAt } outcome { passed eligibleVoters yes no abstain block } } }`,
		vars: map[string]any{"p": id},
	}
	eligible, count := w.tally(s, pr)
	outcome, decideErr := decision.Decide(governance.RuleOf(pr), eligible, count)
	if bogus == "" && pr.Status == proposal.StatusOPEN && !w.now().Before(pr.ClosesAt) && s.isActiveMember(actor, pr.CoopID) {
		a.mustSucceed = "a member closes an open proposal past its closesAt"
	}
	var admitErr error
	effect := "" // ADMIT or DECLINE when the candidate moves
	withdrawn := m != nil && m.State != membership.StateCANDIDATE
	if pr.Kind == proposal.KindEXCLUSION { // (i)
		withdrawn = m != nil && !rndExcludable(m.State)
	}
	if decideErr == nil && pr.Kind == proposal.KindADMISSION && m != nil && m.State == membership.StateCANDIDATE {
		t := pathway.Decline
		f := w.facts(s, m)
		f.AdmissionFailed, f.AdmissionPassed = !outcome.Passed, outcome.Passed
		if _, err := pathway.Check(f, t); outcome.Passed && err != nil {
			w.effects["ADMIT with guards that changed since the proposal opened"]++
		}
		f.GuardsFrozen = true // checked when the proposal opened
		if outcome.Passed {
			t = pathway.Admit
		}
		_, admitErr = pathway.Check(f, t)
		effect = string(t)
	}
	if decideErr == nil && pr.Kind == proposal.KindEXCLUSION && !withdrawn && outcome.Passed {
		effect = string(pathway.Exclude) // (i)
	}
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such proposal", a.desc+" [bogus ID]"
	case !w.canReadProposal(s, actor, pr):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the proposal"
	case !s.isActiveMember(actor, pr.CoopID):
		a.want, a.why = "FORBIDDEN", "not an active member"
	case pr.Status != proposal.StatusOPEN:
		a.want, a.why = "CONFLICT", "closed already"
	case w.now().Before(pr.ClosesAt) && count.Cast() < eligible:
		a.want, a.why = "CONFLICT", fmt.Sprintf("still open, %d of %d voted", count.Cast(), eligible)
	case decideErr != nil:
		a.want, a.why = "INTERNAL", decideErr.Error()
	case admitErr != nil:
		a.want, a.why = "INVALID_TRANSITION", "the admission's effect is refused: "+admitErr.Error()
	default:
		a.why = fmt.Sprintf("%d eligible, votes %+v: passed=%v %s", eligible, count, outcome.Passed, effect)
	}
	a.post = func(data json.RawMessage, before, after *rndSnap) []string {
		var p rndProblems
		var out struct {
			CloseProposal struct {
				Outcome struct {
					Passed                                  bool
					EligibleVoters, Yes, No, Abstain, Block int
				}
			}
		}
		if err := json.Unmarshal(data, &out); err != nil {
			return []string{err.Error()}
		}
		o := out.CloseProposal.Outcome
		if withdrawn {
			if o.Passed || after.proposal(pr.ID).Status != proposal.StatusWITHDRAWN {
				p.addf("%s of a membership that is %s: %+v, status %s; want WITHDRAWN", pr.Kind, m.State, o, after.proposal(pr.ID).Status)
			}
			w.effects[string(pr.Kind)+" withdrawn at close"]++
			return append(p, w.onlyChanged(before, after, "proposal ")...)
		}
		if !w.now().Before(pr.ClosesAt) && len(s.activeMembers(pr.CoopID)) != eligible {
			w.effects["closed after closesAt with a changed electorate"]++
		}
		if o.Passed != outcome.Passed || o.EligibleVoters != eligible || o.Yes != count.Yes || o.No != count.No || o.Abstain != count.Abstain || o.Block != count.Block {
			p.addf("outcome %+v, the model counts %d eligible, %+v, passed=%v", o, eligible, count, outcome.Passed)
		}
		got := after.proposal(pr.ID)
		want := proposal.StatusREJECTED
		if outcome.Passed {
			want = proposal.StatusPASSED
		}
		if got.Status != want || got.ClosedAt == nil || !got.ClosedAt.Equal(w.now()) {
			p.addf("proposal %d is %s closed at %s, want %s now", pr.ID, got.Status, rndTS(got.ClosedAt), want)
		}
		if pr.Kind == proposal.KindSURPLUS {
			p = append(p, w.checkSurplusClosed(pr, outcome.Passed, before, after)...)
			return append(p, w.onlyChanged(before, after, "proposal ", "distribution ", "part ")...)
		}
		if pr.Kind == proposal.KindCOOP_VOTE || pr.Kind == proposal.KindPROJECT_GENERAL {
			return append(p, w.closedCoopProposal(pr, outcome, before, after)...) // (j)
		}
		if pr.Kind == proposal.KindBYLAWS {
			want := before.coop(pr.CoopID)
			if outcome.Passed {
				want = rndApplyBylaws(*want, pr.BylawsChange)
				w.effects["bylaws changed by decision"]++
				for _, other := range before.proposals {
					if other.CoopID == pr.CoopID && other.ID != pr.ID && other.Status == proposal.StatusOPEN {
						w.effects["bylaws changed while a proposal is open"]++
						break
					}
				}
			}
			if got := rndCoopLine(after.coop(pr.CoopID)); got != rndCoopLine(want) {
				p.addf("after closing the BYLAWS proposal (passed=%v) the coop reads %s, want %s", outcome.Passed, got, rndCoopLine(want))
			}
			return append(p, w.onlyChanged(before, after, "proposal ", "coop ")...)
		}
		if effect == "" {
			switch {
			case pr.Kind == proposal.KindEXCLUSION:
				w.effects["exclusion rejected"]++
			case m != nil:
				w.effects["admission closed, membership no longer CANDIDATE"]++
			}
			return append(p, w.onlyChanged(before, after, "proposal ")...)
		}
		moved := after.membership(m.ID)
		w.effects[effect]++
		if effect == string(pathway.Exclude) {
			p = append(p, w.checkLeft(m, moved, membership.LeftReasonEXCLUDED)...)
		}
		if pr.Kind == proposal.KindADMISSION && pr.OpenedAt.Before(m.StateSince) {
			w.effects[effect+" by a proposal opened before the current candidacy"]++
		}
		p = append(p, w.checkMoved(before, after, moved, true, actor, &pr.ID)...)
		return append(p, w.onlyChanged(before, after, "proposal ", "membership ", "event ")...)
	}
	return a
}

func (w *rndWorld) advanceClock(*rndSnap) rndAction {
	days := 1 + w.r.IntN(5)
	hours := 0
	if w.chance(0.3) {
		hours = w.r.IntN(24)
	}
	return rndAction{op: "clock", desc: fmt.Sprintf("clock +%dd%dh", days, hours), local: func() {
		w.clk.Advance(time.Duration(days)*24*time.Hour + time.Duration(hours)*time.Hour)
	}}
}

// readPathway reads a pathway and compares it with the database and the
// state machine.
func (w *rndWorld) readPathway(s *rndSnap) rndAction {
	m := rndOne(w.r, s.ms)
	actor := m.PersonID
	if w.chance(0.5) {
		actor = w.anyPerson()
	}
	a := rndAction{op: "pathway", actor: actor,
		desc: fmt.Sprintf("%s pathway(%s)", w.label[actor], w.msLabel(m)),
		query: `query($m: ID!) { pathway(membershipID: $m) {
			state since history { id fromState toState at } next { transition to allowed } } }`,
		vars: map[string]any{"m": gid.Encode(m.ID)},
	}
	a.why = "readable"
	if !w.canReadMembership(s, actor, m) {
		a.want, a.why = "NOT_FOUND", "the actor cannot see the membership"
	}
	f, history := w.facts(s, m), s.history(m.ID)
	a.post = func(data json.RawMessage, before, after *rndSnap) []string {
		var p rndProblems
		if d := rndDiff(before, after); len(d) > 0 {
			p.addf("reading the pathway changed the database:\n\t\t%s", strings.Join(d, "\n\t\t"))
		}
		var out struct {
			Pathway *struct {
				State   string
				Since   time.Time
				History []struct {
					ID        string
					FromState *string
					ToState   string
					At        time.Time
				}
				Next []struct {
					Transition, To string
					Allowed        bool
				}
			}
		}
		if err := json.Unmarshal(data, &out); err != nil {
			return []string{err.Error()}
		}
		if out.Pathway == nil {
			return []string{"pathway is null"}
		}
		pw := out.Pathway
		if pw.State != string(m.State) || !pw.Since.Equal(m.StateSince) {
			p.addf("pathway says %s since %s, the database %s since %s", pw.State, pw.Since, m.State, rndTS(&m.StateSince))
		}
		if len(pw.History) != len(history) {
			p.addf("pathway history has %d events, the database %d", len(pw.History), len(history))
		} else {
			for i, e := range history {
				h := pw.History[i]
				if h.ID != gid.Encode(e.ID) || h.ToState != string(e.ToState) || !h.At.Equal(e.At) {
					p.addf("pathway history[%d] = %s → %s at %s, the database has event %d → %s at %s", i, h.ID, h.ToState, h.At, e.ID, e.ToState, rndTS(&e.At))
				}
			}
		}
		opts := pathway.Options(f)
		if len(pw.Next) != len(opts) {
			p.addf("pathway next has %d options, the state machine %d", len(pw.Next), len(opts))
		} else {
			for i, o := range opts {
				if n := pw.Next[i]; n.Transition != string(o.Transition) || n.To != string(o.To) || n.Allowed != o.Allowed {
					p.addf("pathway next[%d] = %s → %s allowed=%v, the state machine says %s → %s allowed=%v", i, n.Transition, n.To, n.Allowed, o.Transition, o.To, o.Allowed)
				}
			}
		}
		return p
	}
	return a
}

// ---- bylaws, time and surplus (issue 21) ------------------------------------

func rndCoopLine(c *ent.Coop) string {
	former := "-"
	if c.SurplusIncludesFormerMembers != nil {
		former = strconv.FormatBool(*c.SurplusIncludesFormerMembers)
	}
	return fmt.Sprintf("coop %d candidacy %d right-to-join %d buy-in %s rule %s quorum %d surplus share %s former members %s network votes %s delegate %s",
		c.ID, c.CandidacyDays, c.FreelancerRightToJoinDays, rndInt(c.BuyInCents), c.AdmissionRule, c.QuorumPercent,
		rndInt(c.SurplusSharePercent), former, c.NetworkVotes, rndInt(c.NetworkDelegateID))
}

// rndFrozen is what a proposal fixes when it opens: it never changes after.
func rndFrozen(p *ent.Proposal) string {
	return fmt.Sprintf("rule %s quorum %d membership %s opened %s closes %s year %s surplus %s %s percent %s network %s electorate %s subject %s parent %s project %s",
		p.Rule, p.QuorumPercent, rndInt(p.MembershipID), rndTS(&p.OpenedAt), rndTS(&p.ClosesAt),
		rndInt(p.FiscalYear), rndInt(p.SurplusCents), rndInt(p.SurplusCurrency), rndInt(p.DistributedPercent),
		rndInt(p.NetworkID), p.Electorate, rndInt(p.SubjectCoopID), rndInt(p.ParentID), rndInt(p.ProjectID))
}

// rndYearEnd is when a fiscal year (a calendar year in UTC) ends.
func rndYearEnd(year int) time.Time { return time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC) }

// rndPatronage is the model of a year's patronage in a coop, from the
// snapshot: the persons who were MEMBER at some moment of the year
// (replaying each membership's events: a MEMBER period starts with an
// event to MEMBER and ends with the next event), without those who are no
// longer MEMBER or PAUSED unless includeFormer, each with the minutes they
// logged on the coop's share on days they were a MEMBER. Ordered by person.
func (w *rndWorld) rndPatronage(s *rndSnap, coopID, year int, includeFormer bool) (persons []int, minutes []int64) {
	from, to := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), rndYearEnd(year)
	overlaps := func(pf, pt, f, t time.Time) bool { return pf.Before(t) && (pt.IsZero() || pt.After(f)) }
	ms := slices.Clone(s.ms)
	slices.SortFunc(ms, func(a, b *ent.Membership) int { return cmp.Compare(a.PersonID, b.PersonID) })
	for _, m := range ms {
		if m.CoopID != coopID || !includeFormer && m.State != membership.StateMEMBER && m.State != membership.StatePAUSED {
			continue
		}
		type span struct{ from, to time.Time }
		var spans []span
		evs := s.history(m.ID)
		for i, e := range evs {
			if e.ToState != pathwayevent.ToStateMEMBER {
				continue
			}
			sp := span{from: e.At}
			if i+1 < len(evs) {
				sp.to = evs[i+1].At
			}
			if overlaps(sp.from, sp.to, from, to) {
				spans = append(spans, sp)
			}
		}
		if len(spans) == 0 {
			continue
		}
		var n int64
		for _, e := range s.entries {
			if e.PersonID != m.PersonID || e.ShareID != w.shares[coopID].ID {
				continue
			}
			day := time.Date(e.Date.Year(), e.Date.Month(), e.Date.Day(), 0, 0, 0, 0, time.UTC)
			if day.Before(from) || !day.Before(to) {
				continue
			}
			if slices.ContainsFunc(spans, func(sp span) bool { return overlaps(sp.from, sp.to, day, day.AddDate(0, 0, 1)) }) {
				n += int64(e.Minutes)
			}
		}
		persons, minutes = append(persons, m.PersonID), append(minutes, n)
	}
	return persons, minutes
}

func rndIncludesFormer(c *ent.Coop) bool {
	return c.SurplusIncludesFormerMembers == nil || *c.SurplusIncludesFormerMembers
}

// surplusInvariants, after every step:
//
//	(g) a proposal's terms (rule, quorum, candidate, dates, and a SURPLUS
//	    proposal's year, surplus and percent) stay as it opened, whatever
//	    the bylaws say since;
//	(h) at most one distribution per coop and year, only of a year that had
//	    ended, by a PASSED SURPLUS proposal of that coop and year closed at
//	    that moment, with its frozen terms; distributed is money.PercentOf
//	    the surplus, retained the rest, the parts sum to distributed to the
//	    cent, and each part's minutes are the minutes its person logged for
//	    the coop that year while MEMBER, as the database says now.
func (w *rndWorld) surplusInvariants(s *rndSnap) []string {
	var p rndProblems
	for _, pr := range s.proposals {
		if was, ok := w.frozen[pr.ID]; !ok {
			w.frozen[pr.ID] = rndFrozen(pr)
		} else if now := rndFrozen(pr); now != was {
			p.addf("(g) proposal %d opened with %s, now says %s", pr.ID, was, now)
		}
		if (pr.Kind == proposal.KindSURPLUS) != (pr.FiscalYear != nil && pr.SurplusCents != nil && pr.DistributedPercent != nil) {
			p.addf("(g) %s proposal %d has terms %s", pr.Kind, pr.ID, rndFrozen(pr))
		}
	}
	perYear := map[[2]int]int{}
	for _, d := range s.dists {
		perYear[[2]int{d.CoopID, d.FiscalYear}]++
		if n := perYear[[2]int{d.CoopID, d.FiscalYear}]; n == 2 {
			p.addf("(h) coop %s has %d distributions of %d", w.coopName(d.CoopID), n, d.FiscalYear)
		}
		if d.RecordedAt.Before(rndYearEnd(d.FiscalYear)) {
			p.addf("(h) distribution %d of %d recorded at %s, before the year ended", d.ID, d.FiscalYear, rndTS(&d.RecordedAt))
		}
		if money.ValidatePercent(d.DistributedPercent) != nil || d.SurplusCents < 0 ||
			d.DistributedCents != money.PercentOf(d.SurplusCents, d.DistributedPercent) || d.DistributedCents+d.RetainedCents != d.SurplusCents {
			p.addf("(h) distribution %d: %d%% of %d is %d distributed and %d retained", d.ID, d.DistributedPercent, d.SurplusCents, d.DistributedCents, d.RetainedCents)
		}
		var pr *ent.Proposal
		if d.ProposalID != nil {
			pr = s.proposal(*d.ProposalID)
		}
		switch {
		case pr == nil:
			p.addf("(h) distribution %d decided by no proposal", d.ID)
		case pr.Kind != proposal.KindSURPLUS || pr.Status != proposal.StatusPASSED || pr.CoopID != d.CoopID || pr.ClosedAt == nil || !pr.ClosedAt.Equal(d.RecordedAt):
			p.addf("(h) distribution %d of coop %s recorded at %s by proposal %d: %s %s of coop %s closed %s", d.ID, w.coopName(d.CoopID),
				rndTS(&d.RecordedAt), pr.ID, pr.Kind, pr.Status, w.coopName(pr.CoopID), rndTS(pr.ClosedAt))
		case rndDeref(pr.FiscalYear) != d.FiscalYear || rndDeref64(pr.SurplusCents) != d.SurplusCents || rndDeref(pr.DistributedPercent) != d.DistributedPercent ||
			rndInt(pr.SurplusCurrency) != d.Currency:
			p.addf("(h) distribution %d (%d: %d%% of %d %s) differs from its proposal's terms %s", d.ID, d.FiscalYear, d.DistributedPercent, d.SurplusCents, d.Currency, rndFrozen(pr))
		}
		// The parts: the sum, and each part's basis as the database says now.
		persons, minutes := w.rndPatronage(s, d.CoopID, d.FiscalYear, true)
		var sum int64
		for _, x := range s.parts {
			if x.DistributionID != d.ID {
				continue
			}
			sum += x.AmountCents
			if x.AmountCents < 0 || x.Currency != d.Currency {
				p.addf("(h) part %d of distribution %d: %d %s", x.ID, d.ID, x.AmountCents, x.Currency)
			}
			i := slices.Index(persons, x.PersonID)
			switch {
			case i < 0:
				p.addf("(h) part %d of distribution %d goes to %s, who was no MEMBER of coop %s in %d", x.ID, d.ID, w.label[x.PersonID], w.coopName(d.CoopID), d.FiscalYear)
			case minutes[i] != x.Minutes:
				p.addf("(h) part %d of distribution %d (%d): %s has %d minutes, the database now says %d minutes worked as MEMBER that year",
					x.ID, d.ID, d.FiscalYear, w.label[x.PersonID], x.Minutes, minutes[i])
			}
		}
		if sum != d.DistributedCents {
			p.addf("(h) the parts of distribution %d sum to %d, distributed is %d", d.ID, sum, d.DistributedCents)
		}
	}
	return p
}

func rndDeref64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// checkSurplusClosed checks the effect of closing SURPLUS proposal pr: when
// it passed and the year has a basis, exactly its distribution is recorded
// now, split by the model's patronage with the bylaws' former-members
// option as it stood at the close; otherwise nothing.
func (w *rndWorld) checkSurplusClosed(pr *ent.Proposal, passed bool, before, after *rndSnap) []string {
	var p rndProblems
	year, pct := *pr.FiscalYear, *pr.DistributedPercent
	co := before.coop(pr.CoopID)
	include := rndIncludesFormer(co)
	persons, minutes := w.rndPatronage(before, pr.CoopID, year, include)
	distributed := money.PercentOf(*pr.SurplusCents, pct)
	amounts, basisErr := money.LargestRemainder(distributed, minutes)
	already := slices.ContainsFunc(before.dists, func(d *ent.SurplusDistribution) bool { return d.CoopID == pr.CoopID && d.FiscalYear == year })
	var added []*ent.SurplusDistribution
	for _, d := range after.dists {
		if !slices.ContainsFunc(before.dists, func(x *ent.SurplusDistribution) bool { return x.ID == d.ID }) {
			added = append(added, d)
		}
	}
	if !passed || already || basisErr != nil {
		if len(added) > 0 {
			p.addf("closing SURPLUS proposal %d (passed=%v, distributed before=%v, basis %v) recorded distribution %d", pr.ID, passed, already, basisErr, added[0].ID)
		}
		w.effects[fmt.Sprintf("SURPLUS closed, passed=%v, no distribution", passed)]++
		return p
	}
	if len(added) != 1 {
		return []string{fmt.Sprintf("the passed SURPLUS proposal %d recorded %d distributions, want 1", pr.ID, len(added))}
	}
	d := added[0]
	if d.CoopID != pr.CoopID || d.FiscalYear != year || d.SurplusCents != *pr.SurplusCents || d.DistributedPercent != pct ||
		d.DistributedCents != distributed || !d.RecordedAt.Equal(w.now()) || d.ProposalID == nil || *d.ProposalID != pr.ID {
		p.addf("distribution %d: coop %d year %d %d%% of %d = %d at %s by proposal %s; want coop %d year %d %d%% of %d = %d now by proposal %d",
			d.ID, d.CoopID, d.FiscalYear, d.DistributedPercent, d.SurplusCents, d.DistributedCents, rndTS(&d.RecordedAt), rndInt(d.ProposalID),
			pr.CoopID, year, pct, *pr.SurplusCents, distributed, pr.ID)
	}
	var got []string
	for _, x := range after.parts {
		if x.DistributionID == d.ID {
			got = append(got, fmt.Sprintf("%s %d min %d", w.label[x.PersonID], x.Minutes, x.AmountCents))
		}
	}
	var want []string
	former := 0
	for i, id := range persons {
		want = append(want, fmt.Sprintf("%s %d min %d", w.label[id], minutes[i], amounts[i]))
		if st := before.stateOf(id, pr.CoopID); st != membership.StateMEMBER && st != membership.StatePAUSED {
			former++
		}
	}
	if !slices.Equal(got, want) {
		p.addf("distribution %d of %d (former members included: %v) has parts %v, want %v", d.ID, year, include, got, want)
	}
	w.effects["SURPLUS passed, distributed"]++
	if former > 0 {
		w.effects["surplus distributed to former members"]++
	}
	if !include {
		for _, m := range before.ms {
			if m.CoopID == pr.CoopID && (m.State == membership.StateLEFT || m.State == membership.StateINTERESTED) && !slices.Contains(persons, m.PersonID) {
				if ps, _ := w.rndPatronage(before, pr.CoopID, year, true); slices.Contains(ps, m.PersonID) {
					w.effects["surplus distributed without a former member (bylaws)"]++
					break
				}
			}
		}
	}
	return p
}

// proposeBylawsChange puts a random change of a coop's bylaws to its
// decision; closeProposal applies it when it passes (rndApplyBylaws).
func (w *rndWorld) proposeBylawsChange(s *rndSnap) rndAction {
	co := s.coop(w.coopA.ID)
	if w.chance(0.25) {
		co = s.coop(w.coopB.ID)
	}
	actor := w.memberOr(s, co.ID, 0.75)
	in := map[string]any{}
	var invalid []string
	pick := func(p float64, bad, good int) int {
		if w.chance(p) {
			return bad
		}
		return good
	}
	for len(in) == 0 {
		if w.chance(0.3) {
			n := pick(0.06, rndOne(w.r, []int{-1, 3651}), w.r.IntN(25))
			in["candidacyDays"] = n
			if n < 0 || n > 3650 {
				invalid = append(invalid, "candidacyDays")
			}
		}
		if w.chance(0.2) {
			n := pick(0.06, -3, w.r.IntN(30))
			in["freelancerRightToJoinDays"] = n
			if n < 0 {
				invalid = append(invalid, "freelancerRightToJoinDays")
			}
		}
		if w.chance(0.25) {
			cents, cur := int64(w.r.IntN(5))*100_000, co.Currency
			if w.chance(0.1) {
				cur = "CHF"
				invalid = append(invalid, "buyIn currency")
			}
			in["buyIn"] = map[string]any{"amount": cents, "currency": cur}
		}
		if w.chance(0.25) {
			q := pick(0.06, 101, rndOne(w.r, []int{0, 34, 50, 75, 100}))
			in["quorumPercent"] = q
			if q > 100 {
				invalid = append(invalid, "quorumPercent")
			}
		}
		if w.chance(0.25) {
			r := rndOne(w.r, []coop.AdmissionRule{coop.AdmissionRuleCONSENSUS, coop.AdmissionRuleTWO_THIRDS, coop.AdmissionRuleSIMPLE_MAJORITY})
			in["admissionRule"] = string(r)
		}
		if w.chance(0.3) {
			n := pick(0.06, 120, rndOne(w.r, []int{0, 50, 75, 100, w.r.IntN(101)}))
			in["surplusSharePercent"] = n
			if n > 100 {
				invalid = append(invalid, "surplusSharePercent")
			}
		}
		if w.chance(0.3) {
			b := w.chance(0.5)
			in["surplusIncludesFormerMembers"] = b
		}
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range in {
			if !yield(k) {
				return
			}
		}
	})
	var desc []string
	for _, k := range keys {
		v, _ := json.Marshal(in[k])
		desc = append(desc, k+"="+string(v))
	}
	closesAt := w.now().Add(time.Duration(2*24+w.r.IntN(12*24)) * time.Hour)
	if w.chance(0.05) {
		closesAt = w.now().Add(-time.Hour)
	}
	a := rndAction{op: "proposeBylawsChange", actor: actor,
		desc: fmt.Sprintf("%s proposeBylawsChange(%s: %s, closes %s)", w.label[actor], w.coopName(co.ID), strings.Join(desc, " "),
			closesAt.Format("Jan 2 15h")),
		query: `mutation($in: ProposeBylawsChangeInput!) { proposeBylawsChange(input: $in) { proposal { id } } }`,
		vars: map[string]any{"in": map[string]any{"coopID": gid.Encode(co.ID), "title": "random bylaws change",
			"closesAt": closesAt.Format(time.RFC3339), "change": in}},
	}
	switch {
	case !s.isActiveMember(actor, co.ID):
		a.want, a.why = "FORBIDDEN", "only the coop's active members propose bylaws changes"
	case !closesAt.After(w.now()):
		a.want, a.why = "BAD_USER_INPUT", "closesAt in the past"
	case len(invalid) > 0:
		a.want, a.why = "BAD_USER_INPUT", "invalid: "+strings.Join(invalid, ", ")
	default:
		a.why = "a member proposes a bylaws change"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		var p rndProblems
		if got := rndCoopLine(after.coop(co.ID)); got != rndCoopLine(before.coop(co.ID)) {
			p.addf("proposing a bylaws change changed the coop to %s", got)
		}
		return append(p, w.onlyChanged(before, after, "proposal ")...)
	}
	return a
}

// rndApplyBylaws is the coop after a passed BYLAWS proposal: its change on
// top of the bylaws as they are at the close.
func rndApplyBylaws(c ent.Coop, ch bylaws.Change) *ent.Coop {
	set := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.CandidacyDays, ch.CandidacyDays)
	set(&c.FreelancerRightToJoinDays, ch.FreelancerRightToJoinDays)
	set(&c.QuorumPercent, ch.QuorumPercent)
	if ch.BuyInCents != nil {
		c.BuyInCents = ch.BuyInCents
	}
	if ch.SurplusSharePercent != nil {
		c.SurplusSharePercent = ch.SurplusSharePercent
	}
	if ch.SurplusIncludesFormerMembers != nil {
		c.SurplusIncludesFormerMembers = ch.SurplusIncludesFormerMembers
	}
	if ch.DefaultRule != nil {
		c.AdmissionRule = coop.AdmissionRule(*ch.DefaultRule)
	}
	return &c
}

func (w *rndWorld) logTime(s *rndSnap) rndAction {
	co := w.coopA
	if w.chance(0.25) {
		co = w.coopB
	}
	share := w.shares[co.ID]
	actor := w.memberOr(s, co.ID, 0.8)
	today := w.now().Truncate(24 * time.Hour)
	day := today.AddDate(0, 0, -w.r.IntN(10))
	switch x := w.r.Float64(); {
	case x < 0.05:
		day = today.AddDate(0, 0, 1)
	case x < 0.08:
		day = w.project.StartsOn.AddDate(0, 0, -1)
	case x < 0.25 && w.now().After(rndYearEnd(2026)):
		day = rndYearEnd(2026).AddDate(0, 0, -1-w.r.IntN(5)) // late time for a year that has ended
	}
	minutes := 30 * (1 + w.r.IntN(16))
	if w.chance(0.05) {
		minutes = rndOne(w.r, []int{0, 1441})
	}
	a := rndAction{op: "logTime", actor: actor,
		desc:  fmt.Sprintf("%s logTime(%s's share, %s, %d min)", w.label[actor], w.coopName(co.ID), day.Format("2006-01-02"), minutes),
		query: `mutation($in: LogTimeInput!) { logTime(input: $in) { timeEntry { id } } }`,
		vars: map[string]any{"in": map[string]any{"shareID": gid.Encode(share.ID), "date": day.Format(time.RFC3339),
			"minutes": minutes, "note": "random"}},
	}
	var that int // the actor's minutes on that day
	for _, e := range s.entries {
		if e.PersonID == actor && e.Date.Equal(day) {
			that += e.Minutes
		}
	}
	readable := func(id int) bool {
		st := s.stateOf(actor, id)
		return st == membership.StateMEMBER || st == membership.StatePAUSED
	}
	switch {
	case !readable(w.coopA.ID) && !readable(w.coopB.ID) && !(actor == w.fed.freelancer && s.project.Deciders == project.DecidersSHARE_HOLDERS):
		a.want, a.why = "NOT_FOUND", "the actor reads no share of the project"
	case !s.isActiveMember(actor, co.ID):
		a.want, a.why = "FORBIDDEN", "not an active member of the coop holding the share"
	case minutes < 1 || minutes > 1440:
		a.want, a.why = "BAD_USER_INPUT", "minutes out of range"
	case day.After(w.now()) || day.Before(*w.project.StartsOn):
		a.want, a.why = "BAD_USER_INPUT", "outside the open period"
	case slices.ContainsFunc(s.dists, func(d *ent.SurplusDistribution) bool { return d.CoopID == co.ID && d.FiscalYear == day.Year() }):
		a.want, a.why = "BAD_USER_INPUT", fmt.Sprintf("the surplus of %d is distributed: the year is closed", day.Year())
	case that+minutes > 1440:
		a.want, a.why = "BAD_USER_INPUT", fmt.Sprintf("%d minutes logged that day already", that)
	default:
		a.why = "allowed"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		if len(after.entries) != len(before.entries)+1 {
			return []string{"no new time entry"}
		}
		e := after.entries[len(after.entries)-1]
		if e.PersonID != actor || e.ShareID != share.ID || !e.Date.Equal(day) || e.Minutes != minutes {
			return []string{fmt.Sprintf("new entry %d: person %d share %d %s %d min", e.ID, e.PersonID, e.ShareID, rndTS(&e.Date), e.Minutes)}
		}
		if day.Before(rndYearEnd(2026)) && !w.now().Before(rndYearEnd(2026)) {
			w.effects["time logged for an ended year"]++
		}
		return w.onlyChanged(before, after, "entry ")
	}
	return a
}

func (w *rndWorld) proposeSurplus(s *rndSnap) rndAction {
	co := s.coop(w.coopA.ID)
	if w.chance(0.25) {
		co = s.coop(w.coopB.ID)
	}
	actor := w.memberOr(s, co.ID, 0.85)
	year := 2026
	switch x := w.r.Float64(); {
	case x < 0.15:
		year = 2025
	case x < 0.3:
		year = 2027
	}
	surplus := int64(w.r.IntN(10_000_000)) + 1
	if w.chance(0.05) {
		surplus = 0
	}
	cur := co.Currency
	if w.chance(0.04) {
		cur = "CHF"
	}
	in := map[string]any{"coopID": gid.Encode(co.ID), "fiscalYear": year, "surplus": map[string]any{"amount": surplus, "currency": cur},
		"overrideReason": "random"} // an amount overrides the books (issue 17)
	pct := *co.SurplusSharePercent
	pctDesc := "bylaws"
	if w.chance(0.35) {
		pct = pick3(w, 0.08, 150, w.r.IntN(101))
		in["distributedPercent"], pctDesc = pct, strconv.Itoa(pct)
	}
	closesAt := w.now().Add(time.Duration(2*24+w.r.IntN(10*24)) * time.Hour)
	if w.chance(0.05) {
		closesAt = w.now().Add(-time.Hour)
	}
	in["closesAt"] = closesAt.Format(time.RFC3339)
	a := rndAction{op: "proposeSurplusDistribution", actor: actor,
		desc: fmt.Sprintf("%s proposeSurplusDistribution(%s %d, %d %s, percent %s, closes %s)", w.label[actor], w.coopName(co.ID), year, surplus, cur,
			pctDesc, closesAt.Format("Jan 2 15h")),
		query: `mutation($in: ProposeSurplusDistributionInput!) { proposeSurplusDistribution(input: $in) { proposal { id } } }`,
		vars:  map[string]any{"in": in},
	}
	distributed := slices.ContainsFunc(s.dists, func(d *ent.SurplusDistribution) bool { return d.CoopID == co.ID && d.FiscalYear == year })
	open := slices.ContainsFunc(s.proposals, func(p *ent.Proposal) bool {
		return p.CoopID == co.ID && p.Status == proposal.StatusOPEN && p.FiscalYear != nil && *p.FiscalYear == year
	})
	var basisErr error
	if money.ValidatePercent(pct) == nil {
		_, minutes := w.rndPatronage(s, co.ID, year, rndIncludesFormer(co))
		_, basisErr = money.LargestRemainder(money.PercentOf(surplus, pct), minutes)
	}
	switch {
	case !s.isActiveMember(actor, co.ID):
		a.want, a.why = "FORBIDDEN", "not an active member"
	case !closesAt.After(w.now()):
		a.want, a.why = "BAD_USER_INPUT", "closesAt in the past"
	case cur != co.Currency:
		a.want, a.why = "BAD_USER_INPUT", "not the coop's currency"
	case money.ValidatePercent(pct) != nil:
		a.want, a.why = "BAD_USER_INPUT", "percent out of range"
	case w.now().Before(rndYearEnd(year)):
		a.want, a.why = "BAD_USER_INPUT", fmt.Sprintf("%d has not ended", year)
	case distributed:
		a.want, a.why = "CONFLICT", fmt.Sprintf("%d is distributed", year)
	case open:
		a.want, a.why = "CONFLICT", fmt.Sprintf("a SURPLUS proposal for %d is open", year)
	case basisErr != nil:
		a.want, a.why = "BAD_USER_INPUT", "nobody worked as a MEMBER that year: no basis"
	default:
		a.why = "allowed"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		var p rndProblems
		if len(after.proposals) != len(before.proposals)+1 {
			return []string{"no new proposal"}
		}
		pr := after.proposals[len(after.proposals)-1]
		if pr.Kind != proposal.KindSURPLUS || pr.Status != proposal.StatusOPEN || string(pr.Rule) != string(co.AdmissionRule) ||
			pr.QuorumPercent != co.QuorumPercent || !pr.OpenedAt.Equal(w.now()) || !pr.ClosesAt.Equal(closesAt) ||
			rndDeref(pr.FiscalYear) != year || rndDeref64(pr.SurplusCents) != surplus || rndDeref(pr.DistributedPercent) != pct {
			p.addf("new proposal %d: %s %s %s; want OPEN SURPLUS with the bylaws' %s/%d, closing %s, year %d, %d, %d%%",
				pr.ID, pr.Kind, pr.Status, rndFrozen(pr), co.AdmissionRule, co.QuorumPercent, rndTS(&closesAt), year, surplus, pct)
		}
		return append(p, w.onlyChanged(before, after, "proposal ")...)
	}
	return a
}

func pick3(w *rndWorld, p float64, bad, good int) int {
	if w.chance(p) {
		return bad
	}
	return good
}

// ---- exclusion of a member by decision (issue 15, item 5; invariant (i)) ----

func rndExcludable(st membership.State) bool {
	return st == membership.StateMEMBER || st == membership.StatePAUSED
}

// exclusionSubject is the person an EXCLUSION proposal is about, else 0.
func (s *rndSnap) exclusionSubject(pr *ent.Proposal) int {
	if pr.Kind != proposal.KindEXCLUSION || pr.MembershipID == nil {
		return 0
	}
	if m := s.membership(*pr.MembershipID); m != nil {
		return m.PersonID
	}
	return 0
}

// proposeExclusion asks, mostly as an active member, to exclude mostly a
// MEMBER or PAUSED member of the same coop (rarely a founder, who keeps the
// coops going), now and then anything else.
func (w *rndWorld) proposeExclusion(s *rndSnap) rndAction {
	var members []*ent.Membership
	for _, m := range s.ms {
		if rndExcludable(m.State) && (!w.founders[m.ID] || w.chance(0.15)) {
			members = append(members, m)
		}
	}
	m, ok := rndPrefer(w, 0.8, members)
	if !ok {
		m = w.someMembership(s, 0.3, membership.StateMEMBER, membership.StatePAUSED)
	}
	actor := w.memberOr(s, m.CoopID, 0.85)
	if actor == m.PersonID && w.chance(0.7) {
		actor = w.memberOr(s, m.CoopID, 0.85)
	}
	closesAt := w.now().Add(time.Duration(2*24+w.r.IntN(12*24)) * time.Hour)
	if w.chance(0.05) {
		closesAt = w.now().Add(-time.Hour)
	}
	id, bogus := w.idOrBogus(m.ID)
	a := rndAction{op: "proposeExclusion", actor: actor,
		desc:  fmt.Sprintf("%s proposeExclusion(%s, closes %s)", w.label[actor], w.msLabel(m), closesAt.Format("Jan 2 15h")),
		query: `mutation($in: ProposeExclusionInput!) { proposeExclusion(input: $in) { proposal { id } } }`,
		vars:  map[string]any{"in": map[string]any{"membershipID": id, "title": "random exclusion", "closesAt": closesAt.Format(time.RFC3339)}},
	}
	openExists := false
	for _, pr := range s.proposals {
		openExists = openExists || (pr.MembershipID != nil && *pr.MembershipID == m.ID && pr.Status == proposal.StatusOPEN)
	}
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such membership", a.desc+" [bogus ID]"
	case !w.canReadMembership(s, actor, m):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the membership"
	case !s.isActiveMember(actor, m.CoopID):
		a.want, a.why = "FORBIDDEN", "not an active member"
	case actor == m.PersonID:
		a.want, a.why = "BAD_USER_INPUT", "one's own exclusion: leave instead"
	case !closesAt.After(w.now()):
		a.want, a.why = "BAD_USER_INPUT", "closesAt in the past"
	case !rndExcludable(m.State):
		a.want, a.why = "BAD_USER_INPUT", "not a MEMBER or PAUSED member"
	case openExists:
		a.want, a.why = "CONFLICT", "a proposal about the membership is open already"
	default:
		a.why = "allowed"
	}
	rule := governance.CoopRule(w.coopByID(m.CoopID), proposal.KindEXCLUSION).Normalized()
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		var p rndProblems
		if len(after.proposals) != len(before.proposals)+1 {
			return []string{"no new proposal"}
		}
		pr := after.proposals[len(after.proposals)-1]
		if pr.Kind != proposal.KindEXCLUSION || pr.Status != proposal.StatusOPEN || pr.CoopID != m.CoopID ||
			rndDeref(pr.MembershipID) != m.ID || string(pr.Rule) != string(rule.Method) || pr.QuorumPercent != rule.QuorumPercent ||
			!pr.OpenedAt.Equal(w.now()) || !pr.ClosesAt.Equal(closesAt) || rndDeref(pr.AuthorID) != actor {
			p.addf("new proposal %d: %s %s of membership %s in coop %d rule %s quorum %d opened %s closes %s by %s; want an OPEN EXCLUSION of %s with the bylaws' %s/%d",
				pr.ID, pr.Kind, pr.Status, rndInt(pr.MembershipID), pr.CoopID, pr.Rule, pr.QuorumPercent, rndTS(&pr.OpenedAt), rndTS(&pr.ClosesAt),
				rndInt(pr.AuthorID), w.msLabel(m), rule.Method, rule.QuorumPercent)
		}
		w.effects["exclusion opened"]++
		return append(p, w.onlyChanged(before, after, "proposal ")...)
	}
	return a
}

// checkLeft checks a membership that just moved to LEFT: the reason, and
// the buy-in of its pathway added to what is owed back (governance.BuyInRefundOwed).
func (w *rndWorld) checkLeft(before, after *ent.Membership, reason membership.LeftReason) []string {
	var p rndProblems
	if after.LeftReason == nil || *after.LeftReason != reason {
		p.addf("(i) %s left with reason %s, want %s", w.msLabel(after), rndInt((*string)(after.LeftReason)), reason)
	}
	want := testkit.Deref(before.BuyInRefundOwedCents) + governance.BuyInRefundOwed(before)
	if got := testkit.Deref(after.BuyInRefundOwedCents); got != want {
		p.addf("(i) %s is owed %d back, want %d", w.msLabel(after), got, want)
	}
	if governance.BuyInRefundOwed(before) > 0 {
		w.effects[string(reason)+" with a buy-in refund owed"]++
	}
	return p
}

// exclusionEvent checks a MEMBER/PAUSED → LEFT event that names a proposal:
// the PASSED EXCLUSION of the membership, closed at that moment.
func (w *rndWorld) exclusionEvent(s *rndSnap, m *ent.Membership, e *ent.PathwayEvent) []string {
	var p rndProblems
	pr := s.proposal(*e.ProposalID)
	switch {
	case pr == nil:
		p.addf("(i) %s: event %d references missing proposal %d", w.msLabel(m), e.ID, *e.ProposalID)
	case pr.Kind != proposal.KindEXCLUSION || rndDeref(pr.MembershipID) != m.ID || pr.Status != proposal.StatusPASSED:
		p.addf("(i) %s: event %d → LEFT references proposal %d (%s %s about membership %s), not a passed exclusion of this membership",
			w.msLabel(m), e.ID, pr.ID, pr.Kind, pr.Status, rndInt(pr.MembershipID))
	case pr.ClosedAt == nil || !pr.ClosedAt.Equal(e.At):
		p.addf("(i) %s: event %d at %s, but exclusion %d closed at %s", w.msLabel(m), e.ID, rndTS(&e.At), pr.ID, rndTS(pr.ClosedAt))
	}
	return p
}

// exclusionInvariants checks (i) on a snapshot.
func (w *rndWorld) exclusionInvariants(s *rndSnap) []string {
	var p rndProblems
	for _, m := range s.ms {
		evs := s.history(m.ID)
		last := evs[len(evs)-1]
		switch {
		case m.State != membership.StateLEFT && m.LeftReason != nil:
			p.addf("(i) %s has a left reason (%s)", w.msLabel(m), *m.LeftReason)
		case m.State == membership.StateLEFT && m.LeftReason == nil:
			p.addf("(i) %s is LEFT without a reason", w.msLabel(m))
		case m.State == membership.StateLEFT && (*m.LeftReason == membership.LeftReasonEXCLUDED) != (last.ProposalID != nil):
			p.addf("(i) %s left with reason %s, its last event names proposal %s", w.msLabel(m), *m.LeftReason, rndInt(last.ProposalID))
		}
		owed := testkit.Deref(m.BuyInRefundOwedCents)
		if m.State == membership.StateLEFT && m.BuyInRecordedAt != nil && m.BuyInPathway == m.Pathway && owed < testkit.Deref(m.BuyInPaidCents) {
			p.addf("(i) %s left with a buy-in of %d on its pathway, but is owed %d", w.msLabel(m), testkit.Deref(m.BuyInPaidCents), owed)
		}
		if m.BuyInRecordedAt == nil && m.BuyInRefundOwedCents != nil {
			p.addf("(i) %s never paid a buy-in, but is owed %d", w.msLabel(m), owed)
		}
	}
	open := map[int]int{}
	for _, pr := range s.proposals {
		if pr.Kind != proposal.KindEXCLUSION {
			if pr.MembershipID != nil && pr.Status == proposal.StatusOPEN {
				open[*pr.MembershipID]++
			}
			continue
		}
		m := s.membership(rndDeref(pr.MembershipID))
		if m == nil || m.CoopID != pr.CoopID {
			p.addf("(i) exclusion %d of coop %s names membership %s of another coop", pr.ID, w.coopName(pr.CoopID), rndInt(pr.MembershipID))
			continue
		}
		if pr.Status == proposal.StatusOPEN {
			open[m.ID]++
			if !rndExcludable(m.State) {
				p.addf("(i) exclusion %d is open, but %s is no member", pr.ID, w.msLabel(m))
			}
		}
		for _, v := range s.votes {
			if v.ProposalID == pr.ID && testkit.Deref(v.VoterID) == m.PersonID {
				p.addf("(i) %s voted (%s) on their own exclusion %d", w.label[m.PersonID], v.Choice, pr.ID)
			}
		}
	}
	for id, n := range open {
		if n > 1 {
			p.addf("(i) %d proposals about membership %d are open", n, id)
		}
	}
	return p
}
