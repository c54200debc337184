package authz_test

import (
	"fmt"
	"strings"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/group"
	"github.com/coopnetwork/cockpit/ent/groupinvitation"
	"github.com/coopnetwork/cockpit/ent/milestonetemplate"
	"github.com/coopnetwork/cockpit/ent/networkmembership"
	"github.com/coopnetwork/cockpit/ent/projectskillneed"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// The operation matrix of configuration through the API (issue 16, item 2;
// rules in config.go): a coop's milestones, a project's skill needs,
// network admins, group invitations and leaving groups. Appended to
// operationCases, so TestOperationMatrix runs each on a fresh fixture and
// the guard finds their attack cases.
func (f *fixture) configOperationCases() []writeCase {
	c, ctx := f.db.Client, f.ctx
	vars := func(kv ...any) func(string) map[string]any {
		return func(string) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		}
	}
	id := testkit.ID
	templatesOfA := func(f *fixture) string {
		ts := testkit.MustOrPanic(c.MilestoneTemplate.Query().Where(milestonetemplate.CoopID(f.A.ID)).
			Order(ent.Asc(milestonetemplate.FieldID)).All(ctx))
		var s []string
		for _, t := range ts {
			s = append(s, fmt.Sprintf("%s@%d", t.Name, t.Position))
		}
		return strings.Join(s, ", ")
	}
	needsOfP := func(f *fixture) string {
		ns := testkit.MustOrPanic(c.ProjectSkillNeed.Query().Where(projectskillneed.ProjectID(f.P.ID)).
			Order(ent.Asc(projectskillneed.FieldID)).All(ctx))
		var s []string
		for _, n := range ns {
			s = append(s, fmt.Sprintf("%d:%dh", n.SkillID, n.HoursPerWeek))
		}
		return strings.Join(s, ", ")
	}
	admins := func(f *fixture) string {
		return f.count(c.NetworkMembership.Query().Where(networkmembership.NetworkID(f.N.ID), networkmembership.RoleEQ(networkmembership.RoleADMIN)))
	}
	invitations := func(f *fixture) string {
		is := testkit.MustOrPanic(c.GroupInvitation.Query().Order(ent.Asc(groupinvitation.FieldID)).All(ctx))
		var s []string
		for _, i := range is {
			s = append(s, string(i.State))
		}
		return strings.Join(s, ",")
	}
	groupOfN := func(f *fixture) string {
		g := testkit.MustOrPanic(c.Group.Query().Where(group.ID(f.Group.ID)).WithMembers().WithCoops().Only(ctx))
		return fmt.Sprint(len(g.Edges.Members), " persons ", len(g.Edges.Coops), " coops")
	}
	var (
		xAdmin *ent.Person          // a second admin of N, no actor
		inv    *ent.GroupInvitation // an open group invitation of the case
	)
	invite := func(person *func() *ent.Person, coop *func() *ent.Coop) func(f *fixture) {
		return func(f *fixture) {
			b := c.GroupInvitation.Create().SetGroupID(f.Group.ID).SetInvitedByID(f.Admin.ID)
			if person != nil {
				b.SetPersonID((*person)().ID)
			}
			if coop != nil {
				b.SetCoopID((*coop)().ID)
			}
			inv = testkit.MustOrPanic(b.Save(ctx))
		}
	}
	memberB := func() *ent.Person { return f.MemberB }
	memberA := func() *ent.Person { return f.MemberA }
	coopB := func() *ent.Coop { return f.B }

	const (
		createTpl  = `mutation($in: CreateMilestoneTemplateInput!) { createMilestoneTemplate(input: $in) { milestoneTemplate { id } } }`
		updateTpl  = `mutation($id: ID!, $in: UpdateMilestoneTemplateInput!) { updateMilestoneTemplate(id: $id, input: $in) { milestoneTemplate { id } } }`
		reorderTpl = `mutation($c: ID!, $ids: [ID!]!) { reorderMilestoneTemplates(coopID: $c, templateIDs: $ids) { milestoneTemplates { id } } }`
		addNeed    = `mutation($in: AddProjectSkillNeedInput!) { addProjectSkillNeed(input: $in) { projectSkillNeed { id } } }`
		updateNeed = `mutation($id: ID!, $in: UpdateProjectSkillNeedInput!) { updateProjectSkillNeed(id: $id, input: $in) { projectSkillNeed { id } } }`
		removeNeed = `mutation($id: ID!) { removeProjectSkillNeed(id: $id) { removedID } }`
		grant      = `mutation($n: ID!, $p: ID!) { grantNetworkAdmin(networkID: $n, personID: $p) { networkMembership { id } } }`
		revoke     = `mutation($n: ID!, $p: ID!) { revokeNetworkAdmin(networkID: $n, personID: $p) { networkMembership { id } } }`
		inviteQ    = `mutation($in: InviteToGroupInput!) { inviteToGroup(input: $in) { groupInvitation { id } } }`
		acceptQ    = `mutation($id: ID!) { acceptGroupInvitation(id: $id) { groupInvitation { id } } }`
		declineQ   = `mutation($id: ID!) { declineGroupInvitation(id: $id) { groupInvitation { id } } }`
		revokeInvQ = `mutation($id: ID!) { revokeGroupInvitation(id: $id) { groupInvitation { id } } }`
		leaveQ     = `mutation($g: ID!, $c: ID) { leaveGroup(groupID: $g, coopID: $c) { group { id } } }`
	)
	return []writeCase{
		// A coop's milestones (ManageMilestones): its current members.
		{
			name:  "createMilestoneTemplate in A",
			query: createTpl,
			vars:  vars("in", map[string]any{"coopID": id(f.A.ID), "name": "Gave a talk"}),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			field: "coopID",
			state: templatesOfA,
		},
		{
			name:  "updateMilestoneTemplate of A's template",
			query: updateTpl,
			vars:  vars("id", id(f.TplIntro.ID), "in", map[string]any{"name": "Met every member in person"}),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", candidate, "FORBIDDEN", memberOfA, ok),
			field: "id",
			state: templatesOfA,
		},
		{
			name:  "reorderMilestoneTemplates of A",
			query: reorderTpl,
			vars:  vars("c", id(f.A.ID), "ids", []string{id(f.TplProjects.ID), id(f.TplIntro.ID)}),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			field: "coopID",
			state: templatesOfA,
		},
		{
			name:     "reorderMilestoneTemplates of A listing B's template",
			query:    reorderTpl,
			vars:     vars("c", id(f.A.ID), "ids", []string{id(f.TplProjects.ID), id(f.TplB.ID)}),
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, "BAD_USER_INPUT"),
			field:    "coopID",
			fieldFor: map[string]string{memberOfA: "templateIDs"},
			state:    templatesOfA,
		},
		// A project's skill needs (ManageSkillNeeds): members of its lead coop.
		{
			name:  "addProjectSkillNeed on P",
			query: addNeed,
			vars:  vars("in", map[string]any{"projectID": id(f.P.ID), "skillID": id(f.SkillK.ID), "hoursPerWeek": 12}),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			field: "projectID",
			state: needsOfP,
		},
		{
			name:     "addProjectSkillNeed on P with N2's skill",
			query:    addNeed,
			vars:     vars("in", map[string]any{"projectID": id(f.P.ID), "skillID": id(f.Skill2.ID)}),
			want:     expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN"),
			field:    "projectID",
			fieldFor: map[string]string{memberOfA: "skillID"},
			state:    needsOfP,
		},
		{
			name:  "updateProjectSkillNeed of P's need",
			query: updateNeed,
			vars:  vars("id", id(f.NeedP.ID), "in", map[string]any{"hoursPerWeek": 33}),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			field: "id",
			state: needsOfP,
		},
		{
			name:  "removeProjectSkillNeed of P's need",
			query: removeNeed,
			vars:  vars("id", id(f.NeedP.ID)),
			want:  expect("NOT_FOUND", freelancer, "FORBIDDEN", memberOfB, "FORBIDDEN", memberOfA, ok),
			field: "id",
			state: needsOfP,
		},
		// Network admins (GrantNetworkAdmin, RevokeNetworkAdmin): its admins.
		{
			name:  "grantNetworkAdmin in N to the participant",
			query: grant,
			vars:  vars("n", id(f.N.ID), "p", id(f.Participant.ID)),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			field: "networkID",
			state: admins,
		},
		{
			name:     "grantNetworkAdmin in N to the outsider",
			query:    grant,
			vars:     vars("n", id(f.N.ID), "p", id(f.Outsider.ID)),
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, "NOT_FOUND"),
			field:    "networkID",
			fieldFor: map[string]string{netAdmin: "personID"},
			state:    admins,
		},
		{
			name:  "grantNetworkAdmin in N2",
			query: grant,
			vars:  vars("n", id(f.N2.ID), "p", id(f.MemberC.ID)),
			want:  expect("NOT_FOUND"),
			field: "networkID",
			state: admins,
		},
		{
			name: "revokeNetworkAdmin of N's second admin",
			setup: func(f *fixture) {
				xAdmin = testkit.MustOrPanic(c.Person.Create().SetName("Xaver").Save(ctx))
				testkit.MustOrPanic(c.NetworkMembership.Create().SetNetworkID(f.N.ID).SetPersonID(xAdmin.ID).SetRole(networkmembership.RoleADMIN).Save(ctx))
			},
			query: revoke,
			vars:  func(string) map[string]any { return map[string]any{"n": id(f.N.ID), "p": id(xAdmin.ID)} },
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			field: "networkID",
			state: admins,
		},
		{
			name:     "revokeNetworkAdmin in N of the outsider",
			query:    revoke,
			vars:     vars("n", id(f.N.ID), "p", id(f.Outsider.ID)),
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, "NOT_FOUND"),
			field:    "networkID",
			fieldFor: map[string]string{netAdmin: "personID"},
			state:    admins,
		},
		{
			name:  "revokeNetworkAdmin of N's last admin",
			query: revoke,
			vars:  vars("n", id(f.N.ID), "p", id(f.Admin.ID)),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, "CONFLICT"),
			field: "networkID",
			state: admins,
		},
		// Group invitations: admins invite, those invited answer.
		{
			name:  "inviteToGroup memberB into N's group",
			query: inviteQ,
			vars:  vars("in", map[string]any{"groupID": id(f.Group.ID), "personID": id(f.MemberB.ID)}),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, ok),
			field: "groupID",
			state: invitations,
		},
		{
			name:     "inviteToGroup the outsider into N's group",
			query:    inviteQ,
			vars:     vars("in", map[string]any{"groupID": id(f.Group.ID), "personID": id(f.Outsider.ID)}),
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, "NOT_FOUND"),
			field:    "groupID",
			fieldFor: map[string]string{netAdmin: "personID"},
			state:    invitations,
		},
		{
			name:     "inviteToGroup coop C (another network) into N's group",
			query:    inviteQ,
			vars:     vars("in", map[string]any{"groupID": id(f.Group.ID), "coopID": id(f.C.ID)}),
			want:     expect("FORBIDDEN", outsider, "NOT_FOUND", netAdmin, "NOT_FOUND"),
			field:    "groupID",
			fieldFor: map[string]string{netAdmin: "coopID"},
			state:    invitations,
		},
		{
			name:  "inviteToGroup into N2's group",
			query: inviteQ,
			vars:  vars("in", map[string]any{"groupID": id(f.GroupN2.ID), "personID": id(f.MemberC.ID)}),
			want:  expect("NOT_FOUND"),
			field: "groupID",
			state: invitations,
		},
		{
			name:  "acceptGroupInvitation of coop B",
			setup: invite(nil, &coopB),
			query: acceptQ,
			vars:  func(string) map[string]any { return map[string]any{"id": id(inv.ID)} },
			want:  expect("NOT_FOUND", netAdmin, "FORBIDDEN", memberOfB, ok),
			field: "id",
			state: func(f *fixture) string { return invitations(f) + " " + groupOfN(f) },
		},
		{
			name:  "declineGroupInvitation of memberA",
			setup: invite(&memberA, nil),
			query: declineQ,
			vars:  func(string) map[string]any { return map[string]any{"id": id(inv.ID)} },
			want:  expect("NOT_FOUND", netAdmin, "FORBIDDEN", memberOfA, ok),
			field: "id",
			state: invitations,
		},
		{
			name:  "revokeGroupInvitation of memberB",
			setup: invite(&memberB, nil),
			query: revokeInvQ,
			vars:  func(string) map[string]any { return map[string]any{"id": id(inv.ID)} },
			want:  expect("NOT_FOUND", memberOfB, "FORBIDDEN", netAdmin, ok),
			field: "id",
			state: invitations,
		},
		// Leaving a group: oneself (PersonJoinsGroup), or one's coop (CoopJoinsGroup).
		{
			name:  "leaveGroup N's group",
			query: leaveQ,
			vars:  vars("g", id(f.Group.ID)),
			want:  expect("BAD_USER_INPUT", outsider, "NOT_FOUND", participant, ok),
			field: "groupID",
			state: groupOfN,
		},
		{
			name:  "leaveGroup: coop A out of N's group",
			query: leaveQ,
			vars:  vars("g", id(f.Group.ID), "c", id(f.A.ID)),
			want:  expect("FORBIDDEN", outsider, "NOT_FOUND", memberOfA, ok),
			field: "groupID",
			state: groupOfN,
		},
	}
}
