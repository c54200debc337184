package governance_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coopnetwork/cockpit/ent"
	"github.com/coopnetwork/cockpit/ent/milestonetemplate"
	"github.com/coopnetwork/cockpit/internal/testkit"
)

// A coop's pathway milestones configured through the API (issue 16, item 2,
// rule ManageMilestones): created, changed and reordered by the coop's
// current members; retired by archiving, which keeps the progress of those
// who completed them.

const (
	mtSel       = `milestoneTemplate { id name description required position archivedAt }`
	mtCreateQ   = `mutation($in: CreateMilestoneTemplateInput!) { createMilestoneTemplate(input: $in) { ` + mtSel + ` } }`
	mtUpdateQ   = `mutation($id: ID!, $in: UpdateMilestoneTemplateInput!) { updateMilestoneTemplate(id: $id, input: $in) { ` + mtSel + ` } }`
	mtReorderQ  = `mutation($c: ID!, $ids: [ID!]!) { reorderMilestoneTemplates(coopID: $c, templateIDs: $ids) { milestoneTemplates { id name position } } }`
	mtProgressQ = `query($m: ID!) { node(id: $m) { ... on Membership { milestones(first: 10) { edges { node {
		completedAt verifiedAt template { name archivedAt } } } } } } }`
)

type mtJSON struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description *string    `json:"description"`
	Required    bool       `json:"required"`
	Position    int        `json:"position"`
	ArchivedAt  *time.Time `json:"archivedAt"`
}

// order lists the coop's templates in use by name, in their order, and
// checks that their positions are exactly 0..n-1.
func (e *gtEnv) order(t *testing.T, c *gtCoop) string {
	t.Helper()
	tpls := testkit.Must(e.ec.MilestoneTemplate.Query().
		Where(milestonetemplate.CoopID(c.ID), milestonetemplate.ArchivedAtIsNil()).
		Order(ent.Asc(milestonetemplate.FieldPosition)).All(e.ctx))(t)
	var names []string
	for i, tp := range tpls {
		if tp.Position != i {
			t.Errorf("%s at position %d, want %d (positions must be 0..n-1)", tp.Name, tp.Position, i)
		}
		names = append(names, tp.Name)
	}
	return strings.Join(names, ", ")
}

func TestMilestoneTemplatesThroughTheAPI(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	member := c.Members[0]
	other := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 1)
	freelancer := e.person("Freelancer")
	e.membership(freelancer, c, "FREELANCER", gtT0.AddDate(0, 0, -10))
	outsider := testkit.Must(e.ec.Person.Create().SetName("Outsider").SetEmail("outsider@example.org").Save(e.ctx))(t)

	create := func(in map[string]any) *testkit.Response { return e.as(member).Do(mtCreateQ, map[string]any{"in": in}) }

	t.Run("created last, or at a position", func(t *testing.T) {
		defer e.use(t)()
		var out struct {
			CreateMilestoneTemplate struct{ MilestoneTemplate mtJSON }
		}
		testkit.OK(t, create(map[string]any{"coopID": testkit.ID(c.ID), "name": "Read the bylaws", "description": "All of them"}), &out)
		got := out.CreateMilestoneTemplate.MilestoneTemplate
		if got.Position != 3 || !got.Required || got.Description == nil || *got.Description != "All of them" {
			t.Errorf("created %+v, want position 3, required, with its description", got)
		}
		if o := e.order(t, c); o != "Met every member, Worked on two projects, Gave a talk, Read the bylaws" {
			t.Errorf("order %s", o)
		}
		testkit.OK(t, create(map[string]any{"coopID": testkit.ID(c.ID), "name": "Coffee", "required": false, "position": 0}), &out)
		if got := out.CreateMilestoneTemplate.MilestoneTemplate; got.Position != 0 || got.Required {
			t.Errorf("created %+v, want position 0, not required", got)
		}
		if o := e.order(t, c); o != "Coffee, Met every member, Worked on two projects, Gave a talk, Read the bylaws" {
			t.Errorf("order %s", o)
		}
	})

	t.Run("updated", func(t *testing.T) {
		defer e.use(t)()
		var out struct {
			UpdateMilestoneTemplate struct{ MilestoneTemplate mtJSON }
		}
		testkit.OK(t, e.as(member).Do(mtUpdateQ, map[string]any{"id": testkit.ID(c.Optional.ID),
			"in": map[string]any{"name": "Gave a talk at the meetup", "required": true}}), &out)
		if got := out.UpdateMilestoneTemplate.MilestoneTemplate; got.Name != "Gave a talk at the meetup" || !got.Required {
			t.Errorf("updated %+v", got)
		}
	})

	t.Run("reordered", func(t *testing.T) {
		defer e.use(t)()
		tpls := testkit.Must(e.ec.MilestoneTemplate.Query().Where(milestonetemplate.CoopID(c.ID)).
			Order(ent.Desc(milestonetemplate.FieldPosition)).All(e.ctx))(t)
		var ids []string
		for _, tp := range tpls {
			ids = append(ids, testkit.ID(tp.ID))
		}
		var out struct {
			ReorderMilestoneTemplates struct{ MilestoneTemplates []mtJSON }
		}
		testkit.OK(t, e.as(member).Do(mtReorderQ, map[string]any{"c": testkit.ID(c.ID), "ids": ids}), &out)
		got := out.ReorderMilestoneTemplates.MilestoneTemplates
		if len(got) != 5 || got[0].ID != ids[0] || got[0].Position != 0 || got[4].Position != 4 {
			t.Errorf("reordered %+v", got)
		}
		if o := e.order(t, c); o != "Read the bylaws, Gave a talk at the meetup, Worked on two projects, Met every member, Coffee" {
			t.Errorf("order %s", o)
		}
	})

	t.Run("refused actors and bad input change nothing", func(t *testing.T) {
		defer e.use(t)()
		all := testkit.Must(e.ec.MilestoneTemplate.Query().Where(milestonetemplate.CoopID(c.ID)).
			Order(ent.Asc(milestonetemplate.FieldPosition)).IDs(e.ctx))(t)
		ids := func(xs ...int) []string {
			var out []string
			for _, x := range xs {
				out = append(out, testkit.ID(x))
			}
			return out
		}
		rev := slices.Clone(all)
		slices.Reverse(rev)
		cases := []struct {
			name        string
			as          *ent.Person
			query       string
			vars        map[string]any
			code, field string
		}{
			{"a freelancer of the coop creates", freelancer, mtCreateQ, map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "name": "Mine"}}, "FORBIDDEN", ""},
			{"a freelancer of the coop reorders", freelancer, mtReorderQ, map[string]any{"c": testkit.ID(c.ID), "ids": ids(rev...)}, "FORBIDDEN", ""},
			{"a freelancer of the coop updates", freelancer, mtUpdateQ, map[string]any{"id": testkit.ID(all[0]), "in": map[string]any{"required": false}}, "FORBIDDEN", ""},
			// The coop is in the network's directory: readable, not theirs.
			{"another coop's member creates", other.Members[0], mtCreateQ, map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "name": "Theirs"}}, "FORBIDDEN", ""},
			{"an outsider creates", outsider, mtCreateQ, map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "name": "Theirs"}}, "NOT_FOUND", "coopID"},
			{"an outsider reorders", outsider, mtReorderQ, map[string]any{"c": testkit.ID(c.ID), "ids": ids(rev...)}, "NOT_FOUND", "coopID"},
			{"another coop's member updates", other.Members[0], mtUpdateQ, map[string]any{"id": testkit.ID(all[0]), "in": map[string]any{"name": "x"}}, "NOT_FOUND", "id"},
			{"another coop's member reorders", other.Members[0], mtReorderQ, map[string]any{"c": testkit.ID(c.ID), "ids": ids(rev...)}, "FORBIDDEN", ""},
			{"a template left out", member, mtReorderQ, map[string]any{"c": testkit.ID(c.ID), "ids": ids(rev[1:]...)}, "BAD_USER_INPUT", "templateIDs"},
			{"a template twice", member, mtReorderQ, map[string]any{"c": testkit.ID(c.ID), "ids": ids(append(rev[1:], rev[1])...)}, "BAD_USER_INPUT", "templateIDs"},
			{"another coop's template", member, mtReorderQ, map[string]any{"c": testkit.ID(c.ID), "ids": ids(append(rev[1:], other.Optional.ID)...)}, "BAD_USER_INPUT", "templateIDs"},
			{"a position past the end", member, mtCreateQ, map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "name": "Far", "position": 6}}, "BAD_USER_INPUT", "position"},
			{"a negative position", member, mtCreateQ, map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "name": "Far", "position": -1}}, "BAD_USER_INPUT", "position"},
			{"an empty name", member, mtCreateQ, map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "name": "  "}}, "BAD_USER_INPUT", "name"},
			{"a name taken", member, mtCreateQ, map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "name": "Coffee"}}, "CONFLICT", "name"},
			{"renamed to a name taken", member, mtUpdateQ, map[string]any{"id": testkit.ID(all[0]), "in": map[string]any{"name": "Coffee"}}, "CONFLICT", "name"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before, order := testkit.RowCounts(t, e.db), e.order(t, c)
				testkit.OnlyError(t, e.as(tc.as).Do(tc.query, tc.vars), tc.code, tc.field)
				testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
				if o := e.order(t, c); o != order {
					t.Errorf("order changed from %s to %s", order, o)
				}
			})
		}
	})

	t.Run("concurrent creates and reorders keep positions 0..n-1", func(t *testing.T) {
		defer e.use(t)()
		all := testkit.Must(e.ec.MilestoneTemplate.Query().Where(milestonetemplate.CoopID(c.ID)).
			Order(ent.Asc(milestonetemplate.FieldPosition)).IDs(e.ctx))(t)
		var ids []string
		for _, x := range all {
			ids = append(ids, testkit.ID(x))
		}
		reqs := []func() (*testkit.Response, error){
			func() (*testkit.Response, error) {
				return e.as(member).Post(mtReorderQ, map[string]any{"c": testkit.ID(c.ID), "ids": ids})
			},
		}
		for i := range 4 {
			reqs = append(reqs, func() (*testkit.Response, error) {
				return e.as(member).Post(mtCreateQ, map[string]any{"in": map[string]any{"coopID": testkit.ID(c.ID), "name": fmt.Sprintf("Race %d", i), "position": 0}})
			})
		}
		res := testkit.Race(t, reqs...)
		created := 0
		for i, r := range res {
			switch {
			case len(r.Errors) == 0:
				if i > 0 {
					created++
				}
			case i == 0 && r.Errors[0].Code() == "BAD_USER_INPUT":
				// The reorder ran after a create: its list missed the new one.
			default:
				t.Errorf("request %d: %+v", i, r.Errors)
			}
		}
		if created != 4 {
			t.Errorf("%d of 4 creates succeeded", created)
		}
		e.order(t, c) // positions 0..n-1
		if n := testkit.Must(e.ec.MilestoneTemplate.Query().Where(milestonetemplate.CoopID(c.ID)).Count(e.ctx))(t); n != 9 {
			t.Errorf("%d templates, want 9", n)
		}
	})
}

// TestRetiredMilestonesNoLongerCount: archiving a required milestone takes
// it out of admission's requirements and the pathway's open milestones; the
// progress of those who completed it is kept and still shown, and nobody
// reports it done any more.
func TestRetiredMilestonesNoLongerCount(t *testing.T) {
	e := gtNewEnv(t)
	c := e.coop("SIMPLE_MAJORITY", gtQuorumPercent, 2)
	// One of two required milestones verified: the first.
	p, ms := e.readyCandidate(c, gtReady{verified: 1})
	missing := func() []gtRequirementJSON { return e.pathwayOf(e.as(p), ms.ID).option("ADMIT").Missing }
	if m := missing(); len(m) == 0 || m[0].Kind != "MILESTONES" || m[0].OpenMilestones == nil || *m[0].OpenMilestones != 1 {
		t.Fatalf("before retiring: ADMIT missing %+v, want 1 open milestone", m)
	}
	archive := func(tpl *ent.MilestoneTemplate) {
		testkit.Must(e.ec.MilestoneTemplate.UpdateOneID(tpl.ID).SetArchivedAt(e.clk.Now()).Save(e.ctx))(t)
	}
	// Retire the one not verified: nothing is open any more, and the
	// candidate is admissible.
	archive(c.Required[1])
	for _, m := range missing() {
		if m.Kind == "MILESTONES" {
			t.Errorf("after retiring the open milestone: still missing %+v", m)
		}
	}
	// Retire the verified one too: still nothing open (it does not count
	// either way), and the candidate's progress on it is still shown.
	archive(c.Required[0])
	for _, m := range missing() {
		if m.Kind == "MILESTONES" {
			t.Errorf("after retiring both: still missing %+v", m)
		}
	}
	var out struct {
		Node struct {
			Milestones struct {
				Edges []struct {
					Node struct {
						CompletedAt, VerifiedAt *time.Time
						Template                struct {
							Name       string
							ArchivedAt *time.Time
						}
					}
				}
			}
		}
	}
	for _, who := range []*ent.Person{p, c.Members[0]} {
		testkit.OK(t, e.as(who).Do(mtProgressQ, map[string]any{"m": testkit.ID(ms.ID)}), &out)
		edges := out.Node.Milestones.Edges
		if len(edges) != 2 {
			t.Fatalf("progress rows shown: %d, want 2 (%+v)", len(edges), edges)
		}
		kept := false
		for _, ed := range edges {
			if ed.Node.Template.Name == c.Required[0].Name && ed.Node.VerifiedAt != nil && ed.Node.Template.ArchivedAt != nil {
				kept = true
			}
		}
		if !kept {
			t.Errorf("the verified progress on the retired milestone is not shown: %+v", edges)
		}
	}
	admissionProposal := e.propose(c, "ADMISSION", ms)
	if admissionProposal.Status != "OPEN" {
		t.Errorf("admission proposal %+v", admissionProposal)
	}
	// Reporting a retired milestone done is refused, and writes nothing.
	f := e.person("Freelancer")
	fms := e.membership(f, c, "FREELANCER", gtT0.AddDate(0, 0, -10))
	before := testkit.RowCounts(t, e.db)
	testkit.OnlyError(t, e.as(f).Do(gtCompleteQ, map[string]any{"m": testkit.ID(fms.ID), "tpl": testkit.ID(c.Required[0].ID)}), "CONFLICT", "templateID")
	testkit.NothingWritten(t, before, testkit.RowCounts(t, e.db))
	// A retired milestone is not reordered: the coop's list is those in use.
	var r struct {
		ReorderMilestoneTemplates struct{ MilestoneTemplates []mtJSON }
	}
	testkit.OK(t, e.as(c.Members[0]).Do(mtReorderQ, map[string]any{"c": testkit.ID(c.ID), "ids": []string{testkit.ID(c.Optional.ID)}}), &r)
	if got := r.ReorderMilestoneTemplates.MilestoneTemplates; len(got) != 1 || got[0].Position != 0 {
		t.Errorf("reordered %+v", got)
	}
}
