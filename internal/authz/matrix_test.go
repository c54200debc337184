package authz_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/coopnetwork/cockpit/internal/gid"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The read matrix: for every type, every object of the fixture lists the
// actors that may read it (DESIGN.md, "Authorization"; issue 4, point 4).
// Every query path must agree with that list: node(id:), nodes(ids:), a
// top-level connection or a nested list, a nested edge of a public object,
// and a where filter, with totalCount counting exactly the readable rows.

// who lists the actors that may read an object.
type who []string

func (w who) has(actor string) bool { return slices.Contains(w, actor) }

// Reader sets used by the rows below.
var (
	nobody      = who{}
	inNetworkN  = who{participant, freelancer, candidate, memberOfB, memberOfA, netAdmin}
	onlyMemberA = who{memberOfA}
	onlyMemberB = who{memberOfB}
)

type object struct {
	name string
	id   int
	who  who
}

// listQuery is a query over many objects of a row's type. It selects
// `matrixID: id` on every node of the type and `matrixCount: totalCount` on
// every connection of the type, so results and counts are found wherever
// they are nested.
type listQuery struct {
	op    string // "list", "nested" (edge of a public object) or "filter"
	name  string
	query string
	// root, if not zero, is the public object the query starts from
	// (node(id: $root)); actors who cannot read it get NOT_FOUND.
	root int
	// within restricts the objects the query can reach; nil means all of the row.
	within []int
}

type typeRow struct {
	typ     string
	objects []object
	queries []listQuery
}

// conn is the selection of a connection of the row's type.
const conn = `{ matrixCount: totalCount edges { node { matrixID: id } } }`

func (f *fixture) rows() []typeRow {
	return append(f.baseRows(), f.commentRow())
}

func (f *fixture) baseRows() []typeRow {
	memberOfAAnd := func(a ...string) who { return append(who{memberOfA}, a...) }
	partners := who{memberOfB, memberOfA}
	everyoneButOutsider := inNetworkN
	ids := func(objs ...int) []int { return objs }
	return []typeRow{
		{
			typ: "Membership",
			objects: []object{
				{"freelancer's membership in A", f.MsFreelancer.ID, memberOfAAnd(freelancer)},
				{"candidate's membership in A", f.MsCandidate.ID, memberOfAAnd(candidate)},
				{"memberA's membership in A", f.MsMemberA.ID, onlyMemberA},
				{"memberA2's membership in A", f.MsMemberA2.ID, onlyMemberA},
				{"memberB's membership in B", f.MsMemberB.ID, onlyMemberB},
				{"memberC's membership in C", f.MsMemberC.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "memberships", query: `{ memberships ` + conn + ` }`},
				{op: "nested", name: "coop(A).memberships", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { memberships ` + conn + ` } } }`,
					within: ids(f.MsFreelancer.ID, f.MsCandidate.ID, f.MsMemberA.ID, f.MsMemberA2.ID)},
				{op: "nested", name: "person(freelancer).memberships", root: f.Freelancer.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Person { memberships ` + conn + ` } } }`,
					within: ids(f.MsFreelancer.ID)},
				{op: "filter", name: "memberships(where: coopID A)",
					query:  fmt.Sprintf(`{ memberships(where: {coopID: %q}) `+conn+` }`, testkit.ID(f.A.ID)),
					within: ids(f.MsFreelancer.ID, f.MsCandidate.ID, f.MsMemberA.ID, f.MsMemberA2.ID)},
				{op: "filter", name: "memberships(where: state MEMBER)",
					query:  `{ memberships(where: {state: MEMBER}) ` + conn + ` }`,
					within: ids(f.MsMemberA.ID, f.MsMemberA2.ID, f.MsMemberB.ID, f.MsMemberC.ID)},
			},
		},
		{
			typ: "PathwayEvent",
			objects: []object{
				{"freelancer's first event", f.EvFreelancer[0].ID, memberOfAAnd(freelancer)},
				{"freelancer's second event", f.EvFreelancer[1].ID, memberOfAAnd(freelancer)},
				{"candidate's first event", f.EvCandidate[0].ID, memberOfAAnd(candidate)},
				{"candidate's second event", f.EvCandidate[1].ID, memberOfAAnd(candidate)},
				{"memberA's event", f.EvMemberA.ID, onlyMemberA},
				{"memberA2's event", f.EvMemberA2.ID, onlyMemberA},
				{"memberB's event", f.EvMemberB.ID, onlyMemberB},
				{"memberC's event", f.EvMemberC.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "memberships.events", query: `{ memberships { edges { node { events ` + conn + ` } } } }`},
				{op: "nested", name: "coop(A).memberships.events", root: f.A.ID,
					query: `query($root: ID!) { node(id: $root) { ... on Coop { memberships { edges { node { events ` + conn + ` } } } } } }`,
					within: ids(f.EvFreelancer[0].ID, f.EvFreelancer[1].ID, f.EvCandidate[0].ID, f.EvCandidate[1].ID,
						f.EvMemberA.ID, f.EvMemberA2.ID)},
				{op: "filter", name: "memberships.events(where: toState MEMBER)",
					query:  `{ memberships { edges { node { events(where: {toState: MEMBER}) ` + conn + ` } } } }`,
					within: ids(f.EvMemberA.ID, f.EvMemberA2.ID, f.EvMemberB.ID, f.EvMemberC.ID)},
			},
		},
		{
			typ: "MilestoneTemplate",
			objects: []object{
				{"A's first milestone", f.TplIntro.ID, who{freelancer, candidate, memberOfA}},
				{"A's second milestone", f.TplProjects.ID, who{freelancer, candidate, memberOfA}},
				{"B's milestone", f.TplB.ID, onlyMemberB},
				{"C's milestone", f.TplC.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "coops.milestoneTemplates", query: `{ coops { edges { node { milestoneTemplates ` + conn + ` } } } }`},
				{op: "nested", name: "coop(A).milestoneTemplates", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { milestoneTemplates ` + conn + ` } } }`,
					within: ids(f.TplIntro.ID, f.TplProjects.ID)},
				{op: "filter", name: "coops(where: slug coop-a).milestoneTemplates",
					query:  `{ coops(where: {slug: "coop-a"}) { edges { node { milestoneTemplates ` + conn + ` } } } }`,
					within: ids(f.TplIntro.ID, f.TplProjects.ID)},
			},
		},
		{
			typ: "MilestoneProgress",
			objects: []object{
				{"candidate's progress", f.ProgCandidate.ID, memberOfAAnd(candidate)},
				{"freelancer's progress", f.ProgFreelancer.ID, memberOfAAnd(freelancer)},
			},
			queries: []listQuery{
				{op: "list", name: "memberships.milestones", query: `{ memberships { edges { node { milestones ` + conn + ` } } } }`},
				{op: "nested", name: "coop(A).memberships.milestones", root: f.A.ID,
					query: `query($root: ID!) { node(id: $root) { ... on Coop { memberships { edges { node { milestones ` + conn + ` } } } } } }`},
				{op: "filter", name: "memberships.milestones(where: verifiedAtNotNil)",
					query:  `{ memberships { edges { node { milestones(where: {verifiedAtNotNil: true}) ` + conn + ` } } } }`,
					within: ids(f.ProgCandidate.ID)},
			},
		},
		{
			typ: "Proposal",
			objects: []object{
				{"ADMISSION proposal about the candidate", f.PropAdmission.ID, memberOfAAnd(candidate)},
				{"A's GENERAL proposal", f.PropGeneral.ID, onlyMemberA},
				{"B's proposal", f.PropB.ID, onlyMemberB},
			},
			queries: []listQuery{
				{op: "list", name: "proposals", query: `{ proposals ` + conn + ` }`},
				{op: "nested", name: "coop(A).proposals", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { proposals ` + conn + ` } } }`,
					within: ids(f.PropAdmission.ID, f.PropGeneral.ID)},
				{op: "filter", name: "proposals(where: kind ADMISSION)",
					query: `{ proposals(where: {kind: ADMISSION}) ` + conn + ` }`, within: ids(f.PropAdmission.ID)},
				{op: "filter", name: "proposals(where: coopID A)",
					query:  fmt.Sprintf(`{ proposals(where: {coopID: %q}) `+conn+` }`, testkit.ID(f.A.ID)),
					within: ids(f.PropAdmission.ID, f.PropGeneral.ID)},
			},
		},
		{
			typ: "Vote",
			objects: []object{
				{"memberA's vote on the admission", f.VoteAdmA.ID, onlyMemberA},
				{"memberA2's BLOCK on the admission", f.VoteAdmA2.ID, onlyMemberA},
				{"memberA's vote on the general proposal", f.VoteGenA.ID, onlyMemberA},
				{"memberB's vote", f.VoteB.ID, onlyMemberB},
			},
			queries: []listQuery{
				{op: "list", name: "proposals.votes", query: `{ proposals { edges { node { votes ` + conn + ` } } } }`},
				{op: "nested", name: "coop(A).proposals.votes", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { proposals { edges { node { votes ` + conn + ` } } } } } }`,
					within: ids(f.VoteAdmA.ID, f.VoteAdmA2.ID, f.VoteGenA.ID)},
				// Votes offer no where filter: a candidate reads their own
				// admission proposal but must not probe its votes.
			},
		},
		{
			typ: "Project",
			objects: []object{
				{"P, led by A", f.P.ID, who{freelancer, memberOfB, memberOfA}},
				{"Q, led by B", f.Q.ID, onlyMemberB},
				{"R, led by C", f.R.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "projects", query: `{ projects ` + conn + ` }`},
				{op: "nested", name: "coop(A).ledProjects", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { ledProjects ` + conn + ` } } }`,
					within: ids(f.P.ID)},
				{op: "nested", name: "network(N).projects", root: f.N.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Network { projects ` + conn + ` } } }`,
					within: ids(f.P.ID, f.Q.ID)},
				{op: "filter", name: "projects(where: clientNameContains Secret)",
					query: `{ projects(where: {clientNameContains: "Secret"}) ` + conn + ` }`, within: ids(f.P.ID)},
				{op: "filter", name: "projects(where: hasLeadCoopWith slug coop-a)",
					query: `{ projects(where: {hasLeadCoopWith: [{slug: "coop-a"}]}) ` + conn + ` }`, within: ids(f.P.ID)},
			},
		},
		{
			typ: "BudgetShare",
			objects: []object{
				{"P's share of A", f.ShareA.ID, partners},
				{"P's share of B", f.ShareB.ID, partners},
				{"P's share of the freelancer", f.ShareF.ID, who{freelancer, memberOfB, memberOfA}},
				{"Q's share of B", f.ShareQ.ID, onlyMemberB},
			},
			queries: []listQuery{
				{op: "list", name: "projects.budgetShares", query: `{ projects { edges { node { budgetShares ` + conn + ` } } } }`},
				{op: "nested", name: "coop(A).ledProjects.budgetShares", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { ledProjects { edges { node { budgetShares ` + conn + ` } } } } } }`,
					within: ids(f.ShareA.ID, f.ShareB.ID, f.ShareF.ID)},
				{op: "nested", name: "coop(B).budgetShares", root: f.B.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { budgetShares ` + conn + ` } } }`,
					within: ids(f.ShareB.ID, f.ShareQ.ID)},
				{op: "nested", name: "person(freelancer).budgetShares", root: f.Freelancer.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Person { budgetShares ` + conn + ` } } }`,
					within: ids(f.ShareF.ID)},
				{op: "filter", name: "projects(where: nameContains Shop).budgetShares",
					query:  `{ projects(where: {nameContains: "Shop"}) { edges { node { budgetShares ` + conn + ` } } } }`,
					within: ids(f.ShareA.ID, f.ShareB.ID, f.ShareF.ID)},
			},
		},
		{
			typ: "TimeEntry",
			objects: []object{
				{"memberA's time on P", f.TimeA.ID, partners},
				{"memberB's time on P", f.TimeB.ID, partners},
				{"the freelancer's time on P", f.TimeF.ID, who{freelancer, memberOfB, memberOfA}},
				{"memberB's time on Q", f.TimeQ.ID, onlyMemberB},
			},
			queries: []listQuery{
				{op: "list", name: "projects.timeEntries", query: `{ projects { edges { node { timeEntries ` + conn + ` } } } }`},
				{op: "nested", name: "coop(A).ledProjects.budgetShares.timeEntries", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { ledProjects { edges { node { budgetShares { edges { node { timeEntries ` + conn + ` } } } } } } } } }`,
					within: ids(f.TimeA.ID, f.TimeB.ID, f.TimeF.ID)},
				{op: "nested", name: "person(freelancer).timeEntries", root: f.Freelancer.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Person { timeEntries ` + conn + ` } } }`,
					within: ids(f.TimeF.ID)},
				{op: "filter", name: "budgetShares.timeEntries(where: minutesGTE 100)",
					query:  `{ projects { edges { node { budgetShares { edges { node { timeEntries(where: {minutesGTE: 100}) ` + conn + ` } } } } } } }`,
					within: ids(f.TimeA.ID, f.TimeB.ID)},
			},
		},
		{
			typ: "Availability",
			objects: []object{
				{"memberA's availability", f.AvailMemberA.ID, onlyMemberA},
				{"the freelancer's availability", f.AvailFreelancer.ID, memberOfAAnd(freelancer)},
				{"memberB's availability", f.AvailB.ID, onlyMemberB},
			},
			queries: []listQuery{
				{op: "list", name: "persons.availabilities", query: `{ persons { edges { node { availabilities ` + conn + ` } } } }`},
				{op: "nested", name: "person(memberA).availabilities", root: f.MemberA.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Person { availabilities ` + conn + ` } } }`,
					within: ids(f.AvailMemberA.ID)},
				{op: "nested", name: "person(freelancer).availabilities", root: f.Freelancer.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Person { availabilities ` + conn + ` } } }`,
					within: ids(f.AvailFreelancer.ID)},
				{op: "filter", name: "persons(where: nameContains Anton).availabilities",
					query:  `{ persons(where: {nameContains: "Anton"}) { edges { node { availabilities ` + conn + ` } } } }`,
					within: ids(f.AvailMemberA.ID)},
			},
		},
		// The directory: public rows the private ones hang off.
		{
			typ: "Person",
			objects: []object{
				{"outsider", f.Outsider.ID, who{outsider}},
				{"participant", f.Participant.ID, everyoneButOutsider},
				{"freelancer", f.Freelancer.ID, everyoneButOutsider},
				{"candidate", f.Candidate.ID, everyoneButOutsider},
				{"memberB", f.MemberB.ID, everyoneButOutsider},
				{"memberA", f.MemberA.ID, everyoneButOutsider},
				{"admin", f.Admin.ID, everyoneButOutsider},
				{"memberA2", f.MemberA2.ID, everyoneButOutsider},
				{"memberC", f.MemberC.ID, everyoneButOutsider},
			},
			queries: []listQuery{
				{op: "list", name: "persons", query: `{ persons ` + conn + ` }`},
				{op: "nested", name: "network(N).participants", root: f.N.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Network { participants ` + conn + ` } } }`,
					within: ids(f.Participant.ID, f.Admin.ID, f.MemberA.ID, f.MemberC.ID)},
				{op: "filter", name: "persons(where: cityContains Leip)",
					query: `{ persons(where: {cityContains: "Leip"}) ` + conn + ` }`},
			},
		},
		{
			typ: "Coop",
			objects: []object{
				{"A", f.A.ID, inNetworkN},
				{"B", f.B.ID, inNetworkN},
				{"C", f.C.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "coops", query: `{ coops ` + conn + ` }`},
				{op: "nested", name: "network(N).coops", root: f.N.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Network { coops ` + conn + ` } } }`,
					within: ids(f.A.ID, f.B.ID)},
				{op: "filter", name: "coops(where: not slug)",
					query: `{ coops(where: {not: {slug: "no-such-coop"}}) ` + conn + ` }`},
			},
		},
		{
			typ: "Group",
			objects: []object{
				{"N's city group", f.Group.ID, inNetworkN},
				{"N2's competence group", f.GroupN2.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "groups", query: `{ groups ` + conn + ` }`},
				{op: "nested", name: "network(N).groups", root: f.N.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Network { groups ` + conn + ` } } }`,
					within: ids(f.Group.ID)},
				{op: "nested", name: "person(memberC).groups", root: f.MemberC.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Person { groups ` + conn + ` } } }`,
					within: ids(f.GroupN2.ID)},
				{op: "filter", name: "groups(where: kind COMPETENCE)",
					query: `{ groups(where: {kind: COMPETENCE}) ` + conn + ` }`, within: ids(f.GroupN2.ID)},
			},
		},
		{
			typ: "NetworkMembership",
			objects: []object{
				{"participant in N", f.NmParticipant.ID, inNetworkN},
				{"admin of N", f.NmAdmin.ID, inNetworkN},
				{"memberA in N", f.NmMemberA.ID, inNetworkN},
				{"memberC in N", f.NmMemberC.ID, inNetworkN},
				{"memberC in N2", f.NmMemberCN2.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "networks.memberships", query: `{ networks { edges { node { memberships ` + conn + ` } } } }`},
				{op: "nested", name: "person(memberC).networkMemberships", root: f.MemberC.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Person { networkMemberships ` + conn + ` } } }`,
					within: ids(f.NmMemberC.ID, f.NmMemberCN2.ID)},
				{op: "filter", name: "networks.memberships(where: role ADMIN)",
					query:  `{ networks { edges { node { memberships(where: {role: ADMIN}) ` + conn + ` } } } }`,
					within: ids(f.NmAdmin.ID)},
			},
		},
		{
			typ: "Skill",
			objects: []object{
				{"N's Go", f.Skill.ID, inNetworkN},
				{"N's Kubernetes", f.SkillK.ID, inNetworkN},
				{"N2's Rust", f.Skill2.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "skills", query: `{ skills ` + conn + ` }`},
				{op: "nested", name: "network(N).skills", root: f.N.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Network { skills ` + conn + ` } } }`,
					within: ids(f.Skill.ID, f.SkillK.ID)},
				{op: "filter", name: "skills(where: competenceArea Backend)",
					query: `{ skills(where: {competenceArea: "Backend"}) ` + conn + ` }`, within: ids(f.Skill.ID, f.Skill2.ID)},
			},
		},
		{
			typ: "PersonSkill",
			objects: []object{
				{"memberA's Go (N)", f.PersonSkillA.ID, inNetworkN},
				{"memberC's Rust (N2)", f.PersonSkillC.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "skills.personSkills", query: `{ skills { edges { node { personSkills ` + conn + ` } } } }`},
				{op: "nested", name: "person(memberC).personSkills", root: f.MemberC.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Person { personSkills ` + conn + ` } } }`,
					within: ids(f.PersonSkillC.ID)},
				{op: "filter", name: "skills.personSkills(where: levelGTE 4)",
					query:  `{ skills { edges { node { personSkills(where: {levelGTE: 4}) ` + conn + ` } } } }`,
					within: ids(f.PersonSkillA.ID)},
			},
		},
		{
			typ: "Endorsement",
			objects: []object{
				{"the participant's endorsement of memberA's Go", f.EndorseA.ID, inNetworkN},
				{"memberA's endorsement of memberC's Rust (N2)", f.EndorseC.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "persons.personSkills.endorsements",
					query: `{ persons { edges { node { personSkills { edges { node { endorsements ` + conn + ` } } } } } } }`},
				{op: "nested", name: "person(memberC).personSkills.endorsements", root: f.MemberC.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Person { personSkills { edges { node { endorsements ` + conn + ` } } } } } }`,
					within: ids(f.EndorseC.ID)},
				{op: "filter", name: "skills.personSkills.endorsements(where: hasEndorserWith memberA)",
					query:  fmt.Sprintf(`{ skills { edges { node { personSkills { edges { node { endorsements(where: {endorserID: %q}) `+conn+` } } } } } } }`, testkit.ID(f.MemberA.ID)),
					within: ids(f.EndorseC.ID)},
			},
		},
		{
			typ: "ProjectSkillNeed",
			objects: []object{
				{"P's need of Go", f.NeedP.ID, who{freelancer, memberOfB, memberOfA}},
				{"Q's need of Kubernetes", f.NeedQ.ID, onlyMemberB},
				{"R's need of Rust", f.NeedR.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "projects.skillNeeds", query: `{ projects { edges { node { skillNeeds ` + conn + ` } } } }`},
				{op: "nested", name: "network(N).projects.skillNeeds", root: f.N.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Network { projects { edges { node { skillNeeds ` + conn + ` } } } } } }`,
					within: ids(f.NeedP.ID, f.NeedQ.ID)},
				{op: "filter", name: "projects.skillNeeds(where: minLevelLTE 3)",
					query:  `{ projects { edges { node { skillNeeds(where: {minLevelLTE: 3}) ` + conn + ` } } } }`,
					within: ids(f.NeedP.ID, f.NeedQ.ID)},
			},
		},
		{
			typ: "BudgetChange",
			objects: []object{
				{"P's change of B's share", f.ChangeB.ID, partners},
				{"P's change of the freelancer's share", f.ChangeF.ID, who{freelancer, memberOfB, memberOfA}},
				{"P's change of the total", f.ChangeTotal.ID, partners},
				{"Q's change of B's share", f.ChangeQ.ID, onlyMemberB},
			},
			queries: []listQuery{
				{op: "list", name: "projects.budgetChanges", query: `{ projects { edges { node { budgetChanges ` + conn + ` } } } }`},
				{op: "nested", name: "coop(A).ledProjects.budgetChanges", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { ledProjects { edges { node { budgetChanges ` + conn + ` } } } } } }`,
					within: ids(f.ChangeB.ID, f.ChangeF.ID, f.ChangeTotal.ID)},
				{op: "filter", name: "projects(where: nameContains Shop).budgetChanges",
					query:  `{ projects(where: {nameContains: "Shop"}) { edges { node { budgetChanges ` + conn + ` } } } }`,
					within: ids(f.ChangeB.ID, f.ChangeF.ID, f.ChangeTotal.ID)},
			},
		},
		{
			typ: "BudgetMotion",
			objects: []object{
				{"P's motion on the total", f.MotionTotal.ID, partners},
				{"P's motion on the freelancer's share", f.MotionF.ID, who{freelancer, memberOfB, memberOfA}},
				{"P's motion offering the freelancer a second share", f.MotionOffer.ID, who{freelancer, memberOfB, memberOfA}},
				{"Q's motion on the total", f.MotionQ.ID, onlyMemberB},
			},
			queries: []listQuery{
				{op: "list", name: "projects.budgetMotions", query: `{ projects { edges { node { budgetMotions ` + conn + ` } } } }`},
				{op: "nested", name: "coop(B).ledProjects.budgetMotions", root: f.B.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { ledProjects { edges { node { budgetMotions ` + conn + ` } } } } } }`,
					within: ids(f.MotionQ.ID)},
				{op: "filter", name: "projects(where: nameContains Shop).budgetMotions",
					query:  `{ projects(where: {nameContains: "Shop"}) { edges { node { budgetMotions ` + conn + ` } } } }`,
					within: ids(f.MotionTotal.ID, f.MotionF.ID, f.MotionOffer.ID)},
			},
		},
		{
			// A coop's finances. The schema reaches a distribution only by
			// its id (node, nodes): there is no list of them to query.
			typ: "SurplusDistribution",
			objects: []object{
				{"A's distribution of 2025", f.DistA.ID, onlyMemberA},
				{"B's distribution of 2025", f.DistB.ID, onlyMemberB},
			},
		},
		{
			typ: "SurplusPart",
			objects: []object{
				{"memberA's part of A's surplus", f.PartA.ID, onlyMemberA},
				{"memberA2's part of A's surplus", f.PartA2.ID, onlyMemberA},
				{"memberB's part of B's surplus", f.PartB.ID, onlyMemberB},
			},
			queries: []listQuery{
				{op: "nested", name: "distribution(A).parts", root: f.DistA.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on SurplusDistribution { parts ` + conn + ` } } }`,
					within: ids(f.PartA.ID, f.PartA2.ID)},
				{op: "filter", name: "distribution(B).parts(where: minutesGTE 1)", root: f.DistB.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on SurplusDistribution { parts(where: {minutesGTE: 1}) ` + conn + ` } } }`,
					within: ids(f.PartB.ID)},
			},
		},
		{
			// Bylaws history: a coop's to its members, a network's to its
			// participants (the founding versions of the fixture).
			typ: "BylawsVersion",
			objects: []object{
				{"A's founding bylaws", f.BylawsA.ID, onlyMemberA},
				{"B's founding bylaws", f.BylawsB.ID, onlyMemberB},
				{"C's founding bylaws", f.BylawsC.ID, nobody},
				{"N's founding bylaws", f.BylawsN.ID, inNetworkN},
				{"N2's founding bylaws", f.BylawsN2.ID, nobody},
			},
			queries: []listQuery{
				{op: "nested", name: "coop(A).bylawsHistory", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { bylawsHistory ` + conn + ` } } }`,
					within: ids(f.BylawsA.ID)},
				{op: "nested", name: "coops.bylawsHistory", query: `{ coops { edges { node { bylawsHistory ` + conn + ` } } } }`,
					within: ids(f.BylawsA.ID, f.BylawsB.ID, f.BylawsC.ID)},
				{op: "nested", name: "network(N).bylawsHistory", root: f.N.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Network { bylawsHistory ` + conn + ` } } }`,
					within: ids(f.BylawsN.ID)},
				{op: "nested", name: "networks.bylawsHistory(orderBy VERSION)",
					query:  `{ networks { edges { node { bylawsHistory(orderBy: {field: VERSION, direction: ASC}) ` + conn + ` } } } }`,
					within: ids(f.BylawsN.ID, f.BylawsN2.ID)},
			},
		},
		{
			typ: "Network",
			objects: []object{
				{"N", f.N.ID, inNetworkN},
				{"N2", f.N2.ID, nobody},
			},
			queries: []listQuery{
				{op: "list", name: "networks", query: `{ networks ` + conn + ` }`},
				{op: "nested", name: "coop(A).networks", root: f.A.ID,
					query:  `query($root: ID!) { node(id: $root) { ... on Coop { networks ` + conn + ` } } }`,
					within: ids(f.N.ID)},
				{op: "filter", name: "networks(where: slug network-n2)",
					query: `{ networks(where: {slug: "network-n2"}) ` + conn + ` }`, within: ids(f.N2.ID)},
			},
		},
	}
}

// row returns the row of a type.
func (f *fixture) row(typ string) typeRow {
	for _, r := range f.rows() {
		if r.typ == typ {
			return r
		}
	}
	f.t.Fatalf("no row for %s", typ)
	return typeRow{}
}

// decodeID decodes a global ID.
func decodeID(t testing.TB, s string) int {
	t.Helper()
	n, err := gid.Decode(s)
	if err != nil {
		t.Fatalf("bad ID %q", s)
	}
	return n
}

// readers returns who may read the object id, from the rows.
func (f *fixture) readers(rows []typeRow, objID int) who {
	for _, r := range rows {
		for _, o := range r.objects {
			if o.id == objID {
				return o.who
			}
		}
	}
	f.t.Fatalf("object %d is in no row", objID)
	return nil
}

func TestReadMatrix(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rows := f.rows()
	for _, row := range rows {
		t.Run(row.typ, func(t *testing.T) {
			t.Run("node", func(t *testing.T) {
				for _, o := range row.objects {
					for _, actor := range actors {
						res := f.as(actor).Do(`query($id: ID!) { node(id: $id) { matrixID: id __typename } }`,
							map[string]any{"id": testkit.ID(o.id)})
						checkNode(t, fmt.Sprintf("%s reads %s by id", actor, o.name), res, o, row.typ, actor)
					}
				}
			})
			t.Run("nodes", func(t *testing.T) {
				all := make([]string, len(row.objects))
				for i, o := range row.objects {
					all[i] = testkit.ID(o.id)
				}
				for _, actor := range actors {
					res := f.as(actor).Do(`query($ids: [ID!]!) { nodes(ids: $ids) { matrixID: id } }`,
						map[string]any{"ids": all})
					checkNodes(t, actor, res, row.objects)
				}
			})
			for _, q := range row.queries {
				t.Run(q.op+" "+q.name, func(t *testing.T) {
					for _, actor := range actors {
						checkList(t, f, rows, row, q, actor)
					}
				})
			}
		})
	}
}

func checkNode(t *testing.T, what string, res *testkit.Response, o object, typ, actor string) {
	t.Helper()
	var data struct {
		Node *struct {
			MatrixID string `json:"matrixID"`
			Typename string `json:"__typename"`
		} `json:"node"`
	}
	if err := json.Unmarshal(res.Data, &data); err != nil {
		t.Fatalf("%s: decoding %s: %v", what, res.Data, err)
	}
	if o.who.has(actor) {
		if len(res.Errors) > 0 || data.Node == nil {
			t.Errorf("%s: want it visible, got data %s errors %+v", what, res.Data, res.Errors)
			return
		}
		if data.Node.MatrixID != testkit.ID(o.id) || data.Node.Typename != typ {
			t.Errorf("%s: want %s %s, got %+v", what, typ, testkit.ID(o.id), *data.Node)
		}
		return
	}
	if data.Node != nil {
		t.Errorf("%s: LEAK: want NOT_FOUND, got %s", what, res.Data)
		return
	}
	if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" || res.Errors[0].Message != "not found" {
		t.Errorf("%s: want exactly one NOT_FOUND \"not found\", got %+v", what, res.Errors)
	}
}

func checkNodes(t *testing.T, actor string, res *testkit.Response, objs []object) {
	t.Helper()
	var data struct {
		Nodes []*struct {
			MatrixID string `json:"matrixID"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(res.Data, &data); err != nil || len(data.Nodes) != len(objs) {
		t.Fatalf("%s: nodes: want %d entries, got %s (%v) errors %+v", actor, len(objs), res.Data, err, res.Errors)
	}
	wantErrors := map[string]bool{}
	for i, o := range objs {
		n := data.Nodes[i]
		switch {
		case o.who.has(actor) && (n == nil || n.MatrixID != testkit.ID(o.id)):
			t.Errorf("%s: nodes[%d] (%s): want it visible, got %+v", actor, i, o.name, n)
		case !o.who.has(actor) && n != nil:
			t.Errorf("%s: nodes[%d] (%s): LEAK: want null, got %+v", actor, i, o.name, *n)
		case !o.who.has(actor):
			wantErrors[fmt.Sprint(i)] = true
		}
	}
	gotErrors := map[string]bool{}
	for _, e := range res.Errors {
		if e.Code() != "NOT_FOUND" || len(e.Path) != 2 {
			t.Errorf("%s: nodes: unexpected error %+v", actor, e)
			continue
		}
		gotErrors[fmt.Sprint(e.Path[1])] = true
	}
	if fmt.Sprint(gotErrors) != fmt.Sprint(wantErrors) {
		t.Errorf("%s: nodes: want NOT_FOUND at %v, got at %v", actor, wantErrors, gotErrors)
	}
}

func checkList(t *testing.T, f *fixture, rows []typeRow, row typeRow, q listQuery, actor string) {
	t.Helper()
	var vars map[string]any
	if q.root != 0 {
		vars = map[string]any{"root": testkit.ID(q.root)}
	}
	res := f.as(actor).Do(q.query, vars)
	var want []int
	for _, o := range row.objects {
		if o.who.has(actor) && (q.within == nil || slices.Contains(q.within, o.id)) {
			want = append(want, o.id)
		}
	}
	if q.root != 0 && !f.readers(rows, q.root).has(actor) {
		// The public object itself is hidden: NOT_FOUND, and nothing below it.
		if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("%s: root hidden: want one NOT_FOUND, got %+v (data %s)", actor, res.Errors, res.Data)
		}
		want = nil
	} else if res.Status != 200 || len(res.Errors) > 0 {
		t.Errorf("%s: want success, got HTTP %d errors %+v", actor, res.Status, res.Errors)
		return
	}
	var data any
	if err := json.Unmarshal(res.Data, &data); err != nil {
		t.Fatalf("%s: decoding %s: %v", actor, res.Data, err)
	}
	var got []int
	for _, v := range collect(data, "matrixID") {
		n, err := gid.Decode(fmt.Sprint(v))
		if err != nil {
			t.Fatalf("%s: bad ID %v", actor, v)
		}
		got = append(got, n)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: want %s, got %s", actor, names(row, want), names(row, got))
	}
	total := 0
	for _, v := range collect(data, "matrixCount") {
		total += int(v.(float64))
	}
	if total != len(want) {
		t.Errorf("%s: totalCount: want %d, got %d", actor, len(want), total)
	}
}

// names describes IDs by the row's object names.
func names(row typeRow, ids []int) string {
	var out []string
	for _, n := range ids {
		name := fmt.Sprint(n)
		for _, o := range row.objects {
			if o.id == n {
				name = o.name
			}
		}
		out = append(out, name)
	}
	return fmt.Sprintf("%q", out)
}

// collect returns every value stored under key anywhere in v.
func collect(v any, key string) []any {
	var out []any
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if k == key {
				out = append(out, val)
			} else {
				out = append(out, collect(val, key)...)
			}
		}
	case []any:
		for _, val := range x {
			out = append(out, collect(val, key)...)
		}
	}
	return out
}

// TestPausedLeftAndExternalFreelancer: relations around the matrix's
// actors. A PAUSED member still reads the coop's private data but no longer
// acts for it; a person who LEFT keeps their own membership and history (and
// the coop's public profile it points to) but nothing else; a freelancer
// holding a share without any other relation reads the project (with its
// lead coop's public profile) and only their own share; so do the members
// of a partner coop when the lead coop is in another network.
func TestPausedLeftAndExternalFreelancer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c, ctx := f.db.Client, f.ctx
	left := testkit.MustOrPanic(c.Person.Create().SetName("Lea Left").SetEmail("lea@example.org").SetPhone("1").Save(ctx))
	leftMs := testkit.MustOrPanic(c.Membership.Create().SetPerson(left).SetCoop(f.A).SetState("LEFT").Save(ctx))
	testkit.MustOrPanic(c.PathwayEvent.Create().SetMembership(leftMs).SetFromState("MEMBER").SetToState("LEFT").Save(ctx))
	paused := testkit.MustOrPanic(c.Person.Create().SetName("Pia Paused").SetEmail("pia@example.org").Save(ctx))
	testkit.MustOrPanic(c.Membership.Create().SetPerson(paused).SetCoop(f.A).SetState("PAUSED").Save(ctx))
	ext := testkit.MustOrPanic(c.Person.Create().SetName("Ext Freelancer").SetEmail("ext@example.org").Save(ctx))
	extShare := testkit.MustOrPanic(c.BudgetShare.Create().SetProject(f.P).SetPerson(ext).SetAmountCents(100).
		SetHourlyRateCents(1).SetCurrency("EUR").Save(ctx))

	type counts = map[string]any
	read := func(t *testing.T, who int, q string, want counts) {
		t.Helper()
		res := f.c.As(who).Do(q, map[string]any{"a": testkit.ID(f.A.ID), "p": testkit.ID(f.P.ID)})
		var data map[string]any
		testkit.OK(t, res, &data)
		for path, w := range want {
			if got := dig(data, path); fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("person %d: %s: want %v, got %v (%s)", who, path, w, got, res.Data)
			}
		}
	}

	t.Run("LEFT", func(t *testing.T) {
		read(t, left.ID, `{ viewer { memberships { state coop { slug buyIn { amount } } events { totalCount } } } }`, counts{
			"viewer.memberships.0.state": "LEFT", "viewer.memberships.0.coop.slug": "coop-a",
			"viewer.memberships.0.coop.buyIn": nil, "viewer.memberships.0.events.totalCount": 1,
		})
		read(t, left.ID, `query($a: ID!) { memberships { totalCount } proposals { totalCount } persons { totalCount }
			projects { totalCount } networks { totalCount }
			node(id: $a) { ... on Coop { memberships { totalCount } milestoneTemplates { totalCount } proposals { totalCount } } } }`, counts{
			"memberships.totalCount": 1, "proposals.totalCount": 0, "persons.totalCount": 1, "projects.totalCount": 0,
			"networks.totalCount": 0, "node.memberships.totalCount": 1, "node.milestoneTemplates.totalCount": 0,
			"node.proposals.totalCount": 0,
		})
		// Former coop-mates still see the person (history) but no longer
		// their private profile.
		var p struct{ Node personFields }
		testkit.OK(t, f.as(memberOfA).Do(`query($id: ID!) { node(id: $id) { ... on Person { `+personSel+` } } }`,
			map[string]any{"id": testkit.ID(left.ID)}), &p)
		p.Node.check(t, "memberA reads a LEFT person", false)
	})

	t.Run("PAUSED", func(t *testing.T) {
		read(t, paused.ID, `query($a: ID!) { memberships { totalCount } proposals { totalCount } projects { totalCount }
			node(id: $a) { ... on Coop { buyIn { amount currency } proposals { edges { node { votes { totalCount } } } } } } }`, counts{
			"memberships.totalCount": 6, "proposals.totalCount": 2, "projects.totalCount": 1, "node.buyIn.amount": 500000,
			"node.buyIn.currency": "EUR",
		})
		cl := f.c.As(paused.ID)
		before := f.rowCounts()
		expectCode(t, cl.Do(`mutation($id: ID!) { updateCoop(id: $id, input: {city: "x"}) { coop { id } } }`,
			map[string]any{"id": testkit.ID(f.A.ID)}), "FORBIDDEN")
		expectCode(t, cl.Do(`mutation($id: ID!) { updateProject(id: $id, input: {description: "x"}) { project { id } } }`,
			map[string]any{"id": testkit.ID(f.P.ID)}), "FORBIDDEN")
		expectCode(t, cl.Do(`mutation($c: ID!) { createProject(input: {leadCoopID: $c, name: "x", clientName: "y", totalBudget: {amount: 1, currency: "EUR"}}) { project { id } } }`,
			map[string]any{"c": testkit.ID(f.A.ID)}), "FORBIDDEN")
		testkit.NothingWritten(t, before, f.rowCounts())
	})

	t.Run("partner of a project led by a coop of another network", func(t *testing.T) {
		r2 := testkit.MustOrPanic(c.Project.Create().SetLeadCoop(f.C).SetNetwork(f.N2).SetName("C with A").
			SetClientName("Client").SetTotalBudgetCents(1000).Save(ctx))
		testkit.MustOrPanic(c.BudgetShare.Create().SetProject(r2).SetCoop(f.A).SetAmountCents(100).SetHourlyRateCents(1).
			SetCurrency("EUR").Save(ctx))
		res := f.as(memberOfA).Do(`query($id: ID!) { node(id: $id) { ... on Project { name leadCoop { slug buyIn { amount } }
			network { slug } budgetShares { totalCount } } } }`, map[string]any{"id": testkit.ID(r2.ID)})
		var data map[string]any
		testkit.OK(t, res, &data)
		want := counts{"node.name": "C with A", "node.leadCoop.slug": "coop-c", "node.leadCoop.buyIn": nil,
			"node.network": nil, "node.budgetShares.totalCount": 1}
		for path, w := range want {
			if got := dig(data, path); fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s: want %v, got %v (%s)", path, w, got, res.Data)
			}
		}
		expectCode(t, f.as(participant).Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": testkit.ID(r2.ID)}), "NOT_FOUND")
	})

	t.Run("external freelancer", func(t *testing.T) {
		read(t, ext.ID, `query($p: ID!) { node(id: $p) { ... on Project { name leadCoop { slug buyIn { amount } }
			budgetShares { totalCount edges { node { id person { name } } } } timeEntries { totalCount } } }
			coops { totalCount } persons { totalCount } memberships { totalCount } }`, counts{
			"node.name": "Shop relaunch", "node.leadCoop.slug": "coop-a", "node.leadCoop.buyIn": nil,
			"node.budgetShares.totalCount": 1, "node.budgetShares.edges.0.node.id": testkit.ID(extShare.ID),
			"node.budgetShares.edges.0.node.person.name": "Ext Freelancer", "node.timeEntries.totalCount": 0,
			"coops.totalCount": 1, "persons.totalCount": 1, "memberships.totalCount": 0,
		})
		expectCode(t, f.c.As(ext.ID).Do(`mutation($id: ID!) { updateProject(id: $id, input: {description: "x"}) { project { id } } }`,
			map[string]any{"id": testkit.ID(f.P.ID)}), "FORBIDDEN")
	})
}

// dig follows a dotted path (map keys and list indexes) through decoded JSON.
func dig(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				return "<missing>"
			}
			v = x[i]
		default:
			return "<missing>"
		}
	}
	return v
}
