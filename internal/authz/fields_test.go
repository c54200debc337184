package authz_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Private fields of readable rows: a person's e-mail, phone and rate (the
// person and members of their coops), a coop's bylaws finance fields (its
// members). They read as null for everyone else, on every path.

// money is a Money value as the API returns it.
type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	Decimal  string `json:"decimal"`
}

type personFields struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Email      *string `json:"email"`
	Phone      *string `json:"phone"`
	HourlyRate *money  `json:"hourlyRate"`
}

// check asserts that all private fields are set (visible) or all null.
func (p personFields) check(t *testing.T, what string, visible bool) {
	t.Helper()
	set := []bool{p.Email != nil, p.Phone != nil, p.HourlyRate != nil}
	for i, s := range set {
		if s != visible {
			field := []string{"email", "phone", "hourlyRate"}[i]
			if visible {
				t.Errorf("%s: %s of %s: want it, got null", what, field, p.Name)
			} else {
				t.Errorf("%s: LEAK: %s of %s is visible", what, field, p.Name)
			}
		}
	}
}

type coopFields struct {
	ID                    string `json:"id"`
	Slug                  string `json:"slug"`
	BuyIn                 *money `json:"buyIn"`
	SurplusSharePercent   *int   `json:"surplusSharePercent"`
	BudgetChangeThreshold *money `json:"budgetChangeThreshold"`
	SurplusIncludesFormer *bool  `json:"surplusIncludesFormerMembers"`
}

func (c coopFields) check(t *testing.T, what string, visible bool) {
	t.Helper()
	set := []bool{c.BuyIn != nil, c.SurplusSharePercent != nil, c.BudgetChangeThreshold != nil, c.SurplusIncludesFormer != nil}
	for i, s := range set {
		if s != visible {
			field := []string{"buyIn", "surplusSharePercent", "budgetChangeThreshold", "surplusIncludesFormerMembers"}[i]
			if visible {
				t.Errorf("%s: %s of %s: want it, got null", what, field, c.Slug)
			} else {
				t.Errorf("%s: LEAK: %s of %s is visible", what, field, c.Slug)
			}
		}
	}
}

const personSel = `id name email phone hourlyRate { amount currency decimal }`
const coopSel = `id slug buyIn { amount currency decimal } surplusSharePercent budgetChangeThreshold { amount currency decimal } surplusIncludesFormerMembers`

func TestPrivatePersonFields(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// Who sees each person's private profile: the person and the members
	// of coops the person is on the pathway with.
	private := map[int]who{
		f.Outsider.ID:    {outsider},
		f.Participant.ID: {participant},
		f.Freelancer.ID:  {freelancer, memberOfA},
		f.Candidate.ID:   {candidate, memberOfA},
		f.MemberB.ID:     {memberOfB},
		f.MemberA.ID:     {memberOfA},
		f.Admin.ID:       {netAdmin},
		f.MemberA2.ID:    {memberOfA},
		f.MemberC.ID:     nobody,
	}
	readable := map[int]who{}
	for _, o := range f.row("Person").objects {
		readable[o.id] = o.who
	}

	for _, actor := range actors {
		c := f.as(actor)
		t.Run(actor, func(t *testing.T) {
			// By ID.
			for pid, w := range private {
				res := c.Do(`query($id: ID!) { node(id: $id) { ... on Person { `+personSel+` } } }`, map[string]any{"id": testkit.ID(pid)})
				if !readable[pid].has(actor) {
					expectCode(t, res, "NOT_FOUND")
					continue
				}
				var data struct{ Node personFields }
				testkit.OK(t, res, &data)
				data.Node.check(t, "node(id:)", w.has(actor))
			}
			// In the directory list.
			var list struct {
				Persons struct {
					Edges []struct{ Node personFields }
				}
			}
			testkit.OK(t, c.Do(`{ persons { edges { node { `+personSel+` } } } }`, nil), &list)
			for _, e := range list.Persons.Edges {
				pid := decodeID(t, e.Node.ID)
				e.Node.check(t, "persons", private[pid].has(actor))
			}
			// Through a nested edge: the people working on project P.
			if f.readers(f.rows(), f.P.ID).has(actor) {
				var p struct {
					Node struct {
						TimeEntries struct {
							Edges []struct{ Node struct{ Person personFields } }
						}
						BudgetShares struct {
							Edges []struct {
								Node struct{ Person *personFields }
							}
						}
					}
				}
				testkit.OK(t, c.Do(`query($id: ID!) { node(id: $id) { ... on Project {
					timeEntries { edges { node { person { `+personSel+` } } } }
					budgetShares { edges { node { person { `+personSel+` } } } } } } }`,
					map[string]any{"id": testkit.ID(f.P.ID)}), &p)
				for _, e := range p.Node.TimeEntries.Edges {
					e.Node.Person.check(t, "project.timeEntries.person", private[decodeID(t, e.Node.Person.ID)].has(actor))
				}
				for _, e := range p.Node.BudgetShares.Edges {
					if e.Node.Person != nil {
						e.Node.Person.check(t, "project.budgetShares.person", private[decodeID(t, e.Node.Person.ID)].has(actor))
					}
				}
			}
			// viewer.person is the viewer's own profile.
			if actor != anonymous {
				var v struct{ Viewer struct{ Person personFields } }
				testkit.OK(t, c.Do(`{ viewer { person { `+personSel+` } } }`, nil), &v)
				v.Viewer.Person.check(t, "viewer.person", true)
			}
		})
	}
}

func TestPrivateCoopFields(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	finance := map[int]who{f.A.ID: {memberOfA}, f.B.ID: {memberOfB}, f.C.ID: nobody}
	for _, actor := range actors {
		c := f.as(actor)
		t.Run(actor, func(t *testing.T) {
			for cid, w := range finance {
				res := c.Do(`query($id: ID!) { node(id: $id) { ... on Coop { `+coopSel+` } } }`, map[string]any{"id": testkit.ID(cid)})
				if !f.readers(f.rows(), cid).has(actor) {
					expectCode(t, res, "NOT_FOUND")
					continue
				}
				var data struct{ Node coopFields }
				testkit.OK(t, res, &data)
				data.Node.check(t, "node(id:)", w.has(actor))
			}
			var list struct {
				Coops struct{ Edges []struct{ Node coopFields } }
			}
			testkit.OK(t, c.Do(`{ coops { edges { node { `+coopSel+` } } } }`, nil), &list)
			for _, e := range list.Coops.Edges {
				e.Node.check(t, "coops", finance[decodeID(t, e.Node.ID)].has(actor))
			}
			// Nested: the lead coop of the projects the actor sees, and the
			// coops of the actor's memberships.
			var nested struct {
				Projects struct {
					Edges []struct{ Node struct{ LeadCoop coopFields } }
				}
				Viewer *struct {
					Memberships []struct{ Coop coopFields }
				}
			}
			testkit.OK(t, c.Do(`{ projects { edges { node { leadCoop { `+coopSel+` } } } }
				viewer { memberships { coop { `+coopSel+` } } } }`, nil), &nested)
			for _, e := range nested.Projects.Edges {
				e.Node.LeadCoop.check(t, "project.leadCoop", finance[decodeID(t, e.Node.LeadCoop.ID)].has(actor))
			}
			if nested.Viewer != nil {
				for _, m := range nested.Viewer.Memberships {
					m.Coop.check(t, "viewer.memberships.coop", finance[decodeID(t, m.Coop.ID)].has(actor))
				}
			}
		})
	}
}

// TestNoOracleValidation: private fields cannot be filtered or ordered by;
// such queries fail validation before anything is read. Money fields (rate,
// buy-in, threshold) have no filters or orders at all: neither the old *Cents
// names nor filters on the Money fields or the rate's currency may come back.
func TestNoOracleValidation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	email := f.MemberA.Email
	queries := []string{
		fmt.Sprintf(`{ persons(where: {emailContains: %q}) { totalCount } }`, (*email)[:5]),
		fmt.Sprintf(`{ persons(where: {email: %q}) { totalCount } }`, *email),
		`{ persons(where: {phoneNotNil: true}) { totalCount } }`,
		`{ persons(where: {hourlyRateCentsGT: 100}) { totalCount } }`,
		`{ persons(where: {hourlyRateGT: 100}) { totalCount } }`,
		`{ persons(where: {rateCurrency: "EUR"}) { totalCount } }`,
		`{ persons(orderBy: {field: EMAIL}) { totalCount } }`,
		`{ persons(orderBy: {field: HOURLY_RATE_CENTS}) { totalCount } }`,
		`{ persons(orderBy: {field: HOURLY_RATE}) { totalCount } }`,
		`{ memberships(where: {hasPersonWith: [{emailContains: "anton"}]}) { totalCount } }`,
		`{ memberships(where: {hasPersonWith: [{hourlyRateCentsGT: 100}]}) { totalCount } }`,
		`{ coops(where: {buyInCentsGT: 0}) { totalCount } }`,
		`{ coops(where: {buyInGT: 0}) { totalCount } }`,
		`{ coops(orderBy: {field: BUY_IN_CENTS}) { totalCount } }`,
		`{ coops(orderBy: {field: BUY_IN}) { totalCount } }`,
		`{ coops(where: {surplusSharePercent: 60}) { totalCount } }`,
		`{ coops(where: {surplusIncludesFormerMembers: false}) { totalCount } }`,
		`{ projects(where: {hasLeadCoopWith: [{budgetChangeThresholdCentsGT: 0}]}) { totalCount } }`,
		`{ projects(where: {hasLeadCoopWith: [{budgetChangeThresholdGT: 0}]}) { totalCount } }`,
		// Person and coop edges to private lists have no where argument.
		`{ coops { edges { node { memberships(where: {state: MEMBER}) { totalCount } } } } }`,
		`{ persons { edges { node { availabilities(where: {hoursPerWeekGT: 1}) { totalCount } } } } }`,
	}
	for _, actor := range []string{anonymous, participant, memberOfA} {
		for _, q := range queries {
			res := f.as(actor).Do(q, nil)
			e := expectCode(t, res, "GRAPHQL_VALIDATION_FAILED")
			// GraphQL over HTTP: a request that cannot run has no data; with
			// application/json (what the test client accepts) it is HTTP 200.
			if res.Status != http.StatusOK || !dataIsNull(res) {
				t.Errorf("%s %s: want HTTP 200 without data, got %d %s (%s)", actor, q, res.Status, res.Data, e.Message)
			}
		}
	}
}

// TestTotalCountOnlyVisible: counts of lists and filters reflect visible rows
// only (the read matrix checks every connection; these are the headline cases).
func TestTotalCountOnlyVisible(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	count := func(actor, q string, vars map[string]any) any {
		t.Helper()
		res := f.as(actor).Do(q, vars)
		if len(res.Errors) > 0 {
			return res.Codes()
		}
		var data map[string]any
		_ = json.Unmarshal(res.Data, &data)
		return collect(data, "totalCount")
	}
	for _, tc := range []struct {
		actor string
		query string
		want  any
	}{
		{anonymous, `{ persons(where: {nameContains: "Anton"}) { totalCount } }`, []any{0.0}},
		{outsider, `{ persons(where: {nameContains: "Anton"}) { totalCount } }`, []any{0.0}},
		{outsider, `{ persons { totalCount } }`, []any{1.0}}, // themself
		{participant, `{ persons(where: {nameContains: "Anton"}) { totalCount } }`, []any{1.0}},
		{participant, `{ persons(where: {nameContains: "Olga"}) { totalCount } }`, []any{0.0}},
		{participant, `{ persons { totalCount } }`, []any{8.0}},
		{participant, `{ coops(where: {slug: "coop-a"}) { edges { node { memberships { totalCount } } } } }`, []any{0.0}},
		{netAdmin, `{ coops(where: {slug: "coop-a"}) { edges { node { memberships { totalCount } } } } }`, []any{0.0}},
		{memberOfB, `{ coops(where: {slug: "coop-a"}) { edges { node { memberships { totalCount } proposals { totalCount } } } } }`, []any{0.0, 0.0}},
		{candidate, `{ coops(where: {slug: "coop-a"}) { edges { node { memberships { totalCount } } } } }`, []any{1.0}},
		{memberOfA, `{ coops(where: {slug: "coop-a"}) { edges { node { memberships { totalCount } } } } }`, []any{4.0}},
		{outsider, `{ coops(where: {slug: "coop-a"}) { totalCount } }`, []any{0.0}},
		{outsider, `{ networks { totalCount } skills { totalCount } groups { totalCount } }`, []any{0.0, 0.0, 0.0}},
		{anonymous, `{ networks { totalCount } coops { totalCount } persons { totalCount } }`, []any{0.0, 0.0, 0.0}},
		{participant, `{ memberships(where: {state: MEMBER}) { totalCount } proposals { totalCount } projects { totalCount } }`, []any{0.0, 0.0, 0.0}},
		{freelancer, `{ projects { edges { node { budgetShares { totalCount } timeEntries { totalCount } } } } }`, []any{1.0, 1.0}},
		{memberOfB, `{ projects(where: {nameContains: "Shop"}) { edges { node { budgetShares { totalCount } timeEntries { totalCount } } } } }`, []any{3.0, 3.0}},
	} {
		if got := count(tc.actor, tc.query, nil); !sameCounts(got, tc.want) {
			t.Errorf("%s %s: want totalCount %v, got %v", tc.actor, tc.query, tc.want, got)
		}
	}
}

// sameCounts compares collected totalCounts regardless of map order.
func sameCounts(got, want any) bool {
	g, ok := got.([]any)
	if !ok {
		return false
	}
	w := want.([]any)
	if len(g) != len(w) {
		return false
	}
	sum := func(xs []any) (s float64) {
		for _, x := range xs {
			s += x.(float64)
		}
		return s
	}
	return sum(g) == sum(w) && (len(w) != 2 || reflect.DeepEqual(g, w) || reflect.DeepEqual(g, []any{w[1], w[0]}))
}

// TestNoOracleThroughEdgeFilters: where filters may follow edges to rows
// the viewer cannot read (hasVotesWith, hasNetworksWith, ...). Issue 4:
// "filtering or ordering by a field you may not read must not reveal it (no
// oracle)". Each case compares a filter that matches hidden data with one
// that matches nothing at all: the answers must be the same.
func TestNoOracleThroughEdgeFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		name, actor  string
		hidden, none string // the same query matching hidden data / matching nothing
	}{
		{
			name:   "a candidate learns that someone voted BLOCK on their admission (votes are members-only)",
			actor:  candidate,
			hidden: `{ proposals(where: {hasVotesWith: [{choice: BLOCK}]}) { totalCount } }`,
			none:   `{ proposals(where: {hasVotesWith: [{choice: ABSTAIN}]}) { totalCount } }`,
		},
		{
			name:   "a candidate learns who voted on their admission",
			actor:  candidate,
			hidden: fmt.Sprintf(`{ proposals(where: {hasVotesWith: [{voterID: %q}]}) { totalCount } }`, testkit.ID(f.MemberA2.ID)),
			none:   fmt.Sprintf(`{ proposals(where: {hasVotesWith: [{voterID: %q}]}) { totalCount } }`, testkit.ID(f.Participant.ID)),
		},
		{
			name:   "a candidate probes votes through their own membership",
			actor:  candidate,
			hidden: `{ memberships(where: {hasAdmissionProposalsWith: [{hasVotesWith: [{choice: BLOCK}]}]}) { totalCount } }`,
			none:   `{ memberships(where: {hasAdmissionProposalsWith: [{hasVotesWith: [{choice: ABSTAIN}]}]}) { totalCount } }`,
		},
		{
			name:   "a participant of N learns the slug of network N2 and who takes part in it",
			actor:  participant,
			hidden: `{ persons(where: {hasNetworksWith: [{slug: "network-n2"}]}) { totalCount edges { node { name } } } }`,
			none:   `{ persons(where: {hasNetworksWith: [{slug: "no-such-network"}]}) { totalCount edges { node { name } } } }`,
		},
		{
			name:   "a participant of N learns who takes part in some other network",
			actor:  participant,
			hidden: `{ persons(where: {hasNetworksWith: [{slugNEQ: "network-n"}]}) { totalCount } }`,
			none:   `{ persons(where: {hasNetworksWith: [{slug: "no-such-network"}]}) { totalCount } }`,
		},
		{
			name:   "a participant of N learns skills a person has in N2's taxonomy",
			actor:  participant,
			hidden: `{ persons(where: {hasSkillsWith: [{name: "Rust"}]}) { totalCount } }`,
			none:   `{ persons(where: {hasSkillsWith: [{name: "Cobol"}]}) { totalCount } }`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := f.as(tc.actor).Do(tc.hidden, nil), f.as(tc.actor).Do(tc.none, nil)
			if !sameResponse(a, b) {
				t.Errorf("ORACLE: %s\n  matching hidden data: %s %+v\n  matching nothing:     %s %+v", tc.actor, a.Data, a.Errors, b.Data, b.Errors)
			}
		})
	}
}

// sameResponse compares status, data and errors of two responses.
func sameResponse(a, b *testkit.Response) bool {
	var da, db any
	_ = json.Unmarshal(a.Data, &da)
	_ = json.Unmarshal(b.Data, &db)
	return a.Status == b.Status && reflect.DeepEqual(da, db) && reflect.DeepEqual(a.Errors, b.Errors)
}

func dataIsNull(res *testkit.Response) bool {
	s := string(res.Data)
	return s == "" || s == "null"
}
