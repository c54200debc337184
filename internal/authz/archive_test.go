package authz_test

import (
	"fmt"

	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The operation matrix's cases of archive, restore and deleteAvailability
// (issue 16, internal/archive; rules in archive.go), appended to
// operationCases: every actor tries them on the fixture's objects.
func (f *fixture) archiveOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	const (
		archive = `mutation($id: ID!) { archive(id: $id) { node { id } } }`
		restore = `mutation($id: ID!) { restore(id: $id) { node { id } } }`
		del     = `mutation($id: ID!) { deleteAvailability(id: $id) { deletedID } }`
	)
	id := func(n int) func(string) map[string]any {
		return func(string) map[string]any { return map[string]any{"id": testkit.ID(n)} }
	}
	archivedAt := func(get func() (any, error)) func(f *fixture) string {
		return func(f *fixture) string { return fmt.Sprint(testkit.MustOrPanic(get())) }
	}
	return []writeCase{
		{
			name:  "archive the group of N",
			query: archive,
			vars:  id(f.Group.ID),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			field: "id",
			state: archivedAt(func() (any, error) {
				g, err := c.Group.Get(ctx, f.Group.ID)
				return g.ArchivedAt, err
			}),
		},
		{
			name:  "restore the archived skill K of N",
			query: restore,
			vars:  id(f.SkillK.ID),
			setup: func(f *fixture) {
				testkit.MustOrPanic(c.Skill.UpdateOneID(f.SkillK.ID).SetArchivedAt(f.SkillK.CreatedAt).Save(ctx))
			},
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			field: "id",
			state: archivedAt(func() (any, error) {
				s, err := c.Skill.Get(ctx, f.SkillK.ID)
				return s.ArchivedAt, err
			}),
		},
		{
			name:  "archive P while it is ACTIVE",
			query: archive,
			vars:  id(f.P.ID),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, "CONFLICT"),
			field: "id",
			state: archivedAt(func() (any, error) {
				p, err := c.Project.Get(ctx, f.P.ID)
				return p.ArchivedAt, err
			}),
		},
		{
			name:  "archive B's milestone template",
			query: archive,
			vars:  id(f.TplB.ID),
			want:  expect("NOT_FOUND", memberOfB, ok),
			field: "id",
			state: archivedAt(func() (any, error) {
				t, err := c.MilestoneTemplate.Get(ctx, f.TplB.ID)
				return t.ArchivedAt, err
			}),
		},
		{
			name:  "archive memberA's availability",
			query: archive,
			vars:  id(f.AvailMemberA.ID),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
			state: archivedAt(func() (any, error) {
				a, err := c.Availability.Get(ctx, f.AvailMemberA.ID)
				return a.ArchivedAt, err
			}),
		},
		{
			name:  "deleteAvailability memberA's",
			query: del,
			vars:  id(f.AvailMemberA.ID),
			want:  expect("NOT_FOUND", memberOfA, ok),
			field: "id",
		},
	}
}
