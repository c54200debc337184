// Package authz_test checks DESIGN.md's authorization table end to end: real
// HTTP requests with real tokens against the real handler, on SQLite and (with
// COCKPIT_TEST_DATABASE) on PostgreSQL.
package authz_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/budgetchange"
	"github.com/coopnetwork/cockpit/ent/budgetmotion"
	"github.com/coopnetwork/cockpit/ent/bylawsversion"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/predicate"
	"github.com/coopnetwork/cockpit/internal/store"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Actors of the matrix, in the order of issue 4.
const (
	anonymous   = "anonymous"
	outsider    = "outsider"
	participant = "participant"
	freelancer  = "freelancerOfA"
	candidate   = "candidateOfA"
	memberOfB   = "memberOfB"
	memberOfA   = "memberOfA"
	netAdmin    = "adminOfN"
)

var actors = []string{anonymous, outsider, participant, freelancer, candidate, memberOfB, memberOfA, netAdmin}

// fixture is the world the matrix runs in:
//
//	network N (coops A and B)          network N2 (coop C)
//
//	outsider     valid token, no relation at all
//	participant  PARTICIPANT of N, no coop
//	freelancer   FREELANCER of A
//	candidate    CANDIDATE of A (buddy: memberA), subject of an ADMISSION proposal
//	memberB      MEMBER of B
//	memberA      MEMBER of A, PARTICIPANT of N
//	admin        ADMIN of N, no coop
//	memberA2     MEMBER of A (a second member, to vote)
//	memberC      MEMBER of C, PARTICIPANT of N and of N2, knows N2's skill Rust
//
// A's private objects: 4 memberships with 6 pathway events, 2 milestone
// templates with 2 progress rows, 2 proposals (ADMISSION about the
// candidate, GENERAL) with 3 votes, project P led by A with 3 shares (A, B,
// the freelancer) and one time entry on each, availability of memberA and of
// the freelancer, bylaws finance fields. B and C have their own project,
// proposal and milestones, which members of A must not see.
//
// For the directory and the budget history: a group in each network, every
// network participation, memberC's Rust skill (of N2), an endorsement of
// memberA's Go by the participant and one of memberC's Rust by memberA, a
// skill need of P, Q and R, budget changes of P's shares of B and the
// freelancer, of P's total and of Q's share, pending budget motions on P
// (its total, the freelancer's share, a second share offered to the
// freelancer) and on Q, and a surplus distribution of A (parts for memberA
// and memberA2) and of B (part for memberB), for 2025.
type fixture struct {
	t   *testing.T
	ctx context.Context // system context, for fixtures and DB checks
	db  *store.DB
	c   *testkit.Client

	N, N2   *ent.Network
	A, B, C *ent.Coop
	Group   *ent.Group
	GroupN2 *ent.Group
	Skill   *ent.Skill
	Skill2  *ent.Skill // in N2
	SkillK  *ent.Skill // in N, nobody has it yet

	Outsider, Participant, Freelancer, Candidate, MemberB, MemberA, Admin *ent.Person
	MemberA2, MemberC                                                     *ent.Person

	// A's memberships
	MsFreelancer, MsCandidate, MsMemberA, MsMemberA2 *ent.Membership
	MsMemberB, MsMemberC                             *ent.Membership
	// A's pathway events (per membership), B's and C's
	EvFreelancer, EvCandidate []*ent.PathwayEvent
	EvMemberA, EvMemberA2     *ent.PathwayEvent
	EvMemberB, EvMemberC      *ent.PathwayEvent

	TplIntro, TplProjects, TplB, TplC *ent.MilestoneTemplate
	ProgCandidate, ProgFreelancer     *ent.MilestoneProgress

	PropAdmission, PropGeneral, PropB *ent.Proposal
	VoteAdmA, VoteAdmA2, VoteGenA     *ent.Vote
	VoteB                             *ent.Vote

	P                                     *ent.Project // led by A, shares to A, B, the freelancer
	Q                                     *ent.Project // led by B, no share for A
	R                                     *ent.Project // led by C
	ShareA, ShareB, ShareF                *ent.BudgetShare
	ShareQ                                *ent.BudgetShare
	TimeA, TimeB, TimeF, TimeQ            *ent.TimeEntry
	AvailMemberA, AvailFreelancer, AvailB *ent.Availability
	PersonSkillA, PersonSkillC            *ent.PersonSkill

	NmParticipant, NmAdmin, NmMemberA, NmMemberC, NmMemberCN2 *ent.NetworkMembership
	EndorseA, EndorseC                                        *ent.Endorsement // of memberA's Go, of memberC's Rust
	NeedP, NeedQ, NeedR                                       *ent.ProjectSkillNeed
	ChangeB, ChangeF, ChangeTotal, ChangeQ                    *ent.BudgetChange
	MotionTotal, MotionF, MotionOffer, MotionQ                *ent.BudgetMotion
	DistA, DistB                                              *ent.SurplusDistribution
	PartA, PartA2, PartB                                      *ent.SurplusPart
	// Version 1 of each coop's and network's bylaws, recorded at founding.
	BylawsA, BylawsB, BylawsC, BylawsN, BylawsN2 *ent.BylawsVersion

	commentFixture // the discussion of the proposals (comments_test.go)

	clients map[string]*testkit.Client
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := testkit.NewDB(t, store.Options{})
	f := &fixture{t: t, ctx: testkit.System(context.Background()), db: db, c: testkit.NewServer(t, db)}
	c, ctx := db.Client, f.ctx

	f.N = testkit.MustOrPanic(c.Network.Create().SetName("Network N").SetSlug("network-n").SetEtiquette("be kind").Save(ctx))
	f.N2 = testkit.MustOrPanic(c.Network.Create().SetName("Network N2").SetSlug("network-n2").Save(ctx))
	f.A = testkit.MustOrPanic(c.Coop.Create().SetName("Coop A").SetSlug("coop-a").SetCity("Leipzig").
		SetBuyInCents(500_000).SetSurplusSharePercent(60).SetBudgetChangeThresholdCents(10_000_000).
		AddNetworks(f.N).Save(ctx))
	f.B = testkit.MustOrPanic(c.Coop.Create().SetName("Coop B").SetSlug("coop-b").SetCity("Berlin").
		SetBuyInCents(200_000).AddNetworks(f.N).Save(ctx))
	f.C = testkit.MustOrPanic(c.Coop.Create().SetName("Coop C").SetSlug("coop-c").SetBuyInCents(300_000).
		AddNetworks(f.N2).Save(ctx))

	founding := func(p predicate.BylawsVersion) *ent.BylawsVersion {
		return testkit.MustOrPanic(c.BylawsVersion.Query().Where(p).Only(ctx))
	}
	f.BylawsA, f.BylawsB, f.BylawsC = founding(bylawsversion.CoopID(f.A.ID)), founding(bylawsversion.CoopID(f.B.ID)),
		founding(bylawsversion.CoopID(f.C.ID))
	f.BylawsN, f.BylawsN2 = founding(bylawsversion.NetworkID(f.N.ID)), founding(bylawsversion.NetworkID(f.N2.ID))

	person := func(name string) *ent.Person {
		slug := strings.ToLower(strings.ReplaceAll(name, " ", "."))
		return testkit.MustOrPanic(c.Person.Create().SetName(name).SetEmail(slug + "@example.org").
			SetPhone("+49 30 " + fmt.Sprint(len(name))).SetHourlyRateCents(9_000).SetCity("Leipzig").Save(ctx))
	}
	f.Outsider = person("Olga Outsider")
	f.Participant = person("Paul Participant")
	f.Freelancer = person("Frida Freelancer")
	f.Candidate = person("Carl Candidate")
	f.MemberB = person("Berta MemberB")
	f.MemberA = person("Anton MemberA")
	f.Admin = person("Ada Admin")
	f.MemberA2 = person("Alma MemberA2")
	f.MemberC = person("Cem MemberC")

	nm := func(n *ent.Network, p *ent.Person, role networkmembership.Role) *ent.NetworkMembership {
		return testkit.MustOrPanic(c.NetworkMembership.Create().SetNetwork(n).SetPerson(p).SetRole(role).Save(ctx))
	}
	f.NmParticipant = nm(f.N, f.Participant, networkmembership.RolePARTICIPANT)
	f.NmAdmin = nm(f.N, f.Admin, networkmembership.RoleADMIN)
	f.NmMemberA = nm(f.N, f.MemberA, networkmembership.RolePARTICIPANT)
	f.NmMemberC = nm(f.N, f.MemberC, networkmembership.RolePARTICIPANT)
	f.NmMemberCN2 = nm(f.N2, f.MemberC, networkmembership.RolePARTICIPANT)

	f.Group = testkit.MustOrPanic(c.Group.Create().SetNetwork(f.N).SetKind("CITY").SetName("Leipzig").SetCity("Leipzig").
		AddCoops(f.A).AddMembers(f.Participant).Save(ctx))
	f.GroupN2 = testkit.MustOrPanic(c.Group.Create().SetNetwork(f.N2).SetKind("COMPETENCE").SetName("Rustaceans").
		AddMembers(f.MemberC).Save(ctx))
	f.Skill = testkit.MustOrPanic(c.Skill.Create().SetNetwork(f.N).SetName("Go").SetCompetenceArea("Backend").Save(ctx))
	f.Skill2 = testkit.MustOrPanic(c.Skill.Create().SetNetwork(f.N2).SetName("Rust").SetCompetenceArea("Backend").Save(ctx))
	f.SkillK = testkit.MustOrPanic(c.Skill.Create().SetNetwork(f.N).SetName("Kubernetes").SetCompetenceArea("Ops").Save(ctx))
	f.PersonSkillC = testkit.MustOrPanic(c.PersonSkill.Create().SetPerson(f.MemberC).SetSkill(f.Skill2).SetLevel(3).
		SetEndorsementCount(1).Save(ctx))
	f.PersonSkillA = testkit.MustOrPanic(c.PersonSkill.Create().SetPerson(f.MemberA).SetSkill(f.Skill).SetLevel(4).SetYears(5).
		SetEndorsementCount(1).Save(ctx))
	f.EndorseA = testkit.MustOrPanic(c.Endorsement.Create().SetPersonSkill(f.PersonSkillA).SetEndorser(f.Participant).Save(ctx))
	f.EndorseC = testkit.MustOrPanic(c.Endorsement.Create().SetPersonSkill(f.PersonSkillC).SetEndorser(f.MemberA).Save(ctx))

	ms := func(p *ent.Person, co *ent.Coop, state string) *ent.Membership {
		return testkit.MustOrPanic(c.Membership.Create().SetPerson(p).SetCoop(co).SetState(membership.State(state)).Save(ctx))
	}
	f.MsFreelancer = ms(f.Freelancer, f.A, "FREELANCER")
	f.MsCandidate = testkit.MustOrPanic(c.Membership.Create().SetPerson(f.Candidate).SetCoop(f.A).
		SetState("CANDIDATE").SetBuddy(f.MemberA).Save(ctx))
	f.MsMemberA = ms(f.MemberA, f.A, "MEMBER")
	f.MsMemberA2 = ms(f.MemberA2, f.A, "MEMBER")
	f.MsMemberB = ms(f.MemberB, f.B, "MEMBER")
	f.MsMemberC = ms(f.MemberC, f.C, "MEMBER")

	ev := func(m *ent.Membership, from, to string) *ent.PathwayEvent {
		b := c.PathwayEvent.Create().SetMembership(m).SetToState(pathwayevent.ToState(to)).SetReason(to)
		if from != "" {
			b.SetFromState(pathwayevent.FromState(from))
		}
		return testkit.MustOrPanic(b.Save(ctx))
	}
	f.EvFreelancer = []*ent.PathwayEvent{ev(f.MsFreelancer, "", "INTERESTED"), ev(f.MsFreelancer, "INTERESTED", "FREELANCER")}
	f.EvCandidate = []*ent.PathwayEvent{ev(f.MsCandidate, "", "FREELANCER"), ev(f.MsCandidate, "FREELANCER", "CANDIDATE")}
	f.EvMemberA = ev(f.MsMemberA, "", "MEMBER")
	f.EvMemberA2 = ev(f.MsMemberA2, "", "MEMBER")
	f.EvMemberB = ev(f.MsMemberB, "", "MEMBER")
	f.EvMemberC = ev(f.MsMemberC, "", "MEMBER")

	f.TplIntro = testkit.MustOrPanic(c.MilestoneTemplate.Create().SetCoop(f.A).SetName("Met every member").SetPosition(1).Save(ctx))
	f.TplProjects = testkit.MustOrPanic(c.MilestoneTemplate.Create().SetCoop(f.A).SetName("Worked on two projects").SetPosition(2).Save(ctx))
	f.TplB = testkit.MustOrPanic(c.MilestoneTemplate.Create().SetCoop(f.B).SetName("Read the bylaws").Save(ctx))
	f.TplC = testkit.MustOrPanic(c.MilestoneTemplate.Create().SetCoop(f.C).SetName("Pair programming").Save(ctx))
	f.ProgCandidate = testkit.MustOrPanic(c.MilestoneProgress.Create().SetMembership(f.MsCandidate).SetTemplate(f.TplIntro).
		SetCompletedAt(day(2026, 2, 1)).SetVerifiedAt(day(2026, 2, 2)).SetVerifiedBy(f.MemberA).Save(ctx))
	f.ProgFreelancer = testkit.MustOrPanic(c.MilestoneProgress.Create().SetMembership(f.MsFreelancer).SetTemplate(f.TplIntro).
		SetCompletedAt(day(2026, 2, 3)).Save(ctx))

	closes := time.Now().Add(14 * 24 * time.Hour)
	f.PropAdmission = testkit.MustOrPanic(c.Proposal.Create().SetCoop(f.A).SetKind("ADMISSION").SetTitle("Admit Carl").
		SetRule("CONSENSUS").SetQuorumPercent(50).SetMembership(f.MsCandidate).SetAuthor(f.MemberA).
		SetClosesAt(closes).Save(ctx))
	f.PropGeneral = testkit.MustOrPanic(c.Proposal.Create().SetCoop(f.A).SetKind("GENERAL").SetTitle("Raise the buy-in").
		SetBody("to 6000 EUR").SetRule("CONSENSUS").SetQuorumPercent(50).SetAuthor(f.MemberA2).
		SetClosesAt(closes).Save(ctx))
	f.PropB = testkit.MustOrPanic(c.Proposal.Create().SetCoop(f.B).SetKind("GENERAL").SetTitle("B's secret plan").
		SetRule("SIMPLE_MAJORITY").SetQuorumPercent(50).SetClosesAt(closes).Save(ctx))
	f.VoteAdmA = testkit.MustOrPanic(c.Vote.Create().SetProposal(f.PropAdmission).SetVoter(f.MemberA).SetChoice("YES").Save(ctx))
	f.VoteAdmA2 = testkit.MustOrPanic(c.Vote.Create().SetProposal(f.PropAdmission).SetVoter(f.MemberA2).SetChoice("BLOCK").
		SetReason("not yet").Save(ctx))
	f.VoteGenA = testkit.MustOrPanic(c.Vote.Create().SetProposal(f.PropGeneral).SetVoter(f.MemberA).SetChoice("NO").Save(ctx))
	f.VoteB = testkit.MustOrPanic(c.Vote.Create().SetProposal(f.PropB).SetVoter(f.MemberB).SetChoice("YES").Save(ctx))
	f.seedComments()

	f.P = testkit.MustOrPanic(c.Project.Create().SetLeadCoop(f.A).SetNetwork(f.N).SetName("Shop relaunch").
		SetClientName("Secret Client GmbH").SetTotalBudgetCents(5_000_000).SetPmChargePercent(10).
		SetStatus("ACTIVE").Save(ctx))
	f.NeedP = testkit.MustOrPanic(c.ProjectSkillNeed.Create().SetProject(f.P).SetSkill(f.Skill).Save(ctx))
	f.Q = testkit.MustOrPanic(c.Project.Create().SetLeadCoop(f.B).SetNetwork(f.N).SetName("B's own project").
		SetClientName("B Client").SetTotalBudgetCents(1_000_000).Save(ctx))
	f.R = testkit.MustOrPanic(c.Project.Create().SetLeadCoop(f.C).SetNetwork(f.N2).SetName("C's project").
		SetClientName("C Client").SetTotalBudgetCents(1_000_000).Save(ctx))
	share := func(p *ent.Project, co *ent.Coop, per *ent.Person, amount int64) *ent.BudgetShare {
		b := c.BudgetShare.Create().SetProject(p).SetAmountCents(amount).SetHourlyRateCents(8_000).SetCurrency("EUR").
			SetCreatedAt(day(2020, 1, 1)) // time is logged from the day a share exists (issue 17)
		if co != nil {
			b.SetCoop(co)
		} else {
			b.SetPerson(per)
		}
		return testkit.MustOrPanic(b.Save(ctx))
	}
	f.ShareA = share(f.P, f.A, nil, 2_000_000)
	f.ShareB = share(f.P, f.B, nil, 1_500_000)
	f.ShareF = share(f.P, nil, f.Freelancer, 800_000)
	f.ShareQ = share(f.Q, f.B, nil, 500_000)
	entry := func(s *ent.BudgetShare, p *ent.Person, minutes int) *ent.TimeEntry {
		return testkit.MustOrPanic(c.TimeEntry.Create().SetProjectID(s.ProjectID).SetShare(s).SetPerson(p).
			SetDate(day(2026, 3, 2)).SetMinutes(minutes).SetNote("work").Save(ctx))
	}
	f.TimeA = entry(f.ShareA, f.MemberA, 240)
	f.TimeB = entry(f.ShareB, f.MemberB, 120)
	f.TimeF = entry(f.ShareF, f.Freelancer, 60)
	f.TimeQ = entry(f.ShareQ, f.MemberB, 30)

	f.NeedQ = testkit.MustOrPanic(c.ProjectSkillNeed.Create().SetProject(f.Q).SetSkill(f.SkillK).SetMinLevel(2).Save(ctx))
	f.NeedR = testkit.MustOrPanic(c.ProjectSkillNeed.Create().SetProject(f.R).SetSkill(f.Skill2).SetMinLevel(4).Save(ctx))

	change := func(p *ent.Project, s *ent.BudgetShare, kind budgetchange.Kind, before, after int64) *ent.BudgetChange {
		b := c.BudgetChange.Create().SetProject(p).SetKind(kind).SetBeforeCents(before).SetAfterCents(after).
			SetCurrency("EUR").SetReason("history")
		if s != nil {
			b.SetShare(s)
		}
		return testkit.MustOrPanic(b.Save(ctx))
	}
	f.ChangeB = change(f.P, f.ShareB, budgetchange.KindSHARE_RESIZED, 1_000_000, 1_500_000)
	f.ChangeF = change(f.P, f.ShareF, budgetchange.KindSHARE_CREATED, 0, 800_000)
	f.ChangeTotal = change(f.P, nil, budgetchange.KindTOTAL_CHANGED, 4_000_000, 5_000_000)
	f.ChangeQ = change(f.Q, f.ShareQ, budgetchange.KindSHARE_CREATED, 0, 500_000)
	motion := func(p *ent.Project, kind budgetmotion.Kind, amount, before int64) *ent.BudgetMotionCreate {
		return c.BudgetMotion.Create().SetProject(p).SetKind(kind).SetAmountCents(amount).SetBeforeCents(before).
			SetCurrency("EUR").SetNeedsLeadDecision(true)
	}
	f.MotionTotal = testkit.MustOrPanic(motion(f.P, budgetmotion.KindTOTAL_CHANGED, 6_000_000, 5_000_000).Save(ctx))
	f.MotionF = testkit.MustOrPanic(motion(f.P, budgetmotion.KindSHARE_RESIZED, 900_000, 800_000).SetShareID(f.ShareF.ID).Save(ctx))
	f.MotionOffer = testkit.MustOrPanic(motion(f.P, budgetmotion.KindSHARE_CREATED, 50_000, 0).SetPersonID(f.Freelancer.ID).
		SetHourlyRateCents(7_000).Save(ctx))
	f.MotionQ = testkit.MustOrPanic(motion(f.Q, budgetmotion.KindTOTAL_CHANGED, 2_000_000, 1_000_000).Save(ctx))

	dist := func(co *ent.Coop, parts map[*ent.Person]int64) (*ent.SurplusDistribution, []*ent.SurplusPart) {
		var sum int64
		for _, a := range parts {
			sum += a
		}
		d := testkit.MustOrPanic(c.SurplusDistribution.Create().SetCoop(co).SetFiscalYear(2025).SetSurplusCents(2 * sum).
			SetDistributedPercent(50).SetDistributedCents(sum).SetRetainedCents(sum).SetCurrency("EUR").Save(ctx))
		var out []*ent.SurplusPart
		for _, p := range []*ent.Person{f.MemberA, f.MemberA2, f.MemberB} {
			if a, ok := parts[p]; ok {
				out = append(out, testkit.MustOrPanic(c.SurplusPart.Create().SetDistribution(d).SetPerson(p).SetMinutes(a/100).
					SetAmountCents(a).SetCurrency("EUR").Save(ctx)))
			}
		}
		return d, out
	}
	var parts []*ent.SurplusPart
	f.DistA, parts = dist(f.A, map[*ent.Person]int64{f.MemberA: 30_000, f.MemberA2: 10_000})
	f.PartA, f.PartA2 = parts[0], parts[1]
	f.DistB, parts = dist(f.B, map[*ent.Person]int64{f.MemberB: 20_000})
	f.PartB = parts[0]

	avail := func(p *ent.Person, hours int) *ent.Availability {
		return testkit.MustOrPanic(c.Availability.Create().SetPerson(p).SetHoursPerWeek(hours).
			SetAvailableFrom(day(2026, 3, 1)).Save(ctx))
	}
	f.AvailMemberA = avail(f.MemberA, 20)
	f.AvailFreelancer = avail(f.Freelancer, 30)
	f.AvailB = avail(f.MemberB, 10)

	f.clients = map[string]*testkit.Client{
		anonymous:   f.c.Anonymous(),
		outsider:    f.c.As(f.Outsider.ID),
		participant: f.c.As(f.Participant.ID),
		freelancer:  f.c.As(f.Freelancer.ID),
		candidate:   f.c.As(f.Candidate.ID),
		memberOfB:   f.c.As(f.MemberB.ID),
		memberOfA:   f.c.As(f.MemberA.ID),
		netAdmin:    f.c.As(f.Admin.ID),
	}
	return f
}

// as returns the client of an actor.
func (f *fixture) as(actor string) *testkit.Client {
	c, ok := f.clients[actor]
	if !ok {
		f.t.Fatalf("unknown actor %q", actor)
	}
	return c
}

// person returns the Person of an actor (nil for anonymous).
func (f *fixture) person(actor string) *ent.Person {
	return map[string]*ent.Person{
		outsider: f.Outsider, participant: f.Participant, freelancer: f.Freelancer, candidate: f.Candidate,
		memberOfB: f.MemberB, memberOfA: f.MemberA, netAdmin: f.Admin,
	}[actor]
}

// rowCounts counts the rows of every table, straight from the database.
func (f *fixture) rowCounts() map[string]int {
	return testkit.RowCounts(f.t, f.db)
}

// expectCode asserts that res failed with exactly one error of code.
func expectCode(t testing.TB, res *testkit.Response, code string) testkit.Error {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("want exactly one %s error, got %d: %+v (data %s)", code, len(res.Errors), res.Errors, res.Data)
	}
	if got := res.Errors[0].Code(); got != code {
		t.Fatalf("want code %s, got %q: %+v (data %s)", code, got, res.Errors[0], res.Data)
	}
	return res.Errors[0]
}

// generic decodes data into a map.
func generic(t testing.TB, res *testkit.Response) map[string]any {
	t.Helper()
	var m map[string]any
	if len(res.Data) > 0 {
		if err := json.Unmarshal(res.Data, &m); err != nil {
			t.Fatalf("decoding %s: %v", res.Data, err)
		}
	}
	return m
}
