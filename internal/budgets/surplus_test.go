package budgets_test

import (
	"github.com/coopnetwork/cockpit/internal/testkit"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/membership"
	"github.com/coopnetwork/cockpit/ent/pathwayevent"
	"github.com/coopnetwork/cockpit/ent/project"
	"github.com/coopnetwork/cockpit/ent/surplusdistribution"
	"github.com/coopnetwork/cockpit/ent/surpluspart"
)

const (
	spPlanQ = `query($c: ID!, $y: Int!, $s: MinorUnits!, $p: Int) { surplusDistribution(coopID: $c, fiscalYear: $y, surplus: {amount: $s, currency: "EUR"}, distributedPercent: $p) {
		fiscalYear currency: surplus { currency } surplusCents: surplus { amount currency } distributedPercent distributedCents: distributed { amount currency }
		retainedCents: retained { amount currency } parts { person { id } minutes amountCents: amount { amount currency } } } }`
	spProposeQ = `mutation($in: ProposeSurplusDistributionInput!) { proposeSurplusDistribution(input: $in) {
		proposal { id kind status title fiscalYear distributedPercent surplusCents: surplus { amount currency } } } }`
	spVoteQ  = `mutation($p: ID!, $c: VoteChoice!) { castVote(proposalID: $p, choice: $c) { vote { id } } }`
	spCloseQ = `mutation($p: ID!) { closeProposal(proposalID: $p) { proposal { id status } outcome { passed reason } } }`
	spDistQ  = `query($id: ID!) { node(id: $id) { ... on SurplusDistribution { id fiscalYear distributedPercent
		surplusCents: surplus { amount currency } distributedCents: distributed { amount currency } retainedCents: retained { amount currency }
		proposal { id status } recordedBy { id }
		parts(first: 100) { totalCount edges { node { person { id } minutes amountCents: amount { amount currency } } } } } } }`
	spCoopQ = `query($id: ID!) { node(id: $id) { ... on Coop { id surplusSharePercent surplusIncludesFormerMembers } } }`
)

type spPart struct {
	Person      struct{ ID string }
	Minutes     int64
	AmountCents btMoney
}

type spPlan struct {
	SurplusDistribution struct {
		FiscalYear, DistributedPercent                int
		Currency                                      btCurrency
		SurplusCents, DistributedCents, RetainedCents btMoney
		Parts                                         []spPart
	}
}

type spProposal struct {
	ID                 string
	Kind, Status       string
	Title              string
	FiscalYear         *int
	DistributedPercent *int
	SurplusCents       *btMoney
}

type spDist struct {
	ID                                            string
	FiscalYear, DistributedPercent                int
	SurplusCents, DistributedCents, RetainedCents btMoney
	Proposal                                      *struct{ ID, Status string }
	RecordedBy                                    *struct{ ID string }
	Parts                                         struct {
		TotalCount int
		Edges      []struct{ Node spPart }
	}
}

func (d spDist) parts() []spPart {
	var out []spPart
	for _, e := range d.Parts.Edges {
		out = append(out, e.Node)
	}
	return out
}

// spParts checks parts against want (person ID -> {minutes, cents}) and
// that they sum to distributed exactly.
func spParts(t *testing.T, parts []spPart, distributed btMoney, want map[string][2]int64) {
	t.Helper()
	var sum int64
	for _, part := range parts {
		w, ok := want[part.Person.ID]
		if !ok || part.Minutes != w[0] || int64(part.AmountCents) != w[1] {
			t.Errorf("part of %s: %d min, %d cents; want %v (listed: %v)", part.Person.ID, part.Minutes, part.AmountCents, w, ok)
		}
		sum += int64(part.AmountCents)
	}
	if len(parts) != len(want) || sum != int64(distributed) {
		t.Fatalf("parts %+v sum to %d, want %d parts summing to %d", parts, sum, len(want), distributed)
	}
}

func (e *btEnv) spPropose(by *ent.Person, in map[string]any) spProposal {
	e.t.Helper()
	var out struct{ ProposeSurplusDistribution struct{ Proposal spProposal } }
	testkit.OK(e.t, e.as(by).Do(spProposeQ, map[string]any{"in": in}), &out)
	return out.ProposeSurplusDistribution.Proposal
}

func (e *btEnv) spVote(proposalID string, choices map[*ent.Person]string) {
	e.t.Helper()
	for p, c := range choices {
		testkit.OK(e.t, e.as(p).Do(spVoteQ, map[string]any{"p": proposalID, "c": c}), nil)
	}
}

type spClosed struct {
	CloseProposal struct {
		Proposal struct{ ID, Status string }
		Outcome  struct {
			Passed bool
			Reason string
		}
	}
}

func (e *btEnv) spClose(by *ent.Person, proposalID string) spClosed {
	e.t.Helper()
	var out spClosed
	testkit.OK(e.t, e.as(by).Do(spCloseQ, map[string]any{"p": proposalID}), &out)
	return out
}

// spDistribution reads the coop's recorded distribution of year over HTTP
// as by (its ID comes from the database); nil when there is none.
func (e *btEnv) spDistribution(by *ent.Person, coopID, year int) *spDist {
	e.t.Helper()
	d, err := e.ec.SurplusDistribution.Query().Where(surplusdistribution.CoopID(coopID), surplusdistribution.FiscalYear(year)).Only(e.ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	testkit.MustOrPanic(d, err)
	var out struct{ Node *spDist }
	testkit.OK(e.t, e.as(by).Do(spDistQ, map[string]any{"id": testkit.ID(d.ID)}), &out)
	if out.Node == nil {
		e.t.Fatalf("distribution %d is not readable by %s", d.ID, by.Name)
	}
	return out.Node
}

func spIn(c *btCoop, year int, surplus int64, kv ...any) map[string]any {
	in := map[string]any{"coopID": testkit.ID(c.ID), "fiscalYear": year, "surplus": btEUR(surplus),
		"overrideReason": "typed in by the test", // an amount overrides the books (issue 17)
		"closesAt":       time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)}
	for i := 0; i+1 < len(kv); i += 2 {
		in[kv[i].(string)] = kv[i+1]
	}
	return in
}

// TestSurplusDistribution: the preview splits the distributed part by
// minutes worked for the coop in the year, exactly to the cent; a passed
// SURPLUS decision records it once; only members see or propose it.
func TestSurplusDistribution(t *testing.T) {
	e := btNewEnv(t)
	q := e.coop(1_000_000, 3)
	other := e.coop(1_000_000, 1)
	p := e.project(q, 10_000_000, 0, project.StatusACTIVE)
	qShare := e.shareFixture(p, q, 1_000_000, 9_000)
	otherShare := e.shareFixture(p, other, 1_000_000, 9_000)
	m1, m2, m3 := q.Members[0], q.Members[1], q.Members[2]
	e.entryFixture(qShare, m1, btDay(-100), 400) // 2025
	e.entryFixture(qShare, m1, btDay(-90), 200)  // 2025
	e.entryFixture(qShare, m2, btDay(-95), 300)  // 2025
	e.entryFixture(qShare, m2, btDay(-500), 900) // 2024: another year
	e.entryFixture(otherShare, m3, btDay(-95), 600)
	vars := map[string]any{"c": testkit.ID(q.ID), "y": 2025, "s": 100_001}

	// 75 % (the bylaws' default) of 100 001 is 75 000.75 → 75 001; split
	// 600 : 300 : 0 → 50 000.67, 25 000.33, 0 → the spare cent to the
	// largest remainder.
	var plan spPlan
	testkit.OK(t, e.as(m3).Do(spPlanQ, vars), &plan)
	got := plan.SurplusDistribution
	if got.DistributedPercent != 75 || got.DistributedCents != 75_001 || got.RetainedCents != 25_000 || got.Currency != "EUR" {
		t.Fatalf("plan %+v", got)
	}
	spParts(t, got.Parts, got.DistributedCents, map[string][2]int64{testkit.ID(m1.ID): {600, 50_001}, testkit.ID(m2.ID): {300, 25_000}, testkit.ID(m3.ID): {0, 0}})

	// Only members of the coop see and propose it.
	testkit.OnlyError(t, e.as(other.Members[0]).Do(spPlanQ, vars), "FORBIDDEN", "")
	testkit.OnlyError(t, e.as(other.Members[0]).Do(spProposeQ, map[string]any{"in": spIn(q, 2025, 100_001)}), "FORBIDDEN", "")

	// Bad input changes nothing.
	before := e.snap()
	for _, bad := range []map[string]any{
		spIn(q, 2025, -1),
		spIn(q, 2025, 100, "distributedPercent", 101),
		spIn(q, 2019, 100), // nobody worked: no basis
		spIn(q, 2025, 100, "closesAt", btT0.Add(-time.Hour).Format(time.RFC3339)),
	} {
		testkit.OnlyError(t, e.as(m1).Do(spProposeQ, map[string]any{"in": bad}), "BAD_USER_INPUT", "")
	}
	e.unchanged(before)

	// Decided with 50 % instead of the default; recorded once, when the
	// proposal passes, with the decision behind it.
	prop := e.spPropose(m1, spIn(q, 2025, 100_001, "distributedPercent", 50))
	if prop.Kind != "SURPLUS" || prop.Status != "OPEN" || prop.Title != "Surplus distribution 2025" || *prop.FiscalYear != 2025 ||
		*prop.DistributedPercent != 50 || *prop.SurplusCents != 100_001 {
		t.Fatalf("proposal %+v", prop)
	}
	if e.spDistribution(m1, q.ID, 2025) != nil {
		t.Fatal("an open proposal recorded a distribution")
	}
	e.spVote(prop.ID, map[*ent.Person]string{m1: "YES", m2: "YES", m3: "YES"})
	if c := e.spClose(m2, prop.ID); c.CloseProposal.Proposal.Status != "PASSED" {
		t.Fatalf("closed %+v", c)
	}
	d := e.spDistribution(m3, q.ID, 2025)
	if d == nil || d.DistributedCents != 50_001 || d.RetainedCents != 50_000 || d.SurplusCents != 100_001 || d.DistributedPercent != 50 ||
		d.Proposal == nil || d.Proposal.ID != prop.ID || d.RecordedBy == nil || d.RecordedBy.ID != testkit.ID(m1.ID) {
		t.Fatalf("recorded %+v", d)
	}
	spParts(t, d.parts(), d.DistributedCents, map[string][2]int64{testkit.ID(m1.ID): {600, 33_334}, testkit.ID(m2.ID): {300, 16_667}, testkit.ID(m3.ID): {0, 0}})
	// Final: another proposal for 2025 is CONFLICT.
	testkit.OnlyError(t, e.as(m2).Do(spProposeQ, map[string]any{"in": spIn(q, 2025, 100_001)}), "CONFLICT", "fiscalYear")
}

// TestSurplusIsDecidedByTheCoop is issue 21's first sequence: Jonas alone
// recorded Quelltext's 2026 surplus before the year was over, distributing
// 100 % against the bylaws' 75 %, immutably. Now the year must have ended,
// the distribution is a SURPLUS decision of the coop, the bylaws' percent
// is frozen on the proposal unless it says otherwise, and one decision per
// year records it.
func TestSurplusIsDecidedByTheCoop(t *testing.T) {
	e := btNewEnv(t)
	q := e.coop(1_000_000, 3)
	jonas, anna, lena := q.Members[0], q.Members[1], q.Members[2]
	p := e.project(q, 10_000_000, 0, project.StatusACTIVE)
	share := e.shareFixture(p, q, 1_000_000, 9_000)
	e.entryFixture(share, jonas, btDay(-30), 300) // 2026
	e.entryFixture(share, anna, btDay(-20), 600)
	e.entryFixture(share, lena, btDay(-10), 100)

	// The direct single-member write is gone.
	testkit.OnlyError(t, e.as(jonas).Do(`mutation { recordSurplusDistribution(coopID: "x", fiscalYear: 2026, surplus: {amount: 1, currency: "EUR"}, distributedPercent: 100) { __typename } }`, nil),
		"GRAPHQL_VALIDATION_FAILED", "")
	// 2026 is not over (the clock is in March 2026).
	before := e.snap()
	testkit.OnlyError(t, e.as(jonas).Do(spProposeQ, map[string]any{"in": spIn(q, 2026, 1_000_000, "distributedPercent", 100)}), "BAD_USER_INPUT", "fiscalYear")
	testkit.OnlyError(t, e.as(jonas).Do(`mutation($in: CreateProposalInput!) { createProposal(input: $in) { proposal { id } } }`,
		map[string]any{"in": map[string]any{"coopID": testkit.ID(q.ID), "kind": "SURPLUS", "title": "2026", "closesAt": btT0.AddDate(0, 0, 14).Format(time.RFC3339)}}),
		"BAD_USER_INPUT", "kind")
	e.unchanged(before)

	// January 2027: Jonas proposes 100 %. A proposal, not a record; a second
	// one for the year waits until it is decided.
	e.clk.Advance(time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC).Sub(e.clk.Now()))
	all := e.spPropose(jonas, spIn(q, 2026, 1_000_000, "distributedPercent", 100, "title", "Everything to us"))
	if *all.DistributedPercent != 100 || all.Status != "OPEN" {
		t.Fatalf("proposal %+v", all)
	}
	testkit.OnlyError(t, e.as(anna).Do(spProposeQ, map[string]any{"in": spIn(q, 2026, 1_000_000)}), "CONFLICT", "fiscalYear")
	// Jonas alone cannot close it early, and the coop does not agree.
	e.spVote(all.ID, map[*ent.Person]string{jonas: "YES"})
	testkit.OnlyError(t, e.as(jonas).Do(spCloseQ, map[string]any{"p": all.ID}), "CONFLICT", "")
	e.spVote(all.ID, map[*ent.Person]string{anna: "BLOCK", lena: "NO"})
	if c := e.spClose(jonas, all.ID); c.CloseProposal.Proposal.Status != "REJECTED" {
		t.Fatalf("closed %+v", c)
	}
	if e.spDistribution(jonas, q.ID, 2026) != nil {
		t.Fatal("a rejected proposal recorded a distribution")
	}

	// The bylaws' split: 75 %, frozen when the proposal opens (a bylaws
	// change while it is open does not change what members vote on).
	bylaws := e.spPropose(anna, spIn(q, 2026, 1_000_000))
	if *bylaws.DistributedPercent != 75 {
		t.Fatalf("proposal %+v: want the bylaws' 75 %%", bylaws)
	}
	// (A bylaws change is a BYLAWS decision, internal/governance; its effect is written here.)
	testkit.MustOrPanic(e.ec.Coop.UpdateOneID(q.ID).SetSurplusSharePercent(60).Save(e.ctx))
	e.spVote(bylaws.ID, map[*ent.Person]string{jonas: "YES", anna: "YES", lena: "YES"})
	if c := e.spClose(lena, bylaws.ID); c.CloseProposal.Proposal.Status != "PASSED" || !c.CloseProposal.Outcome.Passed {
		t.Fatalf("closed %+v", c)
	}
	d := e.spDistribution(jonas, q.ID, 2026)
	if d == nil || d.DistributedPercent != 75 || d.DistributedCents != 750_000 || d.RetainedCents != 250_000 || d.Proposal.ID != bylaws.ID {
		t.Fatalf("recorded %+v", d)
	}
	// 300 : 600 : 100 of 750 000.
	spParts(t, d.parts(), d.DistributedCents, map[string][2]int64{testkit.ID(jonas.ID): {300, 225_000}, testkit.ID(anna.ID): {600, 450_000}, testkit.ID(lena.ID): {100, 75_000}})
	testkit.OnlyError(t, e.as(jonas).Do(spProposeQ, map[string]any{"in": spIn(q, 2026, 1_000_000, "distributedPercent", 100)}), "CONFLICT", "fiscalYear")
}

// TestSurplusPatronageOfFormerMembers is issue 21's ninth sequence: Anna
// worked 3,660 minutes for the coop in 2026, then left; she got nothing and
// her minutes dropped out of the basis (17,700 → 14,040). Minutes worked
// while a MEMBER count, also for those who left before the distribution,
// unless the bylaws say otherwise; minutes worked before admission do not.
func TestSurplusPatronageOfFormerMembers(t *testing.T) {
	e := btNewEnv(t)
	q := e.coop(1_000_000, 3)
	anna, jonas, lena := q.Members[0], q.Members[1], q.Members[2]
	p := e.project(q, 100_000_000, 0, project.StatusACTIVE)
	share := e.shareFixture(p, q, 10_000_000, 9_000)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	for i, min := range []int{1440, 1440, 780} { // Anna: 3,660
		e.entryFixture(share, anna, day(1, 5+i), min)
	}
	for i := range 7 { // Jonas: 8,400
		e.entryFixture(share, jonas, day(1, 12+i), 1200)
	}
	for i := range 4 { // Lena: 5,640
		e.entryFixture(share, lena, day(2, 2+i), 1410)
	}
	// Priya was a candidate until 1 June 2026: only her minutes as a member
	// count (the day of her admission included).
	priya := e.person("Priya")
	ms := testkit.MustOrPanic(e.ec.Membership.Create().SetPerson(priya).SetCoop(q.Coop).SetState(membership.StateMEMBER).
		SetJoinedAt(day(1, 1).AddDate(-1, 0, 0)).SetStateSince(day(6, 1).Add(12 * time.Hour)).Save(e.ctx))
	testkit.MustOrPanic(e.ec.PathwayEvent.Create().SetMembership(ms).SetToState(pathwayevent.ToStateCANDIDATE).SetAt(day(1, 1).AddDate(-1, 0, 0)).Save(e.ctx))
	testkit.MustOrPanic(e.ec.PathwayEvent.Create().SetMembership(ms).SetFromState(pathwayevent.FromStateCANDIDATE).
		SetToState(pathwayevent.ToStateMEMBER).SetAt(day(6, 1).Add(12 * time.Hour)).Save(e.ctx))
	e.entryFixture(share, priya, day(2, 20), 600) // as a candidate
	e.entryFixture(share, priya, day(6, 1), 300)
	e.entryFixture(share, priya, day(7, 1), 200)

	// Anna leaves in March 2026.
	annaMs := testkit.MustOrPanic(e.ec.Membership.Query().Where(membership.PersonID(anna.ID), membership.CoopID(q.ID)).Only(e.ctx))
	testkit.OK(t, e.as(anna).Do(`mutation($m: ID!) { transitionMembership(membershipID: $m, transition: LEAVE) { membership { state } } }`,
		map[string]any{"m": testkit.ID(annaMs.ID)}), nil)

	// January 2027: the preview and the decision count Anna's 3,660 minutes.
	e.clk.Advance(time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC).Sub(e.clk.Now()))
	vars := map[string]any{"c": testkit.ID(q.ID), "y": 2026, "s": 1_000_001}
	// 75 % of 1 000 001 → 750 001 over 3,660 + 8,400 + 5,640 + 500 = 18,200 minutes.
	want := map[string][2]int64{
		testkit.ID(anna.ID):  {3_660, 150_824}, // 150 824.38
		testkit.ID(jonas.ID): {8_400, 346_154}, // 346 154.31
		testkit.ID(lena.ID):  {5_640, 232_418}, // 232 417.89 (largest remainder)
		testkit.ID(priya.ID): {500, 20_605},    //  20 604.42
	}
	var plan spPlan
	testkit.OK(t, e.as(jonas).Do(spPlanQ, vars), &plan)
	if plan.SurplusDistribution.DistributedCents != 750_001 {
		t.Fatalf("plan %+v", plan.SurplusDistribution)
	}
	spParts(t, plan.SurplusDistribution.Parts, plan.SurplusDistribution.DistributedCents, want)

	prop := e.spPropose(lena, spIn(q, 2026, 1_000_001))
	e.spVote(prop.ID, map[*ent.Person]string{jonas: "YES", lena: "YES", priya: "YES"})
	if c := e.spClose(jonas, prop.ID); c.CloseProposal.Proposal.Status != "PASSED" {
		t.Fatalf("closed %+v", c)
	}
	d := e.spDistribution(jonas, q.ID, 2026)
	if d == nil || d.DistributedCents != 750_001 {
		t.Fatalf("recorded %+v", d)
	}
	spParts(t, d.parts(), d.DistributedCents, want)
	if n := testkit.MustOrPanic(e.ec.SurplusPart.Query().Where(surpluspart.PersonID(anna.ID)).Count(e.ctx)); n != 1 {
		t.Fatalf("Anna has %d parts, want 1", n)
	}

	// The bylaws may exclude former members: members read the option,
	// others see null; Anna's minutes then leave the basis.
	var co struct {
		Node struct {
			SurplusSharePercent          *int
			SurplusIncludesFormerMembers *bool
		}
	}
	testkit.OK(t, e.as(jonas).Do(spCoopQ, map[string]any{"id": testkit.ID(q.ID)}), &co)
	if co.Node.SurplusIncludesFormerMembers == nil || !*co.Node.SurplusIncludesFormerMembers {
		t.Fatalf("a member reads %+v: want surplusIncludesFormerMembers true (the default)", co.Node)
	}
	outsider := e.coop(0, 1).Members[0]
	testkit.OK(t, e.as(outsider).Do(spCoopQ, map[string]any{"id": testkit.ID(q.ID)}), &co)
	if co.Node.SurplusIncludesFormerMembers != nil || co.Node.SurplusSharePercent != nil {
		t.Fatalf("LEAK: a non-member reads %+v", co.Node)
	}
	testkit.MustOrPanic(e.ec.Coop.UpdateOneID(q.ID).SetSurplusIncludesFormerMembers(false).Save(e.ctx)) // as a BYLAWS decision would
	testkit.OK(t, e.as(jonas).Do(spPlanQ, vars), &plan)
	// 750 001 over 14,540 minutes.
	spParts(t, plan.SurplusDistribution.Parts, plan.SurplusDistribution.DistributedCents, map[string][2]int64{
		testkit.ID(jonas.ID): {8_400, 433_288}, // 433 288.06
		testkit.ID(lena.ID):  {5_640, 290_922}, // 290 921.98 (largest remainder)
		testkit.ID(priya.ID): {500, 25_791},    //  25 790.96
	})
}

// TestSurplusDistributedYearIsClosedForTime was found by the governance
// random test (TestRandomPathwaySequences): after a passed SURPLUS decision
// recorded 2025's distribution, a member logged more time dated in 2025 on
// the coop's share, so the final distribution's parts no longer matched the
// minutes the members worked that year. A distributed year is now closed
// for time on the coop's shares: logging into it, changing an entry of it
// and moving an entry into it are BAD_USER_INPUT on date and change
// nothing; the year still open and a freelancer's share are not affected.
func TestSurplusDistributedYearIsClosedForTime(t *testing.T) {
	e := btNewEnv(t)
	q := e.coop(1_000_000, 2)
	m1, m2 := q.Members[0], q.Members[1]
	p := e.project(q, 10_000_000, 0, project.StatusACTIVE)
	share := e.shareFixture(p, q, 1_000_000, 9_000)
	old := e.entryFixture(share, m1, btDay(-100), 400) // 2025
	e.entryFixture(share, m2, btDay(-95), 200)         // 2025

	prop := e.spPropose(m1, spIn(q, 2025, 90_000))
	// While the decision is open, 2025 still takes time: the parts are
	// split on the minutes as they stand when it passes.
	late := e.logOK(e.as(m2), share.ID, btDay(-80), 100) // 2025
	e.spVote(prop.ID, map[*ent.Person]string{m1: "YES", m2: "YES"})
	if c := e.spClose(m1, prop.ID); c.CloseProposal.Proposal.Status != "PASSED" {
		t.Fatalf("closed %+v", c)
	}
	d := e.spDistribution(m1, q.ID, 2025)
	// 75 % of 900.00 EUR is 675.00, split 400 : 300.
	want := map[string][2]int64{testkit.ID(m1.ID): {400, 38_571}, testkit.ID(m2.ID): {300, 28_929}}
	spParts(t, d.parts(), d.DistributedCents, want)

	now := e.logOK(e.as(m1), share.ID, btDay(-1), 60) // 2026: open
	before := e.snap()
	for name, res := range map[string]*testkit.Response{
		"log into 2025":       btLog(e.as(m1), share.ID, btDay(-90), 30, "late"),
		"change a 2025 entry": btUpdateEntry(e.as(m1), old.ID, map[string]any{"minutes": 1_440}),
		"move out of 2025":    btUpdateEntry(e.as(m2), testkit.DecodeID(t, late.ID), map[string]any{"date": btDay(-1).Format(time.RFC3339)}),
		"move into 2025":      btUpdateEntry(e.as(m1), testkit.DecodeID(t, now.ID), map[string]any{"date": btDay(-90).Format(time.RFC3339)}),
	} {
		t.Run(name, func(t *testing.T) { testkit.OnlyError(t, res, "BAD_USER_INPUT", "date") })
	}
	e.unchanged(before)
	spParts(t, e.spDistribution(m2, q.ID, 2025).parts(), d.DistributedCents, want)

	// 2026 stays open.
	testkit.OK(t, btUpdateEntry(e.as(m1), testkit.DecodeID(t, now.ID), map[string]any{"minutes": 90}), nil)
	// Since issue 17 recording the surplus also closes the year in the
	// coop's books (BooksClosure SURPLUS), and time on a project it leads is
	// in its books: a freelancer's share of its project is closed for 2025
	// too (CONFLICT naming the period), 2026 open.
	free := e.person("Freelancer")
	fShare := e.shareFixture(p, free, 100_000, 9_000)
	testkit.OnlyError(t, btLog(e.as(free), fShare.ID, btDay(-90), 30, ""), "CONFLICT", "")
	e.logOK(e.as(free), fShare.ID, btDay(-1), 30)
}
