package authz_test

import (
	"context"
	"fmt"
	"github.com/coopnetwork/cockpit/internal/testkit"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/budgetshare"
	"github.com/coopnetwork/cockpit/ent/coop"
	"github.com/coopnetwork/cockpit/ent/endorsement"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/milestoneprogress"
	"github.com/coopnetwork/cockpit/ent/network"
	"github.com/coopnetwork/cockpit/ent/proposal"
	"github.com/coopnetwork/cockpit/ent/skill"
	"github.com/coopnetwork/cockpit/ent/surplusdistribution"
	"github.com/coopnetwork/cockpit/ent/timeentry"
	"github.com/coopnetwork/cockpit/ent/vote"
)

// The actor x operation matrix of the domain operations (internal/governance,
// internal/budgets, internal/talent): every actor of the fixture tries every
// operation, on objects of their own coop and on objects they may not touch
// (another coop's membership, proposal, share or project, another network's
// skill, a buddy who is no member, another coop's template, ...). The
// expected codes are DESIGN.md's "Authorization" table as the rules of
// internal/authz/ruletable.go state it: an object the actor cannot read is
// NOT_FOUND, a readable one the rule does not let them change is FORBIDDEN.
//
// Operations change state (a vote cast, a proposal closed, a share resized),
// so every case runs on a fresh fixture (TestOperationMatrix); within a case,
// the allowed actors write last.

// counter is any ent query that counts.
type counter interface {
	Count(context.Context) (int, error)
}

func (f *fixture) count(q counter) string {
	f.t.Helper()
	n, err := q.Count(f.ctx)
	if err != nil {
		f.t.Fatalf("counting: %v", err)
	}
	return fmt.Sprint(n)
}

func (f *fixture) operationCasesBase() []writeCase {
	c, ctx := f.db.Client, f.ctx
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.RFC3339)
	closesAt := time.Now().UTC().AddDate(0, 0, 14).Format(time.RFC3339)
	eur := func(n int64) map[string]any { return map[string]any{"amount": n, "currency": "EUR"} }
	vars := func(kv ...any) func(string) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return func(string) map[string]any { return m }
	}
	str := func(v any) string { return fmt.Sprint(v) }
	ptr := func(p *int) string {
		if p == nil {
			return "<nil>"
		}
		return fmt.Sprint(*p)
	}

	// Objects some cases add to the fixture (in their setup).
	var (
		propNet                     *ent.Proposal   // a decision of network N, whose coops A and B vote
		msFreelancerB, msCandidateB *ent.Membership // a freelancer and a candidate of B
		progFreelancerB             *ent.MilestoneProgress
		msInterested                *ent.Membership // the participant, INTERESTED in A
		motion                      *ent.BudgetMotion
		propProject                 *ent.Proposal // a PROJECT_GENERAL decision of P's share holders
	)
	personOfB := func(f *fixture, name string, state membership.State) *ent.Membership {
		p := testkit.MustOrPanic(c.Person.Create().SetName(name).SetEmail(name + "@example.org").Save(ctx))
		return testkit.MustOrPanic(c.Membership.Create().SetPerson(p).SetCoop(f.B).SetState(state).Save(ctx))
	}
	cutOfB := func(consent budgetmotion.ConsentBy) func(f *fixture) {
		return func(f *fixture) {
			testkit.MustOrPanic(c.Coop.UpdateOneID(f.B.ID).SetShareReductionConsent(coop.ShareReductionConsent(consent)).Save(ctx))
			motion = testkit.MustOrPanic(c.BudgetMotion.Create().SetProjectID(f.P.ID).SetKind(budgetmotion.KindSHARE_RESIZED).
				SetShareID(f.ShareB.ID).SetAmountCents(1_400_000).SetBeforeCents(1_500_000).SetCurrency("EUR").
				SetAuthorID(f.MemberA.ID).SetNeedsLeadDecision(false).SetConsentCoopID(f.B.ID).SetConsentBy(consent).Save(ctx))
		}
	}
	// cutOfF: a motion cutting the freelancer's share of P, waiting for the
	// freelancer's consent (issue 15: a freelancer consents in person).
	cutOfF := func(f *fixture) {
		motion = testkit.MustOrPanic(c.BudgetMotion.Create().SetProjectID(f.P.ID).SetKind(budgetmotion.KindSHARE_RESIZED).
			SetShareID(f.ShareF.ID).SetAmountCents(700_000).SetBeforeCents(800_000).SetCurrency("EUR").
			SetAuthorID(f.MemberA.ID).SetNeedsLeadDecision(false).SetConsentPersonID(f.Freelancer.ID).Save(ctx))
	}
	motionOfFState := func(f *fixture) string {
		m := testkit.MustOrPanic(c.BudgetMotion.Get(ctx, motion.ID))
		return fmt.Sprint(m.Status, ptr(m.ConsentedByID), ptr(m.DeclinedByID), testkit.MustOrPanic(c.BudgetShare.Get(ctx, f.ShareF.ID)).AmountCents)
	}
	motionState := func(f *fixture) string {
		m := testkit.MustOrPanic(c.BudgetMotion.Get(ctx, motion.ID))
		return fmt.Sprint(m.Status, ptr(m.ConsentedByID), testkit.MustOrPanic(c.BudgetShare.Get(ctx, f.ShareB.ID)).AmountCents)
	}
	membershipState := func(ms func() *ent.Membership) func(f *fixture) string {
		return func(f *fixture) string {
			m := testkit.MustOrPanic(c.Membership.Get(ctx, ms().ID))
			return fmt.Sprint(m.State, " buddy ", ptr(m.BuddyID), " buyIn ", m.BuyInRecordedAt != nil)
		}
	}
	voteOf := func(p func() *ent.Proposal, voter func() *ent.Person) func(f *fixture) string {
		return func(f *fixture) string {
			v, err := c.Vote.Query().Where(vote.ProposalID(p().ID), vote.VoterID(voter().ID)).Only(ctx)
			if ent.IsNotFound(err) {
				return "no vote"
			}
			return fmt.Sprint(testkit.MustOrPanic(v, err).Choice, " ", v.Reason)
		}
	}
	// networkDecision opens a NETWORK_GENERAL proposal of N; B's bylaws
	// have memberB cast B's vote, A's members decide A's.
	networkDecision := func(f *fixture) {
		testkit.MustOrPanic(c.Coop.UpdateOneID(f.B.ID).SetNetworkVotes(coop.NetworkVotesDELEGATE).SetNetworkDelegateID(f.MemberB.ID).Save(ctx))
		propNet = testkit.MustOrPanic(c.Proposal.Create().SetNetworkID(f.N.ID).SetKind("NETWORK_GENERAL").
			SetElectorate("COOPS").SetTitle("A common pool").SetRule("TWO_THIRDS").SetQuorumPercent(50).
			SetClosesAt(time.Now().Add(14 * 24 * time.Hour)).Save(ctx))
	}
	coopVotesOnNet := func(f *fixture) string {
		n := testkit.MustOrPanic(c.Vote.Query().Where(vote.ProposalID(propNet.ID)).Count(ctx))
		m := testkit.MustOrPanic(c.Proposal.Query().Where(proposal.ParentID(propNet.ID)).Count(ctx))
		return fmt.Sprint(n, " votes, ", m, " coop decisions")
	}
	networkProposals := func(f *fixture) string {
		return f.count(c.Proposal.Query().Where(proposal.NetworkIDNotNil())) + " network proposals, N has " +
			f.count(c.Coop.Query().Where(coop.HasNetworksWith(network.ID(f.N.ID)))) + " coops"
	}
	proposalStatus := func(p func() *ent.Proposal) func(f *fixture) string {
		return func(f *fixture) string { return str(testkit.MustOrPanic(c.Proposal.Get(ctx, p().ID)).Status) }
	}
	shareAmount := func(s func() *ent.BudgetShare) func(f *fixture) string {
		return func(f *fixture) string { return str(testkit.MustOrPanic(c.BudgetShare.Get(ctx, s().ID)).AmountCents) }
	}
	entryState := func(e func() *ent.TimeEntry) func(f *fixture) string {
		return func(f *fixture) string {
			te := testkit.MustOrPanic(c.TimeEntry.Get(ctx, e().ID))
			return fmt.Sprint(te.Date.Format(time.DateOnly), " ", te.Minutes, " ", te.Note)
		}
	}
	entriesOn := func(s func() *ent.BudgetShare) func(f *fixture) string {
		return func(f *fixture) string { return f.count(c.TimeEntry.Query().Where(timeentry.ShareID(s().ID))) }
	}
	projectOf := func(p func() *ent.Project) func(f *fixture) string {
		return func(f *fixture) string {
			pr := testkit.MustOrPanic(c.Project.Get(ctx, p().ID))
			return fmt.Sprint(pr.Status, " ", pr.TotalBudgetCents, " ", pr.PmChargePercent,
				" shares ", f.count(c.BudgetShare.Query().Where(budgetshare.ProjectID(pr.ID))),
				" motions ", f.count(c.BudgetMotion.Query().Where(budgetmotion.ProjectID(pr.ID))))
		}
	}
	surplusOf := func(co func() *ent.Coop) func(f *fixture) string {
		return func(f *fixture) string {
			return f.count(c.Proposal.Query().Where(proposal.CoopID(co().ID), proposal.KindEQ(proposal.KindSURPLUS))) + " " +
				f.count(c.SurplusDistribution.Query().Where(surplusdistribution.CoopID(co().ID)))
		}
	}
	exclusions := func(f *fixture) string {
		return f.count(c.Proposal.Query().Where(proposal.KindEQ(proposal.KindEXCLUSION)))
	}
	bylawsOf := func(co func() *ent.Coop) func(f *fixture) string {
		return func(f *fixture) string {
			return f.count(c.Proposal.Query().Where(proposal.CoopID(co().ID), proposal.KindEQ(proposal.KindBYLAWS))) + " v" +
				str(testkit.MustOrPanic(c.Coop.Get(ctx, co().ID)).BylawsVersion)
		}
	}
	endorsementsOfA := func(f *fixture) string {
		return f.count(c.Endorsement.Query().Where(endorsement.PersonSkillID(f.PersonSkillA.ID))) + " " +
			str(testkit.MustOrPanic(c.PersonSkill.Get(ctx, f.PersonSkillA.ID)).EndorsementCount)
	}
	skillsOf := func(f *fixture) string {
		return f.count(c.Skill.Query()) + " " + f.count(c.PersonSkill.Query())
	}

	const (
		joinCoop       = `mutation($c: ID!) { joinCoop(coopID: $c, reason: "hello") { membership { id state } } }`
		transition     = `mutation($m: ID!, $t: PathwayTransition!) { transitionMembership(membershipID: $m, transition: $t) { membership { id state } } }`
		assignBuddy    = `mutation($m: ID!, $b: ID!) { assignBuddy(membershipID: $m, buddyID: $b) { membership { id } } }`
		recordBuyIn    = `mutation($m: ID!, $a: MoneyInput!) { recordBuyIn(membershipID: $m, amount: $a) { membership { id } } }`
		complete       = `mutation($m: ID!, $t: ID!) { completeMilestone(membershipID: $m, templateID: $t, note: "done") { milestoneProgress { id } } }`
		verify         = `mutation($p: ID!) { verifyMilestone(progressID: $p) { milestoneProgress { id verifiedAt } } }`
		propose        = `mutation($in: CreateProposalInput!) { createProposal(input: $in) { proposal { id } } }`
		castVote       = `mutation($p: ID!, $c: VoteChoice!, $r: String) { castVote(proposalID: $p, choice: $c, reason: $r) { vote { id choice } } }`
		closeProp      = `mutation($p: ID!) { closeProposal(proposalID: $p) { proposal { id status } } }`
		coopVote       = `mutation($p: ID!, $c: ID!) { castCoopVote(proposalID: $p, coopID: $c, choice: YES) { vote { id choice } } }`
		openCoopVote   = `mutation($in: ProposeCoopVoteInput!) { proposeCoopVote(input: $in) { proposal { id kind } } }`
		proposeNet     = `mutation($in: ProposeNetworkDecisionInput!) { proposeNetworkDecision(input: $in) { proposal { id kind } } }`
		applyNet       = `mutation($in: ApplyToNetworkInput!) { applyToNetwork(input: $in) { proposal { id kind } } }`
		proposeNetBy   = `mutation($in: ProposeNetworkBylawsChangeInput!) { proposeNetworkBylawsChange(input: $in) { proposal { id kind } } }`
		setStatus      = `mutation($p: ID!, $s: ProjectStatus!) { setProjectStatus(projectID: $p, status: $s) { project { id status } } }`
		createShare    = `mutation($in: CreateBudgetShareInput!) { createBudgetShare(input: $in) { budgetShare { id } } }`
		resizeShare    = `mutation($s: ID!, $a: MoneyInput!) { resizeBudgetShare(shareID: $s, amount: $a) { budgetShare { id } } }`
		changeTotal    = `mutation($p: ID!, $t: MoneyInput!) { changeProjectBudget(projectID: $p, totalBudget: $t) { project { id } } }`
		logTime        = `mutation($in: LogTimeInput!) { logTime(input: $in) { timeEntry { id } } }`
		updateEntry    = `mutation($id: ID!, $in: UpdateTimeEntryInput!) { updateTimeEntry(id: $id, input: $in) { timeEntry { id } } }`
		proposeBC      = `mutation($in: ProposeBudgetChangeInput!) { proposeBudgetChange(input: $in) { budgetMotion { id } } }`
		consent        = `mutation($m: ID!) { consentToBudgetMotion(motionID: $m) { budgetMotion { id status } } }`
		surplus        = `mutation($c: ID!, $y: Int!, $s: MoneyInput!, $t: Time!) { proposeSurplusDistribution(input: {coopID: $c, fiscalYear: $y, surplus: $s, overrideReason: "typed in", closesAt: $t}) { proposal { id } } }`
		endorse        = `mutation($ps: ID!) { endorseSkill(personSkillID: $ps) { endorsement { id } } }`
		withdraw       = `mutation($ps: ID!) { withdrawEndorsement(personSkillID: $ps) { personSkill { id } } }`
		merge          = `mutation($from: ID!, $into: ID!) { mergeSkills(fromID: $from, intoID: $into) { skill { id } } }`
		decline        = `mutation($m: ID!) { declineBudgetMotion(motionID: $m, reason: "no") { budgetMotion { id status } } }`
		proposeExcl    = `mutation($in: ProposeExclusionInput!) { proposeExclusion(input: $in) { proposal { id kind } } }`
		setDeciders    = `mutation($p: ID!, $d: ProjectDeciders!) { setProjectDeciders(projectID: $p, deciders: $d) { project { id deciders } } }`
		proposeProject = `mutation($in: ProposeProjectDecisionInput!) { proposeProjectDecision(input: $in) { proposal { id electorate } } }`
		bylawsChange   = `mutation($c: ID!, $t: Time!, $ch: BylawsChangeInput!) { proposeBylawsChange(input: {coopID: $c, title: "Bylaws", closesAt: $t, change: $ch}) { proposal { id } } }`
	)
	shareHoldersDecideP := func(f *fixture) {
		testkit.MustOrPanic(c.Project.UpdateOneID(f.P.ID).SetDeciders("SHARE_HOLDERS").Save(ctx))
	}
	decidersOfP := func(f *fixture) string { return str(testkit.MustOrPanic(c.Project.Get(ctx, f.P.ID)).Deciders) }
	projectDecisionsOfP := func(f *fixture) string {
		return f.count(c.Proposal.Query().Where(proposal.ProjectID(f.P.ID), proposal.KindEQ(proposal.KindPROJECT_GENERAL)))
	}
	budgetChange := func(project int, change map[string]any) map[string]any {
		in := map[string]any{"projectID": testkit.ID(project), "title": "Budget", "closesAt": closesAt, "reason": "matrix"}
		for k, v := range change {
			in[k] = v
		}
		return map[string]any{"in": in}
	}
	newShareFor := func(key string, holder int) map[string]any {
		return map[string]any{key: testkit.ID(holder), "amount": eur(1_000), "hourlyRate": eur(8_000)}
	}

	return append(append(append(append(append(append(f.archiveOperationCases(), f.paymentOperationCases()...), f.invoiceOperationCases()...), append(append([]writeCase{ // issue 17: payments_test.go, invoices_test.go
		// The pathway (JoinCoop, TransitionMembership, AssignBuddy,
		// RecordBuyIn, CompleteMilestone, VerifyMilestone).
		{
			name:  "joinCoop A",
			query: joinCoop,
			vars:  func(string) map[string]any { return map[string]any{"c": testkit.ID(f.A.ID)} },
			want: expect(ok, outsider, "NOT_FOUND",
				freelancer, "CONFLICT", candidate, "CONFLICT", memberOfA, "CONFLICT"),
			state: func(f *fixture) string { return f.count(c.Membership.Query().Where(membership.CoopID(f.A.ID))) },
		},
		{
			name:  "joinCoop C (another network)",
			query: joinCoop,
			vars:  func(string) map[string]any { return map[string]any{"c": testkit.ID(f.C.ID)} },
			want:  expect("NOT_FOUND"),
			state: func(f *fixture) string { return f.count(c.Membership.Query().Where(membership.CoopID(f.C.ID))) },
		},
		{
			name:  "transitionMembership: the candidate leaves",
			query: transition,
			vars:  func(string) map[string]any { return map[string]any{"m": testkit.ID(f.MsCandidate.ID), "t": "LEAVE"} },
			want:  expect("NOT_FOUND", candidate, ok, memberOfA, "FORBIDDEN"),
			state: membershipState(func() *ent.Membership { return f.MsCandidate }),
		},
		{
			name:  "transitionMembership: a member pauses another member",
			query: transition,
			vars:  func(string) map[string]any { return map[string]any{"m": testkit.ID(f.MsMemberA2.ID), "t": "PAUSE"} },
			want:  expect("NOT_FOUND", memberOfA, "FORBIDDEN"),
			state: membershipState(func() *ent.Membership { return f.MsMemberA2 }),
		},
		{
			name: "transitionMembership: START_FREELANCING of an INTERESTED person, recorded by a member",
			setup: func(f *fixture) {
				msInterested = testkit.MustOrPanic(c.Membership.Create().SetPerson(f.Participant).SetCoop(f.A).SetState("INTERESTED").Save(ctx))
			},
			query: transition,
			vars: func(string) map[string]any {
				return map[string]any{"m": testkit.ID(msInterested.ID), "t": "START_FREELANCING"}
			},
			// Only members of the coop record it; the person (participant)
			// reads their membership, memberB does not.
			want:  expect("NOT_FOUND", participant, "FORBIDDEN", memberOfA, ok),
			state: membershipState(func() *ent.Membership { return msInterested }),
		},
		{
			name:  "assignBuddy memberA2 to the freelancer",
			query: assignBuddy,
			vars: func(string) map[string]any {
				return map[string]any{"m": testkit.ID(f.MsFreelancer.ID), "b": testkit.ID(f.MemberA2.ID)}
			},
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfA, ok),
			state: membershipState(func() *ent.Membership { return f.MsFreelancer }),
		},
		{
			name:  "assignBuddy: a buddy who is not a member of the coop",
			query: assignBuddy,
			vars: func(string) map[string]any {
				return map[string]any{"m": testkit.ID(f.MsFreelancer.ID), "b": testkit.ID(f.Participant.ID)}
			},
			want:     expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfA, "BAD_USER_INPUT"),
			fieldFor: map[string]string{memberOfA: "buddyID"},
			state:    membershipState(func() *ent.Membership { return f.MsFreelancer }),
		},
		{
			name:  "assignBuddy on B's freelancer",
			setup: func(f *fixture) { msFreelancerB = personOfB(f, "bruno.freelancerb", "FREELANCER") },
			query: assignBuddy,
			vars: func(string) map[string]any {
				return map[string]any{"m": testkit.ID(msFreelancerB.ID), "b": testkit.ID(f.MemberB.ID)}
			},
			want:  expect("NOT_FOUND", memberOfB, ok),
			state: membershipState(func() *ent.Membership { return msFreelancerB }),
		},
		{
			name:  "recordBuyIn for the candidate",
			query: recordBuyIn,
			vars: func(string) map[string]any {
				return map[string]any{"m": testkit.ID(f.MsCandidate.ID), "a": eur(500_000)}
			},
			want:  expect("NOT_FOUND", candidate, "FORBIDDEN", memberOfA, ok),
			state: membershipState(func() *ent.Membership { return f.MsCandidate }),
		},
		{
			name:  "recordBuyIn for B's candidate",
			setup: func(f *fixture) { msCandidateB = personOfB(f, "bea.candidateb", "CANDIDATE") },
			query: recordBuyIn,
			vars: func(string) map[string]any {
				return map[string]any{"m": testkit.ID(msCandidateB.ID), "a": eur(200_000)}
			},
			want:  expect("NOT_FOUND", memberOfB, ok),
			state: membershipState(func() *ent.Membership { return msCandidateB }),
		},
		{
			name:  "completeMilestone for the candidate",
			query: complete,
			vars: func(string) map[string]any {
				return map[string]any{"m": testkit.ID(f.MsCandidate.ID), "t": testkit.ID(f.TplProjects.ID)}
			},
			want: expect("NOT_FOUND", candidate, ok, memberOfA, "FORBIDDEN"),
			state: func(f *fixture) string {
				return f.count(c.MilestoneProgress.Query().Where(milestoneprogress.MembershipID(f.MsCandidate.ID)))
			},
		},
		{
			name:  "completeMilestone with B's template",
			query: complete,
			vars: func(string) map[string]any {
				return map[string]any{"m": testkit.ID(f.MsCandidate.ID), "t": testkit.ID(f.TplB.ID)}
			},
			want:     expect("NOT_FOUND", memberOfA, "FORBIDDEN"),
			fieldFor: map[string]string{candidate: "templateID"},
			state: func(f *fixture) string {
				return f.count(c.MilestoneProgress.Query().Where(milestoneprogress.MembershipID(f.MsCandidate.ID)))
			},
		},
		{
			name:  "verifyMilestone of the freelancer's milestone",
			query: verify,
			vars:  func(string) map[string]any { return map[string]any{"p": testkit.ID(f.ProgFreelancer.ID)} },
			// memberB is a member of another coop: the progress is unknown to them.
			want: expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfA, ok),
			state: func(f *fixture) string {
				return fmt.Sprint(testkit.MustOrPanic(c.MilestoneProgress.Get(ctx, f.ProgFreelancer.ID)).VerifiedAt != nil)
			},
		},
		{
			name: "verifyMilestone of B's freelancer's milestone",
			setup: func(f *fixture) {
				msFreelancerB = personOfB(f, "bruno.freelancerb", "FREELANCER")
				progFreelancerB = testkit.MustOrPanic(c.MilestoneProgress.Create().SetMembership(msFreelancerB).SetTemplate(f.TplB).
					SetCompletedAt(day(2026, 2, 3)).Save(ctx))
			},
			query: verify,
			vars:  func(string) map[string]any { return map[string]any{"p": testkit.ID(progFreelancerB.ID)} },
			want:  expect("NOT_FOUND", memberOfB, ok),
			state: func(f *fixture) string {
				return fmt.Sprint(testkit.MustOrPanic(c.MilestoneProgress.Get(ctx, progFreelancerB.ID)).VerifiedAt != nil)
			},
		},

		// Decisions (OpenProposal, CastVote, CloseProposal).
		{
			name:  "createProposal in A",
			query: propose,
			vars: func(a string) map[string]any {
				return map[string]any{"in": map[string]any{"coopID": testkit.ID(f.A.ID), "kind": "GENERAL", "title": "by " + a, "closesAt": closesAt}}
			},
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: func(f *fixture) string { return f.count(c.Proposal.Query().Where(proposal.CoopID(f.A.ID))) },
		},
		{
			name:  "createProposal in C (another network)",
			query: propose,
			vars: func(a string) map[string]any {
				return map[string]any{"in": map[string]any{"coopID": testkit.ID(f.C.ID), "kind": "GENERAL", "title": "x", "closesAt": closesAt}}
			},
			want: expect("NOT_FOUND"),
		},
		{
			name:  "createProposal ADMISSION in A about B's membership",
			query: propose,
			vars: func(a string) map[string]any {
				return map[string]any{"in": map[string]any{"coopID": testkit.ID(f.A.ID), "kind": "ADMISSION", "title": "x",
					"closesAt": closesAt, "membershipID": testkit.ID(f.MsMemberB.ID)}}
			},
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, "NOT_FOUND"),
			fieldFor: map[string]string{memberOfA: "membershipID"},
		},
		{
			name:  "createProposal BUDGET in A about P",
			query: propose,
			vars: func(a string) map[string]any {
				return map[string]any{"in": map[string]any{"coopID": testkit.ID(f.A.ID), "kind": "BUDGET", "title": "x",
					"closesAt": closesAt, "projectID": testkit.ID(f.P.ID)}}
			},
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: func(f *fixture) string { return f.count(c.Proposal.Query().Where(proposal.ProjectID(f.P.ID))) },
		},
		{
			name:  "createProposal BUDGET in A about B's project",
			query: propose,
			vars: func(a string) map[string]any {
				return map[string]any{"in": map[string]any{"coopID": testkit.ID(f.A.ID), "kind": "BUDGET", "title": "x",
					"closesAt": closesAt, "projectID": testkit.ID(f.Q.ID)}}
			},
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, "NOT_FOUND"),
			fieldFor: map[string]string{memberOfA: "projectID"},
		},
		{
			name:  "castVote on A's general proposal",
			query: castVote,
			vars:  vars("p", testkit.ID(f.PropGeneral.ID), "c", "YES", "r", "matrix"),
			want:  expect("NOT_FOUND", memberOfA, ok),
			state: voteOf(func() *ent.Proposal { return f.PropGeneral }, func() *ent.Person { return f.MemberA }),
		},
		{
			name:  "castVote on the candidate's admission proposal",
			query: castVote,
			vars:  vars("p", testkit.ID(f.PropAdmission.ID), "c", "ABSTAIN", "r", "matrix"),
			// The candidate reads the proposal about them, and may not vote on it.
			want: expect("NOT_FOUND", candidate, "FORBIDDEN", memberOfA, ok),
			state: func(f *fixture) string {
				return f.count(c.Vote.Query().Where(vote.ProposalID(f.PropAdmission.ID))) + " " +
					voteOf(func() *ent.Proposal { return f.PropAdmission }, func() *ent.Person { return f.MemberA })(f)
			},
		},
		{
			name:  "castVote on B's proposal",
			query: castVote,
			vars:  vars("p", testkit.ID(f.PropB.ID), "c", "NO", "r", "matrix"),
			want:  expect("NOT_FOUND", memberOfB, ok),
			state: func(f *fixture) string {
				return f.count(c.Vote.Query()) + " " + str(testkit.MustOrPanic(c.Vote.Get(ctx, f.VoteB.ID)).Choice)
			},
		},
		{
			name:  "castCoopVote for B on N's proposal (B's delegate is memberB)",
			setup: networkDecision,
			query: coopVote,
			vars: func(string) map[string]any {
				return map[string]any{"p": testkit.ID(propNet.ID), "c": testkit.ID(f.B.ID)}
			},
			// Everyone in N reads the network's decision; only B's delegate votes for B.
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfB, ok),
			state: coopVotesOnNet,
		},
		{
			name:  "proposeCoopVote for A on N's proposal",
			setup: networkDecision,
			query: openCoopVote,
			vars: func(string) map[string]any {
				return map[string]any{"in": map[string]any{"proposalID": testkit.ID(propNet.ID), "coopID": testkit.ID(f.A.ID),
					"closesAt": time.Now().Add(7 * 24 * time.Hour).UTC().Format(time.RFC3339)}}
			},
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: coopVotesOnNet,
		},
		// Network governance (OpenNetworkProposal, ApplyToNetwork): members
		// of N's member coops propose; everyone else in N reads N and is
		// FORBIDDEN; a coop applies by its own members only.
		{
			name:  "proposeNetworkDecision NETWORK_GENERAL in N",
			query: proposeNet,
			vars: vars("in", map[string]any{"networkID": testkit.ID(f.N.ID), "kind": "NETWORK_GENERAL",
				"title": "A common pool", "closesAt": closesAt}),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfB, ok, memberOfA, ok),
			field: "networkID",
			state: networkProposals,
		},
		{
			name:  "proposeNetworkDecision COOP_EXCLUSION of C (another network)",
			query: proposeNet,
			vars: vars("in", map[string]any{"networkID": testkit.ID(f.N.ID), "kind": "COOP_EXCLUSION",
				"subjectCoopID": testkit.ID(f.C.ID), "title": "Exclude C", "closesAt": closesAt}),
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfB, "NOT_FOUND", memberOfA, "NOT_FOUND"),
			field:    "subjectCoopID",
			fieldFor: map[string]string{outsider: "networkID"},
			state:    networkProposals,
		},
		{
			name:  "proposeNetworkBylawsChange in N",
			query: proposeNetBy,
			vars: vars("in", map[string]any{"networkID": testkit.ID(f.N.ID), "title": "Quorum 60",
				"closesAt": closesAt, "change": map[string]any{"quorumPercent": 60}}),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfB, ok, memberOfA, ok),
			field: "networkID",
			state: networkProposals,
		},
		{
			// N2 is not readable to A's members: an application finds the
			// network by its ID.
			name:  "applyToNetwork: A applies to N2 (found by its ID, unreadable to A's members)",
			query: applyNet,
			vars:  vars("in", map[string]any{"networkID": testkit.ID(f.N2.ID), "coopID": testkit.ID(f.A.ID), "closesAt": closesAt}),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			field: "coopID",
			state: networkProposals,
		},
		{
			name:  "applyToNetwork: coop C applies to N (nobody here is a member of C)",
			query: applyNet,
			vars:  vars("in", map[string]any{"networkID": testkit.ID(f.N.ID), "coopID": testkit.ID(f.C.ID), "closesAt": closesAt}),
			want:  expect("NOT_FOUND"),
			field: "coopID",
			state: networkProposals,
		},
		{
			name:  "applyToNetwork: A applies to N (already a member)",
			query: applyNet,
			vars:  vars("in", map[string]any{"networkID": testkit.ID(f.N.ID), "coopID": testkit.ID(f.A.ID), "closesAt": closesAt}),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, "CONFLICT"),
			field: "coopID",
			state: networkProposals,
		},
		{
			name:  "closeProposal of the candidate's admission proposal (everyone voted)",
			query: closeProp,
			vars:  vars("p", testkit.ID(f.PropAdmission.ID)),
			want:  expect("NOT_FOUND", candidate, "FORBIDDEN", memberOfA, ok),
			state: proposalStatus(func() *ent.Proposal { return f.PropAdmission }),
		},
		{
			name:  "closeProposal of A's general proposal before everyone voted",
			query: closeProp,
			vars:  vars("p", testkit.ID(f.PropGeneral.ID)),
			want:  expect("NOT_FOUND", memberOfA, "CONFLICT"),
			state: proposalStatus(func() *ent.Proposal { return f.PropGeneral }),
		},
		{
			name:  "closeProposal of B's proposal",
			query: closeProp,
			vars:  vars("p", testkit.ID(f.PropB.ID)),
			want:  expect("NOT_FOUND", memberOfB, ok),
			state: proposalStatus(func() *ent.Proposal { return f.PropB }),
		},

		// Projects and budgets (SetProjectStatus, ChangeBudget, LogTime,
		// EditTimeEntry, ProposeBudgetChange, ConsentToBudgetMotion,
		// ProposeSurplus). A's threshold is 10,000,000 (P's direct history
		// moved 2,300,000 of it: the threshold counts direct changes since
		// the last decision); P has 200,000 left.
		{
			name:  "setProjectStatus of P (led by A)",
			query: setStatus,
			vars:  vars("p", testkit.ID(f.P.ID), "s", "COMPLETED"),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: projectOf(func() *ent.Project { return f.P }),
		},
		{
			name:  "setProjectStatus of Q (led by B)",
			query: setStatus,
			vars:  vars("p", testkit.ID(f.Q.ID), "s", "ACTIVE"),
			want:  expect("NOT_FOUND", memberOfB, ok),
			state: projectOf(func() *ent.Project { return f.Q }),
		},
		{
			name:  "createBudgetShare on P for coop B",
			query: createShare,
			vars: func(string) map[string]any {
				return map[string]any{"in": map[string]any{"projectID": testkit.ID(f.P.ID), "coopID": testkit.ID(f.B.ID),
					"amount": eur(50_000), "hourlyRate": eur(8_000)}}
			},
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: projectOf(func() *ent.Project { return f.P }),
		},
		{
			name:  "createBudgetShare on P for coop C (another network)",
			query: createShare,
			vars: func(string) map[string]any {
				return map[string]any{"in": map[string]any{"projectID": testkit.ID(f.P.ID), "coopID": testkit.ID(f.C.ID),
					"amount": eur(1_000), "hourlyRate": eur(8_000)}}
			},
			want:  expect("NOT_FOUND"),
			field: "coopID",
			state: projectOf(func() *ent.Project { return f.P }),
		},
		{
			name:  "createBudgetShare on P for the outsider (unknown to A)",
			query: createShare,
			vars: func(string) map[string]any {
				return map[string]any{"in": map[string]any{"projectID": testkit.ID(f.P.ID), "personID": testkit.ID(f.Outsider.ID),
					"amount": eur(1_000), "hourlyRate": eur(8_000)}}
			},
			want:     expect("NOT_FOUND"),
			field:    "personID",
			fieldFor: map[string]string{outsider: ""}, // the outsider knows themself, not P
			state:    projectOf(func() *ent.Project { return f.P }),
		},
		{
			name:  "createBudgetShare on Q (led by B)",
			query: createShare,
			vars: func(string) map[string]any {
				return map[string]any{"in": map[string]any{"projectID": testkit.ID(f.Q.ID), "coopID": testkit.ID(f.A.ID),
					"amount": eur(0), "hourlyRate": eur(8_000)}} // B's threshold is 0
			},
			want:  expect("NOT_FOUND", memberOfB, ok),
			state: projectOf(func() *ent.Project { return f.Q }),
		},
		{
			name:  "resizeBudgetShare grows B's share of P",
			query: resizeShare,
			vars:  vars("s", testkit.ID(f.ShareB.ID), "a", eur(1_550_000)),
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: shareAmount(func() *ent.BudgetShare { return f.ShareB }),
		},
		{
			name:  "resizeBudgetShare cuts B's share without B's consent",
			query: resizeShare,
			vars:  vars("s", testkit.ID(f.ShareB.ID), "a", eur(1_450_000)),
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, "FORBIDDEN"),
			state: shareAmount(func() *ent.BudgetShare { return f.ShareB }),
		},
		{
			name:  "resizeBudgetShare of the freelancer's share",
			query: resizeShare,
			vars:  vars("s", testkit.ID(f.ShareF.ID), "a", eur(850_000)),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: shareAmount(func() *ent.BudgetShare { return f.ShareF }),
		},
		{
			name:  "changeProjectBudget of P",
			query: changeTotal,
			vars:  vars("p", testkit.ID(f.P.ID), "t", eur(5_050_000)),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: projectOf(func() *ent.Project { return f.P }),
		},
		{
			name:  "changeProjectBudget of R (another network)",
			query: changeTotal,
			vars:  vars("p", testkit.ID(f.R.ID), "t", eur(1_050_000)),
			want:  expect("NOT_FOUND"),
			state: projectOf(func() *ent.Project { return f.R }),
		},
		{
			name:  "logTime on A's share of P",
			query: logTime,
			vars:  vars("in", map[string]any{"shareID": testkit.ID(f.ShareA.ID), "date": yesterday, "minutes": 30}),
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: entriesOn(func() *ent.BudgetShare { return f.ShareA }),
		},
		{
			name:  "logTime on the freelancer's share",
			query: logTime,
			vars:  vars("in", map[string]any{"shareID": testkit.ID(f.ShareF.ID), "date": yesterday, "minutes": 30}),
			want:  expect("NOT_FOUND", freelancer, ok, memberOfB, "FORBIDDEN", memberOfA, "FORBIDDEN"),
			state: entriesOn(func() *ent.BudgetShare { return f.ShareF }),
		},
		{
			name:  "logTime on B's share of Q",
			setup: func(f *fixture) { testkit.MustOrPanic(c.Project.UpdateOneID(f.Q.ID).SetStatus("ACTIVE").Save(ctx)) },
			query: logTime,
			vars:  vars("in", map[string]any{"shareID": testkit.ID(f.ShareQ.ID), "date": yesterday, "minutes": 30}),
			want:  expect("NOT_FOUND", memberOfB, ok),
			state: entriesOn(func() *ent.BudgetShare { return f.ShareQ }),
		},
		{
			name:  "updateTimeEntry memberA's entry on P",
			query: updateEntry,
			vars:  vars("id", testkit.ID(f.TimeA.ID), "in", map[string]any{"minutes": 200, "note": "corrected"}),
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: entryState(func() *ent.TimeEntry { return f.TimeA }),
		},
		{
			name:  "updateTimeEntry the freelancer's entry",
			query: updateEntry,
			vars:  vars("id", testkit.ID(f.TimeF.ID), "in", map[string]any{"minutes": 90}),
			want:  expect("NOT_FOUND", freelancer, ok, memberOfB, "FORBIDDEN", memberOfA, "FORBIDDEN"),
			state: entryState(func() *ent.TimeEntry { return f.TimeF }),
		},
		{
			name: "updateTimeEntry by its author after leaving the coop holding the share",
			setup: func(f *fixture) {
				testkit.MustOrPanic(c.Membership.UpdateOneID(f.MsMemberB.ID).SetState("LEFT").Save(ctx))
			},
			query: updateEntry,
			vars:  vars("id", testkit.ID(f.TimeB.ID), "in", map[string]any{"minutes": 600}),
			// memberB still reads their own entry, but no longer logs time
			// on B's share: EditTimeEntry is "within the same rules as
			// logging it".
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, "FORBIDDEN"),
			state: entryState(func() *ent.TimeEntry { return f.TimeB }),
		},
		{
			name:  "proposeBudgetChange on P: a new total above A's threshold",
			query: proposeBC,
			vars: func(string) map[string]any {
				return budgetChange(f.P.ID, map[string]any{"changeTotal": map[string]any{"totalBudget": eur(5_500_000)}})
			},
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: projectOf(func() *ent.Project { return f.P }),
		},
		{
			name:  "proposeBudgetChange on P: a cut of B's share",
			query: proposeBC,
			vars: func(string) map[string]any {
				return budgetChange(f.P.ID, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(f.ShareB.ID), "amount": eur(1_400_000)}})
			},
			want: expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			state: func(f *fixture) string {
				return projectOf(func() *ent.Project { return f.P })(f) + " B's proposals " +
					f.count(c.Proposal.Query().Where(proposal.CoopID(f.B.ID)))
			},
		},
		{
			name:  "proposeBudgetChange on P: a new share for coop C (another network)",
			query: proposeBC,
			vars: func(string) map[string]any {
				return budgetChange(f.P.ID, map[string]any{"createShare": newShareFor("coopID", f.C.ID)})
			},
			want:     expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN"),
			fieldFor: map[string]string{memberOfA: "coopID"},
			state:    projectOf(func() *ent.Project { return f.P }),
		},
		{
			name:  "proposeBudgetChange on P: a new share for the outsider (unknown to A)",
			query: proposeBC,
			vars: func(string) map[string]any {
				return budgetChange(f.P.ID, map[string]any{"createShare": newShareFor("personID", f.Outsider.ID)})
			},
			want:     expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN"),
			fieldFor: map[string]string{memberOfA: "personID"},
			state:    projectOf(func() *ent.Project { return f.P }),
		},
		{
			name:  "proposeBudgetChange on Q: a share of another project (B's share of P)",
			query: proposeBC,
			vars: func(string) map[string]any {
				return budgetChange(f.Q.ID, map[string]any{"resizeShare": map[string]any{"shareID": testkit.ID(f.ShareB.ID), "amount": eur(1_000)}})
			},
			want:     expect("NOT_FOUND"),
			fieldFor: map[string]string{memberOfB: "shareID"},
			state:    projectOf(func() *ent.Project { return f.Q }),
		},
		{
			name:  "consentToBudgetMotion: a member of B consents to a cut of B's share",
			setup: cutOfB(budgetmotion.ConsentByMEMBER),
			query: consent,
			vars:  func(string) map[string]any { return map[string]any{"m": testkit.ID(motion.ID)} },
			// memberA reads the motion (lead coop) but may not consent for B.
			want:  expect("NOT_FOUND", memberOfB, ok, memberOfA, "FORBIDDEN"),
			state: motionState,
		},
		{
			name:  "consentToBudgetMotion when B's bylaws ask for a proposal",
			setup: cutOfB(budgetmotion.ConsentByPROPOSAL),
			query: consent,
			vars:  func(string) map[string]any { return map[string]any{"m": testkit.ID(motion.ID)} },
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, "FORBIDDEN"),
			state: motionState,
		},
		{
			name:  "consentToBudgetMotion: the freelancer consents to a cut of their share",
			setup: cutOfF,
			query: consent,
			vars:  func(string) map[string]any { return map[string]any{"m": testkit.ID(motion.ID)} },
			// A's and B's members read the motion (P's budget) but may not consent for her.
			want:  expect("NOT_FOUND", freelancer, ok, memberOfA, "FORBIDDEN", memberOfB, "FORBIDDEN"),
			state: motionOfFState,
		},
		{
			name:  "declineBudgetMotion: the freelancer declines a cut of their share",
			setup: cutOfF,
			query: decline,
			vars:  func(string) map[string]any { return map[string]any{"m": testkit.ID(motion.ID)} },
			want:  expect("NOT_FOUND", freelancer, ok, memberOfA, "FORBIDDEN", memberOfB, "FORBIDDEN"),
			state: motionOfFState,
		},
		{
			name:  "declineBudgetMotion: a member of B declines a cut of B's share",
			setup: cutOfB(budgetmotion.ConsentByMEMBER),
			query: decline,
			vars:  func(string) map[string]any { return map[string]any{"m": testkit.ID(motion.ID)} },
			want:  expect("NOT_FOUND", memberOfB, ok, memberOfA, "FORBIDDEN"),
			state: motionState,
		},
		{
			name:  "declineBudgetMotion when B's bylaws ask for a proposal",
			setup: cutOfB(budgetmotion.ConsentByPROPOSAL),
			query: decline,
			vars:  func(string) map[string]any { return map[string]any{"m": testkit.ID(motion.ID)} },
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, "FORBIDDEN"),
			state: motionState,
		},
		{
			name: "proposeSurplusDistribution for A",
			// memberA worked for A in 2024, a MEMBER since 2020 (2025 is
			// distributed in the fixture).
			setup: func(f *fixture) {
				testkit.MustOrPanic(c.PathwayEvent.Create().SetMembership(f.MsMemberA).SetToState("MEMBER").SetAt(day(2020, 1, 1)).Save(ctx))
				testkit.MustOrPanic(c.TimeEntry.Create().SetProjectID(f.P.ID).SetShare(f.ShareA).SetPerson(f.MemberA).
					SetDate(day(2024, 6, 3)).SetMinutes(120).Save(ctx))
			},
			query: surplus,
			vars:  vars("c", testkit.ID(f.A.ID), "y", 2024, "s", eur(1_000_000), "t", closesAt),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: surplusOf(func() *ent.Coop { return f.A }),
		},
		{
			name:  "proposeSurplusDistribution for A's distributed 2025",
			query: surplus,
			vars:  vars("c", testkit.ID(f.A.ID), "y", 2025, "s", eur(1_000_000), "t", closesAt),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, "CONFLICT"),
			state: surplusOf(func() *ent.Coop { return f.A }),
		},
		{
			name:  "proposeSurplusDistribution for C (another network)",
			query: surplus,
			vars:  vars("c", testkit.ID(f.C.ID), "y", 2024, "s", eur(1_000_000), "t", closesAt),
			want:  expect("NOT_FOUND"),
			field: "coopID",
			state: surplusOf(func() *ent.Coop { return f.C }),
		},

		// Exclusion of a member by decision (ProposeExclusion). Only the
		// coop's members read its memberships; of them, only current
		// members propose, never about themselves nor about a non-member.
		{
			name:  "proposeExclusion of memberA2 (A)",
			query: proposeExcl,
			vars:  vars("in", map[string]any{"membershipID": testkit.ID(f.MsMemberA2.ID), "title": "exclude A2", "closesAt": closesAt}),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "membershipID",
			state: exclusions,
		},
		{
			name:  "proposeExclusion of memberB (B's membership)",
			query: proposeExcl,
			vars:  vars("in", map[string]any{"membershipID": testkit.ID(f.MsMemberB.ID), "title": "exclude B", "closesAt": closesAt}),
			// memberB reads their own membership: leaving is their own step.
			want:  expect("NOT_FOUND", memberOfB, "BAD_USER_INPUT"),
			field: "membershipID",
			state: exclusions,
		},
		{
			name:  "proposeExclusion of A's candidate",
			query: proposeExcl,
			vars:  vars("in", map[string]any{"membershipID": testkit.ID(f.MsCandidate.ID), "title": "exclude", "closesAt": closesAt}),
			// A candidate is no member to exclude; the candidate is no member to propose.
			want:     expect("NOT_FOUND", memberOfA, "BAD_USER_INPUT", candidate, "FORBIDDEN"),
			fieldFor: map[string]string{memberOfA: "membershipID"},
			state:    exclusions,
		},
		// Project decisions with everyone on the project
		// (WidenProjectDeciders, OpenProjectDecision; castVote on a
		// share-holder decision). P is led by A, with shares of A, B and
		// the freelancer; its lead coop decides it unless a case says so.
		{
			name:  "setProjectDeciders of P to SHARE_HOLDERS",
			query: setDeciders,
			vars:  vars("p", testkit.ID(f.P.ID), "d", "SHARE_HOLDERS"),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			field: "projectID",
			state: decidersOfP,
		},
		{
			name:  "setProjectDeciders of P back to LEAD_COOP (its share holders decide it)",
			setup: shareHoldersDecideP,
			query: setDeciders,
			vars:  vars("p", testkit.ID(f.P.ID), "d", "LEAD_COOP"),
			// Only a decision of the share holders gives it back.
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, "FORBIDDEN"),
			field: "projectID",
			state: decidersOfP,
		},
		{
			name:  "proposeProjectDecision on P (its lead coop decides it)",
			query: proposeProject,
			vars:  vars("in", map[string]any{"projectID": testkit.ID(f.P.ID), "title": "Go live", "closesAt": closesAt}),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			field: "projectID",
			state: projectDecisionsOfP,
		},
		{
			name:  "proposeProjectDecision on P (its share holders decide it)",
			setup: shareHoldersDecideP,
			query: proposeProject,
			vars:  vars("in", map[string]any{"projectID": testkit.ID(f.P.ID), "title": "Go live", "closesAt": closesAt}),
			want:  expect("NOT_FOUND", freelancer, ok, memberOfB, ok, memberOfA, ok),
			field: "projectID",
			state: projectDecisionsOfP,
		},
		{
			name: "proposeProjectDecision on Q (led by B, A holds no share)",
			setup: func(f *fixture) {
				testkit.MustOrPanic(c.Project.UpdateOneID(f.Q.ID).SetDeciders("SHARE_HOLDERS").Save(ctx))
			},
			query: proposeProject,
			vars:  vars("in", map[string]any{"projectID": testkit.ID(f.Q.ID), "title": "Go live", "closesAt": closesAt}),
			want:  expect("NOT_FOUND", memberOfB, ok),
			field: "projectID",
			state: func(f *fixture) string {
				return f.count(c.Proposal.Query().Where(proposal.ProjectID(f.Q.ID), proposal.KindEQ(proposal.KindPROJECT_GENERAL)))
			},
		},
		{
			name: "castVote on P's share-holder decision",
			setup: func(f *fixture) {
				shareHoldersDecideP(f)
				propProject = testkit.MustOrPanic(c.Proposal.Create().SetCoopID(f.A.ID).SetProjectID(f.P.ID).
					SetKind(proposal.KindPROJECT_GENERAL).SetElectorate(proposal.ElectorateSHARE_HOLDERS).SetTitle("Go live").
					SetRule("SIMPLE_MAJORITY").SetQuorumPercent(50).SetClosesAt(time.Now().Add(14 * 24 * time.Hour)).Save(ctx))
			},
			query: castVote,
			vars: func(string) map[string]any {
				return map[string]any{"p": testkit.ID(propProject.ID), "c": "NO", "r": "matrix"}
			},
			// Everyone on P reads it; coops vote as coops, the freelancer in person.
			want: expect("NOT_FOUND", memberOfB, "FORBIDDEN", memberOfA, "FORBIDDEN", freelancer, ok),
			state: func(f *fixture) string {
				return f.count(c.Vote.Query().Where(vote.ProposalID(propProject.ID)))
			},
		},
		// Bylaws change only by decision (ProposeBylawsChange, issue 15).
		{
			name:  "proposeBylawsChange for A",
			query: bylawsChange,
			vars:  vars("c", testkit.ID(f.A.ID), "t", closesAt, "ch", map[string]any{"candidacyDays": 30}),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			state: bylawsOf(func() *ent.Coop { return f.A }),
		},
		{
			name:  "proposeBylawsChange for C (another network)",
			query: bylawsChange,
			vars:  vars("c", testkit.ID(f.C.ID), "t", closesAt, "ch", map[string]any{"candidacyDays": 30}),
			want:  expect("NOT_FOUND"),
			field: "coopID",
			state: bylawsOf(func() *ent.Coop { return f.C }),
		},
		{
			name:     "proposeBylawsChange for A naming B's member as delegate",
			query:    bylawsChange,
			vars:     vars("c", testkit.ID(f.A.ID), "t", closesAt, "ch", map[string]any{"networkDelegateID": testkit.ID(f.MemberB.ID)}),
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, "BAD_USER_INPUT"),
			fieldFor: map[string]string{memberOfA: "networkDelegateID"},
			state:    bylawsOf(func() *ent.Coop { return f.A }),
		},

		// Talent (EndorseSkill, WithdrawEndorsement, MergeSkills).
		{
			name:  "endorseSkill memberA's Go",
			query: endorse,
			vars:  func(string) map[string]any { return map[string]any{"ps": testkit.ID(f.PersonSkillA.ID)} },
			// Every participant of N endorses once; memberA not their own, and the
			// participant already endorses it (fixture).
			want:  expect(ok, outsider, "NOT_FOUND", participant, "CONFLICT", memberOfA, "FORBIDDEN"),
			state: endorsementsOfA,
		},
		{
			name:  "endorseSkill memberC's Rust (another network)",
			query: endorse,
			vars:  func(string) map[string]any { return map[string]any{"ps": testkit.ID(f.PersonSkillC.ID)} },
			want:  expect("NOT_FOUND"),
			state: func(f *fixture) string { return f.count(c.Endorsement.Query()) },
		},
		{
			name:  "withdrawEndorsement of the participant's endorsement",
			query: withdraw,
			vars:  func(string) map[string]any { return map[string]any{"ps": testkit.ID(f.PersonSkillA.ID)} },
			// Nobody else, the endorsed person included, removes it.
			want:  expect("NOT_FOUND", participant, ok),
			state: endorsementsOfA,
		},
		{
			name:  "mergeSkills Kubernetes into Go (both of N)",
			query: merge,
			vars: func(string) map[string]any {
				return map[string]any{"from": testkit.ID(f.SkillK.ID), "into": testkit.ID(f.Skill.ID)}
			},
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			state: skillsOf,
		},
		{
			name:  "mergeSkills N2's skill into N's",
			query: merge,
			vars: func(string) map[string]any {
				return map[string]any{"from": testkit.ID(f.Skill2.ID), "into": testkit.ID(f.Skill.ID)}
			},
			want:  expect("NOT_FOUND"),
			field: "fromID",
			state: skillsOf,
		},
		{
			name:  "mergeSkills N's skill into N2's",
			query: merge,
			vars: func(string) map[string]any {
				return map[string]any{"from": testkit.ID(f.SkillK.ID), "into": testkit.ID(f.Skill2.ID)}
			},
			want:     expect("NOT_FOUND"),
			field:    "intoID",
			fieldFor: map[string]string{outsider: "fromID"},
			state: func(f *fixture) string {
				return skillsOf(f) + " " + f.count(c.Skill.Query().Where(skill.NetworkID(f.N.ID)))
			},
		},
	}, f.configOperationCases()...), f.rightsOperationCases()...)...), // issue 16: archive_test.go, config_test.go, rights_test.go
		f.booksOperationCases()...), // issue 17, part books: books_test.go
		append(f.coopMoneyOperationCases(), // issue 17: coopmoney_test.go
			f.duesOperationCases()...)...), // issue 17, part dues: dues_test.go
		append(f.publicOperationCases(), // issue 18, part public: public_test.go
			f.profileExportOperationCases()...)...) // issue 18, part export: profileexport_test.go
}

// operationCases: the matrix; issue 18, part webhooks (webhooks_test.go).
func (f *fixture) operationCases() []writeCase {
	return append(f.operationCasesBase(), f.webhookOperationCases()...)
}

// TestOperationMatrix runs every operation case on a fresh fixture.
func TestOperationMatrix(t *testing.T) {
	t.Parallel()
	cases := newFixture(t).operationCases()
	seen := map[string]bool{}
	for _, wc := range cases {
		if seen[wc.name] {
			t.Fatalf("two cases are named %q: the guard could not tell them apart", wc.name)
		}
		seen[wc.name] = true
	}
	for i, wc := range cases {
		t.Run(wc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			runWriteCase(t, f, f.operationCases()[i])
		})
	}
}
