package governance_test

// The federated decisions in the randomized test (issue 15): network
// decisions of the member coops (NETWORK_GENERAL, COOP_EXCLUSION, and
// COOP_ADMISSION of a coop applying), and PROJECT_GENERAL decisions of the
// project's share holders. Coops vote once each, by their delegate
// (castCoopVote) or by an internal COOP_VOTE proposal whose close casts the
// coop's vote (proposeCoopVote, castVote, closeProposal); a freelancer
// holding a share of the project votes in person. The fixture adds coop C
// (outside the network, it applies to join), the coops' network votes
// (DELEGATE with a founder as delegate, or INTERNAL_PROPOSAL, per seed), and
// a freelancer share of the project for x6.
//
// Invariant (j), after every step:
//   - at most one vote per coop on a network or project proposal; nobody
//     votes in person on a COOPS proposal, and in person on a SHARE_HOLDERS
//     proposal only a freelancer holding a share; no coop votes on a
//     coop's own (MEMBERS) proposal;
//   - a coop vote cast by a decision names a CLOSED COOP_VOTE proposal of
//     that coop whose parent is the proposal, cast when it closed, with
//     PASSED → YES, REJECTED → NO, quorum missed → ABSTAIN; a delegate's
//     vote is the delegate's the coop's bylaws name;
//   - every closed network or share-holder proposal has the status the
//     model decided when it closed (decision.Decide over the coops of the
//     network without the subject, or the lead and partner coops and the
//     freelancer share holders);
//   - the network's coops and the project's deciders are what the model
//     applied: a passed COOP_ADMISSION adds the coop once, a passed
//     COOP_EXCLUSION removes it, a passed PROJECT_GENERAL carrying deciders
//     changes them (LEAD_COOP only by the share holders).
// Each close is also checked against the model in the step: a COOP_VOTE
// closed after its parent stopped taking votes casts nothing.

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/vote"
	"github.com/coopnetwork/cockpit/internal/decision"
	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/governance"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// rndFed is the federated part of the world.
type rndFed struct {
	net        *ent.Network
	coopC      *ent.Coop // outside the network at first: it applies to join
	freelancer int       // x6: holds a share of the project in person

	expect    map[int]proposal.Status // network/project proposal → the status the model decided at its close
	netCoops  []int                   // the network's coops as the model applied the decisions
	deciders  project.Deciders        // the project's deciders as the model applied them
	coopVotes map[int]bool            // COOP_VOTE proposal → whether its close cast the coop's vote
	frozen    map[int]rndVoters       // network/project proposal → who decides it, fixed when it opened
}

// rndVoters are the coops and persons who decide a proposal.
type rndVoters struct{ coops, persons map[int]bool }

// federate adds the federated fixture: coop C with founder C1, the coops'
// network votes and x6's freelancer share.
func (w *rndWorld) federate(net *ent.Network, person func(string) *ent.Person, found func(*ent.Person, *ent.Coop)) {
	t, c, ctx := w.t, w.db.Client, w.sys
	f := &rndFed{net: net, expect: map[int]proposal.Status{}, coopVotes: map[int]bool{}, deciders: project.DecidersLEAD_COOP,
		frozen: map[int]rndVoters{}}
	w.fed = f
	f.coopC = testkit.Must(c.Coop.Create().SetName("Coop C").SetSlug("rnd-coop-c").
		SetCandidacyDays(5).SetFreelancerRightToJoinDays(7).SetBuyInCents(0).Save(ctx))(t)
	found(person("C1"), f.coopC)
	for _, co := range []*ent.Coop{w.coopA, w.coopB, f.coopC} {
		u := c.Coop.UpdateOneID(co.ID)
		if w.chance(0.5) {
			u.SetNetworkVotes(coop.NetworkVotesDELEGATE).SetNetworkDelegateID(rndOne(w.r, w.foundersIn(co.ID)))
		} else {
			u.SetNetworkVotes(coop.NetworkVotesINTERNAL_PROPOSAL)
		}
		testkit.Must(u.Save(ctx))(t)
	}
	for _, p := range w.persons {
		if w.label[p.ID] == "x6" {
			f.freelancer = p.ID
		}
	}
	testkit.Must(c.BudgetShare.Create().SetProject(w.project).SetPersonID(f.freelancer).SetAmountCents(10_000_000).
		SetHourlyRateCents(6_000).SetCurrency(w.project.Currency).
		SetCreatedAt(*w.project.StartsOn).Save(ctx))(t) // time is logged from the day a share exists (issue 17)
	f.netCoops = []int{w.coopA.ID, w.coopB.ID}
}

// foundersIn are the founding members' person IDs of a coop, from the database.
func (w *rndWorld) foundersIn(coopID int) []int {
	ids := testkit.Must(w.db.Client.Membership.Query().Where(membership.CoopID(coopID)).
		Select(membership.FieldPersonID).Ints(w.sys))(w.t)
	slices.Sort(ids)
	return ids
}

// loadFed adds the network's coops and the project to a snapshot.
func (w *rndWorld) loadFed(s *rndSnap) {
	s.netCoops = testkit.Must(w.db.Client.Coop.Query().Where(coop.HasNetworksWith(network.ID(w.fed.net.ID))).IDs(w.sys))(w.t)
	slices.Sort(s.netCoops)
	s.project = testkit.Must(w.db.Client.Project.Get(w.sys, w.project.ID))(w.t)
}

func (s *rndSnap) fedLines() []string {
	out := []string{fmt.Sprintf("project %d deciders %s", s.project.ID, s.project.Deciders)}
	for _, id := range s.netCoops {
		out = append(out, fmt.Sprintf("netcoop %d", id))
	}
	return out
}

func (s *rndSnap) inNetwork(coopID int) bool { return slices.Contains(s.netCoops, coopID) }

// canReadCoop: the coops of the network, those the actor has a membership
// of (even LEFT), and the lead coop of a project the actor reads.
func (w *rndWorld) canReadCoop(s *rndSnap, actor, coopID int) bool {
	return s.inNetwork(coopID) || s.membershipOf(actor, coopID) != nil || coopID == w.coopA.ID && w.canReadProject(s, actor)
}

func (s *rndSnap) isMemberOrPaused(personID, coopID int) bool {
	st := s.stateOf(personID, coopID)
	return st == membership.StateMEMBER || st == membership.StatePAUSED
}

// shareCoops are the coops holding a share of the project (A, B).
func (w *rndWorld) shareCoops() []int { return []int{w.coopA.ID, w.coopB.ID} }

// canReadProject: members (also paused) of the lead and partner coops, and
// the freelancer holding a share.
func (w *rndWorld) canReadProject(s *rndSnap, actor int) bool {
	return actor == w.fed.freelancer || slices.ContainsFunc(w.shareCoops(), func(c int) bool { return s.isMemberOrPaused(actor, c) })
}

// canReadFedProposal: every person of the fixture takes part in the
// network, so reads its proposals; a share holders' decision is read by
// whoever reads the project.
func (w *rndWorld) canReadFedProposal(s *rndSnap, actor int, pr *ent.Proposal) bool {
	if pr.NetworkID != nil {
		return true
	}
	return w.canReadProject(s, actor)
}

// fedElectorate is who decides a network or share holders' proposal:
// coops (one vote each) and persons, fixed when it opened (freezeVoters);
// for a proposal being opened, as s has them. A freelancer who is a MEMBER
// of a voting coop votes through the coop.
func (w *rndWorld) fedElectorate(s *rndSnap, pr *ent.Proposal) (coops, persons map[int]bool) {
	if v, ok := w.fed.frozen[pr.ID]; ok {
		return maps.Clone(v.coops), maps.Clone(v.persons)
	}
	coops, persons = map[int]bool{}, map[int]bool{}
	switch pr.Electorate {
	case proposal.ElectorateCOOPS:
		for _, id := range s.netCoops {
			coops[id] = true
		}
	case proposal.ElectorateSHARE_HOLDERS:
		for _, id := range w.shareCoops() {
			coops[id] = true
		}
		persons[w.fed.freelancer] = true
		for c := range coops {
			if s.isActiveMember(w.fed.freelancer, c) {
				delete(persons, w.fed.freelancer)
			}
		}
	}
	if pr.SubjectCoopID != nil {
		delete(coops, *pr.SubjectCoopID)
	}
	return coops, persons
}

// freezeElectorate records who decides pr as it opens (before: the world
// just before).
func (w *rndWorld) freezeElectorate(before *rndSnap, pr *ent.Proposal) {
	if pr.Electorate == proposal.ElectorateMEMBERS {
		return
	}
	c, p := w.fedElectorate(before, pr)
	w.fed.frozen[pr.ID] = rndVoters{coops: c, persons: p}
}

// fedTally counts the votes of a network or share holders' proposal.
func (w *rndWorld) fedTally(s *rndSnap, pr *ent.Proposal) (eligible int, c decision.Count) {
	coops, persons := w.fedElectorate(s, pr)
	for _, v := range s.votes {
		if v.ProposalID != pr.ID {
			continue
		}
		if v.VoterCoopID != nil && coops[*v.VoterCoopID] || v.VoterCoopID == nil && persons[testkit.Deref(v.VoterID)] {
			_ = c.Add(decision.Choice(v.Choice))
		}
	}
	return len(coops) + len(persons), c
}

func (w *rndWorld) coopVoteChoice(o decision.Outcome) vote.Choice {
	switch {
	case !o.QuorumReached:
		return vote.ChoiceABSTAIN
	case o.Passed:
		return vote.ChoiceYES
	}
	return vote.ChoiceNO
}

func (w *rndWorld) closesAtFor(pastChance float64) time.Time {
	closesAt := w.now().Add(time.Duration(2*24+w.r.IntN(12*24)) * time.Hour)
	if w.chance(pastChance) {
		closesAt = w.now().Add(-time.Hour)
	}
	return closesAt
}

func (w *rndWorld) allCoops() []int { return []int{w.coopA.ID, w.coopB.ID, w.fed.coopC.ID} }

// memberOfAny is, with probability p, an active member of one of the coops.
func (w *rndWorld) memberOfAny(s *rndSnap, coops []int, p float64) int {
	var ms []int
	for _, c := range coops {
		ms = append(ms, s.activeMembers(c)...)
	}
	if len(ms) > 0 && w.chance(p) {
		return rndOne(w.r, ms)
	}
	return w.anyPerson()
}

// checkNewProposal checks the proposal a successful request opened.
func (w *rndWorld) checkNewProposal(before, after *rndSnap, actor int, want func(pr *ent.Proposal) string) []string {
	if len(after.proposals) != len(before.proposals)+1 {
		return []string{"no new proposal"}
	}
	pr := after.proposals[len(after.proposals)-1]
	var p rndProblems
	if pr.Status != proposal.StatusOPEN || !pr.OpenedAt.Equal(w.now()) || rndDeref(pr.AuthorID) != actor {
		p.addf("new proposal %d: %s opened %s by %s, want OPEN now by the actor", pr.ID, pr.Status, rndTS(&pr.OpenedAt), rndInt(pr.AuthorID))
	}
	if msg := want(pr); msg != "" {
		p.addf("new proposal %d: %s", pr.ID, msg)
	}
	return append(p, w.onlyChanged(before, after, "proposal ")...)
}

func ruleText(pr *ent.Proposal) string {
	return fmt.Sprintf("%s/%d", pr.Rule, pr.QuorumPercent)
}

func wantRule(r decision.Rule) string {
	r = r.Normalized()
	return fmt.Sprintf("%s/%d", r.Method, r.QuorumPercent)
}

// ---- operations -------------------------------------------------------------

func (w *rndWorld) proposeNetworkDecision(s *rndSnap) rndAction {
	actor := w.memberOfAny(s, s.netCoops, 0.85)
	kind := proposal.KindNETWORK_GENERAL
	var subject *int
	// Only C is ever excluded: A and B stay in the network, whose coops
	// every participant reads, as the rest of the model assumes.
	if w.chance(0.4) {
		kind = proposal.KindCOOP_EXCLUSION
		id := w.fed.coopC.ID
		subject = &id
	} else if w.chance(0.05) {
		id := rndOne(w.r, w.allCoops())
		subject = &id
	}
	closesAt := w.closesAtFor(0.05)
	in := map[string]any{"networkID": gid.Encode(w.fed.net.ID), "kind": string(kind), "title": "random " + string(kind),
		"closesAt": closesAt.Format(time.RFC3339)}
	about := ""
	if subject != nil {
		in["subjectCoopID"] = gid.Encode(*subject)
		about = " of " + w.coopName(*subject)
	}
	a := rndAction{op: "proposeNetworkDecision", actor: actor,
		desc:  fmt.Sprintf("%s proposeNetworkDecision(%s%s, closes %s)", w.label[actor], kind, about, closesAt.Format("Jan 2 15h")),
		query: `mutation($in: ProposeNetworkDecisionInput!) { proposeNetworkDecision(input: $in) { proposal { id } } }`,
		vars:  map[string]any{"in": in},
	}
	openExclusion := subject != nil && slices.ContainsFunc(s.proposals, func(pr *ent.Proposal) bool {
		return pr.Kind == proposal.KindCOOP_EXCLUSION && pr.Status == proposal.StatusOPEN && rndDeref(pr.SubjectCoopID) == *subject
	})
	switch {
	case !slices.ContainsFunc(s.netCoops, func(c int) bool { return s.isActiveMember(actor, c) }):
		a.want, a.why = "FORBIDDEN", "not a current member of a member coop"
	case kind == proposal.KindNETWORK_GENERAL && subject != nil:
		a.want, a.why = "BAD_USER_INPUT", "only a COOP_EXCLUSION names a coop"
	case kind == proposal.KindCOOP_EXCLUSION && !w.canReadCoop(s, actor, *subject):
		a.want, a.why = "NOT_FOUND", "the actor cannot read the coop"
	case kind == proposal.KindCOOP_EXCLUSION && !s.inNetwork(*subject):
		a.want, a.why = "BAD_USER_INPUT", "the subject is not a member coop"
	case kind == proposal.KindCOOP_EXCLUSION && len(s.netCoops) < 2:
		a.want, a.why = "BAD_USER_INPUT", "the network's only coop"
	case openExclusion:
		a.want, a.why = "CONFLICT", "an exclusion of the coop is open"
	case !closesAt.After(w.now()):
		a.want, a.why = "BAD_USER_INPUT", "closesAt in the past"
	default:
		a.why = "allowed"
	}
	rule := wantRule(governance.NetworkRule(w.fed.net, kind))
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		return w.checkNewProposal(before, after, actor, func(pr *ent.Proposal) string {
			if pr.Kind != kind || rndDeref(pr.NetworkID) != w.fed.net.ID || pr.Electorate != proposal.ElectorateCOOPS ||
				rndDeref(pr.SubjectCoopID) != rndDeref(subject) || !pr.ClosesAt.Equal(closesAt) || ruleText(pr) != rule || pr.CoopID != 0 {
				return fmt.Sprintf("%s of network %s electorate %s about %s coop %d rule %s; want %s about %s with %s",
					pr.Kind, rndInt(pr.NetworkID), pr.Electorate, rndInt(pr.SubjectCoopID), pr.CoopID, ruleText(pr), kind, rndInt(subject), rule)
			}
			w.freezeElectorate(before, pr)
			return ""
		})
	}
	return a
}

func (w *rndWorld) applyToNetwork(s *rndSnap) rndAction {
	var outside []int
	for _, c := range w.allCoops() {
		if !s.inNetwork(c) {
			outside = append(outside, c)
		}
	}
	co, ok := rndPrefer(w, 0.8, outside)
	if !ok {
		co = rndOne(w.r, w.allCoops())
	}
	actor := w.memberOr(s, co, 0.85)
	closesAt := w.closesAtFor(0.05)
	a := rndAction{op: "applyToNetwork", actor: actor,
		desc:  fmt.Sprintf("%s applyToNetwork(%s, closes %s)", w.label[actor], w.coopName(co), closesAt.Format("Jan 2 15h")),
		query: `mutation($in: ApplyToNetworkInput!) { applyToNetwork(input: $in) { proposal { id } } }`,
		vars: map[string]any{"in": map[string]any{"networkID": gid.Encode(w.fed.net.ID), "coopID": gid.Encode(co),
			"closesAt": closesAt.Format(time.RFC3339)}},
	}
	open := slices.ContainsFunc(s.proposals, func(pr *ent.Proposal) bool {
		return pr.Kind == proposal.KindCOOP_ADMISSION && pr.Status == proposal.StatusOPEN && rndDeref(pr.SubjectCoopID) == co
	})
	switch {
	case !w.canReadCoop(s, actor, co):
		a.want, a.why = "NOT_FOUND", "the actor cannot read the coop"
	case !s.isActiveMember(actor, co):
		a.want, a.why = "FORBIDDEN", "not a current member of the coop"
	case s.inNetwork(co):
		a.want, a.why = "CONFLICT", "already a member coop"
	case len(s.netCoops) == 0:
		a.want, a.why = "CONFLICT", "no member coop"
	case open:
		a.want, a.why = "CONFLICT", "an application is open"
	case !closesAt.After(w.now()):
		a.want, a.why = "BAD_USER_INPUT", "closesAt in the past"
	default:
		a.why = "allowed"
	}
	rule := wantRule(governance.NetworkRule(w.fed.net, proposal.KindCOOP_ADMISSION))
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		return w.checkNewProposal(before, after, actor, func(pr *ent.Proposal) string {
			if pr.Kind != proposal.KindCOOP_ADMISSION || rndDeref(pr.NetworkID) != w.fed.net.ID || pr.Electorate != proposal.ElectorateCOOPS ||
				rndDeref(pr.SubjectCoopID) != co || !pr.ClosesAt.Equal(closesAt) || ruleText(pr) != rule {
				return fmt.Sprintf("%s about %s electorate %s rule %s; want a COOP_ADMISSION of %s with %s", pr.Kind, rndInt(pr.SubjectCoopID), pr.Electorate, ruleText(pr), w.coopName(co), rule)
			}
			w.freezeElectorate(before, pr)
			return ""
		})
	}
	return a
}

// someFedProposal is mostly an open network or share holders' proposal.
func (w *rndWorld) someFedProposal(s *rndSnap) *ent.Proposal {
	var open, all []*ent.Proposal
	for _, pr := range s.proposals {
		if pr.Electorate == proposal.ElectorateMEMBERS {
			continue
		}
		all = append(all, pr)
		if pr.Status == proposal.StatusOPEN && w.now().Before(pr.ClosesAt) {
			open = append(open, pr)
		}
	}
	if pr, ok := rndPrefer(w, 0.85, open); ok {
		return pr
	}
	if pr, ok := rndPrefer(w, 0.9, all); ok {
		return pr
	}
	return w.someProposal(s)
}

func (w *rndWorld) castCoopVote(s *rndSnap) rndAction {
	pr := w.someFedProposal(s)
	if pr == nil {
		return w.proposeNetworkDecision(s)
	}
	coops, _ := w.fedElectorate(s, pr)
	var delegating []int
	for c := range coops {
		if s.coop(c).NetworkVotes == coop.NetworkVotesDELEGATE {
			delegating = append(delegating, c)
		}
	}
	slices.Sort(delegating)
	co, ok := rndPrefer(w, 0.85, delegating)
	if !ok {
		co = rndOne(w.r, w.allCoops())
	}
	c := s.coop(co)
	actor := w.memberOr(s, co, 0.5)
	if c.NetworkDelegateID != nil && w.chance(0.75) {
		actor = *c.NetworkDelegateID
	}
	choice := rndOne(w.r, []vote.Choice{vote.ChoiceYES, vote.ChoiceYES, vote.ChoiceYES, vote.ChoiceYES, vote.ChoiceYES, vote.ChoiceNO, vote.ChoiceABSTAIN, vote.ChoiceBLOCK})
	id, bogus := w.idOrBogus(pr.ID)
	a := rndAction{op: "castCoopVote", actor: actor,
		desc:  fmt.Sprintf("%s castCoopVote(proposal %d %s %s, as %s, %s)", w.label[actor], pr.ID, pr.Kind, pr.Status, w.coopName(co), choice),
		query: `mutation($p: ID!, $c: ID!, $v: VoteChoice!) { castCoopVote(proposalID: $p, coopID: $c, choice: $v, reason: "random") { vote { id } } }`,
		vars:  map[string]any{"p": id, "c": gid.Encode(co), "v": string(choice)},
	}
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such proposal", a.desc+" [bogus ID]"
	case !w.canReadProposal(s, actor, pr):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the proposal"
	case !w.canReadCoop(s, actor, co):
		a.want, a.why = "NOT_FOUND", "the actor cannot read the coop"
	case !s.isActiveMember(actor, co) || c.NetworkDelegateID == nil || *c.NetworkDelegateID != actor:
		a.want, a.why = "FORBIDDEN", "not the coop's delegate"
	case c.NetworkVotes != coop.NetworkVotesDELEGATE:
		a.want, a.why = "FORBIDDEN", "the coop's members decide its vote"
	case pr.Status != proposal.StatusOPEN || !w.now().Before(pr.ClosesAt):
		a.want, a.why = "CONFLICT", "voting has ended"
	case !coops[co]:
		a.want, a.why = "FORBIDDEN", "the coop does not vote on this proposal"
	default:
		a.why = "the delegate votes"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		var p rndProblems
		n := 0
		for _, v := range after.votes {
			if v.ProposalID == pr.ID && rndDeref(v.VoterCoopID) == co {
				n++
				if v.Choice != choice || rndDeref(v.VoterID) != actor || v.DecidedByID != nil || !v.CastAt.Equal(w.now()) {
					p.addf("coop vote %d: %s by %s decided by %s at %s; want %s by the delegate now", v.ID, v.Choice, rndInt(v.VoterID), rndInt(v.DecidedByID), rndTS(&v.CastAt), choice)
				}
			}
		}
		if n != 1 {
			p.addf("%d votes of coop %s on proposal %d, want 1", n, w.coopName(co), pr.ID)
		}
		w.effects["coop vote by delegate"]++
		return append(p, w.onlyChanged(before, after, "vote ")...)
	}
	return a
}

func (w *rndWorld) proposeCoopVote(s *rndSnap) rndAction {
	parent := w.someFedProposal(s)
	if parent == nil {
		return w.proposeNetworkDecision(s)
	}
	coops, _ := w.fedElectorate(s, parent)
	var internal []int
	for c := range coops {
		if s.coop(c).NetworkVotes == coop.NetworkVotesINTERNAL_PROPOSAL {
			internal = append(internal, c)
		}
	}
	slices.Sort(internal)
	co, ok := rndPrefer(w, 0.85, internal)
	if !ok {
		co = rndOne(w.r, w.allCoops())
	}
	actor := w.memberOr(s, co, 0.85)
	closesAt := w.now().Add(time.Duration(1+w.r.IntN(6*24)) * time.Hour)
	if parent.ClosesAt.After(w.now()) && w.chance(0.7) {
		closesAt = w.now().Add(time.Duration(1+w.r.Int64N(int64(parent.ClosesAt.Sub(w.now())/time.Minute))) * time.Minute).Truncate(time.Second)
	}
	if w.chance(0.05) {
		closesAt = w.now().Add(-time.Hour)
	}
	id, bogus := w.idOrBogus(parent.ID)
	a := rndAction{op: "proposeCoopVote", actor: actor,
		desc: fmt.Sprintf("%s proposeCoopVote(%s on %d %s %s, closes %s)", w.label[actor], w.coopName(co), parent.ID, parent.Kind, parent.Status,
			closesAt.Format("Jan 2 15:04")),
		query: `mutation($in: ProposeCoopVoteInput!) { proposeCoopVote(input: $in) { proposal { id } } }`,
		vars: map[string]any{"in": map[string]any{"proposalID": id, "coopID": gid.Encode(co),
			"closesAt": closesAt.Format(time.RFC3339)}},
	}
	open := slices.ContainsFunc(s.proposals, func(pr *ent.Proposal) bool {
		return pr.Kind == proposal.KindCOOP_VOTE && pr.Status == proposal.StatusOPEN && rndDeref(pr.ParentID) == parent.ID && pr.CoopID == co
	})
	c := s.coop(co)
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such proposal", a.desc+" [bogus ID]"
	case !w.canReadProposal(s, actor, parent):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the proposal"
	case !w.canReadCoop(s, actor, co):
		a.want, a.why = "NOT_FOUND", "the actor cannot read the coop"
	case !s.isActiveMember(actor, co):
		a.want, a.why = "FORBIDDEN", "not an active member of the coop"
	case c.NetworkVotes != coop.NetworkVotesINTERNAL_PROPOSAL:
		a.want, a.why = "FORBIDDEN", "the coop's delegate votes"
	case parent.Status != proposal.StatusOPEN || !w.now().Before(parent.ClosesAt):
		a.want, a.why = "CONFLICT", "voting on the proposal has ended"
	case !coops[co]:
		a.want, a.why = "FORBIDDEN", "the coop does not vote on this proposal"
	case !closesAt.After(w.now()) || !closesAt.Before(parent.ClosesAt):
		a.want, a.why = "BAD_USER_INPUT", "closesAt not between now and the proposal's"
	case open:
		a.want, a.why = "CONFLICT", "the coop is deciding its vote already"
	default:
		a.why = "the coop's members decide its vote"
	}
	rule := wantRule(governance.CoopRule(c, proposal.KindCOOP_VOTE))
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		return w.checkNewProposal(before, after, actor, func(pr *ent.Proposal) string {
			if pr.Kind != proposal.KindCOOP_VOTE || pr.CoopID != co || rndDeref(pr.ParentID) != parent.ID ||
				pr.Electorate != proposal.ElectorateMEMBERS || !pr.ClosesAt.Equal(closesAt) || ruleText(pr) != rule {
				return fmt.Sprintf("%s of coop %d on %s electorate %s rule %s; want a COOP_VOTE of %s on %d with %s",
					pr.Kind, pr.CoopID, rndInt(pr.ParentID), pr.Electorate, ruleText(pr), w.coopName(co), parent.ID, rule)
			}
			return ""
		})
	}
	return a
}

func (w *rndWorld) setProjectDeciders(s *rndSnap) rndAction {
	actor := w.memberOr(s, w.coopA.ID, 0.8)
	to := project.DecidersSHARE_HOLDERS
	if w.chance(0.3) {
		to = project.DecidersLEAD_COOP
	}
	a := rndAction{op: "setProjectDeciders", actor: actor,
		desc:  fmt.Sprintf("%s setProjectDeciders(%s → %s)", w.label[actor], s.project.Deciders, to),
		query: `mutation($p: ID!, $d: ProjectDeciders!) { setProjectDeciders(projectID: $p, deciders: $d) { project { id } } }`,
		vars:  map[string]any{"p": gid.Encode(w.project.ID), "d": string(to)},
	}
	switch {
	case !w.canReadProject(s, actor):
		a.want, a.why = "NOT_FOUND", "the actor cannot read the project"
	case !s.isActiveMember(actor, w.coopA.ID):
		a.want, a.why = "FORBIDDEN", "not an active member of the lead coop"
	case to == s.project.Deciders:
		a.want, a.why = "BAD_USER_INPUT", "unchanged"
	case to == project.DecidersLEAD_COOP:
		a.want, a.why = "FORBIDDEN", "only the share holders' decision narrows"
	default:
		a.why = "a lead coop member widens"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		w.fed.deciders = to
		w.effects["deciders widened"]++
		return w.onlyChanged(before, after, "project ")
	}
	return a
}

func (w *rndWorld) proposeProjectDecision(s *rndSnap) rndAction {
	actor := w.memberOfAny(s, w.shareCoops(), 0.7)
	if w.chance(0.25) {
		actor = w.fed.freelancer
	}
	var deciders *project.Deciders
	if w.chance(0.3) {
		d := rndOne(w.r, []project.Deciders{project.DecidersLEAD_COOP, project.DecidersSHARE_HOLDERS})
		deciders = &d
	}
	closesAt := w.closesAtFor(0.05)
	in := map[string]any{"projectID": gid.Encode(w.project.ID), "title": "random project decision", "closesAt": closesAt.Format(time.RFC3339)}
	if deciders != nil {
		in["deciders"] = string(*deciders)
	}
	a := rndAction{op: "proposeProjectDecision", actor: actor,
		desc: fmt.Sprintf("%s proposeProjectDecision(deciders %s → %s, closes %s)", w.label[actor], s.project.Deciders,
			rndInt((*string)(deciders)), closesAt.Format("Jan 2 15h")),
		query: `mutation($in: ProposeProjectDecisionInput!) { proposeProjectDecision(input: $in) { proposal { id } } }`,
		vars:  map[string]any{"in": in},
	}
	byShareHolders := s.project.Deciders == project.DecidersSHARE_HOLDERS
	holder := actor == w.fed.freelancer || slices.ContainsFunc(w.shareCoops(), func(c int) bool { return s.isActiveMember(actor, c) })
	switch {
	case !w.canReadProject(s, actor):
		a.want, a.why = "NOT_FOUND", "the actor cannot read the project"
	case !s.isActiveMember(actor, w.coopA.ID) && !(byShareHolders && holder):
		a.want, a.why = "FORBIDDEN", "neither a lead coop member nor, under SHARE_HOLDERS, a share holder"
	case !closesAt.After(w.now()):
		a.want, a.why = "BAD_USER_INPUT", "closesAt in the past"
	case deciders != nil && *deciders == s.project.Deciders:
		a.want, a.why = "BAD_USER_INPUT", "the deciders are unchanged"
	default:
		a.why = "allowed"
	}
	electorate := proposal.ElectorateMEMBERS
	if byShareHolders {
		electorate = proposal.ElectorateSHARE_HOLDERS
	}
	rule := wantRule(governance.CoopRule(s.coop(w.coopA.ID), proposal.KindPROJECT_GENERAL))
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		return w.checkNewProposal(before, after, actor, func(pr *ent.Proposal) string {
			if pr.Kind != proposal.KindPROJECT_GENERAL || pr.CoopID != w.coopA.ID || rndDeref(pr.ProjectID) != w.project.ID ||
				pr.Electorate != electorate || !pr.ClosesAt.Equal(closesAt) || ruleText(pr) != rule ||
				rndInt(pr.BylawsChange.ProjectDeciders) != rndInt((*string)(deciders)) {
				return fmt.Sprintf("%s of coop %d project %s electorate %s rule %s deciders %s; want PROJECT_GENERAL of A electorate %s with %s deciders %s",
					pr.Kind, pr.CoopID, rndInt(pr.ProjectID), pr.Electorate, ruleText(pr), rndInt(pr.BylawsChange.ProjectDeciders), electorate, rule, rndInt((*string)(deciders)))
			}
			w.freezeElectorate(before, pr)
			return ""
		})
	}
	return a
}

// castVoteOn is castVote on a network or share holders' proposal: only a
// freelancer holding a share votes in person, on the share holders' ones.
func (w *rndWorld) castVoteOn(s *rndSnap, pr *ent.Proposal, actor int, choice vote.Choice, id, bogus string) rndAction {
	a := rndAction{op: "castVote", actor: actor,
		desc:  fmt.Sprintf("%s castVote(proposal %d %s %s %s, %s)", w.label[actor], pr.ID, pr.Kind, pr.Electorate, pr.Status, choice),
		query: `mutation($p: ID!, $c: VoteChoice!) { castVote(proposalID: $p, choice: $c, reason: "random") { vote { id } } }`,
		vars:  map[string]any{"p": id, "c": string(choice)},
	}
	_, persons := w.fedElectorate(s, pr)
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such proposal", a.desc+" [bogus ID]"
	case !w.canReadProposal(s, actor, pr):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the proposal"
	case !persons[actor]:
		a.want, a.why = "FORBIDDEN", "coops vote on it; the actor holds no share in person"
	case pr.Status != proposal.StatusOPEN || !w.now().Before(pr.ClosesAt):
		a.want, a.why = "CONFLICT", "voting has ended"
	default:
		a.why = "a freelancer share holder votes"
	}
	a.post = func(_ json.RawMessage, before, after *rndSnap) []string {
		n := 0
		for _, v := range after.votes {
			if v.ProposalID == pr.ID && v.VoterCoopID == nil && testkit.Deref(v.VoterID) == actor {
				n++
				if v.Choice != choice || !v.CastAt.Equal(w.now()) {
					return []string{fmt.Sprintf("vote %d is %s at %s, want %s now", v.ID, v.Choice, rndTS(&v.CastAt), choice)}
				}
			}
		}
		if n != 1 {
			return []string{fmt.Sprintf("%d votes of the actor on proposal %d, want 1", n, pr.ID)}
		}
		w.effects["freelancer votes in person"]++
		return w.onlyChanged(before, after, "vote ")
	}
	return a
}

// castFreelancerVote has x6 (mostly) vote on a share holders' decision.
func (w *rndWorld) castFreelancerVote(s *rndSnap) rndAction {
	pr := w.someFedProposal(s)
	if pr == nil {
		return w.proposeProjectDecision(s)
	}
	actor := w.fed.freelancer
	if w.chance(0.3) {
		actor = w.anyPerson()
	}
	choice := rndOne(w.r, []vote.Choice{vote.ChoiceYES, vote.ChoiceYES, vote.ChoiceNO, vote.ChoiceABSTAIN})
	id, bogus := w.idOrBogus(pr.ID)
	if pr.Electorate == proposal.ElectorateMEMBERS {
		return w.castVote(s)
	}
	return w.castVoteOn(s, pr, actor, choice, id, bogus)
}

// mayCloseFed: for a network or share holders' proposal, anyone deciding
// it (an active member of a voting coop, the freelancer share holder); the
// fixture has no network admins.
func (w *rndWorld) mayCloseFed(s *rndSnap, pr *ent.Proposal, actor int) bool {
	coops, persons := w.fedElectorate(s, pr)
	if persons[actor] {
		return true
	}
	for c := range coops {
		if s.isActiveMember(actor, c) {
			return true
		}
	}
	return false
}

// closeFed is closeProposal of a network or share holders' proposal.
func (w *rndWorld) closeFed(s *rndSnap, pr *ent.Proposal) rndAction {
	coops, persons := w.fedElectorate(s, pr)
	var deciders []int
	for c := range coops {
		deciders = append(deciders, s.activeMembers(c)...)
	}
	for p := range persons {
		deciders = append(deciders, p)
	}
	slices.Sort(deciders)
	actor, ok := rndPrefer(w, 0.85, deciders)
	if !ok {
		actor = w.anyPerson()
	}
	id, bogus := w.idOrBogus(pr.ID)
	a := rndAction{op: "closeProposal", actor: actor,
		desc: fmt.Sprintf("%s closeProposal(%d %s %s %s, closes %s)", w.label[actor], pr.ID, pr.Kind, pr.Electorate, pr.Status, pr.ClosesAt.Format("Jan 2 15h")),
		query: `mutation($p: ID!) { closeProposal(proposalID: $p) {
			proposal { id status closedAt } outcome { passed eligibleVoters yes no abstain block } } }`,
		vars: map[string]any{"p": id},
	}
	eligible, count := w.fedTally(s, pr)
	outcome, decideErr := decision.Decide(governance.RuleOf(pr), eligible, count)
	allowed := w.canReadProposal(s, actor, pr) && w.mayCloseFed(s, pr, actor)
	if bogus == "" && pr.Status == proposal.StatusOPEN && !w.now().Before(pr.ClosesAt) && allowed {
		a.mustSucceed = "one deciding closes an open proposal past its closesAt"
	}
	switch {
	case bogus != "":
		a.want, a.why, a.desc = bogus, "no such proposal", a.desc+" [bogus ID]"
	case !w.canReadProposal(s, actor, pr):
		a.want, a.why = "NOT_FOUND", "the actor cannot see the proposal"
	case !w.mayCloseFed(s, pr, actor):
		a.want, a.why = "FORBIDDEN", "the actor takes no part in deciding it"
	case pr.Status != proposal.StatusOPEN:
		a.want, a.why = "CONFLICT", "closed already"
	case w.now().Before(pr.ClosesAt) && count.Cast() < eligible:
		a.want, a.why = "CONFLICT", fmt.Sprintf("still open, %d of %d voted", count.Cast(), eligible)
	case decideErr != nil:
		a.want, a.why = "INTERNAL", decideErr.Error()
	default:
		a.why = fmt.Sprintf("%d eligible, votes %+v: passed=%v", eligible, count, outcome.Passed)
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
		if o.Passed != outcome.Passed || o.EligibleVoters != eligible || o.Yes != count.Yes || o.No != count.No || o.Abstain != count.Abstain || o.Block != count.Block {
			p.addf("outcome %+v, the model counts %d eligible, %+v, passed=%v", o, eligible, count, outcome.Passed)
		}
		want := proposal.StatusREJECTED
		if outcome.Passed {
			want = proposal.StatusPASSED
		}
		w.fed.expect[pr.ID] = want
		w.effects[fmt.Sprintf("%s %s", pr.Kind, want)]++
		if got := after.proposal(pr.ID); got.Status != want || got.ClosedAt == nil || !got.ClosedAt.Equal(w.now()) {
			p.addf("proposal %d is %s closed at %s, want %s now", pr.ID, got.Status, rndTS(got.ClosedAt), want)
		}
		if outcome.Passed {
			w.applyFedEffect(pr)
		}
		return append(p, w.onlyChanged(before, after, "proposal ", "netcoop ", "project ")...)
	}
	return a
}

// applyFedEffect applies a passed network or project decision to the model.
func (w *rndWorld) applyFedEffect(pr *ent.Proposal) {
	f := w.fed
	switch pr.Kind {
	case proposal.KindCOOP_ADMISSION:
		if !slices.Contains(f.netCoops, *pr.SubjectCoopID) {
			f.netCoops = append(f.netCoops, *pr.SubjectCoopID)
			slices.Sort(f.netCoops)
			w.effects["coop joins the network"]++
		}
	case proposal.KindCOOP_EXCLUSION:
		if i := slices.Index(f.netCoops, *pr.SubjectCoopID); i >= 0 {
			f.netCoops = slices.Delete(f.netCoops, i, i+1)
			w.effects["coop leaves the network"]++
		}
	case proposal.KindPROJECT_GENERAL:
		if pr.BylawsChange.ProjectDeciders == nil {
			return
		}
		to := project.Deciders(*pr.BylawsChange.ProjectDeciders)
		if to == project.DecidersLEAD_COOP && pr.Electorate != proposal.ElectorateSHARE_HOLDERS {
			w.effects["deciders LEAD_COOP by the lead coop: unchanged"]++
			return
		}
		if f.deciders != to {
			f.deciders = to
			w.effects["deciders "+string(to)+" by decision"]++
		}
	}
}

// closedCoopProposal checks the close of a coop's own proposal that has a
// federated effect (COOP_VOTE casts the coop's vote, PROJECT_GENERAL may
// change the project's deciders); outcome is the model's.
func (w *rndWorld) closedCoopProposal(pr *ent.Proposal, outcome decision.Outcome, before, after *rndSnap) []string {
	var p rndProblems
	switch pr.Kind {
	case proposal.KindPROJECT_GENERAL:
		if outcome.Passed {
			w.applyFedEffect(pr)
		}
		return append(p, w.onlyChanged(before, after, "proposal ", "project ")...)
	case proposal.KindCOOP_VOTE:
		parent := before.proposal(*pr.ParentID)
		coops, _ := w.fedElectorate(before, parent)
		cast := parent.Status == proposal.StatusOPEN && w.now().Before(parent.ClosesAt) && coops[pr.CoopID]
		w.fed.coopVotes[pr.ID] = cast
		if !cast {
			w.effects["COOP_VOTE closed, the coop's vote not cast"]++
			return append(p, w.onlyChanged(before, after, "proposal ")...)
		}
		w.effects["COOP_VOTE closed, the coop's vote cast"]++
		choice := w.coopVoteChoice(outcome)
		n := 0
		for _, v := range after.votes {
			if v.ProposalID == parent.ID && rndDeref(v.VoterCoopID) == pr.CoopID {
				n++
				if v.Choice != choice || v.VoterID != nil || rndDeref(v.DecidedByID) != pr.ID || !v.CastAt.Equal(w.now()) {
					p.addf("coop vote %d: %s by %s decided by %s at %s; want %s decided by %d now", v.ID, v.Choice, rndInt(v.VoterID), rndInt(v.DecidedByID), rndTS(&v.CastAt), choice, pr.ID)
				}
			}
		}
		if n != 1 {
			p.addf("%d votes of coop %s on proposal %d after its COOP_VOTE %d closed, want 1", n, w.coopName(pr.CoopID), parent.ID, pr.ID)
		}
		return append(p, w.onlyChanged(before, after, "proposal ", "vote ")...)
	}
	return nil
}

// fedInvariants checks (j) on a snapshot.
func (w *rndWorld) fedInvariants(s *rndSnap) []string {
	var p rndProblems
	perCoop := map[[2]int]int{}
	for _, v := range s.votes {
		pr := s.proposal(v.ProposalID)
		if pr == nil {
			continue
		}
		if v.VoterCoopID != nil {
			perCoop[[2]int{pr.ID, *v.VoterCoopID}]++
		}
		switch {
		case pr.Electorate == proposal.ElectorateMEMBERS && v.VoterCoopID != nil:
			p.addf("(j) coop %s voted on the coop's own proposal %d", w.coopName(*v.VoterCoopID), pr.ID)
		case pr.Electorate == proposal.ElectorateCOOPS && v.VoterCoopID == nil:
			p.addf("(j) %s voted in person on the network proposal %d", w.label[testkit.Deref(v.VoterID)], pr.ID)
		case pr.Electorate == proposal.ElectorateSHARE_HOLDERS && v.VoterCoopID == nil && testkit.Deref(v.VoterID) != w.fed.freelancer:
			p.addf("(j) %s voted in person on the share holders' proposal %d without a share", w.label[testkit.Deref(v.VoterID)], pr.ID)
		}
		if v.VoterCoopID == nil {
			continue
		}
		if v.DecidedByID == nil {
			if c := s.coop(*v.VoterCoopID); v.VoterID == nil || c.NetworkDelegateID == nil || *v.VoterID != *c.NetworkDelegateID {
				p.addf("(j) coop vote %d of %s cast by %s, not by the delegate", v.ID, w.coopName(*v.VoterCoopID), rndInt(v.VoterID))
			}
			continue
		}
		cp := s.proposal(*v.DecidedByID)
		switch {
		case cp == nil || cp.Kind != proposal.KindCOOP_VOTE || cp.CoopID != *v.VoterCoopID || rndDeref(cp.ParentID) != pr.ID:
			p.addf("(j) coop vote %d of %s on %d decided by %d, which is not the coop's COOP_VOTE on it", v.ID, w.coopName(*v.VoterCoopID), pr.ID, *v.DecidedByID)
		case cp.Status != proposal.StatusPASSED && cp.Status != proposal.StatusREJECTED || cp.ClosedAt == nil || !cp.ClosedAt.Equal(v.CastAt):
			p.addf("(j) coop vote %d cast at %s by COOP_VOTE %d, which is %s closed at %s", v.ID, rndTS(&v.CastAt), cp.ID, cp.Status, rndTS(cp.ClosedAt))
		case v.VoterID != nil:
			p.addf("(j) coop vote %d decided by %d names a voter %d", v.ID, cp.ID, *v.VoterID)
		default:
			quorumMissed := cp.CloseReason != nil && len(*cp.CloseReason) >= 13 && (*cp.CloseReason)[:13] == "quorum missed"
			want := vote.ChoiceNO
			switch {
			case cp.Status == proposal.StatusPASSED:
				want = vote.ChoiceYES
			case quorumMissed:
				want = vote.ChoiceABSTAIN
			}
			if v.Choice != want {
				p.addf("(j) coop vote %d is %s, but its COOP_VOTE %d closed %s (%s)", v.ID, v.Choice, cp.ID, cp.Status, rndInt(cp.CloseReason))
			}
		}
	}
	for k, n := range perCoop {
		if n > 1 {
			p.addf("(j) coop %s has %d votes on proposal %d", w.coopName(k[1]), n, k[0])
		}
	}
	for _, pr := range s.proposals {
		if pr.Status == proposal.StatusOPEN {
			continue
		}
		if pr.Electorate != proposal.ElectorateMEMBERS {
			if want, ok := w.fed.expect[pr.ID]; !ok || pr.Status != want {
				p.addf("(j) proposal %d (%s %s) is %s, the model decided %q at its close", pr.ID, pr.Kind, pr.Electorate, pr.Status, want)
			}
		}
		if pr.Kind == proposal.KindCOOP_VOTE {
			if _, ok := w.fed.coopVotes[pr.ID]; !ok {
				p.addf("(j) COOP_VOTE %d closed without the model", pr.ID)
			}
		}
	}
	if !slices.Equal(s.netCoops, w.fed.netCoops) {
		p.addf("(j) the network's coops are %v, the decisions give %v", s.netCoops, w.fed.netCoops)
	}
	if s.project.Deciders != w.fed.deciders {
		p.addf("(j) the project is decided by %s, the model says %s", s.project.Deciders, w.fed.deciders)
	}
	return p
}
