package authz_test

import (
	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/profileprojectlisting"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// Profile export (issue 18, item 6; internal/profileexport): the operation
// cases of setProjectListedOnProfile, appended to operationCases. A person
// lists only a project they read and worked on (a share of their own or
// time they logged): a project they cannot read is NOT_FOUND, one they read
// but did not work on FORBIDDEN.
func (f *fixture) profileExportOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	const list = `mutation($p: ID!) { setProjectListedOnProfile(projectID: $p, listed: true) { profileProject { listed project { id } } } }`
	var s *ent.Project // led by A, a share to B, nobody logged time
	listings := func(p func(f *fixture) int) func(f *fixture) string {
		return func(f *fixture) string {
			return f.count(c.ProfileProjectListing.Query().Where(profileprojectlisting.ProjectID(p(f)), profileprojectlisting.WithdrawnAtIsNil()))
		}
	}
	return []writeCase{
		{
			// P (led by A): memberA and memberB logged time on their
			// coops' shares, the freelancer holds a share.
			name:  "setProjectListedOnProfile of P (led by A)",
			query: list,
			vars:  func(string) map[string]any { return map[string]any{"p": testkit.ID(f.P.ID)} },
			want:  expect("NOT_FOUND", freelancer, ok, memberOfA, ok, memberOfB, ok),
			field: "projectID",
			state: listings(func(f *fixture) int { return f.P.ID }),
		},
		{
			// Q (led by B, no share for A): memberB logged time on it.
			name:  "setProjectListedOnProfile of Q (led by B)",
			query: list,
			vars:  func(string) map[string]any { return map[string]any{"p": testkit.ID(f.Q.ID)} },
			want:  expect("NOT_FOUND", memberOfB, ok),
			field: "projectID",
			state: listings(func(f *fixture) int { return f.Q.ID }),
		},
		{
			// A project its coops' members read but nobody worked on.
			name: "setProjectListedOnProfile of a project nobody worked on",
			setup: func(f *fixture) {
				s = testkit.MustOrPanic(c.Project.Create().SetName("S").SetClientName("Client S").SetLeadCoop(f.A).
					SetTotalBudgetCents(100_000).Save(ctx))
				share := testkit.MustOrPanic(c.BudgetShare.Create().SetProjectID(s.ID).SetCoop(f.B).SetAmountCents(10_000).
					SetHourlyRateCents(9_000).SetCurrency("EUR").Save(ctx))
				_ = share
			},
			query: list,
			vars:  func(string) map[string]any { return map[string]any{"p": testkit.ID(s.ID)} },
			want:  expect("NOT_FOUND", memberOfA, "FORBIDDEN", memberOfB, "FORBIDDEN"),
			field: "projectID",
			state: listings(func(f *fixture) int { return s.ID }),
		},
	}
}
